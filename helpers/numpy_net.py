"""One numpy network engine: dense layers, activations, the losses, L1/L2, dropout and Keras's update rules.

The playground (notebook 04), the capacity explorer (03) and the regularization explorer (07) all
train this :class:`Network`. Why numpy and not Keras? Those widgets train live, or precompute
dozens of runs: the networks are tiny, and a numpy forward and backward pass takes well under a
millisecond, while one Keras step costs about a millisecond of overhead on its own.

The maths is Keras's: Glorot-uniform kernels and zero biases (``Dense``'s defaults),
``kernel_regularizer=L1L2(l1, l2)``, inverted dropout (``keras.layers.Dropout``), the
cross-entropy with Keras's clip, and the update rules of ``keras.optimizers``
(:class:`~helpers.update_rules.NumpyOptimizer`, tested against Keras step for step). Hidden
activations come from :mod:`helpers.activations`, the softmax from :mod:`helpers.softmax`.

All weights and biases live in one array, :attr:`Network.theta`; each layer's ``W`` and ``b`` are
views into it, so the optimizer updates the whole network in one step. ``runs=R`` trains ``R``
networks side by side from the same initial weights: ``theta`` gets a leading axis of ``R``, so do
every ``W`` (``(R, fan_in, fan_out)``) and every output, and the penalty and dropout rates may be
arrays of ``R`` values, one per run.
"""

from __future__ import annotations

import copy

import numpy as np

from helpers.activations import ACTIVATIONS, linear, linear_prime, sigmoid
from helpers.update_rules import NumpyOptimizer
from helpers.softmax import logsumexp, softmax_unchecked

#: Hidden-layer activations: name -> (g, g'), from :mod:`helpers.activations`; "linear" is the identity.
HIDDEN_ACTIVATIONS = {name: (ACTIVATIONS[name].g, ACTIVATIONS[name].g_prime) for name in ("tanh", "relu", "sigmoid")}
HIDDEN_ACTIVATIONS["linear"] = (linear, linear_prime)

#: Output layers: a sigmoid (binary) or softmax (k classes) output is trained on the cross-entropy, a linear
#: one (regression) on the mean squared error.
OUTPUTS = ("sigmoid", "softmax", "linear")

#: Probabilities are clipped to ``[EPSILON, 1 - EPSILON]`` in the cross-entropy, as Keras does: a confident
#: mistake costs at most ``-log(1e-7) = 16.1``, never ``log 0``.
EPSILON = 1e-7


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------


def cross_entropy(y, scores, from_logits: bool = False):
    """The mean cross-entropy (log loss) of the labels ``y`` under the predicted ``scores``.

    Parameters
    ----------
    y : array-like
        Binary: 0/1 targets. Categorical: integer class indices ``0 .. k-1``.
    scores : array-like
        Binary: ``y``'s shape, the probability of class 1 for each example (loss
        ``-[y log p + (1 - y) log(1 - p)]``). Categorical: ``y``'s shape plus a last axis of ``k``
        class probabilities (loss ``-log p_y``). Probabilities are clipped to ``[EPSILON, 1 - EPSILON]``
        first, as Keras does. With ``from_logits=True`` they are logits ``z`` instead, and the loss is
        computed from them exactly, with no clip: ``log(1 + e^z) - y z``, or ``logsumexp(z) - z_y``.

    Returns
    -------
    float or numpy.ndarray
        The mean over the examples (``y``'s last axis): a number for one set of examples, one number
        per run for stacked runs. NaN scores (a diverged network) give NaN.
    """
    y, scores, binary = _targets(y, scores, from_logits)
    if binary:
        if from_logits:
            losses = np.logaddexp(0.0, scores) - y * scores
        else:
            p = np.clip(scores, EPSILON, 1.0 - EPSILON)
            losses = -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    else:
        picked = np.take_along_axis(scores, y[..., None], axis=-1)[..., 0]
        losses = logsumexp(scores) - picked if from_logits else -np.log(np.clip(picked, EPSILON, 1.0 - EPSILON))
    return losses.mean(axis=-1) if losses.ndim else losses[()]


