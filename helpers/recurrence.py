"""One recurrent step in numpy, the loop that unrolls it, and an order-dependent sequence task.

A simple recurrent layer (Keras' ``SimpleRNN``) keeps a state :math:`h_t` and updates it at every step,

.. math::  h_t = \\tanh(x_t W + h_{t-1} U + b), \\qquad h_0 = 0,

with ``W`` of shape ``(features, units)`` (Keras' ``kernel``), ``U`` of shape ``(units, units)``
(``recurrent_kernel``) and ``b`` of shape ``(units,)``. The layer returns the last state :math:`h_T`.
The tests check :func:`rnn_forward` against ``keras.layers.SimpleRNN`` with the weights copied.
"""

from __future__ import annotations

import numpy as np


def rnn_step(x_t, h_prev, W, U, b) -> np.ndarray:
    """One step ``tanh(x_t W + h_prev U + b)``; ``x_t`` is ``(features,)`` or a batch ``(n, features)``."""
    return np.tanh(np.asarray(x_t) @ W + np.asarray(h_prev) @ U + b)


def rnn_forward(xs, W, U, b, h0=None) -> np.ndarray:
    """Unroll :func:`rnn_step` over a sequence ``xs`` of shape ``(steps, features)`` (or ``(n, steps, features)``).

    Returns
    -------
    numpy.ndarray
        Every state ``h_1 .. h_T``: shape ``(steps, units)`` (or ``(n, steps, units)``); the last is ``[..., -1, :]``.
    """
    xs = np.asarray(xs, dtype=np.float64)
    batched = xs.ndim == 3
    seq = xs if batched else xs[None]
    h = np.zeros((seq.shape[0], np.shape(U)[0])) if h0 is None else np.broadcast_to(h0, (seq.shape[0], np.shape(U)[0]))
    states = []
    for t in range(seq.shape[1]):
        h = rnn_step(seq[:, t, :], h, W, U, b)
        states.append(h)
    out = np.stack(states, axis=1)
    return out if batched else out[0]


def order_task(n: int, length: int = 16, seed: int = 0, noise: float = 0.1):
    """Sequences of two kinds of events, A and B, at random times; the label says which came first.

    Each sequence has ``length`` steps and two channels (an A pulse, a B pulse). Between one and three A's and one to
    three B's fall at distinct random times, and small Gaussian noise is added everywhere. The label is 1 when the
    first A comes before the first B. The same pulses in another order give another label: only their order matters.

    Parameters
    ----------
    n : int
        Number of sequences.
    length : int
        Steps per sequence (at least 2).
    seed : int
    noise : float
        Standard deviation of the noise added to both channels.

    Returns
    -------
    X : float32 array of shape (n, length, 2)
    y : int64 array of shape (n,)
    """
    if length < 2 or n < 1:
        raise ValueError(f"need n >= 1 and length >= 2, got n={n}, length={length}")
    rng = np.random.default_rng(seed)
    X = np.zeros((n, length, 2), np.float32)
    y = np.zeros(n, np.int64)
    for i in range(n):
        n_a, n_b = (int(c) for c in rng.integers(1, 4, size=2))
        times = rng.permutation(length)[:min(n_a + n_b, length)]
        t_a, t_b = times[:max(1, min(n_a, len(times) - 1))], times[max(1, min(n_a, len(times) - 1)):]
        X[i, t_a, 0] = 1.0
        X[i, t_b, 1] = 1.0
        y[i] = int(t_a.min() < t_b.min())
    X += rng.normal(0.0, noise, X.shape).astype(np.float32)
    return X, y


__all__ = ["rnn_step", "rnn_forward", "order_task"]
