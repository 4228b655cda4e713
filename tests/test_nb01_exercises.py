"""Notebook 01's exercises: the solution in the cell passes, the untouched cell is 'not attempted',
and typical wrong answers get a message that says what went wrong."""

import numpy as np
import pytest

from helpers.exercises import Outcome, perceptron
from helpers.exercises.perceptron import q1, q2, q3, q4, q5, q6
from tests.exercise_harness import exercise_cell, typical_mistakes_test

NOTEBOOK = "01_perceptron.ipynb"


def backward_source(**changes):
    """The right backward pass as a student types it into the q2 cell, with the lines named in ``changes`` changed."""
    lines = {"dZ2": "(y_hat - y) / len(X)", "dW2": "A1.T @ dZ2", "db2": "dZ2.sum(axis=0)", "dA1": "dZ2 @ W2.T",
             "dZ1": "dA1 * (1 - A1 ** 2)", "db1": "dZ1.sum(axis=0)", **changes}
    return "\n".join([
        "def backward(X, y, W1, b1, W2, b2):",
        "    A1 = np.tanh(X @ W1 + b1)",
        "    y_hat = 1 / (1 + np.exp(-(A1 @ W2 + b2)))",
        *[f"    {name} = {lines[name]}" for name in ("dZ2", "dW2", "db2", "dA1", "dZ1")],
        "    dW1 = X.T @ dZ1",
        f"    db1 = {lines['db1']}",
        "    return dW1, db1, dW2, db2",
    ])


PROBLEMS = {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6}

WRONG_ANSWERS = [
    ("q1", 'can_solve_xor = ["hidden layer", "sigmoid neuron"]\nbest_single_neuron = 0.75', "same straight line"),
    ("q1", 'can_solve_xor = ["step neuron", "hidden layer"]\nbest_single_neuron = 0.75', "no single line"),
    ("q1", 'can_solve_xor = []\nbest_single_neuron = 0.75', "one option or a list"),
    ("q1", 'can_solve_xor = "sigmoid neuron"\nbest_single_neuron = 0.75', "same straight line"),
    ("q1", 'can_solve_xor = ["hidden layer"]\nbest_single_neuron = 1.0', "no line does that"),
    ("q1", 'can_solve_xor = ["hidden layer"]\nbest_single_neuron = 0.5', "better than half"),
    ("q1", 'can_solve_xor = ["hidden layer"]\nbest_single_neuron = 0.8', "not one of the options"),
    ("q1", 'can_solve_xor = ["hidden layer"]\nbest_single_neuron = [0.75, 1.0]', "takes one option"),
    ("q2", backward_source(dZ1="dA1"), "left out the hidden activation's slope"),
    ("q2", backward_source(dZ1="dA1 * A1 * (1 - A1)"), "sigmoid's slope"),
    ("q2", backward_source(dZ2="y_hat - y"), "MEAN log loss"),
    ("q2", backward_source(dA1="dZ2 @ W2"), "W2 without .T"),
    ("q2", backward_source(dW2="(X @ W1 + b1).T @ dZ2"), "not Z1"),
    ("q2", backward_source(db1="dZ1.mean(axis=0)", db2="dZ2.mean(axis=0)"), "divide by n twice"),
    ("q2", backward_source(dZ2="(y - y_hat) / len(X)"), "wrong sign"),
    ("q2", backward_source(db1="dZ1.sum()"), "db1 should have shape"),
    ("q2", backward_source(db2="dZ2"), "db2 should have shape"),
    ("q2", "def backward(X, y, W1, b1, W2, b2):\n    return 0.0", "should return 4 values"),
    ("q2", "def backward(X, y, W1, W2):\n    return 0.0", "should take 6 arguments"),
    ("q2", "backward = 3.0", "should be a function"),
    ("q3", "z = x @ w", "left out the bias"),
    ("q3", "z = x @ w - b", "added, not subtracted"),
    ("q3", "z = np.sum(x + w) + b", "multiply each input by its weight"),
    ("q3", "z = 1 / (1 + np.exp(-(b + x @ w)))", "that is g(z)"),
    ("q3", "z = 3.0", "not what we expected"),
    ("q3", "z = 'minus a quarter'", "should be a number"),
    ("q4", "def my_sigmoid(z):\n    return np.where(z >= 0, 1.0, 0.0)\ng_of_z = my_sigmoid(z)", "step function"),
    ("q4", "def my_sigmoid(z):\n    return 1 / (1 + np.exp(z))\ng_of_z = my_sigmoid(z)", "falls instead of rising"),
    ("q4", "def my_sigmoid(z):\n    return np.exp(-z)\ng_of_z = my_sigmoid(z)", "not bounded"),
    ("q4", "def my_sigmoid(z):\n    s = 1 / (1 + np.exp(-z))\n    return s * (1 - s)\ng_of_z = my_sigmoid(z)",
     "derivative"),
    ("q4", "def my_sigmoid(z):\n    return 0.5\ng_of_z = my_sigmoid(z)", "shape (5,)"),
    ("q5", "y_hat = 0.0\nw_new = w - eta * (y - y_hat) * x\nb_new = b - eta * (y - y_hat)", "wrong way"),
    ("q5", "y_hat = 1.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b + eta * (y - y_hat)", "did not change"),
    ("q5", "y_hat = 0.0\nw_new = w + (y - y_hat) * x\nb_new = b + (y - y_hat)", "forgot the learning rate"),
    ("q5", "y_hat = 0.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b", "the bias learns too"),
    ("q6", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w + eta * X.T @ (y_hat - y) / len(y)\n"
           "b_new = b + eta * np.mean(y_hat - y)", "climbed the hill"),
    ("q6", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y)\n"
           "b_new = b - eta * np.sum(y_hat - y)", "MEAN log loss"),
    ("q6", "y_hat = np.where(b + X @ w >= 0, 1.0, 0.0)\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\n"
           "b_new = b - eta * np.mean(y_hat - y)", "step function's output"),
    ("q6", "y_hat = b + X @ w\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\nb_new = b - eta * np.mean(y_hat - y)",
     "used z instead of y_hat"),
    ("q6", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\nb_new = b",
     "b must be updated too"),
    ("q6", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w[0] - eta * np.mean((y_hat - y) * X[:, 0])\nb_new = b",
     "shape (2,)"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, perceptron, WRONG_ANSWERS)


@pytest.mark.parametrize("label", sorted(PROBLEMS))
def test_every_problem_has_two_hints_and_its_setup_in_the_cell(label):
    problem = PROBLEMS[label]
    assert len(problem.hints) >= 2
    assert exercise_cell(NOTEBOOK, label).startswith(problem.setup)


def test_checkers_never_raise_on_odd_answers():
    for problem in PROBLEMS.values():
        for odd in [None, "text", np.ones((3, 3)), float("nan"), object()]:
            answers = [odd] * len(problem.answers)
            assert problem.evaluate(*answers).outcome is Outcome.INCORRECT
