"""The formulas of notebook 01: the neuron's gradient (vs finite differences and tf.GradientTape),
Rosenblatt's rule, gradient descent vs Keras SGD, and the forward passes vs Keras Dense layers."""

import numpy as np
import pytest

from helpers import data, neuron
from helpers.activations import sigmoid


@pytest.fixture
def wine():
    d = data.wine(binary=True)
    return d.X.astype(np.float64), d.y


def _loss(X, y, w, b):
    return neuron.log_loss(y, neuron.forward(X, w, b, "sigmoid"))


def test_weighted_sum_and_forward():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    w, b = np.array([0.5, -1.0]), 0.25
    np.testing.assert_allclose(neuron.weighted_sum(X, w, b), [0.25 + 0.5 - 2.0, 0.25 - 0.5 - 0.5])
    np.testing.assert_allclose(neuron.forward(X, w, b, "step"), [0.0, 0.0])
    np.testing.assert_allclose(neuron.forward(X, w, b), sigmoid(neuron.weighted_sum(X, w, b)))
    assert neuron.weighted_sum(np.array([2.0, 0.0]), w, 0.0).shape == (1,)


@pytest.mark.parametrize("call, message", [
    (lambda: neuron.weighted_sum(np.ones((3, 3)), np.ones(2), 0.0), r"shape \(n, 2\)"),
    (lambda: neuron.weighted_sum(np.ones((3, 2)), np.ones((2, 1)), 0.0), "1-D array"),
    (lambda: neuron.weighted_sum(np.ones((3, 2)), np.ones(2), [1.0, 2.0]), "single finite number"),
    (lambda: neuron.forward(np.ones((3, 2)), np.ones(2), 0.0, "relu"), "activation must be one of"),
    (lambda: neuron.log_loss([0, 2], [0.5, 0.5]), "labels 0 and 1"),
    (lambda: neuron.log_loss([0, 1, 1], [0.5, 0.5]), "one label per point"),
    (lambda: neuron.gradient_step(np.ones((2, 2)), [0, 1], np.ones(2), 0.0, learning_rate=0), "positive"),
    (lambda: neuron.rosenblatt_update(np.ones((2, 2)), 1, np.ones(2), 0.0), "single point"),
    (lambda: neuron.train_rosenblatt(np.ones((2, 2)), [0, 1], np.ones(2), 0.0, max_epochs=0), "max_epochs"),
    (lambda: neuron.init_weights(0), "positive integer"),
    (lambda: neuron.dense_forward(np.ones((3, 2)), np.ones((3, 4)), np.ones(4)), r"shape \(n, 3\)"),
    (lambda: neuron.dense_forward(np.ones((3, 2)), np.ones((2, 4)), np.ones(3)), r"b shape \(units,\)"),
])
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_init_weights_is_seeded_normal():
    w, b = neuron.init_weights(3, sigma=0.5, seed=4)
    w2, b2 = neuron.init_weights(3, sigma=0.5, seed=4)
    assert w.shape == (3,) and isinstance(b, float)
    np.testing.assert_array_equal(w, w2)
    assert b == b2
    many, _ = neuron.init_weights(20000, sigma=0.5, seed=1)
    assert abs(many.mean()) < 0.02 and abs(many.std() - 0.5) < 0.02


def test_log_loss_matches_keras_and_the_formula(wine):
    import keras

    X, y = wine
    y_hat = neuron.forward(X, np.array([0.3, -0.7]), 0.1)
    expected = -np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    assert neuron.log_loss(y, y_hat) == pytest.approx(expected, rel=1e-12)
    keras_value = float(keras.losses.BinaryCrossentropy()(y.astype("float32"), y_hat.astype("float32")))
    assert neuron.log_loss(y, y_hat) == pytest.approx(keras_value, rel=1e-5)
    assert np.isfinite(neuron.log_loss([1, 0], [0.0, 1.0]))  # clipped, never log(0)


def test_chain_rule_factors_multiply_to_the_gradient(wine):
    X, y = wine
    w, b = np.array([0.4, -0.2]), 0.3
    f = neuron.chain_rule_factors(X, y, w, b)
    grad_w, grad_b = neuron.log_loss_gradient(X, y, w, b)
    np.testing.assert_allclose((f["dJ_dyhat"] * f["dyhat_dz"]) @ f["dz_dw"], grad_w, rtol=1e-10)
    np.testing.assert_allclose(np.sum(f["dJ_dyhat"] * f["dyhat_dz"]), grad_b, rtol=1e-10)
    y_hat = sigmoid(X @ w + b)
    np.testing.assert_allclose(f["dyhat_dz"], y_hat * (1 - y_hat))


@pytest.mark.parametrize("w, b", [(np.array([0.4, -0.2]), 0.3), (np.array([-3.0, 2.0]), -1.0), (np.zeros(2), 0.0)])
def test_gradient_matches_finite_differences(wine, w, b):
    X, y = wine
    grad_w, grad_b = neuron.log_loss_gradient(X, y, w, b)
    h = 1e-6
    fd_w = [(_loss(X, y, w + h * e, b) - _loss(X, y, w - h * e, b)) / (2 * h) for e in np.eye(2)]
    fd_b = (_loss(X, y, w, b + h) - _loss(X, y, w, b - h)) / (2 * h)
    np.testing.assert_allclose(grad_w, fd_w, atol=1e-8)
    assert grad_b == pytest.approx(fd_b, abs=1e-8)


