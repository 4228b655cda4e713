"""The numpy network engine: backprop against finite differences and autodiff, training steps against Keras,
stacked runs, dropout, the one cross-entropy."""

import numpy as np
import pytest

from helpers.numpy_net import EPSILON, HIDDEN_ACTIVATIONS, Network, cross_entropy, mean_squared_error
from helpers.update_rules import NumpyOptimizer


def _network(activation, output="sigmoid", sizes=(3, 5, 4, 1), seed=3, **penalties):
    """A network with non-zero biases, so their gradients are tested too."""
    rng = np.random.default_rng(seed)
    network = Network(sizes, activation, output, rng=rng, **penalties)
    network.theta[...] += rng.normal(scale=0.3, size=network.theta.shape) * _bias_mask(network)
    return network


def _bias_mask(network):
    mask = np.zeros_like(network.theta)
    for _, b in network.layer_views(mask):
        b[...] = 1.0
    return mask


def _targets(output, n, rng):
    return rng.integers(0, 3, n) if output == "softmax" else rng.integers(0, 2, n) if output == "sigmoid" \
        else rng.normal(size=n)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("output, penalties", [("sigmoid", {"l2": 0.05}), ("softmax", {"l2": 0.05, "l1": 0.01}),
                                               ("linear", {"l2": 0.05})])
def test_gradient_matches_finite_differences_for_every_parameter(activation, output, penalties):
    rng = np.random.default_rng(0)
    F = rng.normal(size=(9, 3))
    network = _network(activation, output, (3, 5, 4, 3 if output == "softmax" else 1), **penalties)
    y = _targets(output, 9, rng)
    gradient = network.gradient(F, y)
    numeric = np.zeros_like(gradient)
    for i in range(network.theta.size):
        old = network.theta[i]
        network.theta[i] = old + 1e-6
        up = network.loss(F, y)
        network.theta[i] = old - 1e-6
        numeric[i] = (up - network.loss(F, y)) / 2e-6
        network.theta[i] = old
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-8)


def _keras_copy(network):
    """A Keras model with the same layers, activations, penalty and weights as ``network``."""
    import keras

    regularizer = keras.regularizers.L1L2(l1=float(network.l1), l2=float(network.l2))
    layers = [keras.Input(shape=(network.sizes[0],))]
    for i, units in enumerate(network.sizes[1:]):
        last = i == len(network.sizes) - 2
        layers.append(keras.layers.Dense(units, activation=network.output if last else network.activation,
                                         kernel_regularizer=regularizer))
    model = keras.Sequential(layers)
    model.set_weights([p.astype(np.float32) for p in network.parameters])
    return model


@pytest.mark.parametrize("activation", list(HIDDEN_ACTIVATIONS))
@pytest.mark.parametrize("output, penalties", [("sigmoid", {}), ("sigmoid", {"l2": 0.01}),
                                               ("softmax", {"l1": 0.01}), ("softmax", {"l2": 0.01})])
def test_loss_and_gradient_match_gradient_tape(activation, output, penalties):
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(3)
    F = rng.normal(size=(40, 4))
    network = _network(activation, output, (4, 5, 3, 4 if output == "softmax" else 1), **penalties)
    y = _targets(output, 40, rng)
    model = _keras_copy(network)
    loss_fn = keras.losses.BinaryCrossentropy() if output == "sigmoid" else keras.losses.SparseCategoricalCrossentropy()
    Ft, yt = tf.constant(F, tf.float32), tf.constant(y[:, None] if output == "sigmoid" else y, tf.float32)
    with tf.GradientTape() as tape:
        loss = loss_fn(yt, model(Ft)) + tf.add_n(model.losses)
    keras_gradient = np.concatenate([g.numpy().ravel() for g in tape.gradient(loss, model.trainable_variables)])
    np.testing.assert_allclose(network.loss(F, y), float(loss), rtol=2e-5)
    np.testing.assert_allclose(network.gradient(F, y), keras_gradient, rtol=2e-3, atol=2e-6)


