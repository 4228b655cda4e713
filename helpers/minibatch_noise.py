"""Mini-batches (notebook 06): how noisy a mini-batch gradient is, measured and predicted by sampling theory, and the
mini-batch SGD loop itself (the reference of the exercise in which students write it)."""

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




def minibatch_sgd(w, X, y, gradient, learning_rate, batch_size, epochs, rng):
    """Mini-batch stochastic gradient descent: the loop notebook 06's students write (exercise q2).

    Once per epoch the examples get a new random order, ``order = rng.permutation(n)``; then for each
    consecutive batch ``order[start:start + batch_size]`` (``start = 0, batch_size, 2 batch_size, ...``,
    the last batch smaller when ``batch_size`` does not divide ``n``) one step
    ``w <- w - learning_rate * gradient(w, X[batch], y[batch])``. ``model.fit(X, y, epochs=...,
    batch_size=...)`` runs the same loop (it also shuffles once per epoch and keeps the smaller last batch).

    Parameters
    ----------
    w : numpy.ndarray
        The starting weights (not changed).
    X, y : numpy.ndarray
        The examples, one per row of ``X`` and entry of ``y``.
    gradient : callable(w, X_batch, y_batch) -> array like w
        The mean gradient of the loss over a batch.
    learning_rate : float
    batch_size, epochs : int
    rng : numpy.random.Generator
        Draws the orders; it advances, so calling again with the same generator continues the sequence.

    Returns
    -------
    numpy.ndarray
        The weights after the last step.
    """
    w = np.array(w, dtype=np.float64)
    n = len(y)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            w = w - learning_rate * gradient(w, X[batch], y[batch])
    return w


def mse_gradient(w, X, y):
    """The mean gradient of the squared error ``(X @ w - y)**2`` over the rows of ``X``: ``2 X^T (X w - y) / n``."""
    return 2.0 * X.T @ (X @ w - y) / len(y)


def epoch_losses(w, X, y, learning_rate, batch_size, epochs, seed, limit: float = 1e6):
    """The mean squared error of a linear model before training and after each epoch of :func:`minibatch_sgd`.

    A run whose loss passes ``limit`` (or stops being finite) has diverged: the losses stop there, and the
    second value returned is the epoch at which it happened (``None`` if it did not).

    Returns
    -------
    losses : numpy.ndarray
        ``epochs + 1`` values, or fewer for a run that diverged.
    diverged_at : int or None
    """
    rng = np.random.default_rng(seed)
    w = np.array(w, dtype=np.float64)
    losses = [float(np.mean((X @ w - y) ** 2))]
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            w = minibatch_sgd(w, X, y, mse_gradient, learning_rate, batch_size, 1, rng)
            loss = float(np.mean((X @ w - y) ** 2))
            if not np.isfinite(loss) or loss > limit:
                return np.array(losses), epoch
            losses.append(loss)
    return np.array(losses), None


def plot_batch_size_runs(batch_runs: dict, best_loss: float, n_train: int, axes) -> None:
    """The loss per epoch (left) and at the wall time each epoch ends (right) of runs with several batch sizes.

    Parameters
    ----------
    batch_runs : dict of B -> (losses, seconds)
        The training loss before training and after each epoch, and the warm seconds per epoch.
    best_loss : float
        The minimum of the loss (a dotted line).
    n_train : int
        The number of training examples (``B = n_train`` is labelled "full batch").
    axes : two matplotlib Axes
    """
    for B, (losses, seconds) in batch_runs.items():
        label = f"B = {B}" if B < n_train else f"full batch (B = {B})"
        epochs = np.arange(len(losses))
        axes[0].plot(epochs, losses, "o-", label=label)
        axes[1].plot(epochs[1:] * seconds, losses[1:], "o-", label=label)
    for ax in axes:
        ax.axhline(best_loss, color="k", ls=":", lw=1.5, label="minimum (least squares)")
        ax.legend()
    from matplotlib.ticker import FixedLocator, LogLocator, NullFormatter, ScalarFormatter

    axes[0].set(xlabel="epoch", ylabel="training loss (MSE)", title="Loss per epoch", yscale="log")
    axes[1].set(xlabel="wall time at the end of each epoch (s), this machine", ylabel="training loss (MSE)",
                title="Loss per second", xscale="log", yscale="log")
    axes[1].xaxis.set_major_locator(LogLocator(subs=(1.0, 3.0)))       # 0.01, 0.03, 0.1, 0.3, 1, 3 s
    for ax in axes:
        ax.yaxis.set_major_locator(FixedLocator([0.3, 0.5, 1.0, 2.0]))
        for axis in (ax.yaxis, ax.xaxis if ax is axes[1] else None):
            if axis is not None:
                axis.set_major_formatter(ScalarFormatter())
                axis.set_minor_formatter(NullFormatter())


def plot_diagnosis_runs(runs: dict, best_loss: float, axes) -> None:
    """One panel per run of :func:`epoch_losses`: ``{title: (losses, diverged_at)}``; a divergence is said in words."""
    from matplotlib.ticker import FixedLocator, MaxNLocator, NullFormatter, ScalarFormatter

    for ax, (title, (losses, diverged_at)) in zip(np.ravel(axes), runs.items()):
        ax.plot(np.arange(len(losses)), losses, "o-", color="C0", label="training loss")
        ax.axhline(best_loss, color="k", ls=":", lw=1.5, label="minimum (least squares)")
        if diverged_at is not None:
            ax.text(0.97, 0.06, f"epoch {diverged_at}: the loss passed 10¹²,\nthe run stopped",
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=12)
        ax.set(xlabel="epoch", ylabel="training loss (MSE, log scale)", yscale="log", title=title)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if diverged_at is None:
            ax.yaxis.set_major_locator(FixedLocator([0.3, 0.5, 1.0, 2.0, 3.0]))
            ax.yaxis.set_major_formatter(ScalarFormatter())
            ax.yaxis.set_minor_formatter(NullFormatter())
        ax.legend(loc="center right" if diverged_at is None else "upper left", fontsize=12)


#: The hidden settings of exercise 3's two runs: {title: learning rate}; both with B = 32 for 20 epochs from w = b = 0.5.
DIAGNOSIS_LEARNING_RATES = {"run A": 1.1, "run B": 3e-4}


def diagnosis_runs(x, y, seed: int, epochs: int = 20, batch_size: int = 32):
    """Exercise 3's two mystery runs: :func:`epoch_losses` of the line ``w x + b`` on ``(x, y)`` from ``w = b = 0.5``.

    Returns
    -------
    runs : dict of title -> (losses, diverged_at)
        One entry per :data:`DIAGNOSIS_LEARNING_RATES`; a run stops when its loss passes 1e12.
    best_loss : float
        The least-squares minimum of the loss.
    """
    X = np.column_stack([np.asarray(x, dtype=np.float64), np.ones(len(x))])
    y = np.asarray(y, dtype=np.float64)
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    runs = {title: epoch_losses(np.array([0.5, 0.5]), X, y, rate, batch_size, epochs, seed, limit=1e12)
            for title, rate in DIAGNOSIS_LEARNING_RATES.items()}
    return runs, float(np.mean((X @ best - y) ** 2))


__all__ = ["minibatch_gradient_variance", "minibatch_sgd", "mse_gradient", "epoch_losses", "plot_batch_size_runs",
           "plot_diagnosis_runs", "diagnosis_runs",
           "DIAGNOSIS_LEARNING_RATES"]
