"""Notebook 03's formulas: collapsing linear layers, parameter counts, MSE/MAE derivatives, loss surfaces, numpy fits."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers import regression


def _random_stack(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input(shape=(3,)),
                             keras.layers.Dense(4, bias_initializer="random_normal"),
                             keras.layers.Dense(2, bias_initializer="random_normal")])


def test_two_linear_keras_layers_equal_the_combined_layer():
    two = _random_stack()
    (W, b), (W2, b2) = (layer.get_weights() for layer in two.layers)
    kernel, bias = regression.combine_linear_layers(W, b, W2, b2)
    assert kernel.shape == (3, 2) and bias.shape == (2,)
    one = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    one.layers[0].set_weights([kernel, bias])
    X = np.random.default_rng(1).normal(size=(500, 3)).astype("float32")
    np.testing.assert_allclose(two(X).numpy(), one(X).numpy(), atol=1e-5)
    np.testing.assert_allclose(two(X).numpy(), X @ kernel + bias, atol=1e-5)


def test_a_relu_between_the_layers_breaks_the_collapse():
    two = _random_stack(3)
    (W, b), (W2, b2) = (layer.get_weights() for layer in two.layers)
    kernel, bias = regression.combine_linear_layers(W, b, W2, b2)
    X = np.random.default_rng(2).normal(size=(500, 3))
    with_relu = np.maximum(X @ W + b, 0) @ W2 + b2
    assert np.abs(with_relu - (X @ kernel + bias)).max() > 0.1


def test_combine_linear_layers_validates_shapes():
    with pytest.raises(ValueError, match="kernel_2 must have one row per unit"):
        regression.combine_linear_layers(np.ones((3, 4)), np.ones(4), np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="bias_1"):
        regression.combine_linear_layers(np.ones((3, 4)), np.ones(3), np.ones((4, 2)), np.ones(2))
    with pytest.raises(ValueError, match="2-D"):
        regression.combine_linear_layers(np.ones(3), np.ones(3), np.ones((3, 2)), np.ones(2))


@pytest.mark.parametrize("n_inputs, units", [(1, [5, 1]), (1, [5, 2, 1]), (1, [1000, 1]), (9, [16, 8, 1]), (3, [4])])
def test_parameter_count_by_hand_matches_keras(n_inputs, units):
    model = keras.Sequential([keras.Input(shape=(n_inputs,))] + [keras.layers.Dense(d) for d in units])
    counts = regression.count_dense_params(n_inputs, units)
    assert counts == [layer.count_params() for layer in model.layers]
    assert sum(counts) == model.count_params()


def test_count_dense_params_rejects_bad_sizes():
    with pytest.raises(ValueError, match="positive integers"):
        regression.count_dense_params(0, [3])
    with pytest.raises(ValueError, match="positive integers"):
        regression.count_dense_params(2, [])


def _points(seed=0, n=50):
    rng = np.random.default_rng(seed)
    y_true = rng.normal(size=n)
    y_pred = y_true + rng.normal(size=n)  # errors well away from 0, where |e| has its kink
    return y_true, y_pred


@pytest.mark.parametrize("loss, gradient", [(regression.mse, regression.mse_gradient),
                                            (regression.mae, regression.mae_gradient)])
def test_loss_gradients_match_finite_differences(loss, gradient):
    y_true, y_pred = _points()
    h = 1e-6
    numeric = np.array([(loss(y_true, y_pred + h * e) - loss(y_true, y_pred - h * e)) / (2 * h)
                        for e in np.eye(len(y_pred))])
    np.testing.assert_allclose(gradient(y_true, y_pred), numeric, atol=1e-7)


@pytest.mark.parametrize("keras_loss, loss, gradient", [
    (keras.losses.MeanSquaredError(), regression.mse, regression.mse_gradient),
    (keras.losses.MeanAbsoluteError(), regression.mae, regression.mae_gradient)])
def test_losses_and_gradients_match_keras_and_autodiff(keras_loss, loss, gradient):
    y_true, y_pred = _points(1)
    variable = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        value = keras_loss(y_true, variable)
    np.testing.assert_allclose(float(value), loss(y_true, y_pred), rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(value, variable).numpy(), gradient(y_true, y_pred), atol=1e-6)


def test_mae_gradient_is_a_step_and_mse_gradient_grows_with_the_error():
    errors = np.array([-3.0, -0.1, 0.0, 0.1, 3.0])
    zeros = np.zeros_like(errors)
    np.testing.assert_allclose(regression.mae_gradient(zeros, errors) * 5, [-1, -1, 0, 1, 1])
    np.testing.assert_allclose(regression.mse_gradient(zeros, errors) * 5, 2 * errors)
    with pytest.raises(ValueError, match="same non-zero length"):
        regression.mse(np.ones(3), np.ones(4))


def test_loss_surface_matches_direct_mse_and_has_its_minimum_at_least_squares():
    rng = np.random.default_rng(0)
    x = rng.uniform(1.5, 5, 80)
    y = 45 - 7 * x + rng.normal(size=80)
    w_values, b_values = np.linspace(-12, -2, 21), np.linspace(30, 60, 31)
    surface = regression.linear_loss_surface(x, y, w_values, b_values)
    assert surface.shape == (31, 21)
    direct = np.array([[np.mean((w * x + b - y) ** 2) for w in w_values] for b in b_values])
    np.testing.assert_allclose(surface, direct, rtol=1e-10)
    w_best, b_best = regression.least_squares_line(x, y)
    np.testing.assert_allclose([w_best, b_best], np.polyfit(x, y, 1), rtol=1e-10)
    at_best = regression.linear_loss_surface(x, y, [w_best], [b_best])[0, 0]
    assert at_best <= surface.min() + 1e-9


def _curvature_ratio(x):
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])  # of the MSE in (w, b)
    eigenvalues = np.linalg.eigvalsh(hessian)
    return eigenvalues.max() / eigenvalues.min()


def test_standardising_makes_the_loss_surface_round():
    from helpers.data import standardize, weight_mpg

    X, y = weight_mpg()
    (X_s, _scaler) = standardize(X)
    assert _curvature_ratio(X[:, 0]) > 50          # raw: a long, narrow valley
    assert _curvature_ratio(X_s[:, 0]) == pytest.approx(1.0, abs=1e-5)  # standardised: a round bowl
    raw_path = regression.gradient_descent_path(X[:, 0], y, 0.0, 0.0, learning_rate=0.08, steps=50)
    std_path = regression.gradient_descent_path(X_s[:, 0], y, 0.0, 0.0, learning_rate=0.08, steps=50)
    best_raw, best_std = regression.least_squares_line(X[:, 0], y), regression.least_squares_line(X_s[:, 0], y)
    assert np.linalg.norm(std_path[-1] - best_std) < 0.01 * np.linalg.norm(raw_path[-1] - best_raw)


def test_gradient_descent_path_steps_downhill_with_the_mse_gradient():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    path = regression.gradient_descent_path(x, y, 0.0, 0.0, learning_rate=0.1, steps=1)
    # dMSE/dw = 2 mean(e x) = 2 * (-(0 + 3 + 10) / 3), dMSE/db = 2 mean(e) = 2 * (-3)
    np.testing.assert_allclose(path[1], [0.1 * 26 / 3, 0.6])
    losses = [regression.linear_loss_surface(x, y, [w], [b])[0, 0] for w, b in
              regression.gradient_descent_path(x, y, 0.0, 0.0, learning_rate=0.1, steps=20)]
    assert all(a >= b for a, b in zip(losses, losses[1:]))


def test_numpy_mlp_gradients_match_autodiff():
    """The numpy fits take exactly Keras' first Adam step for the same network and weights."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=30).astype("float32"), rng.normal(size=30).astype("float32") + 3
    fits_one_step = regression.train_mlp_fits(x, y, x, y, hidden_units=(4,), checkpoints=(1,), x_curve=x,
                                              learning_rate=0.01, seed=5)
    init = np.random.default_rng(5)
    limit = np.sqrt(6 / 5)
    W1, w2 = init.uniform(-limit, limit, 4), init.uniform(-limit, limit, 4)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    model.set_weights([W1[None, :], np.zeros(4), w2[:, None], np.array([y.mean()])])
    model.compile(optimizer=keras.optimizers.Adam(0.01, epsilon=1e-7), loss="mse")
    model.fit(x[:, None], y, batch_size=30, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(fits_one_step.curves[0, 0], model(x[:, None]).numpy()[:, 0], atol=1e-5)


def test_numpy_fits_record_curves_and_errors_and_overfit_with_many_units():
    from helpers.data import standardize, train_val_split, weight_mpg

    X, y = weight_mpg()
    X_tr, X_va, y_tr, y_va = train_val_split(X, y, 0.25, seed=0)
    X_tr, X_va, _ = standardize(X_tr, X_va)
    fits = regression.train_mlp_fits(X_tr[:40, 0], y_tr[:40], X_va[:, 0], y_va, hidden_units=(1, 1000),
                                     checkpoints=(10, 1000), x_curve=np.linspace(-2, 3, 50))
    assert fits.curves.shape == (2, 2, 50) and fits.train_mse.shape == (2, 1000) == fits.val_mse.shape
    big = fits.hidden_units.index(1000)
    assert fits.train_mse[big, -1] < fits.train_mse[big, 99]            # training error keeps falling
    assert fits.val_mse[big, -1] > 1.3 * fits.val_mse[big].min()        # validation error has risen again
    assert fits.index(1000, 10) == (1, 0)
    with pytest.raises(ValueError, match="units must be one of"):
        fits.index(7, 10)
    with pytest.raises(ValueError, match="increasing"):
        regression.train_mlp_fits(X_tr[:, 0], y_tr, X_va[:, 0], y_va, (1,), (10, 5), np.zeros(3))
