"""The neural-network playground inside a notebook: controls, a live decision surface, loss curves, neuron maps.

::

    from helpers.widgets.playground import PlaygroundWidget
    playground = PlaygroundWidget("a spiral needs depth")   # a preset name, a state string, dict or state
    playground                                               # shows it; press play

It trains the numpy network of :mod:`helpers.playground` (fast enough for one epoch and a
redraw more than ten times a second). Changing a setting restarts training, exactly like
loading a state, so the string under the figure always recreates what you see.
Tests and benchmarks use :meth:`PlaygroundWidget.step` (synchronous) and :meth:`PlaygroundWidget.set`.
"""

from __future__ import annotations

import asyncio
import base64
import html
import threading

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.playground import (ACTIVATIONS, DATASETS, FEATURES, LEARNING_RATES, MAX_LAYERS, MAX_NEURONS,
                                OPTIMIZERS, PRESETS, REG_RATES, REGULARIZERS, Playground, PlaygroundState,
                                feature_matrix)
from helpers.plots import CLASS_COLORS, make_grid
from helpers.widgets import InteractiveFigure

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
    """RGB colours of the output: a blue-white-red scale for 2 classes, class colours faded by doubt for k.

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


def plain_label(feature: str) -> str:
    """An input feature's label without TeX, as the *inputs* menu shows it: ``"x_1"``, ``"sin x_1"``."""
    return FEATURES[feature][0].strip("$").replace("\\", "")


def surface_half_width(X, margin: float = 0.4) -> float:
    """Half the side of the square the surface shows, centred on 0: the data plus ``margin``, rounded up
    to one of :data:`SURFACE_HALF_WIDTHS` (or to a whole number beyond them).

    The datasets are centred, and snapping keeps the view (and its cached background) the same while
    the noise slider moves or between datasets of a similar size.
    """
    reach = float(np.abs(np.asarray(X)).max()) + margin
    return next((h for h in SURFACE_HALF_WIDTHS if h >= reach), float(np.ceil(reach)))


class _FixedLayoutFigure(Figure):
    """A figure with fixed axes positions and no layout engine, ever.

    Not :func:`helpers.widgets.new_figure`: its constrained layout costs a layout pass and makes
    ``savefig`` draw the figure twice. And a plain ``Figure(layout="none")`` does not stay that way:
    ``savefig`` restores the engine with ``set_layout_engine(None)``, which reads the rcParams and
    switches the projector style's constrained layout back on.
    """

    def set_layout_engine(self, layout=None, **kwargs):
        super().set_layout_engine("none" if layout is None else layout, **kwargs)


