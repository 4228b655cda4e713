"""Sliders as the notebooks use them: live while dragged, with readable readouts."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np


def float_slider(description: str, value: float, min: float, max: float, step: float = 0.01, **kwargs):
    """A float slider that reports every value while it is dragged, shown with two decimals."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                               continuous_update=True, readout_format=".2f", **kwargs)


def log_slider(description: str, value: float, min: float, max: float, **kwargs):
    """A slider on a log scale, for learning rates and temperatures. ``min``/``max`` are the real values."""
    if not 0 < min < max:
        raise ValueError(f"a log slider needs 0 < min < max, got min={min}, max={max}")
    return widgets.FloatLogSlider(value=value, base=10, min=np.log10(min), max=np.log10(max), step=0.01,
                                  description=description, continuous_update=True, readout_format=".3g", **kwargs)
