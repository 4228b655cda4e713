"""Notebook 05: every number and formula it states, checked against numpy references, Keras and autodiff."""

import numpy as np
import pytest

from helpers.numpy_net import cross_entropy
from helpers.softmax import entropy, log_softmax, logsumexp, sample_with_temperature, softmax, softmax_unchecked

LECTURE_Z = np.array([0.1, 1, 5])
WORDS_Z = np.array([3.0, 2.2, 1.8, 0.5, -1.0, -2.0])


def test_lecture_worked_example_values():
    np.testing.assert_allclose(np.exp(LECTURE_Z), [1.10517092, 2.71828183, 148.4131591], rtol=1e-8)
    np.testing.assert_allclose(softmax(LECTURE_Z), [0.00725956, 0.01785564, 0.9748848], atol=5e-9)
    p = softmax(LECTURE_Z)
    assert p.sum() == pytest.approx(1.0) and np.all(p > 0)
    assert p[2] / p[1] == pytest.approx(np.exp(4.0))  # p_i / p_j = e^(z_i - z_j)


def test_softmax_is_shift_invariant_and_matches_keras():
    import keras

    np.testing.assert_allclose(softmax(LECTURE_Z + 100), softmax(LECTURE_Z))
    batch = np.random.default_rng(0).normal(size=(5, 7)) * 10
    np.testing.assert_allclose(softmax(batch), np.asarray(keras.ops.softmax(batch)), atol=1e-12)
    np.testing.assert_allclose(softmax(batch, axis=0), np.asarray(keras.ops.softmax(batch, axis=0)), atol=1e-12)


def test_temperature_divides_the_scores_and_ratios_follow_exp_of_difference_over_T():
    for T in (0.3, 1.0, 4.0):
        p = softmax(WORDS_Z, T)
        np.testing.assert_allclose(p, softmax(WORDS_Z / T))
        assert p[0] / p[1] == pytest.approx(np.exp((WORDS_Z[0] - WORDS_Z[1]) / T))


def test_temperature_limits_uniform_and_one_hot():
    k = len(WORDS_Z)
    np.testing.assert_allclose(softmax(WORDS_Z, 1000.0), np.full(k, 1 / k), atol=1e-3)
    np.testing.assert_allclose(softmax(WORDS_Z, 1e6), np.full(k, 1 / k), atol=1e-6)
    np.testing.assert_allclose(softmax(WORDS_Z, 0.05), np.eye(k)[0], atol=1e-5)
    np.testing.assert_allclose(softmax(WORDS_Z, 1e-4), np.eye(k)[0], atol=1e-12)
    # the largest probability falls and the entropy rises monotonically with T
    temperatures = np.logspace(-2, 3, 60)
    largest = [softmax(WORDS_Z, T).max() for T in temperatures]
    H = [entropy(softmax(WORDS_Z, T)) for T in temperatures]
    assert np.all(np.diff(largest) <= 1e-12) and np.all(np.diff(H) >= -1e-12)


def test_boltzmann_form_with_energies_equal_to_minus_logits():
    energies, T = -WORDS_Z, 2.5
    boltzmann = np.exp(-energies / T) / np.sum(np.exp(-energies / T))
    np.testing.assert_allclose(softmax(WORDS_Z, T), boltzmann)
    assert np.log(np.sum(np.exp(-energies / T))) == pytest.approx(logsumexp(WORDS_Z / T))  # ln Z = LSE


def test_entropy_zero_for_one_hot_and_ln_k_for_uniform():
    assert entropy(np.array([0.0, 1.0, 0.0])) == 0.0
    assert entropy(np.full(6, 1 / 6)) == pytest.approx(np.log(6))
    assert entropy(softmax(WORDS_Z)) == pytest.approx(1.1754, abs=1e-4)  # the widget's starting value


