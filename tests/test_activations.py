"""Every activation's analytic derivative against finite differences and TensorFlow's autodiff."""

import numpy as np
import pytest

from helpers import activations as act

Z = np.concatenate([np.linspace(-8, 8, 161), [-30.0, -1e-3, 1e-3, 30.0]])
Z_AWAY_FROM_KINKS = Z[np.abs(Z) > 1e-2]  # ReLU-family derivatives jump at 0


@pytest.mark.parametrize("name", list(act.ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    a = act.ACTIVATIONS[name]
    h = 1e-5
    numeric = (a.g(Z_AWAY_FROM_KINKS + h) - a.g(Z_AWAY_FROM_KINKS - h)) / (2 * h)
    np.testing.assert_allclose(a.g_prime(Z_AWAY_FROM_KINKS), numeric, atol=1e-7)


@pytest.mark.parametrize("name", list(act.ACTIVATIONS))
def test_function_and_derivative_match_keras_and_autodiff(name):
    import keras
    import tensorflow as tf

    a = act.ACTIVATIONS[name]
    z = tf.constant(Z_AWAY_FROM_KINKS, dtype=tf.float64)
    keras_fn = keras.activations.get(a.keras_name)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = keras_fn(z)
    np.testing.assert_allclose(a.g(Z_AWAY_FROM_KINKS), out.numpy(), atol=1e-7)
    np.testing.assert_allclose(a.g_prime(Z_AWAY_FROM_KINKS), tape.gradient(out, z).numpy(), atol=1e-7)


def test_textbook_identities():
    s = act.sigmoid(Z)
    np.testing.assert_allclose(act.sigmoid_prime(Z), s * (1 - s))
    np.testing.assert_allclose(act.tanh_prime(Z), 1 - np.tanh(Z) ** 2)
    assert act.sigmoid_prime(0.0) == pytest.approx(0.25)
    assert act.sigmoid_prime(Z).max() == pytest.approx(0.25)
    np.testing.assert_allclose(act.relu([-2.0, 0.0, 3.0]), [0, 0, 3])
    np.testing.assert_allclose(act.relu_prime([-2.0, 0.0, 3.0]), [0, 0, 1])
    np.testing.assert_allclose(act.step([-0.1, 0.0, 0.1]), [0, 1, 1])


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        out = act.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 1.0])


def test_get_activation_names_unknown():
    assert act.get_activation("relu").keras_name == "relu"
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        act.get_activation("swish")
