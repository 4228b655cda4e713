"""Notebook 07: the dropout / L2 explorer (12 precomputed numpy runs; a move only looks one up and redraws)."""

from benchmarks.common import WidgetCase


def build_regularization_explorer():
    from helpers.data import moons, standardize, train_val_split
    from helpers.widgets.regularization import regularization_explorer, regularization_grid

    X, y = moons(n=300, noise=0.35, seed=1)
    X_train, X_val, y_train, y_val = train_val_split(X, y, val_fraction=0.8, seed=0)
    X_train, X_val, _ = standardize(X_train, X_val)
    grid = regularization_grid(X_train, y_train, X_val, y_val, hidden=(64, 64), epochs=60, batch_size=10)
    return regularization_explorer(grid, X_train, y_train, X_val, y_val)


CASES = [
    WidgetCase("07 regularization: dropout + L2 sliders", build_regularization_explorer,
               moves=[{"dropout": 0.5, "l2": 1e-3}, {"dropout": 0.0, "l2": 0.0}, {"dropout": 0.2, "l2": 1e-2},
                      {"dropout": 0.5, "l2": 1e-4}], repeats=40),
]
