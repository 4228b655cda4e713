"""Regularization experiments for notebook 07: one task, many techniques, one comparison table.

Two ways to train the same kind of network live here:

- Keras (:func:`build_classifier`, :func:`train_seeds`, :func:`train_variant`): the real thing, used
  for the comparison table (every technique over several seeds), the callbacks and TensorBoard.
- numpy (:func:`train_numpy_mlp`): a small MLP with inverted dropout and L2 weight decay, about
  twenty times faster than ``model.fit`` on tiny data, so a widget can precompute a grid of runs.

Keras runs read their data through :func:`helpers.data.batches`, a ``tf.data`` pipeline built once,
which keeps short runs short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np
from threadpoolctl import threadpool_limits

from helpers.data import batches, check_xy

# ---------------------------------------------------------------------------------------------
# Keras: data pipeline, models, training runs
# ---------------------------------------------------------------------------------------------


def build_classifier(hidden=(128, 128), dropout: float = 0.0, l2: float = 0.0, batch_norm: bool = False,
                     input_noise: float = 0.0, n_inputs: int = 2, learning_rate: float = 0.01, *, seed: int,
                     steps_per_execution: int = 1):
    """A compiled binary classifier: ReLU ``Dense`` layers, optional regularizers, a sigmoid output.

    Parameters
    ----------
    hidden : tuple of int
        Units of each hidden layer, e.g. ``(128, 128)``.
    dropout : float
        Keras's ``rate``: the fraction of a hidden layer's outputs set to 0 during training
        (a ``Dropout`` layer after each hidden layer when > 0).
    l2 : float
        ``kernel_regularizer=L2(l2)`` on every hidden kernel: adds ``l2 * sum(W**2)`` to the loss.
    batch_norm : bool
        ``Dense`` (no bias) -> ``BatchNormalization`` -> ReLU in each hidden layer.
    input_noise : float
        Standard deviation of a ``GaussianNoise`` layer on the inputs (augmentation; training only).
    learning_rate : float
        Adam's learning rate.
    seed : int
        Seeds the initial weights, the dropout masks and the input noise (no default: the notebook's
        seed decides).

    Returns
    -------
    keras.Model
        Hidden layers are named ``hidden_1, hidden_2, ...`` (and ``dropout_i``, ``batch_norm_i``, ``relu_i``).
    """
    if not hidden or any(isinstance(u, bool) or not isinstance(u, (int, np.integer)) or u < 1 for u in hidden):
        raise ValueError(f"hidden must be a non-empty tuple of positive integers, got {hidden!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout is Keras's rate, the fraction dropped: it must be in [0, 1), got {dropout!r}")
    if l2 < 0 or input_noise < 0:
        raise ValueError(f"l2 and input_noise must be >= 0, got l2={l2!r}, input_noise={input_noise!r}")
    _check_seed(seed)
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=(n_inputs,))]
    if input_noise:
        layers.append(keras.layers.GaussianNoise(input_noise, seed=seed, name="input_noise"))
    regularizer = keras.regularizers.L2(l2) if l2 else None
    for i, units in enumerate(hidden, start=1):
        if batch_norm:
            layers += [keras.layers.Dense(units, use_bias=False, kernel_regularizer=regularizer, name=f"hidden_{i}"),
                       keras.layers.BatchNormalization(name=f"batch_norm_{i}"),
                       keras.layers.Activation("relu", name=f"relu_{i}")]
        else:
            layers.append(keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer,
                                             name=f"hidden_{i}"))
        if dropout:
            layers.append(keras.layers.Dropout(rate=dropout, seed=seed + i, name=f"dropout_{i}"))
    layers.append(keras.layers.Dense(1, activation="sigmoid", name="output"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  steps_per_execution=steps_per_execution)
    return model


def _check_seed(seed) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer (pass the notebook's ctx.seed), got {seed!r}")


def kernel_norm(model) -> float:
    """The Euclidean norm of all ``Dense`` kernels together, :math:`\\sqrt{\\sum_l \\sum_{ij} W_{l,ij}^2}`."""
    kernels = [layer.kernel.numpy() for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not kernels:
        raise ValueError("the model has no Dense layers, so no kernels to measure")
    return float(np.sqrt(sum(np.sum(W.astype(np.float64) ** 2) for W in kernels)))


def validation_loss(model, X, y) -> float:
    """Mean binary cross-entropy of ``model`` (inference mode, one direct call) on ``(X, y)``."""
    X, y = check_xy(X, y, "X")
    p = model(X.astype(np.float32), training=False)
    return float(keras.ops.mean(keras.losses.binary_crossentropy(y.astype(np.float32)[:, None], p)))


@dataclass
class RunResult:
    """One training run of :func:`train_seeds` (or :func:`train_variant`).

    ``history`` maps ``"loss"`` and ``"val_loss"`` to one value per epoch run; ``best_epoch`` is 1-based.
    ``"val_loss"`` is the data loss (binary cross-entropy) alone, also for a model with an L2 penalty
    (whose ``"loss"``, as Keras logs it, includes the penalty). ``model`` is the model training handed
    back (for early stopping: the restored best epoch), and ``val_loss`` its validation loss.
    """

    name: str
    seed: int
    model: object
    history: dict
    val_loss: float
    epochs_budget: int
    callbacks: list = field(default_factory=list)

    @property
    def epochs_run(self) -> int:
        return len(self.history["val_loss"])

    @property
    def stopped_early(self) -> bool:
        return self.epochs_run < self.epochs_budget

    @property
    def best_epoch(self) -> int:
        return int(np.argmin(self.history["val_loss"])) + 1

    @property
    def best_val_loss(self) -> float:
        return float(np.min(self.history["val_loss"]))


#: Keys a variant spec may hold, besides :func:`build_classifier`'s arguments.
TRAINING_KEYS = ("early_stopping_patience", "callbacks")


def train_seeds(name: str, spec: dict, X_train, y_train, X_val, y_val, *, seeds, epochs: int,
                batch_size: int) -> list[RunResult]:
    """Train one variant once per seed: fresh weights, dropout masks and shuffling from each seed.

    One compiled model does the training: before each run it is set to exactly the state a fresh
    ``build_classifier(seed=...)`` has (weights, random-layer states, optimizer), so the training step
    is traced once per variant, not once per run. The fresh models are all built first, because
    ``keras.utils.set_random_seed`` clears TensorFlow's kernel cache (a traced step would then be
    set up again, about half a second each time), and so are the training pipelines, whose shuffle
    order depends on the global seed in force when they are made.

    The validation loss after every epoch is what ``fit(..., validation_data=...)`` would log as
    ``val_loss``, computed by one direct call of the model (:class:`ValidationLoss`, the first
    callback, so ``EarlyStopping`` and the others see it): ``fit``'s own evaluation costs about a
    third of every epoch on these tiny data sets. Unlike Keras's, it leaves out an L2 penalty.

    Parameters
    ----------
    spec : dict
        Arguments of :func:`build_classifier`, plus optionally ``early_stopping_patience`` (adds
        ``EarlyStopping(monitor="val_loss", restore_best_weights=True)``) and ``callbacks`` (a list,
        only with a single seed: a callback keeps state from one run to the next).
    seeds : list of int
        One run per seed, e.g. ``ctx.seeds(3)``.
    epochs, batch_size : int
        At most ``epochs`` passes over the training data in mini-batches of ``batch_size``.

    Returns
    -------
    list of RunResult
        One per seed, in order, each with its own model.
    """
    if not isinstance(spec, dict):
        raise ValueError(f"spec must be a dict of build_classifier arguments, got {type(spec).__name__}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must list at least one seed, e.g. ctx.seeds(3)")
    for seed in seeds:
        _check_seed(seed)
    if spec.get("callbacks") and len(seeds) > 1:
        raise ValueError("callbacks keep state between runs: pass them with a single seed (train_variant)")
    X_train, y_train = check_xy(X_train, y_train, "X_train")
    X_val, y_val = check_xy(X_val, y_val, "X_val")
    build_args = {k: v for k, v in spec.items() if k not in TRAINING_KEYS}
    fresh = []
    for seed in seeds:
        model = build_classifier(n_inputs=X_train.shape[1], seed=seed, **build_args)  # sets the global seed
        fresh.append((seed, model, batches(X_train, y_train, batch_size, seed=seed)))
    steps = int(np.ceil(len(X_train) / batch_size))
    trained = build_classifier(n_inputs=X_train.shape[1], seed=seeds[0], steps_per_execution=steps, **build_args)
    trained.optimizer.build(trained.trainable_variables)
    optimizer_start = [v.numpy() for v in trained.optimizer.variables]
    results = []
    for seed, model, train in fresh:
        for variable, value in zip(trained.variables, model.variables):
            variable.assign(value)
        for variable, value in zip(trained.optimizer.variables, optimizer_start):
            variable.assign(value)
        callbacks = list(spec.get("callbacks", []))
        patience = spec.get("early_stopping_patience")
        if patience is not None:
            callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                                           restore_best_weights=True))
        history = trained.fit(train, epochs=epochs, verbose=0, shuffle=False,
                              callbacks=[ValidationLoss(X_val, y_val)] + callbacks)
        for variable, value in zip(model.variables, trained.variables):
            variable.assign(value)
        logs = {k: [float(v) for v in values] for k, values in history.history.items()}
        results.append(RunResult(name, seed, model, logs,
                                 validation_loss(model, X_val, y_val), epochs, callbacks))
    return results


class ValidationLoss(keras.callbacks.Callback):
    """Put the validation loss into the epoch's logs as ``"val_loss"``: one direct call on ``(X, y)``.

    Place it first in ``callbacks``: the callbacks after it (``EarlyStopping``, ``ModelCheckpoint``,
    ``CSVLogger``, ``TensorBoard``, the history) read the same logs.
    """

    def __init__(self, X, y):
        super().__init__()
        self.X, self.y = check_xy(X, y, "X")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["val_loss"] = validation_loss(self.model, self.X, self.y)


def train_variant(name: str, spec: dict, X_train, y_train, X_val, y_val, *, seed: int, epochs: int,
                  batch_size: int) -> RunResult:
    """One run of :func:`train_seeds`, with the given ``seed`` (``spec`` may hold ``callbacks``)."""
    return train_seeds(name, spec, X_train, y_train, X_val, y_val, seeds=[seed], epochs=epochs,
                       batch_size=batch_size)[0]


#: What :func:`summarise_runs` measures on every run, summarised over the seeds.
SUMMARY_COLUMNS = {"best val loss": lambda run: run.best_val_loss,
                   "best epoch": lambda run: run.best_epoch,
                   "epochs run": lambda run: run.epochs_run,
                   "val loss of the model kept": lambda run: run.val_loss,
                   "climb after the best": lambda run: run.val_loss - run.best_val_loss,
                   "kernel norm": lambda run: kernel_norm(run.model)}


def summarise_runs(runs: dict):
    """Per technique and measure: the mean, min and max over the seeds (a DataFrame with a column MultiIndex).

    ``runs`` maps a technique's name to its list of :class:`RunResult` (one per seed). The measures
    are :data:`SUMMARY_COLUMNS`, then ``("seeds", "")`` and ``("parameters", "")``.
    """
    import pandas as pd

    if not runs or any(not results for results in runs.values()):
        raise ValueError("runs must be a non-empty dict of name -> non-empty list of RunResult")
    rows = {}
    for name, results in runs.items():
        row = {}
        for column, measure in SUMMARY_COLUMNS.items():
            values = np.array([measure(run) for run in results], dtype=np.float64)
            row.update({(column, "mean"): values.mean(), (column, "min"): values.min(),
                        (column, "max"): values.max()})
        row[("seeds", "")] = len(results)
        row[("parameters", "")] = results[0].model.count_params()
        rows[name] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    table.index.name = "technique"
    return table


def results_table(runs: dict):
    """The comparison table for display: ``mean (min-max)`` over the seeds for the losses, ``min-max`` for epochs.

    ``runs`` maps a technique's name to its list of :class:`RunResult` (one per seed).
    """
    import pandas as pd

    summary = summarise_runs(runs)
    table = pd.DataFrame(index=summary.index)
    for column in SUMMARY_COLUMNS:
        mean, low, high = summary[column][["mean", "min", "max"]].to_numpy().T
        if column in ("best epoch", "epochs run"):
            table[column] = [f"{lo:.0f}" if lo == hi else f"{lo:.0f}\u2013{hi:.0f}" for lo, hi in zip(low, high)]
        elif column == "kernel norm":
            table[column] = [f"{m:.0f}" for m in mean]
        else:
            table[column] = [f"{m:.2f} ({lo:.2f}\u2013{hi:.2f})" for m, lo, hi in zip(mean, low, high)]
    table["parameters"] = summary[("parameters", "")].astype(int)
    return table


def groups_separated_by_spread(runs: dict, column: str) -> list[list[str]]:
    """The techniques in groups, lowest ``column`` first, where every run of a group is below every run of the next.

    Within a group the seeds' ranges overlap (directly or through a neighbour), so the order of the
    means there is noise; between groups the ranking holds in every seed.
    """
    if column not in SUMMARY_COLUMNS:
        raise ValueError(f"column must be one of {list(SUMMARY_COLUMNS)}, got {column!r}")
    summary = summarise_runs(runs)[column].sort_values("mean")
    groups = []  # [names, highest value of the group]
    for name, row in summary.iterrows():
        names, highest = [name], row["max"]
        while groups and groups[-1][1] >= row["min"]:  # overlaps: merge with the group below
            below, below_highest = groups.pop()
            names, highest = below + names, max(highest, below_highest)
        groups.append([names, highest])
    return [names for names, _ in groups]


def plot_seed_curves(runs, ax=None, title: str | None = None, which=("loss", "val_loss"), label: str = "",
                     colors=("C0", "C1"), mark_best: bool = True):
    """Loss per epoch of every run of one technique (one per seed): training solid, validation dashed.

    Parameters
    ----------
    runs : list of RunResult
        The runs of one technique, e.g. ``runs["big model"]``.
    which : tuple of str
        The curves to draw: ``"loss"`` (training) and/or ``"val_loss"``.
    label : str
        Put before the legend entries, e.g. ``"big model, "``. The legend goes below the axes, clear of the
        curves.
    colors : (str, str)
        Colours of the training and the validation curves.
    mark_best : bool
        Mark each run's lowest validation loss with a dot.

    Returns
    -------
    list of matplotlib.lines.Line2D
    """
    import matplotlib.pyplot as plt

    if not runs or any(not isinstance(run, RunResult) for run in runs):
        raise ValueError("runs must be a non-empty list of RunResult, e.g. runs['big model']")
    unknown = set(which) - {"loss", "val_loss"}
    if unknown or not which:
        raise ValueError(f"which must name 'loss' and/or 'val_loss', got {which!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    names = {"loss": "training loss", "val_loss": "validation loss"}
    lines = []
    for i, run in enumerate(runs):
        for key in which:
            epochs = np.arange(1, len(run.history[key]) + 1)
            first = f"{label}{names[key]} ({len(runs)} seeds)" if i == 0 else None
            lines += ax.plot(epochs, run.history[key], "-" if key == "loss" else "--", lw=2, alpha=0.8,
                             color=colors[0] if key == "loss" else colors[1], label=first)
        if mark_best and "val_loss" in which:
            lines += ax.plot(run.best_epoch, run.best_val_loss, "o", ms=7, color="k",
                             label=f"{label}lowest validation loss" if i == 0 else None)
    ax.set_xlabel("epoch")
    ax.set_ylabel("binary cross-entropy")
    if title:
        ax.set_title(title)
    # below the axes, under the "epoch" label: inside, a legend would cover some run's spike sooner or later
    ax.legend(fontsize=11, loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=4.2, ncol=2)
    return lines


def layer_outputs(model, layer_names, X) -> dict:
    """What the named layers output for ``X`` (inference mode), as numpy arrays, in one forward pass."""
    names = [layer.name for layer in model.layers]
    missing = [n for n in layer_names if n not in names]
    if missing:
        raise ValueError(f"the model has no layer {missing}; its layers are {names}")
    probe = keras.Model(model.inputs[0], [model.get_layer(n).output for n in layer_names])
    outputs = probe(np.asarray(X, dtype=np.float32), training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return {n: np.asarray(o) for n, o in zip(layer_names, outputs)}


def early_stopping_epochs(val_losses, patience: int) -> tuple[int, int]:
    """Where Keras's ``EarlyStopping(patience, restore_best_weights=True)`` stops, written out in plain Python.

    After each epoch the validation loss either improves on the best so far (the counter resets)
    or not (the counter grows); training stops once the counter reaches ``patience``.

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
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses), best_epoch


