"""The static part of a widget's figure, drawn once per panel and kept, so that a frame draws only what moves.

A frame of an :class:`~helpers.widgets.InteractiveFigure` is put together like this:

1. the **background**: the figure's face colour and, for every axes, its *under* layer: the frame, ticks and
   every static artist that a full draw puts below the first moving artist;
2. for every axes in drawing order, its **moving artists** (``dynamic_artists``), each drawn by matplotlib
   (``Figure.draw_artist``), each followed by the *overlay* of the static artists a full draw puts above it
   (a legend over a surface, points over it, the spines);
3. the figure's own artists (a suptitle) come last.

A panel's layers are drawn with matplotlib onto the transparent canvas, cut to the pixels they cover, and kept
(a few per axes) under the key :class:`~helpers.widgets.content.PanelContent` reads from the artists. A
change to a static artist, or new limits, draws that panel's layers again, or takes them from its kept ones.
Layers are composited in numpy (source-over, the same rule Agg draws with), so a frame costs the moving artists,
a copy, and the overlays' pixels.

Everything here is matplotlib's public API: ``set_animated``, ``Figure.draw_artist``,
``FigureCanvasAgg.buffer_rgba`` and ``draw``, ``Artist.stale`` and ``get_children``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from operator import methodcaller

import numpy as np

from helpers.widgets.content import PanelContent


@dataclass(frozen=True)
class Layer:
    """Pixels cut from a transparent canvas: rows ``top:bottom``, columns ``left:right`` (numpy order).

    ``premultiplied`` holds colour × alpha and ``transparency`` 255 − alpha (both uint16), so compositing
    is ``(premultiplied + under × transparency + 127) // 255``, which never overflows 16 bits. ``drawn``
    lists the pixels it covers (flat indices into the region), for a sparse layer (spines, ticks, a legend).
    """

    top: int
    bottom: int
    left: int
    right: int
    premultiplied: np.ndarray
    transparency: np.ndarray
    drawn: np.ndarray

    @classmethod
    def cut(cls, rgba: np.ndarray):
        """The drawn part of a straight-alpha RGBA canvas, or None if nothing was drawn."""
        alpha = rgba[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if rows.size == 0:
            return None
        top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        pixels = rgba[top:bottom, left:right].astype(np.uint16)
        alpha = pixels[..., 3:]
        return cls(top, bottom, left, right, pixels[..., :3] * alpha, 255 - alpha, np.flatnonzero(alpha))

    def region(self) -> tuple:
        return self.top, self.bottom, self.left, self.right

    def over(self, target: np.ndarray, clip=None) -> None:
        """Composite onto ``target`` (an RGBA uint8 image), within ``clip`` (top, bottom, left, right)."""
        width = self.right - self.left
        if clip is None and self.drawn.size < 0.3 * self.premultiplied[..., 0].size:  # only the pixels drawn
            rows, cols = np.divmod(self.drawn, width)
            flat = target.reshape(-1, target.shape[-1])
            at = (rows + self.top) * target.shape[1] + cols + self.left
            under = flat[at, :3]
            flat[at, :3] = (self.premultiplied.reshape(-1, 3)[self.drawn] + under * self.transparency.reshape(-1, 1)[
                self.drawn] + 127) // 255
            return
        top, bottom, left, right = self.region() if clip is None else _intersection(self.region(), clip)
        if top >= bottom or left >= right:
            return
        inner = np.s_[top - self.top:bottom - self.top, left - self.left:right - self.left]
        under = target[top:bottom, left:right, :3]
        under[...] = (self.premultiplied[inner] + under * self.transparency[inner] + 127) // 255


#: A layer that draws nothing (a text with no visible pixels).
_NOTHING = Layer(0, 0, 0, 0, np.zeros((0, 0, 3), np.uint16), np.zeros((0, 0, 1), np.uint16), np.zeros(0, np.intp))


@dataclass(frozen=True)
class Panel:
    """What is kept for one axes and one key: its under layer and one overlay per moving artist."""

    under: Layer | None
    overlays: tuple


class BackgroundCache:
    """The kept layers of a figure's panels and the background they make (see the module's docstring).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    size : int
        How many pictures to keep per axes.
    """

    def __init__(self, figure, size: int = 8):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if size < 1:
            raise ValueError(f"size must be at least 1, got {size}")
        self.figure, self.size = figure, size
        self.canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
        self.content = PanelContent()
        self._figure_key = None
        self._background = None  # the background frame (RGBA uint8)
        self._shown = {}         # group -> (key, Panel) in the background
        self._kept = {}          # group -> OrderedDict(key -> Panel)
        self._texts = OrderedDict()  # what a moving text shows, and where -> its Layer (see _text_layers)

    def clear(self) -> None:
        """Forget the kept pictures (not the background shown now): every panel that changes next is drawn."""
        self._kept = {}

    def frame(self, moving: list):
        """Draw the frame for the figure's current state on the canvas, with ``moving`` drawn by matplotlib.

        Returns
        -------
        None, tuple of int, or "full"
            What the background needed: ``None``, nothing; a tuple, the indices (into ``figure.axes``) of the
            axes that had to be drawn again (an empty tuple: all came from kept pictures); ``"full"``, the whole
            figure (the first frame, a new size, face colour or set of axes).
        """
        figure = self.figure
        self.canvas.get_renderer()  # sized to the figure
        groups = _groups(figure, moving)
        figure_key = (self.canvas.get_width_height(physical=True), figure.dpi, figure.patch.get_facecolor(),
                      tuple(map(self.content.identity, figure.axes)))
        full = figure_key != self._figure_key
        if full:
            self._figure_key, self._shown, self._background = figure_key, {}, None
        drawn, changed = self._update_panels(groups)
        if changed or self._background is None:
            self._compose(changed, full)
        self._draw_moving(groups, self._text_layers(moving))
        if full:
            return "full"
        return tuple(sorted(drawn)) if changed else None

    def _update_panels(self, groups: dict) -> tuple:
        """Bring every group's panel up to date: ``(indices of axes drawn, regions that changed)``."""
        drawn, changed = [], []
        for group, (static_runs, _moving) in groups.items():
            key = self._key(group, static_runs)
            shown = self._shown.get(group)
            if shown is not None and shown[0] == key:
                continue
            kept = self._kept.setdefault(group, OrderedDict())
            if key in kept:
                kept.move_to_end(key)
            else:
                panel = self._draw_panel(group, static_runs)
                key = self._key(group, static_runs)  # drawing may place the axes (a fixed aspect ratio)
                kept[key] = panel
                if group is not self.figure:
                    drawn.append(self.figure.axes.index(group))
                while len(kept) > self.size:
                    kept.popitem(last=False)
            changed += [p.region() for p in (shown and shown[1].under, kept[key].under) if p is not None]
            self._shown[group] = (key, kept[key])
        return drawn, changed

    def _key(self, group, static_runs: list) -> tuple:
        """What ``group``'s layers show: each run of static artists (between moving ones), over its axes."""
        runs = tuple(self.content.artists_key(run) for run in static_runs)
        if group is self.figure:
            return ("figure", self._figure_key, runs)
        return self.content.panel_key(group, []) + (runs,)

    def _draw_panel(self, group, static_runs: list) -> Panel:
        """Draw ``group``'s under layer and overlays, each alone on the transparent canvas."""
        buffer = np.asarray(self.canvas.buffer_rgba())
        overlays = [a for run in static_runs[1:] for a in run]
        for artist in overlays:
            artist.set_animated(True)
        try:
            buffer[...] = 0
            if group is self.figure:
                for artist in static_runs[0]:
                    self.figure.draw_artist(artist)
            else:
                self.figure.draw_artist(group)  # the axes without its animated (moving, overlay) artists
            under = Layer.cut(buffer)
        finally:
            for artist in overlays:
                artist.set_animated(False)
        layers = []
        for run in static_runs[1:]:
            visible = [a for a in run if a.get_visible()]
            if visible:
                buffer[...] = 0
                for artist in visible:
                    self.figure.draw_artist(artist)
            layers.append(Layer.cut(buffer) if visible else None)
        return Panel(under, tuple(layers))

    def _compose(self, changed: list, full: bool) -> None:
        """Rebuild the background where it ``changed`` (everywhere when ``full``) from the shown under layers."""
        height, width = np.asarray(self.canvas.buffer_rgba()).shape[:2]
        if full or self._background is None:
            self._background = np.empty((height, width, 4), np.uint8)
            changed = [(0, height, 0, width)]
        face = np.round(np.array(self.figure.patch.get_facecolor()) * 255).astype(np.uint8)
        for region in _merged(changed):
            top, bottom, left, right = region
            self._background[top:bottom, left:right] = face
            for _group, (_key, panel) in self._drawing_order():
                if panel.under is not None:
                    panel.under.over(self._background, region)

    def _drawing_order(self):
        """The shown panels, axes by zorder (figure order within a zorder), the figure's own artists last."""
        axes = sorted((g for g in self._shown if g is not self.figure),
                      key=lambda ax: (ax.get_zorder(), self.figure.axes.index(ax)))
        return [(g, self._shown[g]) for g in [*axes, *([self.figure] if self.figure in self._shown else [])]]

    def _text_layers(self, moving: list) -> dict:
        """The pixels of each visible moving text, by ``id``. Laying out glyphs costs milliseconds and the strings
        a slider shows (a title with its value) recur, so each text is drawn once, alone, and kept (the last 256);
        every frame then composites the same pixels, so one state always gives one picture."""
        from matplotlib.text import Text

        renderer = self.canvas.get_renderer()
        layers = {}
        for text in moving:
            if type(text) is not Text or not text.get_visible():  # plain texts (an annotation's arrow moves)
                continue
            anchor = tuple(text.get_transform().transform(text.get_position()))  # where it lands, in pixels
            key = (self.content.content(text), anchor, self._figure_key)
            if key not in self._texts:
                self._texts[key] = self._draw_alone(text, renderer)
                while len(self._texts) > 256:
                    self._texts.popitem(last=False)
            self._texts.move_to_end(key)
            layers[id(text)] = self._texts[key]
        return layers

    def _draw_alone(self, text, renderer) -> Layer:
        """``text`` drawn on a transparent patch of the canvas (its extent, and its box if it has one), cut out."""
        extents = [text.get_window_extent(renderer)]
        if text.get_bbox_patch() is not None:  # its box follows the text as it is drawn
            text.update_bbox_position_size(renderer)
            extents.append(text.get_bbox_patch().get_window_extent(renderer))
        buffer = np.asarray(self.canvas.buffer_rgba())
        height, width = buffer.shape[:2]
        x0, x1 = (max(int(min(e.x0 for e in extents)) - 4, 0), min(int(max(e.x1 for e in extents)) + 5, width))
        y0, y1 = (max(int(height - max(e.y1 for e in extents)) - 4, 0),
                  min(int(height - min(e.y0 for e in extents)) + 5, height))
        if y1 <= y0 or x1 <= x0:  # off the canvas
            return _NOTHING
        buffer[y0:y1, x0:x1] = 0
        self.figure.draw_artist(text)
        layer = Layer.cut(buffer[y0:y1, x0:x1])
        if layer is None:
            return _NOTHING
        return Layer(layer.top + y0, layer.bottom + y0, layer.left + x0, layer.right + x0, layer.premultiplied,
                     layer.transparency, layer.drawn)

    def _draw_moving(self, groups: dict, text_layers: dict) -> None:
        """The background on the canvas, then each group's moving artists, each followed by its overlay."""
        buffer = np.asarray(self.canvas.buffer_rgba())
        buffer[...] = self._background
        for group, (_key, panel) in self._drawing_order():
            for artist, overlay in zip(groups[group][1], panel.overlays):
                if id(artist) in text_layers:
                    text_layers[id(artist)].over(buffer)
                else:
                    self.figure.draw_artist(artist)
                if overlay is not None:
                    overlay.over(buffer)


