"""Benchmark cases for the activation explorer of notebook 02: moving w and b, and changing the selection.

A student drags a slider in steps of 0.05; most steps keep the left panel's y range, and the
few that cross into a new range draw that panel's background (about 60 ms) once. Jumps between
ranges seen before reuse kept backgrounds. The "first visit" case forgets them before every
move: the worst case, shown for honesty.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import WidgetCase


def _build():
    from helpers.widgets.activations import activation_explorer

    return activation_explorer(selected=("sigmoid", "tanh", "relu"))


def _first_visit(widget, move) -> None:
    widget.backgrounds.clear()  # forget the kept backgrounds: every new y range is drawn
    widget.set(**move)


_JUMPS = [{"w": 2.0}, {"b": -1.5}, {"w": -3.0}, {"b": 2.5}, {"w": 0.5, "b": 0.0}]

CASES = [
    WidgetCase("02 activations: slide w from -5 to 5", _build,
               moves=[{"w": float(w)} for w in np.round(np.arange(-5.0, 5.0001, 0.05), 2)], repeats=200),
    WidgetCase("02 activations: jump w and b between y ranges", _build, moves=_JUMPS, repeats=40),
    WidgetCase("02 activations: jump w and b, first visit of each range", _build, moves=_JUMPS, repeats=40,
               action=_first_visit),
    WidgetCase("02 activations: change the selection", _build,
               moves=[{"activations": ("sigmoid", "relu", "gelu", "softplus")}, {"activations": ("leaky_relu",)},
                      {"activations": tuple(["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "gelu"])}],
               repeats=30),
]