# ---------------------------------------------------------------------------------------------
# Callbacks
# ---------------------------------------------------------------------------------------------


class WeightNormHistory(keras.callbacks.Callback):
    """A custom callback: the norm of each ``Dense`` kernel after every epoch.

    Attributes
    ----------
    norms : dict
        layer name -> list of :math:`\\lVert W \\rVert_2` (Frobenius norm), one per epoch.
    """

    def __init__(self):
        super().__init__()
        self.norms = {}

    def on_epoch_end(self, epoch, logs=None):
        for layer in self.model.layers:
            if isinstance(layer, keras.layers.Dense):
                self.norms.setdefault(layer.name, []).append(float(np.linalg.norm(layer.kernel.numpy())))


class ActivationHistograms(keras.callbacks.Callback):
    """Write histograms of some layers' outputs on fixed inputs to TensorBoard every ``every`` epochs.

    Keras's ``TensorBoard`` callback writes histograms of the weights; this adds the activations,
    in ``<log_dir>/activations`` under tags ``activations/<layer name>``.
    """

    def __init__(self, log_dir, X, layer_names, every: int = 5):
        super().__init__()
        if every < 1:
            raise ValueError(f"every must be a positive number of epochs, got {every!r}")
        self.log_dir = str(log_dir)
        self.X = np.asarray(X, dtype=np.float32)
        self.layer_names = list(layer_names)
        self.every = every
        self._writer = None

    def on_train_begin(self, logs=None):
        import tensorflow as tf

        self._writer = tf.summary.create_file_writer(f"{self.log_dir}/activations")

    def on_epoch_end(self, epoch, logs=None):
        import tensorflow as tf

        if epoch % self.every:
            return
        outputs = layer_outputs(self.model, self.layer_names, self.X)
        with self._writer.as_default():
            for name, values in outputs.items():
                tf.summary.histogram(f"activations/{name}", values, step=epoch)
        self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()


