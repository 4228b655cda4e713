"""One optimizer trained from several seeds, and the cost of a Keras epoch (notebook 06).

- :func:`warm_epoch_seconds`: the wall time of one epoch of a Keras model once Keras is warm.
- :func:`numpy_seed_runs`: one optimizer from several seeds, trained with the course's numpy engine
  (:class:`helpers.numpy_net.Network` and :class:`helpers.update_rules.NumpyOptimizer`), for comparisons of many
  optimizers: about 30 ms per run where Keras needs about a second per optimizer before its first step.
- :func:`summarize_runs` and :func:`plot_seed_runs`: the mean and the min-max spread over the seeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from helpers.update_rules import check_positive_int


def warm_epoch_seconds(model, data, budget: float = 0.3, min_epochs: int = 2, max_epochs: int = 100, y=None,
                       batch_size: int | None = None) -> float:
    """The wall time of one epoch of ``model.fit(data)`` once Keras is warm.

    It trains further epochs (as many as fit in ``budget`` seconds, at least ``min_epochs``, at most
    ``max_epochs``) and returns the fastest. The fastest is the epoch's own cost: the first epoch of a new
    model also traces the training step, and on a busy computer other programs only ever add time.
    It changes the model's weights, so call it after the training whose results you keep.

    Parameters
    ----------
    model : keras.Model
        A compiled model.
    data : tf.data.Dataset or array
        The training batches, e.g. from :func:`helpers.data.batches`; or the inputs ``X``, with ``y`` and
        ``batch_size``, as ``model.fit(X, y, batch_size=...)`` takes them.
    budget : float
        Seconds to spend, > 0.
    min_epochs, max_epochs : int
    y : array, optional
        The targets, when ``data`` holds the inputs.
    batch_size : int, optional
        The batch size, when ``data`` holds the inputs.

    Returns
    -------
    float
        Seconds per epoch.
    """
    import keras

    if not hasattr(model, "fit") or getattr(model, "optimizer", None) is None:
        raise ValueError("model must be a compiled keras model (call model.compile(...) first)")
    if not np.isfinite(budget) or budget <= 0:
        raise ValueError(f"budget must be a positive number of seconds, got {budget!r}")
    min_epochs = check_positive_int(min_epochs, "min_epochs")
    max_epochs = check_positive_int(max_epochs, "max_epochs")
    begun, seconds, start = [], [], time.perf_counter()

    def epoch_end(epoch, logs):
        seconds.append(time.perf_counter() - begun[-1])
        if len(seconds) >= min_epochs and time.perf_counter() - start > budget:
            model.stop_training = True

    clock = keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: begun.append(time.perf_counter()),
                                           on_epoch_end=epoch_end)
    model.fit(data, y, batch_size=batch_size, epochs=max(min_epochs, max_epochs), verbose=0, callbacks=[clock])
    return min(seconds)


@dataclass(frozen=True)
class SeedRuns:
    """One optimizer trained from several seeds (what :func:`numpy_seed_runs` returns).

    Attributes
    ----------
    seeds : tuple of int
    train_loss : numpy.ndarray, shape (n_seeds, epochs)
        The training loss Keras logs per epoch (the mean over that epoch's batches).
    val_loss : numpy.ndarray, shape (n_seeds,)
        The loss on the validation data after the last epoch (one forward pass).
    """

    seeds: tuple
    train_loss: np.ndarray
    val_loss: np.ndarray


def numpy_seed_runs(sizes, name: str, learning_rate: float, X_train, y_train, X_val, y_val, seeds, epochs: int,
                    batch_size: int = 32, **hyper) -> SeedRuns:
    """Train a ReLU network with a linear output on the MSE once per seed, in numpy: what ``model.fit`` does with a
    fresh Keras model per seed, fast enough to compare many optimizers.

    The network is :class:`helpers.numpy_net.Network` ``(sizes, "relu", "linear")``: Glorot-uniform kernels and zero
    biases, as ``keras.layers.Dense`` starts. The update rule is :class:`helpers.update_rules.NumpyOptimizer`
    ``(name, learning_rate, **hyper)``, Keras's rule step for step. The loop is ``model.fit``'s: every epoch a new
    order of the examples, then one step per consecutive batch of ``batch_size`` (the last one smaller). Seed ``s``
    draws the initial weights and then the order of every epoch from ``numpy.random.default_rng(s)``, so every
    optimizer run with seed ``s`` starts from the same weights and sees the same batches.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first, one output: ``(6, 16, 16, 1)`` is ``Dense(16, relu), Dense(16, relu), Dense(1)``
        on 6 features.
    name : str
        One of :data:`helpers.update_rules.OPTIMIZER_NAMES`.
    learning_rate : float
        > 0.
    X_train, y_train, X_val, y_val : arrays
        Shapes ``(n, sizes[0])`` and ``(n,)``.
    seeds : sequence of int
        Non-negative, e.g. ``ctx.seeds(3)``.
    epochs, batch_size : int
        Positive.
    **hyper
        Hyper-parameters of the rule other than Keras's defaults (e.g. ``momentum=0.5``).

    Returns
    -------
    SeedRuns
        ``train_loss[i, e]`` is what Keras logs as epoch ``e + 1``'s ``loss``: the mean over the epoch's examples of
        each batch's loss, measured before that batch's update. ``val_loss[i]`` is the MSE on ``(X_val, y_val)``
        after the last epoch. A run that diverges gives ``inf`` or ``nan`` losses, not an error.
    """
    from threadpoolctl import threadpool_limits

    from helpers.data import check_xy
    from helpers.numpy_net import Network
    from helpers.update_rules import NumpyOptimizer

    sizes = tuple(check_positive_int(units, "every entry of sizes") for units in sizes)
    X_train, y_train = check_xy(X_train, y_train, "X_train")
    X_val, y_val = check_xy(X_val, y_val, "X_val")
    if len(sizes) < 2 or sizes[-1] != 1 or X_train.shape[1:] != (sizes[0],) or X_val.shape[1:] != (sizes[0],):
        raise ValueError(f"sizes must start with the number of features ({X_train.shape[1:]} in X_train, "
                         f"{X_val.shape[1:]} in X_val) and end with 1 output, got {sizes!r}")
    seeds = tuple(seeds)
    if not seeds or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 0 for s in seeds):
        raise ValueError(f"seeds must be a non-empty list of non-negative integers, got {seeds!r}")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    NumpyOptimizer(name, learning_rate, **hyper)  # checks name, learning_rate and hyper before any training
    X_train, X_val = X_train.astype(np.float64), X_val.astype(np.float64)
    y_train, y_val = y_train.astype(np.float64), y_val.astype(np.float64)
    train_loss, val_loss = np.empty((len(seeds), epochs)), np.empty(len(seeds))
    with threadpool_limits(limits=1), np.errstate(over="ignore", invalid="ignore"):  # tiny matrices: one thread
        for i, seed in enumerate(seeds):
            rng = np.random.default_rng(int(seed))
            network = Network(sizes, "relu", "linear", rng=rng)
            optimizer = NumpyOptimizer(name, learning_rate, **hyper)
            for epoch in range(epochs):
                train_loss[i, epoch] = network.train_epoch(optimizer, X_train, y_train, batch_size, rng, log_loss=True)
            val_loss[i] = network.loss(X_val, y_val)
    return SeedRuns(tuple(int(s) for s in seeds), train_loss, val_loss)


def _check_runs(runs: dict) -> dict:
    if not runs or not all(isinstance(r, SeedRuns) for r in runs.values()):
        raise ValueError("runs must map optimizer names to the SeedRuns that numpy_seed_runs "
                         "returns")
    return runs


def summarize_runs(runs: dict, learning_rates: dict | None = None):
    """A table with one row per optimizer: the mean and the min-max range over the seeds.

    Parameters
    ----------
    runs : dict of name -> SeedRuns
    learning_rates : dict of name -> float, optional
        Adds a "learning rate" column.

    Returns
    -------
    pandas.DataFrame
        Columns: the learning rate, the training loss after the first and the last epoch and the final
        validation loss, each as ``"mean (min-max)"``.
    """
    import pandas as pd

    def spread(values):
        return f"{np.mean(values):.1f} ({np.min(values):.1f}-{np.max(values):.1f})"

    rows = []
    for name, run in _check_runs(runs).items():
        epochs = run.train_loss.shape[1]
        row = {"optimizer": name}
        if learning_rates is not None:
            row["learning rate"] = learning_rates[name]
        row["train, epoch 1"] = spread(run.train_loss[:, 0])
        row[f"train, epoch {epochs}"] = spread(run.train_loss[:, -1])
        row[f"validation, epoch {epochs}"] = spread(run.val_loss)
        rows.append(row)
    return pd.DataFrame(rows).set_index("optimizer")


def plot_seed_runs(runs: dict, groups, axes, colors=None) -> None:
    """Small multiples: per panel a few optimizers, each as its mean training loss and the band from min to max.

    Parameters
    ----------
    runs : dict of name -> SeedRuns
    groups : sequence of (title, names)
        One panel per group.
    axes : array of matplotlib Axes
        At least one per group; they should share their y axis so the panels compare.
    colors : dict of name -> colour, optional
    """
    from matplotlib.ticker import MaxNLocator

    runs = _check_runs(runs)
    axes = np.ravel(axes)
    if len(axes) < len(groups):
        raise ValueError(f"need one axes per group: got {len(axes)} axes for {len(groups)} groups")
    colors = colors or {}
    for ax, (title, names) in zip(axes, groups):
        for name in names:
            if name not in runs:
                raise ValueError(f"group {title!r} names {name!r}, which is not in runs ({', '.join(runs)})")
            loss = runs[name].train_loss
            epochs = np.arange(1, loss.shape[1] + 1)
            (line,) = ax.plot(epochs, loss.mean(axis=0), color=colors.get(name), label=name)
            ax.fill_between(epochs, loss.min(axis=0), loss.max(axis=0), color=line.get_color(), alpha=0.2, lw=0)
        bottom_row = ax.get_subplotspec() is None or ax.get_subplotspec().is_last_row()
        ax.set(yscale="log", xlabel="epoch" if bottom_row else "", title=title)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=15)


def plot_each_against_the_rest(runs: dict, axes, color="C0", others="0.8") -> None:
    """Small multiples: one panel per optimizer, its mean training loss and min-max band in ``color``, the others' means
    thin in ``others`` (light grey) behind it, so each can be told apart and compared with all.

    Parameters
    ----------
    runs : dict of name -> SeedRuns
    axes : array of matplotlib Axes
        At least one per optimizer; they should share both axes.
    color, others : colours
    """
    from matplotlib.ticker import MaxNLocator

    runs = _check_runs(runs)
    axes = np.ravel(axes)
    if len(axes) < len(runs):
        raise ValueError(f"need one axes per optimizer: got {len(axes)} axes for {len(runs)} optimizers")
    for ax, name in zip(axes, runs):
        for other, run in runs.items():
            if other != name:
                epochs = np.arange(1, run.train_loss.shape[1] + 1)
                ax.plot(epochs, run.train_loss.mean(axis=0), color=others, lw=1.2, zorder=1)
        loss = runs[name].train_loss
        epochs = np.arange(1, loss.shape[1] + 1)
        ax.fill_between(epochs, loss.min(axis=0), loss.max(axis=0), color=color, alpha=0.25, lw=0, zorder=2)
        ax.plot(epochs, loss.mean(axis=0), color=color, lw=2.2, zorder=3)
        bottom_row = ax.get_subplotspec() is None or ax.get_subplotspec().is_last_row()
        ax.set(yscale="log", xlabel="epoch" if bottom_row else "", title=name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


__all__ = ["warm_epoch_seconds", "SeedRuns", "numpy_seed_runs", "summarize_runs",
           "plot_seed_runs", "plot_each_against_the_rest"]