def _targets(y, scores, from_logits: bool):
    """``(y, scores, binary)`` checked: binary when the shapes agree, categorical with one more (class) axis."""
    y, scores = np.asarray(y), np.asarray(scores, dtype=np.float64)
    if not from_logits and (np.any(scores < 0) or np.any(scores > 1)):
        raise ValueError("probabilities must lie between 0 and 1 (for logits pass from_logits=True)")
    if scores.shape == y.shape and y.size:
        if not np.all((y == 0) | (y == 1)):
            raise ValueError("binary cross-entropy needs 0/1 targets y")
        return y.astype(np.float64), scores, True
    if scores.ndim == y.ndim + 1 and scores.shape[:-1] == y.shape and y.size:
        k = scores.shape[-1]
        if not (np.issubdtype(y.dtype, np.integer) or np.all(y == np.round(y))):
            raise ValueError(f"y must hold integer class indices 0..{k - 1}, got dtype {y.dtype}")
        if np.any(y < 0) or np.any(y >= k):
            raise ValueError(f"y must hold class indices from 0 to {k - 1}, got values from {y.min()} to {y.max()}")
        return y.astype(np.int64), scores, False
    raise ValueError(f"scores must have y's shape {y.shape} (binary: the probability of class 1) or that shape plus "
                     f"a last axis of class scores (categorical), got {scores.shape}")


def mean_squared_error(y, y_hat):
    """``mean((y_hat - y)^2)`` over the examples (the last axis): a number, or one per run for stacked runs."""
    return np.mean((np.asarray(y_hat) - np.asarray(y)) ** 2, axis=-1)


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------


