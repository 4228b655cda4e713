"""Notebook 06's numerics: update rules vs Keras, surface gradients, gradient descent, mini-batch noise."""

import numpy as np
import pytest

from helpers.optimizers import (DIVERGENCE_LIMIT, OPTIMIZER_NAMES, SURFACES, NumpyOptimizer, get_surface,
                                gradient_descent, keras_optimizer, keras_trajectories, minibatch_gradient_variance,
                                numpy_trajectories)

RNG = np.random.default_rng(6)
W0 = RNG.normal(size=(3, 2))
GRADIENTS = RNG.normal(size=(10, 3, 2))


def _keras_path(name, lr, dtype, **hyper):
    import keras

    var = keras.Variable(W0, dtype=dtype)
    optimizer = keras_optimizer(name, lr, **hyper)
    path = []
    for g in GRADIENTS:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, dtype=dtype), var)])
        path.append(var.numpy().astype(np.float64))
    return np.array(path)


def _numpy_path(name, lr, **hyper):
    optimizer, w, path = NumpyOptimizer(name, lr, **hyper), W0.copy(), []
    for g in GRADIENTS:
        w = optimizer.step(w, g)
        path.append(w)
    return np.array(path)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
@pytest.mark.parametrize("lr", [0.001, 0.1])
def test_numpy_rule_matches_keras_for_10_steps_float32(name, lr):
    assert np.abs(_keras_path(name, lr, "float32") - _numpy_path(name, lr)).max() < 1e-6


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_numpy_rule_matches_keras_for_10_steps_float64(name):
    # in float64 only Keras' float32-stored constants remain, and those we mimic: agreement to ~1e-12
    assert np.abs(_keras_path(name, 0.1, "float64") - _numpy_path(name, 0.1)).max() < 1e-8


@pytest.mark.parametrize("name, hyper", [("RMSprop", {"rho": 0.5}), ("Adam", {"beta_1": 0.5, "epsilon": 1e-3}),
                                         ("Momentum", {"momentum": 0.5}), ("Adadelta", {"rho": 0.8})])
def test_numpy_rule_matches_keras_with_other_hyper_parameters(name, hyper):
    assert np.abs(_keras_path(name, 0.05, "float64", **hyper) - _numpy_path(name, 0.05, **hyper)).max() < 1e-8


def test_the_rules_really_differ():
    # guards against a test that cannot fail: every pair of optimizers gives different paths
    paths = {name: _numpy_path(name, 0.1) for name in OPTIMIZER_NAMES}
    for a in OPTIMIZER_NAMES:
        for b in OPTIMIZER_NAMES:
            if a < b:
                assert np.abs(paths[a] - paths[b]).max() > 1e-3, (a, b)


def test_keras_3_conventions_written_out():
    # RMSprop: epsilon inside the square root; Adam: epsilon on the uncorrected sqrt(v), bias correction in the step
    w, g = np.array([0.0]), np.array([1e-3])
    rms = NumpyOptimizer("RMSprop", 1.0, epsilon=1e-2).step(w, g)
    assert np.isclose(rms[0], -1e-3 / np.sqrt(0.1 * 1e-6 + 1e-2), rtol=1e-6)
    adam = NumpyOptimizer("Adam", 1.0, epsilon=1e-2).step(w, g)
    alpha = np.float32(1.0) * np.sqrt(1 - np.float32(0.999)) / (1 - np.float32(0.9))
    assert np.isclose(adam[0], -alpha * 0.1 * 1e-3 / (np.sqrt(0.001 * 1e-6) + 1e-2), rtol=1e-6)


def test_keras_3_optimizers_have_no_minimize():
    import keras

    assert not hasattr(keras.optimizers.SGD(0.1), "minimize")
    assert hasattr(keras.optimizers.SGD(0.1), "apply_gradients")


def test_lecture_one_step_example_gives_0_9():
    import keras
    import tensorflow as tf

    sgd = keras.optimizers.SGD(learning_rate=0.1)
    var = keras.Variable(1.0)
    with tf.GradientTape() as tape:
        loss = var ** 2 / 2.0
    sgd.apply_gradients([(tape.gradient(loss, var), var)])
    assert np.isclose(float(var.numpy()), 0.9, atol=1e-7)
    assert np.isclose(NumpyOptimizer("SGD", 0.1).step(np.array([1.0]), np.array([1.0]))[0], 0.9)


