"""Every notebook runs top to bottom in a fresh kernel as on another machine: another seed, one thread, other BLAS kernels.

A notebook's lesson must not rest on one seed or one machine's rounding. Each notebook runs once with
everything that differs between laptops changed at the same time: ``DL1_SEED=1``, one thread for
TensorFlow and OpenBLAS, and OpenBLAS's Haswell kernels (an AVX2 laptop's, where CI has AVX-512; other
CPUs ignore the setting). These runs compare no output (the numbers move with the seed); every cell must
run, with no error and nothing on stderr. The story tests check that the lessons hold over several
seeds. Cells marked ``# NBVAL_SKIP`` (e.g. ``%tensorboard``) are left out, as under nbval.

    ./course anywhere            # every notebook
    ./course anywhere -k 02      # one notebook
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from nbtool import hermetic_env  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

ONE_THREAD = {"DL1_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
ELSEWHERE = {"DL1_SEED": "1", **ONE_THREAD, "OPENBLAS_CORETYPE": "Haswell"}


def run_notebook(path: Path, extra_env: dict) -> list[str]:
    """Execute ``path`` in a fresh, hermetic kernel with ``extra_env``; return the problems seen."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and c.source.lstrip().startswith("# NBVAL_SKIP"))]
    with tempfile.TemporaryDirectory(prefix="dl1-anywhere-") as tmp:
        env = {**os.environ, **hermetic_env(Path(tmp)), **extra_env}
        client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(env=env)
        except CellExecutionError as error:
            return [f"a cell raised: {str(error)[-1500:]}"]
    problems = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {out.get('text', '')[:500]!r}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_anywhere(path):
    problems = run_notebook(path, ELSEWHERE)
    assert not problems, f"{path.name} with {ELSEWHERE}:\n" + "\n".join(problems)


def test_the_runner_names_an_error_and_stderr(tmp_path):
    """The suite itself can fail: a cell writing to stderr and a cell that raises are both reported."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os, sys\nprint(os.environ['DL1_SEED'], file=sys.stderr)"),
                nbformat.v4.new_code_cell("# NBVAL_SKIP\nraise SystemExit('skipped cells do not run')")]
    noisy = tmp_path / "noisy.ipynb"
    nbformat.write(nb, noisy)
    assert run_notebook(noisy, {"DL1_SEED": "7"}) == ["cell 0 wrote to stderr: '7\\n'"]
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, noisy)
    [problem] = run_notebook(noisy, {"DL1_SEED": "7"})
    assert problem.startswith("a cell raised") and "ZeroDivisionError" in problem
