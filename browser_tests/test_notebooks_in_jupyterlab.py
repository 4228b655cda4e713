"""Every notebook, run in JupyterLab in a real browser, as a lecturer or student does.

For each ``notebooks/NN_*.ipynb`` (new notebooks are picked up automatically):

1. open it in JupyterLab; stored widget outputs show their static PNG (untrusted notebook, no live model);
2. Run All (JupyterLab's ``notebook:run-all-cells`` command) and wait until every cell has run;
3. no cell shows an error, and the kernel sent no error and no stderr (also from widget callbacks);
4. every widget renders as the live widget (not its static PNG fallback) with its controls;
5. one control per widget is moved (a slider handle by keyboard, a dropdown, toggle buttons, a checkbox
   or a button) and the widget's figure changes;
6. no request left the machine; a screenshot of the notebook and of each widget lands in ``artifacts/``.
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import ARTIFACTS, notebooks
from lab_driver import WIDGET_MIME, exercise_notebook

NOTEBOOKS = notebooks()


def test_there_are_notebooks_to_run():
    assert NOTEBOOKS, "no notebooks found for the browser suite"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab(lab_page, path):
    report = exercise_notebook(lab_page, path.name, ARTIFACTS)
    assert not report["problems"], f"{path.name} in JupyterLab:\n" + "\n".join(report["problems"])
    for widget in report["widgets"]:
        assert widget["shown"] == [WIDGET_MIME]
        if widget["image"] != "none":
            assert widget["image"] == "blob", "a live widget's image is a blob URL, not the stored data: PNG"


BROKEN = [
    "import helpers\nctx = helpers.setup_notebook('00_broken', keras=False)\n"
    "from helpers.widgets import InteractiveFigure, new_figure, float_slider",
    "fig, ax = new_figure()\n_ = ax.plot([0, 1], [0, 1])\n\n"
    "def update(values):\n    if values['w'] != 1.0:\n        raise RuntimeError('broken update')\n\n"
    "InteractiveFigure(fig, {'w': float_slider('w', 1.0, 0.0, 2.0, step=0.1)}, update)",
    "1 / 0",
    "print('never runs')",
]


def test_the_suite_sees_what_goes_wrong(lab, lab_page, tmp_path):
    """A notebook with an error cell and a widget whose update raises: the checks must name both."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in BROKEN])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / "00_broken.ipynb")
    report = exercise_notebook(lab_page, "00_broken.ipynb", tmp_path, redraw_timeout_ms=2_000)
    problems = "\n".join(report["problems"])
    assert "cell 2: ZeroDivisionError: division by zero" in problems
    assert "cell 3 did not run" in problems
    assert "the figure did not change after moving a control (slider 1.00 -> 1.10" in problems
    assert "kernel error: RuntimeError: broken update" in problems, "the widget callback's traceback must be reported"