@pytest.mark.parametrize("name", ["SGD", "Momentum", "RMSprop", "Adam"])
def test_training_steps_match_keras(name):
    """Three mini-batch steps of the whole network, against Keras' optimizer on the same model."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(0)
    F, y = rng.normal(size=(30, 2)), rng.integers(0, 2, 30)
    network = _network("tanh", "sigmoid", (2, 4, 1), l2=0.01)
    model = _keras_copy(network)
    keras_optimizer = {"SGD": keras.optimizers.SGD(0.05), "Momentum": keras.optimizers.SGD(0.05, momentum=0.9),
                       "RMSprop": keras.optimizers.RMSprop(0.05), "Adam": keras.optimizers.Adam(0.05)}[name]
    optimizer = NumpyOptimizer(name, 0.05)
    for rows in (slice(0, 10), slice(10, 20), slice(20, 30)):
        with tf.GradientTape() as tape:
            loss = keras.losses.BinaryCrossentropy()(y[rows, None].astype("float32"), model(F[rows])) \
                + tf.add_n(model.losses)
        keras_optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        network.train_step(optimizer, F[rows], y[rows])
    theirs = np.concatenate([np.asarray(v).ravel() for v in model.trainable_variables])
    np.testing.assert_allclose(network.theta, theirs, rtol=1e-4, atol=1e-5)


def test_layers_are_views_into_theta_and_start_like_keras():
    network = Network((2, 3, 1), "relu", rng=np.random.default_rng(0))
    (W1, b1), (W2, b2) = network.layers
    assert W1.shape == (2, 3) and b1.shape == (3,) and W2.shape == (3, 1) and network.theta.shape == (13,)
    assert not b1.any() and not b2.any() and np.abs(W1).max() <= np.sqrt(6 / 5)
    network.theta[...] = np.arange(13)
    np.testing.assert_array_equal(W1.ravel(), np.arange(6))
    np.testing.assert_array_equal(b2, [12])


def test_stacked_runs_equal_single_runs_with_their_own_rates():
    rng = np.random.default_rng(1)
    F, y = rng.normal(size=(24, 2)), rng.integers(0, 2, 24)
    stacked = Network((2, 6, 6, 1), "relu", rng=np.random.default_rng(5), l2=[0.0, 0.01], penalize_output=False,
                      runs=2)
    alone = Network((2, 6, 6, 1), "relu", rng=np.random.default_rng(5), l2=0.01, penalize_output=False)
    np.testing.assert_array_equal(stacked.theta[0], alone.theta)
    adam_stacked, adam_alone = NumpyOptimizer("Adam", 0.01), NumpyOptimizer("Adam", 0.01)
    for _ in range(5):
        stacked.train_step(adam_stacked, F, y)
        alone.train_step(adam_alone, F, y)
    np.testing.assert_allclose(stacked.theta[1], alone.theta, rtol=1e-12)
    assert not np.allclose(stacked.theta[0], alone.theta)
    np.testing.assert_allclose(stacked.loss(F, y), [stacked.run(r).loss(F, y) for r in range(2)], rtol=1e-12)
    assert stacked.run(1).l2 == pytest.approx(0.01) and stacked.run(1).forward(F).shape == (24,)


def test_inverted_dropout_scales_the_kept_units_and_keeps_the_expectation():
    network = Network((2, 200, 1), "relu", rng=np.random.default_rng(0), dropout=0.25)
    F = np.ones((500, 2))
    zs, outs, masks = network._forward(F, np.random.default_rng(0))
    np.testing.assert_allclose(np.unique(masks[0]), [0.0, 1 / 0.75])
    assert abs(np.mean(masks[0] == 0) - 0.25) < 0.01
    np.testing.assert_allclose(outs[1], np.maximum(zs[0], 0) * masks[0])
    _, inference, _ = network._forward(F)
    np.testing.assert_allclose(inference[1], np.maximum(zs[0], 0))


def test_float32_networks_compute_in_float32():
    network = Network((2, 8, 1), "relu", rng=np.random.default_rng(0), l2=0.01, dtype=np.float32)
    F, y = np.random.default_rng(1).normal(size=(5, 2)), np.array([0, 1, 1, 0, 1])
    assert network.forward(F).dtype == np.float32 and network.gradient(F, y).dtype == np.float32


def test_frozen_parameters_do_not_move():
    network = Network((2, 3, 1), "tanh", rng=np.random.default_rng(0))
    network.frozen = np.zeros(network.theta.shape, dtype=bool)
    network.layer_views(network.frozen)[0][0][0] = True  # the first input's weights
    before = network.theta.copy()
    network.train_step(NumpyOptimizer("Adam", 0.1), np.ones((4, 2)), np.array([0, 1, 1, 0]))
    assert np.array_equal(network.layers[0][0][0], before[:3]) and not np.array_equal(network.theta, before)


@pytest.mark.parametrize("call, message", [
    (lambda: Network((2,), rng=np.random.default_rng(0)), "at least two"),
    (lambda: Network((2, 1), "swish", rng=np.random.default_rng(0)), "activation must be one of"),
    (lambda: Network((2, 3), "relu", "sigmoid", rng=np.random.default_rng(0)), "a sigmoid has 1 unit"),
    (lambda: Network((2, 1), "relu", "softmax", rng=np.random.default_rng(0)), "a softmax 2 or more"),
    (lambda: Network((2, 1), rng=np.random.default_rng(0), dropout=1.0), r"dropout in \[0, 1\)"),
    (lambda: Network((2, 1), rng=np.random.default_rng(0), l2=-1), "l1 and l2 must be >= 0"),
])
def test_bad_networks_give_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- the one cross-entropy ------------------------------------------------------------------------

def test_cross_entropy_is_the_mean_log_loss_clipped_like_keras():
    import keras

    y, p = np.array([1, 0, 1, 1, 0]), np.array([0.9, 0.2, 0.6, 0.05, 0.4])
    assert cross_entropy(y, p) == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-12)
    assert cross_entropy(y, p) == pytest.approx(float(keras.losses.BinaryCrossentropy()(y, p)), rel=1e-5)
    assert cross_entropy([1, 0], [0.0, 1.0]) == pytest.approx(-np.log(EPSILON))  # a sure mistake costs 16.1
    assert cross_entropy([1], [1.0]) == pytest.approx(0.0, abs=1e-6)
    stacked = cross_entropy(np.broadcast_to(y, (2, 5)), np.stack([p, 1 - p]))
    np.testing.assert_allclose(stacked, [cross_entropy(y, p), cross_entropy(y, 1 - p)])
    assert np.isnan(cross_entropy([1, 0], [np.nan, 0.5]))  # a diverged network: NaN, not an error


def test_cross_entropy_from_logits_needs_no_clip():
    assert cross_entropy([1], [-800.0], from_logits=True) == pytest.approx(800.0)
    assert cross_entropy(0, [0.0, 1e4], from_logits=True) == pytest.approx(1e4)
    z = np.random.default_rng(0).normal(size=(6, 4))
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    labels = np.array([0, 1, 2, 3, 0, 1])
    assert cross_entropy(labels, z, from_logits=True) == pytest.approx(cross_entropy(labels, p), rel=1e-12)


def test_mean_squared_error_averages_over_the_examples():
    assert mean_squared_error([1.0, 2.0, 3.0], [1.5, 1.0, 3.5]) == pytest.approx(0.5)
    np.testing.assert_allclose(mean_squared_error([0.0, 0.0], [[1.0, 1.0], [2.0, 0.0]]), [1.0, 2.0])