class Network:
    """A fully connected network in numpy: hidden layers with one activation, then a sigmoid, softmax or linear output.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first: ``(2, 8, 8, 1)`` has two hidden layers of 8. A sigmoid output
        has one unit (binary), a softmax output one per class.
    activation : str
        A key of :data:`HIDDEN_ACTIVATIONS`, used by every hidden layer.
    output : str
        One of :data:`OUTPUTS`: ``"sigmoid"`` and ``"softmax"`` train on the :func:`cross_entropy`,
        ``"linear"`` on the :func:`mean_squared_error` (with several linear units, each one fits the target).
    rng : numpy.random.Generator
        Draws the Glorot-uniform kernels, first layer first; the biases start at 0.
    l1, l2 : float or array of R floats
        Add ``l1 * sum|W| + l2 * sum W**2`` over the kernels (not the biases) to the loss.
    penalize_output : bool
        Whether the output kernel is penalized too (Keras: whether the output ``Dense`` has the regularizer).
    dropout : float or array of R floats
        Inverted-dropout rate after every hidden layer, used when :meth:`gradient` gets an ``rng``.
    runs : int, optional
        Train ``runs`` networks side by side, all starting from the same weights.
    dtype : numpy dtype
        float64, or float32 as Keras computes (half the memory traffic; the optimizer's arithmetic stays float64).

    Attributes
    ----------
    theta : numpy.ndarray
        Every weight and bias, layer by layer: shape ``(P,)``, or ``(R, P)`` for stacked runs.
    layers : list of (W, b)
        Views into :attr:`theta`; ``W`` has shape ``(fan_in, fan_out)``, as a Keras ``Dense`` kernel.
    """

    def __init__(self, sizes, activation: str = "relu", output: str = "sigmoid", *, rng, l1=0.0, l2=0.0,
                 penalize_output: bool = True, dropout=0.0, runs: int | None = None, dtype=np.float64):
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive layer widths, got {sizes!r}")
        if activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"activation must be one of {tuple(HIDDEN_ACTIVATIONS)}, got {activation!r}")
        if output not in OUTPUTS or (output == "sigmoid" and sizes[-1] != 1) or (output == "softmax" and sizes[-1] < 2):
            raise ValueError(f"output must be one of {OUTPUTS} (a sigmoid has 1 unit, a softmax 2 or more), "
                             f"got {output!r} with {sizes[-1]} units")
        rates = [np.asarray(r, dtype=np.float64) for r in (l1, l2, dropout)]
        if any(np.any(r < 0) for r in rates) or np.any(rates[2] >= 1):
            raise ValueError(f"l1 and l2 must be >= 0 and dropout in [0, 1), got {l1!r}, {l2!r}, {dropout!r}")
        self.sizes, self.activation, self.output, self.penalize_output = sizes, activation, output, penalize_output
        self.runs = runs
        # per-run rates broadcast against (R, fan_in, fan_out) kernels and (R, n, units) activations
        self.l1, self.l2, self.dropout = (r.astype(dtype)[..., None, None] if r.ndim else r.astype(dtype)[()]
                                          for r in rates)
        self._has_l1, self._has_l2 = bool(np.any(rates[0])), bool(np.any(rates[1]))
        theta = np.concatenate([np.concatenate([_glorot(rng, a, b).ravel(), np.zeros(b)])
                                for a, b in zip(sizes[:-1], sizes[1:])]).astype(dtype)
        self.theta = theta if runs is None else np.repeat(theta[None], runs, axis=0)
        self.layers = self.layer_views(self.theta)
        #: Optional boolean array shaped like :attr:`theta`: the parameters training leaves as they are.
        self.frozen: np.ndarray | None = None

    def layer_views(self, vector: np.ndarray) -> list:
        """``[(W1, b1), (W2, b2), ...]`` as views into ``vector``, an array shaped like :attr:`theta`.

        For :attr:`theta` itself these are :attr:`layers`; for a gradient, the gradient of each array.
        """
        lead, layers, start = vector.shape[:-1], [], 0
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:]):
            W = vector[..., start:start + fan_in * fan_out].reshape(*lead, fan_in, fan_out)
            start += fan_in * fan_out
            b = vector[..., start:start + fan_out].reshape((*lead, 1, fan_out) if lead else (fan_out,))
            start += fan_out
            layers.append((W, b))
        return layers

    @property
    def parameters(self) -> list:
        """``[W1, b1, W2, b2, ...]``: views into :attr:`theta`."""
        return [p for pair in self.layers for p in pair]

    def run(self, r: int) -> "Network":
        """Run ``r`` of stacked runs, as a network of its own (a copy)."""
        single = copy.copy(self)
        single.runs, single.theta = None, self.theta[r].copy()
        single.frozen = None if self.frozen is None else self.frozen[r].copy()
        single.l1, single.l2, single.dropout = (v if np.ndim(v) == 0 else v[r, 0, 0]
                                                for v in (self.l1, self.l2, self.dropout))
        single.layers = single.layer_views(single.theta)
        return single

    # -- forward -------------------------------------------------------------------------------
    def _forward(self, F, rng=None):
        """The weighted sums ``z`` and outputs ``a`` of every layer (``a[0]`` is ``F``) and the dropout masks."""
        g = HIDDEN_ACTIVATIONS[self.activation][0]
        drop = rng is not None and np.any(self.dropout)
        keep = 1 - self.dropout
        zs, outs, masks = [], [np.asarray(F, dtype=self.theta.dtype)], []
        for W, b in self.layers[:-1]:
            zs.append(_affine(outs[-1], W, b))
            a = g(zs[-1])
            masks.append((rng.random(a.shape, dtype=np.float32) < keep) / keep if drop else None)
            outs.append(a if masks[-1] is None else a * masks[-1])
        W, b = self.layers[-1]
        zs.append(_affine(outs[-1], W, b))
        outs.append(_OUTPUT_ACTIVATION[self.output](zs[-1]))
        return zs, outs, masks

    def forward(self, F, keep: bool = False):
        """Outputs for the feature rows ``F`` (inference: no dropout): ``(n,)`` for one output unit, else ``(n, k)``.

        With ``keep=True`` also returns the list of ``(z, a)`` per layer (e.g. for pictures of the neurons).
        """
        zs, outs, _ = self._forward(F)
        out = outs[-1][..., 0] if self.sizes[-1] == 1 else outs[-1]
        return (out, list(zip(zs, outs[1:]))) if keep else out

    # -- loss ----------------------------------------------------------------------------------
    def penalty(self):
        """``l1 * sum|W| + l2 * sum W**2`` over the penalized kernels (per run for stacked runs)."""
        if not (self._has_l1 or self._has_l2):
            return 0.0
        kernels = [W for W, _ in (self.layers if self.penalize_output else self.layers[:-1])]
        return sum((self.l1 * np.abs(W) + self.l2 * W ** 2).sum(axis=(-2, -1)) for W in kernels)

    def loss(self, F, y, with_penalty: bool = True):
        """The mean loss on ``(F, y)`` (cross-entropy, or MSE for a linear output), plus :meth:`penalty`."""
        out = self.forward(F)
        if self.output == "linear":  # each output unit fits y: one MSE per unit
            value = mean_squared_error(y, out if self.sizes[-1] == 1 else np.swapaxes(out, -1, -2))
        else:
            value = cross_entropy(np.broadcast_to(y, out.shape[:-1] if self.output == "softmax" else out.shape), out)
        return value + self.penalty() if with_penalty else value

    # -- backward ------------------------------------------------------------------------------
    def gradient(self, F, y, rng=None) -> np.ndarray:
        """The gradient of :meth:`loss` with respect to :attr:`theta`, by backpropagation.

        ``rng`` switches dropout on (training). At the output the gradient of the loss with respect
        to ``z`` is simply ``(p - y) / n`` (sigmoid or softmax with the cross-entropy) or
        ``2 (y_hat - y) / n`` (linear with the MSE); the chain rule carries it back layer by layer.
        """
        zs, outs, masks = self._forward(F, rng)
        delta = self._output_delta(outs[-1], np.asarray(y))
        g_prime = HIDDEN_ACTIVATIONS[self.activation][1]
        penalized = len(self.layers) if self.penalize_output else len(self.layers) - 1
        grads = []
        for i in range(len(self.layers) - 1, -1, -1):
            W = self.layers[i][0]
            dW = _matmul(np.swapaxes(outs[i], -1, -2), delta)
            if i < penalized and self._has_l1:
                dW += self.l1 * np.sign(W)
            if i < penalized and self._has_l2:
                dW += 2 * self.l2 * W
            grads[:0] = [dW, delta.sum(axis=-2)]
            if i:
                delta = _matmul(delta, np.swapaxes(W, -1, -2))
                if masks[i - 1] is not None:
                    delta *= masks[i - 1]
                delta *= g_prime(zs[i - 1])
        return np.concatenate([g.reshape(*self.theta.shape[:-1], -1) for g in grads], axis=-1)

    def _output_delta(self, out, y) -> np.ndarray:
        n = y.shape[-1]
        if self.output == "softmax":
            delta = out.copy()
            delta[..., np.arange(n), y] -= 1
            return delta / n
        return (2 if self.output == "linear" else 1) * (out - y[..., None].astype(out.dtype)) / n

    # -- training ------------------------------------------------------------------------------
    def train_step(self, optimizer: NumpyOptimizer, F, y, rng=None) -> None:
        """One update of :attr:`theta` by ``optimizer`` from the gradient on ``(F, y)`` (dropout with ``rng``).

        :attr:`frozen` parameters get a zero gradient: the update rules of ``keras.optimizers`` leave them unchanged.
        """
        gradient = self.gradient(F, y, rng)
        if self.frozen is not None:
            gradient[self.frozen] = 0.0
        self.theta[...] = optimizer.step(self.theta, gradient)

    def train_epoch(self, optimizer: NumpyOptimizer, F, y, batch_size: int, order_rng, dropout_rng=None,
                    log_loss: bool = False):
        """One pass over ``(F, y)`` in mini-batches of ``batch_size``, in an order drawn from ``order_rng``.

        With ``log_loss=True`` it returns what Keras logs as the epoch's ``loss``: each batch's loss measured before
        that batch's update, averaged over the examples (one more forward pass per batch); otherwise ``None``."""
        order, total = order_rng.permutation(len(F)), 0.0
        for start in range(0, len(F), batch_size):
            rows = order[start:start + batch_size]
            if log_loss:
                total += self.loss(F[rows], y[rows]) * len(rows)
            self.train_step(optimizer, F[rows], y[rows], dropout_rng)
        return total / len(F) if log_loss else None


def _matmul(a, b) -> np.ndarray:
    """``a @ b``, with ``np.dot`` for plain matrices: where one of them is a single column and the other a single
    row (a network with one input or one output), numpy's ``@`` skips BLAS and is about four times slower."""
    return np.dot(a, b) if a.ndim == b.ndim == 2 else a @ b


def _affine(a, W, b) -> np.ndarray:
    """``z = a W + b``, adding ``b`` in place: a second temporary as large as ``z`` can cost more than the
    product itself (the allocator hands large blocks back to the system and faults them in again)."""
    z = _matmul(a, W)
    z += b
    return z


def _glorot(rng, fan_in: int, fan_out: int) -> np.ndarray:
    """Keras's default kernel: uniform on ``[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))``."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


_OUTPUT_ACTIVATION = {"sigmoid": sigmoid, "softmax": softmax_unchecked, "linear": linear}

__all__ = ["HIDDEN_ACTIVATIONS", "OUTPUTS", "EPSILON", "cross_entropy", "mean_squared_error", "Network"]
