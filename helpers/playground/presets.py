"""Lecturer presets: a named playground state and the story it tells."""

from __future__ import annotations

from helpers.playground.state import PlaygroundState

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


__all__ = ["PRESETS", "STORY_EPOCHS", "preset"]
