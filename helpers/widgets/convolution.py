"""The kernel explorer: pick a digit and a 3x3 kernel (or edit its nine entries) and see the feature map.

Four panels: the input digit, the kernel with its numbers, the feature map ``conv2d(image, K)`` (``padding="same"``,
as a ``Conv2D`` layer with that kernel computes it) and the map after ReLU. Every image and the kernel's numbers
are dynamic artists (``set_data``, ``set_clim``, ``set_text``); the axes, titles and ticks are kept layers.

The state is the controls: the digit and the nine kernel entries ``k00 .. k22``. The ``kernel`` dropdown above the
figure is a shortcut, not state: choosing a preset sets the nine sliders at once (one redraw), and editing a slider
afterwards makes the kernel "your own" (the status line says which preset, if any, the kernel equals).

The pieces: :func:`draw_convolution_figure` makes the figure and returns its :class:`ConvolutionArtists`,
:func:`draw` only sets them, :class:`ConvolutionExplorer` wires the controls; :func:`convolution_explorer` is what
a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from helpers.colors import PROBABILITY_CMAP, register_colormaps
from helpers.convolution import KERNELS, conv2d
from helpers.widgets import InteractiveFigure, float_slider, new_figure

#: Colour ranges snap to these values, so a small kernel change keeps the colour scale.
SCALES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
OWN = "your own"
SLIDER_RANGE = 8.0


def snapped_scale(values) -> float:
    """The smallest of :data:`SCALES` at least ``max |values|`` (the largest if none is)."""
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    return next((s for s in SCALES if s >= top), SCALES[-1])


@dataclass
class ConvolutionArtists:
    """The four panels' artists that :func:`draw` sets."""

    digit: object          # AxesImage of the input
    kernel: object         # AxesImage of the 3x3 kernel
    kernel_texts: list     # the nine numbers on the kernel
    feature_map: object    # AxesImage of conv2d(image, K)
    relu_map: object       # AxesImage of max(0, conv2d(image, K))
    map_title: object      # the feature map's colour range, in a box (Text)

    def moving(self) -> list:
        """What a kernel move changes: the kernel, its numbers, both maps and the colour range. (A new digit changes
        the input panel too: a static artist set through its setter, so that panel is drawn again.)"""
        return [self.kernel, *self.kernel_texts, self.feature_map, self.relu_map, self.map_title]