def _groups(figure, moving: list) -> dict:
    """Per axes (and the figure): its static artists split into runs by its moving artists, in drawing order.

    ``{group: (static_runs, moving)}``: ``static_runs[0]`` is drawn before the first moving artist (the under
    layer), ``static_runs[k]`` right after the k-th.
    """
    moving_ids = {id(a) for a in moving}
    groups = {ax: _split(_drawn_children(ax), moving_ids) for ax in figure.axes}
    own = [*figure.texts, *figure.legends, *figure.images, *figure.lines, *figure.patches, *figure.artists]
    placed = {id(a) for _runs, group_moving in groups.values() for a in group_moving}
    own += [a for a in moving if id(a) not in placed and all(a is not b for b in own)]  # drawn last
    groups[figure] = _split(own, moving_ids)
    return groups


def _drawn_children(ax) -> list:
    """What a full draw of ``ax`` draws after its background patch (as ``Axes.draw`` chooses them)."""
    left_out = {id(ax.patch)}
    if not (ax.axison and ax.get_frame_on()):
        left_out.update(map(id, ax.spines.values()))
    if not ax.axison:
        left_out.update((id(ax.xaxis), id(ax.yaxis)))
    return [a for a in ax.get_children() if id(a) not in left_out]


def _split(children: list, moving_ids: set) -> tuple:
    ordered = sorted(children, key=methodcaller("get_zorder"))  # stable: as a full draw orders them
    runs, moving = [[]], []
    for artist in ordered:
        if id(artist) in moving_ids:
            moving.append(artist)
            runs.append([])
        elif not artist.get_animated():
            runs[-1].append(artist)
    return runs, moving


def _intersection(a: tuple, b: tuple) -> tuple:
    return max(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), min(a[3], b[3])


def _merged(regions: list) -> list:
    """Regions (top, bottom, left, right) merged into one bounding region, or none."""
    if not regions:
        return []
    tops, bottoms, lefts, rights = zip(*regions)
    return [(min(tops), max(bottoms), min(lefts), max(rights))]
