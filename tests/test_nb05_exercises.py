"""Notebook 05's exercises: typical mistakes get help, and every correct form of the logits model is accepted."""

import numpy as np
import pytest

from helpers.exercises.softmax import q1, q2, q3, q4
from tests.exercise_harness import assert_incorrect

Z1, T1 = np.array([2.0, 1.0, 0.1]), 0.5


@pytest.mark.parametrize("answer, text", [
    (np.exp(Z1) / np.exp(Z1).sum(), "divide the scores z by T"),
    (np.exp(Z1 * T1) / np.exp(Z1 * T1).sum(), "the temperature divides them"),
    (np.exp(Z1 / T1), "does not sum to 1: divide the exponentials by their sum"),
    (np.array([1.0, 0.0]), "shape (3,)"),
])
def test_q1_typical_mistakes(answer, text):
    assert_incorrect(q1.evaluate(answer), text)


Z2 = np.array([1000.0, 1001.0, 1002.0])


@pytest.mark.parametrize("answer, text", [
    (np.inf, "np.exp(1000) overflows"),
    (np.nan, "Subtract the maximum"),
    (np.log(np.sum(np.exp(Z2 - Z2.max()))), "forgot to add it back"),
    (1002.0, "maximum alone"),
    (Z2.max() + np.log10(np.sum(np.exp(Z2 - Z2.max()))), "np.log10"),
    ("1002.4", "remove the quotes"),
])
def test_q2_typical_mistakes(answer, text):
    assert_incorrect(q2.evaluate(answer), text)


P3 = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1]])
L3 = np.array([0, 2, 0])
TRUE3 = P3[np.arange(3), L3]


@pytest.mark.parametrize("answer, text", [
    (np.mean(np.log(TRUE3)), "MINUS the log"),
    (-np.sum(np.log(TRUE3)), "the sum over the 3 examples"),
    (-np.mean(np.log(P3.max(axis=1))), "predicted class"),
    (-np.mean(np.log(P3)), "averaged -log p over every class"),
    (-np.mean(np.log10(TRUE3)), "np.log10"),
    (-np.log(TRUE3), "single number"),
])
def test_q3_typical_mistakes(answer, text):
    assert_incorrect(q3.evaluate(answer), text)


def _model(*layers, shape=(8, 8)):
    import keras

    return keras.Sequential([keras.Input(shape=shape), *layers])


def test_q4_typical_mistakes():
    import keras

    L = keras.layers
    assert_incorrect(q4.evaluate(_model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2),
                                        L.Dense(10, activation="softmax"))), "leave the last layer without activation")
    assert_incorrect(q4.evaluate(_model(L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10))),
                     "start with keras.layers.Flatten()")
    assert_incorrect(q4.evaluate(_model(L.Flatten(), L.Dense(128, activation="relu"), L.Dense(10))), "has 3 layers")
    assert_incorrect(q4.evaluate(_model(L.Flatten(), L.Dense(64, activation="relu"), L.Dropout(0.2), L.Dense(10))),
                     "64 units")
    assert_incorrect(q4.evaluate(_model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.5), L.Dense(10))),
                     "lecture uses 0.2")
    assert_incorrect(q4.evaluate(_model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10),
                                        shape=(28, 28))), "keras.Input(shape=image_shape)")
    assert_incorrect(q4.evaluate("model"), "should be a Keras model")
    assert_incorrect(q4.evaluate(keras.Sequential), "the class Sequential itself")


@pytest.mark.parametrize("api", ["sequential", "functional"])
def test_q4_accepts_the_functional_api_and_activation_functions(api):
    import keras
    import tensorflow as tf

    L = keras.layers
    layers = [L.Flatten(), L.Dense(128, activation=tf.nn.relu), L.Dropout(0.2), L.Dense(10, activation="linear")]
    if api == "sequential":
        model = _model(*layers)
    else:
        inputs = keras.Input(shape=(8, 8))
        outputs = inputs
        for layer in layers:
            outputs = layer(outputs)
        model = keras.Model(inputs, outputs)
    feedback = q4.evaluate(model)
    assert feedback.correct, feedback


def test_q1_huge_probabilities_get_a_message_and_nothing_on_stderr(capsys, recwarn):
    q1.check(np.full(3, 1e308))  # their sum overflows inside the check
    out, err = capsys.readouterr()
    assert "Incorrect: your p does not sum to 1" in out and err == "" and not recwarn.list
