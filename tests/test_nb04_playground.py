"""The playground engine of notebook 04: its backprop against autodiff, its optimizers against Keras, its state."""

import warnings

import numpy as np
import pytest

from helpers.playground import (ACTIVATIONS, MLP, OPTIMIZERS, PRESETS, Optimizer, Playground, PlaygroundState,
                                feature_matrix, preset)


def _keras_copy(mlp: MLP):
    """A Keras model with the same layers, activations, penalty and weights as ``mlp``."""
    import keras

    regularizer = {"none": None, "L1": keras.regularizers.L1(mlp.reg_rate),
                   "L2": keras.regularizers.L2(mlp.reg_rate)}[mlp.regularization]
    n_in = mlp.weights[0][0].shape[0]
    layers = [keras.Input(shape=(n_in,))]
    for i, (W, _b) in enumerate(mlp.weights):
        last = i == len(mlp.weights) - 1
        activation = ("sigmoid" if mlp.n_classes == 2 else "softmax") if last else mlp.activation
        layers.append(keras.layers.Dense(W.shape[1], activation=activation, kernel_regularizer=regularizer))
    model = keras.Sequential(layers)
    model.set_weights([p.astype(np.float32) for p in mlp.parameters])
    return model


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("n_classes, regularization", [(2, "none"), (2, "L2"), (3, "L1"), (4, "L2")])
def test_backprop_matches_gradient_tape(activation, n_classes, regularization):
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    F = feature_matrix(X, ("x1", "x2", "x1x2", "sin_x1"))
    y = rng.integers(0, n_classes, size=40)
    mlp = MLP(F.shape[1], (5, 3), n_classes, activation, regularization, 0.01, rng=rng)
    for W, b in mlp.weights:  # non-zero biases, so their gradients are tested too
        b += rng.normal(scale=0.3, size=b.shape)
    model = _keras_copy(mlp)
    loss_fn = keras.losses.BinaryCrossentropy() if n_classes == 2 else keras.losses.SparseCategoricalCrossentropy()
    Ft, yt = tf.constant(F, tf.float32), tf.constant(y[:, None] if n_classes == 2 else y, tf.float32)
    with tf.GradientTape() as tape:
        loss = loss_fn(yt, model(Ft)) + tf.add_n(model.losses) if model.losses else loss_fn(yt, model(Ft))
    keras_grads = tape.gradient(loss, model.trainable_variables)
    np.testing.assert_allclose(mlp.loss(F, y), float(loss), rtol=2e-5)
    for ours, theirs in zip(mlp.gradients(F, y), keras_grads):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=2e-3, atol=2e-6)


def test_backprop_matches_finite_differences():
    rng = np.random.default_rng(1)
    F = rng.normal(size=(15, 3))
    y = rng.integers(0, 3, size=15)
    mlp = MLP(3, (4,), 3, "tanh", "L2", 0.05, rng=rng)
    grads = mlp.gradients(F, y)
    for p, g in zip(mlp.parameters, grads):
        for index in [(0,), (-1,)] if p.ndim == 1 else [(0, 0), (-1, -1)]:
            old = p[index]
            p[index] = old + 1e-6
            up = mlp.loss(F, y)
            p[index] = old - 1e-6
            down = mlp.loss(F, y)
            p[index] = old
            assert g[index] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_updates_match_keras(name):
    import keras

    rng = np.random.default_rng(0)
    start = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    gradients = [[rng.normal(size=(3, 2)), rng.normal(size=2)] for _ in range(4)]
    lr = 0.05
    keras_opt = {"sgd": keras.optimizers.SGD(lr), "momentum": keras.optimizers.SGD(lr, momentum=0.9),
                 "rmsprop": keras.optimizers.RMSprop(lr), "adam": keras.optimizers.Adam(lr)}[name]
    variables = [keras.Variable(p.astype(np.float32)) for p in start]
    ours = [p.copy() for p in start]
    optimizer = Optimizer(name, lr)
    for g in gradients:
        keras_opt.apply_gradients(zip([gi.astype(np.float32) for gi in g], variables))
        optimizer.apply(ours, g)
        for mine, theirs in zip(ours, variables):
            np.testing.assert_allclose(mine, np.asarray(theirs), rtol=1e-5, atol=1e-6)
    assert not np.allclose(ours[0], start[0])


def test_optimizer_and_mlp_reject_bad_settings():
    with pytest.raises(ValueError, match="optimizer must be one of"):
        Optimizer("adagrad", 0.1)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        Optimizer("sgd", 0)
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP(2, (), activation="swish")


