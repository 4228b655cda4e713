"""Exercises of notebook 01 (the perceptron): the weighted sum, the sigmoid, Rosenblatt's rule, a gradient step."""

from __future__ import annotations

import numpy as np

from helpers import neuron
from helpers.activations import sigmoid as _sigmoid
from helpers.activations import step as _step
from helpers.exercises import Problem, expect_close

# -- q1: the weighted sum ----------------------------------------------------------------------

_Q1_X, _Q1_W, _Q1_B = np.array([2.0, -1.0, 0.5]), np.array([0.4, 0.3, -2.0]), 0.25


def _check_weighted_sum(z):
    expected = _Q1_B + _Q1_X @ _Q1_W
    expect_close(z, expected, name="z", wrong_hints=[
        (_Q1_X @ _Q1_W, "close: you left out the bias b (the w0 term). z = b + sum_j x_j w_j."),
        (_Q1_X @ _Q1_W - _Q1_B, "the bias is added, not subtracted: z = b + sum_j x_j w_j."),
        (float(np.sum(_Q1_X + _Q1_W)) + _Q1_B, "multiply each input by its weight (x_j * w_j), do not add them."),
        (_sigmoid(expected), "that is g(z), the neuron's output; the question asks for z itself, before the activation."),
    ])


q1 = Problem(
    "1. The weighted sum",
    _check_weighted_sum,
    hints=["z = w0 + x1 w1 + x2 w2 + x3 w3, with w0 = b.",
           "In numpy: multiply x and w element-wise and sum (or use x @ w), then add b."],
    setup="x = np.array([2.0, -1.0, 0.5])\nw = np.array([0.4, 0.3, -2.0])\nb = 0.25",
    solution="z = b + x @ w",
    answers=("z",),
    correct_message="z = 0.25 + 0.8 - 0.3 - 1.0 = -0.25. Negative z: the step neuron outputs 0, the sigmoid 0.438.",
)

# -- q2: the sigmoid ---------------------------------------------------------------------------

_Q2_Z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])


def _check_sigmoid(g_of_z):
    expect_close(g_of_z, _sigmoid(_Q2_Z), name="g_of_z = my_sigmoid(z)", wrong_hints=[
        (_step(_Q2_Z), "that is the step function (0 or 1); the sigmoid is the smooth 1 / (1 + exp(-z)), "
                       "0.5 at z = 0."),
        (_sigmoid(-_Q2_Z), "your curve falls instead of rising: check the sign, it is 1 / (1 + exp(-z))."),
        (np.exp(-_Q2_Z), "exp(-z) alone is not bounded; the sigmoid is 1 / (1 + exp(-z)), between 0 and 1."),
        (1.0 / (1.0 + np.exp(-_Q2_Z)) * (1.0 - 1.0 / (1.0 + np.exp(-_Q2_Z))),
         "that is the sigmoid's derivative g(z)(1 - g(z)); return g(z) itself."),
    ])


q2 = Problem(
    "2. The sigmoid",
    _check_sigmoid,
    hints=["g(z) = 1 / (1 + e^(-z)). It gives 0.5 at z = 0, almost 1 for large z and almost 0 for very "
           "negative z.",
           "np.exp(-z) works element-wise on whole arrays, so return 1 / (1 + np.exp(-z))."],
    setup="z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])",
    solution="def my_sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\ng_of_z = my_sigmoid(z)",
    answers=("g_of_z",),
    correct_message="and its slope is g(z) (1 - g(z)), at most 0.25: the factor dy_hat/dz of the chain rule.",
)

# -- q3: Rosenblatt's rule on one point --------------------------------------------------------

_Q3_X, _Q3_Y, _Q3_W, _Q3_B, _Q3_ETA = np.array([1.0, -2.0]), 1, np.array([0.5, 1.0]), 0.2, 0.5


