"""Every widget the notebooks show, swept over every control: after each move the blitted picture is a full draw's.

Blitting redraws only the dynamic artists over kept per-axes layers (:class:`helpers.widgets.BackgroundCache`),
so a wrong cache key, a dynamic artist left out or drawn in the wrong order shows a picture that is not the
figure's state. Each widget is built as its notebook builds it (smaller data where training is involved) and
driven as a student drives it: every option of each dropdown, toggle and selection, the ends of each slider
and values between, every button; then a seeded random walk of mixed moves. After every move the PNG shown
must equal :meth:`InteractiveFigure.full_draw_png` up to antialiasing, and no warning may be raised (a run
that diverges is reported in words, not with numpy overflow warnings). The figures use the notebooks' style
(``setup_notebook`` applies it; ``conftest.py`` restores matplotlib's defaults after each test).
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

#: How far a pixel may differ from a full draw (of 255): antialiased edges drawn twice (a spine over its cached
#: copy) or pasted from a bitmap differ by up to ~20 levels; a stale panel, a vanished grid line or an artist
#: stacked in the wrong order by 60 to 250.
LEVELS = 32
RANDOM_MOVES = 40


def _neuron_explorer():
    from helpers import data
    from helpers.widgets.perceptron import neuron_explorer

    X_blobs, y_blobs = data.blobs(n=100, noise=0.5, seed=0)
    return neuron_explorer(X_blobs, y_blobs, w=(0.5, -1.0), b=0.5, activation="step", learning_rate=1.0), {}


def _activation_explorer():
    from helpers.widgets.activations import activation_explorer

    return activation_explorer(selected=("sigmoid", "tanh", "relu"), w=1.0, b=0.0), {}


def _capacity_explorer():
    from helpers import regression
    from helpers.widgets.capacity import capacity_explorer

    rng = np.random.default_rng(0)
    x_train, x_val = rng.uniform(-2, 2, 30), rng.uniform(-2, 2, 40)
    y_train, y_val = 20 + 5 * np.tanh(x_train) + rng.normal(size=30), 20 + 5 * np.tanh(x_val) + rng.normal(size=40)
    fits = regression.train_mlp_fits(x_train, y_train, x_val, y_val, hidden_units=(1, 2, 5, 20),
                                     checkpoints=(10, 20, 50, 100, 200), x_curve=np.linspace(-2, 2, 60))
    return capacity_explorer(fits, 1.5 * x_train + 3, y_train, 1.5 * x_val + 3, y_val,
                             x_curve=1.5 * np.linspace(-2, 2, 60) + 3, units=5, epochs=200), {}


def _playground():
    from helpers.widgets.playground import PRESETS, PlaygroundWidget

    playground = PlaygroundWidget("xor needs a hidden layer")
    playground.step(40)
    extras = {"preset": playground.preset, "step": playground.step_button, "reset": playground.reset_button}
    assert set(PRESETS) <= set(playground.preset.options)
    return playground.explorer, extras


def _temperature_explorer():
    from helpers.widgets.temperature import temperature_explorer

    words = ["mat", "sofa", "floor", "roof", "moon", "piano"]
    z_words = np.array([3.0, 2.2, 1.8, 0.5, -1.0, -2.0])
    return temperature_explorer(z_words, labels=words, T=1.0, xlabel="next word"), {}


def _learning_rate_explorer():
    from helpers.widgets.optimizers import learning_rate_explorer

    return learning_rate_explorer(learning_rate=0.8, steps=20), {}


def _trajectory_explorer():
    from helpers.widgets.optimizers import trajectory_explorer

    return trajectory_explorer(surface="bowl", optimizers=("SGD", "Momentum", "RMSprop", "Adam"),
                               learning_rate=0.05, steps=60), {}


def _momentum_explorer():
    from helpers.widgets.optimizers import momentum_explorer

    return momentum_explorer(kappa=20, beta=0.0, learning_rate=0.9), {}


def _regularization_explorer():
    from helpers import data
    from helpers.widgets.regularization import regularization_explorer, regularization_grid

    X, y = data.moons(n=150, noise=0.35, seed=1)
    X_train, X_val, y_train, y_val = data.train_val_split(X, y, val_fraction=0.6, seed=0)
    grid = regularization_grid(X_train, y_train, X_val, y_val, hidden=(16, 16), epochs=20, batch_size=10,
                               resolution=40)
    return regularization_explorer(grid, X_train, y_train, X_val, y_val), {}


def _convolution_explorer():
    from helpers.data import digits_or_mnist
    from helpers.widgets.convolution import ConvolutionExplorer

    data = digits_or_mnist(prefer_mnist=False, seed=0, verbose=False)
    widget = ConvolutionExplorer(data.x_test, data.y_test, kernel="vertical edges", digit=3)
    return widget.explorer, {"preset": widget.preset}


WIDGETS = {
    "01 neuron explorer": _neuron_explorer,
    "02 activation explorer": _activation_explorer,
    "03 capacity explorer": _capacity_explorer,
    "04 playground": _playground,
    "05 temperature explorer": _temperature_explorer,
    "06 learning-rate explorer": _learning_rate_explorer,
    "06 trajectory explorer": _trajectory_explorer,
    "06 momentum explorer": _momentum_explorer,
    "07 regularization explorer": _regularization_explorer,
    "08 convolution explorer": _convolution_explorer,
}


def _options(control) -> list:
    """The values of a selection control's options (given as values or as (label, value) pairs)."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


