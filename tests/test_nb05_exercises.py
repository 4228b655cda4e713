"""Notebook 05's exercises: typical mistakes get help, and every correct form of an answer is accepted."""

import numpy as np
import pytest

import helpers.exercises.softmax as softmax_exercises
from helpers.exercises.softmax import q1, q2, q3, q4, q5, q6
from helpers.softmax import softmax
from tests import exercise_harness
from tests.exercise_harness import assert_incorrect

NOTEBOOK = "05_softmax_temperature.ipynb"

# -- q1: the student's softmax_with_temperature -------------------------------------------------------------------


def _naive(z, T):
    e = np.exp(z / T)
    return e / np.sum(e, axis=-1, keepdims=True)


def _notebook_1d_version(z, T):
    s = np.asarray(z, dtype=float) / T
    e = np.exp(s - np.max(s))
    return e / np.sum(e)


def _without_keepdims(z, T):
    s = np.asarray(z, dtype=float) / T
    e = np.exp(s - np.max(s, axis=-1))
    return e / np.sum(e, axis=-1)


@pytest.mark.parametrize("function, text", [
    (_naive, "overflows on large scores"),
    (_notebook_1d_version, "right for a vector, wrong for a batch"),
    (lambda z, T: softmax(z, T, axis=0), "normalised along axis 0"),
    (lambda z, T: softmax(z * T), "the temperature divides them"),
    (lambda z, T: softmax(z), "ignores T"),
    (lambda z, T: np.exp(z / T - np.max(z / T, axis=-1, keepdims=True)), "divide them by their sum"),
    (_without_keepdims, "keepdims=True"),
    (lambda z: softmax(z), "def softmax_with_temperature(z, T)"),
])
def test_q1_typical_mistakes(function, text, recwarn):
    assert_incorrect(q1.evaluate(function), text)
    assert not recwarn.list  # the naive version overflows inside the check, silently


def test_q1_accepts_the_solution_written_several_ways():
    import keras

    def with_keras(z, T):
        return keras.ops.softmax(np.asarray(z) / T, axis=-1)

    def with_logsumexp(z, T):
        s = np.asarray(z, dtype=float) / T
        m = s.max(axis=-1, keepdims=True)
        return np.exp(s - m - np.log(np.exp(s - m).sum(axis=-1, keepdims=True)))

    for function in (with_keras, with_logsumexp, lambda z, T: softmax(z, T)):
        feedback = q1.evaluate(function)
        assert feedback.correct, feedback


# -- q2: the prediction -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer, text", [
    (0.1, "not the loss"), (10, "ln k, not k"), (16.1, "the clip"), (0.0, "a perfect model"),
    (2.302585, "is not one of the options"), ("2.3", "is not one of the options"),
])
def test_q2_wrong_predictions_are_told_why(answer, text):
    assert_incorrect(q2.evaluate(answer), text)


def test_q2_right_answer_is_ln_10_rounded():
    assert q2.evaluate(2.3).correct and q2.evaluate(2.30).correct
    assert q2.choices[0].answer == pytest.approx(np.log(10), abs=0.01)


# -- q3, q4: formulas -----------------------------------------------------------------------------------------------

Z3 = np.array([1000.0, 1001.0, 1002.0])


@pytest.mark.parametrize("answer, text", [
    (np.inf, "np.exp(1000) overflows"),
    (np.nan, "Subtract the maximum"),
    (np.log(np.sum(np.exp(Z3 - Z3.max()))), "forgot to add it back"),
    (1002.0, "maximum alone"),
    (Z3.max() + np.log10(np.sum(np.exp(Z3 - Z3.max()))), "np.log10"),
    ("1002.4", "remove the quotes"),
])
def test_q3_typical_mistakes(answer, text):
    assert_incorrect(q3.evaluate(answer), text)


P4 = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1]])
L4 = np.array([0, 2, 0])
TRUE4 = P4[np.arange(3), L4]


@pytest.mark.parametrize("answer, text", [
    (np.mean(np.log(TRUE4)), "MINUS the log"),
    (-np.sum(np.log(TRUE4)), "the sum over the 3 examples"),
    (-np.mean(np.log(P4.max(axis=1))), "predicted class"),
    (-np.mean(np.log(P4)), "averaged -log p over every class"),
    (-np.mean(np.log10(TRUE4)), "np.log10"),
    (-np.mean(np.log(P4[L4])), "picks whole ROWS"),
    (-np.log(TRUE4), "single number"),
])
def test_q4_typical_mistakes(answer, text):
    assert_incorrect(q4.evaluate(answer), text)


