"""Notebook 04's exercises: the solution in the cell passes (tests/test_exercise_cells.py), and typical wrong answers,
typed into the notebook's own cells, get a message that says what is off."""

import numpy as np
import pytest

from helpers.exercises import Outcome
from helpers.exercises import decision_surfaces
from helpers.exercises.decision_surfaces import q1, q2, q3, q4, q5
from tests.exercise_harness import assert_incorrect, typical_mistakes_test

NOTEBOOK = "04_decision_surfaces.ipynb"

test_typical_mistakes = typical_mistakes_test(NOTEBOOK, decision_surfaces, [
    # q1: the boundary solved for x2
    ("q1", "def boundary_x2(x1, w, b):\n    return (w[0] * x1 + b) / w[1]", "the sign is flipped"),
    ("q1", "def boundary_x2(x1, w, b):\n    return -w[0] * x1 / w[1]", "the bias is missing"),
    ("q1", "def boundary_x2(x1, w, b):\n    return -w[0] * x1 / w[1] - b", "divide the bias by w2"),
    ("q1", "def boundary_x2(x1, w, b):\n    return -(w[1] * x1 + b) / w[0]", "w1 and w2 are swapped"),
    ("q1", "def boundary_x2(x1, w, b):\n    return -(w[0] * x1 + b) * w[1]", "multiply by 1/w2"),
    ("q1", "def boundary_x2(x1, w):\n    return -w[0] * x1 / w[1]", "should take 3 arguments"),
    # q2: false alarms and misses at t = 0.3
    ("q2", "false_alarms = np.sum((p >= 0.5) & (y == 0))\nmisses = np.sum((p < 0.5) & (y == 1))",
     "usual threshold 0.5"),
    ("q2", "false_alarms = np.sum(p >= t)\nmisses = np.sum((p < t) & (y == 1))", "counts every point predicted"),
    ("q2", "false_alarms = np.sum((p < t) & (y == 1))\nmisses = np.sum((p >= t) & (y == 0))",
     "that is the number of misses"),
    ("q2", "false_alarms = np.sum((p >= t) & (y == 0))\nmisses = np.sum(p < t)", "every point below t"),
    # q3: predict the fewest hidden units that enclose the circle
    ("q3", "fewest_units = 2", "open on one side"),
    ("q3", "fewest_units = 8", "fewer do too"),
    ("q3", "fewest_units = 0", "one straight line"),
    ("q3", "fewest_units = 4", "not one of the options"),
    # q4: a linear hidden layer on the circles
    ("q4", 'problem = "underfitting"\nfix = "more hidden units"', "collapse into one linear map"),
    ("q4", 'problem = "underfitting"\nfix = "more epochs"', "stopped falling"),
    ("q4", 'problem = "overfitting"\nfix = "L2 regularisation"', "even the training accuracy is poor"),
    ("q4", 'problem = "too few epochs"\nfix = "more epochs"', "more of the same"),
    # q5: xor weights by hand
    ("q5", "W1 = np.array([[1.0, -1.0], [-1.0, 1.0]])\nb1 = np.zeros(2)\nW2 = np.array([[1.0], [1.0]])\n"
           "b2 = np.array([-1.0])", "not xor"),
    ("q5", "W1 = np.ones((2, 2))\nb1 = np.zeros(2)\nW2 = np.array([[-1.0], [-1.0]])\nb2 = np.array([1.0])",
     "compute the same thing"),
    ("q5", "W1 = np.array([[1.0, 0.0], [0.0, 1.0]])\nb1 = np.zeros(2)\nW2 = np.array([[-1.0], [-1.0]])\n"
           "b2 = np.array([0.5])", "of 4 corners are wrong"),
    ("q5", "W1 = np.array([[1.0, -1.0], [-1.0, 1.0]])\nb1 = np.zeros(2)\nW2 = np.array([[-1.0], [-1.0]])\n"
           "b2 = np.array([2.0])", "corners are wrong"),
    ("q5", "W1 = np.ones((2, 3))\nb1 = np.zeros(3)\nW2 = np.ones((3, 1))\nb2 = np.zeros(1)", "shape"),
])