def _check_rosenblatt(w_new, b_new):
    expected_w, expected_b = neuron.rosenblatt_update(_Q3_X, _Q3_Y, _Q3_W, _Q3_B, _Q3_ETA)
    wrong_sign_w = _Q3_W - _Q3_ETA * _Q3_X
    expect_close(w_new, expected_w, name="w_new", wrong_hints=[
        (wrong_sign_w, "the line moved the wrong way: the rule is w + eta (y - y_hat) x. Here y = 1 and "
                       "y_hat = 0, so (y - y_hat) = +1 and w grows along x."),
        (_Q3_W, "w did not change, but the point is misclassified: z = 0.2 + 0.5 - 2.0 < 0 so y_hat = 0, "
                "while y = 1."),
        (_Q3_W + _Q3_X, "you forgot the learning rate eta: w + eta (y - y_hat) x."),
    ])
    expect_close(b_new, expected_b, name="b_new", wrong_hints=[
        (_Q3_B, "w is right, but the bias learns too: b + eta (y - y_hat), as if x0 = 1."),
        (_Q3_B - _Q3_ETA, "the bias moved the wrong way: b + eta (y - y_hat)."),
        (_Q3_B + 1.0, "you forgot the learning rate eta in the bias update."),
    ])


q3 = Problem(
    "3. One step of Rosenblatt's rule",
    _check_rosenblatt,
    hints=["First compute the step neuron's output: y_hat = 1 if b + x @ w >= 0 else 0.",
           "Then w_new = w + eta * (y - y_hat) * x and b_new = b + eta * (y - y_hat)."],
    setup="x = np.array([1.0, -2.0])\ny = 1\nw = np.array([0.5, 1.0])\nb = 0.2\neta = 0.5",
    solution="y_hat = 1.0 if b + x @ w >= 0 else 0.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b + eta * (y - y_hat)",
    answers=("w_new", "b_new"),
    correct_message="the point was on the wrong side, so w moved towards x; check that b_new + x @ w_new is "
                    "now larger than before (it went from -1.3 to 1.7: the point is now classified correctly).",
)

# -- q4: one gradient-descent step on the log loss ---------------------------------------------

_Q4_X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
_Q4_Y = np.array([1, 0, 0, 1])
_Q4_W, _Q4_B, _Q4_ETA = np.array([0.1, -0.2]), 0.05, 0.5


def _check_gradient_step(w_new, b_new):
    expected_w, expected_b = neuron.gradient_step(_Q4_X, _Q4_Y, _Q4_W, _Q4_B, _Q4_ETA)
    grad_w, grad_b = neuron.log_loss_gradient(_Q4_X, _Q4_Y, _Q4_W, _Q4_B)
    error_step = _Q4_Y - _step(_Q4_B + _Q4_X @ _Q4_W)
    expect_close(w_new, expected_w, name="w_new", wrong_hints=[
        (_Q4_W + _Q4_ETA * grad_w, "you climbed the hill: gradient DEScent subtracts, w - eta dJ/dw."),
        (_Q4_W - _Q4_ETA * grad_w * len(_Q4_Y), "you summed over the points; J is the MEAN log loss, so divide "
                                                 "by n (use .mean() or / len(y))."),
        (_Q4_W + _Q4_ETA * _Q4_X.T @ error_step / len(_Q4_Y), "that uses the step function's output; the "
                                                              "gradient needs the sigmoid's y_hat."),
        (_Q4_W - _Q4_ETA * _Q4_X.T @ (_Q4_B + _Q4_X @ _Q4_W - _Q4_Y) / len(_Q4_Y),
         "you used z instead of y_hat = sigmoid(z) in (y_hat - y)."),
    ])
    expect_close(b_new, expected_b, name="b_new", wrong_hints=[
        (_Q4_B + _Q4_ETA * grad_b, "the bias also goes downhill: b - eta dJ/db."),
        (_Q4_B, "w is right, but b must be updated too: dJ/db = mean(y_hat - y)."),
    ])


q4 = Problem(
    "4. One gradient-descent step",
    _check_gradient_step,
    hints=["The chain rule gave dJ/dw = X^T (y_hat - y) / n and dJ/db = mean(y_hat - y), with "
           "y_hat = sigmoid(b + X @ w).",
           "y_hat = 1 / (1 + np.exp(-(b + X @ w))); then w_new = w - eta * X.T @ (y_hat - y) / len(y) and "
           "b_new = b - eta * np.mean(y_hat - y)."],
    setup="X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])\ny = np.array([1, 0, 0, 1])\n"
          "w = np.array([0.1, -0.2])\nb = 0.05\neta = 0.5",
    solution="y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\n"
             "b_new = b - eta * np.mean(y_hat - y)",
    answers=("w_new", "b_new"),
    correct_message="repeat this step and the log loss falls: that loop is all gradient descent is.",
)

__all__ = ["q1", "q2", "q3", "q4"]
