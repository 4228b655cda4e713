"""Benchmark cases for the activation explorer of notebook 02: moving w and b, and changing the selection."""

from __future__ import annotations

from benchmarks.common import WidgetCase


def _build():
    from helpers.widgets.activations import activation_explorer

    return activation_explorer(selected=("sigmoid", "tanh", "relu"))


CASES = [
    WidgetCase("02 activations: drag w and b", _build,
               moves=[{"w": 2.0}, {"b": -1.5}, {"w": -3.0}, {"b": 2.5}, {"w": 0.5, "b": 0.0}], repeats=40),
    WidgetCase("02 activations: change the selection", _build,
               moves=[{"activations": ("sigmoid", "relu", "gelu", "softplus")}, {"activations": ("leaky_relu",)},
                      {"activations": tuple(["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "gelu"])}],
               repeats=30),
]
