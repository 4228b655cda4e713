"""The engine of the neural-network playground: data, features, a numpy MLP, optimizers, state and presets.

Why numpy and not Keras? A playground must train *live*: one epoch plus a redraw at least ten
times a second on a small laptop. The networks are tiny (at most 4 hidden layers of 8 neurons on
a few hundred points), so a numpy forward and backward pass takes well under a millisecond,
while one Keras step costs about a millisecond of overhead on its own. The numpy network uses
the same maths as Keras (Glorot-uniform weights, zero biases, cross-entropy, kernel L1/L2
penalties, and the SGD / momentum / RMSprop / Adam update rules of ``keras.optimizers``), and
the tests check its gradients against ``tf.GradientTape`` and its updates against Keras.

Everything the playground shows follows from a :class:`PlaygroundState`: the dataset, the
network, the training settings, the seed and the number of epochs trained. The state turns
into a short string (``state.to_string()``), like the TensorFlow Playground's URL, and
``PlaygroundState.from_string(text)`` gives it back; :meth:`Playground.from_state` then rebuilds
the same data, the same initial weights, and replays the same epochs: bit for bit the same network.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from helpers import data as _data

# ---------------------------------------------------------------------------------------------
# Datasets and input features
# ---------------------------------------------------------------------------------------------

#: Dataset name -> label shown in the playground.
DATASETS = {
    "circle": "circle",
    "xor": "xor",
    "gaussian": "gaussian",
    "spiral": "spiral",
    "wine": "wine (2 cultivars)",
    "wine3": "wine (3 cultivars, softmax)",
    "blobs4": "4 blobs (softmax)",
}

#: Input feature name -> (label, function of x1 and x2).
FEATURES = {
    "x1": ("$x_1$", lambda x1, x2: x1),
    "x2": ("$x_2$", lambda x1, x2: x2),
    "x1^2": ("$x_1^2$", lambda x1, x2: x1 ** 2),
    "x2^2": ("$x_2^2$", lambda x1, x2: x2 ** 2),
    "x1x2": ("$x_1 x_2$", lambda x1, x2: x1 * x2),
    "sin_x1": (r"$\sin x_1$", lambda x1, x2: np.sin(x1)),
    "sin_x2": (r"$\sin x_2$", lambda x1, x2: np.sin(x2)),
}

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
REGULARIZERS = ("none", "L1", "L2")
MAX_LAYERS, MAX_NEURONS = 4, 8


def feature_matrix(X, features) -> np.ndarray:
    """The chosen input features of 2-D points, as an ``(n, len(features))`` float64 array.

    Parameters
    ----------
    X : array of shape (n, 2)
        The points ``(x1, x2)``.
    features : sequence of str
        Names from :data:`FEATURES`, e.g. ``("x1", "x2", "x1x2")``.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    unknown = [f for f in features if f not in FEATURES]
    if unknown or not features:
        raise ValueError(f"features must be a non-empty list of {list(FEATURES)}, got {list(features)}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[f][1](x1, x2) for f in features])


def load_dataset(name: str, n: int, noise: float, seed: int):
    """All points and labels of a playground dataset, and its number of classes.

    ``noise`` is passed to the toy generators in :mod:`helpers.data`; the wine data is real and
    has no noise setting.
    """
    if name == "circle":
        X, y = _data.circles(n, noise, seed)
    elif name == "xor":
        X, y = _data.xor(n, noise, seed)
    elif name == "gaussian":
        X, y = _data.gaussian(n, noise, seed)
    elif name == "spiral":
        X, y = _data.spirals(n, noise, seed)
    elif name == "blobs4":
        X, y = _data.k_blobs(n, 4, noise, seed)
    elif name in ("wine", "wine3"):
        wine = _data.wine(binary=name == "wine")
        X, y = wine.X, wine.y
    else:
        raise ValueError(f"unknown dataset {name!r}; expected one of {list(DATASETS)}")
    return X.astype(np.float64), y.astype(np.int64), int(y.max()) + 1


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------


def _sigmoid(z):
    with np.errstate(over="ignore"):  # exp(-z) overflows to inf for z < -709: the sigmoid is then exactly 0
        return 1.0 / (1.0 + np.exp(-z))


def _activate(name, z):
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return _sigmoid(z)
    return z


def _activation_slope(name, z, a):
    """g'(z), written with the activation a = g(z) where that is cheaper."""
    if name == "tanh":
        return 1.0 - a ** 2
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "sigmoid":
        return a * (1.0 - a)
    return np.ones_like(z)


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class MLP:
    """A fully connected network in numpy: hidden layers with one activation, a sigmoid or softmax output.

    Parameters
    ----------
    n_inputs : int
        Number of input features.
    hidden : sequence of int
        Neurons per hidden layer (may be empty: then it is logistic / softmax regression).
    n_classes : int
        2 gives one sigmoid output unit; k > 2 gives k softmax units.
    activation : str
        One of :data:`ACTIVATIONS`, used by every hidden layer.
    regularization, reg_rate : str, float
        ``"L1"`` adds ``reg_rate * sum|W|``, ``"L2"`` adds ``reg_rate * sum W**2`` over the
        weight matrices (not the biases) to the loss, as ``keras.regularizers.L1/L2`` do.
    rng : numpy.random.Generator
        For the Glorot-uniform initial weights (Keras's default for ``Dense``); biases start at 0.

    Attributes
    ----------
    weights : list of (W, b)
        ``W`` has shape ``(fan_in, fan_out)``, as a Keras ``Dense`` kernel.
    """

    def __init__(self, n_inputs: int, hidden=(), n_classes: int = 2, activation: str = "tanh",
                 regularization: str = "none", reg_rate: float = 0.0, rng=None):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        if regularization not in REGULARIZERS:
            raise ValueError(f"regularization must be one of {REGULARIZERS}, got {regularization!r}")
        if n_classes < 2:
            raise ValueError(f"n_classes must be at least 2, got {n_classes}")
        rng = np.random.default_rng(0) if rng is None else rng
        self.activation, self.regularization, self.reg_rate = activation, regularization, float(reg_rate)
        self.n_classes = n_classes
        sizes = [n_inputs, *hidden, 1 if n_classes == 2 else n_classes]
        self.weights = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            self.weights.append((rng.uniform(-limit, limit, size=(fan_in, fan_out)), np.zeros(fan_out)))

    @property
    def parameters(self) -> list:
        """``[W1, b1, W2, b2, ...]``: the arrays the optimizer changes in place."""
        return [p for pair in self.weights for p in pair]

    def forward(self, F, keep: bool = False):
        """Class probabilities for the feature rows ``F``: ``(n,)`` for 2 classes, ``(n, k)`` otherwise.

        With ``keep=True`` also returns the list of ``(z, a)`` per layer (for backprop and the neuron maps).
        """
        a, cache = F, []
        for i, (W, b) in enumerate(self.weights):
            z = a @ W + b
            last = i == len(self.weights) - 1
            if last:
                a = _sigmoid(z) if self.n_classes == 2 else _softmax(z)
            else:
                a = _activate(self.activation, z)
            cache.append((z, a))
        p = a[:, 0] if self.n_classes == 2 else a
        return (p, cache) if keep else p

    def penalty(self) -> float:
        """The regularisation term added to the loss."""
        if self.regularization == "L1":
            return self.reg_rate * sum(np.abs(W).sum() for W, _ in self.weights)
        if self.regularization == "L2":
            return self.reg_rate * sum((W ** 2).sum() for W, _ in self.weights)
        return 0.0

    @staticmethod
    def cross_entropy(p, y) -> float:
        """Mean log loss: binary cross-entropy for ``p`` of shape ``(n,)``, categorical for ``(n, k)``."""
        eps = 1e-12
        if p.ndim == 1:
            return float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        return float(-np.mean(np.log(p[np.arange(len(y)), y] + eps)))

    def loss(self, F, y, with_penalty: bool = True) -> float:
        """Mean cross-entropy on ``(F, y)``, plus the penalty unless ``with_penalty=False``."""
        value = self.cross_entropy(self.forward(F), y)
        return value + self.penalty() if with_penalty else value

    def gradients(self, F, y) -> list:
        """Gradients of :meth:`loss` (with the penalty) for each array in :attr:`parameters`, by backprop.

        For a sigmoid + binary cross-entropy or a softmax + categorical cross-entropy output, the
        gradient at the output's weighted sum is simply ``(p - y) / n``.
        """
        p, cache = self.forward(F, keep=True)
        n = len(F)
        if self.n_classes == 2:
            delta = (p - y)[:, None] / n
        else:
            delta = p.copy()
            delta[np.arange(n), y] -= 1.0
            delta /= n
        grads = []
        for i in range(len(self.weights) - 1, -1, -1):
            W, _ = self.weights[i]
            a_prev = F if i == 0 else cache[i - 1][1]
            dW = a_prev.T @ delta
            if self.regularization == "L2":
                dW = dW + 2.0 * self.reg_rate * W
            elif self.regularization == "L1":
                dW = dW + self.reg_rate * np.sign(W)
            grads[:0] = [dW, delta.sum(axis=0)]
            if i > 0:
                z_prev, a_prev_act = cache[i - 1]
                delta = (delta @ W.T) * _activation_slope(self.activation, z_prev, a_prev_act)
        return grads


# ---------------------------------------------------------------------------------------------
# Optimizers: the update rules of keras.optimizers, in numpy
# ---------------------------------------------------------------------------------------------


class Optimizer:
    """Changes parameters in place from their gradients, with the rule of the Keras optimizer of the same name.

    ``"sgd"``: ``w -= lr * g``. ``"momentum"`` (``keras.optimizers.SGD(momentum=0.9)``):
    ``v = 0.9 v - lr g``, ``w += v``. ``"rmsprop"``: ``s = 0.9 s + 0.1 g**2``,
    ``w -= lr g / sqrt(s + 1e-7)``. ``"adam"``: ``m = 0.9 m + 0.1 g``, ``s = 0.999 s + 0.001 g**2``,
    ``w -= lr sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (sqrt(s) + 1e-7)``.
    """

    momentum, rho, beta_1, beta_2, epsilon = 0.9, 0.9, 0.9, 0.999, 1e-7

    def __init__(self, name: str, learning_rate: float):
        if name not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {name!r}")
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
        self.name, self.learning_rate = name, float(learning_rate)
        self.iterations = 0
        self._slots: list | None = None

    def apply(self, parameters, gradients) -> None:
        """One update of every array in ``parameters`` (in place)."""
        if self._slots is None:
            self._slots = [[np.zeros_like(p), np.zeros_like(p)] for p in parameters]
        self.iterations += 1
        lr, t = self.learning_rate, self.iterations
        for p, g, (m, s) in zip(parameters, gradients, self._slots):
            if self.name == "sgd":
                p -= lr * g
            elif self.name == "momentum":
                m *= self.momentum
                m -= lr * g
                p += m
            elif self.name == "rmsprop":
                s *= self.rho
                s += (1 - self.rho) * g ** 2
                p -= lr * g / np.sqrt(s + self.epsilon)
            else:
                m += (g - m) * (1 - self.beta_1)
                s += (g ** 2 - s) * (1 - self.beta_2)
                alpha = lr * np.sqrt(1 - self.beta_2 ** t) / (1 - self.beta_1 ** t)
                p -= alpha * m / (np.sqrt(s) + self.epsilon)


# ---------------------------------------------------------------------------------------------
# The state: everything the playground shows, as a dict or a short string
# ---------------------------------------------------------------------------------------------

LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


@dataclass(frozen=True)
class PlaygroundState:
    """The whole playground as plain values. ``to_string()`` / ``from_string()`` round-trip it exactly.

    Attributes
    ----------
    dataset : str            -- a key of :data:`DATASETS`
    noise : float            -- passed to the toy generator (0 to 1; ignored for wine)
    train_fraction : float   -- share of the points used for training (0.1 to 0.9)
    batch_size : int         -- mini-batch size (1 to 500; larger than the training set = full batch)
    hidden : tuple of int    -- 0 to 4 hidden layers of 1 to 8 neurons
    activation : str         -- one of :data:`ACTIVATIONS`
    learning_rate : float
    regularization : str     -- "none", "L1" or "L2"
    reg_rate : float
    features : tuple of str  -- keys of :data:`FEATURES`
    optimizer : str          -- one of :data:`OPTIMIZERS`
    seed : int               -- data, split, initial weights and batch order
    epochs : int             -- epochs trained so far
    show_test, discretize : bool -- display only: the test points, and the class instead of the probability
    """

    dataset: str = "circle"
    noise: float = 0.1
    train_fraction: float = 0.5
    batch_size: int = 10
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    regularization: str = "none"
    reg_rate: float = 0.0
    features: tuple = ("x1", "x2")
    optimizer: str = "sgd"
    seed: int = 0
    epochs: int = 0
    show_test: bool = False
    discretize: bool = False
    n_points: int = 400

    def __post_init__(self):
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        object.__setattr__(self, "features", tuple(self.features))
        problems = []
        if self.dataset not in DATASETS:
            problems.append(f"dataset must be one of {list(DATASETS)}, got {self.dataset!r}")
        if not 0 <= self.noise <= 1:
            problems.append(f"noise must be from 0 to 1, got {self.noise!r}")
        if not 0.1 <= self.train_fraction <= 0.9:
            problems.append(f"train_fraction must be from 0.1 to 0.9, got {self.train_fraction!r}")
        if not 1 <= self.batch_size <= 500:
            problems.append(f"batch_size must be from 1 to 500, got {self.batch_size!r}")
        if len(self.hidden) > MAX_LAYERS or any(not 1 <= h <= MAX_NEURONS for h in self.hidden):
            problems.append(f"hidden must be 0 to {MAX_LAYERS} layers of 1 to {MAX_NEURONS} neurons, "
                            f"got {self.hidden!r}")
        if self.activation not in ACTIVATIONS:
            problems.append(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        if not 0 < self.learning_rate <= 10:
            problems.append(f"learning_rate must be in (0, 10], got {self.learning_rate!r}")
        if self.regularization not in REGULARIZERS:
            problems.append(f"regularization must be one of {REGULARIZERS}, got {self.regularization!r}")
        if not 0 <= self.reg_rate <= 10:
            problems.append(f"reg_rate must be from 0 to 10, got {self.reg_rate!r}")
        if not self.features or any(f not in FEATURES for f in self.features) \
                or len(set(self.features)) != len(self.features):
            problems.append(f"features must be distinct names from {list(FEATURES)}, got {list(self.features)}")
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {OPTIMIZERS}, got {self.optimizer!r}")
        if not 0 <= self.seed < 2 ** 32:
            problems.append(f"seed must be from 0 to 2**32 - 1, got {self.seed!r}")
        if not 0 <= self.epochs <= 100_000:
            problems.append(f"epochs must be from 0 to 100000, got {self.epochs!r}")
        if not 20 <= self.n_points <= 2000:
            problems.append(f"n_points must be from 20 to 2000, got {self.n_points!r}")
        if problems:
            raise ValueError("invalid playground state: " + "; ".join(problems))

    # -- dict ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain Python values (lists for tuples), e.g. for JSON."""
        out = dataclasses.asdict(self)
        out["hidden"], out["features"] = list(self.hidden), list(self.features)
        return out

    @classmethod
    def from_dict(cls, values: dict) -> "PlaygroundState":
        """A state from a dict; missing keys take their defaults, unknown keys are an error."""
        if not isinstance(values, dict):
            raise ValueError(f"a playground state must be a dict, got {type(values).__name__}")
        names = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise ValueError(f"unknown playground setting(s) {unknown}; the settings are {sorted(names)}")
        converted = {}
        for key, value in values.items():
            default = names[key].default
            try:
                if isinstance(default, bool):
                    if not isinstance(value, (bool, np.bool_)):
                        raise TypeError
                    converted[key] = bool(value)
                elif isinstance(default, int):
                    if isinstance(value, bool) or int(value) != value:
                        raise TypeError
                    converted[key] = int(value)
                elif isinstance(default, float):
                    converted[key] = float(value)
                elif isinstance(default, tuple):
                    if isinstance(value, str):
                        raise TypeError
                    converted[key] = tuple(value)
                elif isinstance(value, str):
                    converted[key] = value
                else:
                    raise TypeError
            except (TypeError, ValueError):
                raise ValueError(f"setting {key!r} must be like {default!r}, got {value!r}") from None
        return cls(**converted)

    def replace(self, **changes) -> "PlaygroundState":
        """A copy with some settings changed (validated)."""
        return self.from_dict({**self.to_dict(), **changes})

    # -- string ----------------------------------------------------------------------------
    _SHORT = {"dataset": "data", "noise": "noise", "train_fraction": "train", "batch_size": "batch",
              "hidden": "net", "activation": "act", "learning_rate": "lr", "regularization": "reg",
              "reg_rate": "regrate", "features": "in", "optimizer": "opt", "seed": "seed", "epochs": "epochs",
              "show_test": "test", "discretize": "discrete", "n_points": "n"}

    def to_string(self) -> str:
        """A short ``key=value&...`` string, like the TensorFlow Playground's URL; only non-default settings."""
        default = PlaygroundState()
        parts = []
        for name, key in self._SHORT.items():
            value = getattr(self, name)
            if value == getattr(default, name) and name not in ("dataset", "hidden"):
                continue
            if isinstance(value, bool):
                text = "1" if value else "0"
            elif isinstance(value, tuple):
                text = ",".join(str(v) for v in value)
            else:
                text = repr(value) if isinstance(value, float) else str(value)
            parts.append(f"{key}={text}")
        return "&".join(parts)

    @classmethod
    def from_string(cls, text: str) -> "PlaygroundState":
        """The state written by :meth:`to_string`. Raises a ValueError naming what is wrong."""
        if not isinstance(text, str):
            raise ValueError(f"a playground string must be a str, got {type(text).__name__}")
        text = text.strip().lstrip("#?")
        long_name = {short: name for name, short in cls._SHORT.items()}
        values = {}
        for part in filter(None, text.split("&")):
            key, sep, raw = part.partition("=")
            if not sep:
                raise ValueError(f"playground string part {part!r} is not key=value (e.g. 'data=spiral&net=8,8')")
            if key not in long_name:
                raise ValueError(f"unknown key {key!r} in playground string; the keys are {sorted(long_name)}")
            name = long_name[key]
            if name in values:
                raise ValueError(f"key {key!r} appears twice in the playground string")
            default = getattr(PlaygroundState, name)
            try:
                if isinstance(default, bool):
                    if raw not in ("0", "1"):
                        raise ValueError
                    values[name] = raw == "1"
                elif isinstance(default, int):
                    values[name] = int(raw)
                elif isinstance(default, float):
                    values[name] = float(raw)
                elif name == "hidden":
                    values[name] = tuple(int(v) for v in raw.split(",")) if raw else ()
                elif name == "features":
                    values[name] = tuple(raw.split(","))
                else:
                    values[name] = raw
            except ValueError:
                raise ValueError(f"value {raw!r} for {key!r} in playground string is not a valid "
                                 f"{type(default).__name__ if name != 'hidden' else 'list of layer sizes'}") from None
        return cls(**values)


#: Lecturer presets: name -> (what it shows, state). Each story holds after :data:`STORY_EPOCHS` epochs for
#: every seed (``tests/test_stories_nb04.py`` checks it for several seeds and CPU kernels).
PRESETS = {
    "xor without a hidden layer fails": (
        "A single sigmoid unit draws one straight line: it cannot separate xor's four quadrants "
        "(the loss stays near ln 2 = 0.69, the loss of a coin toss).",
        PlaygroundState(dataset="xor", hidden=(), learning_rate=0.03, optimizer="adam")),
    "xor needs a hidden layer": (
        "Four tanh neurons in one hidden layer bend the boundary around the quadrants "
        "(most points right within 40 epochs; a straight line gets at most 3 of the 4 quadrants).",
        PlaygroundState(dataset="xor", hidden=(4,), learning_rate=0.03, optimizer="adam")),
    "xor with the feature x1·x2": (
        "Or give the network the right feature: x1·x2 alone makes xor linear.",
        PlaygroundState(dataset="xor", hidden=(), features=("x1x2",), learning_rate=0.1, optimizer="adam")),
    "a circle from x1² and x2²": (
        "With squared features the circle's boundary is a straight line in feature space.",
        PlaygroundState(dataset="circle", hidden=(), features=("x1^2", "x2^2"), learning_rate=0.1,
                        optimizer="adam")),
    "a spiral needs depth": (
        "Three hidden layers of 8 trained with Adam unwind the spiral (train loss below 0.1); "
        "compare 'a shallow net on the spiral', the same training with one layer of 4.",
        PlaygroundState(dataset="spiral", noise=0.05, hidden=(8, 8, 8), learning_rate=0.01, optimizer="adam",
                        batch_size=20)),
    "a shallow net on the spiral": (
        "Compare with 'a spiral needs depth': one layer of 4 neurons stays stuck (train loss above 0.3).",
        PlaygroundState(dataset="spiral", noise=0.05, hidden=(4,), learning_rate=0.01, optimizer="adam",
                        batch_size=20)),
    "overfitting noisy data": (
        "A big network on small, noisy data learns the noise: the train loss falls towards 0, while the test "
        "loss is lowest early on and then climbs.",
        PlaygroundState(dataset="xor", noise=0.5, n_points=120, train_fraction=0.5, hidden=(8, 8, 8),
                        learning_rate=0.01, optimizer="adam", show_test=True)),
    "L2 smooths the surface": (
        "The same network with an L2 penalty: much smaller weights, a surface without cliffs (its steepest "
        "slope at most half as steep) and a lower test loss.",
        PlaygroundState(dataset="xor", noise=0.5, n_points=120, train_fraction=0.5, hidden=(8, 8, 8),
                        learning_rate=0.01, optimizer="adam", regularization="L2", reg_rate=0.01,
                        show_test=True)),
    "softmax: 4 classes": (
        "Four output units and a softmax: the plane splits into four argmax regions.",
        PlaygroundState(dataset="blobs4", noise=0.6, hidden=(4,), learning_rate=0.03, optimizer="adam")),
    "wine: logistic regression": (
        "No hidden layer on two wine features: a straight boundary, as in the notebook.",
        PlaygroundState(dataset="wine", hidden=(), learning_rate=0.1, optimizer="adam")),
    "wine: 3 cultivars": (
        "Three cultivars, a softmax output and one hidden layer.",
        PlaygroundState(dataset="wine3", hidden=(6,), learning_rate=0.03, optimizer="adam")),
    "too large a learning rate": (
        "Adam with learning rate 1 on the circle: every step overshoots, and the loss jumps around near 0.69 "
        "(a coin toss) instead of going down; at 0.1 it falls to almost 0.",
        PlaygroundState(dataset="circle", hidden=(4, 2), learning_rate=1.0, optimizer="adam")),
}

#: How long each preset's story is checked for: about fifteen seconds of play.
STORY_EPOCHS = 300


def preset(name: str) -> PlaygroundState:
    """The state of a lecturer preset (see :data:`PRESETS`)."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; the presets are {list(PRESETS)}")
    return PRESETS[name][1]


# ---------------------------------------------------------------------------------------------
# The playground engine
# ---------------------------------------------------------------------------------------------


class Playground:
    """Data, network and optimizer for one :class:`PlaygroundState`, trained epoch by epoch.

    Build it with :meth:`from_state`; :meth:`step` trains, :attr:`state` reads the state back
    (with the epochs trained so far), and :attr:`history` holds the train and test loss per epoch.
    """

    def __init__(self, config: PlaygroundState):
        self.config = config.replace(epochs=0)
        X, y, self.n_classes = load_dataset(config.dataset, config.n_points, config.noise, config.seed)
        self.X_train, self.X_test, self.y_train, self.y_test = _data.train_val_split(
            X, y, val_fraction=1 - config.train_fraction, seed=config.seed)
        self.F_train = feature_matrix(self.X_train, config.features)
        self.F_test = feature_matrix(self.X_test, config.features)
        self.model = MLP(len(config.features), config.hidden, self.n_classes, config.activation,
                         config.regularization, config.reg_rate, rng=np.random.default_rng([config.seed, 1]))
        self.optimizer = Optimizer(config.optimizer, config.learning_rate)
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
        n, size = len(self.F_train), self.config.batch_size
        parameters = self.model.parameters
        # A diverging run overflows (inf) and then mixes infinities (NaN): checked below, not warned about.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(epochs if self.diverged_at is None else 0):
                before = [p.copy() for p in parameters]
                order = self._batch_rng.permutation(n)
                for start in range(0, n, size):
                    batch = order[start:start + size]
                    grads = self.model.gradients(self.F_train[batch], self.y_train[batch])
                    self.optimizer.apply(parameters, grads)
                self.epochs += 1
                losses = self.train_loss(), self.test_loss()
                self.divergence = _non_finite(losses[0], parameters)
                if self.divergence:
                    for p, old in zip(parameters, before):
                        p[...] = old
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


def _non_finite(loss: float, parameters) -> str:
    """What stopped being a finite number, in words ("the loss became NaN; all 17 weights and biases became
    NaN or infinite"), or "" when the loss and every parameter are finite."""
    problems = []
    if not np.isfinite(loss):
        problems.append(f"the loss became {'NaN' if np.isnan(loss) else 'infinite'}")
    bad = sum(int((~np.isfinite(p)).sum()) for p in parameters)
    if bad:
        total = sum(p.size for p in parameters)
        count = f"all {total}" if bad == total else f"{bad} of {total}"
        problems.append(f"{count} weights and biases became NaN or infinite")
    return "; ".join(problems)


__all__ = ["DATASETS", "FEATURES", "ACTIVATIONS", "OPTIMIZERS", "REGULARIZERS", "LEARNING_RATES", "REG_RATES",
           "feature_matrix", "load_dataset", "MLP", "Optimizer", "PlaygroundState", "PRESETS", "STORY_EPOCHS", "preset",
           "Playground"]
