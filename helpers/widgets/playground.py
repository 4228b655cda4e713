"""The neural-network playground inside a notebook: controls, a live decision surface, loss curves, neuron maps.

::

    from helpers.widgets.playground import PlaygroundWidget
    playground = PlaygroundWidget("a spiral needs depth")   # a preset name, a state string, dict or state
    playground                                               # shows it; press play

It trains the numpy network of :mod:`helpers.playground` (fast enough for one epoch and a
redraw more than ten times a second). Changing a setting restarts training, exactly like
loading a state, so the string under the figure always recreates what you see.
Tests and benchmarks use :meth:`PlaygroundWidget.step` (synchronous) and :meth:`PlaygroundWidget.set`.

How it is built: the widget's one source of truth is a :class:`~helpers.playground.PlaygroundState`
(:attr:`PlaygroundWidget.state`), with the :class:`~helpers.playground.Playground` trained for it.
Observers change them: a moved control gives a new state (:mod:`helpers.widgets.playground_controls`
maps controls and state both ways), and a new network when more than the picture changed; the buttons
train, reset or load. The figure's update only draws that state
(:meth:`helpers.widgets.playground_view.PlaygroundView.draw`) and writes the status line.
"""

from __future__ import annotations

import asyncio
import base64
import html
import threading

import ipywidgets as widgets
import numpy as np

from helpers.playground import PRESETS, Playground, PlaygroundState
from helpers.widgets import InteractiveFigure
from helpers.widgets.playground_controls import PlaygroundControls, plain_label
from helpers.widgets.playground_view import (DIVERGED_COLOR, LOSS_TOPS, RESOLUTION, SURFACE_HALF_WIDTHS,
                                             PlaygroundView, surface_colors, surface_half_width)

#: The settings that change only the picture (changing them keeps the network and its training), with the
#: values the engine is built with: it knows nothing of the display.
DISPLAY_SETTINGS = {"show_test": False, "discretize": False}


def restarts_training(old: PlaygroundState, new: PlaygroundState) -> bool:
    """Whether showing ``new`` after ``old`` needs new data or a new network: a change of anything but the
    epochs trained and the :data:`DISPLAY_SETTINGS`."""
    return old.replace(epochs=0, **DISPLAY_SETTINGS) != new.replace(epochs=0, **DISPLAY_SETTINGS)


def as_state(state, seed: int | None = None) -> PlaygroundState:
    """``state`` (a PlaygroundState, dict, state string or preset name) as a PlaygroundState.

    A preset loaded by name takes ``seed`` (unless it is None); anything else keeps its own seed.
    """
    if isinstance(state, PlaygroundState):
        return state
    if isinstance(state, dict):
        return PlaygroundState.from_dict(state)
    if isinstance(state, str) and state in PRESETS:
        chosen = PRESETS[state][1]
        return chosen if seed is None else chosen.replace(seed=seed)
    if isinstance(state, str):
        return PlaygroundState.from_string(state)
    raise ValueError(f"state must be a PlaygroundState, dict, state string or preset name, "
                     f"got {type(state).__name__}")


def status_line(engine: Playground, state: PlaygroundState) -> str:
    """The line under the figure: the epoch and the losses, or the divergence in words; then the state string."""
    history, shared = engine.history, f"state: <code>{html.escape(state.to_string())}</code>"
    if engine.diverged_at is not None:
        epoch = engine.diverged_at
        return (f"<b style='color:{DIVERGED_COLOR}'>diverged at epoch {epoch}:</b> "
                f"{html.escape(engine.divergence)}. The pictures show epoch {epoch - 1}, the last finite "
                f"network; lower the learning rate to train again · {shared}")
    return (f"epoch {engine.epochs} · train loss {history['loss'][-1]:.3f} · "
            f"test loss {history['test_loss'][-1]:.3f} · {shared}")


def not_applied_line(error: ValueError, features_selected: bool, shown: PlaygroundState) -> str:
    """The status line while the controls make no valid state (``error``); ``shown`` is the state still shown."""
    if not features_selected:
        inputs = ", ".join(plain_label(f) for f in shown.features)
        return (f"<b style='color:{DIVERGED_COLOR}'>no input feature selected:</b> select at least one input "
                f"feature (e.g. x_1 and x_2) to train. Nothing trains until then; the pictures still show "
                f"the last network (inputs {inputs}).")
    return (f"<b style='color:{DIVERGED_COLOR}'>not applied:</b> {html.escape(str(error))}. "
            f"Nothing trains until then; the pictures still show the last network.")


