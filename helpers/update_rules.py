"""Gradient descent and the Keras 3 update rules, in numpy.

- :func:`gradient_descent`: the plain algorithm ``w <- w - lr g`` with divergence detection.
- :class:`NumpyOptimizer`: SGD, momentum, Nesterov, RMSprop, Adam, Adadelta, Adagrad, Adamax, Nadam and
  Ftrl, written to follow Keras 3's own update steps exactly (same defaults, same epsilon placement),
  vectorised so one call runs many learning rates at once.
- :func:`keras_optimizer`: the real ``keras.optimizers`` object with the same name and hyper-parameters.

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

from dataclasses import dataclass
from typing import Callable

import numpy as np

#: Every optimizer this module knows, in the order the notebook presents them.
OPTIMIZER_NAMES = ("SGD", "Momentum", "Nesterov", "RMSprop", "Adam", "Adadelta", "Adagrad", "Adamax", "Nadam",
                   "Ftrl")

#: Hyper-parameters of each optimizer (Keras 3's defaults, except momentum 0.9 for the two momentum variants).
DEFAULT_HYPER = {
    "SGD": {},
    "Momentum": {"momentum": 0.9},
    "Nesterov": {"momentum": 0.9},
    "RMSprop": {"rho": 0.9, "epsilon": 1e-7},
    "Adam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "Adadelta": {"rho": 0.95, "epsilon": 1e-7},
    "Adagrad": {"initial_accumulator_value": 0.1, "epsilon": 1e-7},
    "Adamax": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "Nadam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "Ftrl": {"learning_rate_power": -0.5, "initial_accumulator_value": 0.1},
}

#: A point whose coordinates grow beyond this (or stop being finite) counts as diverged.
DIVERGENCE_LIMIT = 1e6


def check_positive_int(value, name: str) -> int:
    """``value`` as an ``int``; a ValueError naming ``name`` unless it is an integer >= 1 (bools are not)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _f32(x):
    """``x`` rounded to float32 and back, as Keras stores it."""
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def _check_name(name: str) -> str:
    if name not in OPTIMIZER_NAMES:
        raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZER_NAMES)}")
    return name


def _hyper(name: str, overrides: dict) -> dict:
    hyper = dict(DEFAULT_HYPER[name])
    unknown = sorted(set(overrides) - set(hyper))
    if unknown:
        raise ValueError(f"{name} has no hyper-parameter {unknown}; it has {sorted(hyper) or 'none'}")
    hyper.update(overrides)
    return hyper


# ---------------------------------------------------------------------------------------------
# Plain gradient descent
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DescentResult:
    """What :func:`gradient_descent` returns.

    Attributes
    ----------
    path : numpy.ndarray
        The iterates ``w_0, w_1, ...`` that stayed finite, shape ``(k + 1, *w.shape)``.
    diverged_at : int or None
        The step at which ``|w|`` exceeded :data:`DIVERGENCE_LIMIT` (or stopped being finite).
    """

    path: np.ndarray
    diverged_at: int | None

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def gradient_descent(gradient: Callable, w0, learning_rate: float, steps: int,
                     limit: float = DIVERGENCE_LIMIT) -> DescentResult:
    """Run ``w <- w - learning_rate * gradient(w)`` for ``steps`` steps, stopping if it diverges.

    Parameters
    ----------
    gradient : callable(w) -> array like w
    w0 : float or array
        The starting point.
    learning_rate : float
        Positive step size.
    steps : int
        How many updates at most.
    limit : float
        A point with some ``|w_i| > limit`` (or a non-finite one) has diverged; the run stops there
        and the divergent point is *not* in the path, so plots never see ``inf`` or ``NaN``.
    """
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    steps = check_positive_int(steps, "steps")
    w = np.asarray(w0, dtype=np.float64)
    path = [w]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            w = w - learning_rate * np.asarray(gradient(w), dtype=np.float64)
            if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > limit:
                return DescentResult(np.array(path), t)
            path.append(w)
    return DescentResult(np.array(path), None)


