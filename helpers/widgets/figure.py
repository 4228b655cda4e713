"""The widget a notebook shows: controls wired to an ``update`` function, and the figure as a PNG updated in place."""

from __future__ import annotations

import base64
import contextlib
import time
from typing import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from helpers.widgets.layers import BackgroundCache
from helpers.widgets.png import canvas_to_png, figure_to_png


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
        Static artists that a full draw puts above a moving one (a legend, scatter points, the spines)
        are composited above it automatically. ``update`` may also change the other artists (show or
        hide them, set their data): kept layers are keyed by what they show
        (:class:`~helpers.widgets.content.PanelContent`), so that panel is drawn again.
    """

    def __init__(self, figure, controls: Mapping[str, widgets.Widget], update: Callable[[dict], str | None],
                 controls_width: str = "320px", freeze_layout: bool = True, dynamic_artists=None):
        if not callable(update):
            raise ValueError("update must be a function of the control values")
        self.figure = figure
        self.controls = dict(controls)
        self._update = update
        self.freeze_layout = freeze_layout
        self._dynamic_artists = dynamic_artists
        #: The kept static part of the figure (see :class:`~helpers.widgets.layers.BackgroundCache`).
        self.backgrounds = BackgroundCache(figure)
        #: What the last render drew besides the dynamic artists; see :meth:`BackgroundCache.frame`.
        self.last_background = None
        self._held = False
        # In a row with the controls, the image takes the width left and keeps its aspect ratio: it may
        # shrink (min_width 0) but never stretches to the height of a tall control panel (align_self).
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto", min_width="0",
                                                                       flex="1 1 auto", align_self="flex-start",
                                                                       object_fit="contain"))
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        for control in self.controls.values():
            if hasattr(control, "style") and hasattr(control.style, "description_width"):
                control.style.description_width = "initial"
            if "value" in control.trait_names():
                control.observe(self._on_change, names="value")
        panel = widgets.VBox(list(self.controls.values()), layout=widgets.Layout(width=controls_width, flex="0 0 auto"))
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
        if self.freeze_layout and has_layout_pass(self.figure):  # lay out once, with the first values
            self.figure.get_layout_engine().execute(self.figure)
            self.figure.set_layout_engine("none")
        self.image.value = self.render()
        if message is not None:
            self.status.value = message
        self.redraw_seconds.append(time.perf_counter() - start)

    def _dynamic(self) -> list:
        artists = self._dynamic_artists() if callable(self._dynamic_artists) else self._dynamic_artists
        return [a for a in (artists or []) if a is not None]

    def render(self) -> bytes:
        """The figure as PNG: a full draw, or (with ``dynamic_artists``) the kept layers plus those artists."""
        dynamic = self._dynamic()
        if not dynamic or has_layout_pass(self.figure) or self.figure.subfigs:
            self.last_background = "full"
            return figure_to_png(self.figure)
        for artist in dynamic:
            artist.set_animated(True)  # drawn by us on top of the kept layers, never into them
        self.last_background = self.backgrounds.frame(dynamic)
        return canvas_to_png(self.backgrounds.canvas)

    def full_draw_png(self) -> bytes:
        """The current state drawn in full, without kept layers: what a blitted frame must equal."""
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


def has_layout_pass(figure) -> bool:
    """Whether drawing ``figure`` runs a layout engine first (constrained or tight layout)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)
