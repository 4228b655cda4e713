"""The playground's engine: the data, network and optimizer of one :class:`PlaygroundState`, trained epoch by epoch."""

from __future__ import annotations

import numpy as np

from helpers.data import train_val_split
from helpers.numpy_net import Network
from helpers.update_rules import NumpyOptimizer
from helpers.playground.datasets import feature_matrix, load_dataset
from helpers.playground.state import OPTIMIZERS, PlaygroundState


class Playground:
    """Data, network and optimizer for one :class:`PlaygroundState`, trained epoch by epoch.

    Build it with :meth:`from_state`; :meth:`step` trains, :attr:`state` reads the state back
    (with the epochs trained so far), and :attr:`history` holds the train and test loss per epoch.
    The network (:attr:`model`) is a :class:`helpers.numpy_net.Network`: a sigmoid output for two
    classes, a softmax for more, the state's L1 or L2 penalty on every kernel, as
    ``kernel_regularizer`` on every Keras ``Dense`` layer.
    """

    def __init__(self, config: PlaygroundState):
        self.config = config.replace(epochs=0)
        X, y, self.n_classes = load_dataset(config.dataset, config.n_points, config.noise, config.seed)
        self.X_train, self.X_test, self.y_train, self.y_test = train_val_split(
            X, y, val_fraction=1 - config.train_fraction, seed=config.seed)
        self.F_train = feature_matrix(self.X_train, config.features)
        self.F_test = feature_matrix(self.X_test, config.features)
        binary = self.n_classes == 2
        rate = {name: config.reg_rate if config.regularization == name else 0.0 for name in ("L1", "L2")}
        self.model = Network((len(config.features), *config.hidden, 1 if binary else self.n_classes),
                             config.activation, "sigmoid" if binary else "softmax",
                             rng=np.random.default_rng([config.seed, 1]), l1=rate["L1"], l2=rate["L2"])
        self.optimizer = NumpyOptimizer(OPTIMIZERS[config.optimizer], config.learning_rate)
        self._batch_rng = np.random.default_rng([config.seed, 2])
        self.epochs = 0
        #: The epoch in which training diverged (see :meth:`step`), or None.
        self.diverged_at: int | None = None
        #: What became non-finite when it diverged, in words (e.g. "the loss became NaN"), or "".
        self.divergence = ""
        self.history = {"loss": [self.train_loss()], "test_loss": [self.test_loss()]}

    @classmethod
    def from_state(cls, state) -> "Playground":
        """Rebuild the playground and replay ``state.epochs`` epochs; ``state`` may also be a dict or string."""
        if isinstance(state, str):
            state = PlaygroundState.from_string(state)
        elif isinstance(state, dict):
            state = PlaygroundState.from_dict(state)
        elif not isinstance(state, PlaygroundState):
            raise ValueError(f"state must be a PlaygroundState, a dict or a string, got {type(state).__name__}")
        playground = cls(state)
        playground.step(state.epochs)
        return playground

    @property
    def state(self) -> PlaygroundState:
        return self.config.replace(epochs=self.epochs)

    def train_loss(self) -> float:
        """Cross-entropy on the training points (without the penalty)."""
        return self.model.loss(self.F_train, self.y_train, with_penalty=False)

    def test_loss(self) -> float:
        """Cross-entropy on the test points."""
        return self.model.loss(self.F_test, self.y_test, with_penalty=False)

    def step(self, epochs: int = 1) -> float:
        """Train ``epochs`` epochs of shuffled mini-batches; returns the training loss.

        A run whose loss or weights stop being finite numbers (an overflow, typically from too
        large a learning rate) has **diverged**. Then the network gets back its weights from the
        end of the epoch before, so it can still be drawn; :attr:`diverged_at` is the epoch that
        diverged, :attr:`divergence` says what became non-finite, :attr:`epochs` counts that epoch
        (so the state string replays to the same divergence) and later calls train no more.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
        theta = self.model.theta
        # A diverging run overflows (inf) and then mixes infinities (NaN): checked below, not warned about.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(epochs if self.diverged_at is None else 0):
                before = theta.copy()
                self.model.train_epoch(self.optimizer, self.F_train, self.y_train, self.config.batch_size,
                                       self._batch_rng)
                self.epochs += 1
                losses = self.train_loss(), self.test_loss()
                self.divergence = _non_finite(losses[0], theta)
                if self.divergence:
                    theta[...] = before
                    self.diverged_at = self.epochs
                    break
                self.history["loss"].append(losses[0])
                self.history["test_loss"].append(losses[1])
        return self.history["loss"][-1]

    def predict(self, X, keep: bool = False):
        """Class probabilities at 2-D points ``X`` (and the layer activations with ``keep=True``).

        Far from the data, huge (but finite) weights may overflow; those values come out as inf or NaN,
        without a warning.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self.model.forward(feature_matrix(X, self.config.features), keep=keep)


def _non_finite(loss: float, theta: np.ndarray) -> str:
    """What stopped being a finite number, in words ("the loss became NaN; all 17 weights and biases became
    NaN or infinite"), or "" when the loss and every parameter are finite."""
    problems = []
    if not np.isfinite(loss):
        problems.append(f"the loss became {'NaN' if np.isnan(loss) else 'infinite'}")
    bad = int((~np.isfinite(theta)).sum())
    if bad:
        count = f"all {theta.size}" if bad == theta.size else f"{bad} of {theta.size}"
        problems.append(f"{count} weights and biases became NaN or infinite")
    return "; ".join(problems)


__all__ = ["Playground"]