def test_naive_softmax_overflows_and_the_stable_one_does_not():
    z_big = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z_big) / np.sum(np.exp(z_big))
    assert np.all(np.isnan(naive))
    np.testing.assert_allclose(softmax(z_big), [0.09003057, 0.24472847, 0.66524096], atol=1e-8)
    np.testing.assert_allclose(softmax(z_big), softmax(z_big - 1000))
    np.testing.assert_allclose(softmax(np.array([-1000.0, -1001.0])), softmax(np.array([0.0, -1.0])))


def test_logsumexp_identity_bounds_and_log_softmax():
    z_big = np.array([1000.0, 1001.0, 1002.0])
    assert float(logsumexp(z_big)) == pytest.approx(1002 + np.log(1 + np.exp(-1) + np.exp(-2)), rel=1e-14)
    assert float(logsumexp(z_big)) == pytest.approx(1002.407606, abs=1e-6)
    assert float(logsumexp(LECTURE_Z)) == pytest.approx(np.log(np.sum(np.exp(LECTURE_Z))))
    z = np.random.default_rng(1).normal(size=8) * 5
    assert z.max() <= logsumexp(z) <= z.max() + np.log(len(z))
    np.testing.assert_allclose(log_softmax(z), np.log(softmax(z)))
    # log softmax stays exact where softmax underflows to 0
    assert log_softmax(np.array([0.0, 800.0]))[0] == pytest.approx(-800.0)


def test_sampling_frequencies_match_softmax_over_T():
    for T in (0.25, 1.0, 4.0):
        draws = sample_with_temperature(WORDS_Z, T, 40_000, seed=3)
        frequencies = np.bincount(draws, minlength=len(WORDS_Z)) / len(draws)
        np.testing.assert_allclose(frequencies, softmax(WORDS_Z, T), atol=0.01)
    np.testing.assert_array_equal(sample_with_temperature(WORDS_Z, 1.0, 50, seed=7),
                                  sample_with_temperature(WORDS_Z, 1.0, 50, seed=7))
    assert set(sample_with_temperature(WORDS_Z, 0.01, 200, seed=0)) == {0}


def test_cross_entropy_matches_keras_sparse_and_categorical():
    import keras

    P = np.array([[0.80, 0.15, 0.05], [0.30, 0.40, 0.30], [0.02, 0.03, 0.95]])
    labels = np.array([0, 1, 0])
    ours = cross_entropy(labels, P)
    assert ours == pytest.approx(np.mean(-np.sum(np.eye(3)[labels] * np.log(P), axis=1)), rel=1e-12)
    assert ours == pytest.approx(1.6838, abs=1e-4)  # the notebook's printed value
    assert float(keras.losses.SparseCategoricalCrossentropy()(labels, P)) == pytest.approx(ours, rel=1e-5)
    assert float(keras.losses.CategoricalCrossentropy()(np.eye(3)[labels], P)) == pytest.approx(ours, rel=1e-5)


def test_cross_entropy_from_logits_is_lse_minus_true_logit_and_matches_keras():
    import keras

    logits = np.random.default_rng(2).normal(size=(6, 4)) * 3
    labels = np.array([0, 1, 2, 3, 0, 1])
    ours = cross_entropy(labels, logits, from_logits=True)
    assert ours == pytest.approx(np.mean(logsumexp(logits, axis=1) - logits[np.arange(6), labels]), rel=1e-12)
    assert ours == pytest.approx(cross_entropy(labels, softmax(logits)), rel=1e-12)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    assert float(keras_loss) == pytest.approx(ours, rel=1e-5)


def test_perfect_prediction_costs_nothing_and_confident_mistakes_grow_until_the_clip():
    assert cross_entropy(0, np.array([1.0, 0.0])) == pytest.approx(0.0, abs=1e-6)
    losses = [cross_entropy(0, np.array([p, 1 - p])) for p in (0.9, 0.5, 0.1, 0.01, 1e-6)]
    np.testing.assert_allclose(losses, [0.1054, 0.6931, 2.3026, 4.6052, 13.8155], atol=1e-4)
    assert np.all(np.diff(losses) > 0)
    assert cross_entropy(0, np.array([0.0, 1.0])) == pytest.approx(-np.log(1e-7))  # clipped, as Keras does
    assert cross_entropy(0, np.array([0.0, 1e4]), from_logits=True) == pytest.approx(1e4)  # logits: unbounded