def draw_convolution_figure(figsize=(11.0, 3.3)):
    """The four panels (images blank until drawn).

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : ConvolutionArtists
    """
    register_colormaps()
    fig, axes = new_figure(1, 4, figsize=figsize)
    blank8, blank3 = np.zeros((8, 8)), np.zeros((3, 3))
    digit = axes[0].imshow(blank8, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    kernel = axes[1].imshow(blank3, cmap=PROBABILITY_CMAP, vmin=-1, vmax=1, interpolation="nearest")
    kernel_texts = [axes[1].text(v, u, "", ha="center", va="center", fontsize=12) for u in range(3) for v in range(3)]
    feature_map = axes[2].imshow(blank8, cmap=PROBABILITY_CMAP, vmin=-1, vmax=1, interpolation="nearest")
    relu_map = axes[3].imshow(blank8, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    titles = ["input digit x", "kernel K (3x3)", "feature map x * K", "after ReLU"]
    for ax, title in zip(axes, titles):
        ax.set_title(title, loc="left", fontsize=12)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    axes[0].set_xlabel("8 x 8 pixels")
    axes[1].set_xlabel("blue < 0 < orange")
    axes[2].set_xlabel("blue < 0 < orange")
    axes[3].set_xlabel("max(0, x * K)")
    map_title = axes[2].text(0.98, 0.02, "", transform=axes[2].transAxes, ha="right", va="bottom", fontsize=10,
                             bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.6"})
    return fig, ConvolutionArtists(digit, kernel, kernel_texts, feature_map, relu_map, map_title)


def kernel_entry_text(value: float) -> str:
    """A kernel entry as the slider shows it, to two decimals without trailing zeros: 1, 1.01, -0.25, 0.11.

    Every slider step (0.01) changes the text, so a small edit is seen even where the colours barely move."""
    return f"{round(float(value), 2) + 0.0:g}"


def draw(artists: ConvolutionArtists, image, kernel) -> np.ndarray:
    """Show ``image``, ``kernel`` and their feature maps; return the feature map."""
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    fmap = conv2d(image, kernel, padding="same")
    if not np.array_equal(artists.digit.get_array(), image):
        artists.digit.set_data(image)
    k_scale = snapped_scale(kernel)
    artists.kernel.set_data(kernel)
    artists.kernel.set_clim(-k_scale, k_scale)
    for text, value in zip(artists.kernel_texts, kernel.ravel()):
        text.set_text(kernel_entry_text(value))
    scale = snapped_scale(fmap)
    artists.feature_map.set_data(fmap)
    artists.feature_map.set_clim(-scale, scale)
    artists.relu_map.set_data(np.maximum(fmap, 0.0))
    artists.relu_map.set_clim(0.0, scale)
    artists.map_title.set_text(f"±{scale:g}")
    return fmap


def matching_preset(kernel) -> str:
    """The name of the preset in :data:`KERNELS` equal to ``kernel`` (to 0.01), or ``"your own"``."""
    return next((name for name, K in KERNELS.items() if np.allclose(K, kernel, atol=0.01)), OWN)


def status_line(kernel, fmap) -> str:
    """Which kernel, and how much of the map survives the ReLU."""
    active = float(np.mean(fmap > 0))
    return (f"kernel: {matching_preset(kernel)} | feature map from {fmap.min():.2f} to {fmap.max():.2f} | "
            f"{active:.0%} of the 64 positions positive (kept by ReLU)")


def _entry(u: int, v: int) -> str:
    return f"k{u}{v}"


class ConvolutionExplorer:
    """Choose a digit and a kernel; see the feature map and the ReLU'd map update live.

    Parameters
    ----------
    images : array of shape (n, 8, 8)
        Digit images with pixels in [0, 1].
    labels : array of shape (n,)
        Their classes; the digit dropdown offers the first image of each class (its value is the class).
    kernel : str
        The starting preset, a key of :data:`~helpers.convolution.KERNELS`.
    digit : int
        The starting class.

    Attributes
    ----------
    explorer : InteractiveFigure
        Controls ``digit`` and ``k00`` .. ``k22``; its ``widget`` shows the ``preset`` dropdown above them.
    preset : ipywidgets.Dropdown
        The kernel shortcut: choosing a name sets the nine entries at once.
    artists : ConvolutionArtists
    """

    def __init__(self, images, labels, kernel: str = "vertical edges", digit: int = 0, figsize=(11.0, 3.3)):
        images, labels = np.asarray(images, dtype=np.float64), np.asarray(labels)
        if images.ndim != 3 or len(images) != len(labels) or not len(images):
            raise ValueError(f"images must be (n, height, width) with one label each, got {images.shape}")
        if kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {list(KERNELS)}, got {kernel!r}")
        self.images = images
        #: The image shown for each class: its first in ``images``.
        self.firsts = {int(c): int(np.flatnonzero(labels == c)[0]) for c in np.unique(labels)}
        if digit not in self.firsts:
            raise ValueError(f"digit must be one of the classes {sorted(self.firsts)}, got {digit}")
        digit_control = widgets.Dropdown(options=[(f"a {c} (image #{i})", c) for c, i in self.firsts.items()],
                                         value=digit, description="digit")
        controls = {"digit": digit_control}
        for u in range(3):
            for v in range(3):
                controls[_entry(u, v)] = float_slider(f"K[{u},{v}]", float(KERNELS[kernel][u, v]),
                                                      -SLIDER_RANGE, SLIDER_RANGE, step=0.01)
        figure, self.artists = draw_convolution_figure(figsize)
        self.explorer = InteractiveFigure(figure, controls, self._update, dynamic_artists=self.artists.moving)
        self.preset = widgets.Dropdown(options=[*KERNELS, OWN], value=kernel, description="kernel")
        self.preset.observe(self._on_preset, names="value")
        self.explorer.widget = widgets.VBox([self.preset, self.explorer.widget])

    def kernel(self, values=None) -> np.ndarray:
        """The 3x3 kernel the sliders hold."""
        values = self.explorer.values if values is None else values
        return np.array([[values[_entry(u, v)] for v in range(3)] for u in range(3)])

    def _on_preset(self, change) -> None:
        if change["new"] in KERNELS:
            K = KERNELS[change["new"]]
            self.explorer.set(**{_entry(u, v): float(K[u, v]) for u in range(3) for v in range(3)})

    def _update(self, values) -> str:
        kernel = self.kernel(values)
        fmap = draw(self.artists, self.images[self.firsts[values["digit"]]], kernel)
        return status_line(kernel, fmap)


def convolution_explorer(images, labels, **options) -> InteractiveFigure:
    """The kernel explorer a notebook shows: ``ConvolutionExplorer(images, labels, **options).explorer``."""
    return ConvolutionExplorer(images, labels, **options).explorer


__all__ = ["convolution_explorer", "ConvolutionExplorer", "ConvolutionArtists", "draw_convolution_figure", "draw",
           "matching_preset", "snapped_scale", "status_line", "KERNELS"]
