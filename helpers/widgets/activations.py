"""The activation explorer: overlay activations, see ``g`` and ``g'`` side by side, and move ``w`` and ``b``.

One neuron with one input computes ``z = w x + b`` and outputs ``g(z)``. The left panel plots
``g(w x + b)`` against ``x``; the right panel plots ``g'(w x + b)``, the factor by which the
neuron passes a gradient back. A large ``|w|`` squeezes the curve, ``b`` shifts it, and where
``g'`` is near 0 the neuron is *saturated*: it hardly learns from those inputs.

Every activation has its two lines drawn once; a redraw only changes their data and
visibility, the legend, the y range (snapped to a few steps) and the title. The layout is fixed, and
everything that does not change is drawn once into a cached background (blitting).

The pieces: :func:`draw_activation_figure` makes the figure and returns its :class:`ActivationArtists`,
:func:`draw` only sets them for the controls' values, and :class:`ActivationExplorer` wires the controls to
them; :func:`activation_explorer` is what a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.activations import ACTIVATIONS
from helpers.plots import CLASS_COLORS
from helpers.widgets import InteractiveFigure, float_slider, new_figure

#: ``g'(z)`` below this counts as saturated in the status line.
SATURATION_THRESHOLD = 0.05

#: The tops the left panel's y range snaps to (the highest curve, rounded up). Snapping keeps the
#: axes steady while a slider moves, and the cached background (ticks, labels) valid between moves.
#: The steps clear the tops at w = 1 (relu 5, softplus 5.007), so the start and changes of selection
#: share one y range.
Y_TOPS = (1.0, 3.0, 6.0, 12.0, 20.0, 30.0)
#: The bottoms it snaps to (the lowest curve, rounded down): at least -1 (tanh's floor), lower only
#: for leaky ReLU, whose negative slope 0.2 reaches -6 at z = -30.
Y_BOTTOMS = (-1.0, -2.0, -4.0, -6.0)


def y_range(lowest: float, highest: float) -> tuple[float, float]:
    """``(bottom, top)``: the highest of :data:`Y_BOTTOMS` at or below ``lowest`` and the lowest of
    :data:`Y_TOPS` at or above ``highest`` (the last of each if none is)."""
    bottom = next((b for b in Y_BOTTOMS if lowest >= b), Y_BOTTOMS[-1])
    top = next((t for t in Y_TOPS if highest <= t), Y_TOPS[-1])
    return bottom, top


def saturated_fraction(g_prime, z) -> float:
    """The fraction of the points ``z`` where ``|g'(z)|`` is below :data:`SATURATION_THRESHOLD`."""
    return float(np.mean(np.abs(g_prime(np.asarray(z, dtype=np.float64))) < SATURATION_THRESHOLD))


@dataclass
class ActivationArtists:
    """The two panels and, per activation, its line in each: ``g(w x + b)`` left, ``g'(w x + b)`` right."""

    x: np.ndarray        # the inputs along every line
    ax_g: Axes
    ax_d: Axes
    g_lines: dict        # name -> Line2D
    g_prime_lines: dict  # name -> Line2D

    def moving(self) -> list:
        """The artists a move changes: the curves and the title with w and b (the legend, which follows the
        selection, is kept with its panel and composited above the curves)."""
        return [*self.g_lines.values(), *self.g_prime_lines.values(), self.ax_g.title]


def draw_activation_figure(x, figsize=(10.0, 4.4)):
    """The explorer's figure: both panels with a line per activation (hidden until drawn) and fixed axes positions.

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : ActivationArtists
    """
    figure, (ax_g, ax_d) = new_figure(1, 2, figsize=figsize)
    g_lines, g_prime_lines = {}, {}
    for i, name in enumerate(ACTIVATIONS):
        color = CLASS_COLORS[i % len(CLASS_COLORS)]
        # above the spines (zorder 2.5)
        (g_lines[name],) = ax_g.plot(x, np.zeros_like(x), color=color, label=name, zorder=3)
        (g_prime_lines[name],) = ax_d.plot(x, np.zeros_like(x), color=color, label=name, zorder=3)
    for ax in (ax_g, ax_d):
        ax.axhline(0, color="0.5", lw=0.8, zorder=1.5)  # under the curves, in the cached background
        ax.axvline(0, color="0.5", lw=0.8, zorder=1.5)
        ax.set_xlabel("input x")
        ax.set_xlim(x[0], x[-1])
        # plain-text labels and few ticks: text layout is most of a redraw's cost
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(6))
    ax_g.set_ylabel("g(wx + b)")
    ax_d.set_ylabel("g'(wx + b)")
    ax_d.axhline(SATURATION_THRESHOLD, color="0.35", lw=1.2, ls=":", zorder=1.5)
    ax_d.set_ylim(-0.25, 1.25)
    ax_d.set_title("derivative: what passes back")
    ax_g.set_title("")
    # A fixed layout with room for the widest tick labels: redraws skip the constrained-layout pass,
    # which costs more than drawing the lines, and the axes do not jump when the y range changes.
    figure.set_layout_engine("none")
    ax_g.set_position([0.095, 0.14, 0.395, 0.77])  # [left, bottom, width, height] in figure fractions
    ax_d.set_position([0.595, 0.14, 0.395, 0.77])
    return figure, ActivationArtists(x, ax_g, ax_d, g_lines, g_prime_lines)


