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
import enum
import functools
import hashlib
import itertools
import time
import weakref
from collections import OrderedDict
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
        ``update`` may also change the other artists (show or hide them, set their data): the
        background is keyed by what they show (see :class:`StaticContent`), so it is drawn again.
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
        #: The cached static part of the figure (see :class:`BackgroundCache`).
        self.backgrounds = BackgroundCache(figure)
        #: What the last render drew besides the dynamic artists; see :meth:`BackgroundCache.restore`.
        self.last_background = None
        self._held = False
        # In a row with the controls, the image takes the width left and keeps its aspect ratio: it may
        # shrink (min_width 0) but never stretches to the height of a tall control panel (align_self).
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto", min_width="0",
                                                                       flex="1 1 auto", align_self="flex-start",
                                                                       object_fit="contain"))
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        for control in self.controls.values():
            control.style = getattr(control, "style", None) or control.style
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
        """The figure as PNG: a full draw, or (with ``dynamic_artists``) the cached background plus those artists."""
        dynamic = self._dynamic()
        if not dynamic:
            self.last_background = "full"
            return figure_to_png(self.figure)
        for artist in dynamic:
            artist.set_animated(True)  # left out of the background
        canvas = self.backgrounds.canvas
        self.last_background = self.backgrounds.restore()
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


