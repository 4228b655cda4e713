"""Notebook 01's claims about random starts and data, checked under several seeds (``DL1_SEED`` moves them).

Each test runs the notebook's own demonstration (same data settings, same start drawn from
``np.random.default_rng(seed)``, same helpers) and asserts the sentence as the notebook states it.
"""

import numpy as np
import pytest

from helpers import data, neuron
from helpers.widgets.perceptron import neuron_explorer

SEEDS = range(8)


def notebook_start(seed):
    """The random neuron of notebook 01: w_j, b ~ N(0, 0.5^2) from the notebook's rng."""
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, 0.5, size=2), rng.normal(0.0, 0.5)


@pytest.fixture(scope="module")
def wine():
    d = data.wine(binary=True)
    return d.X.astype(np.float64), d.y


@pytest.mark.parametrize("seed", SEEDS)
def test_rosenblatt_finds_a_separating_line_on_the_blobs(seed):
    """'When a line that separates the classes exists, this rule finds one': the blobs are separable in every seed."""
    X, y = data.blobs(n=100, noise=0.5, seed=seed)
    w, b = notebook_start(seed)
    _, _, errors = neuron.train_rosenblatt(X, y, w, b, learning_rate=1.0, max_epochs=20)
    assert errors[-1] == 0 and len(errors) <= 5


@pytest.mark.parametrize("seed", SEEDS)
def test_rosenblatt_never_settles_on_the_wines(wine, seed):
    """'On the wines ... the rule never settles: every epoch some point is wrong.'"""
    w, b = notebook_start(seed)
    _, _, errors = neuron.train_rosenblatt(*wine, w, b, max_epochs=12)
    assert len(errors) == 12 and min(errors) >= 5


@pytest.mark.parametrize("seed", SEEDS)
def test_gradient_descent_settles_with_a_few_wines_on_the_wrong_side(wine, seed):
    """300 steps with eta = 0.5: the loss falls and settles; a few wines stay misclassified."""
    X, y = wine
    w, b = notebook_start(seed)
    losses = []
    for _ in range(300):
        losses.append(neuron.log_loss(y, neuron.forward(X, w, b)))
        w, b = neuron.gradient_step(X, y, w, b, learning_rate=0.5)
    final = neuron.log_loss(y, neuron.forward(X, w, b))
    mistakes = neuron.error_count(X, y, w, b)
    assert final < 0.5 * losses[0] and final < 0.2
    assert abs(losses[-1] - losses[-50]) < 0.01, "settled"
    assert 1 <= mistakes <= 0.15 * len(y), "a few wines on the wrong side"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_explorers_rosenblatt_button_ends_with_no_mistake(seed):
    """The widget's 'Rosenblatt step a few times ... until nothing is misclassified', on the notebook's blobs."""
    X, y = data.blobs(n=100, noise=0.5, seed=seed)
    explorer = neuron_explorer(X, y, w=(0.5, -1.0), b=0.5, activation="step", learning_rate=1.0)
    for _ in range(30):
        if "converged" in explorer.status.value:
            break
        explorer.controls["step"].click()
    w, b = [explorer.values["w1"], explorer.values["w2"]], explorer.values["b"]
    assert neuron.error_count(X, y, w, b) == 0 and "converged" in explorer.status.value
