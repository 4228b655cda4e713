"""Notebook 01's exercises: the solution in the cell passes, the untouched cell is 'not attempted',
and typical wrong answers get a message that says what went wrong."""

import numpy as np
import pytest

from helpers.exercises import Outcome, perceptron
from helpers.exercises.perceptron import q1, q2, q3, q4
from tests.exercise_harness import exercise_cell, typical_mistakes_test

NOTEBOOK = "01_perceptron.ipynb"
PROBLEMS = {"q1": q1, "q2": q2, "q3": q3, "q4": q4}

WRONG_ANSWERS = [
    ("q1", "z = x @ w", "left out the bias"),
    ("q1", "z = x @ w - b", "added, not subtracted"),
    ("q1", "z = np.sum(x + w) + b", "multiply each input by its weight"),
    ("q1", "z = 1 / (1 + np.exp(-(b + x @ w)))", "that is g(z)"),
    ("q1", "z = 3.0", "not what we expected"),
    ("q1", "z = 'minus a quarter'", "should be a number"),
    ("q2", "def my_sigmoid(z):\n    return np.where(z >= 0, 1.0, 0.0)\ng_of_z = my_sigmoid(z)", "step function"),
    ("q2", "def my_sigmoid(z):\n    return 1 / (1 + np.exp(z))\ng_of_z = my_sigmoid(z)", "falls instead of rising"),
    ("q2", "def my_sigmoid(z):\n    return np.exp(-z)\ng_of_z = my_sigmoid(z)", "not bounded"),
    ("q2", "def my_sigmoid(z):\n    s = 1 / (1 + np.exp(-z))\n    return s * (1 - s)\ng_of_z = my_sigmoid(z)",
     "derivative"),
    ("q2", "def my_sigmoid(z):\n    return 0.5\ng_of_z = my_sigmoid(z)", "shape (5,)"),
    ("q3", "y_hat = 0.0\nw_new = w - eta * (y - y_hat) * x\nb_new = b - eta * (y - y_hat)", "wrong way"),
    ("q3", "y_hat = 1.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b + eta * (y - y_hat)", "did not change"),
    ("q3", "y_hat = 0.0\nw_new = w + (y - y_hat) * x\nb_new = b + (y - y_hat)", "forgot the learning rate"),
    ("q3", "y_hat = 0.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b", "the bias learns too"),
    ("q4", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w + eta * X.T @ (y_hat - y) / len(y)\n"
           "b_new = b + eta * np.mean(y_hat - y)", "climbed the hill"),
    ("q4", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y)\n"
           "b_new = b - eta * np.sum(y_hat - y)", "MEAN log loss"),
    ("q4", "y_hat = np.where(b + X @ w >= 0, 1.0, 0.0)\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\n"
           "b_new = b - eta * np.mean(y_hat - y)", "step function's output"),
    ("q4", "y_hat = b + X @ w\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\nb_new = b - eta * np.mean(y_hat - y)",
     "used z instead of y_hat"),
    ("q4", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\nb_new = b",
     "b must be updated too"),
    ("q4", "y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w[0] - eta * np.mean((y_hat - y) * X[:, 0])\nb_new = b",
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
