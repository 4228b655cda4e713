"""Measuring what happens inside a Keras model: gradient sizes per layer and dead ReLU units.

These are diagnostics, not training code: each function looks at a model on one batch of
data and returns plain numbers, one per layer, ready for a table or a plot (or, for a finished
run, one sentence).

- :func:`layer_gradient_norms` -- ``||dL/dW||`` for the kernel of every layer, from one
  ``tf.GradientTape`` pass (vanishing gradients show up as norms shrinking towards the input).
- :func:`relu_layer_activity` / :func:`dead_unit_fractions` -- for every ReLU layer, which units are
  never active on the data (a *dead* unit outputs 0 for every example, so its gradient is 0 too), and
  which diverged (output NaN after training blew up: reported, never raised).
- :func:`training_outcome` -- how a ``fit`` run ended, in words ("train accuracy 0.99" or
  "diverged: the loss became NaN at epoch 3, every unit of hidden_1 is now NaN").
- :func:`central_difference` / :func:`autodiff_derivative` -- the two independent ways to check an
  analytic derivative ``g'(z)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Callable

import numpy as np


def _check_model(model) -> None:
    if not (hasattr(model, "layers") and hasattr(model, "trainable_weights")):
        raise ValueError(f"model must be a Keras model (e.g. keras.Sequential([...])), got {type(model).__name__}")
    if not model.built or not model.trainable_weights:
        raise ValueError("the model has no weights yet: start it with keras.Input(shape=...) so it is built")


def _as_batch(X, name: str = "X") -> np.ndarray:
    X = np.asarray(X, dtype=np.float32)
    if X.ndim < 2 or len(X) == 0:
        raise ValueError(f"{name} must be a non-empty batch of shape (n, features...), got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return X


def kernel_layers(model) -> list:
    """The layers of ``model`` that have a ``kernel`` (Dense, Conv, ...), in order."""
    _check_model(model)
    return [layer for layer in model.layers if getattr(layer, "kernel", None) is not None]


def layer_gradient_norms(model, X, y, loss) -> np.ndarray:
    """The size of the loss gradient for each layer's kernel, on one batch.

    One forward pass under ``tf.GradientTape``, then ``||dL/dW^{[l]}||`` (Frobenius norm)
    for every layer that has a kernel, first layer first. Biases are left out. Layers
    whose norms shrink towards the input are learning slowly: the vanishing gradient.

    Parameters
    ----------
    model : keras.Model
        A built model (made with ``keras.Input(shape=...)``); it is not changed.
    X : array of shape (n, features...)
        One batch of inputs.
    y : array of shape (n,) or (n, outputs)
        The targets for that batch.
    loss : str or callable
        A Keras loss name such as ``"binary_crossentropy"`` or ``"mse"``, or a function
        ``loss(y_true, y_pred)``; per-example values are averaged.

    Returns
    -------
    numpy.ndarray of shape (number of kernel layers,)

    Raises
    ------
    ValueError
        If the model is not built, ``X`` and ``y`` differ in length, or the gradient is not finite.
    """
    import keras
    import tensorflow as tf

    layers = kernel_layers(model)
    X = _as_batch(X)
    y = np.asarray(y, dtype=np.float32)
    if len(y) != len(X):
        raise ValueError(f"X and y must have one target per example: X has {len(X)} rows, y has {len(y)}")
    if isinstance(loss, str):
        loss_fn = keras.losses.get(loss)
    elif callable(loss):
        loss_fn = loss
    else:
        raise ValueError(f"loss must be a Keras loss name (e.g. 'mse') or a function (y_true, y_pred), got {loss!r}")
    kernels = [layer.kernel for layer in layers]
    with tf.GradientTape() as tape:
        y_pred = model(X, training=False)
        y_true = y.reshape(-1, 1) if y.ndim == 1 and y_pred.shape[-1] == 1 else y  # (n,) targets, (n, 1) outputs
        value = tf.reduce_mean(loss_fn(y_true, y_pred))
    gradients = tape.gradient(value, kernels)
    norms = np.array([float(tf.norm(g)) if g is not None else 0.0 for g in gradients])
    if not np.all(np.isfinite(norms)):
        raise ValueError("the gradient is not finite (NaN or infinite): the loss overflowed on this batch")
    return norms


def _units_with_finite_weights(layer, units: int) -> np.ndarray:
    """For each of the ``units`` units of ``layer``, whether its incoming weights and its bias are all finite."""
    finite = np.ones(units, dtype=bool)
    for weight in layer.get_weights():
        weight = np.asarray(weight)
        if weight.ndim and weight.shape[-1] == units:  # kernel (..., units), bias (units,)
            finite &= np.isfinite(weight.reshape(-1, units)).all(axis=0)
    return finite


def relu_layer_activity(model, X) -> dict:
    """How often each unit of each ReLU layer is active (``z > 0``) on the data.

    The layers are applied one after the other, so ``model`` must be a plain stack
    (``keras.Sequential``, or a functional model whose layers form one chain). A layer counts
    as ReLU when its ``activation`` is Keras' ``relu``.

    A unit whose output is NaN or infinite on some example, or whose weights are, has *diverged*
    (training blew up): its activity is NaN. That is a result to report, not an error.

    Parameters
    ----------
    model : keras.Model
        A built sequential stack.
    X : array of shape (n, features...)
        The examples to look at (the training set, or a large batch of it).

    Returns
    -------
    dict of str -> numpy.ndarray
        Layer name -> the fraction of the ``n`` examples on which each unit is active, shape ``(units,)``;
        NaN for a diverged unit.

    Raises
    ------
    ValueError
        If ``model`` is not a built Keras model, ``X`` is not a finite batch, or no layer is a ReLU layer.
    """
    _check_model(model)
    X = _as_batch(X)
    activity = {}
    hidden = X
    for layer in model.layers:
        hidden = np.asarray(layer(hidden, training=False))
        if getattr(getattr(layer, "activation", None), "__name__", None) == "relu":
            outputs = hidden.reshape(len(hidden), -1)
            active = np.mean(outputs > 0, axis=0)
            diverged = ~np.isfinite(outputs).all(axis=0) | ~_units_with_finite_weights(layer, outputs.shape[1])
            activity[layer.name] = np.where(diverged, np.nan, active)
    if not activity:
        raise ValueError("the model has no layer with activation='relu'; "
                         f"its layers are {[layer.name for layer in model.layers]}")
    return activity


class DeadUnits(Mapping):
    """The dead units of every ReLU layer, read like a dict ``{layer name: share of its units that are dead}``.

    A dead unit is never active on any example. A unit whose output is NaN or infinite is not dead
    but *diverged*: it is counted in :attr:`diverged`, not in the dead share.

    Attributes
    ----------
    diverged : dict of str -> float
        Layer name -> share of its units that output NaN or infinite values.
    units : dict of str -> int
        Layer name -> number of units.
    """

    def __init__(self, activity: dict):
        self._dead = {name: float(np.mean(active == 0)) for name, active in activity.items()}
        self.diverged = {name: float(np.mean(np.isnan(active))) for name, active in activity.items()}
        self.units = {name: int(active.size) for name, active in activity.items()}

    def __getitem__(self, name: str) -> float:
        return self._dead[name]

    def __iter__(self):
        return iter(self._dead)

    def __len__(self) -> int:
        return len(self._dead)

    @property
    def has_diverged(self) -> bool:
        """Whether any unit of any ReLU layer outputs NaN or infinite values."""
        return any(share > 0 for share in self.diverged.values())

    def labels(self) -> list[str]:
        """One label per layer: ``"31%"`` dead, ``"NaN"`` when every unit diverged, or ``"25% + 50% NaN"``."""
        labels = []
        for name, dead in self._dead.items():
            diverged = self.diverged[name]
            if diverged == 1:
                labels.append("NaN")
            elif diverged > 0:
                labels.append(f"{dead:.0%} + {diverged:.0%} NaN")
            else:
                labels.append(f"{dead:.0%}")
        return labels

    def describe_divergence(self) -> str:
        """The diverged units in words, e.g. ``"every unit of hidden_1 and hidden_2 is now NaN"``; ``""`` if none."""
        everything = [name for name, share in self.diverged.items() if share == 1]
        parts = []
        if everything:
            parts.append(f"every unit of {_join(everything)} is now NaN")
        for name, share in self.diverged.items():
            if 0 < share < 1:
                count = round(share * self.units[name])
                parts.append(f"{count} of {self.units[name]} units of {name} {'is' if count == 1 else 'are'} now NaN")
        return ", ".join(parts)

    def __str__(self) -> str:
        return ", ".join(self.labels())

    def __repr__(self) -> str:
        diverged = f", diverged={self.diverged}" if self.has_diverged else ""
        return f"DeadUnits({self._dead}{diverged})"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def dead_unit_fractions(model, X) -> DeadUnits:
    """For each ReLU layer, the fraction of its units that are dead: never active on any example of ``X``.

    A dead unit outputs 0 for every input, so ``g'(z) = 0`` everywhere and gradient descent can
    never change its incoming weights again. A unit that outputs NaN or infinite values (training
    diverged) is not dead: the result lists it under ``diverged`` instead of raising.

    Returns
    -------
    DeadUnits
        Reads like ``{layer name: fraction of units in [0, 1]}``; ``str()`` gives ``"0%, 6%, 12%"``,
        ``.diverged`` the share of NaN units per layer, ``.describe_divergence()`` says it in words.

    Raises
    ------
    ValueError
        For a model that is not a built Keras stack with a ReLU layer, or ``X`` that is not a finite batch.
    """
    return DeadUnits(relu_layer_activity(model, X))


def training_outcome(history, units: DeadUnits | None = None) -> str:
    """How a training run ended, in words: its final accuracy (or loss), or how it diverged.

    Parameters
    ----------
    history : keras.callbacks.History or dict
        What ``model.fit`` returned (or its ``.history`` dict): per-epoch lists, at least ``"loss"``.
    units : DeadUnits, optional
        The model's :func:`dead_unit_fractions` after training, to name the layers that diverged.

    Returns
    -------
    str
        ``"train accuracy 0.99"`` (``"train loss 0.045"`` without an accuracy metric), or e.g.
        ``"diverged: the loss became NaN at epoch 3, every unit of hidden_1 is now NaN"``.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or len(logs.get("loss", ())) == 0:
        raise ValueError("history must be what model.fit returned (or its .history dict) with a 'loss' per epoch, "
                         f"got {type(history).__name__}")
    if units is not None and not isinstance(units, DeadUnits):
        raise ValueError(f"units must be the result of dead_unit_fractions(model, X), got {type(units).__name__}")
    loss = np.asarray(logs["loss"], dtype=float)
    in_words = units.describe_divergence() if units is not None else ""
    if not np.all(np.isfinite(loss)):
        epoch = int(np.argmin(np.isfinite(loss)))
        what = "NaN" if np.isnan(loss[epoch]) else "infinite"
        return f"diverged: the loss became {what} at epoch {epoch + 1}" + (f", {in_words}" if in_words else "")
    if in_words:
        return f"diverged: {in_words}"
    if "accuracy" in logs:
        return f"train accuracy {logs['accuracy'][-1]:.2f}"
    return f"train loss {loss[-1]:.3g}"


def central_difference(g: Callable, z, h: float = 1e-5) -> np.ndarray:
    """The numerical derivative ``(g(z + h) - g(z - h)) / (2 h)``; its error shrinks like ``h^2``."""
    if not callable(g):
        raise ValueError("g must be a function of z")
    if not 0 < h < 1:
        raise ValueError(f"the step h must be small and positive, got {h}")
    z = np.asarray(z, dtype=np.float64)
    return (g(z + h) - g(z - h)) / (2.0 * h)


def autodiff_derivative(keras_name: str, z) -> np.ndarray:
    """``g'(z)`` of the Keras activation ``keras_name``, computed by ``tf.GradientTape`` in float64."""
    import keras
    import tensorflow as tf

    if not isinstance(keras_name, str):
        raise ValueError(f"keras_name must be the activation's Keras name, e.g. 'relu', got {keras_name!r}")
    g = keras.activations.get(keras_name)
    z = tf.constant(np.asarray(z, dtype=np.float64))
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = g(z)
    return tape.gradient(out, z).numpy()


__all__ = ["kernel_layers", "layer_gradient_norms", "relu_layer_activity", "dead_unit_fractions", "DeadUnits",
           "training_outcome", "central_difference", "autodiff_derivative"]