# -- surfaces ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_matches_finite_differences(name):
    s = SURFACES[name]
    (x0, x1), (y0, y1) = s.bounds
    points = np.column_stack([RNG.uniform(x0, x1, 20), RNG.uniform(y0, y1, 20)])
    h = 1e-6
    numeric = np.column_stack([(s(points + [h, 0]) - s(points - [h, 0])) / (2 * h),
                               (s(points + [0, h]) - s(points - [0, h])) / (2 * h)])
    assert np.allclose(s.grad(points), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_matches_autodiff(name):
    import tensorflow as tf

    s = SURFACES[name]
    points = tf.Variable(RNG.uniform(-1.5, 1.5, size=(15, 2)))
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(s.loss(points[:, 0], points[:, 1]))
    assert np.allclose(tape.gradient(total, points).numpy(), s.grad(points.numpy()), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_minima_are_stationary_and_lowest_nearby(name):
    s = SURFACES[name]
    for m in s.minima:
        assert np.allclose(s.grad(m), 0.0, atol=1e-9)
        around = np.array(m) + 0.05 * RNG.normal(size=(50, 2))
        assert np.all(s(around) > s(m))


def test_saddle_is_a_saddle_and_trap_has_a_deeper_left_valley():
    saddle = SURFACES["saddle"]
    assert np.allclose(saddle.grad([0.0, 0.0]), 0)
    assert saddle([0.1, 0.0]) > 0 > saddle([0.0, 0.1])
    left, right = SURFACES["trap"].minima
    assert left[0] < 0 < right[0] and SURFACES["trap"](left) < SURFACES["trap"](right) - 1.0


def test_get_surface_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown surface 'banana'"):
        get_surface("banana")


# -- gradient descent and divergence ----------------------------------------------------------


@pytest.mark.parametrize("eta", [0.05, 0.3, 0.7, 0.95])
def test_gradient_descent_follows_the_factor_1_minus_eta_a(eta):
    result = gradient_descent(lambda w: 2.0 * (w - 1.0), -2.0, eta, steps=12)
    assert not result.diverged
    assert np.allclose(result.path - 1.0, -3.0 * (1 - 2 * eta) ** np.arange(13))


def test_divergence_is_detected_and_never_plotted():
    result = gradient_descent(lambda w: 2.0 * (w - 1.0), -2.0, 1.5, steps=100, limit=1e3)
    assert result.diverged and result.diverged_at == 9  # |w - 1| = 3 * 2^t passes 1000 at t = 9
    assert np.all(np.isfinite(result.path)) and np.abs(result.path).max() <= 1e3


def test_divergence_to_overflow_gives_no_warning_and_no_nan():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradient_descent(lambda w: w ** 3, 10.0, 1.0, steps=20)
    assert result.diverged and np.all(np.isfinite(result.path))


def test_gradient_descent_validates_its_inputs():
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        gradient_descent(lambda w: w, 1.0, -0.1, 5)
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        gradient_descent(lambda w: w, 1.0, 0.1, 0)


def test_numpy_trajectories_freeze_diverged_runs():
    runs = numpy_trajectories("SGD", "bowl", [0.1, 0.5, 1.2], steps=100)
    assert list(runs.diverged_at[:2]) == [-1, -1] and runs.diverged_at[2] > 0
    assert np.all(np.isnan(runs.path[runs.diverged_at[2]:, 2]))
    assert np.all(np.abs(runs.path[: runs.diverged_at[2], 2]) < DIVERGENCE_LIMIT)


def test_numpy_trajectories_per_learning_rate_equal_separate_runs():
    together = numpy_trajectories("Adam", "rosenbrock", [0.01, 0.1], steps=30).path
    for i, lr in enumerate([0.01, 0.1]):
        assert np.allclose(together[:, i], numpy_trajectories("Adam", "rosenbrock", [lr], steps=30).path[:, 0])


@pytest.mark.parametrize("name, lr", [("SGD", 0.1), ("Momentum", 0.02), ("RMSprop", 0.05), ("Adam", 0.1),
                                      ("Nadam", 0.1), ("Ftrl", 0.5)])
def test_keras_trajectories_on_all_surfaces_match_numpy(name, lr):
    keras_path = keras_trajectories(keras_optimizer(name, lr), list(SURFACES), steps=30)
    numpy_path = np.stack([numpy_trajectories(name, s, [lr], 30).path[:, 0] for s in SURFACES], axis=1)
    assert keras_path.shape == (31, 4, 2)
    assert np.abs(keras_path - numpy_path).max() < 1e-4


def test_keras_trajectories_validates_its_inputs():
    with pytest.raises(ValueError, match="keras optimizer"):
        keras_trajectories("adam")


def test_the_trap_needs_momentum():
    # the notebook's story: momentum reaches the deeper left valley, plain SGD and Adam stay in the right one
    ends = {n: numpy_trajectories(n, "trap", [lr], 60).path[-1, 0] for n, lr in
            [("SGD", 0.1), ("Momentum", 0.02), ("Adam", 0.1)]}
    assert ends["Momentum"][0] < -1 and ends["SGD"][0] > 1 and ends["Adam"][0] > 1


# -- mini-batches -----------------------------------------------------------------------------


def test_minibatch_variance_matches_theory_and_vanishes_at_full_batch():
    G = RNG.normal(size=(200, 2)) * [1.0, 3.0] + [0.5, -1.0]
    measured, predicted = minibatch_gradient_variance(G, [1, 4, 16, 64, 200], n_batches=3000, seed=1)
    assert np.allclose(measured[:-1], predicted[:-1], rtol=0.1)
    assert measured[-1] < 1e-20 and predicted[-1] == 0
    sigma2 = np.mean(np.sum((G - G.mean(0)) ** 2, axis=1))
    assert np.isclose(predicted[0], sigma2)


def test_minibatch_variance_validates_batch_sizes():
    with pytest.raises(ValueError, match="at most N = 10"):
        minibatch_gradient_variance(np.ones((10, 2)), [20])
