"""The temperature explorer: a log slider for ``T`` and the bar chart of ``softmax(z / T)``.

Only the bar heights, their value labels, the title and the entropy text change on a redraw
(``set_height`` / ``set_text``). They are the widget's dynamic artists: the axes, tick labels,
axis labels and legend are drawn once into a cached background and each move draws only the
bars, the uniform line and those texts on top of it (blitting), then encodes the PNG. The legend
joins them only while a tall bar reaches it, so that it stays on top as in a full draw.
"""

from __future__ import annotations

import numpy as np

from helpers.plots import CLASS_COLORS
from helpers.softmax import entropy, softmax
from helpers.widgets import InteractiveFigure, log_slider, new_figure


def temperature_explorer(z, labels=None, T: float = 1.0, T_min: float = 0.05, T_max: float = 20.0,
                         xlabel: str = "class", figsize=(8.0, 4.6)) -> InteractiveFigure:
    """Drag ``T`` and watch the probabilities ``softmax(z / T)`` and their entropy change.

    Parameters
    ----------
    z : 1-D array-like
        The scores (logits) of ``k >= 2`` classes.
    labels : sequence of str, optional
        A name per class for the x axis; defaults to ``z_1 .. z_k`` with their values.
    T : float
        The starting temperature, within ``[T_min, T_max]``.
    T_min, T_max : float
        The slider's range (log scale).
    xlabel : str
        The x axis label.

    Returns
    -------
    InteractiveFigure
        Also carries ``bars`` (the ``BarContainer``), ``value_texts`` and ``entropy_text`` for tests.
    """
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or len(z) < 2 or not np.all(np.isfinite(z)):
        raise ValueError(f"z must be a 1-D vector of at least 2 finite scores, got shape {z.shape}")
    k = len(z)
    if labels is None:
        labels = [f"$z_{i + 1}$={v:g}" for i, v in enumerate(z)]
    if len(labels) != k:
        raise ValueError(f"labels must name each of the {k} classes, got {len(labels)} labels")
    if not 0 < T_min <= T <= T_max:
        raise ValueError(f"need 0 < T_min <= T <= T_max, got T_min={T_min}, T={T}, T_max={T_max}")

    fig, ax = new_figure(figsize=figsize)
    order_colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)]
    bars = ax.bar(np.arange(k), np.zeros(k), color=order_colors, edgecolor="black", linewidth=0.8)
    max_entropy = np.log(k)
    uniform_line = ax.axhline(1.0 / k, color="0.35", linestyle="--", linewidth=1.8,
                              label=f"uniform 1/{k}: H = ln {k} = {max_entropy:.2f}")
    value_texts = [ax.text(i, 0.0, "", ha="center", va="bottom", fontsize=13) for i in range(k)]
    entropy_text = ax.text(0.02, 0.96, "", transform=ax.transAxes, ha="left", va="top", fontsize=14,
                           bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.6"})
    ax.set_xticks(np.arange(k), labels)
    ax.set_ylim(0, 1.3)  # room above a bar at 1.0 and its label for the entropy box and the legend
    ax.set_axisbelow(True)  # grid lines behind the bars (they are in the blitted background)
    ax.set_ylabel("probability")
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper right")
    ax.set_title("softmax(z / T)", loc="left")  # static: it stays in the cached background
    title = ax.set_title("", loc="right")       # only the temperature changes

    def update(values):
        temperature = values["T"]
        p = softmax(z, temperature)
        for bar, text, height in zip(bars, value_texts, p):
            bar.set_height(height)
            text.set_position((text.get_position()[0], height + 0.01))
            text.set_text(f"{height:.2f}")
        H = float(entropy(p))
        entropy_text.set_text(f"entropy H = {H:.2f} nats")
        title.set_text(f"T = {temperature:.3g}")
        return (f"T = {temperature:.3g}: largest probability {p.max():.3f}, entropy H = {H:.3f} nats "
                f"(0 for one-hot, {max_entropy:.3f} for uniform)")

    def dynamic_artists():
        return [*bars, uniform_line, *value_texts, entropy_text, title]

    explorer = InteractiveFigure(fig, {"T": log_slider("temperature T", T, T_min, T_max)}, update,
                                 dynamic_artists=dynamic_artists)
    explorer.bars, explorer.value_texts, explorer.entropy_text = bars, value_texts, entropy_text
    return explorer


__all__ = ["temperature_explorer"]