# ---------------------------------------------------------------------------------------------
# The Keras update rules in numpy
# ---------------------------------------------------------------------------------------------


class NumpyOptimizer:
    """One of the Keras 3 optimizers written in numpy, step for step.

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZER_NAMES`.
    learning_rate : float or array
        The step size; an array of shape ``(L, 1)`` runs ``L`` learning rates at once on
        ``w`` of shape ``(L, d)`` (each row has its own state, as separate runs would).
    **hyper
        Overrides of :data:`DEFAULT_HYPER` (e.g. ``rho=0.95`` for RMSprop).

    Attributes
    ----------
    iterations : int
        Steps taken so far (Keras' ``t`` is ``iterations`` during a step).
    state : dict of str -> array
        The rule's slots (velocity, moments, accumulators), named as in Keras; empty before the first step.

    Examples
    --------
    >>> opt = NumpyOptimizer("Adam", learning_rate=0.1)
    >>> w = np.array([1.0, -2.0])
    >>> w = opt.step(w, g=2 * w)   # one Adam step on |w|^2
    """

    def __init__(self, name: str, learning_rate=0.01, **hyper):
        self.name = _check_name(name)
        self.learning_rate = _f32(learning_rate)
        if not np.all(self.learning_rate > 0):
            raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
        self.hyper = _hyper(name, hyper)
        self.iterations = 0
        self.state: dict[str, np.ndarray] = {}

    def step(self, w, g) -> np.ndarray:
        """Return the weights after one update with gradient ``g`` (the state advances)."""
        w = np.asarray(w, dtype=np.float64)
        g = np.asarray(g, dtype=np.float64)
        if w.shape != g.shape:
            raise ValueError(f"the gradient must have the weights' shape {w.shape}, got {g.shape}")
        if self.iterations == 0:
            self.state = self.initial_state(w)
        self.iterations += 1
        return _RULES[self.name](self, w, g)

    def initial_state(self, w: np.ndarray) -> dict:
        """The slots Keras creates for weights like ``w`` before the first step."""
        zeros = np.zeros_like(w)
        accumulator = np.full_like(w, _f32(self.hyper.get("initial_accumulator_value", 0.0)))
        return {
            "SGD": {},
            "Momentum": {"velocity": zeros},
            "Nesterov": {"velocity": zeros},
            "RMSprop": {"mean_square": zeros},
            "Adam": {"m": zeros, "v": zeros.copy()},
            "Adadelta": {"mean_square_grad": zeros, "mean_square_delta": zeros.copy()},
            "Adagrad": {"sum_square": accumulator},
            "Adamax": {"m": zeros, "u": zeros.copy()},
            "Nadam": {"m": zeros, "v": zeros.copy(), "u_product": 1.0},
            "Ftrl": {"n": accumulator, "z": zeros},
        }[self.name]


# One function per rule: (optimizer, w, g) -> new w, reading and updating optimizer.state.


def _sgd(opt, w, g):
    return w - opt.learning_rate * g


def _momentum(opt, w, g):
    s, lr, mu = opt.state, opt.learning_rate, _f32(opt.hyper["momentum"])
    s["velocity"] = mu * s["velocity"] - lr * g
    return w + s["velocity"]


def _nesterov(opt, w, g):
    s, lr, mu = opt.state, opt.learning_rate, _f32(opt.hyper["momentum"])
    s["velocity"] = mu * s["velocity"] - lr * g
    return w + mu * s["velocity"] - lr * g


def _rmsprop(opt, w, g):
    s, h = opt.state, opt.hyper
    s["mean_square"] = h["rho"] * s["mean_square"] + (1 - h["rho"]) * g ** 2
    return w - opt.learning_rate * g / np.sqrt(s["mean_square"] + h["epsilon"])


def _adam(opt, w, g):
    s, h, t = opt.state, opt.hyper, opt.iterations
    b1, b2 = h["beta_1"], h["beta_2"]
    s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
    s["v"] = s["v"] + (g ** 2 - s["v"]) * (1 - b2)
    alpha = opt.learning_rate * np.sqrt(1 - _f32(b2) ** t) / (1 - _f32(b1) ** t)
    return w - alpha * s["m"] / (np.sqrt(s["v"]) + h["epsilon"])


