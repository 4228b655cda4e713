"""A single artificial neuron and a layer of them, written out in numpy.

The neuron of the lecture computes a weighted sum and passes it through an activation::

    z = w0 + sum_j x_j w_j        (here: z = X @ w + b, with the bias b = w0)
    y_hat = g(z)

Two ways to learn ``w`` and ``b`` live here:

- Rosenblatt's rule (1958) for the step neuron: for each point, ``w <- w + eta (y - y_hat) x``.
- Gradient descent on the log loss for the sigmoid neuron, with the gradient from the chain rule
  ``dJ/dw = dJ/dy_hat * dy_hat/dz * dz/dw = (y_hat - y) x`` (averaged over the points).

The notebook writes each of these out for the student; the widget and the tests use these
versions. Labels are 0/1 throughout. Every function validates its inputs and raises a
``ValueError`` that names the problem.
"""

from __future__ import annotations

import numpy as np

from helpers.activations import sigmoid, step
from helpers.numpy_net import cross_entropy

#: Activations a single neuron can use here, by name.
NEURON_ACTIVATIONS = {"sigmoid": sigmoid, "step": step}


# ---------------------------------------------------------------------------------------------
# Validation at the boundary
# ---------------------------------------------------------------------------------------------


def _as_inputs(X, w) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"w must be a 1-D array with one weight per input feature, got shape {w.shape}")
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] != w.shape[0]:
        raise ValueError(f"X must have shape (n, {w.shape[0]}) to match the {w.shape[0]} weights in w, "
                         f"got shape {X.shape}")
    return X, w


def _as_bias(b) -> float:
    value = np.asarray(b, dtype=np.float64)
    if value.size != 1 or not np.isfinite(value).all():
        raise ValueError(f"b must be a single finite number (the bias w0), got {b!r}")
    return float(value.reshape(()))


def _as_labels(y, n: int) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.shape[0] != n:
        raise ValueError(f"y must have one label per point: {n} points, {y.shape[0]} labels")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y must hold the labels 0 and 1 only, got the values {np.unique(y)[:5]}")
    return y


def _as_learning_rate(learning_rate) -> float:
    if isinstance(learning_rate, bool) or not np.isscalar(learning_rate) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    return float(learning_rate)


# ---------------------------------------------------------------------------------------------
# Forward pass
# ---------------------------------------------------------------------------------------------


def init_weights(n_inputs: int, sigma: float = 0.5, seed: int = 0) -> tuple[np.ndarray, float]:
    """Random initial weights ``w ~ N(0, sigma^2)`` and bias ``b ~ N(0, sigma^2)``.

    Returns
    -------
    w : numpy.ndarray of shape (n_inputs,)
    b : float
    """
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)) or n_inputs < 1:
        raise ValueError(f"n_inputs must be a positive integer, got {n_inputs!r}")
    if not np.isscalar(sigma) or not sigma > 0:
        raise ValueError(f"sigma must be a positive number, got {sigma!r}")
    values = np.random.default_rng(seed).normal(0.0, sigma, size=n_inputs + 1)
    return values[:-1], float(values[-1])


def weighted_sum(X, w, b) -> np.ndarray:
    """``z = b + sum_j x_j w_j`` for every row of ``X``; shape ``(n,)``."""
    X, w = _as_inputs(X, w)
    return X @ w + _as_bias(b)


def forward(X, w, b, activation: str = "sigmoid") -> np.ndarray:
    """The neuron's output ``g(z)`` for every row of ``X``; ``activation`` is ``"sigmoid"`` or ``"step"``."""
    if activation not in NEURON_ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(NEURON_ACTIVATIONS)}, got {activation!r}")
    return NEURON_ACTIVATIONS[activation](weighted_sum(X, w, b))


def error_count(X, y, w, b) -> int:
    """How many points the step neuron puts on the wrong side of its line."""
    X, w = _as_inputs(X, w)
    y = _as_labels(y, len(X))
    return int(np.sum(step(weighted_sum(X, w, b)) != y))


# ---------------------------------------------------------------------------------------------
# Log loss and its gradient (the sigmoid neuron)
# ---------------------------------------------------------------------------------------------


