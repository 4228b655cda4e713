"""Notebook 05's temperature widget: one slider move = new bar heights, texts and PNG."""

import numpy as np

from benchmarks.common import WidgetCase


def _build():
    from helpers.widgets.temperature import temperature_explorer

    words = ["mat", "sofa", "floor", "roof", "moon", "piano"]
    return temperature_explorer(np.array([3.0, 2.2, 1.8, 0.5, -1.0, -2.0]), labels=words, T=1.0, xlabel="next word")


CASES = [
    WidgetCase("05 temperature: drag T (6 words)", _build,
               moves=[{"T": T} for T in (0.05, 0.1, 0.3, 0.7, 1.0, 2.0, 5.0, 12.0, 20.0, 3.0, 0.5)]),
]
