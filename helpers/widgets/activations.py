"""The activation explorer: overlay activations, see ``g`` and ``g'`` side by side, and move ``w`` and ``b``.

One neuron with one input computes ``z = w x + b`` and outputs ``g(z)``. The left panel plots
``g(w x + b)`` against ``x``; the right panel plots ``g'(w x + b)``, the factor by which the
neuron passes a gradient back. A large ``|w|`` squeezes the curve, ``b`` shifts it, and where
``g'`` is near 0 the neuron is *saturated*: it hardly learns from those inputs.

Every activation has its two lines drawn once; a redraw only changes their data and
visibility, the legend, the y range (snapped to a few steps) and the title. The layout is fixed, and
everything that does not change is drawn once into a cached background (blitting).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
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


def activation_explorer(selected=("sigmoid", "tanh", "relu"), w: float = 1.0, b: float = 0.0,
                        x_range: tuple[float, float] = (-5.0, 5.0), n_points: int = 401,
                        figsize=(10.0, 4.4)) -> InteractiveFigure:
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

    Returns
    -------
    InteractiveFigure
        Controls ``activations`` (a ``SelectMultiple``), ``w`` and ``b``. Also carries ``g_lines`` and
        ``g_prime_lines`` (dicts name -> ``Line2D``) and ``axes`` for tests.
    """
    unknown = [name for name in selected if name not in ACTIVATIONS]
    if isinstance(selected, str) or unknown:
        raise ValueError(f"selected must be a sequence of activation names from {list(ACTIVATIONS)}; "
                         f"got {selected!r}")
    if not (-5 <= w <= 5 and -5 <= b <= 5):
        raise ValueError(f"w and b must lie in [-5, 5], got w={w}, b={b}")
    lo, hi = x_range
    if not lo < hi or n_points < 2:
        raise ValueError(f"need x_range = (low, high) with low < high and n_points >= 2, got {x_range}, {n_points}")

    x = np.linspace(lo, hi, n_points)
    fig, (ax_g, ax_d) = new_figure(1, 2, figsize=figsize)
    g_lines, g_prime_lines = {}, {}
    for i, name in enumerate(ACTIVATIONS):
        color = CLASS_COLORS[i % len(CLASS_COLORS)]
        # above the spines (zorder 2.5), where blitting draws them over the cached background
        (g_lines[name],) = ax_g.plot(x, np.zeros_like(x), color=color, label=name, zorder=3)
        (g_prime_lines[name],) = ax_d.plot(x, np.zeros_like(x), color=color, label=name, zorder=3)
    for ax in (ax_g, ax_d):
        ax.axhline(0, color="0.5", lw=0.8, zorder=1.5)  # under the curves, in the cached background
        ax.axvline(0, color="0.5", lw=0.8, zorder=1.5)
        ax.set_xlabel("input x")
        ax.set_xlim(lo, hi)
    # plain-text labels and few ticks: text layout is most of a redraw's cost
    ax_g.set_ylabel("g(wx + b)")
    ax_d.set_ylabel("g'(wx + b)")
    for ax in (ax_g, ax_d):
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(6))
    ax_d.axhline(SATURATION_THRESHOLD, color="0.35", lw=1.2, ls=":", zorder=1.5)
    ax_d.set_ylim(-0.25, 1.25)
    ax_d.set_title("derivative: what passes back")
    title = ax_g.set_title("")
    shown_in_legend: list[str] = [""]  # names in the current legend; [""] forces the first build

    def update(values):
        names = [n for n in ACTIVATIONS if n in values["activations"]]
        z = values["w"] * x + values["b"]
        lowest, highest = 0.0, 1.0
        for name, activation in ACTIVATIONS.items():
            shown = name in names
            g_lines[name].set_visible(shown)
            g_prime_lines[name].set_visible(shown)
            if shown:
                gz = activation.g(z)
                g_lines[name].set_ydata(gz)
                g_prime_lines[name].set_ydata(activation.g_prime(z))
                lowest, highest = min(lowest, float(gz.min())), max(highest, float(gz.max()))
        bottom, top = y_range(lowest, highest)
        pad = 0.08 * (top - bottom)
        ax_g.set_ylim(bottom - pad, top + pad)
        title.set_text(f"g(wx + b) for w = {values['w']:.2f}, b = {values['b']:.2f}")
        if names != shown_in_legend:  # rebuild the legend only when the selection changed
            if ax_g.get_legend() is not None:
                ax_g.get_legend().remove()
            if names:
                ax_g.legend(handles=[g_lines[name] for name in names], loc="upper left", fontsize=12)
            shown_in_legend[:] = names
        if not names:
            return "Pick at least one activation (Ctrl/Cmd-click to select several)."
        parts = [f"{name} {100 * saturated_fraction(ACTIVATIONS[name].g_prime, z):.0f}%" for name in names]
        return (f"share of the x range where |g'(wx+b)| &lt; {SATURATION_THRESHOLD} (saturated, learns little): "
                + ", ".join(parts))

    chooser = widgets.SelectMultiple(options=list(ACTIVATIONS), value=tuple(selected), rows=len(ACTIVATIONS),
                                     description="activations")
    controls = {"activations": chooser, "w": float_slider("weight w", w, -5.0, 5.0, 0.05),
                "b": float_slider("bias b", b, -5.0, 5.0, 0.05)}
    # A fixed layout with room for the widest tick labels: redraws skip the constrained-layout pass,
    # which costs more than drawing the lines, and the axes do not jump when the y range changes.
    fig.set_layout_engine("none")
    ax_g.set_position([0.095, 0.14, 0.395, 0.77])  # [left, bottom, width, height] in figure fractions
    ax_d.set_position([0.595, 0.14, 0.395, 0.77])
    # Blitting: ticks, labels, the zero lines and the right panel's title are drawn once into a cached
    # background; a redraw draws only the curves, the changing title and the legend (which changes with
    # the selection) on top. A new y range (a new snap in Y_TOPS) draws the background again.
    def dynamic_artists():
        return [*g_lines.values(), *g_prime_lines.values(), ax_g.title]

    explorer = InteractiveFigure(fig, controls, update, dynamic_artists=dynamic_artists)
    explorer.g_lines, explorer.g_prime_lines, explorer.axes = g_lines, g_prime_lines, (ax_g, ax_d)
    return explorer


__all__ = ["activation_explorer", "saturated_fraction", "y_range", "SATURATION_THRESHOLD", "Y_TOPS", "Y_BOTTOMS"]
