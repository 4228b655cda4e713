"""Notebook 05's exercises: the solution in the cell passes, the untouched cell is not attempted, typical mistakes get help."""

import numpy as np
import pytest

from helpers.exercises import Outcome
from helpers.exercises.softmax import q1, q2, q3, q4

NOTEBOOK = "05_softmax_temperature.ipynb"
PROBLEMS = {"q1": q1, "q2": q2, "q3": q3, "q4": q4}


def _incorrect(problem, answer, text):
    feedback = problem.evaluate(answer)
    assert feedback.outcome is Outcome.INCORRECT, feedback
    assert text in feedback.message, feedback.message


Z1, T1 = np.array([2.0, 1.0, 0.1]), 0.5


@pytest.mark.parametrize("answer, text", [
    (np.exp(Z1) / np.exp(Z1).sum(), "divide the scores z by T"),
    (np.exp(Z1 * T1) / np.exp(Z1 * T1).sum(), "the temperature divides them"),
    (np.exp(Z1 / T1), "not 1: divide the exponentials by their sum"),
    (np.array([1.0, 0.0]), "shape (3,)"),
])
def test_q1_typical_mistakes(answer, text):
    _incorrect(q1, answer, text)


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
    with np.errstate(over="ignore", invalid="ignore"):
        _incorrect(q2, answer, text)


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
    _incorrect(q3, answer, text)


def _model(*layers, shape=(8, 8)):
    import keras

    return keras.Sequential([keras.Input(shape=shape), *layers])


def test_q4_typical_mistakes():
    import keras

    L = keras.layers
    _incorrect(q4, _model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10, activation="softmax")),
               "leave the last layer without activation")
    _incorrect(q4, _model(L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10)), "start with keras.layers.Flatten()")
    _incorrect(q4, _model(L.Flatten(), L.Dense(128, activation="relu"), L.Dense(10)), "has 3 layers")
    _incorrect(q4, _model(L.Flatten(), L.Dense(64, activation="relu"), L.Dropout(0.2), L.Dense(10)), "64 units")
    _incorrect(q4, _model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.5), L.Dense(10)), "lecture uses 0.2")
    _incorrect(q4, _model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10), shape=(28, 28)),
               "keras.Input(shape=image_shape)")
    _incorrect(q4, "model", "should be a Keras model")


