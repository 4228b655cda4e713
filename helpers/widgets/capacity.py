"""Capacity explorer: hidden units and training epochs against the fitted curve and the train/validation error.

Everything is precomputed by :func:`helpers.regression.train_mlp_fits`; moving a slider only
looks up a stored curve and updates the artists in place, and only those artists are redrawn
(blitted over a cached background of points, axes and legends).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from helpers.regression import CapacityFits
from helpers.widgets import InteractiveFigure, new_figure


def capacity_explorer(fits: CapacityFits, x_train, y_train, x_val, y_val, x_curve=None, units: int | None = None,
                      epochs: int | None = None, xlabel: str = "weight (1000 lbs)", ylabel: str = "MPG"):
    """Sliders for the hidden units and the epochs; the fitted curve (left) and the error curves (right).

    Parameters
    ----------
    fits : CapacityFits
        From :func:`helpers.regression.train_mlp_fits`.
    x_train, y_train, x_val, y_val : 1-D arrays
        The points to draw, in the units the axes should show.
    x_curve : 1-D array, optional
        ``fits.x_curve`` in those same units (e.g. un-standardised); defaults to ``fits.x_curve``.
    units, epochs : int, optional
        The starting position (one of ``fits.hidden_units`` / ``fits.checkpoints``); the smallest
        width and the last checkpoint by default.

    Returns
    -------
    InteractiveFigure
        Controls ``units`` and ``epochs``.
    """
    if not isinstance(fits, CapacityFits):
        raise ValueError(f"fits must be a CapacityFits from train_mlp_fits, got {type(fits).__name__}")
    x_curve = fits.x_curve if x_curve is None else np.asarray(x_curve, dtype=np.float64).reshape(-1)
    if x_curve.shape != fits.x_curve.shape:
        raise ValueError(f"x_curve must have the {len(fits.x_curve)} points of fits.x_curve, got {x_curve.shape}")
    units = fits.hidden_units[0] if units is None else units
    epochs = fits.checkpoints[-1] if epochs is None else epochs
    fits.index(units, epochs)  # validates both

    figure, (ax_fit, ax_loss) = new_figure(1, 2, figsize=(12.0, 4.8))
    ax_fit.scatter(np.ravel(x_train), np.ravel(y_train), s=30, color="#1f77b4", label="training cars", zorder=2)
    ax_fit.scatter(np.ravel(x_val), np.ravel(y_val), s=16, color="#ff7f0e", marker="s", alpha=0.5,
                   label="validation cars", zorder=1)
    (curve,) = ax_fit.plot(x_curve, fits.curves[0, 0], color="k", lw=3, label="fitted curve", zorder=3)
    y_all = np.concatenate([np.ravel(y_train), np.ravel(y_val)])
    margin = 0.1 * np.ptp(y_all)
    ax_fit.set_ylim(y_all.min() - margin, y_all.max() + margin)
    ax_fit.set_xlabel(xlabel)
    ax_fit.set_ylabel(ylabel)
    fit_legend = ax_fit.legend(loc="upper right", fontsize=11)

    epoch_axis = np.arange(1, fits.train_mse.shape[1] + 1)
    # above the spines (zorder 2.5), as blitting draws them over the cached background
    (train_line,) = ax_loss.plot(epoch_axis, fits.train_mse[0], label="train MSE", zorder=3)
    (val_line,) = ax_loss.plot(epoch_axis, fits.val_mse[0], "--", label="validation MSE", zorder=3)
    now = ax_loss.axvline(epochs, color="0.3", lw=1.5, label="current epoch", zorder=3)
    ax_loss.set_xscale("log")
    # plain tick labels at the powers of ten: mathtext labels and minor ticks would triple the redraw time
    decades = [10 ** k for k in range(len(str(len(epoch_axis))))]
    ax_loss.xaxis.set_major_locator(FixedLocator(decades))
    ax_loss.xaxis.set_major_formatter(FixedFormatter([str(d) for d in decades]))
    ax_loss.xaxis.set_minor_locator(NullLocator())
    settled = np.concatenate([fits.train_mse[:, 10:].ravel(), fits.val_mse[:, 10:].ravel()])
    ax_loss.set_ylim(0, 1.15 * np.percentile(settled, 99))
    ax_loss.set_xlabel("epoch (log scale)")
    ax_loss.set_ylabel(f"MSE ({ylabel}²)")
    loss_legend = ax_loss.legend(loc="lower left", fontsize=11)

    def update(values):
        i, j = fits.index(values["units"], values["epochs"])
        curve.set_ydata(fits.curves[i, j])
        train_line.set_ydata(fits.train_mse[i])
        val_line.set_ydata(fits.val_mse[i])
        now.set_xdata([values["epochs"], values["epochs"]])
        train_error, val_error = fits.train_mse[i, values["epochs"] - 1], fits.val_mse[i, values["epochs"] - 1]
        ax_fit.set_title(f"Dense({values['units']}, relu) + Dense(1), epoch {values['epochs']}")
        ax_loss.set_title(f"MSE: train {train_error:.1f}, validation {val_error:.1f}")
        return (f"{values['units']} hidden units ({3 * values['units'] + 1} parameters), {values['epochs']} epochs: "
                f"train MSE {train_error:.1f}, validation MSE {val_error:.1f}")

    controls = {
        "units": widgets.SelectionSlider(options=list(fits.hidden_units), value=units, description="hidden units",
                                         continuous_update=True),
        "epochs": widgets.SelectionSlider(options=list(fits.checkpoints), value=epochs, description="epochs",
                                          continuous_update=True),
    }
    explorer = InteractiveFigure(figure, controls, update,
                                 dynamic_artists=[curve, train_line, val_line, now, ax_fit.title, ax_loss.title])
    return explorer


__all__ = ["capacity_explorer"]
