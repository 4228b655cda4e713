"""The playground's figure: neuron maps, decision surface and loss curves, and how a frame draws them.

:class:`PlaygroundView` builds the figure once and, for each frame, :meth:`PlaygroundView.draw` sets its
artists from a trained :class:`helpers.playground.Playground` and the :class:`helpers.playground.PlaygroundState`
shown. It changes nothing but artists; the widget (:mod:`helpers.widgets.playground`) decides what to show.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.playground import DATASETS, FEATURES, MAX_LAYERS, MAX_NEURONS, PlaygroundState, feature_matrix
from helpers.colors import probability_cmap
from helpers.plots import CLASS_COLORS, make_grid

#: Grid points per axis for the decision surface; the neuron maps use every second one.
RESOLUTION = 60
_TILE, _GAP = RESOLUTION // 2, 8
#: The tops the loss axis snaps to; losses above the last run off the top (a diverging run).
LOSS_TOPS = (0.8, 1.2, 1.6, 2.4, 3.2)
#: The colour of a divergence: the marker on the loss panel, the loss title and the status word.
DIVERGED_COLOR = "#cf222e"
#: The half-widths the surface's square view snaps to; see :func:`surface_half_width`.
SURFACE_HALF_WIDTHS = (2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


def _rgb(color: str) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.array(to_rgb(color))


def surface_colors(proba, discretize: bool = False) -> np.ndarray:
    """RGB colours of the output: a blue-white-orange scale for 2 classes, class colours faded by doubt for k.

    Parameters
    ----------
    proba : array of shape (m,) or (m, k)
        Probability of class 1, or the k class probabilities.
    discretize : bool
        Colour by the predicted class only.
    """
    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    k = proba.shape[1]
    proba = np.where(np.isfinite(proba).all(axis=1, keepdims=True), proba, 1 / k)  # overflowed: shown as doubt
    if discretize:
        proba = np.eye(k)[proba.argmax(axis=1)]
    colors = np.stack([_rgb(CLASS_COLORS[i % len(CLASS_COLORS)]) for i in range(k)])
    mixed = proba @ colors
    confidence = (proba.max(axis=1, keepdims=True) - 1 / k) / (1 - 1 / k)  # 0 on a boundary, 1 when sure
    strength = 0.15 + 0.6 * confidence
    return np.clip(strength * mixed + (1 - strength), 0, 1)


def surface_half_width(X, margin: float = 0.4) -> float:
    """Half the side of the square the surface shows, centred on 0: the data plus ``margin``, rounded up
    to one of :data:`SURFACE_HALF_WIDTHS` (or to a whole number beyond them).

    The datasets are centred, and snapping keeps the view (and its cached background) the same while
    the noise slider moves or between datasets of a similar size.
    """
    reach = float(np.abs(np.asarray(X)).max()) + margin
    return next((h for h in SURFACE_HALF_WIDTHS if h >= reach), float(np.ceil(reach)))


def neuron_tiles(values, squash: str) -> np.ndarray:
    """``(m, units)`` values on the surface's grid -> ``(units, tile, tile)`` images scaled to [-1, 1].

    ``squash`` is the activation that made the values (``"tanh"`` is already in [-1, 1], ``"sigmoid"`` in
    [0, 1]); any other name scales each unit by its largest absolute value. Values that overflowed far
    from the data (huge weights) come out NaN: drawn white, without a warning.
    """
    tiles = values.reshape(RESOLUTION, RESOLUTION, -1)[::-2, ::2].transpose(2, 0, 1)
    if squash == "tanh":
        return tiles
    if squash == "sigmoid":
        return 2 * tiles - 1
    with np.errstate(invalid="ignore"):
        scale = np.abs(tiles).max(axis=(1, 2), keepdims=True)
        return tiles / np.where(scale > 0, scale, 1.0)


def coarse_loss_limits(history: dict, epochs: int) -> tuple:
    """The loss axes' upper limits ``(epochs, loss)``, in coarse steps so the cached background stays valid.

    The epoch axis doubles (10, 20, 40, ...) until it reaches ``epochs``. The loss axis tops out at the
    first of :data:`LOSS_TOPS` above the highest loss so far (plus 5 %). Both only grow while a run trains,
    and a new run (a changed setting, a reset, a load) starts again from its own history. The steps are
    shared: most datasets start near ln 2 or ln 3 and share a loss axis, so switching between them redraws
    only the surface.
    """
    highest = max(max(history["loss"]), max(history["test_loss"])) * 1.05
    x_max = 10
    while x_max < epochs:  # a diverged run's last epoch has no loss, but a marker
        x_max *= 2
    return x_max, next((top for top in LOSS_TOPS if top >= highest), LOSS_TOPS[-1])


def _data_key(config: PlaygroundState) -> tuple:
    """The settings that decide the points: a change of any of them is new data."""
    return config.dataset, config.n_points, config.noise, config.seed, config.train_fraction


class PlaygroundView:
    """The playground's figure: neuron maps, decision surface and loss curves, side by side.

    Attributes
    ----------
    figure : matplotlib.figure.Figure -- drawn on an Agg canvas from the start
    neuron_ax, surface_ax, loss_ax : matplotlib.axes.Axes -- the three panels, left to right
    neuron_image : AxesImage -- one tile per input feature (first column) and hidden neuron
    feature_labels : list of Text -- the input features' names beside the first column
    surface_image : AxesImage -- the network's output over the square the surface shows
    train_points, test_points : PathCollection -- the data, coloured by class
    loss_lines : (Line2D, Line2D) -- train and test loss per epoch
    divergence_line : Line2D -- the epoch a run diverged (hidden unless it did)
    """

    def __init__(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        # axes placed by hand, so no layout engine: "none" set on a constrained figure stays "none" through
        # savefig, whereas a figure made with layout="none" gets the style's constrained layout back there
        self.figure = Figure(figsize=(13.0, 4.8), dpi=80, layout="constrained")
        self.figure.set_layout_engine("none")
        FigureCanvasAgg(self.figure)  # the canvas the widget draws on, from the start
        self.neuron_ax, self.surface_ax, self.loss_ax = (
            self.figure.add_axes((left, 0.13, width, 0.77))
            for left, width in ((0.06, 0.24), (0.35, 0.29), (0.7, 0.285)))
        self._build_neuron_panel()
        self._build_surface_panel()
        self._build_loss_panel()
        for ax in (self.surface_ax, self.loss_ax):  # few tick labels: text is most of drawing an axes
            ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.loss_ax.legend(loc="upper right", framealpha=1.0)
        #: The data the surface shows (see :func:`_data_key`) and the grid its colours are computed on.
        self._data_shown, self._grid = None, None

    def _build_neuron_panel(self) -> None:
        n_rows, n_cols = max(len(FEATURES), MAX_NEURONS), 1 + MAX_LAYERS
        self._mosaic = np.full((n_rows * (_TILE + _GAP), n_cols * (_TILE + _GAP)), np.nan)
        cmap = probability_cmap().with_extremes(bad="white")
        ax = self.neuron_ax
        self.neuron_image = ax.imshow(self._mosaic, cmap=cmap, vmin=-1, vmax=1, origin="upper",
                                      interpolation="nearest", aspect="equal")
        step = _TILE + _GAP
        ax.set_xticks([c * step + _TILE / 2 for c in range(n_cols)], ["in", *(str(i) for i in range(1, n_cols))],
                      fontsize=13)
        ax.set_xlabel("inputs, then hidden layers", fontsize=13)
        ax.set_yticks([])
        ax.tick_params(length=0)
        ax.grid(False)
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_title("what each neuron computes", fontsize=14)
        self.feature_labels = [ax.text(-3, r * step + _TILE / 2, "", fontsize=12, va="center", ha="right",
                                       clip_on=False) for r in range(len(FEATURES))]

    def _build_surface_panel(self) -> None:
        ax = self.surface_ax
        self.surface_image = ax.imshow(np.ones((RESOLUTION, RESOLUTION, 3)), origin="lower", aspect="auto",
                                       interpolation="bilinear", zorder=0)
        self.train_points = ax.scatter([], [], s=30, edgecolors="white", linewidths=0.7, zorder=2, label="train")
        self.test_points = ax.scatter([], [], s=30, edgecolors="black", linewidths=1.0, zorder=3, marker="D",
                                      label="test")
        ax.set_xlabel("x₁")  # subscript digits, not mathtext: a new dataset draws this axes again
        ax.set_ylabel("x₂", labelpad=-2)
        ax.set_title(" ", fontsize=14)  # its text follows the dataset (draw)
        ax.grid(False)

    def _build_loss_panel(self) -> None:
        ax = self.loss_ax
        self.loss_lines = (ax.plot([], [], label="train loss")[0], ax.plot([], [], "--", label="test loss")[0])
        self.divergence_line = ax.axvline(0, color=DIVERGED_COLOR, ls=":", lw=2, visible=False)
        self._title_color = ax.set_title(" ", fontsize=14).get_color()  # its text follows the epochs (draw)
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy")

    def dynamic_artists(self) -> list:
        """The artists a frame changes: the neuron maps, the surface, the points (they move with the noise
        slider) and the loss curves with their title, which changes every epoch.

        Everything else (ticks, axis labels, the legend, the surface title, the input labels of the
        neuron maps) is kept per axes (see :mod:`helpers.widgets.layers`): a new dataset redraws only the
        surface and loss axes, and the spines and legend are composited above what moves.
        """
        return [self.neuron_image, self.surface_image, self.train_points, self.test_points, *self.loss_lines,
                self.divergence_line, self.loss_ax.title]

    # -- one frame -----------------------------------------------------------------------------
    def draw(self, engine, state: PlaygroundState) -> None:
        """Set every artist to show ``engine`` (data, network, losses) with the display settings of ``state``."""
        if _data_key(engine.config) != self._data_shown:
            self._show_data(engine)
        proba, layers = engine.predict(self._grid, keep=True)
        self.surface_image.set_data(surface_colors(proba, state.discretize).reshape(RESOLUTION, RESOLUTION, 3))
        self.test_points.set_visible(state.show_test)
        title = DATASETS[engine.config.dataset]
        self.surface_ax.title.set_text(title if engine.n_classes > 2 else f"{title}: P(class 1)")
        self._draw_neurons(engine.config, layers)
        self._draw_losses(engine)

    def _show_data(self, engine) -> None:
        """New data (or a new split): the grid, the square the surface shows, and the points."""
        half = surface_half_width(np.vstack([engine.X_train, engine.X_test]))
        xx, yy, self._grid = make_grid(None, resolution=RESOLUTION, bounds=((-half, half), (-half, half)))
        extent = (xx.min(), xx.max(), yy.min(), yy.max())
        self.surface_image.set_extent(extent)
        self.surface_ax.set_xlim(extent[:2])
        self.surface_ax.set_ylim(extent[2:])
        colors = np.array([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(engine.n_classes)])
        self.train_points.set_offsets(engine.X_train)
        self.train_points.set_facecolors(colors[engine.y_train])
        self.test_points.set_offsets(engine.X_test)
        self.test_points.set_facecolors(colors[engine.y_test])
        self._data_shown = _data_key(engine.config)

    def _draw_neurons(self, config: PlaygroundState, layers: list) -> None:
        """The input features, then each hidden layer's activations (``layers``: ``(z, a)`` per layer)."""
        mosaic = self._mosaic
        mosaic.fill(np.nan)
        step = _TILE + _GAP
        columns = [neuron_tiles(feature_matrix(self._grid, config.features), "scale")]
        columns += [neuron_tiles(a, config.activation) for _z, a in layers[:-1]]
        for c, tiles in enumerate(columns):
            for r, tile in enumerate(tiles):
                mosaic[r * step:r * step + _TILE, c * step:c * step + _TILE] = tile
        self.neuron_image.set_data(mosaic)
        for r, label in enumerate(self.feature_labels):
            label.set_text(FEATURES[config.features[r]][0] if r < len(config.features) else "")

    def _draw_losses(self, engine) -> None:
        history = engine.history
        x_max, y_max = coarse_loss_limits(history, engine.epochs)
        epochs = np.arange(len(history["loss"]))
        for line, key in zip(self.loss_lines, ("loss", "test_loss")):
            line.set_data(epochs, history[key])
        self.loss_ax.set_xlim(0, x_max)
        self.loss_ax.set_ylim(0, y_max)
        diverged = engine.diverged_at
        self.divergence_line.set_visible(diverged is not None)
        if diverged is not None:
            self.divergence_line.set_xdata([diverged, diverged])
            self.loss_ax.title.update({"text": f"diverged at epoch {diverged}", "color": DIVERGED_COLOR})
        else:
            self.loss_ax.title.update({"text": f"epoch {engine.epochs}: train {history['loss'][-1]:.3f}, "
                                               f"test {history['test_loss'][-1]:.3f}", "color": self._title_color})


__all__ = ["PlaygroundView", "surface_colors", "surface_half_width", "neuron_tiles", "coarse_loss_limits",
           "RESOLUTION", "LOSS_TOPS", "SURFACE_HALF_WIDTHS", "DIVERGED_COLOR"]
