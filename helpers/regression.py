"""Regression with stacked layers: collapsing linear layers, losses, loss surfaces and fast numpy fits.

Used by notebook 03 (stacking layers). Conventions follow Keras: a dense layer's ``kernel``
has shape ``(inputs, units)`` and a batch ``X`` of shape ``(n, inputs)`` maps to
``X @ kernel + bias``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from helpers.numpy_net import Network, mean_squared_error
from helpers.update_rules import NumpyOptimizer


def _as_matrix(value, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (inputs, units), got shape {array.shape}")
    return array


def _as_vector(value, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (units,), got shape {array.shape}")
    return array


# ---------------------------------------------------------------------------------------------
# Linear layers collapse; parameters add up
# ---------------------------------------------------------------------------------------------


def combine_linear_layers(kernel_1, bias_1, kernel_2, bias_2) -> tuple[np.ndarray, np.ndarray]:
    """The single linear layer equal to two stacked linear layers.

    ``(X W + b) W' + b' = X (W W') + (b W' + b')``, so ``W'' = W W'`` and ``b'' = b W' + b'``.

    Parameters
    ----------
    kernel_1 : array of shape (m, d)
    bias_1 : array of shape (d,)
    kernel_2 : array of shape (d, k)
    bias_2 : array of shape (k,)

    Returns
    -------
    kernel, bias : numpy.ndarray
        Of shapes ``(m, k)`` and ``(k,)``.
    """
    W, b = _as_matrix(kernel_1, "kernel_1"), _as_vector(bias_1, "bias_1")
    W2, b2 = _as_matrix(kernel_2, "kernel_2"), _as_vector(bias_2, "bias_2")
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"bias_1 must have one entry per unit of kernel_1 ({W.shape[1]}), got {b.shape[0]}")
    if W2.shape[0] != W.shape[1]:
        raise ValueError(f"kernel_2 must have one row per unit of the first layer ({W.shape[1]}), "
                         f"got shape {W2.shape}")
    if b2.shape[0] != W2.shape[1]:
        raise ValueError(f"bias_2 must have one entry per unit of kernel_2 ({W2.shape[1]}), got {b2.shape[0]}")
    return W @ W2, b @ W2 + b2


def count_dense_params(n_inputs: int, units) -> list[int]:
    """Parameters of each ``Dense`` layer in a stack: ``inputs * units`` weights plus ``units`` biases.

    Parameters
    ----------
    n_inputs : int
        Features per instance.
    units : sequence of int
        The units of each layer, in order.

    Returns
    -------
    list of int
        One count per layer; ``sum(...)`` is the model's total.
    """
    sizes = [n_inputs, *units]
    if any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes) or len(sizes) < 2:
        raise ValueError(f"n_inputs and units must be positive integers (at least one layer), "
                         f"got n_inputs={n_inputs!r}, units={units!r}")
    return [int(a * b + b) for a, b in zip(sizes[:-1], sizes[1:])]


# ---------------------------------------------------------------------------------------------
# Regression losses and their derivatives with respect to the predictions
# ---------------------------------------------------------------------------------------------


def _pair(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape or y_true.ndim != 1 or len(y_true) == 0:
        raise ValueError(f"y_true and y_pred must be 1-D arrays of the same non-zero length, "
                         f"got shapes {y_true.shape} and {y_pred.shape}")
    return y_true, y_pred


def mse(y_true, y_pred) -> float:
    """Mean squared error ``(1/n) sum (y_hat - y)^2``."""
    return float(mean_squared_error(*_pair(y_true, y_pred)))


def mse_gradient(y_true, y_pred) -> np.ndarray:
    """``d MSE / d y_hat_i = (2/n) (y_hat_i - y_i)``: proportional to the error."""
    y_true, y_pred = _pair(y_true, y_pred)
    return 2.0 * (y_pred - y_true) / len(y_true)


def mae(y_true, y_pred) -> float:
    """Mean absolute error ``(1/n) sum |y_hat - y|``."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def mae_gradient(y_true, y_pred) -> np.ndarray:
    """``d MAE / d y_hat_i = sign(y_hat_i - y_i) / n``: the same size whatever the error (0 where it is 0)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.sign(y_pred - y_true) / len(y_true)


# ---------------------------------------------------------------------------------------------
# The loss surface of a 2-parameter linear model y_hat = w x + b
# ---------------------------------------------------------------------------------------------


def _xy_1d(x, y):
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if len(x) != len(y) or len(x) < 2:
        raise ValueError(f"x and y must hold the same number (>= 2) of values, got {len(x)} and {len(y)}")
    return x, y


def linear_loss_surface(x, y, w_values, b_values) -> np.ndarray:
    """MSE of ``y_hat = w x + b`` for every pair on a grid of slopes and intercepts.

    Parameters
    ----------
    x, y : array of shape (n,) or (n, 1)
        One feature and the target.
    w_values, b_values : 1-D arrays
        The slopes and intercepts to evaluate.

    Returns
    -------
    numpy.ndarray of shape (len(b_values), len(w_values))
        ``loss[i, j]`` is the MSE at ``w = w_values[j]``, ``b = b_values[i]`` (ready for ``contour``).
    """
    x, y = _xy_1d(x, y)
    w = _as_vector(w_values, "w_values")
    b = _as_vector(b_values, "b_values")
    # MSE is a quadratic in (w, b): expand it with the data's moments instead of looping over the grid.
    xx, xy, yy, mx, my = np.mean(x * x), np.mean(x * y), np.mean(y * y), np.mean(x), np.mean(y)
    W, B = np.meshgrid(w, b)
    return W ** 2 * xx + B ** 2 + yy + 2 * W * B * mx - 2 * W * xy - 2 * B * my


def least_squares_line(x, y) -> tuple[float, float]:
    """The ``(w, b)`` that minimise the MSE of ``w x + b``: the bottom of the loss surface."""
    x, y = _xy_1d(x, y)
    w = np.cov(x, y, bias=True)[0, 1] / np.var(x)
    return float(w), float(np.mean(y) - w * np.mean(x))


def gradient_descent_path(x, y, w0: float, b0: float, learning_rate: float, steps: int) -> np.ndarray:
    """Full-batch gradient descent on the MSE of ``w x + b``; returns the ``(steps + 1, 2)`` path of ``(w, b)``."""
    x, y = _xy_1d(x, y)
    if not learning_rate > 0 or isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"learning_rate must be > 0 and steps an integer >= 0, got {learning_rate!r}, {steps!r}")
    path = np.empty((steps + 1, 2))
    w, b = float(w0), float(b0)
    path[0] = w, b
    for t in range(1, steps + 1):
        error = w * x + b - y
        w, b = w - learning_rate * 2 * np.mean(error * x), b - learning_rate * 2 * np.mean(error)
        path[t] = w, b
    return path


# ---------------------------------------------------------------------------------------------
# Capacity: one hidden ReLU layer of several widths, trained in numpy with full-batch Adam
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityFits:
    """Fitted curves and errors of one-hidden-layer networks of several widths, at several epochs.

    Attributes
    ----------
    hidden_units : tuple of int
    checkpoints : tuple of int  -- the epochs at which the fit was recorded
    x_curve : (c,) array  -- where the curves are evaluated
    curves : (len(hidden_units), len(checkpoints), c) array  -- the fitted ``y_hat`` on ``x_curve``
    train_mse, val_mse : (len(hidden_units), epochs) arrays  -- the error after every epoch
    """

    hidden_units: tuple
    checkpoints: tuple
    x_curve: np.ndarray
    curves: np.ndarray
    train_mse: np.ndarray
    val_mse: np.ndarray

    def index(self, units: int, epoch: int) -> tuple[int, int]:
        """Positions of ``units`` in :attr:`hidden_units` and ``epoch`` in :attr:`checkpoints`."""
        if units not in self.hidden_units or epoch not in self.checkpoints:
            raise ValueError(f"units must be one of {self.hidden_units} and epoch one of {self.checkpoints}, "
                             f"got {units!r} and {epoch!r}")
        return self.hidden_units.index(units), self.checkpoints.index(epoch)


def train_mlp_fits(x_train, y_train, x_val, y_val, hidden_units, checkpoints, x_curve,
                   learning_rate: float = 0.03, seed: int = 0) -> CapacityFits:
    """Train ``x -> Dense(h, relu) -> Dense(1)`` in numpy for each width ``h``, recording fits along the way.

    Each network starts like a Keras one (Glorot-uniform weights, zero biases, except the output bias,
    which starts at the mean target so no epochs are spent learning the offset) and takes one
    full-batch Adam step on the MSE per epoch. The networks are independent; they are trained side by
    side, as one :class:`helpers.numpy_net.Network`, only for speed.

    Parameters
    ----------
    x_train, y_train, x_val, y_val : 1-D arrays
        One (standardised) feature and the target.
    hidden_units : sequence of int
        The widths to train; width ``hidden_units[i]`` draws its initial weights from seed ``seed + i``.
    checkpoints : sequence of int
        Increasing epochs at which to record the fitted curve; the last one is the training length.
    x_curve : 1-D array
        Where to evaluate the fitted curves.
    learning_rate : float
    seed : int

    Returns
    -------
    CapacityFits
    """
    (x_train, y_train), (x_val, y_val) = _xy_1d(x_train, y_train), _xy_1d(x_val, y_val)
    X_train, X_val, X_curve = (np.reshape(x, (-1, 1)) for x in (x_train, x_val, x_curve))
    units_list, checkpoints = tuple(int(h) for h in hidden_units), tuple(int(c) for c in checkpoints)
    if not units_list or min(units_list) < 1:
        raise ValueError(f"hidden_units must be positive integers, got {hidden_units!r}")
    if not checkpoints or checkpoints[0] < 1 or any(a >= b for a, b in zip(checkpoints, checkpoints[1:])):
        raise ValueError(f"checkpoints must be increasing epochs >= 1, got {checkpoints!r}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
    network = _side_by_side(units_list, np.mean(y_train), seed)
    adam = NumpyOptimizer("Adam", learning_rate)
    curves = np.empty((len(units_list), len(checkpoints), len(X_curve)))
    train_mse, val_mse = np.empty((2, checkpoints[-1], len(units_list)))
    with threadpool_limits(limits=1):  # small matrices: one BLAS thread beats several fighting over the cores
        for epoch in range(checkpoints[-1]):
            network.train_step(adam, X_train, y_train)
            train_mse[epoch], val_mse[epoch] = network.loss(X_train, y_train), network.loss(X_val, y_val)
            if epoch + 1 in checkpoints:
                curves[:, checkpoints.index(epoch + 1)] = network.forward(X_curve).T
    return CapacityFits(units_list, checkpoints, X_curve[:, 0], curves, train_mse.T.copy(), val_mse.T.copy())


def _side_by_side(units_list, mean_target: float, seed: int) -> Network:
    """The networks ``x -> Dense(h, relu) -> Dense(1)`` for each ``h`` as one network, for speed: their hidden
    units side by side, one linear output each that reads only its own units (the other connections are
    frozen at 0). Width ``units_list[i]`` draws its Glorot-uniform weights from seed ``seed + i``."""
    owner = np.repeat(np.arange(len(units_list)), units_list)  # which network each hidden unit belongs to
    network = Network((1, len(owner), len(units_list)), "relu", "linear", rng=np.random.default_rng(seed),
                      dtype=np.float32)  # as Keras computes: half the memory traffic of float64
    (W1, _), (W2, b2) = network.layers
    W2[...], b2[...] = 0.0, mean_target
    for i, units in enumerate(units_list):
        rng, limit = np.random.default_rng(seed + i), np.sqrt(6 / (1 + units))  # Glorot for (1, h) and (h, 1)
        W1[0, owner == i] = rng.uniform(-limit, limit, units)
        W2[owner == i, i] = rng.uniform(-limit, limit, units)
    network.frozen = np.zeros(network.theta.shape, dtype=bool)
    network.layer_views(network.frozen)[1][0][...] = owner[:, None] != np.arange(len(units_list))
    return network


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------


def plot_fit(x_train, y_train, x_curve, y_curve, ax=None, x_val=None, y_val=None, label: str = "model",
             xlabel: str = "weight (1000 lbs)", ylabel: str = "MPG", color: str = "k"):
    """Training (and validation) points with a fitted curve on top.

    Returns
    -------
    dict
        ``"train"``, ``"val"`` (or ``None``) scatter collections and the ``"curve"`` line.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 4.5))
    drawn = {"train": ax.scatter(np.ravel(x_train), np.ravel(y_train), s=14, alpha=0.45, color="C0",
                                 label="training cars")}
    drawn["val"] = None
    if x_val is not None and y_val is not None:
        drawn["val"] = ax.scatter(np.ravel(x_val), np.ravel(y_val), s=16, alpha=0.6, color="C1", marker="s",
                                  label="validation cars")
    (drawn["curve"],) = ax.plot(np.ravel(x_curve), np.ravel(y_curve), color=color, lw=3, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper right", fontsize=11)
    return drawn


__all__ = ["combine_linear_layers", "count_dense_params", "mse", "mse_gradient", "mae", "mae_gradient",
           "linear_loss_surface", "least_squares_line", "gradient_descent_path", "CapacityFits", "train_mlp_fits",
           "plot_fit"]
