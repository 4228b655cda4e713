"""export_figure writes what the lecturer asks for, where they expect it, from whatever the notebook drew."""

import xml.etree.ElementTree as ET

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from helpers.export import export_figure
from helpers.setup import NotebookContext
from helpers.widgets import InteractiveFigure, new_figure


def _line_figure():
    fig, ax = new_figure(figsize=(4, 3))
    (line,) = ax.plot([0, 1], [0, 1])
    ax.set_title("a line")
    return fig, ax, line


def test_png_and_svg_land_in_the_run_folder_at_the_requested_resolution(tmp_path, capsys):
    fig, _, _ = _line_figure()
    paths = export_figure(fig, "line", tmp_path, dpi=100)
    assert paths == [tmp_path / "figures" / "line.png", tmp_path / "figures" / "line.svg"]
    with Image.open(paths[0]) as png:
        assert png.size == (400, 300), "4 x 3 inches at 100 dpi"
    assert ET.parse(paths[1]).getroot().tag.endswith("svg")
    assert "a line" in paths[1].read_text(), "the SVG keeps the title as text"
    printed = capsys.readouterr().out
    assert f"saved {paths[0]}" in printed and f"saved {paths[1]}" in printed


def test_the_notebook_context_gives_the_folder(tmp_path):
    fig, _, _ = _line_figure()
    ctx = NotebookContext(name="01_x", seed=0, run_dir=tmp_path / "01_x", rng=np.random.default_rng(0))
    paths = export_figure(fig, "line", ctx, formats=("pdf",), quiet=True)
    assert paths == [tmp_path / "01_x" / "figures" / "line.pdf"]
    assert paths[0].read_bytes().startswith(b"%PDF")


def test_a_widget_is_exported_as_currently_shown(tmp_path):
    fig, _, line = _line_figure()

    def update(values):
        line.set_ydata([0, values["w"]])

    explorer = InteractiveFigure(fig, {"w": widgets.FloatSlider(value=1.0, min=-2, max=2)}, update)
    first = export_figure(explorer, "before", tmp_path, formats=("png",), quiet=True)[0].read_bytes()
    explorer.set(w=-2.0)
    moved = export_figure(explorer, "after", tmp_path, formats=("png",), quiet=True)[0].read_bytes()
    assert first != moved
    assert export_figure(explorer.figure.axes[0], "axes", tmp_path, formats=("png",), quiet=True)[0].read_bytes() == moved


def test_a_display_with_figure_underscore_is_accepted(tmp_path):
    fig, ax, _ = _line_figure()

    class Display:  # like DecisionSurfaceDisplay: keeps ax_ and figure_
        ax_, figure_ = ax, fig

    assert export_figure(Display(), "display", tmp_path, formats=("svg",), quiet=True)[0].is_file()


def test_a_subfigure_or_its_axes_exports_the_whole_figure(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 2))
    left, _ = fig.subfigures(1, 2)
    ax = left.subplots()
    for i, part in enumerate([left, ax]):
        [path] = export_figure(part, f"part{i}", tmp_path, formats=("png",), dpi=50, quiet=True)
        with Image.open(path) as png:
            assert png.size == (200, 100)


@pytest.mark.parametrize("figure, name, where, kwargs, message", [
    ("not a figure", "x", ".", {}, "figure must be a matplotlib Figure"),
    (None, "a/b", ".", {}, "plain file name"),
    (None, "x", 42, {}, "where must be the notebook's context"),
    (None, "x", ".", {"formats": ("jpg",)}, "formats must be"),
    (None, "x", ".", {"dpi": 5}, "dpi must be"),
])
def test_wrong_arguments_are_named(tmp_path, figure, name, where, kwargs, message):
    fig, _, _ = _line_figure()
    where = tmp_path if where == "." else where
    with pytest.raises(ValueError, match=message):
        export_figure(fig if figure is None else figure, name, where, **kwargs)
