"""The neural-network playground of notebook 04, without the widget: data, state, presets and engine.

- :mod:`~helpers.playground.datasets`: the datasets and input features;
- :mod:`~helpers.playground.state`: :class:`PlaygroundState`, everything the playground shows as plain
  values, and its short string (a URL query, like the TensorFlow Playground's);
- :mod:`~helpers.playground.presets`: the lecturer presets and the story each one tells;
- :mod:`~helpers.playground.engine`: :class:`Playground`, which trains the numpy network of
  :mod:`helpers.numpy_net` on one state, epoch by epoch.

A state string rebuilds the same data and the same initial weights and replays the same epochs:
``Playground.from_state(state.to_string())`` is bit for bit the same network.
"""

from helpers.numpy_net import HIDDEN_ACTIVATIONS
from helpers.playground.datasets import DATASETS, FEATURES, feature_matrix, load_dataset
from helpers.playground.engine import Playground
from helpers.playground.presets import PRESETS, STORY_EPOCHS, preset
from helpers.playground.state import (MAX_LAYERS, MAX_NEURONS, OPTIMIZERS, PLAYGROUND_LEARNING_RATES, REG_RATES,
                                      REGULARIZERS, PlaygroundState)

__all__ = ["DATASETS", "FEATURES", "feature_matrix", "load_dataset", "HIDDEN_ACTIVATIONS", "OPTIMIZERS",
           "REGULARIZERS", "MAX_LAYERS", "MAX_NEURONS", "PLAYGROUND_LEARNING_RATES", "REG_RATES", "PlaygroundState",
           "PRESETS", "STORY_EPOCHS", "preset", "Playground"]
