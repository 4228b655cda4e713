"""Checking a student's Keras model through public attributes only.

Every correct form passes: ``keras.Sequential([...])`` or the functional ``keras.Model(inputs, outputs)``
(whose ``InputLayer`` is left out), and an activation given as ``"softmax"``, ``keras.activations.softmax``
or ``tf.nn.softmax`` (recognised by what it computes, not by its name). Keras is imported only when a
model is checked.
"""

from __future__ import annotations

import functools
from typing import Sequence

import numpy as np

from helpers.exercises.checks import Incorrect, describe

_PROBE = np.array([[-3.0, -0.5, 0.0, 0.5, 2.0]], dtype="float32")
_KNOWN_ACTIVATIONS = ("linear", "relu", "sigmoid", "softmax", "tanh", "softplus", "elu", "selu", "gelu", "silu",
                      "leaky_relu")


@functools.cache
def _reference_outputs() -> dict[str, np.ndarray]:
    import keras

    return {name: np.asarray(keras.activations.get(name)(_PROBE)) for name in _KNOWN_ACTIVATIONS}


def activation_name(function) -> str | None:
    """The Keras name of what ``function`` computes (``"softmax"`` for ``tf.nn.softmax`` too).

    Found by calling it on a few numbers; a function that computes none of the known activations
    keeps its ``__name__``. ``None`` stays ``None``.
    """
    if function is None:
        return None
    try:
        output = np.asarray(function(_PROBE), dtype=np.float64)
    except Exception:  # a custom activation that does not run on our probe: fall back to its name
        output = None
    for name, reference in _reference_outputs().items():
        if output is not None and output.shape == reference.shape and np.allclose(output, reference, atol=1e-5):
            return name
    return getattr(function, "__name__", type(function).__name__)


def keras_layers(answer, name: str = "your model") -> list:
    """The layers of a Keras model, the functional API's ``InputLayer`` left out; Incorrect if it is not a model."""
    if isinstance(answer, type) and answer.__module__.startswith("keras"):
        raise Incorrect(f"{name} is the class {answer.__name__} itself, not a model: create one with "
                        f"keras.{answer.__name__}([...]), with the parentheses.")
    layers = getattr(answer, "layers", None)
    if not isinstance(layers, (list, tuple)) or not hasattr(answer, "count_params"):
        raise Incorrect(f"{name} should be a Keras model, e.g. keras.Sequential([...]) or keras.Model(inputs, "
                        f"outputs); got {describe(answer)}.")
    return [layer for layer in layers if type(layer).__name__ != "InputLayer"]


def describe_model(model, name: str = "your model") -> list[tuple[str, int | None, str | None]]:
    """``(layer type, units, activation)`` for each layer of a Keras model (see :func:`keras_layers`)."""
    return [(type(layer).__name__, getattr(layer, "units", None), activation_name(getattr(layer, "activation", None)))
            for layer in keras_layers(model, name)]


def expect_keras_model(answer, layers: Sequence[tuple[str | None, int | None, str | None]],
                       n_params: int | None = None, name: str = "your model") -> None:
    """Incorrect unless ``answer`` is a Keras model with these ``(type, units, activation)`` layers.

    ``None`` in a layer tuple means "any". Only public attributes are read.
    """
    actual = describe_model(answer, name)
    if len(actual) != len(layers):
        raise Incorrect(f"{name} has {len(actual)} layers ({', '.join(t for t, _, _ in actual) or 'none'}); "
                        f"expected {len(layers)}.")
    for i, ((a_type, a_units, a_act), (e_type, e_units, e_act)) in enumerate(zip(actual, layers), start=1):
        if e_type is not None and a_type != e_type:
            raise Incorrect(f"layer {i} is a {a_type}; expected a {e_type}.")
        if e_units is not None and a_units != e_units:
            raise Incorrect(f"layer {i} has {a_units} units; expected {e_units}.")
        if e_act is not None and a_act != e_act:
            raise Incorrect(f"layer {i} uses activation {a_act!r}; expected {e_act!r}.")
    if n_params is not None:
        try:
            count = answer.count_params()
        except ValueError:
            raise Incorrect(f"{name} is not built yet: start it with keras.Input(shape=...).") from None
        if count != n_params:
            raise Incorrect(f"{name} has {count} parameters; expected {n_params}.")
