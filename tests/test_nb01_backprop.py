"""Backpropagation through one hidden layer (notebook 01): the five-step backward pass equals finite differences
and TensorFlow's autodiff on networks of several shapes, and the notebook's own cell computes the same thing."""

import json
from pathlib import Path

import numpy as np
import pytest

from helpers import neuron
from helpers.activations import sigmoid

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_perceptron.ipynb"
SHAPES = [(4, 2, 3), (1, 1, 1), (7, 3, 5), (12, 2, 8), (5, 4, 2)]   # (n points, m inputs, d1 hidden units)


def random_network(n, m, d1, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, m))
    y = rng.integers(0, 2, size=(n, 1)).astype(float)
    params = [rng.normal(size=(m, d1)), rng.normal(size=d1), rng.normal(size=(d1, 1)), rng.normal(size=1)]
    return X, y, params


def mean_log_loss(X, y, W1, b1, W2, b2):
    y_hat = sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2)
    return -np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))


def finite_differences(X, y, params, h=1e-6):
    grads = []
    for k, p in enumerate(params):
        grad = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            plus, minus = [q.copy() for q in params], [q.copy() for q in params]
            plus[k][index] += h
            minus[k][index] -= h
            grad[index] = (mean_log_loss(X, y, *plus) - mean_log_loss(X, y, *minus)) / (2 * h)
        grads.append(grad)
    return grads


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("seed", [0, 1])
def test_backward_pass_matches_finite_differences(shape, seed):
    X, y, params = random_network(*shape, seed)
    ours = neuron.one_hidden_layer_backward(X, y, *params)
    for got, want, p in zip(ours, finite_differences(X, y, params), params):
        assert got.shape == p.shape
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_backward_pass_matches_gradient_tape(shape):
    import tensorflow as tf

    X, y, params = random_network(*shape, seed=3)
    variables = [tf.Variable(p) for p in params]
    with tf.GradientTape() as tape:
        A1 = tf.tanh(tf.matmul(X, variables[0]) + variables[1])
        y_hat = tf.sigmoid(tf.matmul(A1, variables[2]) + variables[3])
        J = -tf.reduce_mean(y * tf.math.log(y_hat) + (1 - y) * tf.math.log(1 - y_hat))
    taped = [g.numpy() for g in tape.gradient(J, variables)]
    for got, want in zip(neuron.one_hidden_layer_backward(X, y, *params), taped):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)


def test_backward_pass_matches_keras_binary_crossentropy_gradients():
    """The loss of the derivation is Keras' binary_crossentropy, so Keras would take the same gradients."""
    import keras
    import tensorflow as tf

    X, y, params = random_network(6, 2, 4, seed=5)
    variables = [tf.Variable(p) for p in params]
    with tf.GradientTape() as tape:
        y_hat = tf.sigmoid(tf.matmul(tf.tanh(tf.matmul(X, variables[0]) + variables[1]), variables[2]) + variables[3])
        J = tf.reduce_mean(keras.losses.binary_crossentropy(y, y_hat))
    taped = [g.numpy() for g in tape.gradient(J, variables)]
    for got, want in zip(neuron.one_hidden_layer_backward(X, y, *params), taped):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-9)


def notebook_cell(marker: str) -> str:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    found = ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(found) == 1, marker
    return found[0]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_the_notebooks_own_backward_cell_computes_the_same(shape):
    namespace = {"np": np, "sigmoid": sigmoid, "log_loss": neuron.log_loss}
    exec(notebook_cell("def mlp_backward("), namespace)
    X, y, params = random_network(*shape, seed=7)
    for got, want in zip(namespace["mlp_backward"](X, y, *params), neuron.one_hidden_layer_backward(X, y, *params)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    assert namespace["mlp_loss"](X, y, *params) == pytest.approx(mean_log_loss(X, y, *params))


def test_the_exercise_reference_is_the_same_backward_pass():
    from helpers.exercises.perceptron import q2

    X, y, params = random_network(5, 2, 3, seed=11)
    namespace = {"np": np}
    exec(q2.solution_code, namespace)
    assert q2.evaluate(namespace["backward"]).correct
    for got, want in zip(namespace["backward"](X, y, *params), neuron.one_hidden_layer_backward(X, y, *params)):
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("bad", ["y as a flat vector", "W2 with two outputs", "b1 of the wrong length"])
def test_backward_pass_refuses_shapes_that_do_not_fit(bad):
    X, y, (W1, b1, W2, b2) = random_network(4, 2, 3, seed=0)
    if bad == "y as a flat vector":
        y = y[:, 0]
    elif bad == "W2 with two outputs":
        W2 = np.ones((3, 2))
    else:
        b1 = np.ones(4)
    with pytest.raises(ValueError, match="need X"):
        neuron.one_hidden_layer_backward(X, y, W1, b1, W2, b2)
