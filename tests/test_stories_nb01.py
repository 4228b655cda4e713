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


def notebook_gradient_start(seed):
    """``w_init, b_init``: the notebook's second draw from its rng, where gradient descent starts."""
    rng = np.random.default_rng(seed)
    rng.normal(0.0, 0.5, size=2), rng.normal(0.0, 0.5)   # w_random, b_random
    return rng.normal(0.0, 0.5, size=2), rng.normal(0.0, 0.5)


def notebook_xor_start(seed, d1=8):
    """The notebook's XOR network start, drawn after everything the notebook draws before it from the same rng."""
    rng = np.random.default_rng(seed)
    rng.normal(0.0, 0.5, size=2), rng.normal(0.0, 0.5)          # w_random, b_random
    rng.normal(0.0, 0.5, size=2), rng.normal(0.0, 0.5)          # w_init, b_init
    rng.normal(0.0, 0.5, size=(2, 3)), rng.normal(0.0, 0.5, size=3)   # W, b_vec (several outputs)
    rng.normal(0.0, 2.0, size=(20_000, 3))                      # random neurons on XOR
    [rng.normal(0.0, 1.0, size=shape) for shape in [(2, 3), (3,), (3, 1), (1,)]]   # the gradient check's network
    return fresh_xor_start(rng, d1)


def fresh_xor_start(rng, d1):
    """W1, b1, W2, b2 as the notebook draws them: weights ~ N(0, 0.5^2), biases 0."""
    W1 = rng.normal(0.0, 0.5, size=(2, d1))
    W2 = rng.normal(0.0, 0.5, size=(d1, 1))
    return W1, np.zeros(d1), W2, np.zeros(1)


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def train_xor(W1, b1, W2, b2, eta=1.0, n_steps=1000):
    """The notebook's loop: plain full-batch gradient descent with the five-step backward pass."""
    for _ in range(n_steps):
        dW1, db1, dW2, db2 = neuron.one_hidden_layer_backward(XOR_X, XOR_Y, W1, b1, W2, b2)
        W1, b1 = W1 - eta * dW1, b1 - eta * db1
        W2, b2 = W2 - eta * dW2, b2 - eta * db2
    y_hat = neuron.one_hidden_layer_forward(XOR_X, W1, b1, W2, b2, g_hidden=np.tanh)
    return neuron.log_loss(XOR_Y, y_hat), float(np.mean((y_hat >= 0.5) == XOR_Y))


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
    w, b = notebook_gradient_start(seed)
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


@pytest.mark.parametrize("seed", SEEDS)
def test_forty_large_steps_end_where_three_hundred_small_ones_do(wine, seed):
    """'The 40 large steps [eta = 4] end at the same log loss as the 300 small ones' (printed to 3 decimals)."""
    X, y = wine
    finals = []
    for eta, steps in [(0.5, 300), (4.0, 40)]:
        w, b = notebook_gradient_start(seed)
        for _ in range(steps):
            w, b = neuron.gradient_step(X, y, w, b, learning_rate=eta)
        finals.append(neuron.log_loss(y, neuron.forward(X, w, b)))
    assert abs(finals[0] - finals[1]) < 0.0005


@pytest.mark.parametrize("seed", range(5))
def test_keras_fit_takes_the_same_steps_as_the_numpy_loop(wine, seed):
    """model.fit with SGD, batch_size=n, 40 epochs of eta = 4 gives the numpy loop's weights to 1e-4."""
    import keras

    X, y = wine
    w0, b0 = notebook_gradient_start(seed)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.layers[0].set_weights([w0.reshape(2, 1), np.array([b0])])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=4.0), loss="binary_crossentropy")
    model.fit(X, y, epochs=40, batch_size=len(y), verbose=0)
    w, b = w0, b0
    for _ in range(40):
        w, b = neuron.gradient_step(X, y, w, b, learning_rate=4.0)
    kernel, bias = model.layers[0].get_weights()
    assert np.max(np.abs(np.append(w, b) - np.append(kernel[:, 0], bias))) < 1e-4


@pytest.mark.parametrize("seed", SEEDS)
def test_no_random_single_neuron_gets_more_than_three_xor_points(seed):
    """'best of 20,000 random step/sigmoid neurons: 0.75 of the XOR points right'."""
    rng = np.random.default_rng(seed)
    neurons = rng.normal(0.0, 2.0, size=(20_000, 3))
    z = neurons[:, 2:] + neurons[:, :2] @ XOR_X.T
    accuracy = np.mean((z >= 0) == XOR_Y[:, 0], axis=1)
    assert accuracy.max() == 0.75


@pytest.mark.parametrize("seed", SEEDS)
def test_the_notebooks_xor_network_learns_xor(seed):
    """The notebook's own start (its rng stream) and loop: all four points right, the loss far below its start."""
    loss, accuracy = train_xor(*notebook_xor_start(seed))
    assert accuracy == 1.0 and loss < 0.02


def test_eight_hidden_units_learn_xor_from_every_one_of_fifty_starts():
    """'with 8, every one of the 50 random starts we tried got all four right'."""
    results = [train_xor(*fresh_xor_start(np.random.default_rng(seed), d1=8)) for seed in range(50)]
    assert all(accuracy == 1.0 and loss < 0.02 for loss, accuracy in results)


def test_two_hidden_units_often_get_stuck_undecided_on_two_points():
    """'two units often get stuck: the loss stops near ln(2)/2 = 0.35 ... (about a quarter of the 50 starts)'."""
    results = [train_xor(*fresh_xor_start(np.random.default_rng(seed), d1=2)) for seed in range(50)]
    stuck = [loss for loss, accuracy in results if accuracy < 1.0]
    assert 0.15 <= len(stuck) / len(results) <= 0.4
    assert all(abs(loss - np.log(2) / 2) < 0.01 for loss in stuck)
