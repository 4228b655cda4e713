"""Measuring what happens inside a Keras model: gradient sizes per layer and dead ReLU units.

These are diagnostics, not training code: each function looks at a model on one batch of
data and returns plain numpy numbers, one per layer, ready for a table or a plot.

- :func:`layer_gradient_norms` -- ``||dL/dW||`` for the kernel of every layer, from one
  ``tf.GradientTape`` pass (vanishing gradients show up as norms shrinking towards the input).
- :func:`relu_layer_activity` / :func:`dead_unit_fractions` -- for every ReLU layer, which units are
  never active on the data (a *dead* unit outputs 0 for every example, so its gradient is 0 too).
- :func:`central_difference` / :func:`autodiff_derivative` -- the two independent ways to check an
  analytic derivative ``g'(z)``.
"""

from __future__ import annotations

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


def relu_layer_activity(model, X) -> dict:
    """How often each unit of each ReLU layer is active (``z > 0``) on the data.

    The layers are applied one after the other, so ``model`` must be a plain stack
    (``keras.Sequential``, or a functional model whose layers form one chain). A layer counts
    as ReLU when its ``activation`` is Keras' ``relu``.

    Parameters
    ----------
    model : keras.Model
        A built sequential stack.
    X : array of shape (n, features...)
        The examples to look at (the training set, or a large batch of it).

    Returns
    -------
    dict of str -> numpy.ndarray
        Layer name -> the fraction of the ``n`` examples on which each unit is active, shape ``(units,)``.
    """
    _check_model(model)
    X = _as_batch(X)
    activity = {}
    hidden = X
    for layer in model.layers:
        hidden = layer(hidden, training=False)
        if not np.all(np.isfinite(np.asarray(hidden))):
            raise ValueError(f"layer {layer.name!r} outputs NaN or infinite values (did training diverge?); "
                             "dead units cannot be counted")
        if getattr(getattr(layer, "activation", None), "__name__", None) == "relu":
            activity[layer.name] = np.mean(np.asarray(hidden) > 0, axis=0).reshape(-1)
    if not activity:
        raise ValueError("the model has no layer with activation='relu'; "
                         f"its layers are {[layer.name for layer in model.layers]}")
    return activity


def dead_unit_fractions(model, X) -> dict:
    """For each ReLU layer, the fraction of its units that are dead: never active on any example of ``X``.

    A dead unit outputs 0 for every input, so ``g'(z) = 0`` everywhere and gradient descent can
    never change its incoming weights again.

    Returns
    -------
    dict of str -> float
        Layer name -> fraction of units in ``[0, 1]``.
    """
    return {name: float(np.mean(active == 0)) for name, active in relu_layer_activity(model, X).items()}


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


__all__ = ["kernel_layers", "layer_gradient_norms", "relu_layer_activity", "dead_unit_fractions",
           "central_difference", "autodiff_derivative"]