# -- q5: the diagnosis ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("problem, fix, text", [
    ("learning rate too small", "from_logits=True", "not stall near one"),
    ("too few epochs", "more epochs", "more of them will not help"),
    ("overfitting", "more dropout", "neither moves"),
    ("logits read as probabilities", "more epochs", "more time will not change that"),
    ("logits read as probabilities", "more dropout", "does not fit the training data"),
    ("logits", "from_logits=True", "is not one of the options"),
])
def test_q5_wrong_diagnoses_are_told_why(problem, fix, text):
    assert_incorrect(q5.evaluate(problem, fix), text)


def test_q5_accepts_any_case_and_spacing():
    assert q5.evaluate(" Logits read as probabilities ", "FROM_LOGITS=TRUE").correct


# -- q6: the model with probabilities out, and its loss ---------------------------------------------------------


def _model(*layers, shape=(28, 28)):
    import keras

    return keras.Sequential([keras.Input(shape=shape), *layers])


def _right_model(last_activation="softmax", shape=(28, 28)):
    import keras

    L = keras.layers
    return _model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2),
                  L.Dense(10, activation=last_activation), shape=shape)


def test_q6_typical_mistakes():
    import keras

    L = keras.layers
    loss = keras.losses.SparseCategoricalCrossentropy()
    assert_incorrect(q6.evaluate(_model(L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.2), L.Dense(10)),
                                 loss), "give it activation=\"softmax\"")
    assert_incorrect(q6.evaluate(_right_model("sigmoid"), loss), "need not sum to 1")
    assert_incorrect(q6.evaluate(_right_model(), keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
                     "apply softmax a second time")
    assert_incorrect(q6.evaluate(_right_model(), keras.losses.CategoricalCrossentropy()), "one-hot")
    assert_incorrect(q6.evaluate(_right_model(), "categorical_crossentropy"), "one-hot")
    assert_incorrect(q6.evaluate(_right_model(), keras.losses.MeanSquaredError()), "loss for integer labels")
    assert_incorrect(q6.evaluate(_right_model(shape=(8, 8)), loss), "keras.Input(shape=image_shape)")
    assert_incorrect(q6.evaluate(_model(L.Dense(128, activation="relu"), L.Dropout(0.2),
                                        L.Dense(10, activation="softmax")), loss), "start with keras.layers.Flatten()")
    assert_incorrect(q6.evaluate("model", loss), "should be a Keras model")


@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy", "function", "object"])
def test_q6_accepts_every_spelling_of_the_loss_and_the_functional_api(loss):
    import keras
    import tensorflow as tf

    losses = {"sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
              "function": keras.losses.sparse_categorical_crossentropy,
              "object": keras.losses.SparseCategoricalCrossentropy(from_logits=False)}
    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Flatten()(inputs)
    x = keras.layers.Dense(128, activation=tf.nn.relu)(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(10, activation=keras.activations.softmax)(x)
    feedback = q6.evaluate(keras.Model(inputs, outputs), losses[loss])
    assert feedback.correct, feedback


# -- typed in the notebook's own cells ----------------------------------------------------------------------------

test_typical_wrong_answers_typed_in_the_cells = exercise_harness.typical_mistakes_test(NOTEBOOK, softmax_exercises, [
    ("q1", "def softmax_with_temperature(z, T):\n    e = np.exp(z / T)\n    return e / np.sum(e, axis=-1, keepdims=True)",
     "overflows on large scores"),
    ("q1", "def softmax_with_temperature(z, T):\n    s = z / T\n    e = np.exp(s - np.max(s))\n    return e / np.sum(e)",
     "right for a vector, wrong for a batch"),
    ("q2", "initial_loss = 0.1", "not the loss"),
    ("q3", "lse = np.max(z)", "maximum alone"),
    ("q4", "loss = -np.mean(np.log(probabilities[labels]))", "picks whole ROWS"),
    ("q5", 'problem = "too few epochs"\nfix = "more epochs"', "more of them will not help"),
    ("q6", "model = keras.Sequential([keras.Input(shape=image_shape), keras.layers.Flatten(),\n"
           "    keras.layers.Dense(128, activation='relu'), keras.layers.Dropout(0.2), keras.layers.Dense(10)])\n"
           "loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)", "give it activation"),
])


def test_q1_refuses_a_builtin_without_calling_it(capsys):
    assert_incorrect(q1.evaluate(print), "is a function of Python or numpy, not yours")
    assert capsys.readouterr() == ("", "")