class BackgroundCache:
    """The static part of a figure (all but its animated artists), drawn per axes and kept for reuse.

    Blitting draws the static part once and only the dynamic artists per frame. A change that
    moves an axis' limits or changes a title makes that axes' part stale, and drawing the whole
    figure again costs 100-150 ms, most of it text. So each axes is drawn alone onto a
    transparent layer, cropped to the pixels it covers, and composited over the figure's face
    colour. A change draws only the layers of the axes that changed (plus any axes whose pixels
    theirs touch), and each axes keeps its last few layers, keyed by what they show
    (:meth:`StaticContent.axes_key`: place, limits and the content of every static artist), so
    going back to an earlier y range or dataset costs a copy instead of a draw, and a layer is never
    reused for a different picture.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    size : int
        How many layers to keep per axes.
    """

    def __init__(self, figure, size: int = 8):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if size < 1:
            raise ValueError(f"size must be at least 1, got {size}")
        self.figure, self.size = figure, size
        self.canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
        self.content = StaticContent()  # the keys of the layers
        self._figure_key = None  # what the whole background depends on; a change means a full draw
        self._pixels = None      # the background, as copied from the canvas
        self._shown = []         # per axes: the key of the layer in the background, and its region
        self._kept = {}          # axes -> OrderedDict(key -> layer)

    def clear(self) -> None:
        """Forget the kept layers (what is on the canvas stays): every axes that changes next is drawn."""
        self._kept = {}

    def restore(self):
        """Put the background for the figure's current state on the canvas.

        Returns
        -------
        None, tuple of int, or "full"
            ``None``: the background did not change. A tuple: some axes changed, and these (indices
            into ``figure.axes``) had to be drawn; the rest came from kept layers (an empty tuple if
            all did). ``"full"``: every axes was drawn (the first render, a new canvas size, face
            colour or set of axes), by matplotlib itself when the figure has a layout pass or
            figure-level artists.
        """
        figure, canvas = self.figure, self.canvas
        layerable = not has_layout_pass(figure) and not figure.subfigs and not any(
            a.get_visible() and not a.get_animated()
            for a in (*figure.texts, *figure.legends, *figure.images, *figure.lines, *figure.patches,
                      *figure.artists))
        if not layerable:
            canvas.draw()
            self._figure_key, self._shown = None, []
            return "full"
        figure_key = (canvas.get_width_height(physical=True), tuple(map(self.content.identity, figure.axes)),
                      figure.patch.get_facecolor())
        axes_keys = [self.content.axes_key(ax) for ax in figure.axes]
        new_figure_key = figure_key != self._figure_key
        if new_figure_key:
            self._figure_key, self._shown = figure_key, [(None, None)] * len(figure.axes)
            figure.patch.draw(canvas.get_renderer())
        else:
            canvas.restore_region(self._pixels)
        changed = {i for i, key in enumerate(axes_keys) if key != self._shown[i][0]}
        if not changed:
            return None
        drawn = self._compose(changed, axes_keys)
        self._pixels = canvas.copy_from_bbox(figure.bbox)
        return "full" if new_figure_key else drawn

    def _compose(self, changed: set, axes_keys: list) -> tuple:
        """Clear the pixels of the ``changed`` axes and of any axes they touch, then composite their layers."""
        axes, drawn, layers = self.figure.axes, [], {}
        pending = set(changed)
        while pending:
            i = pending.pop()
            axes_keys[i], layers[i] = self._layer(i, axes_keys[i], drawn)
            mine = [r for r in (self._shown[i][1], layers[i] and layers[i][0]) if r is not None]
            for j, (_key, region) in enumerate(self._shown):
                if j not in layers and region is not None and any(_overlap(r, region) for r in mine):
                    pending.add(j)
        buffer = np.asarray(self.canvas.buffer_rgba())
        height = buffer.shape[0]
        face = np.round(np.array(self.figure.patch.get_facecolor()) * 255).astype(np.uint8)
        for i in layers:
            if self._shown[i][1] is not None:
                x0, y0, x1, y1 = self._shown[i][1]
                buffer[height - y1:height - y0, x0:x1] = face
        renderer = self.canvas.get_renderer()
        for i in sorted(layers, key=lambda i: (axes[i].get_zorder(), i)):  # figure order within a zorder
            layer = layers[i]
            if layer is not None:
                (x0, y0, _x1, _y1), pixels = layer
                gc = renderer.new_gc()
                renderer.draw_image(gc, x0, y0, pixels)
                gc.restore()
            self._shown[i] = (axes_keys[i], layer and layer[0])
        return tuple(sorted(drawn))

    def _layer(self, i: int, key, drawn: list):
        """Axes ``i`` alone on a transparent canvas, cropped: ``(key, layer)``, where ``layer`` is
        ``((x0, y0, x1, y1), rgba)``, or None if the axes draws nothing.

        Kept per axes by ``key``; a layer that had to be drawn is noted in ``drawn``. Drawing can
        change the key (an axes with a fixed aspect ratio takes its final place only when drawn),
        so a drawn layer is kept under the key it has afterwards.
        """
        from matplotlib.backends.backend_agg import RendererAgg

        ax = self.figure.axes[i]
        kept = self._kept.setdefault(ax, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return key, kept[key]
        width, height = self.canvas.get_width_height(physical=True)
        scratch = RendererAgg(width, height, self.figure.dpi)
        ax.draw(scratch)
        pixels = np.asarray(scratch.buffer_rgba())
        alpha = pixels[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        layer = None
        if rows.size:
            top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            # the region in display pixels (origin lower left); draw_image wants the rows bottom-up
            layer = ((int(left), int(height - bottom), int(right), int(height - top)),
                     pixels[top:bottom, left:right][::-1].copy())
        key = self.content.axes_key(ax, drawn=True)
        kept[key] = layer
        while len(kept) > self.size:
            kept.popitem(last=False)
        drawn.append(i)
        return key, layer


def has_layout_pass(figure) -> bool:
    """Whether drawing ``figure`` runs a layout engine first (constrained or tight layout)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


#: Attributes that say nothing about what an artist draws: bookkeeping, and the renderer it last drew on.
_BOOKKEEPING = frozenset({"_stale", "stale_callback", "_remove_method", "_callbacks", "callbacks", "_renderer"})
#: What a line computes from its data when drawn: its data (``_xorig``, ``_yorig``) counts instead.
_LINE_CACHES = frozenset({"_invalidx", "_invalidy", "_x", "_y", "_xy", "_path", "_transformed_path", "_subslice",
                          "_x_filled"})
#: How deep helper objects (a colorizer holding a norm holding its limits) are compared by content.
_HELPER_DEPTH = 4


class StaticContent:
    """What the static (not animated) artists of an axes show, as a key for :class:`BackgroundCache`.

    A kept layer may be reused only for the same picture, so its key is derived from the artists
    themselves: the axes' place, limits and scales, and for every child artist that is not animated
    its identity, its visibility and a *fingerprint* of its content. Any change to a static artist,
    or to the set of them, gives a new key.

    A fingerprint covers all of an artist's attributes: arrays and paths by their bytes, numbers and
    strings by value, matplotlib helper objects (a norm, a colormap, a font, a marker) by their own
    attributes, the artists it holds (a legend's texts, a text's box) by their fingerprints, anything
    else by identity. Equal content gives an equal fingerprint (a small integer), so going back to an
    earlier state (a surface shown before) finds its layer again.

    A fingerprint takes microseconds to a millisecond, so it is kept, and taken again only when the
    artist, or one it holds, is new or *stale*: matplotlib marks an artist stale whenever a setter
    changes it. The flag is cleared once the new fingerprint is taken, as drawing the artist would
    clear it, so the next change marks it again.

    Two kinds of artists are updated by matplotlib itself while drawing, from what the key already
    holds: an axis (its ticks follow the limits, locator, formatter and tick parameters, which count)
    and the titles and axis labels (placed next to the tick labels: their position does not count, and a
    title's transform, made anew by every ``set_title``, counts by its values).
    """

    def __init__(self):
        self._tokens = {}    # id(object) -> (reference, token): an identity that is never reused
        # id(artist) -> (reference, placed, fingerprint, [(held artist, placed, fingerprint)], taken after a draw)
        self._records = {}
        self._interned = {}  # content -> fingerprint
        self._busy = set()   # ids of the artists being fingerprinted (one that holds its holder: by identity)
        self._drawn = False  # within axes_key(drawn=True)

    def axes_key(self, ax, drawn: bool = False) -> tuple:
        """The key of the layer that shows the static part of ``ax``.

        ``drawn``: ``ax`` was just drawn. An artist's first draw sets some of it up (e.g. a default
        transform, made on first use), so the fingerprints taken before it are taken again, once.
        """
        placed = {id(ax.title), id(ax._left_title), id(ax._right_title)}
        was_drawn, self._drawn = self._drawn, self._drawn or drawn
        try:
            children = tuple((self.identity(child), True, self.fingerprint(child, id(child) in placed))
                             if child.get_visible() else (self.identity(child), False)
                             for child in ax.get_children() if not child.get_animated())
        finally:
            self._drawn = was_drawn
        return (ax.bbox.bounds, ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_visible(),
                ax.get_axisbelow(), ax.get_frame_on(), children)

    def identity(self, obj) -> int:
        """A number for ``obj`` itself, kept while it lives and never given to another object."""
        entry = self._tokens.get(id(obj))
        if entry is not None and entry[0]() is obj:
            return entry[1]
        token = next(_TOKENS)
        try:
            reference = weakref.ref(obj, functools.partial(_forget, self._tokens, id(obj)))
        except TypeError:  # cannot be referenced weakly: kept alive, so that its id is not reused
            reference = functools.partial(_same, obj)
        self._tokens[id(obj)] = (reference, token)
        return token

    def fingerprint(self, artist, placed: bool = False) -> int:
        """The fingerprint of ``artist``'s content (``placed``: matplotlib positions it while drawing)."""
        from matplotlib.axes import Axes

        if isinstance(artist, Axes):  # an inset axes, drawn with its parent
            return self._intern(("axes", self.axes_key(artist)))
        record = self._records.get(id(artist))
        if (record is not None and record[0]() is artist and record[1] == placed and not artist.stale
                and (record[4] or not self._drawn) and all(self.fingerprint(a, p) == f for a, p, f in record[3])):
            return record[2]
        held = []
        self._busy.add(id(artist))
        try:
            content = self._axis_content(artist, held) if _is_axis(artist) else self._content(artist, placed, held)
        finally:
            self._busy.discard(id(artist))
        value = self._intern((type(artist), content))
        reference = weakref.ref(artist, functools.partial(_forget, self._records, id(artist)))
        self._records[id(artist)] = (reference, placed, value, held, self._drawn)
        artist.stale = False  # taken: the next change marks it again
        return value

    def _intern(self, content) -> int:
        return self._interned.setdefault(content, len(self._interned))

    def _content(self, artist, placed: bool, held: list) -> tuple:
        from matplotlib.lines import Line2D

        skipped = _BOOKKEEPING | (_LINE_CACHES if isinstance(artist, Line2D) else set()) | (
            {"_x", "_y", "_transform"} if placed else set())
        content = tuple((name, self._freeze(value, held, 0)) for name, value in vars(artist).items()
                        if name not in skipped)
        if placed:  # a title's transform is made anew by every set_title: it counts by where it puts the text
            transform = artist.get_transform()
            content += (_array_content(transform.get_matrix()) if transform.is_affine else self.identity(transform),)
        return content

    def _axis_content(self, axis, held: list) -> tuple:
        """What an axis is set to; its ticks are made from this and the limits while drawing."""
        label = self.fingerprint(axis.label, placed=True)
        held.append((axis.label, True, label))
        return (axis.get_visible(), label, axis.get_label_position(), axis.get_ticks_position(),
                self._freeze(axis.get_tick_params(which="major"), held, 0),
                self._freeze(axis.get_tick_params(which="minor"), held, 0),
                *(self.identity(part) for part in (axis.get_major_locator(), axis.get_major_formatter(),
                                                    axis.get_minor_locator(), axis.get_minor_formatter())),
                self._freeze(axis.get_converter(), held, _HELPER_DEPTH), self._freeze(axis.get_units(), held, 0))

    def _freeze(self, value, held: list, depth: int):
        """``value`` as something hashable that is equal exactly when the content is."""
        from matplotlib.artist import Artist
        from matplotlib.axes import Axes
        from matplotlib.backend_bases import RendererBase
        from matplotlib.cbook import CallbackRegistry
        from matplotlib.figure import FigureBase
        from matplotlib.transforms import Affine2D, Bbox, TransformNode

        if value is None or isinstance(value, (bool, int, float, complex, str, bytes, enum.Enum)):
            return value
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            if value.dtype == object or (value.size <= 64 and not np.ma.is_masked(value)):
                return self._freeze(value.tolist(), held, depth)  # as the list it may also be given as
            return _array_content(value)
        if isinstance(value, (list, tuple)):
            return ("seq", tuple(self._freeze(v, held, depth) for v in value))
        if isinstance(value, dict):
            return ("dict", tuple((self._freeze(k, held, depth), self._freeze(v, held, depth))
                                  for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return ("set", frozenset(self._freeze(v, held, depth) for v in value))
        if isinstance(value, (RendererBase, CallbackRegistry)):
            return None
        if isinstance(value, Artist):
            if isinstance(value, (FigureBase, Axes)) or _is_axis(value) or id(value) in self._busy:
                return ("ref", self.identity(value))  # a container: its own state is in its own key
            fingerprint = self.fingerprint(value)
            held.append((value, False, fingerprint))
            return ("artist", self.identity(value), fingerprint)
        if isinstance(value, TransformNode):  # by identity; the two kinds that change in place, with their values
            content = (_array_content(value.get_matrix()) if isinstance(value, Affine2D)
                       else value.bounds if isinstance(value, Bbox) else None)
            return ("transform", self.identity(value), content)
        if depth < _HELPER_DEPTH and type(value).__module__.startswith("matplotlib.") and hasattr(value, "__dict__"):
            return (type(value), tuple((name, self._freeze(v, held, depth + 1)) for name, v in vars(value).items()
                                       if name not in _BOOKKEEPING))
        return ("ref", self.identity(value))


_TOKENS = itertools.count()


def _forget(table: dict, key: int, reference) -> None:
    """A weak reference's callback: drop ``table[key]`` if it still belongs to the object that died."""
    if table.get(key, (None,))[0] is reference:
        del table[key]


def _same(obj):
    return obj


def _is_axis(artist) -> bool:
    from matplotlib.axis import Axis

    return isinstance(artist, Axis)


def _array_content(array: np.ndarray) -> tuple:
    """An array (not of objects) by its type, shape and bytes, and its mask if it has one."""
    digest = hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=16).digest()
    mask = np.ma.getmask(array)
    return ("array", array.dtype.str, array.shape, digest,
            None if mask is np.ma.nomask else hashlib.blake2b(np.ascontiguousarray(mask).tobytes()).digest())


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
        # where it lands: a legend at a fixed place depends on the axes' box only, anything else on the limits too
        from matplotlib.legend import Legend

        fixed_place = isinstance(self.artist, Legend) and self.artist._loc not in (0, "best")
        key = (renderer.width, renderer.height, renderer.dpi, ax.bbox.bounds, None if fixed_place else ax.viewLim.bounds)
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


__all__ = ["InteractiveFigure", "BackgroundCache", "StaticContent", "Snapshot", "new_figure", "float_slider",
           "log_slider"]
