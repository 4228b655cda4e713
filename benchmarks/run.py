"""Measure what lecturers feel: widget redraw latency and each notebook's Run All time.

    ./course bench                 # everything
    ./course bench --widgets       # only the widgets
    ./course bench --notebooks     # only the notebooks
    ./course bench --notebooks 05  # notebooks whose name contains "05"

Widget latency is measured from setting a control's value (as a student moving a slider)
to the new PNG being in the ``ipywidgets.Image``, over at least 30 moves per widget; the
first (warm-up) draw is not counted. Each widget's cases come from a ``widgets_*.py`` file
in this folder that defines ``CASES``, a list of :class:`benchmarks.common.WidgetCase`.

Notebook time is Run All in a fresh kernel (kernel start-up excluded, and shown apart),
in the same hermetic environment CI uses.
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


def bench_notebooks(selector: str | None) -> list[tuple]:
    import nbformat
    from nbclient import NotebookClient

    sys.path.insert(0, str(ROOT / "tools"))
    from nbtool import hermetic_env

    rows = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if selector and selector not in path.stem:
            continue
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory(prefix="dl1-bench-") as tmp:
            os.environ.update(hermetic_env(Path(tmp)))
            client = NotebookClient(nb, timeout=900, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}})
            start = time.perf_counter()
            with client.setup_kernel():
                kernel_ready = time.perf_counter()
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                done = time.perf_counter()
        rows.append((path.stem, kernel_ready - start, done - kernel_ready))
        print(f"  {path.stem:<28} Run All {rows[-1][2]:6.1f} s   (kernel start {rows[-1][1]:.1f} s)", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widgets", action="store_true", help="only the widget latencies")
    parser.add_argument("--notebooks", action="store_true", help="only the notebook Run All times")
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
    print("\n| widget | moves | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for name, n, p50, p95 in widget_rows:
        print(f"| {name} | {n} | {p50:.1f} | {p95:.1f} |")
    print("\n| notebook | Run All s | kernel start s |\n|---|---:|---:|")
    for name, start, run in notebook_rows:
        print(f"| {name} | {run:.1f} | {start:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
