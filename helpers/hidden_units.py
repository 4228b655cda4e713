"""What the hidden units of a small trained network compute over the plane (notebook 04).

Each hidden unit of a ``Dense`` layer is a function of the two inputs; drawn as its own small surface next
to the output's, it shows the output combining the features the hidden layer learned.
"""

from __future__ import annotations

import numpy as np

from helpers.colors import OKABE_ITO
from helpers.plots import make_grid, plot_classes


def hidden_activations(model, points, layer: int = 0) -> np.ndarray:
    """The activations of ``model.layers[layer]`` for each point: the layers up to it, applied in order.

    Parameters
    ----------
    model : keras.Sequential
        A model whose layers run one after the other (a ``Sequential`` model).
    points : array of shape (m, 2)
        The inputs.
    layer : int
        Which layer's output to return (0: the first hidden layer).

    Returns
    -------
    numpy.ndarray of shape (m, units)
    """
    layers = list(model.layers)
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(layers) - 1:
        raise ValueError(f"layer must be the index of a hidden layer, 0 to {len(layers) - 2}; got {layer!r}")
    values = np.asarray(points, dtype=np.float32)
    for hidden in layers[: layer + 1]:
        values = hidden(values)
    return np.asarray(values, dtype=np.float64)


def plot_hidden_units(axes, model, X, y=None, *, layer: int = 0, resolution: int = 60, vmin: float = 0.0,
                      vmax: float = 1.0, show_lines: bool = True):
    """Draw each hidden unit of ``model.layers[layer]`` as a small surface over the plane of ``X``.

    Parameters
    ----------
    axes : sequence of matplotlib Axes
        One per unit of the layer, in unit order.
    model : keras.Sequential
        A trained model on 2-D inputs.
    X : array of shape (n, 2)
        The inputs; they fix the extent (as :func:`helpers.plots.make_grid`).
    y : array of shape (n,), optional
        Labels; the points are drawn small over each unit's surface.
    layer : int
        The hidden layer to show (0: the first).
    resolution : int
        Grid points per side.
    vmin, vmax : float
        The activation values shaded white and green (0 and 1 suit sigmoid units; use -1 for tanh). Green is
        no class colour: a unit's picture is a feature, not a prediction, and the class-coloured points stay
        visible on it.
    show_lines : bool
        For the first layer, draw each unit's line $\\mathbf{w}\\cdot\\mathbf{x} + b = 0$ (dashed), where its
        weighted sum changes sign.

    Returns
    -------
    list of matplotlib.image.AxesImage
        One image per unit. Each axes' title names the unit and its weight into the next layer (for a
        one-output next layer).
    """
    activations_layer = model.layers[layer]
    units = int(activations_layer.units)
    axes = list(np.ravel(axes))
    if len(axes) != units:
        raise ValueError(f"need one axes per hidden unit: layer {layer} has {units} units, got {len(axes)} axes")
    xx, yy, grid = make_grid(X, resolution=resolution)
    values = hidden_activations(model, grid, layer).reshape(*xx.shape, units)
    next_kernel = model.layers[layer + 1].get_weights()[0]
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("unit activation", ["#ffffff", OKABE_ITO["green"]])
    images = []
    for j, ax in enumerate(axes):
        images.append(ax.imshow(values[:, :, j], origin="lower", aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax,
                                alpha=0.6, interpolation="bilinear",
                                extent=(xx.min(), xx.max(), yy.min(), yy.max())))
        if show_lines and layer == 0:
            W, b = activations_layer.get_weights()
            z = (grid.astype(np.float64) @ W[:, j] + b[j]).reshape(xx.shape)
            if z.min() < 0 < z.max():
                ax.contour(xx, yy, z, levels=[0.0], colors="0.15", linestyles="--", linewidths=1.5)
        if y is not None:
            plot_classes(X, y, ax=ax, size=12, alpha=0.8, edgecolor="0.2")
        weight = f": weight {next_kernel[j, 0]:+.1f} into the output" if next_kernel.shape[1] == 1 else ""
        ax.set_title(f"unit {j + 1}{weight}", fontsize=12)
        ax.set_xlim(xx.min(), xx.max())
        ax.set_ylim(yy.min(), yy.max())
    return images


__all__ = ["hidden_activations", "plot_hidden_units"]
