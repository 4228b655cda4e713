"""The playground's settings panel: one control per setting of a :class:`helpers.playground.PlaygroundState`.

:class:`PlaygroundControls` maps controls and state both ways: :meth:`~PlaygroundControls.read` turns the
controls into a state, :meth:`~PlaygroundControls.show` puts a state into the controls. It tells its owner
when a student changes a setting, and only then.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Callable

import ipywidgets as widgets

from helpers.playground import (DATASETS, FEATURES, HIDDEN_ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, OPTIMIZERS,
                                PLAYGROUND_LEARNING_RATES, REG_RATES, REGULARIZERS, PlaygroundState)

#: The state's fields with a control of the same name. The network (``hidden``) has the controls
#: ``layers`` and ``neurons_1`` to ``neurons_4``; ``n_points`` and ``epochs`` have none.
SETTINGS = ("dataset", "noise", "train_fraction", "batch_size", "seed", "features", "activation", "optimizer",
            "learning_rate", "regularization", "reg_rate", "show_test", "discretize")


def plain_label(feature: str) -> str:
    """An input feature's label without TeX, as the *inputs* menu shows it: ``"x_1"``, ``"sin x_1"``."""
    return FEATURES[feature][0].strip("$").replace("\\", "")


def _with(options, value) -> list:
    """The menu's values plus ``value`` if a loaded state uses another one."""
    return sorted({*options, value})


def _build(state: PlaygroundState) -> dict:
    """The controls, in the order the panel shows them, set to ``state``."""
    layout = widgets.Layout(width="320px")

    def dropdown(description, options, value):
        return widgets.Dropdown(options=options, value=value, description=description, layout=layout)

    def int_slider(description, value, lo, hi):
        return widgets.IntSlider(value=value, min=lo, max=hi, description=description, layout=layout)

    controls = {
        "dataset": dropdown("data", [(label, name) for name, label in DATASETS.items()], state.dataset),
        "noise": widgets.FloatSlider(value=state.noise, min=0, max=1, step=0.05, description="noise", layout=layout),
        "train_fraction": widgets.FloatSlider(value=state.train_fraction, min=0.1, max=0.9, step=0.05,
                                              description="train share", layout=layout),
        "batch_size": int_slider("batch size", state.batch_size, 1, 500),
        "seed": widgets.BoundedIntText(value=state.seed, min=0, max=2 ** 32 - 1, description="seed", layout=layout),
        "features": widgets.SelectMultiple(options=[(plain_label(f), f) for f in FEATURES], value=state.features,
                                           rows=len(FEATURES), description="inputs", layout=layout),
        "layers": int_slider("hidden layers", len(state.hidden), 0, MAX_LAYERS),
    }
    for i in range(MAX_LAYERS):
        size = state.hidden[i] if i < len(state.hidden) else 2
        controls[f"neurons_{i + 1}"] = int_slider(f"neurons {i + 1}", size, 1, MAX_NEURONS)
    controls.update({
        "activation": dropdown("activation", list(HIDDEN_ACTIVATIONS), state.activation),
        "optimizer": dropdown("optimizer", list(OPTIMIZERS), state.optimizer),
        "learning_rate": dropdown("learning rate", _with(PLAYGROUND_LEARNING_RATES, state.learning_rate), state.learning_rate),
        "regularization": dropdown("regularization", list(REGULARIZERS), state.regularization),
        "reg_rate": dropdown("reg. rate", _with(REG_RATES, state.reg_rate), state.reg_rate),
        "show_test": widgets.Checkbox(value=state.show_test, description="show test data"),
        "discretize": widgets.Checkbox(value=state.discretize, description="discretize output"),
    })
    return controls


class PlaygroundControls(Mapping):
    """The settings panel: control name -> ipywidgets control, kept in step with a state both ways.

    Parameters
    ----------
    state : PlaygroundState
        What the controls show first.
    on_change : callable()
        Called after a student changes a control (once per change), and once per :meth:`set`; never
        while :meth:`show` puts a state into the controls. It is registered on the controls here, before
        any other observer (e.g. :class:`helpers.widgets.InteractiveFigure`'s redraw), so traitlets calls it
        first: the owner's state is up to date when the figure redraws.
    """

    def __init__(self, state: PlaygroundState, on_change: Callable[[], None]):
        self._controls = _build(state)
        self._on_change = on_change
        self._muted = False
        for control in self._controls.values():
            control.observe(self._on_value, names="value")
        self._controls["layers"].observe(self._enable_neurons, names="value")
        self._enable_neurons()

    # -- a mapping of the controls -------------------------------------------------------------
    def __getitem__(self, name: str) -> widgets.Widget:
        return self._controls[name]

    def __iter__(self):
        return iter(self._controls)

    def __len__(self) -> int:
        return len(self._controls)

    # -- controls <-> state ----------------------------------------------------------------------
    def read(self, base: PlaygroundState) -> PlaygroundState:
        """The state the controls show; the settings without a control (points, epochs) come from ``base``.

        Raises a ValueError naming what is wrong when the controls make no valid state (no input feature).
        """
        controls = self._controls
        hidden = tuple(controls[f"neurons_{i + 1}"].value for i in range(controls["layers"].value))
        return base.replace(hidden=hidden, **{name: controls[name].value for name in SETTINGS})

    def show(self, state: PlaygroundState) -> None:
        """Put ``state`` into the controls (menus gain its values if they are off the menu), without
        calling ``on_change``: the owner already has the state."""
        controls = self._controls
        with self._quiet():
            controls["learning_rate"].options = _with(PLAYGROUND_LEARNING_RATES, state.learning_rate)
            controls["reg_rate"].options = _with(REG_RATES, state.reg_rate)
            for name in SETTINGS:
                controls[name].value = getattr(state, name)
            for i, size in enumerate(state.hidden):
                controls[f"neurons_{i + 1}"].value = size
            controls["layers"].value = len(state.hidden)

    def set(self, **values) -> None:
        """Set controls by name, as a student would, and call ``on_change`` once, after the last.

        Raises a ValueError naming an unknown control before it changes any.
        """
        for name in values:
            if name not in self._controls:
                raise ValueError(f"no control named {name!r}; the controls are {list(self._controls)}")
        with self._quiet():
            for name, value in values.items():
                self._controls[name].value = value
        self._on_change()

    # -- observers --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _quiet(self):
        """Change controls without calling ``on_change`` for each of them."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def _on_value(self, _change) -> None:
        if not self._muted:
            self._on_change()

    def _enable_neurons(self, _change=None) -> None:
        """Only the layers in use have a neurons slider to move; the others keep their value for later."""
        for i in range(MAX_LAYERS):
            self._controls[f"neurons_{i + 1}"].disabled = i >= self._controls["layers"].value


__all__ = ["PlaygroundControls", "SETTINGS", "plain_label"]