def _values(control) -> list:
    """What a student can set ``control`` to: every option, or the ends of its range and values between."""
    if isinstance(control, widgets.SelectMultiple):
        options = _options(control)
        return [(), tuple(options), *((option,) for option in options), tuple(options[::2])]
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.SelectionSlider, widgets.Select)):
        return _options(control)
    if isinstance(control, widgets.FloatLogSlider):
        return [float(control.base ** exponent) for exponent in np.linspace(control.min, control.max, 5)]
    if isinstance(control, widgets.BoundedIntText):  # a seed: any value is as good as its ends
        return [control.min, control.min + 1, control.min + 2]
    if isinstance(control, widgets.IntSlider):
        return [control.min, *np.round(np.linspace(control.min, control.max, 5)[1:-1]).astype(int).tolist(),
                control.max]
    if isinstance(control, widgets.FloatSlider):
        between = np.round(np.linspace(control.min, control.max, 5)[1:-1] / control.step) * control.step
        return [control.min, *between.tolist(), control.max]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value, control.value]
    if isinstance(control, widgets.Button):
        return ["click"]
    raise AssertionError(f"the sweep does not know how to move a {type(control).__name__}: teach it")


def _move(control, value) -> None:
    if value == "click":
        control.click()
    else:
        control.value = value


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _assert_shows_its_state(explorer, what: str) -> None:
    blitted, full = _pixels(explorer.png), _pixels(explorer.full_draw_png())
    assert blitted.shape == full.shape, what
    wrong = int((np.abs(blitted - full).max(axis=2) > LEVELS).sum())
    assert wrong == 0, (f"after {what}: {wrong} pixels differ from a full draw by more than {LEVELS} levels "
                        f"(last background: {explorer.last_background!r})")


def _build(name: str):
    from helpers.setup import set_plot_style

    set_plot_style()  # as in the notebooks
    return WIDGETS[name]()


def _controls(explorer, extras: dict) -> dict:
    return {**explorer.controls, **extras}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", WIDGETS)
def test_every_control_over_its_range_shows_what_a_full_draw_shows(name):
    explorer, extras = _build(name)
    _assert_shows_its_state(explorer, "the first render")
    for label, control in _controls(explorer, extras).items():
        for value in _values(control):
            _move(control, value)
            _assert_shows_its_state(explorer, f"{label} = {value!r}")


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", WIDGETS)
def test_a_random_walk_over_the_controls_shows_what_a_full_draw_shows(name):
    explorer, extras = _build(name)
    controls = _controls(explorer, extras)
    rng = np.random.default_rng(12)
    labels = sorted(controls)
    for step in range(RANDOM_MOVES):
        label = labels[rng.integers(len(labels))]
        values = _values(controls[label])
        value = values[rng.integers(len(values))]
        _move(controls[label], value)
        _assert_shows_its_state(explorer, f"random move {step}: {label} = {value!r}")