def test_features_are_computed_from_x1_and_x2():
    X = np.array([[1.0, 2.0], [-0.5, 0.0]])
    F = feature_matrix(X, ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"))
    np.testing.assert_allclose(F[0], [1, 2, 1, 4, 2, np.sin(1), np.sin(2)])
    with pytest.raises(ValueError, match="features must be a non-empty list"):
        feature_matrix(X, ("x3",))


def test_state_round_trips_through_dict_and_string():
    state = PlaygroundState(dataset="spiral", noise=0.15, hidden=(8, 6, 3), activation="relu", learning_rate=0.003,
                            regularization="L1", reg_rate=0.001, features=("x1", "sin_x2"), optimizer="rmsprop",
                            seed=7, epochs=12, show_test=True, discretize=True, batch_size=25, n_points=300)
    text = state.to_string()
    assert len(text) < 200 and "data=spiral" in text and "net=8,6,3" in text
    assert PlaygroundState.from_string(text) == state
    assert PlaygroundState.from_string("#" + text) == state  # pasted with the URL's '#'
    assert PlaygroundState.from_dict(state.to_dict()) == state
    assert PlaygroundState.from_string(PlaygroundState(hidden=()).to_string()).hidden == ()


@pytest.mark.parametrize("text, message", [
    ("data=moon", "dataset must be one of"),
    ("data=spiral&net=9", "0 to 4 layers of 1 to 8 neurons"),
    ("net=4,x", "list of layer sizes"),
    ("lr=fast", "value 'fast' for 'lr'"),
    ("colour=red", "unknown key 'colour'"),
    ("data", "is not key=value"),
    ("data=xor&data=spiral", "appears twice"),
    ("in=x1,x3", "features must be distinct names"),
    ("test=yes", "value 'yes' for 'test'"),
])
def test_bad_state_strings_give_clear_errors(text, message):
    with pytest.raises(ValueError, match=message):
        PlaygroundState.from_string(text)


def test_bad_state_dicts_give_clear_errors():
    with pytest.raises(ValueError, match="unknown playground setting"):
        PlaygroundState.from_dict({"layers": 3})
    with pytest.raises(ValueError, match="setting 'hidden' must be like"):
        PlaygroundState.from_dict({"hidden": "8,8"})
    with pytest.raises(ValueError, match="must be a dict"):
        PlaygroundState.from_dict("data=xor")


def test_a_state_recreates_the_trained_network_exactly():
    playground = Playground(PlaygroundState(dataset="xor", hidden=(4,), optimizer="adam"))
    playground.step(7)
    again = Playground.from_state(playground.state.to_string())
    assert again.epochs == 7 and again.state == playground.state
    for mine, theirs in zip(playground.model.parameters, again.model.parameters):
        np.testing.assert_array_equal(mine, theirs)
    assert again.history == playground.history


def test_training_lowers_the_loss_and_softmax_has_k_outputs():
    playground = Playground(preset("softmax: 4 classes"))
    assert playground.n_classes == 4
    first = playground.train_loss()
    playground.step(20)
    assert playground.train_loss() < 0.5 * first
    assert playground.predict(np.zeros((5, 2))).shape == (5, 4)


def test_every_preset_has_a_story_and_round_trips():
    """The stories themselves are checked over several seeds in tests/test_stories_nb04.py."""
    for description, state in PRESETS.values():
        assert description and PlaygroundState.from_string(state.to_string()) == state
    with pytest.raises(ValueError, match="unknown preset"):
        preset("moons")


def test_a_diverging_run_is_a_result_not_a_warning():
    playground = Playground(PlaygroundState(activation="linear", learning_rate=3.0))
    start = [p.copy() for p in playground.model.parameters]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings from numpy
        loss = playground.step(30)
        proba = playground.predict(np.zeros((3, 2)))
    assert playground.diverged_at == 1 and playground.epochs == 1, "training stops in the epoch that diverged"
    assert playground.divergence == "the loss became NaN; all 25 weights and biases became NaN or infinite"
    for mine, first in zip(playground.model.parameters, start):  # the last finite network: epoch 0
        np.testing.assert_array_equal(mine, first)
    assert playground.history["loss"] == [loss] and np.isfinite(proba).all()
    again = Playground.from_state(playground.state.to_string())  # the state string replays the divergence
    assert again.diverged_at == 1 and again.state == playground.state


def test_a_run_that_stays_finite_has_not_diverged():
    playground = Playground(preset("too large a learning rate"))
    playground.step(20)
    assert playground.diverged_at is None and playground.divergence == "" and playground.epochs == 20
    assert np.isfinite(playground.history["loss"]).all()