def _trained(state: PlaygroundState) -> Playground:
    """The network of ``state`` trained for ``state.epochs`` epochs."""
    return Playground.from_state(state.replace(**DISPLAY_SETTINGS))


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
    state : PlaygroundState -- what is shown, including the epochs trained (read-only)
    engine : helpers.playground.Playground -- data, network and optimizer trained for ``state``
    not_applied : str or None -- why the controls' settings are not applied (no input feature), or None
    controls : PlaygroundControls -- the settings panel: control name -> control
    view : PlaygroundView -- the figure and its artists (``view.surface_image``, ``view.loss_lines``, ...)
    explorer : helpers.widgets.InteractiveFigure -- settings, figure and status line
    preset, play, step_button, reset_button, state_text, load_button : the widgets above the figure
    widget : ipywidgets.VBox -- everything, as displayed
    """

    def __init__(self, state=None, seed: int | None = None):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                                 or not 0 <= seed < 2 ** 32):
            raise ValueError(f"seed must be None or an integer from 0 to 2**32 - 1, got {seed!r}")
        self.seed = None if seed is None else int(seed)
        state = as_state(state if state is not None else PlaygroundState(), self.seed)
        self._state = state if self.seed is None else state.replace(seed=self.seed)
        self.engine = _trained(self._state)
        self.not_applied: str | None = None
        self._task = None  # the play loop in a live kernel, kept so that it is not garbage-collected
        self.view = PlaygroundView()
        self.controls = PlaygroundControls(self._state, on_change=self._on_settings)
        self.explorer = InteractiveFigure(self.view.figure, self.controls, self._draw, controls_width="330px",
                                          dynamic_artists=self.view.dynamic_artists)
        self.widget = widgets.VBox([*self._build_actions(), self.explorer.widget])

    def _build_actions(self) -> list:
        """The rows above the figure: preset, play, step and reset; a state string to load."""
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
        return [widgets.HBox([self.preset, self.play, self.step_button, self.reset_button]),
                widgets.HBox([self.state_text, self.load_button])]

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> PlaygroundState:
        """Everything shown now, including the epochs trained; ``to_string()`` it to share.

        While the settings are not applied (:attr:`not_applied`), it is the state of the network still shown.
        """
        return self._state

    @property
    def figure(self):
        """The figure shown (e.g. for :func:`helpers.export.export_figure`)."""
        return self.view.figure

    def load(self, state) -> "PlaygroundWidget":
        """Show ``state`` (a PlaygroundState, dict, string or preset name): settings, data, weights and epochs."""
        state = as_state(state, self.seed)
        self.engine = _trained(state)  # even when only the epochs differ: the same network, replayed
        self._state, self.not_applied = state, None
        with self.explorer.hold():  # one redraw, after every control shows the new state
            self.controls.show(state)
        return self

    def set(self, **values) -> "PlaygroundWidget":
        """Set controls by name, as a student would, and redraw once (``set(dataset="spiral", layers=3)``)."""
        with self.explorer.hold():
            self.controls.set(**values)
        return self

    # -- training --------------------------------------------------------------------------
    def _can_train(self) -> bool:
        return self.not_applied is None and self.engine.diverged_at is None

    def step(self, epochs: int = 1) -> float:
        """Train ``epochs`` epochs, then redraw once (one frame). Returns the training loss.

        Trains nothing while the settings cannot be applied (:attr:`not_applied`, e.g. no input feature)
        or after the run diverged; then play stops, and the status line says why and what to do.
        """
        if self._can_train():
            self.engine.step(epochs)
            self._state = self._state.replace(epochs=self.engine.epochs)
        if not self._can_train():
            self.play.value = False
        self.explorer.redraw()
        return self.engine.history["loss"][-1]

    def reset(self) -> None:
        """Back to epoch 0 with the same settings (same data, same initial weights)."""
        self._state = self._state.replace(epochs=0)
        self.engine = _trained(self._state)
        self.explorer.redraw()

    # -- observers ---------------------------------------------------------------------------
    def _on_settings(self) -> None:
        """A control changed: its settings become the state, with a new network unless only the picture changed.

        Controls that make no valid state (no input feature selected) change nothing but :attr:`not_applied`.
        """
        try:
            state = self.controls.read(self._state)
        except ValueError as error:
            self.not_applied = not_applied_line(error, bool(self.controls["features"].value), self._state)
            return
        self.not_applied = None
        if restarts_training(self._state, state):
            state = state.replace(epochs=0)
            self.engine = _trained(state)
        self._state = state

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
        if not self._can_train():  # nothing to train: play stops at once, and the status line says why
            self.play.value = False
            return
        try:  # in a live kernel: an asyncio task on the kernel's loop, so clicks still get through
            self._task = asyncio.get_running_loop().create_task(self._play_async())
        except RuntimeError:  # no running loop (plain Python): a background thread
            threading.Thread(target=self._play_thread, daemon=True).start()

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

    # -- drawing -----------------------------------------------------------------------------
    def _draw(self, _values: dict) -> str:
        """The figure's update: draw the state (the observers have applied the controls) and say what it shows."""
        self.view.draw(self.engine, self._state)
        return self.not_applied or status_line(self.engine, self._state)

    # -- display -----------------------------------------------------------------------------
    @property
    def png(self) -> bytes:
        """The PNG shown now."""
        return self.explorer.png

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


__all__ = ["PlaygroundWidget", "as_state", "restarts_training", "status_line", "not_applied_line", "DISPLAY_SETTINGS",
           # drawn by helpers.widgets.playground_view, importable from here as before
           "surface_colors", "surface_half_width", "RESOLUTION", "LOSS_TOPS", "SURFACE_HALF_WIDTHS", "DIVERGED_COLOR"]
