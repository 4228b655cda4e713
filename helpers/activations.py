"""Activation functions ``g(z)`` and their derivatives ``g'(z)``, written out in numpy.

Each entry of :data:`ACTIVATIONS` pairs a function with its analytic derivative; the tests
check every derivative against finite differences and against TensorFlow's autodiff. They compute
in float64, or in float32 when given float32 arrays (as a float32 network does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.special import erf as _erf  # scipy ships with scikit-learn


def _float(z) -> np.ndarray:
    """``z`` as a float32 array if it is one, else as float64."""
    z = np.asarray(z)
    return z if z.dtype == np.float32 else z.astype(np.float64, copy=False)


def sigmoid(z):
    """The logistic function ``1 / (1 + e^-z)``, computed without overflow for large ``|z|``."""
    z = _float(z)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def sigmoid_prime(z):
    """``g'(z) = g(z) (1 - g(z))``; at most 0.25, at ``z = 0``."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """``(e^z - e^-z) / (e^z + e^-z)``."""
    return np.tanh(_float(z))


def tanh_prime(z):
    """``g'(z) = 1 - g(z)^2``."""
    return 1.0 - np.tanh(_float(z)) ** 2


def relu(z):
    """``max(0, z)``."""
    return np.maximum(_float(z), 0.0)


def relu_prime(z):
    """1 for ``z > 0``, else 0 (the value at exactly 0 is a convention; Keras uses 0)."""
    z = _float(z)
    return (z > 0).astype(z.dtype)


LEAKY_SLOPE = 0.2  # keras.layers.LeakyReLU's default negative slope


def leaky_relu(z, alpha: float = LEAKY_SLOPE):
    """``z`` for ``z > 0``, else ``alpha z``."""
    z = _float(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_prime(z, alpha: float = LEAKY_SLOPE):
    """1 for ``z > 0``, else ``alpha``."""
    z = _float(z)
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def softplus(z):
    """``log(1 + e^z)``, a smooth ReLU."""
    return np.logaddexp(0.0, _float(z))


def softplus_prime(z):
    """The sigmoid: ``d/dz log(1 + e^z) = 1 / (1 + e^-z)``."""
    return sigmoid(z)


def gelu(z):
    """Exact GELU ``z Phi(z)``, with ``Phi`` the standard normal CDF."""
    z = _float(z)
    return z * 0.5 * (1.0 + _erf(z / 2.0 ** 0.5))


def gelu_prime(z):
    """``Phi(z) + z phi(z)``, with ``phi`` the standard normal density."""
    z = _float(z)
    return 0.5 * (1.0 + _erf(z / 2.0 ** 0.5)) + z * np.exp(-0.5 * z**2) / (2.0 * np.pi) ** 0.5


def step(z):
    """Heaviside step, the McCulloch-Pitts / Rosenblatt activation: 1 for ``z >= 0``, else 0."""
    z = _float(z)
    return (z >= 0).astype(z.dtype)


def linear(z):
    """The identity, used on regression outputs."""
    return _float(z)


def linear_prime(z):
    return np.ones_like(_float(z))


@dataclass(frozen=True)
class Activation:
    """An activation function, its derivative and how to write and use it."""

    name: str
    g: Callable
    g_prime: Callable
    formula: str  # LaTeX
    derivative: str  # LaTeX
    keras_name: str  # the string Keras accepts as ``activation=``
    used_for: str


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("sigmoid", sigmoid, sigmoid_prime, r"\frac{1}{1+e^{-z}}", r"g(z)\,(1-g(z))", "sigmoid",
                   "the output of a 2-class classifier (a probability); rarely in hidden layers now"),
        Activation("tanh", tanh, tanh_prime, r"\frac{e^z-e^{-z}}{e^z+e^{-z}}", r"1-g(z)^2", "tanh",
                   "hidden layers when a zero-centred output helps; recurrent networks"),
        Activation("relu", relu, relu_prime, r"\max(0, z)", r"\begin{cases}1 & z>0\\0 & \text{otherwise}\end{cases}",
                   "relu", "the default for hidden layers: cheap, and it does not saturate for z > 0"),
        Activation("leaky_relu", leaky_relu, leaky_relu_prime, r"\max(\alpha z, z),\ \alpha=0.2",
                   r"\begin{cases}1 & z>0\\\alpha & \text{otherwise}\end{cases}", "leaky_relu",
                   "hidden layers, when dead ReLUs are a problem"),
        Activation("softplus", softplus, softplus_prime, r"\log(1+e^z)", r"\frac{1}{1+e^{-z}}", "softplus",
                   "a smooth ReLU; outputs that must be positive (e.g. a scale)"),
        Activation("gelu", gelu, gelu_prime, r"z\,\Phi(z)", r"\Phi(z)+z\,\varphi(z)", "gelu",
                   "hidden layers of transformers (BERT, GPT)"),
    ]
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name, with a clear error for unknown names."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]
