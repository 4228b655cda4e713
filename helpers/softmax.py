"""Softmax, temperature and cross-entropy in numpy: the reference the notebook and tests compare against.

The notebook writes softmax out for the student first; these functions are the careful
versions (no overflow, validated inputs) used by the widget, the exercises and the tests.

- :func:`softmax` -- ``exp(z / T) / sum(exp(z / T))``, with the maximum subtracted first.
- :func:`logsumexp` and :func:`log_softmax` -- the same trick on the log scale.
- :func:`entropy` -- how spread out a distribution is, in nats.
- :func:`sample_with_temperature` -- draw classes from ``softmax(z / T)``.
- :func:`cross_entropy` and :func:`binary_cross_entropy` -- the log loss, from probabilities or logits.
"""

from __future__ import annotations

import numpy as np


def _as_scores(z, name: str = "z") -> np.ndarray:
    try:
        array = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers (scores or logits), got {type(z).__name__}") from None
    if array.ndim == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} must hold at least one score along its last axis, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return array


def _check_temperature(T) -> float:
    if isinstance(T, bool) or not isinstance(T, (int, float, np.integer, np.floating)) or not np.isfinite(T) or T <= 0:
        raise ValueError(f"the temperature T must be a positive finite number, got {T!r}")
    return float(T)


def logsumexp(z, axis: int = -1) -> np.ndarray:
    """``log(sum(exp(z)))`` along ``axis`` without overflow: ``m + log(sum(exp(z - m)))`` with ``m = max(z)``.

    Parameters
    ----------
    z : array-like of finite numbers
    axis : int
        The axis to sum over.

    Returns
    -------
    numpy.ndarray
        ``z`` with ``axis`` removed (a 0-d array for a vector).
    """
    z = _as_scores(z)
    m = z.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.exp(z - m).sum(axis=axis))


def log_softmax(z, T: float = 1.0, axis: int = -1) -> np.ndarray:
    """``log softmax(z / T)`` computed as ``z / T - logsumexp(z / T)``: exact even where softmax underflows to 0."""
    scaled = _as_scores(z) / _check_temperature(T)
    return scaled - np.expand_dims(logsumexp(scaled, axis=axis), axis)


def softmax(z, T: float = 1.0, axis: int = -1) -> np.ndarray:
    """Probabilities ``exp(z_i / T) / sum_j exp(z_j / T)`` along ``axis``, computed stably.

    Parameters
    ----------
    z : array-like of finite numbers
        Scores (logits), one per class along ``axis``; a batch may add leading axes.
    T : float
        The temperature, > 0. ``T = 1`` is the plain softmax; large ``T`` flattens the
        distribution towards uniform, small ``T`` sharpens it towards the argmax.
    axis : int
        The class axis.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; non-negative, summing to 1 along ``axis``.
    """
    scaled = _as_scores(z) / _check_temperature(T)
    e = np.exp(scaled - scaled.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _as_distribution(p, name: str = "p") -> np.ndarray:
    try:
        p = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of probabilities, got {type(p).__name__}") from None
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError(f"{name} must hold one probability per class along its last axis, got shape {p.shape}")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"{name} must hold probabilities between 0 and 1")
    if not np.allclose(p.sum(axis=-1), 1.0, atol=1e-4):
        raise ValueError(f"each row of {name} must sum to 1 (a probability distribution over the classes); "
                         f"got sums {np.array2string(p.sum(axis=-1), precision=4, threshold=6)}")
    return p


