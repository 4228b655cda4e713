"""The temperature explorer: a log slider for ``T`` and the bar chart of ``softmax(z / T)``.

Only the bar heights, their value labels, the title and the entropy text change on a redraw
(``set_height`` / ``set_text``). They are the widget's dynamic artists: the axes, tick labels,
axis labels, the uniform line and the legend are kept as layers, the last two composited above the bars,
so a move draws only the bars and texts, then encodes the PNG.

The pieces: :func:`draw_temperature_figure` makes the figure and returns its :class:`TemperatureArtists`,
:func:`draw` only sets them from the probabilities, and :class:`TemperatureExplorer` wires the slider to
them; :func:`temperature_explorer` is what a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.container import BarContainer
from matplotlib.text import Text

from helpers.plots import CLASS_COLORS
from helpers.softmax import entropy, softmax
from helpers.widgets import InteractiveFigure, log_slider, new_figure


@dataclass
class TemperatureArtists:
    """The bar chart's artists that :func:`draw` sets."""

    bars: BarContainer   # one bar per class
    value_texts: list    # the probability above each bar (Text)
    entropy_text: Text   # the entropy, in a box
    title: Text          # the right-hand title: the temperature

    def moving(self) -> list:
        """The artists a move changes: the bars, their values, the entropy box and the temperature (the uniform
        line and the legend are kept and composited above the bars)."""
        return [*self.bars, *self.value_texts, self.entropy_text, self.title]


def draw_temperature_figure(labels, xlabel: str = "class", figsize=(8.0, 4.6)):
    """The bar chart, one bar per class (height 0 until drawn), with the uniform line and the legend.

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : TemperatureArtists
    """
    fig, ax = new_figure(figsize=figsize)
    k = len(labels)
    bars = ax.bar(np.arange(k), np.zeros(k), color=[CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)],
                  edgecolor="black", linewidth=0.8)
    ax.axhline(1.0 / k, color="0.35", linestyle="--", linewidth=1.8,
                              label=f"uniform 1/{k}: H = ln {k} = {np.log(k):.2f}")
    value_texts = [ax.text(i, 0.0, "", ha="center", va="bottom", fontsize=13) for i in range(k)]
    entropy_text = ax.text(0.02, 0.96, "", transform=ax.transAxes, ha="left", va="top", fontsize=14,
                           bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.6"})
    ax.set_xticks(np.arange(k), labels)
    ax.set_ylim(0, 1.3)  # room above a bar at 1.0 and its label for the entropy box and the legend
    ax.set_axisbelow(True)  # grid lines behind the bars
    ax.set_ylabel("probability")
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper right")
    ax.set_title("softmax(z / T)", loc="left")  # static: kept with its panel
    title = ax.set_title("", loc="right")       # only the temperature changes
    return fig, TemperatureArtists(bars, value_texts, entropy_text, title)


def draw(artists: TemperatureArtists, p, temperature: float) -> None:
    """Show the probabilities ``p`` (their bars, values and entropy) at ``temperature``."""
    for bar, text, height in zip(artists.bars, artists.value_texts, p):
        bar.set_height(height)
        text.set_position((text.get_position()[0], height + 0.01))
        text.set_text(f"{height:.2f}")
    artists.entropy_text.set_text(f"entropy H = {float(entropy(p)):.2f} nats")
    artists.title.set_text(f"T = {temperature:.3g}")


def status_line(p, temperature: float) -> str:
    """The largest probability and the entropy, against its range from one-hot to uniform."""
    return (f"T = {temperature:.3g}: largest probability {p.max():.3f}, entropy H = {float(entropy(p)):.3f} nats "
            f"(0 for one-hot, {np.log(len(p)):.3f} for uniform)")


class TemperatureExplorer:
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

    Attributes
    ----------
    explorer : InteractiveFigure
        What a notebook shows. Its one control, ``T``, is the whole state; the update function draws it.
    artists : TemperatureArtists
    z : numpy.ndarray
    """

    def __init__(self, z, labels=None, T: float = 1.0, T_min: float = 0.05, T_max: float = 20.0,
                 xlabel: str = "class", figsize=(8.0, 4.6)):
        self.z = np.asarray(z, dtype=np.float64)
        labels = _validated_labels(self.z, labels)
        if not 0 < T_min <= T <= T_max:
            raise ValueError(f"need 0 < T_min <= T <= T_max, got T_min={T_min}, T={T}, T_max={T_max}")
        figure, self.artists = draw_temperature_figure(labels, xlabel, figsize)
        self.explorer = InteractiveFigure(figure, {"T": log_slider("temperature T", T, T_min, T_max)}, self._update,
                                          dynamic_artists=self.artists.moving)

    def _update(self, values) -> str:
        p = softmax(self.z, values["T"])
        draw(self.artists, p, values["T"])
        return status_line(p, values["T"])


def _validated_labels(z: np.ndarray, labels) -> list:
    """``labels``, or ``z_1 .. z_k`` with their values; ValueError for scores or labels that do not fit."""
    if z.ndim != 1 or len(z) < 2 or not np.all(np.isfinite(z)):
        raise ValueError(f"z must be a 1-D vector of at least 2 finite scores, got shape {z.shape}")
    if labels is None:
        labels = [f"$z_{i + 1}$={v:g}" for i, v in enumerate(z)]
    if len(labels) != len(z):
        raise ValueError(f"labels must name each of the {len(z)} classes, got {len(labels)} labels")
    return list(labels)


def temperature_explorer(z, **options) -> InteractiveFigure:
    """The temperature explorer a notebook shows: ``TemperatureExplorer(z, **options).explorer``
    (see :class:`TemperatureExplorer`)."""
    return TemperatureExplorer(z, **options).explorer


__all__ = ["temperature_explorer", "TemperatureExplorer", "TemperatureArtists", "draw_temperature_figure", "draw",
           "status_line"]