def log_loss(y, y_hat) -> float:
    """Mean binary cross-entropy ``-(1/n) sum [y log y_hat + (1 - y) log(1 - y_hat)]``.

    It is :func:`helpers.numpy_net.cross_entropy`: ``y_hat`` is clipped to ``[1e-7, 1 - 1e-7]`` first, as Keras does.
    """
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(-1)
    return float(cross_entropy(_as_labels(y, len(y_hat)), y_hat))


def chain_rule_factors(X, y, w, b) -> dict:
    """The three factors of ``dJ/dw_j = dJ/dy_hat * dy_hat/dz * dz/dw_j`` for the sigmoid neuron, per point.

    Returns
    -------
    dict
        ``"dJ_dyhat"`` ``(n,)``: ``(1/n) (y_hat - y) / (y_hat (1 - y_hat))``, the loss's slope in the output;
        ``"dyhat_dz"`` ``(n,)``: ``y_hat (1 - y_hat)``, the sigmoid's slope;
        ``"dz_dw"`` ``(n, m)``: ``x_j`` (and ``dz/db = 1``).
    """
    X, w = _as_inputs(X, w)
    y = _as_labels(y, len(X))
    y_hat = sigmoid(weighted_sum(X, w, b))
    return {"dJ_dyhat": (y_hat - y) / (y_hat * (1.0 - y_hat)) / len(X),
            "dyhat_dz": y_hat * (1.0 - y_hat),
            "dz_dw": X}


def log_loss_gradient(X, y, w, b) -> tuple[np.ndarray, float]:
    """``(dJ/dw, dJ/db)`` of the mean log loss of the sigmoid neuron.

    The chain-rule factors multiply out to ``dJ/dz = (y_hat - y) / n``, so
    ``dJ/dw = X^T (y_hat - y) / n`` and ``dJ/db = mean(y_hat - y)``. This simplified form is
    also stable where ``y_hat`` is 0 or 1 (the factors of :func:`chain_rule_factors` are not).
    """
    X, w = _as_inputs(X, w)
    y = _as_labels(y, len(X))
    dJ_dz = (sigmoid(weighted_sum(X, w, b)) - y) / len(X)
    return X.T @ dJ_dz, float(np.sum(dJ_dz))


def gradient_step(X, y, w, b, learning_rate: float = 0.5) -> tuple[np.ndarray, float]:
    """One gradient-descent step ``W <- W - eta dJ/dW`` on the mean log loss (all points at once)."""
    eta = _as_learning_rate(learning_rate)
    grad_w, grad_b = log_loss_gradient(X, y, w, b)
    return np.asarray(w, dtype=np.float64) - eta * grad_w, _as_bias(b) - eta * grad_b


# ---------------------------------------------------------------------------------------------
# Rosenblatt's learning rule (the step neuron)
# ---------------------------------------------------------------------------------------------


def rosenblatt_update(x, y, w, b, learning_rate: float = 1.0) -> tuple[np.ndarray, float]:
    """Rosenblatt's rule for one point: ``w <- w + eta (y - y_hat) x``, ``b <- b + eta (y - y_hat)``.

    ``y_hat = step(z)``; a correctly classified point leaves ``w`` and ``b`` unchanged.
    """
    eta = _as_learning_rate(learning_rate)
    X, w = _as_inputs(x, w)
    if X.shape[0] != 1:
        raise ValueError(f"x must be a single point of shape ({w.shape[0]},), got {np.shape(x)}")
    target = _as_labels(y, 1)[0]
    b = _as_bias(b)
    error = target - float(step(X[0] @ w + b))
    return w + eta * error * X[0], b + eta * error


def next_mistake(X, y, w, b, start: int = 0) -> int | None:
    """The index of the first misclassified point at or after ``start`` (wrapping around), or ``None``."""
    X, w = _as_inputs(X, w)
    y = _as_labels(y, len(X))
    wrong = np.flatnonzero(step(weighted_sum(X, w, b)) != y)
    if wrong.size == 0:
        return None
    later = wrong[wrong >= start % len(X)]
    return int(later[0] if later.size else wrong[0])


