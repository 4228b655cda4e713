"""Everything the playground shows, as plain values: :class:`PlaygroundState`, and its short string.

The string is a URL query, like the TensorFlow Playground's: ``data=spiral&net=8,8&opt=adam``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

import numpy as np

from helpers.numpy_net import HIDDEN_ACTIVATIONS
from helpers.playground.datasets import DATASETS, FEATURES

#: The playground's optimizer names -> the :class:`~helpers.update_rules.NumpyOptimizer` (Keras) rule each one uses.
OPTIMIZERS = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}
REGULARIZERS = ("none", "L1", "L2")
MAX_LAYERS, MAX_NEURONS = 4, 8
#: The learning rates and penalty rates the playground offers.
PLAYGROUND_LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
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
    activation : str         -- a key of :data:`helpers.numpy_net.HIDDEN_ACTIVATIONS`
    learning_rate : float
    regularization : str     -- "none", "L1" or "L2"
    reg_rate : float
    features : tuple of str  -- keys of :data:`FEATURES`
    optimizer : str          -- a key of :data:`OPTIMIZERS`
    seed : int               -- data, split, initial weights and batch order
    epochs : int             -- epochs trained so far
    show_test, discretize : bool -- display only: the test points, and the class instead of the probability
    n_points : int           -- points drawn (20 to 2000; the wine data has its own)
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
        problems = [message for broken, message in self._checks() if broken]
        if problems:
            raise ValueError("invalid playground state: " + "; ".join(problems))

    def _checks(self):
        yield self.dataset not in DATASETS, f"dataset must be one of {list(DATASETS)}, got {self.dataset!r}"
        yield not 0 <= self.noise <= 1, f"noise must be from 0 to 1, got {self.noise!r}"
        yield (not 0.1 <= self.train_fraction <= 0.9,
               f"train_fraction must be from 0.1 to 0.9, got {self.train_fraction!r}")
        yield not 1 <= self.batch_size <= 500, f"batch_size must be from 1 to 500, got {self.batch_size!r}"
        yield (len(self.hidden) > MAX_LAYERS or any(not 1 <= h <= MAX_NEURONS for h in self.hidden),
               f"hidden must be 0 to {MAX_LAYERS} layers of 1 to {MAX_NEURONS} neurons, got {self.hidden!r}")
        yield (self.activation not in HIDDEN_ACTIVATIONS,
               f"activation must be one of {tuple(HIDDEN_ACTIVATIONS)}, got {self.activation!r}")
        yield not 0 < self.learning_rate <= 10, f"learning_rate must be in (0, 10], got {self.learning_rate!r}"
        yield (self.regularization not in REGULARIZERS,
               f"regularization must be one of {REGULARIZERS}, got {self.regularization!r}")
        yield not 0 <= self.reg_rate <= 10, f"reg_rate must be from 0 to 10, got {self.reg_rate!r}"
        yield (not self.features or any(f not in FEATURES for f in self.features)
               or len(set(self.features)) != len(self.features),
               f"features must be distinct names from {list(FEATURES)}, got {list(self.features)}")
        yield self.optimizer not in OPTIMIZERS, f"optimizer must be one of {tuple(OPTIMIZERS)}, got {self.optimizer!r}"
        yield not 0 <= self.seed < 2 ** 32, f"seed must be from 0 to 2**32 - 1, got {self.seed!r}"
        yield not 0 <= self.epochs <= 100_000, f"epochs must be from 0 to 100000, got {self.epochs!r}"
        yield not 20 <= self.n_points <= 2000, f"n_points must be from 20 to 2000, got {self.n_points!r}"

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
        unknown = sorted(set(values) - set(_DEFAULTS))
        if unknown:
            raise ValueError(f"unknown playground setting(s) {unknown}; the settings are {sorted(_DEFAULTS)}")
        return cls(**{name: _checked_type(name, value) for name, value in values.items()})

    def replace(self, **changes) -> "PlaygroundState":
        """A copy with some settings changed (validated)."""
        return self.from_dict({**self.to_dict(), **changes})

    # -- string ----------------------------------------------------------------------------
    def to_string(self) -> str:
        """A short ``key=value&...`` string, like the TensorFlow Playground's URL; only non-default settings."""
        pairs = [(key, _text(getattr(self, name))) for name, key in _KEYS.items()
                 if name in ("dataset", "hidden") or getattr(self, name) != _DEFAULTS[name]]
        return urlencode(pairs, safe=",^", quote_via=quote)

    @classmethod
    def from_string(cls, text: str) -> "PlaygroundState":
        """The state written by :meth:`to_string`. Raises a ValueError naming what is wrong."""
        if not isinstance(text, str):
            raise ValueError(f"a playground string must be a str, got {type(text).__name__}")
        try:
            pairs = parse_qsl(text.strip().lstrip("#?"), keep_blank_values=True, strict_parsing=True)
        except ValueError as error:  # urllib names the part, e.g. "bad query field: 'data'"
            raise ValueError(f"{error}: a part is not key=value (e.g. 'data=spiral&net=8,8')") from None
        values = {}
        for key, raw in pairs:
            if key not in _NAMES:
                raise ValueError(f"unknown key {key!r} in playground string; the keys are {sorted(_NAMES)}")
            if _NAMES[key] in values:
                raise ValueError(f"key {key!r} appears twice in the playground string")
            values[_NAMES[key]] = _parsed(key, raw)
        return cls(**values)


#: Setting -> its key in the string.
_KEYS = {"dataset": "data", "noise": "noise", "train_fraction": "train", "batch_size": "batch", "hidden": "net",
         "activation": "act", "learning_rate": "lr", "regularization": "reg", "reg_rate": "regrate",
         "features": "in", "optimizer": "opt", "seed": "seed", "epochs": "epochs", "show_test": "test",
         "discretize": "discrete", "n_points": "n"}
_NAMES = {key: name for name, key in _KEYS.items()}
_DEFAULTS = {field.name: field.default for field in dataclasses.fields(PlaygroundState)}


def _text(value) -> str:
    """A setting as the string writes it: ``1``/``0`` for booleans, tuples comma-separated."""
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(float(value)) if isinstance(value, float) else str(value)


def _parsed(key: str, raw: str):
    """The value of ``key=raw`` in a playground string, of its setting's type."""
    name = _NAMES[key]
    default = _DEFAULTS[name]
    try:
        if isinstance(default, bool):
            return {"0": False, "1": True}[raw]
        if isinstance(default, tuple):
            items = raw.split(",") if raw else []
            return tuple(int(v) for v in items) if name == "hidden" else tuple(items)
        return type(default)(raw)
    except (KeyError, ValueError):
        kind = "list of layer sizes" if name == "hidden" else type(default).__name__
        raise ValueError(f"value {raw!r} for {key!r} in playground string is not a valid {kind}") from None


def _checked_type(name: str, value):
    """``value`` as the type of setting ``name`` (a dict from JSON has lists for tuples); a ValueError if it is not."""
    default = _DEFAULTS[name]
    number = isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))
    fits = {bool: isinstance(value, (bool, np.bool_)), int: number and float(value).is_integer(), float: number,
            tuple: isinstance(value, (list, tuple)), str: isinstance(value, str)}[type(default)]
    if not fits:
        raise ValueError(f"setting {name!r} must be like {default!r}, got {value!r}")
    return type(default)(value)


__all__ = ["OPTIMIZERS", "REGULARIZERS", "MAX_LAYERS", "MAX_NEURONS", "PLAYGROUND_LEARNING_RATES", "REG_RATES",
           "PlaygroundState"]