def test_loss_from_float32_probabilities_is_clipped_and_has_zero_gradient():
    import keras
    import tensorflow as tf

    logits = np.array([[0.0, 30.0]], dtype="float32")
    y = np.array([0])
    p = np.asarray(keras.ops.softmax(logits))
    from_logits = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits))
    from_probabilities = float(keras.losses.SparseCategoricalCrossentropy()(y, p))
    assert from_logits == pytest.approx(30.0, rel=1e-6)
    assert from_probabilities == pytest.approx(-np.log(1e-7), rel=1e-5)  # 16.1181, the clip
    assert float(cross_entropy(y, logits, from_logits=True)) == pytest.approx(30.0)
    # float32 probabilities underflow to exactly 0 for a gap above ~104
    assert np.asarray(keras.ops.softmax(np.array([[0.0, 120.0]], dtype="float32")))[0, 0] == 0.0
    # the gradient: p - y from logits, zero on the clipped plateau
    x = tf.Variable(logits)
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy()(y, tf.nn.softmax(x))
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), 0.0)
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, x)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), softmax(logits) - np.eye(2)[y], atol=1e-6)


def test_keras_clips_only_probabilities_given_as_plain_numbers():
    """Section 3's 'where the clip applies': with TensorFlow, Keras 3 recovers the logits of a softmax or sigmoid
    tensor (also a softmax output layer in evaluate), and clips only numbers (numpy, predict's output)."""
    import keras
    import tensorflow as tf

    logits = np.array([[0.0, 30.0]], dtype="float32")
    y = np.array([0])
    loss = keras.losses.SparseCategoricalCrossentropy()
    clip = -np.log(1e-7)
    p_tensor = keras.ops.softmax(logits)
    assert float(loss(y, np.asarray(p_tensor))) == pytest.approx(clip, rel=1e-5)
    assert float(loss(y, p_tensor)) == pytest.approx(30.0, rel=1e-6)
    assert float(loss(y, tf.identity(p_tensor))) == pytest.approx(clip, rel=1e-5)  # another op in between: numbers
    bce = keras.losses.BinaryCrossentropy()
    z = np.array([[-30.0]], dtype="float32")
    assert float(bce(np.ones((1, 1)), keras.ops.sigmoid(z))) == pytest.approx(30.0, rel=1e-6)
    assert float(bce(np.ones((1, 1)), np.asarray(keras.ops.sigmoid(z)))) == pytest.approx(clip, rel=1e-5)

    softmax_output = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Activation("softmax")])
    softmax_output.compile(loss=keras.losses.SparseCategoricalCrossentropy())
    assert softmax_output.evaluate(logits, y, verbose=0) == pytest.approx(30.0, rel=1e-6)
    assert float(loss(y, softmax_output.predict(logits, verbose=0))) == pytest.approx(clip, rel=1e-5)
    # and the gradient through a softmax output layer keeps teaching: p - y, not 0
    x = tf.Variable(logits)
    with tf.GradientTape() as tape:
        value = loss(y, keras.activations.softmax(x))
    np.testing.assert_allclose(tape.gradient(value, x).numpy(), softmax(logits) - np.eye(2)[y], atol=1e-6)


