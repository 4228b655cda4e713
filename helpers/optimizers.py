"""Gradient descent and the Keras optimizers, in numpy, on 2-D test surfaces.

Used by notebook 06 (optimizers). Three parts:

- **Test surfaces** (:data:`SURFACES`): an elongated bowl, Rosenbrock's banana valley, a saddle
  point and a two-valley surface with a local-minimum trap. Each loss is written with ``+ - * **``
  only, so the same function runs on numpy arrays and on TensorFlow tensors (autodiff); the
  hand-written gradients are tested against finite differences and autodiff.
- **Update rules** (:class:`NumpyOptimizer`): SGD, momentum, Nesterov, RMSprop, Adam, Adadelta,
  Adagrad, Adamax, Nadam and Ftrl, written to follow Keras 3's own update steps exactly (same
  defaults, same epsilon placement), vectorised so one call runs many learning rates at once.
- **Pictures**: :func:`plot_landscapes` and :func:`save_trajectory_gif` (an animation that plays in
  any static view of a notebook).
- **Runners**: :func:`numpy_trajectories` (fast, for widgets), :func:`keras_trajectories` (the real
  ``keras.optimizers`` classes on a variable), :func:`gradient_descent` (the plain algorithm with
  divergence detection) and :func:`minibatch_gradient_variance` (how noisy a mini-batch gradient is).
- **A real model**: :func:`warm_epoch_seconds` (the cost of an epoch), :func:`train_from_seeds`
  (one optimizer from several seeds, traced once), :func:`summarize_runs` and :func:`plot_seed_runs`
  (mean and min-max spread over the seeds).

Keras 3 conventions worth knowing (read from ``keras/src/optimizers/``):

- SGD with momentum keeps a *velocity* ``v <- mu v - lr g`` and adds it: ``w <- w + v``.
  Nesterov adds ``mu v - lr g`` (with the new ``v``).
- RMSprop's epsilon sits *inside* the square root: ``w <- w - lr g / sqrt(s + eps)``; ``rho = 0.9``.
- Adam folds the bias corrections into the step size, ``alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t)``,
  and adds epsilon to the *uncorrected* ``sqrt(v)``: ``w <- w - alpha_t m / (sqrt(v) + eps)``;
  ``eps = 1e-7``.
- The learning rate lives in a float32 variable, and Adam, Adamax and Nadam cast their betas to
  the variable's dtype through float32 before taking powers; :class:`NumpyOptimizer` rounds the
  same numbers the same way, so it matches Keras to ~1e-12 on float64 variables.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from helpers.update_rules import (DEFAULT_HYPER, DIVERGENCE_LIMIT, OPTIMIZER_NAMES, DescentResult,  # moved; re-exported until the split is done
                                  NumpyOptimizer, gradient_descent, keras_optimizer)
from helpers.update_rules import check_positive_int as _check_positive_int


# ---------------------------------------------------------------------------------------------
# Test surfaces
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """A 2-D loss ``f(x, y)`` with its gradient, the region to show and where to start.

    ``loss`` uses only ``+ - * **`` so it works on numpy arrays and on TensorFlow tensors.
    """

    name: str
    title: str
    loss: Callable
    gradient: Callable
    bounds: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    note: str = ""

    def __call__(self, w) -> np.ndarray:
        """The loss at points ``w`` of shape ``(..., 2)``."""
        w = np.asarray(w, dtype=np.float64)
        return self.loss(w[..., 0], w[..., 1])

    def grad(self, w) -> np.ndarray:
        """The gradient at points ``w`` of shape ``(..., 2)``, same shape back."""
        w = np.asarray(w, dtype=np.float64)
        gx, gy = self.gradient(w[..., 0], w[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, resolution: int = 160):
        """``xx, yy, loss`` on a regular grid over :attr:`bounds`."""
        (x0, x1), (y0, y1) = self.bounds
        xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
        return xx, yy, self.loss(xx, yy)


def _bowl(x, y):
    return 0.05 * x ** 2 + 1.0 * y ** 2


def _bowl_grad(x, y):
    return 0.1 * x, 2.0 * y


def _rosenbrock(x, y):  # Rosenbrock's (1 - x)^2 + b (y - x^2)^2 with b = 10, divided by 10 (same scale as the others)
    return 0.1 * (1 - x) ** 2 + (y - x ** 2) ** 2


def _rosenbrock_grad(x, y):
    return -0.2 * (1 - x) - 4 * x * (y - x ** 2), 2 * (y - x ** 2)


def _saddle(x, y):
    return 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2


def _saddle_grad(x, y):
    return x, y ** 3 - y


def _two_valleys(x, y):
    return 0.25 * x ** 4 - x ** 2 + 0.5 * x + 0.5 * y ** 2


def _two_valleys_grad(x, y):
    return x ** 3 - 2 * x + 0.5, y


def _trap_minima():
    roots = np.sort(np.roots([1.0, 0.0, -2.0, 0.5]).real)  # x^3 - 2x + 0.5 = 0: minimum, maximum, minimum
    return (float(roots[0]), 0.0), (float(roots[2]), 0.0)


#: The four landscapes of the notebook, by name.
SURFACES = {
    "bowl": Surface("bowl", "elongated bowl", _bowl, _bowl_grad, ((-5.0, 5.0), (-2.0, 2.0)), (-4.5, 1.5),
                    ((0.0, 0.0),), "20 times steeper across than along: plain SGD zig-zags across and crawls along"),
    "rosenbrock": Surface("rosenbrock", "Rosenbrock valley", _rosenbrock, _rosenbrock_grad,
                          ((-2.0, 2.0), (-1.0, 3.0)), (-1.0, -0.5), ((1.0, 1.0),),
                          "a curved, almost flat valley floor: easy to reach, slow to follow to (1, 1)"),
    "saddle": Surface("saddle", "saddle point", _saddle, _saddle_grad, ((-2.5, 2.5), (-2.0, 2.0)), (-2.2, 0.001),
                      ((0.0, -1.0), (0.0, 1.0)), "the gradient vanishes at (0, 0): descent stalls before sliding off"),
    "trap": Surface("trap", "two valleys (local-minimum trap)", _two_valleys, _two_valleys_grad,
                    ((-2.5, 2.5), (-2.0, 2.0)), (2.3, 1.6), _trap_minima(),
                    "a shallow valley on the right, the deeper one on the left: who gets over the ridge?"),
}


def get_surface(surface) -> Surface:
    """A :class:`Surface` from itself or its name."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; expected one of {', '.join(SURFACES)}")
    return SURFACES[surface]