def train_rosenblatt(X, y, w, b, learning_rate: float = 1.0, max_epochs: int = 100):
    """Apply :func:`rosenblatt_update` to every point in order, epoch after epoch, until no mistakes remain.

    Returns
    -------
    w : numpy.ndarray
    b : float
    errors : list of int
        Misclassified points at the end of each epoch; it ends in 0 when the rule converged
        (always, on linearly separable data).
    """
    X, w = _as_inputs(X, w)
    y = _as_labels(y, len(X))
    b = _as_bias(b)
    if isinstance(max_epochs, bool) or not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
        raise ValueError(f"max_epochs must be a positive integer, got {max_epochs!r}")
    errors = []
    for _ in range(max_epochs):
        for x_i, y_i in zip(X, y):
            w, b = rosenblatt_update(x_i, y_i, w, b, learning_rate)
        errors.append(error_count(X, y, w, b))
        if errors[-1] == 0:
            break
    return w, b, errors


# ---------------------------------------------------------------------------------------------
# Layers: several outputs, one hidden layer
# ---------------------------------------------------------------------------------------------


def dense_forward(X, W, b, g=sigmoid) -> np.ndarray:
    """A layer of neurons: ``g(z_i)`` with ``z_i = b_i + sum_j x_j W[j, i]``; shape ``(n, units)``.

    ``W`` has shape ``(inputs, units)`` and ``b`` shape ``(units,)``, the layout of a Keras
    ``Dense`` layer's ``get_weights()``.
    """
    X = np.asarray(X, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if W.ndim != 2 or b.shape != (W.shape[1],):
        raise ValueError(f"W must have shape (inputs, units) and b shape (units,), got {W.shape} and {b.shape}")
    if X.ndim != 2 or X.shape[1] != W.shape[0]:
        raise ValueError(f"X must have shape (n, {W.shape[0]}) to match W's {W.shape[0]} rows, got {X.shape}")
    return g(X @ W + b)


def one_hidden_layer_forward(X, W1, b1, W2, b2, g_hidden=sigmoid, g_output=sigmoid) -> np.ndarray:
    """``y_hat_i = g_output(b2_i + sum_j g_hidden(z_j) W2[j, i])`` with ``z = X W1 + b1``."""
    return dense_forward(dense_forward(X, W1, b1, g_hidden), W2, b2, g_output)


def one_hidden_layer_backward(X, y, W1, b1, W2, b2) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The gradients of the mean log loss of a tanh hidden layer and a sigmoid output, by backpropagation.

    The network is ``Z1 = X W1 + b1``, ``A1 = tanh(Z1)``, ``Z2 = A1 W2 + b2``, ``y_hat = sigmoid(Z2)``, and the
    loss ``J = -mean(y log y_hat + (1 - y) log(1 - y_hat))``. Going backwards::

        dZ2 = (y_hat - y) / n          dW2 = A1^T dZ2     db2 = sum of dZ2 over the points
        dA1 = dZ2 W2^T                 dZ1 = dA1 * (1 - A1**2)   (tanh' = 1 - tanh^2)
        dW1 = X^T dZ1                  db1 = sum of dZ1 over the points

    Parameters
    ----------
    X : array of shape (n, m)
    y : array of shape (n, 1)
        Labels 0 or 1, one column.
    W1, b1 : arrays of shapes (m, d1) and (d1,)
    W2, b2 : arrays of shapes (d1, 1) and (1,)

    Returns
    -------
    dW1, db1, dW2, db2 : arrays of the shapes of W1, b1, W2, b2
    """
    X, y, W1, b1, W2, b2 = (np.asarray(a, dtype=np.float64) for a in (X, y, W1, b1, W2, b2))
    if X.ndim != 2 or W1.shape[:1] != X.shape[1:] or b1.shape != W1.shape[1:] or W2.shape != (W1.shape[1], 1) \
            or b2.shape != (1,) or y.shape != (len(X), 1):
        raise ValueError(f"need X (n, m), y (n, 1), W1 (m, d1), b1 (d1,), W2 (d1, 1), b2 (1,); got X {X.shape}, "
                         f"y {y.shape}, W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}")
    A1 = np.tanh(X @ W1 + b1)
    y_hat = sigmoid(A1 @ W2 + b2)
    dZ2 = (y_hat - y) / len(X)
    dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
    dZ1 = (dZ2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ dZ1, dZ1.sum(axis=0), dW2, db2


__all__ = ["NEURON_ACTIVATIONS", "init_weights", "weighted_sum", "forward", "error_count", "log_loss",
           "chain_rule_factors", "log_loss_gradient", "gradient_step", "rosenblatt_update", "next_mistake",
           "train_rosenblatt", "dense_forward", "one_hidden_layer_forward", "one_hidden_layer_backward"]