def test_lecture_bce_from_logits_and_mse_snippets():
    import keras

    y_true = np.array([0.0, 1.0, 1.0, 0.0])
    y_pred = np.array([-2.0, 3.0, 0.5, 1.0])
    keras_bce = float(keras.losses.BinaryCrossentropy(from_logits=True)(y_true, y_pred))
    p = 1 / (1 + np.exp(-y_pred))
    written_out = -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    assert keras_bce == pytest.approx(written_out, rel=1e-5)
    assert keras_bce == pytest.approx(0.49071, abs=1e-5)
    assert cross_entropy(y_true, y_pred, from_logits=True) == pytest.approx(cross_entropy(y_true, p), rel=1e-12)
    assert cross_entropy(y_true, p) == pytest.approx(written_out, rel=1e-12)
    assert float(keras.losses.MeanSquaredError()(np.array([1.0, 2.0, 3.0]), np.array([1.5, 1.0, 3.5]))) == \
        pytest.approx(0.5)


def test_binary_cross_entropy_limits():
    assert cross_entropy(np.array([1.0]), np.array([1.0])) == pytest.approx(0.0, abs=1e-6)
    assert cross_entropy(np.array([0.0]), np.array([1.0])) == pytest.approx(-np.log(1e-7))
    assert cross_entropy(np.array([1.0]), np.array([-800.0]), from_logits=True) == pytest.approx(800.0)


def test_the_unchecked_softmax_is_the_softmax_and_lets_nan_through():
    z = np.random.default_rng(0).normal(size=(4, 3))
    np.testing.assert_array_equal(softmax_unchecked(z), softmax(z))
    assert np.isnan(softmax_unchecked(np.array([[1.0, np.nan]]))).all()


@pytest.mark.parametrize("call, message", [
    (lambda: softmax([1.0, np.nan]), "finite"),
    (lambda: softmax([]), "at least one score"),
    (lambda: softmax("abc"), "array of numbers"),
    (lambda: softmax([1.0, 2.0], T=0), "positive finite"),
    (lambda: softmax([1.0, 2.0], T=True), "positive finite"),
    (lambda: entropy([0.5, 0.6]), "sum to 1"),
    (lambda: entropy([-0.5, 1.5]), "between 0 and 1"),
    (lambda: sample_with_temperature([[1.0, 2.0]], 1.0, 5), "1-D"),
    (lambda: sample_with_temperature([1.0, 2.0], 1.0, 0), "positive integer"),
    (lambda: cross_entropy(2, [0.5, 0.5]), "from 0 to 1"),
    (lambda: cross_entropy(0.5, [0.5, 0.5]), "integer class indices"),
    (lambda: cross_entropy([0, 1, 1], [[0.5, 0.5], [0.5, 0.5]]), "or that shape plus a last axis of class scores"),
    (lambda: cross_entropy([2.0], [0.5]), "0/1"),
    (lambda: cross_entropy([1.0], [1.5]), "between 0 and 1"),
    (lambda: cross_entropy([1.0, 0.0], [0.5], from_logits=True), r"must have y's shape \(2,\)"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_raw_digits_divided_by_16_are_the_scaled_digits_with_the_same_split():
    """Section 5 loads raw pixels (``scale=False``) and divides by 16.0 in sight: the same images and split."""
    from helpers.data import digits_or_mnist

    raw = digits_or_mnist(prefer_mnist=False, seed=3, verbose=False, scale=False)
    scaled = digits_or_mnist(prefer_mnist=False, seed=3, verbose=False)
    assert raw.x_train.min() == 0 and raw.x_train.max() == 16 and raw.source == "digits"
    np.testing.assert_allclose(raw.x_train / 16.0, scaled.x_train, rtol=1e-6)
    np.testing.assert_allclose(raw.x_test / 16.0, scaled.x_test, rtol=1e-6)
    np.testing.assert_array_equal(raw.y_train, scaled.y_train)


def test_the_untrained_loss_of_uniform_probabilities_is_ln_k():
    """Section 5's check: logits all equal give p = 1/k and the loss ln k, in numpy and in Keras."""
    import keras

    for k in (2, 10, 26):
        logits = np.zeros((4, k))
        labels = np.arange(4) % k
        assert cross_entropy(labels, softmax(logits)) == pytest.approx(np.log(k))
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
        assert float(loss) == pytest.approx(np.log(k), rel=1e-6)