# ---------------------------------------------------------------------------------------------
# Trajectories
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trajectories:
    """Paths of one optimizer from one start, for several learning rates.

    Attributes
    ----------
    path : numpy.ndarray
        Shape ``(steps + 1, L, 2)``; rows after a run diverged are ``NaN``.
    diverged_at : numpy.ndarray
        Shape ``(L,)``: the step at which each run diverged, or ``-1`` if it did not.
    learning_rates : numpy.ndarray
        Shape ``(L,)``.
    """

    path: np.ndarray
    diverged_at: np.ndarray
    learning_rates: np.ndarray


def numpy_trajectories(name: str, surface, learning_rates, steps: int, start=None, **hyper) -> Trajectories:
    """Run the numpy version of optimizer ``name`` on ``surface`` for every learning rate at once.

    A run whose point leaves the finite world (or exceeds :data:`DIVERGENCE_LIMIT`) is frozen:
    its later rows are ``NaN`` and ``diverged_at`` records the step.
    """
    surface = get_surface(surface)
    steps = _check_positive_int(steps, "steps")
    lrs = np.atleast_1d(np.asarray(learning_rates, dtype=np.float64))
    if lrs.ndim != 1 or not np.all(lrs > 0):
        raise ValueError(f"learning_rates must be positive numbers, got {learning_rates!r}")
    start = np.asarray(surface.start if start is None else start, dtype=np.float64)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (x, y), got shape {start.shape}")
    optimizer = NumpyOptimizer(name, lrs[:, None], **hyper)
    w = np.tile(start, (len(lrs), 1))
    path = np.full((steps + 1, len(lrs), 2), np.nan)
    path[0] = w
    diverged_at = np.full(len(lrs), -1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            w = optimizer.step(w, surface.grad(w))
            bad = ~np.all(np.isfinite(w) & (np.abs(w) < DIVERGENCE_LIMIT), axis=1) & (diverged_at < 0)
            diverged_at[bad] = t
            alive = diverged_at < 0
            path[t, alive] = w[alive]
            w = np.where(alive[:, None], w, 0.0)  # keep the dead rows finite so they cannot warn
    return Trajectories(path, diverged_at, lrs)


def keras_trajectories(optimizer, surfaces=tuple(SURFACES), steps: int = 60, starts=None) -> np.ndarray:
    """Paths of a real Keras optimizer on several surfaces at once.

    One ``keras.Variable`` of shape ``(S, 2)`` holds one point per surface, and row ``k`` of the
    gradient we hand to ``optimizer.apply_gradients`` is surface ``k``'s gradient at that row.
    Keras optimizers update every number of a variable independently, so this is the same as ``S``
    separate runs with the same learning rate, at a quarter of the cost. (The surfaces' gradients
    are tested against TensorFlow's autodiff; computing them in numpy keeps each step cheap.)

    Parameters
    ----------
    optimizer : keras.optimizers.Optimizer
        A fresh (never used) optimizer, e.g. ``keras.optimizers.Adam(0.1)``.
    surfaces : sequence of Surface or names
    steps : int
    starts : array of shape (S, 2), optional
        Starting points; the surfaces' own starts by default.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, S, 2)``: the starts, then the variable after every step.
    """
    import keras

    if not hasattr(optimizer, "apply_gradients"):
        raise ValueError(f"optimizer must be a keras optimizer such as keras.optimizers.SGD(0.1), "
                         f"got {type(optimizer).__name__}")
    surfaces = [get_surface(s) for s in surfaces]
    steps = _check_positive_int(steps, "steps")
    starts = np.array([s.start for s in surfaces] if starts is None else starts, dtype=np.float32)
    if starts.shape != (len(surfaces), 2):
        raise ValueError(f"starts must have shape ({len(surfaces)}, 2), one point per surface; got {starts.shape}")
    point = keras.Variable(starts, name="point")
    path = [starts]
    for _ in range(steps):
        w = point.numpy()
        gradient = np.stack([s.grad(w[k]) for k, s in enumerate(surfaces)]).astype(np.float32)
        optimizer.apply_gradients([(gradient, point)])
        path.append(point.numpy())
    return np.array(path)


# ---------------------------------------------------------------------------------------------
# Mini-batches
# ---------------------------------------------------------------------------------------------


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
    sizes = [_check_positive_int(b, "each batch size") for b in batch_sizes]
    if any(b > n for b in sizes):
        raise ValueError(f"batch sizes must be at most N = {n}, got {sizes}")
    n_batches = _check_positive_int(n_batches, "n_batches")
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


# ---------------------------------------------------------------------------------------------
# Training a real model: timed epochs, repeated seeds
# ---------------------------------------------------------------------------------------------


def warm_epoch_seconds(model, data, budget: float = 0.3, min_epochs: int = 2, max_epochs: int = 100) -> float:
    """The wall time of one epoch of ``model.fit(data)`` once Keras is warm.

    It trains further epochs (as many as fit in ``budget`` seconds, at least ``min_epochs``, at most
    ``max_epochs``) and returns the fastest. The fastest is the epoch's own cost: the first epoch of a new
    model also traces the training step, and on a busy computer other programs only ever add time.
    It changes the model's weights, so call it after the training whose results you keep.

    Parameters
    ----------
    model : keras.Model
        A compiled model.
    data : tf.data.Dataset
        The training batches, e.g. from :func:`helpers.data.batches`.
    budget : float
        Seconds to spend, > 0.
    min_epochs, max_epochs : int

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
    min_epochs = _check_positive_int(min_epochs, "min_epochs")
    max_epochs = _check_positive_int(max_epochs, "max_epochs")
    begun, seconds, start = [], [], time.perf_counter()

    def epoch_end(epoch, logs):
        seconds.append(time.perf_counter() - begun[-1])
        if len(seconds) >= min_epochs and time.perf_counter() - start > budget:
            model.stop_training = True

    clock = keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: begun.append(time.perf_counter()),
                                           on_epoch_end=epoch_end)
    model.fit(data, epochs=max(min_epochs, max_epochs), verbose=0, callbacks=[clock])
    return min(seconds)


@dataclass(frozen=True)
class SeedRuns:
    """One optimizer trained from several seeds (what :func:`train_from_seeds` returns).

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


class SeedTrainer:
    """One model and one optimizer that train from any seed as if both were fresh.

    For seed ``s``: ``keras.utils.set_random_seed(s)`` then ``build_model()`` gives the initial weights
    (so every optimizer trained with seed ``s`` starts from the same weights), and
    ``helpers.data.batches(..., seed=s)`` the order of the batches. The model is compiled once and reset
    before each run (its weights, and the optimizer's state to its values before the first step), so Keras
    traces the training step once, not once per run; the runs equal those of a fresh model and optimizer.
    Each run sets Keras' global seed (and numpy's and Python's) to its own seed.

    Parameters
    ----------
    build_model : callable() -> keras.Model
        Makes the (uncompiled) network; its random initialisers draw from Keras' global seed.
    optimizer : keras.optimizers.Optimizer
        A fresh optimizer, e.g. ``keras_optimizer("Adam", 0.01)``.
    batch_size : int
    loss : str
        A Keras loss name (``"mse"``).
    """

    def __init__(self, build_model, optimizer, batch_size: int = 32, loss: str = "mse"):
        if not hasattr(optimizer, "apply_gradients") or optimizer.iterations.numpy() != 0:
            raise ValueError("optimizer must be a fresh keras optimizer (never used), "
                             "e.g. keras_optimizer('Adam', 0.01)")
        self.build_model = build_model
        self.optimizer = optimizer
        self.batch_size = _check_positive_int(batch_size, "batch_size")
        self.loss = loss
        self.model = None
        self._fresh_state = None

    def _reset(self, seed: int, steps_per_epoch: int) -> None:
        import keras

        keras.utils.set_random_seed(seed)
        initial_weights = self.build_model().get_weights()
        if self.model is None:
            self.model = self.build_model()
            self.model.compile(optimizer=self.optimizer, loss=self.loss, steps_per_execution=steps_per_epoch)
            self.optimizer.build(self.model.trainable_variables)
            self._fresh_state = [variable.numpy() for variable in self.optimizer.variables]
        self.model.set_weights(initial_weights)
        for variable, value in zip(self.optimizer.variables, self._fresh_state):
            variable.assign(value)

    def run(self, X_train, y_train, X_val, y_val, seeds, epochs: int) -> SeedRuns:
        """Train once per seed on ``(X_train, y_train)``; the validation loss is measured after the last epoch."""
        import keras

        from helpers.data import batches, check_xy

        X_train, y_train = check_xy(X_train, y_train, "X_train")
        X_val, y_val = check_xy(X_val, y_val, "X_val")
        seeds = tuple(int(s) for s in seeds)
        if not seeds or any(s < 0 for s in seeds):
            raise ValueError(f"seeds must be a non-empty list of non-negative integers, got {seeds!r}")
        epochs = _check_positive_int(epochs, "epochs")
        loss_fn = keras.losses.get(self.loss)
        train_loss, val_loss = [], []
        for seed in seeds:
            self._reset(seed, steps_per_epoch=-(-len(X_train) // self.batch_size))  # one call into TF per epoch
            history = self.model.fit(batches(X_train, y_train, self.batch_size, seed=seed), epochs=epochs, verbose=0)
            train_loss.append(history.history["loss"])
            val_loss.append(float(np.mean(np.asarray(loss_fn(y_val[:, None], self.model(X_val))))))
        return SeedRuns(seeds, np.array(train_loss), np.array(val_loss))


def train_from_seeds(build_model, optimizer, X_train, y_train, X_val, y_val, seeds, epochs: int,
                     batch_size: int = 32, loss: str = "mse") -> SeedRuns:
    """Train ``build_model()`` with ``optimizer`` once per seed; each seed sets the initial weights and the batch order.

    ``SeedTrainer(build_model, optimizer, batch_size, loss).run(X_train, y_train, X_val, y_val, seeds, epochs)``:
    the runs are those of a fresh model and optimizer per seed, with the training step traced once.

    Parameters
    ----------
    build_model, optimizer, batch_size, loss
        As for :class:`SeedTrainer`.
    X_train, y_train, X_val, y_val : arrays
    seeds : sequence of int
        E.g. ``ctx.seeds(3)``.
    epochs : int

    Returns
    -------
    SeedRuns
    """
    return SeedTrainer(build_model, optimizer, batch_size, loss).run(X_train, y_train, X_val, y_val, seeds, epochs)


def _check_runs(runs: dict) -> dict:
    if not runs or not all(isinstance(r, SeedRuns) for r in runs.values()):
        raise ValueError("runs must map optimizer names to the SeedRuns that train_from_seeds returns")
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


# ---------------------------------------------------------------------------------------------
# Drawing: the four landscapes with paths, and a GIF animation of them
# ---------------------------------------------------------------------------------------------


def plot_landscapes(paths: dict, surfaces=tuple(SURFACES), upto: int | None = None, axes=None, colors=None,
                    shaded: bool = False) -> list:
    """Draw each surface (contours, or a shaded image with ``shaded=True``) with every optimizer's path.

    Parameters
    ----------
    paths : dict of name -> array of shape (steps + 1, S, 2)
        E.g. the results of :func:`keras_trajectories`, one entry per optimizer.
    surfaces : sequence of Surface or names, one per column ``S`` of the paths
    upto : int, optional
        Draw the paths up to this step (all of them by default).
    axes : array of matplotlib Axes, optional
        At least ``S`` axes; a 2 x 2 grid is made if omitted.
    colors : dict of name -> colour, optional

    Returns
    -------
    list of (line, dot, k, path)
        The path line and end dot of each (optimizer, surface) pair, for animating.

    Notes
    -----
    Paths that run on top of each other stay visible: the first optimizer in ``paths`` is drawn on top with the
    thinnest line and smallest end dot, each later one underneath, a little wider. The start square and the
    minimum stars lie above every path and dot.
    """
    import matplotlib.pyplot as plt

    surfaces = [get_surface(s) for s in surfaces]
    if not paths or any(np.shape(p)[1:] != (len(surfaces), 2) for p in paths.values()):
        raise ValueError(f"paths must map optimizer names to arrays of shape (steps + 1, {len(surfaces)}, 2)")
    if axes is None:
        _, axes = plt.subplots(2, 2, figsize=(12, 8))
    axes = np.ravel(axes)
    colors = colors or {}
    artists = []
    for k, (ax, s) in enumerate(zip(axes, surfaces)):
        xx, yy, zz = s.grid(100 if shaded else 120)
        levels = np.log10(zz - zz.min() + 1e-3)
        if shaded:
            ax.imshow(levels, origin="lower", extent=(*s.bounds[0], *s.bounds[1]), aspect="auto", cmap="Greys_r",
                      alpha=0.55)
        else:
            ax.contour(xx, yy, levels, 15, colors="0.6", linewidths=1.0, linestyles="solid")
        ax.plot(*np.array(s.minima).T, "*", ms=16, color="#1a7f37", mec="white", zorder=5)
        ax.plot(*s.start, "s", ms=8, color="k", zorder=5)
        ax.set(title=s.title, xlim=s.bounds[0], ylim=s.bounds[1], xlabel="w₁", ylabel="w₂")
        for j, (name, path) in enumerate(paths.items()):
            t = len(path) - 1 if upto is None else min(upto, len(path) - 1)
            (line,) = ax.plot(path[: t + 1, k, 0], path[: t + 1, k, 1], "-", lw=2.0 + 0.8 * j, color=colors.get(name),
                              label=name, zorder=3 - 0.01 * j)
            (dot,) = ax.plot(path[t, k, 0], path[t, k, 1], "o", ms=6 + 2 * j, mec="white", color=line.get_color(),
                             zorder=4 - 0.01 * j)
            artists.append((line, dot, k, path))
    return artists


def save_trajectory_gif(paths: dict, filename, surfaces=tuple(SURFACES), every: int = 4, fps: int = 5,
                        dpi: int = 55, colors=None, figsize=(9.0, 6.0)) -> int:
    """Write an animated GIF of the paths growing step by step; returns the number of frames.

    The static parts (surfaces, axes, labels) are drawn once; each frame only redraws the paths
    on top (matplotlib's blitting), so a frame costs milliseconds instead of a full redraw.
    """
    import matplotlib.pyplot as plt
    from PIL import Image

    every = _check_positive_int(every, "every")
    fig, axes = plt.subplots(2, 2, figsize=figsize, dpi=dpi)
    artists = plot_landscapes(paths, surfaces, upto=0, axes=axes, colors=colors, shaded=True)
    axes.ravel()[0].legend(loc="upper right", fontsize=10)
    title = fig.suptitle("step 0")
    steps = max(len(p) for p in paths.values()) - 1
    # drawn in zorder, as plot_landscapes layers them (the first optimizer on top)
    moving = sorted([a for line, dot, _, _ in artists for a in (line, dot)], key=lambda a: a.get_zorder()) + [title]
    for artist in moving:
        artist.set_animated(True)
    fig.canvas.draw()
    fig.set_layout_engine("none")  # freeze the layout: the frames only move lines
    background = fig.canvas.copy_from_bbox(fig.bbox)
    frames = []
    for t in list(range(0, steps, every)) + [steps]:
        fig.canvas.restore_region(background)
        for line, dot, k, path in artists:
            line.set_data(path[: t + 1, k, 0], path[: t + 1, k, 1])
            dot.set_data(path[t: t + 1, k, 0], path[t: t + 1, k, 1])
        title.set_text(f"step {t} of {steps}")
        for artist in moving:
            fig.draw_artist(artist)
        frames.append(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()))
    plt.close(fig)
    frames[0].save(filename, save_all=True, append_images=frames[1:], duration=int(1000 / fps), loop=0,
                   optimize=True)
    return len(frames)


__all__ = ["OPTIMIZER_NAMES", "DEFAULT_HYPER", "DIVERGENCE_LIMIT", "Surface", "SURFACES", "get_surface",
           "DescentResult", "gradient_descent", "NumpyOptimizer", "keras_optimizer", "Trajectories",
           "numpy_trajectories", "keras_trajectories", "minibatch_gradient_variance", "warm_epoch_seconds", "SeedRuns",
           "SeedTrainer", "train_from_seeds", "summarize_runs", "plot_seed_runs", "plot_landscapes",
           "save_trajectory_gif"]
