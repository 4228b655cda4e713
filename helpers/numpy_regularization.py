"""Notebook 07's classifier in numpy: dropout and L2 runs fast enough for a widget to precompute a grid of them.

The network is :func:`helpers.regularization.build_classifier`'s, on the engine of
:mod:`helpers.numpy_net`: ReLU hidden layers with inverted dropout after each, an L2 penalty on the
hidden kernels, a sigmoid output, Adam on mini-batches. It needs neither Keras nor TensorFlow, and a
grid of a dozen runs trained side by side costs little more than one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from helpers.data import check_xy
from helpers.numpy_net import Network
from helpers.update_rules import NumpyOptimizer


def check_seed(seed) -> None:
    """A ValueError unless ``seed`` is a non-negative integer (a helper's run takes the notebook's seed)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer (pass the notebook's ctx.seed), got {seed!r}")


@dataclass
class NumpyRun:
    """A numpy training run: the trained ``network`` and one train / validation loss per epoch (data loss only)."""

    network: Network
    train_loss: np.ndarray
    val_loss: np.ndarray

    def predict(self, X) -> np.ndarray:
        """The probability of class 1 at each row of ``X`` (inference: no dropout)."""
        return self.network.forward(X)

    def kernel_norm(self) -> float:
        """Norm of all kernels together, as :func:`helpers.regularization.kernel_norm` measures a Keras model."""
        return float(np.sqrt(sum(np.sum(W.astype(np.float64) ** 2) for W, _ in self.network.layers)))


def train_numpy_mlps(X_train, y_train, X_val, y_val, dropout_rates, l2_strengths, hidden=(64, 64), epochs: int = 60,
                     batch_size: int = 10, learning_rate: float = 0.01, *, seed: int) -> list:
    """Train one MLP per ``(dropout_rates[r], l2_strengths[r])`` pair, all at once, with Adam on mini-batches.

    The runs are stacked along a leading axis and computed in float32, as Keras does. Every run
    starts from the same weights (from ``seed``) and sees the same mini-batches in the same order
    (from ``seed + 1``; the dropout masks from ``seed + 2``), so runs differ only by their
    regularization. The losses recorded per epoch are the cross-entropy on all training and all
    validation points with dropout off (what the network does at inference), without the L2 term.

    Returns
    -------
    list of NumpyRun
        One per pair, in order.
    """
    X_train, y_train = check_xy(X_train, y_train, "X_train")
    X_val, y_val = check_xy(X_val, y_val, "X_val")
    rates = np.asarray(dropout_rates, dtype=np.float64).reshape(-1)
    l2s = np.asarray(l2_strengths, dtype=np.float64).reshape(-1)
    if rates.shape != l2s.shape or len(rates) == 0:
        raise ValueError(f"dropout_rates and l2_strengths must be equally long and non-empty, "
                         f"got {len(rates)} and {len(l2s)}")
    check_seed(seed)
    if np.any((rates < 0) | (rates >= 1)) or np.any(l2s < 0):
        raise ValueError(f"dropout rates must be in [0, 1) and L2 strengths >= 0, got {rates} and {l2s}")
    network = Network((X_train.shape[1], *hidden, 1), "relu", "sigmoid", rng=np.random.default_rng(seed), l2=l2s,
                      penalize_output=False, dropout=rates, runs=len(rates), dtype=np.float32)
    adam = NumpyOptimizer("Adam", learning_rate)
    order_rng, mask_rng = np.random.default_rng(seed + 1), np.random.default_rng(seed + 2)
    curves = np.empty((2, epochs, len(rates)))
    with threadpool_limits(limits=1):  # tiny matrices: one BLAS thread beats several fighting over the cores
        for epoch in range(epochs):
            network.train_epoch(adam, X_train, y_train, batch_size, order_rng, mask_rng)
            curves[:, epoch] = network.loss(X_train, y_train, False), network.loss(X_val, y_val, False)
    return [NumpyRun(network.run(r), curves[0, :, r], curves[1, :, r]) for r in range(len(rates))]


def train_numpy_mlp(X_train, y_train, X_val, y_val, hidden=(64, 64), dropout: float = 0.0, l2: float = 0.0,
                    epochs: int = 60, batch_size: int = 10, learning_rate: float = 0.01, *, seed: int) -> NumpyRun:
    """One run of :func:`train_numpy_mlps`: the MLP with inverted dropout and L2 weight decay."""
    return train_numpy_mlps(X_train, y_train, X_val, y_val, [dropout], [l2], hidden, epochs, batch_size,
                            learning_rate, seed=seed)[0]


__all__ = ["check_seed", "NumpyRun", "train_numpy_mlps", "train_numpy_mlp"]


def early_stopping_epochs(val_losses, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """Where Keras's ``EarlyStopping(patience, min_delta, restore_best_weights=True)`` stops, in plain Python.

    After each epoch the validation loss either improves on the best so far by more than ``min_delta``
    (``loss < best - min_delta``: the counter resets) or not (the counter grows); training stops once
    the counter reaches ``patience``.

    Returns
    -------
    (epochs_run, best_epoch) : tuple of int
        Both 1-based; the restored weights are those of ``best_epoch``.
    """
    losses = np.asarray(val_losses, dtype=np.float64)
    if losses.ndim != 1 or len(losses) == 0:
        raise ValueError(f"val_losses must be a non-empty 1-D sequence, got shape {losses.shape}")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be a positive integer, got {patience!r}")
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses), best_epoch