# ---------------------------------------------------------------------------------------------
# numpy: the same MLP, with inverted dropout and L2, fast enough to precompute a grid of runs
# ---------------------------------------------------------------------------------------------


def _glorot(rng, n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def init_mlp(sizes, *, seed: int) -> list:
    """Glorot-uniform weights and zero biases (Keras's defaults) for layer ``sizes`` like ``(2, 64, 64, 1)``."""
    if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
        raise ValueError(f"sizes must list at least two positive layer widths, got {sizes!r}")
    rng = np.random.default_rng(seed)
    return [(_glorot(rng, a, b), np.zeros(b)) for a, b in zip(sizes[:-1], sizes[1:])]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def mlp_forward(params, X, dropout=0.0, rng=None):
    """Forward pass; with ``rng`` given, inverted dropout is applied after every hidden ReLU.

    ``params`` holds ``(W, b)`` per layer. Several networks can run at once: with ``W`` of shape
    ``(runs, n_in, n_out)``, ``b`` of shape ``(runs, 1, n_out)`` and ``dropout`` an array of
    ``runs`` rates, ``X`` of shape ``(n, features)`` goes through every network.

    Returns
    -------
    (p, cache) : probabilities of class 1, shape ``(n,)`` (or ``(runs, n)``), and what backpropagation needs.
    """
    a = np.asarray(X, dtype=params[0][0].dtype)
    keep = (1.0 - np.asarray(dropout, dtype=a.dtype))[..., None, None]
    cache = []
    for W, b in params[:-1]:
        z = a @ W + b
        h = np.maximum(z, 0.0)
        mask = None
        if rng is not None and np.any(keep < 1):
            mask = (rng.random(h.shape, dtype=np.float32) < keep) / keep
            h = h * mask
        cache.append((a, z, mask))
        a = h
    W, b = params[-1]
    cache.append((a, None, None))
    return _sigmoid(a @ W + b)[..., 0], cache


def binary_cross_entropy(p, y):
    """Mean of :math:`-[y \\log p + (1-y) \\log(1-p)]` over the last axis, ``p`` clipped like Keras (1e-7)."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p), axis=-1)


def l2_penalty(params, l2: float) -> float:
    """:math:`\\lambda \\sum_l \\sum_{ij} W_{l,ij}^2` over the hidden kernels (not the biases, not the output)."""
    return float(l2 * sum(np.sum(W ** 2) for W, _ in params[:-1]))


def mlp_gradients(params, cache, p, y, l2=0.0) -> list:
    """Gradients of mean binary cross-entropy plus :func:`l2_penalty`, by backpropagation.

    The dropout masks stored in ``cache`` by :func:`mlp_forward` (already scaled by
    :math:`1/(1-\\text{rate})`) route the gradient through the kept units only.
    """
    l2 = np.asarray(l2, dtype=params[0][0].dtype)[..., None, None]
    delta = ((p - y) / y.shape[-1])[..., None]
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        a_in, _, _ = cache[layer]
        dW = np.swapaxes(a_in, -1, -2) @ delta
        if layer < len(params) - 1:
            dW = dW + 2.0 * l2 * W
        grads.append((dW, delta.sum(axis=-2, keepdims=True) if delta.ndim == 3 else delta.sum(axis=0)))
        if layer == 0:
            break
        _, z_prev, mask_prev = cache[layer - 1]
        delta = delta @ np.swapaxes(W, -1, -2)
        if mask_prev is not None:
            delta = delta * mask_prev
        delta = delta * (z_prev > 0)
    return grads[::-1]


@dataclass
class NumpyRun:
    """A numpy training run: final ``params`` and one train / validation loss per epoch (data loss only)."""

    params: list
    train_loss: np.ndarray
    val_loss: np.ndarray

    def predict(self, X) -> np.ndarray:
        return mlp_forward(self.params, X)[0]

    def kernel_norm(self) -> float:
        """Norm of all kernels together, as :func:`kernel_norm` measures a Keras model."""
        return float(np.sqrt(sum(np.sum(W ** 2) for W, _ in self.params)))


def train_numpy_mlps(X_train, y_train, X_val, y_val, dropout_rates, l2_strengths, hidden=(64, 64), epochs: int = 60,
                     batch_size: int = 10, learning_rate: float = 0.01, *, seed: int) -> list:
    """Train one MLP per ``(dropout_rates[r], l2_strengths[r])`` pair, all at once, with Adam on mini-batches.

    The runs are stacked along a leading axis and computed in float32, so a grid of a dozen runs
    costs little more than one.

    Every run starts from the same weights and sees the same mini-batches in the same order, so
    runs differ only by their regularization. The losses recorded per epoch are the cross-entropy
    on all training and all validation points with dropout off (what the network does at
    inference), without the L2 term.

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
    _check_seed(seed)
    if np.any((rates < 0) | (rates >= 1)) or np.any(l2s < 0):
        raise ValueError(f"dropout rates must be in [0, 1) and L2 strengths >= 0, got {rates} and {l2s}")
    with threadpool_limits(limits=1):  # tiny matrices: one BLAS thread beats several fighting over the cores
        return _train_stacked(X_train, y_train, X_val, y_val, rates, l2s, hidden, epochs, batch_size, learning_rate,
                              seed)


def _train_stacked(X_train, y_train, X_val, y_val, rates, l2s, hidden, epochs, batch_size, learning_rate, seed):
    runs = len(rates)
    y_train, y_val = y_train.astype(np.float32), y_val.astype(np.float32)
    params = [(np.repeat(W[None], runs, axis=0).astype(np.float32), np.zeros((runs, 1, len(b)), np.float32))
              for W, b in init_mlp((X_train.shape[1], *hidden, 1), seed=seed)]
    order_rng, mask_rng = np.random.default_rng(seed + 1), np.random.default_rng(seed + 2)
    moments = [[np.zeros_like(v) for v in (W, b, W, b)] for W, b in params]
    beta1, beta2, eps, t = 0.9, 0.999, 1e-7, 0
    train_curve, val_curve = [], []
    for _ in range(epochs):
        order = order_rng.permutation(len(X_train))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            p, cache = mlp_forward(params, X_train[rows], rates, mask_rng)
            grads = mlp_gradients(params, cache, p, y_train[rows], l2s)
            t += 1
            step = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
            for (W, b), (dW, db), m in zip(params, grads, moments):
                for k, (value, grad) in enumerate(((W, dW), (b, db))):
                    m[k] *= beta1
                    m[k] += (1 - beta1) * grad
                    m[k + 2] *= beta2
                    m[k + 2] += (1 - beta2) * grad * grad
                    value -= step * m[k] / (np.sqrt(m[k + 2]) + eps)
        train_curve.append(binary_cross_entropy(mlp_forward(params, X_train)[0], y_train))
        val_curve.append(binary_cross_entropy(mlp_forward(params, X_val)[0], y_val))
    train_curve, val_curve = np.array(train_curve), np.array(val_curve)
    return [NumpyRun([(W[r].astype(np.float64), b[r, 0].astype(np.float64)) for W, b in params],
                     train_curve[:, r].astype(np.float64), val_curve[:, r].astype(np.float64)) for r in range(runs)]


def train_numpy_mlp(X_train, y_train, X_val, y_val, hidden=(64, 64), dropout: float = 0.0, l2: float = 0.0,
                    epochs: int = 60, batch_size: int = 10, learning_rate: float = 0.01, *, seed: int) -> NumpyRun:
    """One run of :func:`train_numpy_mlps`: the MLP with inverted dropout and L2 weight decay."""
    return train_numpy_mlps(X_train, y_train, X_val, y_val, [dropout], [l2], hidden, epochs, batch_size,
                            learning_rate, seed=seed)[0]
