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

from __future__ import annotations

import base64
import contextlib
import time
from typing import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from helpers.plots import canvas_to_png, figure_to_png


def new_figure(nrows: int = 1, ncols: int = 1, figsize=(8.0, 5.0), dpi: int = 80, **subplot_kwargs):
    """A figure that belongs to no pyplot window (so it never auto-displays), and its axes."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=True, **subplot_kwargs)
    return figure, axes


class InteractiveFigure:
    """Controls on the left, a live figure on the right, a status line below.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure to redraw (make it with :func:`new_figure`).
    controls : mapping of name -> ipywidgets widget
        Each control with a ``value`` triggers a redraw when it changes. Buttons may be
        included for layout; wire their ``on_click`` yourself.
    update : callable(values: dict) -> str | None
        Changes the figure's artists for the current control values. A returned string is
        shown as the status line (HTML allowed).
    freeze_layout : bool
        Keep the layout of the first render (fast, steady); pass ``False`` if an update
        changes labels enough to need a new layout.
    dynamic_artists : list of artists, or callable() -> list of artists, optional
        Blitting: when given, everything else (axes, ticks, labels, legends) is drawn once into a
        cached background, and each redraw draws only these artists on top of it. Most of a
        full redraw is text, so this is several times faster. List every artist ``update``
        changes (a callable can return artists that ``update`` creates anew, e.g. a contour).
    static_key : callable() -> hashable, optional
        What the cached background depends on besides the axes' limits (which are always part
        of the key): e.g. the choice of dataset when ``update`` changes a legend. When the key
        changes, the background is drawn again.
    """

    def __init__(self, figure, controls: Mapping[str, widgets.Widget], update: Callable[[dict], str | None],
                 controls_width: str = "320px", freeze_layout: bool = True, dynamic_artists=None,
                 static_key: Callable[[], object] | None = None):
        if not callable(update):
            raise ValueError("update must be a function of the control values")
        self.figure = figure
        self.controls = dict(controls)
        self._update = update
        self.freeze_layout = freeze_layout
        self._dynamic_artists = dynamic_artists
        self._static_key = static_key or (lambda: None)
        self._background, self._background_key = None, None
        self._held = False
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        for control in self.controls.values():
            control.style = getattr(control, "style", None) or control.style
            if hasattr(control, "style") and hasattr(control.style, "description_width"):
                control.style.description_width = "initial"
            if "value" in control.trait_names():
                control.observe(self._on_change, names="value")
        panel = widgets.VBox(list(self.controls.values()), layout=widgets.Layout(width=controls_width))
        self.widget = widgets.VBox([widgets.HBox([panel, self.image]), self.status])
        self.redraw_seconds: list[float] = []
        self.redraw()

    # -- state -------------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The current value of every control that has one."""
        return {name: c.value for name, c in self.controls.items() if "value" in c.trait_names()}

    @property
    def png(self) -> bytes:
        """The PNG currently shown."""
        return self.image.value

    @contextlib.contextmanager
    def hold(self):
        """Change several controls and redraw once at the end."""
        self._held = True
        try:
            yield self
        finally:
            self._held = False
        self.redraw()

    def set(self, **values) -> "InteractiveFigure":
        """Set controls by name (as a student moving sliders would) and redraw once.

        Raises
        ------
        ValueError
            For an unknown control name.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"no control named {unknown}; the controls are {sorted(self.controls)}")
        with self.hold():
            for name, value in values.items():
                self.controls[name].value = value
        return self

    # -- drawing -----------------------------------------------------------------------------
    def _on_change(self, _change) -> None:
        if not self._held:
            self.redraw()

    def redraw(self) -> None:
        """Run ``update`` with the current values and re-render the image.

        The first render lays the figure out (constrained layout); later renders keep that
        layout, which halves their cost and keeps the panels from jumping while a slider moves.
        """
        start = time.perf_counter()
        message = self._update(self.values)
        self.image.value = self.render()
        if self.freeze_layout and self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")
        if message is not None:
            self.status.value = message
        self.redraw_seconds.append(time.perf_counter() - start)

    def _dynamic(self) -> list:
        artists = self._dynamic_artists() if callable(self._dynamic_artists) else self._dynamic_artists
        return [a for a in (artists or []) if a is not None]

    def render(self) -> bytes:
        """The figure as PNG: a full draw, or (with ``dynamic_artists``) the cached background plus those artists."""
        dynamic = self._dynamic()
        if not dynamic:
            return figure_to_png(self.figure)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = self.figure.canvas if isinstance(self.figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(self.figure)
        for artist in dynamic:
            artist.set_animated(True)  # left out of the background
        key = (tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes), self._static_key(),
               self.figure.get_layout_engine() is None)
        if self._background is None or key != self._background_key:
            canvas.draw()
            self._background, self._background_key = canvas.copy_from_bbox(self.figure.bbox), key
        else:
            canvas.restore_region(self._background)
        for artist in dynamic:
            self.figure.draw_artist(artist)
        return canvas_to_png(canvas)

    def full_draw_png(self) -> bytes:
        """The current state drawn in full, without the cached background: what blitting must reproduce."""
        dynamic = self._dynamic()
        for artist in dynamic:
            artist.set_animated(False)
        try:
            return figure_to_png(self.figure)
        finally:
            for artist in dynamic:
                artist.set_animated(True)

    def redraw_stats_ms(self) -> dict:
        """p50 and p95 of the redraw times so far, in milliseconds."""
        times = np.array(self.redraw_seconds) * 1000
        return {"n": len(times), "p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95))}

    # -- display -----------------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


class Snapshot:
    """Draws an artist that never changes (a legend, the data points) from a bitmap rendered once.

    For blitting: pass ``Snapshot(legend)`` among an :class:`InteractiveFigure`'s ``dynamic_artists``
    where the artist must stay on top of things that move (e.g. a legend over a changing surface).

    A legend is a handful of texts and markers, and drawing the two was a third of a redraw. Rendered
    once onto a transparent canvas and composited over the frame, it gives the same pixels
    (its translucent frame included) in a fraction of the time. The artist itself is marked
    animated, so it stays out of the cached background.
    """

    def __init__(self, artist):
        self.artist = artist
        artist.set_animated(True)
        self._cache = None

    def set_animated(self, animated):  # what InteractiveFigure calls on its dynamic artists
        self.artist.set_animated(animated)

    def draw(self, renderer):
        if not self.artist.get_visible():
            return
        from matplotlib.backends.backend_agg import RendererAgg

        ax = self.artist.axes
        key = (renderer.width, renderer.height, renderer.dpi, ax.bbox.bounds, ax.viewLim.bounds)  # where it lands
        if self._cache is None or self._cache[0] != key:
            scratch = RendererAgg(renderer.width, renderer.height, renderer.dpi)  # transparent
            self.artist.draw(scratch)
            pixels = np.asarray(scratch.buffer_rgba())
            rows, cols = np.nonzero(pixels[..., 3].any(axis=1))[0], np.nonzero(pixels[..., 3].any(axis=0))[0]
            if rows.size == 0:  # draws nothing
                return
            top, bottom, x0 = rows[0], rows[-1] + 1, cols[0]
            # draw_image wants the rows bottom-up and the lower-left corner
            self._cache = (key, int(x0), int(pixels.shape[0] - bottom), pixels[top:bottom, x0:cols[-1] + 1][::-1].copy())
        _, x0, y0, pixels = self._cache
        gc = renderer.new_gc()
        renderer.draw_image(gc, x0, y0, pixels)
        gc.restore()


def float_slider(description: str, value: float, min: float, max: float, step: float = 0.01, **kwargs):
    """A float slider that only reports a new value when the student lets go or moves it (continuous updates on)."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                               continuous_update=True, readout_format=".2f", **kwargs)


def log_slider(description: str, value: float, min: float, max: float, **kwargs):
    """A slider on a log scale, for learning rates and temperatures. ``min``/``max`` are the real values."""
    if not 0 < min < max:
        raise ValueError(f"a log slider needs 0 < min < max, got min={min}, max={max}")
    return widgets.FloatLogSlider(value=value, base=10, min=np.log10(min), max=np.log10(max), step=0.01,
                                  description=description, continuous_update=True, readout_format=".3g", **kwargs)


__all__ = ["InteractiveFigure", "Snapshot", "new_figure", "float_slider", "log_slider"]