class PlaygroundWidget:
    """The playground: settings on the left; neuron maps, decision surface and loss curves on the right.

    Parameters
    ----------
    state : PlaygroundState, dict, str or preset name, optional
        What to start from (default: a circle and a 4-2 tanh network).
    seed : int, optional
        The seed (data, split, initial weights, batch order) of the first state and of every preset loaded
        by name later; a notebook passes ``ctx.seed``. A loaded state string keeps its own seed, so it
        recreates exactly what it was copied from.

    Attributes
    ----------
    engine : helpers.playground.Playground -- data, network and optimizer
    explorer : helpers.widgets.InteractiveFigure -- settings, figure and status line
    widget : ipywidgets.VBox -- everything, as displayed
    surface_image, train_points, test_points, loss_lines, neuron_image -- the artists redrawn in place
    """

    def __init__(self, state=None, seed: int | None = None):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                                 or not 0 <= seed < 2 ** 32):
            raise ValueError(f"seed must be None or an integer from 0 to 2**32 - 1, got {seed!r}")
        self.seed = None if seed is None else int(seed)
        state = self._as_state(state if state is not None else PlaygroundState())
        if self.seed is not None:
            state = state.replace(seed=self.seed)
        #: Why the controls' settings are not applied (no input feature selected), or None.
        self.not_applied: str | None = None
        self.engine: Playground | None = None
        self._pending_epochs = state.epochs
        self._n_points = state.n_points
        self._thread = None
        self._task = None
        self._build_figure()
        self.controls = self._build_controls(state)
        self.explorer = InteractiveFigure(self.figure, self.controls, self._update, controls_width="330px",
                                          dynamic_artists=self._dynamic_artists)
        self.preset = widgets.Dropdown(options=["(choose a preset)", *PRESETS], description="preset",
                                       layout=widgets.Layout(width="330px"))
        self.play = widgets.ToggleButton(value=False, description="play", icon="play", tooltip="train live")
        self.step_button = widgets.Button(description="step", icon="step-forward", tooltip="train one epoch")
        self.reset_button = widgets.Button(description="reset", icon="undo", tooltip="back to epoch 0")
        self.state_text = widgets.Text(placeholder="paste a state string, e.g. data=spiral&net=8,8,8",
                                       description="state", continuous_update=False,
                                       layout=widgets.Layout(width="560px"))
        self.load_button = widgets.Button(description="load")
        self.preset.observe(self._on_preset, names="value")
        self.play.observe(self._on_play, names="value")
        self.step_button.on_click(lambda _button: self.step(1))
        self.reset_button.on_click(lambda _button: self.reset())
        self.load_button.on_click(lambda _button: self._on_load())
        self.widget = widgets.VBox([
            widgets.HBox([self.preset, self.play, self.step_button, self.reset_button]),
            widgets.HBox([self.state_text, self.load_button]),
            self.explorer.widget,
        ])

    # -- building --------------------------------------------------------------------------
    def _as_state(self, state) -> PlaygroundState:
        if isinstance(state, PlaygroundState):
            return state
        if isinstance(state, dict):
            return PlaygroundState.from_dict(state)
        if isinstance(state, str) and state in PRESETS:
            chosen = PRESETS[state][1]
            return chosen if self.seed is None else chosen.replace(seed=self.seed)
        if isinstance(state, str):
            return PlaygroundState.from_string(state)
        raise ValueError(f"state must be a PlaygroundState, dict, state string or preset name, "
                         f"got {type(state).__name__}")

    def _build_figure(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = _FixedLayoutFigure(figsize=(13.0, 4.8), dpi=80)
        FigureCanvasAgg(self.figure)  # the canvas the widget draws on, from the start
        self.neuron_ax, self.surface_ax, self.loss_ax = (
            self.figure.add_axes((left, 0.13, width, 0.77))
            for left, width in ((0.06, 0.24), (0.35, 0.29), (0.7, 0.285)))
        n_rows, n_cols = max(len(FEATURES), MAX_NEURONS), 1 + MAX_LAYERS
        self._mosaic = np.full((n_rows * (_TILE + _GAP), n_cols * (_TILE + _GAP)), np.nan)
        from matplotlib import colormaps

        cmap = colormaps["RdBu_r"].with_extremes(bad="white")
        self.neuron_image = self.neuron_ax.imshow(self._mosaic, cmap=cmap, vmin=-1, vmax=1, origin="upper",
                                                  interpolation="nearest", aspect="equal")
        step = _TILE + _GAP
        self.neuron_ax.set_xticks([c * step + _TILE / 2 for c in range(n_cols)],
                                  ["in", *(str(i) for i in range(1, n_cols))], fontsize=13)
        self.neuron_ax.set_xlabel("inputs, then hidden layers", fontsize=13)
        self.neuron_ax.set_yticks([])
        self.neuron_ax.tick_params(length=0)
        self.neuron_ax.grid(False)
        for side in self.neuron_ax.spines.values():
            side.set_visible(False)
        self.neuron_ax.set_title("what each neuron computes", fontsize=14)
        self.feature_labels = [self.neuron_ax.text(-3, r * step + _TILE / 2, "", fontsize=12, va="center",
                                                   ha="right", clip_on=False) for r in range(len(FEATURES))]

        self.surface_image = self.surface_ax.imshow(np.ones((RESOLUTION, RESOLUTION, 3)), origin="lower",
                                                    aspect="auto", interpolation="bilinear", zorder=0)
        self.train_points = self.surface_ax.scatter([], [], s=30, edgecolors="white", linewidths=0.7, zorder=2,
                                                    label="train")
        self.test_points = self.surface_ax.scatter([], [], s=30, edgecolors="black", linewidths=1.0, zorder=3,
                                                   marker="D", label="test")
        self.surface_ax.set_xlabel("x₁")  # subscript digits, not mathtext: a new dataset draws this axes again
        self.surface_ax.set_ylabel("x₂", labelpad=-2)
        self.surface_ax.grid(False)

        self.loss_lines = (self.loss_ax.plot([], [], label="train loss")[0],
                           self.loss_ax.plot([], [], "--", label="test loss")[0])
        self.divergence_line = self.loss_ax.axvline(0, color=DIVERGED_COLOR, ls=":", lw=2, visible=False)
        self._title_color = self.loss_ax.title.get_color()
        self.loss_ax.set_xlabel("epoch")
        self.loss_ax.set_ylabel("cross-entropy")
        for ax in (self.surface_ax, self.loss_ax):  # few tick labels: text is most of drawing an axes
            ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        self.loss_ax.legend(loc="upper right", framealpha=1.0)
        self._surface_key = None
        self._loss_engine, self._loss_limits = None, (10, 1.0)

    # -- blitting: what each frame redraws, and what the cached background depends on ---------
    def _dynamic_artists(self) -> list:
        """The artists a frame changes, in drawing order (the points lie on the surface).

        Everything else (ticks, axis labels, the legend, the surface title, the input labels of the
        neuron maps) is drawn once into a cached background, per axes: a new dataset redraws only the
        surface and loss axes (see :class:`helpers.widgets.BackgroundCache`). The loss title changes
        every epoch: plain text, cheaper drawn on top than a new background.
        """
        return [self.neuron_image, self.surface_image, self.train_points, self.test_points, *self.loss_lines,
                self.divergence_line, self.loss_ax.title]

    def _build_controls(self, state: PlaygroundState) -> dict:
        layout = widgets.Layout(width="320px")

        def dropdown(description, options, value):
            return widgets.Dropdown(options=options, value=value, description=description, layout=layout)

        def int_slider(description, value, lo, hi):
            return widgets.IntSlider(value=value, min=lo, max=hi, description=description, layout=layout)

        controls = {
            "dataset": dropdown("data", [(label, name) for name, label in DATASETS.items()], state.dataset),
            "noise": widgets.FloatSlider(value=state.noise, min=0, max=1, step=0.05, description="noise",
                                         layout=layout),
            "train_fraction": widgets.FloatSlider(value=state.train_fraction, min=0.1, max=0.9, step=0.05,
                                                  description="train share", layout=layout),
            "batch_size": int_slider("batch size", state.batch_size, 1, 500),
            "seed": widgets.BoundedIntText(value=state.seed, min=0, max=2 ** 32 - 1, description="seed",
                                           layout=layout),
            "features": widgets.SelectMultiple(options=[(plain_label(f), f) for f in FEATURES],
                                               value=state.features, rows=len(FEATURES), description="inputs",
                                               layout=layout),
            "layers": int_slider("hidden layers", len(state.hidden), 0, MAX_LAYERS),
        }
        for i in range(MAX_LAYERS):
            size = state.hidden[i] if i < len(state.hidden) else 2
            controls[f"neurons_{i + 1}"] = int_slider(f"neurons {i + 1}", size, 1, MAX_NEURONS)
        controls.update({
            "activation": dropdown("activation", list(ACTIVATIONS), state.activation),
            "optimizer": dropdown("optimizer", list(OPTIMIZERS), state.optimizer),
            "learning_rate": dropdown("learning rate", self._with(LEARNING_RATES, state.learning_rate),
                                      state.learning_rate),
            "regularization": dropdown("regularization", list(REGULARIZERS), state.regularization),
            "reg_rate": dropdown("reg. rate", self._with(REG_RATES, state.reg_rate), state.reg_rate),
            "show_test": widgets.Checkbox(value=state.show_test, description="show test data"),
            "discretize": widgets.Checkbox(value=state.discretize, description="discretize output"),
        })
        return controls

    @staticmethod
    def _with(options, value) -> list:
        """The preset values of a dropdown plus ``value`` if a loaded state uses another one."""
        return sorted({*options, value})

    # -- state -----------------------------------------------------------------------------
    def _config_from(self, values: dict) -> PlaygroundState:
        hidden = tuple(values[f"neurons_{i + 1}"] for i in range(values["layers"]))
        settings = {name: values[name] for name in ("dataset", "noise", "train_fraction", "batch_size", "seed",
                                                      "activation", "optimizer", "learning_rate",
                                                      "regularization", "reg_rate", "show_test", "discretize")}
        return PlaygroundState(hidden=hidden, features=tuple(values["features"]), n_points=self._n_points,
                               **settings)

    @property
    def state(self) -> PlaygroundState:
        """Everything shown now, including the epochs trained; ``to_string()`` it to share.

        While the settings are not applied (:attr:`not_applied`), it is the state of the network still shown.
        """
        values = self.explorer.values
        return self.engine.state.replace(show_test=values["show_test"], discretize=values["discretize"])

    def load(self, state) -> "PlaygroundWidget":
        """Show ``state`` (a PlaygroundState, dict, string or preset name): settings, data, weights and epochs."""
        state = self._as_state(state)
        controls = self.controls
        values = {name: getattr(state, name) for name in ("dataset", "noise", "train_fraction", "batch_size",
                                                          "seed", "features", "activation", "optimizer",
                                                          "learning_rate", "regularization", "reg_rate",
                                                          "show_test", "discretize")}
        values["layers"] = len(state.hidden)
        values.update({f"neurons_{i + 1}": size for i, size in enumerate(state.hidden)})
        with self.explorer.hold():  # one redraw, after every control has its new value
            controls["learning_rate"].options = self._with(LEARNING_RATES, state.learning_rate)
            controls["reg_rate"].options = self._with(REG_RATES, state.reg_rate)
            for name, value in values.items():
                controls[name].value = value
            self._pending_epochs, self._n_points = state.epochs, state.n_points
            self.engine = None  # rebuild even when the settings are unchanged
        return self

    def set(self, **values) -> "PlaygroundWidget":
        """Set controls by name, as a student would, and redraw once (``set(dataset="spiral", layers=3)``)."""
        self.explorer.set(**values)
        return self

    # -- training --------------------------------------------------------------------------
    def step(self, epochs: int = 1) -> float:
        """Train ``epochs`` epochs, then redraw once (one frame). Returns the training loss.

        Trains nothing while the settings cannot be applied (:attr:`not_applied`, e.g. no input feature)
        or after the run diverged; then play stops, and the status line says why and what to do.
        """
        if self.not_applied is None:
            self.engine.step(epochs)
        if self.not_applied is not None or self.engine.diverged_at is not None:
            self.play.value = False
        self.explorer.redraw()
        return self.engine.history["loss"][-1]

    def reset(self) -> None:
        """Back to epoch 0 with the same settings (same data, same initial weights)."""
        self.engine = Playground(self.engine.config)
        self.explorer.redraw()

    def _on_preset(self, change) -> None:
        if change["new"] in PRESETS:
            self.load(change["new"])

    def _on_load(self) -> None:
        try:
            self.load(self.state_text.value)
        except (ValueError, KeyError) as error:
            self.explorer.status.value = f"<b style='color:#cf222e'>could not load that state:</b> " \
                                         f"{html.escape(str(error))}"

    def _on_play(self, change) -> None:
        if not change["new"]:
            return
        try:  # in a live kernel: an asyncio task on the kernel's loop, so clicks still get through
            self._task = asyncio.get_running_loop().create_task(self._play_async())
        except RuntimeError:  # no running loop (plain Python): a background thread
            self._thread = threading.Thread(target=self._play_thread, daemon=True)
            self._thread.start()

    async def _play_async(self) -> None:
        while self.play.value:
            self._frame()
            await asyncio.sleep(0.001)

    def _play_thread(self) -> None:
        while self.play.value:
            self._frame()

    def _frame(self) -> None:
        try:
            self.step(1)
        except Exception as error:  # never leave a silent dead loop: stop and say why
            self.play.value = False
            self.explorer.status.value = f"<b>stopped:</b> {html.escape(repr(error))}"

    # -- drawing ---------------------------------------------------------------------------
    def _update(self, values: dict) -> str:
        for i in range(MAX_LAYERS):
            self.controls[f"neurons_{i + 1}"].disabled = i >= values["layers"]
        self.not_applied = None
        try:
            config = self._config_from(values)
        except ValueError as error:
            if self.engine is None:
                raise
            shown = ", ".join(plain_label(f) for f in self.engine.config.features)
            if not values["features"]:
                self.not_applied = (f"<b style='color:{DIVERGED_COLOR}'>no input feature selected:</b> select at "
                                    f"least one input feature (e.g. x_1 and x_2) to train. Nothing trains until "
                                    f"then; the pictures still show the last network (inputs {shown}).")
            else:
                self.not_applied = (f"<b style='color:{DIVERGED_COLOR}'>not applied:</b> {html.escape(str(error))}. "
                                    f"Nothing trains until then; the pictures still show the last network.")
            return self.not_applied
        training = config.replace(show_test=False, discretize=False)
        if self.engine is None or self.engine.config.replace(show_test=False, discretize=False) != training:
            self.engine = Playground.from_state(training.replace(epochs=self._pending_epochs))
            self._pending_epochs = 0
        self._draw(config.show_test, config.discretize)
        history, state = self.engine.history, f"state: <code>{html.escape(self.state_string(config))}</code>"
        if self.engine.diverged_at is not None:
            epoch = self.engine.diverged_at
            return (f"<b style='color:{DIVERGED_COLOR}'>diverged at epoch {epoch}:</b> "
                    f"{html.escape(self.engine.divergence)}. The pictures show epoch {epoch - 1}, the last finite "
                    f"network; lower the learning rate to train again · {state}")
        return (f"epoch {self.engine.epochs} · train loss {history['loss'][-1]:.3f} · "
                f"test loss {history['test_loss'][-1]:.3f} · {state}")

    def state_string(self, config=None) -> str:
        """The state as a short string (see :meth:`PlaygroundState.to_string`)."""
        state = self.engine.state
        if config is not None:
            state = state.replace(show_test=config.show_test, discretize=config.discretize)
        return state.to_string()

    def _new_surface(self) -> None:
        """A new dataset (or split): grid, extent and points."""
        engine = self.engine
        X_all = np.vstack([engine.X_train, engine.X_test])
        half = surface_half_width(X_all)
        self._xx, self._yy, self._grid = make_grid(None, resolution=RESOLUTION, bounds=((-half, half), (-half, half)))
        extent = (self._xx.min(), self._xx.max(), self._yy.min(), self._yy.max())
        self.surface_image.set_extent(extent)
        self.surface_ax.set_xlim(extent[:2])
        self.surface_ax.set_ylim(extent[2:])
        colors = np.array([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(engine.n_classes)])
        self.train_points.set_offsets(engine.X_train)
        self.train_points.set_facecolors(colors[engine.y_train])
        self.test_points.set_offsets(engine.X_test)
        self.test_points.set_facecolors(colors[engine.y_test])
        self._surface_key = (engine.config.dataset, engine.config.n_points, engine.config.noise,
                             engine.config.seed, engine.config.train_fraction)

    def _draw(self, show_test: bool, discretize: bool) -> None:
        engine = self.engine
        key = (engine.config.dataset, engine.config.n_points, engine.config.noise, engine.config.seed,
               engine.config.train_fraction)
        if key != self._surface_key:
            self._new_surface()
        proba, cache = engine.predict(self._grid, keep=True)
        self.surface_image.set_data(surface_colors(proba, discretize).reshape(RESOLUTION, RESOLUTION, 3))
        self.test_points.set_visible(show_test)
        title = DATASETS[engine.config.dataset]
        self.surface_ax.title.set_text(title if engine.n_classes > 2 else f"{title}: P(class 1)")
        self._draw_neurons(cache)
        self._draw_losses()

    def _tiles(self, values, squash: str) -> np.ndarray:
        """``(m, units)`` grid values -> ``(units, tile, tile)`` images scaled to [-1, 1].

        Values that overflowed far from the data (huge weights) come out NaN: drawn white, without a warning.
        """
        tiles = values.reshape(RESOLUTION, RESOLUTION, -1)[::-2, ::2].transpose(2, 0, 1)
        if squash == "tanh":
            return tiles
        if squash == "sigmoid":
            return 2 * tiles - 1
        with np.errstate(invalid="ignore"):
            scale = np.abs(tiles).max(axis=(1, 2), keepdims=True)
            return tiles / np.where(scale > 0, scale, 1.0)

    def _draw_neurons(self, cache) -> None:
        mosaic = self._mosaic
        mosaic.fill(np.nan)
        step = _TILE + _GAP
        features = self.engine.config.features
        columns = [self._tiles(feature_matrix(self._grid, features), "scale")]
        activation = self.engine.config.activation
        columns += [self._tiles(a, activation) for _z, a in cache[:-1]]
        for c, tiles in enumerate(columns):
            for r, tile in enumerate(tiles):
                mosaic[r * step:r * step + _TILE, c * step:c * step + _TILE] = tile
        self.neuron_image.set_data(mosaic)
        for r, label in enumerate(self.feature_labels):
            label.set_text(FEATURES[features[r]][0] if r < len(features) else "")

    def _coarse_loss_limits(self) -> tuple:
        """The loss axes' limits, changed in coarse steps so the cached background stays valid.

        The epoch axis doubles (10, 20, 40, ...) when training reaches its end. The loss axis
        tops out at the first of :data:`LOSS_TOPS` above the losses so far (plus 5 %), and a
        new engine (a changed setting, a reset, a load) starts again from its own history. The
        steps are shared: most datasets start near ln 2 or ln 3 and share a loss axis, so
        switching between them redraws only the surface.
        """
        history = self.engine.history
        highest = max(max(history["loss"]), max(history["test_loss"])) * 1.05
        if self._loss_engine is not self.engine:
            self._loss_engine, self._loss_limits = self.engine, (10, LOSS_TOPS[0])
        x_max, y_max = self._loss_limits
        while x_max < self.engine.epochs:  # a diverged run's last epoch has no loss, but a marker
            x_max *= 2
        return x_max, max(y_max, next((top for top in LOSS_TOPS if top >= highest), LOSS_TOPS[-1]))

    def _draw_losses(self) -> None:
        history = self.engine.history
        epochs = np.arange(len(history["loss"]))
        self._loss_limits = self._coarse_loss_limits()
        for line, key in zip(self.loss_lines, ("loss", "test_loss")):
            line.set_data(epochs, history[key])
        self.loss_ax.set_xlim(0, self._loss_limits[0])
        self.loss_ax.set_ylim(0, self._loss_limits[1])
        diverged = self.engine.diverged_at
        self.divergence_line.set_visible(diverged is not None)
        if diverged is not None:
            self.divergence_line.set_xdata([diverged, diverged])
            self.loss_ax.title.update({"text": f"diverged at epoch {diverged}", "color": DIVERGED_COLOR})
        else:
            self.loss_ax.title.update({"text": f"epoch {self.engine.epochs}: train {history['loss'][-1]:.3f}, "
                                               f"test {history['test_loss'][-1]:.3f}", "color": self._title_color})

    # -- display ---------------------------------------------------------------------------
    @property
    def png(self) -> bytes:
        """The PNG shown now."""
        return self.explorer.png

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


__all__ = ["PlaygroundWidget", "surface_colors", "surface_half_width", "RESOLUTION", "LOSS_TOPS", "SURFACE_HALF_WIDTHS",
           "DIVERGED_COLOR"]
