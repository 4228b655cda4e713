"""Capacity explorer: hidden units and training epochs against the fitted curve and the train/validation error.

Everything is precomputed by :func:`helpers.regression.train_mlp_fits`; moving a slider only
looks up a stored curve and updates the artists in place, and only those artists are redrawn
(over kept layers of points, axes and legends).

The pieces: :func:`draw_capacity_figure` makes the figure and returns its :class:`CapacityArtists`,
:func:`draw` only sets them for the fit the sliders select, and :class:`CapacityExplorer` wires the sliders to
them; :func:`capacity_explorer` is what a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from helpers.regression import CapacityFits
from helpers.widgets import InteractiveFigure, new_figure


@dataclass
class CapacityArtists:
    """What :func:`draw` sets: the fitted curve (left), the error curves and the epoch marker (right)."""

    curve: Line2D
    train_line: Line2D
    val_line: Line2D
    now: Line2D  # the current epoch

    def moving(self) -> list:
        """The artists a move changes: the curves, the epoch marker and the two titles (the points, axes and
        legends are kept, the legends composited above the curves)."""
        return [self.curve, self.train_line, self.val_line, self.now, self.curve.axes.title,
                self.train_line.axes.title]


def draw_capacity_figure(fits: CapacityFits, points, x_curve, epochs: int, xlabel: str = "weight (1000 lbs)",
                         ylabel: str = "MPG"):
    """The fit panel (the cars and a fitted curve) and the error panel (train and validation MSE per epoch).

    ``points`` are ``(x_train, y_train, x_val, y_val)``, in the units the axes show.

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : CapacityArtists
    """
    figure, (ax_fit, ax_loss) = new_figure(1, 2, figsize=(12.0, 4.8))
    curve = _draw_fit_panel(ax_fit, fits, points, x_curve, xlabel, ylabel)
    epoch_axis = np.arange(1, fits.train_mse.shape[1] + 1)
    # above the spines (zorder 2.5)
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
    ax_loss.legend(loc="lower left", fontsize=11)
    return figure, CapacityArtists(curve, train_line, val_line, now)


def _draw_fit_panel(ax, fits: CapacityFits, points, x_curve, xlabel: str, ylabel: str) -> Line2D:
    """The training and validation cars, the first fitted curve (returned) and the legend, on ``ax``."""
    x_train, y_train, x_val, y_val = (np.ravel(p) for p in points)
    ax.scatter(x_train, y_train, s=30, color="C0", label="training cars", zorder=2)
    ax.scatter(x_val, y_val, s=16, color="C1", marker="s", alpha=0.5, label="validation cars", zorder=1)
    (curve,) = ax.plot(x_curve, fits.curves[0, 0], color="k", lw=3, label="fitted curve", zorder=3)
    y_all = np.concatenate([y_train, y_val])
    margin = 0.1 * np.ptp(y_all)
    ax.set_ylim(y_all.min() - margin, y_all.max() + margin)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper right", fontsize=11)
    return curve


def draw(artists: CapacityArtists, fits: CapacityFits, i: int, j: int) -> None:
    """Show the stored fit ``(i, j)``: ``fits.hidden_units[i]`` units after ``fits.checkpoints[j]`` epochs, and
    its error curves."""
    units, epochs = fits.hidden_units[i], fits.checkpoints[j]
    artists.curve.set_ydata(fits.curves[i, j])
    artists.train_line.set_ydata(fits.train_mse[i])
    artists.val_line.set_ydata(fits.val_mse[i])
    artists.now.set_xdata([epochs, epochs])
    train_error, val_error = fits.train_mse[i, epochs - 1], fits.val_mse[i, epochs - 1]
    artists.curve.axes.title.set_text(f"Dense({units}, relu) + Dense(1), epoch {epochs}")
    artists.train_line.axes.title.set_text(f"MSE: train {train_error:.1f}, validation {val_error:.1f}")


def status_line(fits: CapacityFits, i: int, j: int) -> str:
    """The size of fit ``(i, j)``'s network and its two errors at that checkpoint."""
    units, epochs = fits.hidden_units[i], fits.checkpoints[j]
    return (f"{units} hidden units ({3 * units + 1} parameters), {epochs} epochs: "
            f"train MSE {fits.train_mse[i, epochs - 1]:.1f}, validation MSE {fits.val_mse[i, epochs - 1]:.1f}")


class CapacityExplorer:
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

    Attributes
    ----------
    explorer : InteractiveFigure
        What a notebook shows. Its controls ``units`` and ``epochs`` are the whole state; the update
        function draws the stored fit they select.
    artists : CapacityArtists
    """

    def __init__(self, fits: CapacityFits, x_train, y_train, x_val, y_val, x_curve=None, units: int | None = None,
                 epochs: int | None = None, xlabel: str = "weight (1000 lbs)", ylabel: str = "MPG"):
        if not isinstance(fits, CapacityFits):
            raise ValueError(f"fits must be a CapacityFits from train_mlp_fits, got {type(fits).__name__}")
        x_curve = fits.x_curve if x_curve is None else np.asarray(x_curve, dtype=np.float64).reshape(-1)
        if x_curve.shape != fits.x_curve.shape:
            raise ValueError(f"x_curve must have the {len(fits.x_curve)} points of fits.x_curve, got {x_curve.shape}")
        units = fits.hidden_units[0] if units is None else units
        epochs = fits.checkpoints[-1] if epochs is None else epochs
        fits.index(units, epochs)  # validates both
        self.fits = fits
        figure, self.artists = draw_capacity_figure(fits, (x_train, y_train, x_val, y_val), x_curve, epochs,
                                                    xlabel, ylabel)
        controls = {
            "units": widgets.SelectionSlider(options=list(fits.hidden_units), value=units,
                                             description="hidden units", continuous_update=True),
            "epochs": widgets.SelectionSlider(options=list(fits.checkpoints), value=epochs, description="epochs",
                                              continuous_update=True),
        }
        self.explorer = InteractiveFigure(figure, controls, self._update, dynamic_artists=self.artists.moving())

    def _update(self, values) -> str:
        i, j = self.fits.index(values["units"], values["epochs"])
        draw(self.artists, self.fits, i, j)
        return status_line(self.fits, i, j)


def capacity_explorer(fits: CapacityFits, x_train, y_train, x_val, y_val, **options) -> InteractiveFigure:
    """The capacity explorer a notebook shows: ``CapacityExplorer(fits, x_train, y_train, x_val, y_val,
    **options).explorer`` (see :class:`CapacityExplorer`)."""
    return CapacityExplorer(fits, x_train, y_train, x_val, y_val, **options).explorer


__all__ = ["capacity_explorer", "CapacityExplorer", "CapacityArtists", "draw_capacity_figure", "draw", "status_line"]
