"""Regularization explorer: dropout rate and L2 strength against the decision surface and the loss curves.

:func:`regularization_grid` trains one numpy MLP per (dropout rate, L2 strength) pair once, at build
time (:func:`helpers.numpy_regularization.train_numpy_mlps`, well under a second for the whole grid);
moving a slider only looks a run up and updates the artists in place.

The pieces: :func:`draw_regularization_figure` makes the figure and returns its :class:`RegularizationArtists`,
:func:`draw` only sets them for the run the sliders select, and :class:`RegularizationExplorer` wires the sliders to
them; :func:`regularization_explorer` is what a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from helpers.colors import probability_cmap
from helpers.plots import DecisionSurfaceDisplay, make_grid
from helpers.numpy_regularization import train_numpy_mlps
from helpers.widgets import InteractiveFigure, new_figure


@dataclass
class RegularizationGrid:
    """Precomputed runs: ``surfaces[i, j]`` (grid probabilities), ``train_loss[i, j]`` and ``val_loss[i, j]``
    (one value per epoch) and ``kernel_norm[i, j]`` for ``dropout_rates[i]`` and ``l2_strengths[j]``."""

    dropout_rates: tuple
    l2_strengths: tuple
    xx: np.ndarray
    yy: np.ndarray
    surfaces: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    kernel_norm: np.ndarray

    def index(self, dropout: float, l2: float) -> tuple[int, int]:
        """The grid position of a (dropout, l2) pair; ValueError naming the choices otherwise."""
        i = [k for k, r in enumerate(self.dropout_rates) if np.isclose(r, dropout)]
        j = [k for k, s in enumerate(self.l2_strengths) if np.isclose(s, l2)]
        if not i or not j:
            raise ValueError(f"(dropout={dropout!r}, l2={l2!r}) was not precomputed; choose dropout from "
                             f"{self.dropout_rates} and l2 from {self.l2_strengths}")
        return i[0], j[0]


def regularization_grid(X_train, y_train, X_val, y_val, dropout_rates=(0.0, 0.2, 0.5),
                        l2_strengths=(0.0, 1e-4, 1e-3, 1e-2), hidden=(64, 64), epochs: int = 60,
                        batch_size: int = 10, resolution: int = 80, seed: int = 0) -> RegularizationGrid:
    """Train the numpy MLP for every (dropout, L2) pair at once, same seed and batches; keep curves and surfaces."""
    if not dropout_rates or not l2_strengths:
        raise ValueError("dropout_rates and l2_strengths must each list at least one value")
    X_all = np.concatenate([np.asarray(X_train), np.asarray(X_val)])
    xx, yy, points = make_grid(X_all, resolution=resolution)
    shape = (len(dropout_rates), len(l2_strengths))
    surfaces = np.empty(shape + xx.shape)
    train_loss, val_loss = np.empty(shape + (epochs,)), np.empty(shape + (epochs,))
    norms = np.empty(shape)
    pairs = [(rate, l2) for rate in dropout_rates for l2 in l2_strengths]
    runs = train_numpy_mlps(X_train, y_train, X_val, y_val, [r for r, _ in pairs], [l for _, l in pairs],
                            hidden=hidden, epochs=epochs, batch_size=batch_size, seed=seed)
    for (i, j), run in zip(np.ndindex(shape), runs):
        surfaces[i, j] = run.predict(points).reshape(xx.shape)
        train_loss[i, j], val_loss[i, j] = run.train_loss, run.val_loss
        norms[i, j] = run.kernel_norm()
    return RegularizationGrid(tuple(dropout_rates), tuple(l2_strengths), xx, yy, surfaces, train_loss, val_loss,
                              norms)


@dataclass
class RegularizationArtists:
    """What :func:`draw` sets: the decision surface and its title (left), the loss curves and the best epoch (right)."""

    surface: DecisionSurfaceDisplay
    surface_title: Text
    train_line: Line2D
    val_line: Line2D
    best_marker: Line2D
    val_points: PathCollection | None  # the faint validation points, if drawn

    def moving(self) -> list:
        """The artists a move changes: the surface, its boundary (a new contour each move) and title, and the
        loss curves with the best epoch. Points, spines and legends are kept and composited above them."""
        return [self.surface.image_, self.surface.contour_, self.surface_title, self.train_line, self.val_line,
                self.best_marker]


def draw_regularization_figure(grid: RegularizationGrid, X_train, y_train, X_val=None, y_val=None):
    """The surface panel (the first run's surface, the points, a legend) and the loss panel (its curves).

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : RegularizationArtists
    """
    figure, (ax_surface, ax_loss) = new_figure(1, 2, figsize=(12.0, 5.0))
    val_points = None
    if X_val is not None and y_val is not None:
        val_points = ax_surface.scatter(np.asarray(X_val)[:, 0], np.asarray(X_val)[:, 1], c=np.asarray(y_val),
                                        cmap=probability_cmap(), s=10, alpha=0.35, vmin=0, vmax=1, zorder=1,
                                        label="validation (faint)")
    display = DecisionSurfaceDisplay(xx=grid.xx, yy=grid.yy, values=grid.surfaces[0, 0]).plot(
        ax_surface, X=X_train, y=y_train)
    ax_surface.grid(False)  # the surface shows the model; grid lines over it would only clutter it
    ax_surface.legend(loc="lower left", fontsize=11, framealpha=1.0, fancybox=False)

    epochs = np.arange(1, grid.train_loss.shape[-1] + 1)
    (train_line,) = ax_loss.plot(epochs, grid.train_loss[0, 0], label="train loss")
    (val_line,) = ax_loss.plot(epochs, grid.val_loss[0, 0], "--", label="validation loss")
    (best_marker,) = ax_loss.plot([], [], "o", color=val_line.get_color(), ms=10, label="best validation")
    top = min(max(float(np.max(grid.val_loss)), float(np.max(grid.train_loss))), 3.0)  # every slider setting fits
    ax_loss.set_ylim(0, top * 1.05)
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("binary cross-entropy")
    ax_loss.set_title("train vs validation loss")
    # below the axes: inside, some slider setting's curves would pass under it
    ax_loss.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=4.2, ncol=3, fontsize=11,
                   framealpha=1.0, fancybox=False)
    return figure, RegularizationArtists(display, ax_surface.set_title(""), train_line, val_line, best_marker,
                                         val_points)


def draw(artists: RegularizationArtists, grid: RegularizationGrid, i: int, j: int) -> None:
    """Show the run ``(i, j)`` of ``grid``: its decision surface, its loss curves and its best validation epoch."""
    artists.surface.update(values=grid.surfaces[i, j])
    artists.train_line.set_ydata(grid.train_loss[i, j])
    artists.val_line.set_ydata(grid.val_loss[i, j])
    best = int(np.argmin(grid.val_loss[i, j]))
    artists.best_marker.set_data([best + 1], [grid.val_loss[i, j, best]])
    artists.surface_title.set_text(f"dropout {grid.dropout_rates[i]:g}, L2 {grid.l2_strengths[j]:g}")


def status_line(grid: RegularizationGrid, i: int, j: int) -> str:
    """The best validation loss of run ``(i, j)`` and its epoch, its final losses and its weight norm."""
    best = int(np.argmin(grid.val_loss[i, j]))
    return (f"best validation loss <b>{grid.val_loss[i, j, best]:.3f}</b> at epoch {best + 1}; "
            f"final train {grid.train_loss[i, j, -1]:.3f} / validation {grid.val_loss[i, j, -1]:.3f}; "
            f"weight norm {grid.kernel_norm[i, j]:.1f}")


class RegularizationExplorer:
    """Sliders for the dropout rate and the L2 strength; the decision surface (left) and the losses (right).

    Parameters
    ----------
    grid : RegularizationGrid
        From :func:`regularization_grid`.
    X_train, y_train : arrays
        The training points, drawn on the surface (validation points, if given, drawn faint).
    dropout, l2 : float, optional
        Starting values (from the grid); the unregularized run by default.

    Attributes
    ----------
    explorer : InteractiveFigure
        What a notebook shows. Its controls ``dropout`` and ``l2`` are the whole state; the update function
        draws the precomputed run they select.
    artists : RegularizationArtists
    """

    def __init__(self, grid: RegularizationGrid, X_train, y_train, X_val=None, y_val=None,
                 dropout: float | None = None, l2: float | None = None):
        if not isinstance(grid, RegularizationGrid):
            raise ValueError(f"grid must be a RegularizationGrid from regularization_grid, got {type(grid).__name__}")
        i, j = grid.index(grid.dropout_rates[0] if dropout is None else dropout,
                          grid.l2_strengths[0] if l2 is None else l2)
        self.grid = grid
        figure, self.artists = draw_regularization_figure(grid, X_train, y_train, X_val, y_val)
        controls = {
            "dropout": widgets.SelectionSlider(options=list(grid.dropout_rates), value=grid.dropout_rates[i],
                                               description="dropout rate"),
            "l2": widgets.SelectionSlider(options=list(grid.l2_strengths), value=grid.l2_strengths[j],
                                          description="L2 strength λ"),
        }
        self.explorer = InteractiveFigure(figure, controls, self._update, dynamic_artists=self.artists.moving)

    def _update(self, values) -> str:
        i, j = self.grid.index(values["dropout"], values["l2"])
        draw(self.artists, self.grid, i, j)
        return status_line(self.grid, i, j)


def regularization_explorer(grid: RegularizationGrid, X_train, y_train, X_val=None, y_val=None,
                            **options) -> InteractiveFigure:
    """The regularization explorer a notebook shows: ``RegularizationExplorer(grid, X_train, y_train, X_val, y_val,
    **options).explorer`` (see :class:`RegularizationExplorer`)."""
    return RegularizationExplorer(grid, X_train, y_train, X_val, y_val, **options).explorer


__all__ = ["regularization_explorer", "RegularizationExplorer", "RegularizationArtists", "RegularizationGrid",
           "regularization_grid", "draw_regularization_figure", "draw", "status_line"]
