"""Benchmark cases for notebook 01's neuron explorer."""

from benchmarks.common import WidgetCase


def _build():
    from helpers import data
    from helpers.widgets.perceptron import neuron_explorer

    X, y = data.blobs(n=100, noise=0.8, seed=1)
    return neuron_explorer(X, y, w=(0.5, -1.0), b=0.5, activation="step", learning_rate=1.0)


def _press_step(explorer, _move):
    explorer.controls["step"].click()


def _sigmoid(explorer):
    explorer.set(activation="sigmoid", learning_rate=0.5)


CASES = [
    WidgetCase("01 neuron explorer: move w1/w2/b", _build,
               moves=[{"w1": 0.5 + 0.1 * i, "w2": -1.0 + 0.05 * i, "b": 0.5 - 0.02 * i} for i in range(12)]),
    WidgetCase("01 neuron explorer: switch step/sigmoid", _build,
               moves=[{"activation": "sigmoid"}, {"activation": "step"}]),
    WidgetCase("01 neuron explorer: gradient step button", _build, moves=[{}], action=_press_step,
               after_build=_sigmoid),
]
