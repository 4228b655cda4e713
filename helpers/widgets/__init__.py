"""Interactive figures: controls wired to a pure update function, shown as a PNG that updates in place.

The pattern every notebook uses::

    fig, ax = new_figure()
    line, = ax.plot(...)

    def update(values):                  # pure logic, testable without a browser
        line.set_ydata(f(values["w"]))
        return f"w = {values['w']:.2f}"  # optional status line

    explorer = InteractiveFigure(fig, {"w": FloatSlider(...)}, update)
    explorer                             # shows the controls beside the figure

Tests and benchmarks drive it exactly as a student does, by setting control values
(``explorer.set(w=2.0)``), and read ``explorer.png`` or the artists to see what changed.

The figure is drawn with matplotlib's Agg renderer and sent to an ``ipywidgets.Image``;
updating artists in place and re-encoding the PNG is about twice as fast as redrawing a
fresh inline figure. The display bundle also carries the first PNG, so a static render
(nbviewer, GitHub, a notebook opened without a kernel) still shows a figure.
"""

from helpers.widgets.controls import float_slider, log_slider
from helpers.widgets.figure import InteractiveFigure, new_figure

__all__ = ["InteractiveFigure", "new_figure", "float_slider", "log_slider"]