def entropy(p) -> np.ndarray:
    """Shannon entropy ``-sum_i p_i log p_i`` in nats, along the last axis (``0 log 0 = 0``).

    It is 0 for a one-hot distribution and ``log k`` (its maximum) for the uniform one over ``k`` classes.
    """
    p = _as_distribution(p)
    terms = np.where(p > 0, -p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return terms.sum(axis=-1)


def sample_with_temperature(z, T: float, n: int, seed: int | None = 0, rng: np.random.Generator | None = None):
    """Draw ``n`` class indices from ``softmax(z / T)`` (how a language model samples its next word).

    Parameters
    ----------
    z : 1-D array-like
        The scores of the ``k`` classes.
    T : float
        The temperature, > 0.
    n : int
        How many draws.
    seed : int or None
        Seed for a fresh generator (ignored when ``rng`` is given).
    rng : numpy.random.Generator, optional
        The generator to draw from.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
    """
    z = _as_scores(z)
    if z.ndim != 1:
        raise ValueError(f"z must be a 1-D vector of class scores, got shape {z.shape}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer (the number of draws), got {n!r}")
    generator = rng if rng is not None else np.random.default_rng(seed)
    return generator.choice(len(z), size=int(n), p=softmax(z, T))


def _as_labels(labels, n_rows: int, k: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim == 0:
        labels = labels.reshape(1)
    if not np.issubdtype(labels.dtype, np.integer):
        if np.issubdtype(labels.dtype, np.floating) and np.all(labels == np.round(labels)):
            labels = labels.astype(np.int64)
        else:
            raise ValueError(f"labels must be integer class indices 0..{k - 1}, got dtype {labels.dtype}")
    if labels.shape != (n_rows,):
        raise ValueError(f"labels must have one class index per row: expected shape ({n_rows},), got {labels.shape}")
    if np.any(labels < 0) or np.any(labels >= k):
        raise ValueError(f"labels must be class indices from 0 to {k - 1}, got values from {labels.min()} to {labels.max()}")
    return labels


def cross_entropy(labels, scores, from_logits: bool = False) -> np.ndarray:
    """Categorical cross-entropy ``-log p_y`` for each example (the log loss of the true class).

    Parameters
    ----------
    labels : int or array-like of int, shape (n,)
        The true class of each example (sparse labels, as ``SparseCategoricalCrossentropy`` takes).
    scores : array-like, shape (k,) or (n, k)
        Probabilities (rows summing to 1) or, with ``from_logits=True``, logits.
    from_logits : bool
        ``True`` computes ``logsumexp(z) - z_y`` directly from the logits, which stays exact where the
        probability of the true class would round to 0.

    Returns
    -------
    numpy.ndarray, shape (n,)
        One loss per example, >= 0; from probabilities it is ``inf`` where ``p_y = 0``.
        Average it for the number Keras reports.
    """
    scores = np.asarray(scores, dtype=np.float64) if not from_logits else _as_scores(scores, "logits")
    if scores.ndim == 1:
        scores = scores[None, :]
    if scores.ndim != 2:
        raise ValueError(f"scores must have shape (k,) or (n, k), got {scores.shape}")
    labels = _as_labels(labels, len(scores), scores.shape[1])
    rows = np.arange(len(scores))
    if from_logits:
        return logsumexp(scores, axis=1) - scores[rows, labels]
    p = _as_distribution(scores, "probabilities")
    with np.errstate(divide="ignore"):
        return -np.log(p[rows, labels])


def binary_cross_entropy(y_true, scores, from_logits: bool = False) -> np.ndarray:
    """Binary cross-entropy ``-[y log p + (1 - y) log(1 - p)]`` for each example.

    Parameters
    ----------
    y_true : array-like of 0/1
        The targets.
    scores : array-like, same shape
        Probabilities ``p`` of class 1, or logits ``z`` with ``from_logits=True``
        (then ``p = sigmoid(z)`` and the loss is ``log(1 + e^z) - y z``, computed stably).

    Returns
    -------
    numpy.ndarray
        The loss of each example.
    """
    y = np.asarray(y_true, dtype=np.float64)
    if y.size == 0 or not np.all((y == 0) | (y == 1)):
        raise ValueError("y_true must be a non-empty array of 0/1 targets")
    if from_logits:
        z = _as_scores(scores, "logits")
        if z.shape != y.shape:
            raise ValueError(f"logits and y_true must have the same shape, got {z.shape} and {y.shape}")
        return np.logaddexp(0.0, z) - y * z
    p = np.asarray(scores, dtype=np.float64)
    if p.shape != y.shape:
        raise ValueError(f"probabilities and y_true must have the same shape, got {p.shape} and {y.shape}")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError("probabilities must lie between 0 and 1")
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(y == 1, np.log(p), np.log1p(-p))


__all__ = ["softmax", "log_softmax", "logsumexp", "entropy", "sample_with_temperature", "cross_entropy",
           "binary_cross_entropy"]
