"""How noisy a mini-batch gradient is: measured over many batches, and predicted by sampling theory (notebook 06)."""

from __future__ import annotations

import numpy as np

from helpers.update_rules import check_positive_int


def minibatch_gradient_variance(per_example_gradients, batch_sizes, n_batches: int = 500, seed: int = 0):
    """How far a mini-batch gradient lands from the full-batch gradient, measured and predicted.

    For each batch size ``B`` we draw ``n_batches`` batches without replacement, average their
    per-example gradients, and measure ``E ||g_B - g||^2`` (summed over the parameters). Theory for
    sampling without replacement from ``N`` examples: ``sigma^2 / B * (N - B) / (N - 1)`` with
    ``sigma^2`` the per-example variance (the mean of ``||g_k - g||^2``).

    Parameters
    ----------
    per_example_gradients : array of shape (N, d)
        Row ``k`` is the gradient of example ``k``'s loss.
    batch_sizes : sequence of int
        Each from 1 to ``N``.
    n_batches : int
    seed : int

    Returns
    -------
    measured, predicted : numpy.ndarray
        One value per batch size.
    """
    G = np.asarray(per_example_gradients, dtype=np.float64)
    if G.ndim != 2 or len(G) < 2:
        raise ValueError(f"per_example_gradients must have shape (N, d) with N >= 2, got {G.shape}")
    n = len(G)
    sizes = [check_positive_int(b, "each batch size") for b in batch_sizes]
    if any(b > n for b in sizes):
        raise ValueError(f"batch sizes must be at most N = {n}, got {sizes}")
    n_batches = check_positive_int(n_batches, "n_batches")
    rng = np.random.default_rng(seed)
    full = G.mean(axis=0)
    sigma2 = np.mean(np.sum((G - full) ** 2, axis=1))
    measured, predicted = [], []
    for b in sizes:
        index = np.argsort(rng.random((n_batches, n)), axis=1)[:, :b]  # b distinct examples per batch
        g_batch = G[index].mean(axis=1)
        measured.append(np.mean(np.sum((g_batch - full) ** 2, axis=1)))
        predicted.append(sigma2 / b * (n - b) / (n - 1))
    return np.array(measured), np.array(predicted)


__all__ = ["minibatch_gradient_variance"]