def _adadelta(opt, w, g):
    s, rho, eps = opt.state, opt.hyper["rho"], opt.hyper["epsilon"]
    s["mean_square_grad"] = rho * s["mean_square_grad"] + (1 - rho) * g ** 2
    delta = -np.sqrt(s["mean_square_delta"] + eps) * g / np.sqrt(s["mean_square_grad"] + eps)
    s["mean_square_delta"] = rho * s["mean_square_delta"] + (1 - rho) * delta ** 2
    return w + opt.learning_rate * delta


def _adagrad(opt, w, g):
    s = opt.state
    s["sum_square"] = s["sum_square"] + g ** 2
    return w - opt.learning_rate * g / np.sqrt(s["sum_square"] + opt.hyper["epsilon"])


def _adamax(opt, w, g):
    s, h, t = opt.state, opt.hyper, opt.iterations
    b1 = h["beta_1"]
    s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
    s["u"] = np.maximum(h["beta_2"] * s["u"], np.abs(g))
    return w - opt.learning_rate * s["m"] / ((1 - _f32(b1) ** t) * (s["u"] + h["epsilon"]))


def _nadam(opt, w, g):
    s, h, t = opt.state, opt.hyper, opt.iterations
    b1, b2, decay = _f32(h["beta_1"]), _f32(h["beta_2"]), _f32(0.96)
    u_t = b1 * (1 - 0.5 * decay ** t)
    u_next = b1 * (1 - 0.5 * decay ** (t + 1))
    s["u_product"] = s["u_product"] * h["beta_1"] * (1 - 0.5 * decay ** t)
    s["m"] = s["m"] + (g - s["m"]) * (1 - b1)
    s["v"] = s["v"] + (g ** 2 - s["v"]) * (1 - b2)
    m_hat = u_next * s["m"] / (1 - s["u_product"] * u_next) + (1 - u_t) * g / (1 - s["u_product"])
    v_hat = s["v"] / (1 - b2 ** t)
    return w - opt.learning_rate * m_hat / (np.sqrt(v_hat) + h["epsilon"])


def _ftrl(opt, w, g):
    """Ftrl without l1/l2 terms: z accumulates gradients minus the shift from the growing step size."""
    s, lr, power = opt.state, opt.learning_rate, -opt.hyper["learning_rate_power"]
    n_new = s["n"] + g ** 2
    s["z"] = s["z"] + g - (n_new ** power - s["n"] ** power) / lr * w
    s["n"] = n_new
    return -s["z"] * lr / n_new ** power


_RULES = {"SGD": _sgd, "Momentum": _momentum, "Nesterov": _nesterov, "RMSprop": _rmsprop, "Adam": _adam,
          "Adadelta": _adadelta, "Adagrad": _adagrad, "Adamax": _adamax, "Nadam": _nadam, "Ftrl": _ftrl}


def keras_optimizer(name: str, learning_rate: float = 0.01, **hyper):
    """The real ``keras.optimizers`` object matching :class:`NumpyOptimizer` ``(name, learning_rate, **hyper)``.

    ``"Momentum"`` and ``"Nesterov"`` are ``keras.optimizers.SGD`` with ``momentum=0.9``
    (and ``nesterov=True``).
    """
    import keras

    _check_name(name)
    hyper = _hyper(name, hyper)
    if name in ("Momentum", "Nesterov"):
        return keras.optimizers.SGD(learning_rate=learning_rate, nesterov=name == "Nesterov", **hyper)
    return getattr(keras.optimizers, name)(learning_rate=learning_rate, **hyper)


__all__ = ["OPTIMIZER_NAMES", "DEFAULT_HYPER", "DIVERGENCE_LIMIT", "check_positive_int", "DescentResult",
           "gradient_descent", "NumpyOptimizer", "keras_optimizer"]
