"""The playground of notebook 04: its network and optimizer, its state and string, presets, divergence."""

import warnings

import numpy as np
import pytest

from helpers.playground import (HIDDEN_ACTIVATIONS, OPTIMIZERS, PRESETS, Playground, PlaygroundState, feature_matrix,
                                preset)


def test_the_playground_network_follows_its_state():
    """Sigmoid or softmax output, the state's penalty on every kernel, the optimizer's Keras rule; the engine's
    maths itself is tested in tests/test_numpy_net.py."""
    binary = Playground(PlaygroundState(dataset="xor", hidden=(5, 3), activation="relu", regularization="L1",
                                        reg_rate=0.01, optimizer="rmsprop"))
    assert binary.model.sizes == (2, 5, 3, 1) and binary.model.output == "sigmoid"
    assert binary.model.activation == "relu" and binary.model.l1 == 0.01 and binary.model.l2 == 0
    assert binary.model.penalize_output and binary.optimizer.name == "RMSprop"
    softmax = Playground(PlaygroundState(dataset="blobs4", hidden=(), regularization="L2", reg_rate=0.1,
                                         optimizer="momentum", learning_rate=0.3))
    assert softmax.model.sizes == (2, 4) and softmax.model.output == "softmax" and softmax.model.l2 == 0.1
    assert softmax.optimizer.name == "Momentum" and float(softmax.optimizer.learning_rate) == pytest.approx(0.3)
    assert set(OPTIMIZERS) == {"sgd", "momentum", "rmsprop", "adam"}
    assert tuple(HIDDEN_ACTIVATIONS) == ("tanh", "relu", "sigmoid", "linear")


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
