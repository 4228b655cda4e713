"""What a panel of a widget shows, as a key: a kept picture of the panel may be reused only for an equal key.

The key is read from the artists themselves, through matplotlib's public API:

- **what changed** is matplotlib's own flag, :attr:`Artist.stale`, which every setter raises. An artist that
  is not stale keeps the fingerprint taken last time; we lower the flag once its fingerprint is taken, as
  drawing it would;
- **what it shows** is every property matplotlib lets you set and read back (the names
  :class:`matplotlib.artist.ArtistInspector` lists as setters that have a getter), plus the artists it holds
  (:meth:`Artist.get_children`, e.g. a legend's texts and handles).

Equal content gives an equal fingerprint (a small integer), so going back to an earlier state (a y range
or dataset shown before) finds its picture again. A change that bypasses the setters (editing an array
in place) is not seen: widgets use the setters.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import warnings
import weakref

import numpy as np

#: Properties that say nothing about the pixels, or hold the artist's containers (their state is keyed apart).
_NOT_CONTENT = frozenset({"figure", "axes", "animated", "picker", "pickradius", "url", "gid", "agg_filter",
                          "rasterized", "in_layout", "mouseover", "label", "contains", "transform", "clip_path",
                          "xdata", "ydata", "offset_transform", "cursor_data"})
#: What matplotlib sets while it draws a title or an axis label (next to the tick labels).
_PLACEMENT = frozenset({"position", "x", "y"})
#: How many fingerprints are kept before they are forgotten (each holds a few kB).
_MOST_FINGERPRINTS = 20_000
#: How deep matplotlib helper objects (a marker holding a path) are frozen by content.
_DEPTH = 3


class PanelContent:
    """Keys for panels (axes) and the figure: the visibility and content of their static artists."""

    def __init__(self):
        self._tokens = {}     # id(object) -> (reference, token): an identity that is never reused
        self._records = {}    # id(artist) -> (reference, fingerprint)
        self._contents = {}   # id(artist) -> (reference, content), see content()
        self._interned = {}   # content -> fingerprint
        self._numbers = itertools.count()  # fingerprints: never given twice, even after a clean-up

    def panel_key(self, ax, static: list) -> tuple:
        """The key of the picture of ``static`` (artists of ``ax``, in drawing order) over ``ax``'s frame."""
        return (ax.bbox.bounds, ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_visible(),
                ax.axison, ax.get_frame_on(), self.artists_key(static))

    def artists_key(self, artists) -> tuple:
        """Visibility and fingerprint of each artist, in order: what they draw, not which objects they are (a
        legend made again for a selection seen before finds its picture)."""
        return tuple(a.get_visible() and self.fingerprint(a, placed=None) for a in artists)

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

    def fingerprint(self, artist, placed: bool | None = False) -> int:
        """A small integer that is equal for two states of ``artist`` exactly when they look the same.

        Kept while neither ``artist`` nor anything it holds is stale; then their stale flags are lowered.
        ``placed``: matplotlib places the artist while drawing (a title, an axis label), so its position
        does not count: it follows from what the key holds. ``None``: placed if it is a title of its axes.
        """
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis

        if isinstance(artist, Axes):  # an inset, drawn with its parent
            return self._intern(("axes", self.panel_key(artist, artist.get_children())))
        if isinstance(artist, Axis):
            return self._remembered(self._records, artist, lambda: self._intern(("axis", self._axis_content(artist))))
        placed = _is_title(artist) if placed is None else placed
        return self._remembered(self._records, artist,
                                lambda: self._intern((type(artist), self._content(artist, placed))))

    def content(self, artist) -> tuple:
        """What ``artist`` shows, as a hashable value (a fingerprint's content, not interned: for an artist whose
        content changes all the time, e.g. a moving text). Kept while it is not stale, as fingerprints are."""
        return self._remembered(self._contents, artist, lambda: (type(artist), self._content(artist, placed=False)))

    @staticmethod
    def _remembered(table: dict, artist, compute):
        """``table``'s value for ``artist`` while neither it nor what it holds is stale, else ``compute()``, kept;
        then the stale flags are lowered: the value now says what they show."""
        record = table.get(id(artist))
        if record is not None and record[0]() is artist and not _changed(artist):
            return record[1]
        value = compute()
        table[id(artist)] = (weakref.ref(artist, functools.partial(_forget, table, id(artist))), value)
        _settle(artist)
        return value

    def _intern(self, content) -> int:
        if len(self._interned) > _MOST_FINGERPRINTS:  # a long live run: forget, and let keys miss once
            self._interned.clear()
            self._records.clear()
        number = self._interned.get(content)
        if number is None:
            number = self._interned[content] = next(self._numbers)
        return number

    def _content(self, artist, placed: bool) -> tuple:
        ax = getattr(artist, "axes", None)
        properties = tuple((name, self._freeze(value, _DEPTH, ax)) for name, value in _properties(artist)
                           if not (placed and name in _PLACEMENT))
        held = [*artist.get_children(), *([artist.get_bbox_patch()] if hasattr(artist, "get_bbox_patch") else [])]
        transform = None if placed else self._transform(artist.get_transform(), ax)
        return properties + (("transform", transform), ("held", tuple(self.fingerprint(a) for a in held if a)))

    def _axis_content(self, axis) -> tuple:
        """What an axis is set to: its ticks are made from this and the limits while it is drawn."""
        parts = (axis.get_major_locator(), axis.get_major_formatter(), axis.get_minor_locator(),
                 axis.get_minor_formatter())
        return (axis.get_visible(), axis.get_zorder(), self.fingerprint(axis.label, placed=True),
                axis.get_label_position(),
                axis.get_ticks_position(), axis.get_inverted(),
                self._freeze(axis.get_tick_params(which="major"), _DEPTH, None),
                self._freeze(axis.get_tick_params(which="minor"), _DEPTH, None),
                tuple(map(self.identity, parts)), self._freeze(axis.get_units(), 0, None))

    def _transform(self, transform, ax):
        """A transform by name when it is one of its axes' own (their values are in the panel key), else by values."""
        if ax is not None:
            for name, own in (("data", ax.transData), ("axes", ax.transAxes), ("xaxis", ax.get_xaxis_transform()),
                              ("yaxis", ax.get_yaxis_transform())):
                if transform == own:
                    return name
        if transform.is_affine:
            return _array_content(transform.get_matrix())
        return ("transform", self.identity(transform))

    def _freeze(self, value, depth: int, ax):
        """``value`` as something hashable that is equal exactly when the content is."""
        from matplotlib.artist import Artist
        from matplotlib.transforms import BboxBase, Transform

        if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
            return value
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):  # a small one as the list it may also be given as
            small = value.dtype == object or (value.size <= 64 and not np.ma.is_masked(value))
            return self._freeze(value.tolist(), depth, ax) if small else _array_content(value)
        if isinstance(value, (list, tuple)):
            return ("seq", tuple(self._freeze(v, depth, ax) for v in value))
        if isinstance(value, dict):
            return ("dict", tuple((k, self._freeze(v, depth, ax)) for k, v in sorted(value.items(), key=str)))
        if isinstance(value, Artist):
            return ("artist", self.fingerprint(value))
        if isinstance(value, BboxBase):
            return ("bbox", value.bounds)
        if isinstance(value, Transform):
            return self._transform(value, ax)
        helper = _helper_content(value)
        if helper is not None:
            return tuple(self._freeze(v, depth - 1, ax) if depth > 0 else ("ref", self.identity(v)) for v in helper)
        return ("ref", self.identity(value))


