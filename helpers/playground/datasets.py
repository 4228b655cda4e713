"""The playground's datasets and input features."""

from __future__ import annotations

import numpy as np

from helpers import data as _data

#: Dataset name -> label shown in the playground.
DATASETS = {
    "circle": "circle",
    "xor": "xor",
    "gaussian": "gaussian",
    "spiral": "spiral",
    "wine": "wine (2 cultivars)",
    "wine3": "wine (3 cultivars, softmax)",
    "blobs4": "4 blobs (softmax)",
}

#: Input feature name -> (label, function of x1 and x2).
FEATURES = {
    "x1": ("$x_1$", lambda x1, x2: x1),
    "x2": ("$x_2$", lambda x1, x2: x2),
    "x1^2": ("$x_1^2$", lambda x1, x2: x1 ** 2),
    "x2^2": ("$x_2^2$", lambda x1, x2: x2 ** 2),
    "x1x2": ("$x_1 x_2$", lambda x1, x2: x1 * x2),
    "sin_x1": (r"$\sin x_1$", lambda x1, x2: np.sin(x1)),
    "sin_x2": (r"$\sin x_2$", lambda x1, x2: np.sin(x2)),
}

#: Dataset name -> generator of (X, y) from (n, noise, seed); the wine data is real and has no noise setting.
_GENERATORS = {
    "circle": _data.circles,
    "xor": _data.xor,
    "gaussian": _data.gaussian,
    "spiral": _data.spirals,
    "blobs4": lambda n, noise, seed: _data.k_blobs(n, 4, noise, seed),
    "wine": lambda n, noise, seed: _wine(binary=True),
    "wine3": lambda n, noise, seed: _wine(binary=False),
}


def _wine(binary: bool):
    wine = _data.wine(binary=binary)
    return wine.X, wine.y


def feature_matrix(X, features) -> np.ndarray:
    """The chosen input features of 2-D points, as an ``(n, len(features))`` float64 array.

    Parameters
    ----------
    X : array of shape (n, 2)
        The points ``(x1, x2)``.
    features : sequence of str
        Names from :data:`FEATURES`, e.g. ``("x1", "x2", "x1x2")``.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    unknown = [f for f in features if f not in FEATURES]
    if unknown or not features:
        raise ValueError(f"features must be a non-empty list of {list(FEATURES)}, got {list(features)}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[f][1](x1, x2) for f in features])


def load_dataset(name: str, n: int, noise: float, seed: int):
    """All points and labels of a playground dataset, and its number of classes.

    ``noise`` is passed to the toy generators in :mod:`helpers.data`; the wine data is real and
    has no noise setting.
    """
    if name not in _GENERATORS:
        raise ValueError(f"unknown dataset {name!r}; expected one of {list(DATASETS)}")
    X, y = _GENERATORS[name](n, noise, seed)
    return X.astype(np.float64), y.astype(np.int64), int(y.max()) + 1


__all__ = ["DATASETS", "FEATURES", "feature_matrix", "load_dataset"]
