"""Benchmark cases for notebook 03's capacity explorer (hidden units x epochs)."""

from __future__ import annotations

import numpy as np

from benchmarks.common import WidgetCase

UNITS = (1, 2, 5, 20, 100, 1000)
CHECKPOINTS = (10, 20, 50, 100, 200, 500, 1000)


def _build():
    from helpers import data, regression
    from helpers.widgets.capacity import capacity_explorer

    X, y = data.weight_mpg()
    X_train, X_val, y_train, y_val = data.train_val_split(X, y, val_fraction=0.25, seed=0)
    X_train_s, X_val_s, scaler = data.standardize(X_train, X_val)
    weights_curve = np.linspace(1.5, 5.3, 200)[:, None]
    fits = regression.train_mlp_fits(X_train_s[:40, 0], y_train[:40], X_val_s[:, 0], y_val, UNITS, CHECKPOINTS,
                                     x_curve=scaler.transform(weights_curve)[:, 0])
    return capacity_explorer(fits, X_train[:40, 0], y_train[:40], X_val[:, 0], y_val, x_curve=weights_curve[:, 0],
                             units=5, epochs=1000)


CASES = [
    WidgetCase("03 capacity: move hidden units", _build, moves=[{"units": u} for u in UNITS], repeats=30),
    WidgetCase("03 capacity: move epochs", _build,
               moves=[{"epochs": e} for e in CHECKPOINTS] + [{"epochs": e} for e in CHECKPOINTS[::-1]], repeats=30),
]