def test_the_boundary_lies_where_the_logistic_unit_says_one_half():
    """q1's reference is the line the notebook draws: sigmoid(w·x + b) = 0.5 exactly on it."""
    rng = np.random.default_rng(0)
    for _ in range(5):
        w, b = rng.normal(size=2) + np.array([0.0, 2.0]), float(rng.normal())
        x1 = rng.uniform(-3, 3, size=7)
        x2 = decision_surfaces._boundary_x2(x1, w, b)
        np.testing.assert_allclose(1 / (1 + np.exp(-(w[0] * x1 + w[1] * x2 + b))), 0.5, atol=1e-12)


def test_q2_counts_are_what_the_correct_message_says_about_t_one_half():
    """'at t = 0.5 it would be 1 false alarm and 3 misses'."""
    p = np.array([0.92, 0.35, 0.48, 0.71, 0.08, 0.62, 0.27, 0.45, 0.15, 0.55, 0.20, 0.40])
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0])
    assert np.sum((p >= 0.5) & (y == 0)) == 1 and np.sum((p < 0.5) & (y == 1)) == 3
    assert q2.evaluate(4, 2).correct


def test_q3_two_tanh_units_never_close_a_region_and_three_can():
    """q3's answer: with 2 hidden units the class-1 region always reaches the edge of any large window (it is open);
    3 units can enclose a point (the solution's triangle)."""
    rng = np.random.default_rng(1)
    xx, yy = np.meshgrid(np.linspace(-40, 40, 201), np.linspace(-40, 40, 201))
    P = np.column_stack([xx.ravel(), yy.ravel()])
    edge = np.zeros(xx.shape, bool)
    edge[[0, -1], :] = edge[:, [0, -1]] = True
    for _ in range(200):
        W, b, v, c = rng.normal(size=(2, 2)) * 3, rng.normal(size=2), rng.normal(size=2) * 3, rng.normal()
        inside = (np.tanh(P @ W + b) @ v + c > 0).reshape(xx.shape)
        if inside.any():
            assert inside[edge].any(), "a 2-unit region closed inside the window"
    angles = 2 * np.pi * np.arange(3) / 3
    W = np.stack([np.cos(angles), np.sin(angles)]) * -4.0   # three lines around the origin, facing inwards
    inside = (np.tanh(P @ W + 4.0).sum(axis=1) > 2.5).reshape(xx.shape)
    assert inside[100, 100] and not inside[edge].any()


def test_the_xor_solution_works_in_keras_too():
    """q5's message: model.set_weights([W1, b1, W2, b2]) puts the weights into Dense(2, relu) → Dense(1, sigmoid)."""
    import keras

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    weights = [np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2), np.array([[-1.0], [-1.0]]), np.array([1.0])]
    model.set_weights(weights)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]], dtype="float32")
    p = np.asarray(model(corners))[:, 0]
    np.testing.assert_allclose(p, decision_surfaces._xor_forward(*weights), atol=1e-6)
    assert ((p >= 0.5) == np.array([1, 0, 0, 1], bool)).all()
    assert q5.evaluate(*weights).correct


@pytest.mark.parametrize("W2, b2", [([-1.0, -1.0], 1.0), ([[-1.0, -1.0]], [1.0])])
def test_q5_takes_w2_and_b2_in_any_shape_holding_the_same_weights(W2, b2):
    feedback = q5.evaluate(np.array([[1.0, -1.0], [-1.0, 1.0]]), [0.0, 0.0], W2, b2)
    assert feedback.outcome is Outcome.CORRECT, feedback


def test_q5_a_corner_on_the_boundary_is_pushed_off_it():
    feedback = q5.evaluate(np.array([[1.0, -1.0], [-1.0, 1.0]]), [0.0, 0.0], [[-0.5], [-0.5]], [1.0 - 1e-3])
    assert_incorrect(feedback, "push it to one side")