def draw(artists: ActivationArtists, names: list, w: float, b: float) -> None:
    """Show the activations ``names`` (in :data:`ACTIVATIONS` order) at ``z = w x + b``, hide the others."""
    z = w * artists.x + b
    lowest, highest = 0.0, 1.0
    for name, activation in ACTIVATIONS.items():
        shown = name in names
        artists.g_lines[name].set_visible(shown)
        artists.g_prime_lines[name].set_visible(shown)
        if shown:
            gz = activation.g(z)
            artists.g_lines[name].set_ydata(gz)
            artists.g_prime_lines[name].set_ydata(activation.g_prime(z))
            lowest, highest = min(lowest, float(gz.min())), max(highest, float(gz.max()))
    bottom, top = y_range(lowest, highest)
    pad = 0.08 * (top - bottom)
    artists.ax_g.set_ylim(bottom - pad, top + pad)
    artists.ax_g.title.set_text(f"g(wx + b) for w = {w:.2f}, b = {b:.2f}")
    _draw_legend(artists, names)


def _draw_legend(artists: ActivationArtists, names: list) -> None:
    """A legend of the lines ``names`` (none for none); rebuilt only when it shows other names."""
    legend = artists.ax_g.get_legend()
    shown = [text.get_text() for text in legend.get_texts()] if legend is not None else []
    if shown == names:
        return
    if legend is not None:
        legend.remove()
    if names:
        artists.ax_g.legend(handles=[artists.g_lines[name] for name in names], loc="upper left", fontsize=12)


def status_line(names: list, z) -> str:
    """How much of the x range each shown activation is saturated on, or a hint when none is shown."""
    if not names:
        return "Pick at least one activation (Ctrl/Cmd-click to select several)."
    parts = [f"{name} {100 * saturated_fraction(ACTIVATIONS[name].g_prime, z):.0f}%" for name in names]
    return (f"share of the x range where |g'(wx+b)| &lt; {SATURATION_THRESHOLD} (saturated, learns little): "
            + ", ".join(parts))


class ActivationExplorer:
    """Pick activations, then drag ``w`` and ``b`` and watch ``g(w x + b)`` and ``g'(w x + b)``.

    Parameters
    ----------
    selected : sequence of str
        The activations shown at first; names from :data:`helpers.activations.ACTIVATIONS`.
    w, b : float
        The starting weight (in ``[-5, 5]``) and bias (in ``[-5, 5]``) of the pre-activation.
    x_range : (float, float)
        The inputs ``x`` plotted.
    n_points : int
        Points along ``x``.

    Attributes
    ----------
    explorer : InteractiveFigure
        What a notebook shows. Controls ``activations`` (a ``SelectMultiple``), ``w`` and ``b``: they are
        the whole state, and the update function draws them.
    artists : ActivationArtists
    """

    def __init__(self, selected=("sigmoid", "tanh", "relu"), w: float = 1.0, b: float = 0.0,
                 x_range: tuple[float, float] = (-5.0, 5.0), n_points: int = 401, figsize=(10.0, 4.4)):
        _validate(selected, w, b, x_range, n_points)
        figure, self.artists = draw_activation_figure(np.linspace(*x_range, n_points), figsize)
        chooser = widgets.SelectMultiple(options=list(ACTIVATIONS), value=tuple(selected), rows=len(ACTIVATIONS),
                                         description="activations")
        controls = {"activations": chooser, "w": float_slider("weight w", w, -5.0, 5.0, 0.05),
                    "b": float_slider("bias b", b, -5.0, 5.0, 0.05)}
        # Blitting: ticks, labels, the zero lines and the right panel's title are drawn once into a cached
        # background. A new y range (a new snap in Y_TOPS) draws the left panel's background again.
        self.explorer = InteractiveFigure(figure, controls, self._update, dynamic_artists=self.artists.moving)

    def _update(self, values) -> str:
        names = [name for name in ACTIVATIONS if name in values["activations"]]
        draw(self.artists, names, values["w"], values["b"])
        return status_line(names, values["w"] * self.artists.x + values["b"])


def _validate(selected, w, b, x_range, n_points) -> None:
    unknown = [name for name in selected if name not in ACTIVATIONS]
    if isinstance(selected, str) or unknown:
        raise ValueError(f"selected must be a sequence of activation names from {list(ACTIVATIONS)}; "
                         f"got {selected!r}")
    if not (-5 <= w <= 5 and -5 <= b <= 5):
        raise ValueError(f"w and b must lie in [-5, 5], got w={w}, b={b}")
    lo, hi = x_range
    if not lo < hi or n_points < 2:
        raise ValueError(f"need x_range = (low, high) with low < high and n_points >= 2, got {x_range}, {n_points}")


def activation_explorer(selected=("sigmoid", "tanh", "relu"), **options) -> InteractiveFigure:
    """The activation explorer a notebook shows: ``ActivationExplorer(selected, **options).explorer``
    (see :class:`ActivationExplorer`)."""
    return ActivationExplorer(selected, **options).explorer


__all__ = ["activation_explorer", "ActivationExplorer", "ActivationArtists", "draw_activation_figure", "draw",
           "status_line", "saturated_fraction", "y_range", "SATURATION_THRESHOLD", "Y_TOPS", "Y_BOTTOMS"]
