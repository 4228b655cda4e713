"""Regularization experiments for notebook 07: one task, many techniques, one comparison table.

Keras runs (:func:`build_classifier`, :func:`train_seeds`, :func:`train_variant`) for the comparison table,
the callbacks (:mod:`helpers.callbacks`) and TensorBoard; they read their data through
:func:`helpers.data.batches`, a ``tf.data`` pipeline built once, which keeps short runs short. The same
classifier in numpy, fast enough for a widget's grid of runs, is :mod:`helpers.numpy_regularization`.
Keras is imported by the functions that use it, not by this module, which loads no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from helpers.data import batches, check_xy
from helpers.numpy_regularization import check_seed, early_stopping_epochs  # noqa: F401 (reg.early_stopping_epochs)

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
        ``keras.utils.set_random_seed(seed)`` first: it seeds the initial weights, the dropout masks and the
        input noise, as the notebook's own model-building functions do (no default: the notebook's seed decides).

    Returns
    -------
    keras.Model
        Hidden layers are named ``hidden_1, hidden_2, ...`` (and ``dropout_i``, ``batch_norm_i``, ``relu_i``).
    """
    import keras

    if not hidden or any(isinstance(u, bool) or not isinstance(u, (int, np.integer)) or u < 1 for u in hidden):
        raise ValueError(f"hidden must be a non-empty tuple of positive integers, got {hidden!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout is Keras's rate, the fraction dropped: it must be in [0, 1), got {dropout!r}")
    if l2 < 0 or input_noise < 0:
        raise ValueError(f"l2 and input_noise must be >= 0, got l2={l2!r}, input_noise={input_noise!r}")
    check_seed(seed)
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=(n_inputs,))]
    if input_noise:  # like every random layer here, seeded by set_random_seed above, as the notebook's builders
        layers.append(keras.layers.GaussianNoise(input_noise, name="input_noise"))
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
            layers.append(keras.layers.Dropout(rate=dropout, name=f"dropout_{i}"))
    layers.append(keras.layers.Dense(1, activation="sigmoid", name="output"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  steps_per_execution=steps_per_execution)
    return model


def kernel_norm(model) -> float:
    """The Euclidean norm of all ``Dense`` kernels together, :math:`\\sqrt{\\sum_l \\sum_{ij} W_{l,ij}^2}`."""
    import keras

    kernels = [layer.kernel.numpy() for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not kernels:
        raise ValueError("the model has no Dense layers, so no kernels to measure")
    return float(np.sqrt(sum(np.sum(W.astype(np.float64) ** 2) for W in kernels)))


def validation_loss(model, X, y) -> float:
    """Mean binary cross-entropy of ``model`` (inference mode, one direct call) on ``(X, y)``."""
    X, y = check_xy(X, y, "X")
    return binary_crossentropy(y, model(X.astype(np.float32), training=False))


def binary_crossentropy(y, p) -> float:
    """Mean binary cross-entropy of probabilities ``p`` for labels ``y``, as Keras computes it (float32).

    ``p`` is clipped to ``[1e-7, 1 - 1e-7]`` (Keras's epsilon) before the logarithms, as
    ``keras.losses.binary_crossentropy`` does.

    Parameters
    ----------
    y : array of 0/1 labels, shape (n,) or (n, 1)
    p : array of predicted probabilities of class 1, same number of entries

    Returns
    -------
    float
        :math:`-\\frac{1}{n}\\sum_i \\left(y_i \\log p_i + (1 - y_i) \\log(1 - p_i)\\right)`.
    """
    y = np.asarray(y, dtype=np.float32).reshape(-1)
    p = np.clip(np.asarray(p, dtype=np.float32).reshape(-1), np.float32(1e-7), np.float32(1 - 1e-7))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


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


def _builder(build):
    """``build`` as a function ``seed -> compiled model``: a notebook's own function, or a spec dict."""
    if callable(build):
        return build, {}
    if not isinstance(build, dict):
        raise ValueError(f"build must be a function seed -> compiled keras model (or a dict of build_classifier "
                         f"arguments), got {type(build).__name__}")
    args = {k: v for k, v in build.items() if k not in TRAINING_KEYS}
    return (lambda seed, n_inputs=2, **extra: build_classifier(n_inputs=n_inputs, seed=seed, **args, **extra)), build


def _checked_seeds(spec: dict, seeds) -> list:
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must list at least one seed, e.g. ctx.seeds(3)")
    for seed in seeds:
        check_seed(seed)
    if spec.get("callbacks") and len(seeds) > 1:
        raise ValueError("callbacks keep state between runs: pass them with a single seed (train_variant), or "
                         "pass callbacks= a function that makes fresh ones")
    return seeds


def _run_callbacks(spec: dict, callbacks) -> list:
    """The run's callbacks: fresh ones from ``callbacks()``, the spec's, and ``EarlyStopping`` if it asks for it."""
    import keras

    made = list(callbacks()) if callable(callbacks) else list(callbacks or [])
    made += list(spec.get("callbacks", []))
    if spec.get("early_stopping_patience") is not None:
        made.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=spec["early_stopping_patience"],
                                                  restore_best_weights=True))
    return made


