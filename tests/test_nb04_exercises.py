"""Notebook 04's exercises: the solution in the cell passes, the untouched cell is not attempted, and typical
wrong answers get a message that says what is off."""

import numpy as np

from helpers.exercises import Outcome
from helpers.exercises.decision_surfaces import q1, q2, q3

NOTEBOOK = "04_decision_surfaces.ipynb"
PROBLEMS = {"q1": q1, "q2": q2, "q3": q3}


def _incorrect(problem, answer) -> str:
    feedback = problem.evaluate(answer)
    assert feedback.outcome is Outcome.INCORRECT
    return feedback.message


def test_softmax_wrong_answers():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    assert "does not sum to 1" in _incorrect(q1, np.exp(z))
    assert "take the exponential first" in _incorrect(q1, z / z.sum())
    assert "not by the largest one" in _incorrect(q1, np.exp(z) / np.exp(z).max())
    assert "should have shape (4,)" in _incorrect(q1, np.exp(z[:3]) / np.exp(z[:3]).sum())


def test_log_loss_wrong_answers():
    y = np.array([1, 0, 1, 1, 0])
    p = np.array([0.9, 0.2, 0.6, 0.05, 0.4])
    right = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert "put a minus sign" in _incorrect(q2, -right)
    assert "1 - p" in _incorrect(q2, -np.mean(np.log(p)))
    assert "mean squared error" in _incorrect(q2, np.mean((y - p) ** 2))
    assert "take the mean" in _incorrect(q2, right * 5)


def test_k_class_model_wrong_answers():
    import keras

    def model(*layers):
        return keras.Sequential([keras.Input(shape=(2,)), *layers])

    dense = keras.layers.Dense
    assert "2-class model" in _incorrect(q3, model(dense(3, activation="sigmoid"), dense(1, activation="sigmoid")))
    assert "use 'softmax'" in _incorrect(q3, model(dense(3, activation="sigmoid"), dense(4)))
    assert "layer 1 uses activation 'relu'" in _incorrect(q3, model(dense(3, activation="relu"),
                                                                    dense(4, activation="softmax")))
    assert "should be a Keras model" in _incorrect(q3, [dense(3), dense(4)])
