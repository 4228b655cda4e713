"""Measure what lecturers feel: widget redraw latency; each notebook's Run All time, memory and CPU.

    ./course bench                 # everything
    ./course bench --widgets       # only the widgets
    ./course bench --notebooks     # only the notebooks
    ./course bench --notebooks 05  # notebooks whose name contains "05"

Widget latency is measured from setting a control's value (as a student moving a slider)
to the new PNG being in the ``ipywidgets.Image``, over at least 30 moves per widget; the
first (warm-up) draw is not counted. Each widget's cases come from a ``widgets_*.py`` file
in this folder that defines ``CASES``, a list of :class:`benchmarks.common.WidgetCase`.

Notebook time is Run All in a fresh kernel (kernel start-up excluded, and shown apart),
in the same hermetic environment CI uses. During it the kernel's process tree is polled
(``process_usage.TreeSampler``): its peak resident memory (RSS, and the private part of it that
is not shared with other kernels), the RSS it keeps after Run All, and its CPU seconds (user +
system). The floor, an idle kernel after ``import helpers``, and the students a machine serves
(``sizing.py``) follow.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from benchmarks.process_usage import TreeSampler, Usage  # noqa: E402
from benchmarks.sizing import sizing_table  # noqa: E402
from nbtool import hermetic_env  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def load_cases():
    cases = []
    for path in sorted(HERE.glob("widgets_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases.extend(module.CASES)
    return cases


def bench_widgets(selector: str | None) -> list[tuple]:
    import matplotlib

    matplotlib.use("Agg")
    from helpers.setup import set_plot_style

    set_plot_style()
    rows = []
    for case in load_cases():
        if selector and selector not in case.name:
            continue
        rows.append(case.measure())
        print(f"  {rows[-1][0]:<48} p50 {rows[-1][2]:6.1f} ms   p95 {rows[-1][3]:6.1f} ms   (n={rows[-1][1]})",
              flush=True)
    return rows


def _run_cells(nb, cwd: Path) -> tuple[float, float, Usage]:
    """Run every cell of ``nb`` in a fresh kernel: (kernel start s, Run All s, the kernel tree's usage)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    with client.setup_kernel():
        kernel_ready = time.perf_counter()
        sampler = TreeSampler(client.km.provisioner.pid).start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
        usage = sampler.stop()
    return kernel_ready - start, done - kernel_ready, usage


def bench_notebooks(selector: str | None) -> list[tuple]:
    import nbformat

    rows = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if selector and selector not in path.stem:
            continue
        with tempfile.TemporaryDirectory(prefix="dl1-bench-") as tmp:
            os.environ.update(hermetic_env(Path(tmp)))
            start, run, usage = _run_cells(nbformat.read(path, as_version=4), path.parent)
        rows.append((path.stem, start, run, usage))
        print(f"  {path.stem:<28} Run All {run:6.1f} s   (kernel start {start:.1f} s)   CPU {usage.cpu_seconds:6.1f} s"
              f"   peak {usage.peak_rss_mb:6.0f} MB   kept {usage.final_rss_mb:6.0f} MB", flush=True)
    return rows


def idle_kernel_mb(code: str) -> float:
    """RSS (MB) of a fresh kernel, idle after running ``code``."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    with tempfile.TemporaryDirectory(prefix="dl1-bench-") as tmp:
        os.environ.update(hermetic_env(Path(tmp)))
        return _run_cells(nb, ROOT / "notebooks")[2].final_rss_mb


def bench_floors() -> None:
    """Print the memory a kernel holds before a notebook runs anything."""
    print(f"  idle kernel after `import helpers` (the floor): {idle_kernel_mb('import helpers'):.0f} MB", flush=True)
    print(f"  idle kernel after `import helpers, keras` (every notebook's first cell imports TensorFlow): "
          f"{idle_kernel_mb('import helpers, keras'):.0f} MB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widgets", action="store_true", help="only the widget latencies")
    parser.add_argument("--notebooks", action="store_true",
                        help="only the notebooks: Run All time, memory, CPU and the sizing")
    parser.add_argument("selector", nargs="?", help="only cases or notebooks whose name contains this")
    args = parser.parse_args()
    both = not (args.widgets or args.notebooks)
    widget_rows = notebook_rows = []
    if args.widgets or both:
        print("Widget redraw latency (control change -> new PNG):", flush=True)
        widget_rows = bench_widgets(args.selector)
    if args.notebooks or both:
        print("Notebook Run All (fresh kernel):", flush=True)
        notebook_rows = bench_notebooks(args.selector)
        print("Memory at rest:", flush=True)
        bench_floors()
    print("\n| widget | moves | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for name, n, p50, p95 in widget_rows:
        print(f"| {name} | {n} | {p50:.1f} | {p95:.1f} |")
    print("\n| notebook | Run All s | kernel start s | CPU s | peak MB | peak private MB | kept MB |"
          "\n|---|---:|---:|---:|---:|---:|---:|")
    for name, start, run, usage in notebook_rows:
        print(f"| {name} | {run:.1f} | {start:.1f} | {usage.cpu_seconds:.1f} | {usage.peak_rss_mb:.0f} "
              f"| {usage.peak_private_mb:.0f} | {usage.final_rss_mb:.0f} |")
    if notebook_rows:
        print(f"\n{sizing_table(notebook_rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
