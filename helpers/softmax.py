"""Softmax and temperature in numpy: the reference the notebook and tests compare against.

The notebook writes softmax out for the student first; these functions are the careful
versions (no overflow, validated inputs) used by the widget, the exercises and the tests.

- :func:`softmax` -- ``exp(z / T) / sum(exp(z / T))``, with the maximum subtracted first.
- :func:`logsumexp` and :func:`log_softmax` -- the same trick on the log scale.
- :func:`entropy` -- how spread out a distribution is, in nats.
- :func:`sample_with_temperature` -- draw classes from ``softmax(z / T)``.

The cross-entropy, from probabilities or logits, is :func:`helpers.numpy_net.cross_entropy`.
"""

from __future__ import annotations

import numpy as np


def _as_array(value, name: str, what: str, per_entry: str) -> np.ndarray:
    """``value`` as a float array with at least one entry along its last axis, or a ValueError naming ``name``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of {what}, got {type(value).__name__}") from None
    if array.ndim == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} must hold {per_entry} along its last axis, got shape {array.shape}")
    return array


def _as_scores(z, name: str = "z") -> np.ndarray:
    array = _as_array(z, name, "numbers (scores or logits)", "at least one score")
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
    return softmax_unchecked(_as_scores(z) / _check_temperature(T), axis)


def softmax_unchecked(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """:func:`softmax` at ``T = 1`` without checking ``z``: for a network's forward pass, where a diverged
    network's NaN or infinite scores must come out as NaN probabilities, not raise."""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _as_distribution(p, name: str = "p") -> np.ndarray:
    p = _as_array(p, name, "probabilities", "one probability per class")
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


__all__ = ["softmax", "softmax_unchecked", "log_softmax", "logsumexp", "entropy", "sample_with_temperature"]
