"""Notebook 04's exercises: the solution in the cell passes, the untouched cell is not attempted, typical
wrong answers get a message that says what is off, and every correct form of the model is accepted."""

import numpy as np
import pytest

from helpers.exercises.decision_surfaces import q1, q2, q3
from tests.exercise_harness import assert_incorrect


def test_softmax_wrong_answers():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    assert_incorrect(q1.evaluate(np.exp(z)), "does not sum to 1")
    assert_incorrect(q1.evaluate(z / z.sum()), "take the exponential first")
    assert_incorrect(q1.evaluate(np.exp(z) / np.exp(z).max()), "not by the largest one")
    assert_incorrect(q1.evaluate(np.exp(z[:3]) / np.exp(z[:3]).sum()), "should have shape (4,)")


def test_log_loss_wrong_answers():
    y = np.array([1, 0, 1, 1, 0])
    p = np.array([0.9, 0.2, 0.6, 0.05, 0.4])
    right = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert_incorrect(q2.evaluate(-right), "put a minus sign")
    assert_incorrect(q2.evaluate(-np.mean(np.log(p))), "1 - p")
    assert_incorrect(q2.evaluate(np.mean((y - p) ** 2)), "mean squared error")
    assert_incorrect(q2.evaluate(right * 5), "take the mean")


def _sequential(*layers):
    import keras

    return keras.Sequential([keras.Input(shape=(2,)), *layers])


def test_k_class_model_wrong_answers():
    import keras

    dense = keras.layers.Dense
    assert_incorrect(q3.evaluate(_sequential(dense(3, activation="sigmoid"), dense(1, activation="sigmoid"))),
                     "2-class model")
    assert_incorrect(q3.evaluate(_sequential(dense(3, activation="sigmoid"), dense(4))), "use 'softmax'")
    assert_incorrect(q3.evaluate(_sequential(dense(3, activation="relu"), dense(4, activation="softmax"))),
                     "layer 1 uses activation 'relu'")
    assert_incorrect(q3.evaluate([dense(3), dense(4)]), "should be a Keras model")
    assert_incorrect(q3.evaluate(keras.Sequential), "the class Sequential itself")
    assert_incorrect(q3.evaluate(keras.Sequential()), "has 0 layers")


@pytest.mark.parametrize("softmax", ["softmax", "keras.activations.softmax", "tf.nn.softmax"])
@pytest.mark.parametrize("api", ["sequential", "functional"])
def test_k_class_model_accepted_in_every_correct_form(softmax, api):
    import keras
    import tensorflow as tf

    activation = {"softmax": "softmax", "keras.activations.softmax": keras.activations.softmax,
                  "tf.nn.softmax": tf.nn.softmax}[softmax]
    hidden = keras.layers.Dense(3, activation=tf.nn.sigmoid if api == "functional" else "sigmoid")
    output = keras.layers.Dense(4, activation=activation)
    if api == "sequential":
        model = _sequential(hidden, output)
    else:
        inputs = keras.Input(shape=(2,))
        model = keras.Model(inputs, output(hidden(inputs)))
    feedback = q3.evaluate(model)
    assert feedback.correct, feedback