def run_from_fit(name: str, seed: int, model, history, X_val, y_val, *, epochs: int) -> RunResult:
    """A :class:`RunResult` from a run the notebook trained itself with ``model.fit(..., validation_data=...)``.

    ``history`` is what ``fit`` returned. Its ``val_loss`` is used as logged (for a model with an L2 penalty Keras
    adds the penalty to it: train such models with :func:`train_seeds`, which logs the data loss alone).
    """
    check_seed(seed)
    logs = {k: [float(v) for v in values] for k, values in getattr(history, "history", history).items()}
    if "val_loss" not in logs:
        raise ValueError("history has no val_loss: train with model.fit(..., validation_data=(X_val, y_val))")
    return RunResult(name, seed, model, logs, validation_loss(model, X_val, y_val), epochs)


#: The compiled copy :func:`train_seeds` trains with, per (model-building function, steps per epoch): a second
#: call with the same function (``big_model`` with and without ``EarlyStopping``) reuses its traced step.
_COMPILED_COPIES: dict = {}


def train_seeds(name: str, build, X_train, y_train, X_val, y_val, *, seeds, epochs: int, batch_size: int,
                callbacks=None) -> list[RunResult]:
    """Train one variant once per seed: ``model = build(seed)``, then ``model.fit(...)`` as the notebook does.

    The fresh weights, dropout masks and noise come from ``build(seed)``; the mini-batches are shuffled with
    the seed. For speed one compiled copy does the training, set before each run to exactly the state
    ``build(seed)`` has (weights, random-layer states, optimizer), so the step is traced once per variant (and
    once per model-building function: a later call with the same ``build`` reuses that copy);
    the data go through a ``tf.data`` pipeline (:func:`helpers.data.batches`). Fresh models and pipelines are
    made first, because ``keras.utils.set_random_seed`` clears TensorFlow's kernel cache. The validation loss
    per epoch is what ``fit(..., validation_data=...)`` logs as ``val_loss``, by one inference pass of the model
    (:class:`ValidationLoss`, the first callback, so ``EarlyStopping`` sees it), but without an L2 penalty,
    so runs with and without one compare.

    Parameters
    ----------
    build : callable(seed) -> compiled keras.Model, or dict
        The notebook's model-building function (e.g. ``dropout_model``); it must call
        ``keras.utils.set_random_seed(seed)`` first. A dict of :func:`build_classifier` arguments (plus
        optionally ``early_stopping_patience`` and ``callbacks``) also works.
    seeds : list of int
        One run per seed, e.g. ``ctx.seeds(3)``.
    epochs, batch_size : int
        At most ``epochs`` passes over the training data in mini-batches of ``batch_size``.
    callbacks : callable() -> list of keras.callbacks.Callback, optional
        Makes fresh callbacks for each run, e.g.
        ``lambda: [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)]``.

    Returns
    -------
    list of RunResult
        One per seed, in order, each with its own model.
    """
    from helpers.callbacks import ValidationLoss

    make, spec = _builder(build)
    seeds = _checked_seeds(spec, seeds)
    (X_train, y_train), (X_val, y_val) = check_xy(X_train, y_train, "X_train"), check_xy(X_val, y_val, "X_val")
    extra = {"n_inputs": X_train.shape[1]} if spec or not callable(build) else {}
    fresh = []
    for seed in seeds:
        model = make(seed, **extra)  # sets the global seed
        fresh.append((seed, model, batches(X_train, y_train, batch_size, seed=seed)))
    steps = int(np.ceil(len(X_train) / batch_size))
    key = (build, steps) if callable(build) else None  # a notebook function: its compiled copy can be reused
    if key in _COMPILED_COPIES:
        trained, optimizer_start = _COMPILED_COPIES[key]
    else:
        trained = make(seeds[0], **extra)
        trained.compile(optimizer=trained.optimizer, loss=trained.loss, steps_per_execution=steps)
        trained.optimizer.build(trained.trainable_variables)
        optimizer_start = [v.numpy() for v in trained.optimizer.variables]
        if key is not None:
            _COMPILED_COPIES[key] = trained, optimizer_start
    results = []
    for seed, model, train in fresh:
        for variable, value in zip(trained.variables, model.variables):
            variable.assign(value)
        for variable, value in zip(trained.optimizer.variables, optimizer_start):
            variable.assign(value)
        run_callbacks = _run_callbacks(spec, callbacks)
        history = trained.fit(train, epochs=epochs, verbose=0, shuffle=False,
                              callbacks=[ValidationLoss(X_val, y_val)] + run_callbacks)
        for variable, value in zip(model.variables, trained.variables):
            variable.assign(value)
        logs = {k: [float(v) for v in values] for k, values in history.history.items()}
        results.append(RunResult(name, seed, model, logs,
                                 validation_loss(model, X_val, y_val), epochs, run_callbacks))
    return results


def train_variant(name: str, build, X_train, y_train, X_val, y_val, *, seed: int, epochs: int,
                  batch_size: int, callbacks=None) -> RunResult:
    """One run of :func:`train_seeds`, with the given ``seed`` (a spec dict may hold ``callbacks``)."""
    return train_seeds(name, build, X_train, y_train, X_val, y_val, seeds=[seed], epochs=epochs,
                       batch_size=batch_size, callbacks=callbacks)[0]


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
            mean, low, high = (np.round(values, 2) + 0.0 for values in (mean, low, high))  # no "-0.00"
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
    import keras

    names = [layer.name for layer in model.layers]
    missing = [n for n in layer_names if n not in names]
    if missing:
        raise ValueError(f"the model has no layer {missing}; its layers are {names}")
    probe = keras.Model(model.inputs[0], [model.get_layer(n).output for n in layer_names])
    outputs = probe(np.asarray(X, dtype=np.float32), training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return {n: np.asarray(o) for n, o in zip(layer_names, outputs)}