def test_gradient_matches_gradient_tape(wine):
    import tensorflow as tf

    X, y = wine
    w, b = np.array([0.4, -0.2]), 0.3
    w_tf, b_tf = tf.Variable(w), tf.Variable(b, dtype=tf.float64)
    with tf.GradientTape() as tape:
        y_hat = tf.sigmoid(b_tf + tf.linalg.matvec(tf.constant(X), w_tf))
        loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(y[:, None].astype("float64"), y_hat[:, None]))
    tape_w, tape_b = tape.gradient(loss, [w_tf, b_tf])
    grad_w, grad_b = neuron.log_loss_gradient(X, y, w, b)
    np.testing.assert_allclose(grad_w, tape_w.numpy(), atol=1e-6)
    assert grad_b == pytest.approx(float(tape_b.numpy()), abs=1e-6)


def test_gradient_steps_lower_the_loss_and_match_keras_sgd(wine):
    import keras

    X, y = wine
    w0, b0 = np.array([0.4, -0.2]), 0.3
    w, b = w0.copy(), b0
    losses = [_loss(X, y, w, b)]
    for _ in range(50):
        w, b = neuron.gradient_step(X, y, w, b, learning_rate=0.5)
        losses.append(_loss(X, y, w, b))
    assert all(later <= earlier + 1e-12 for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < 0.6 * losses[0]

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.layers[0].set_weights([w0.reshape(2, 1), np.array([b0])])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
    model.fit(np.tile(X, (50, 1)), np.tile(y, 50), batch_size=len(X), epochs=1, shuffle=False, verbose=0)
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_allclose(kernel[:, 0], w, atol=1e-4)
    assert float(bias[0]) == pytest.approx(b, abs=1e-4)


def test_rosenblatt_update_follows_the_rule():
    w, b = np.array([0.5, 1.0]), 0.2
    x = np.array([1.0, -2.0])  # z = -1.3: called 0
    w_new, b_new = neuron.rosenblatt_update(x, 1, w, b, learning_rate=0.5)
    np.testing.assert_allclose(w_new, w + 0.5 * x)
    assert b_new == pytest.approx(0.7)
    w_same, b_same = neuron.rosenblatt_update(x, 0, w, b, learning_rate=0.5)  # already right
    np.testing.assert_array_equal(w_same, w)
    assert b_same == b
    w_down, b_down = neuron.rosenblatt_update(-x, 0, w, b, learning_rate=1.0)  # z = 1.7: called 1, label 0
    np.testing.assert_allclose(w_down, w + x)
    assert b_down == pytest.approx(-0.8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rosenblatt_converges_on_separable_data(seed):
    X, y = data.blobs(n=120, noise=0.6, seed=seed)
    w, b, errors = neuron.train_rosenblatt(X, y, np.array([0.5, -1.0]), 0.5, max_epochs=100)
    assert errors[-1] == 0 and len(errors) < 100
    assert neuron.error_count(X, y, w, b) == 0
    assert neuron.next_mistake(X, y, w, b) is None


def test_rosenblatt_keeps_going_on_overlapping_data(wine):
    X, y = wine
    _, _, errors = neuron.train_rosenblatt(X, y, np.zeros(2), 0.0, max_epochs=10)
    assert len(errors) == 10 and min(errors) > 0


def test_next_mistake_wraps_around():
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0]])
    y = np.array([0, 0, 1])
    w, b = np.array([1.0, 0.0]), 0.0  # calls points 0 and 2 class 1: point 0 is the only mistake
    assert neuron.next_mistake(X, y, w, b, start=0) == 0
    assert neuron.next_mistake(X, y, w, b, start=1) == 0


def test_forward_passes_match_keras_dense_layers():
    import keras

    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 2)).astype("float32")
    w, b = rng.normal(size=2), 0.3
    one = keras.layers.Dense(1, activation="sigmoid")
    one.build((None, 2))
    one.set_weights([w.reshape(2, 1), np.array([b])])
    np.testing.assert_allclose(neuron.forward(X, w, b), one(X).numpy()[:, 0], atol=1e-6)

    W, b_vec = rng.normal(size=(2, 3)), rng.normal(size=3)
    several = keras.layers.Dense(3, activation="sigmoid")
    several.build((None, 2))
    several.set_weights([W, b_vec])
    np.testing.assert_allclose(neuron.dense_forward(X, W, b_vec), several(X).numpy(), atol=1e-6)
    manual = np.array([[sigmoid(b_vec[i] + sum(x[j] * W[j, i] for j in range(2))) for i in range(3)] for x in X])
    np.testing.assert_allclose(neuron.dense_forward(X, W, b_vec), manual, atol=1e-12)

    W1, b1, W2, b2 = rng.normal(size=(2, 4)), rng.normal(size=4), rng.normal(size=(4, 2)), rng.normal(size=2)
    mlp = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4, activation="sigmoid"),
                            keras.layers.Dense(2, activation="sigmoid")])
    mlp.layers[0].set_weights([W1, b1])
    mlp.layers[1].set_weights([W2, b2])
    np.testing.assert_allclose(neuron.one_hidden_layer_forward(X, W1, b1, W2, b2), mlp.predict_on_batch(X),
                               atol=1e-6)


def test_hand_made_xor_network_computes_xor():
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    W1, b1 = 10 * np.array([[1.0, -1.0], [1.0, -1.0]]), 10 * np.array([-0.5, 1.5])
    W2, b2 = 10 * np.array([[1.0], [1.0]]), 10 * np.array([-1.5])
    out = neuron.one_hidden_layer_forward(inputs, W1, b1, W2, b2)[:, 0]
    np.testing.assert_array_equal(out > 0.5, [False, True, True, False])