def _helper_content(value):
    """What a matplotlib helper object (a path, font, norm, colour map, marker) shows, or None for anything else."""
    from matplotlib.colors import Colormap, Normalize
    from matplotlib.font_manager import FontProperties
    from matplotlib.markers import MarkerStyle
    from matplotlib.path import Path

    if isinstance(value, Path):
        return ("path", value.vertices, value.codes)
    if isinstance(value, FontProperties):
        return ("font", value.get_family(), value.get_style(), value.get_variant(), value.get_weight(),
                value.get_stretch(), value.get_size_in_points(), value.get_file())
    if isinstance(value, Normalize):
        return ("norm", type(value).__name__, value.vmin, value.vmax, value.clip)
    if isinstance(value, Colormap):
        return ("cmap", value.name, value.N, value.get_bad(), value.get_under(), value.get_over())
    if isinstance(value, MarkerStyle):
        return ("marker", value.get_marker(), value.get_fillstyle(), value.get_path(),
                value.get_transform().get_matrix())
    if type(value).__module__.startswith("matplotlib.") and hasattr(value, "__dict__"):  # e.g. a box style
        return (type(value).__qualname__, *((k, v) for k, v in sorted(vars(value).items()) if not k.startswith("_")))
    return None


_TOKENS = itertools.count()


@functools.cache
def _settable(kind: type) -> tuple:
    """The properties of ``kind`` that can be set and read back: ``(name, getter)``."""
    from matplotlib.artist import ArtistInspector

    names = sorted(set(ArtistInspector(kind).get_setters()) - _NOT_CONTENT)
    return tuple((name, getattr(kind, f"get_{name}")) for name in names if callable(getattr(kind, f"get_{name}", None)))


#: ``(type, name)`` of getters that need arguments, fail or warn (deprecated): left out from then on.
_UNREADABLE: set = set()
_TRIED: set = set()


def _properties(artist):
    """``(name, value)`` of every settable property of ``artist`` that reads back without arguments or warnings."""
    kind = type(artist)
    for name, getter in _settable(kind):
        if (kind, name) in _UNREADABLE:
            continue
        if (kind, name) in _TRIED:
            yield name, getter(artist)
            continue
        _TRIED.add((kind, name))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = getter(artist)
            except Exception:  # e.g. a getter that needs a renderer
                caught.append(None)
        if caught:
            _UNREADABLE.add((kind, name))
        else:
            yield name, value


def _is_title(artist) -> bool:
    """Whether ``artist`` is one of its axes' titles (left, centre or right): placed above the axes as drawn."""
    from matplotlib.text import Text

    ax = artist.axes
    return isinstance(artist, Text) and ax is not None and artist.get_transform() == ax.transAxes + ax.titleOffsetTrans


def _changed(artist) -> bool:
    """Whether ``artist`` or anything it holds was changed since its fingerprint was taken (of an axis, its
    label: the ticks are made again while it is drawn, from what its fingerprint holds)."""
    return artist.stale or any(_changed(child) for child in _held(artist))


def _settle(artist) -> None:
    """Lower the stale flags of ``artist`` and what it holds: the fingerprint now says what they show."""
    artist.stale = False
    for child in _held(artist):
        _settle(child)


def _held(artist) -> list:
    from matplotlib.axis import Axis

    return [artist.label] if isinstance(artist, Axis) else artist.get_children()


def _forget(table: dict, key: int, reference) -> None:
    """A weak reference's callback: drop ``table[key]`` if it still belongs to the object that died."""
    if table.get(key, (None,))[0] is reference:
        del table[key]


def _same(obj):
    return obj


def _array_content(array: np.ndarray) -> tuple:
    """An array by its type, shape and bytes, and its mask if it has one."""
    digest = hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=16).digest()
    mask = np.ma.getmask(array)
    return ("array", array.dtype.str, array.shape, digest,
            None if mask is np.ma.nomask else hashlib.blake2b(np.ascontiguousarray(mask).tobytes()).digest())
