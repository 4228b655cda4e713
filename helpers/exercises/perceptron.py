"""Exercises of notebook 01 (the perceptron): the weighted sum, the sigmoid, Rosenblatt's rule, a gradient step."""

from __future__ import annotations

import numpy as np

from helpers import neuron
from helpers.activations import sigmoid, step
from helpers.exercises import Answer, NumericProblem

q1 = NumericProblem(
    "1. The weighted sum",
    setup="x = np.array([2.0, -1.0, 0.5])\nw = np.array([0.4, 0.3, -2.0])\nb = 0.25",
    answers=[Answer("z", lambda x, w, b: b + x @ w, wrong_values=[
        (lambda x, w: x @ w, "close: you left out the bias b (the w0 term). z = b + sum_j x_j w_j."),
        (lambda x, w, b: x @ w - b, "the bias is added, not subtracted: z = b + sum_j x_j w_j."),
        (lambda x, w, b: np.sum(x + w) + b, "multiply each input by its weight (x_j * w_j), do not add them."),
        (lambda x, w, b: sigmoid(b + x @ w),
         "that is g(z), the neuron's output; the question asks for z itself, before the activation."),
    ])],
    hints=["z = w0 + x1 w1 + x2 w2 + x3 w3, with w0 = b.",
           "In numpy: multiply x and w element-wise and sum (or use x @ w), then add b."],
    solution="z = b + x @ w",
    correct_message="z = 0.25 + 0.8 - 0.3 - 1.0 = -0.25. Negative z: the step neuron outputs 0, the sigmoid 0.438.",
)

q2 = NumericProblem(
    "2. The sigmoid",
    setup="z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])",
    answers=[Answer("g_of_z", sigmoid, wrong_values=[
        (step, "that is the step function (0 or 1); the sigmoid is the smooth 1 / (1 + exp(-z)), 0.5 at z = 0."),
        (lambda z: sigmoid(-z), "your curve falls instead of rising: check the sign, it is 1 / (1 + exp(-z))."),
        (lambda z: np.exp(-z), "exp(-z) alone is not bounded; the sigmoid is 1 / (1 + exp(-z)), between 0 and 1."),
        (lambda z: sigmoid(z) * (1 - sigmoid(z)),
         "that is the sigmoid's derivative g(z)(1 - g(z)); return g(z) itself."),
    ])],
    hints=["g(z) = 1 / (1 + e^(-z)). It gives 0.5 at z = 0, almost 1 for large z and almost 0 for very "
           "negative z.",
           "np.exp(-z) works element-wise on whole arrays, so return 1 / (1 + np.exp(-z))."],
    solution="def my_sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\ng_of_z = my_sigmoid(z)",
    correct_message="and its slope is g(z) (1 - g(z)), at most 0.25: the factor dy_hat/dz of the chain rule.",
)


def _rosenblatt(x, y, w, b, eta):
    return neuron.rosenblatt_update(x, y, w, b, eta)


q3 = NumericProblem(
    "3. One step of Rosenblatt's rule",
    setup="x = np.array([1.0, -2.0])\ny = 1\nw = np.array([0.5, 1.0])\nb = 0.2\neta = 0.5",
    answers=[
        Answer("w_new", lambda x, y, w, b, eta: _rosenblatt(x, y, w, b, eta)[0], wrong_values=[
            (lambda x, w, eta: w - eta * x, "the line moved the wrong way: the rule is w + eta (y - y_hat) x. Here "
                                            "y = 1 and y_hat = 0, so (y - y_hat) = +1 and w grows along x."),
            (lambda w: w, "w did not change, but the point is misclassified: z = 0.2 + 0.5 - 2.0 < 0 so y_hat = 0, "
                          "while y = 1."),
            (lambda x, w: w + x, "you forgot the learning rate eta: w + eta (y - y_hat) x."),
        ]),
        Answer("b_new", lambda x, y, w, b, eta: _rosenblatt(x, y, w, b, eta)[1], wrong_values=[
            (lambda b: b, "w is right, but the bias learns too: b + eta (y - y_hat), as if x0 = 1."),
            (lambda b, eta: b - eta, "the bias moved the wrong way: b + eta (y - y_hat)."),
            (lambda b: b + 1.0, "you forgot the learning rate eta in the bias update."),
        ]),
    ],
    hints=["First compute the step neuron's output: y_hat = 1 if b + x @ w >= 0 else 0.",
           "Then w_new = w + eta * (y - y_hat) * x and b_new = b + eta * (y - y_hat)."],
    solution="y_hat = 1.0 if b + x @ w >= 0 else 0.0\nw_new = w + eta * (y - y_hat) * x\nb_new = b + eta * (y - y_hat)",
    correct_message="the point was on the wrong side, so w moved towards x; check that b_new + x @ w_new is "
                    "now larger than before (it went from -1.3 to 1.7: the point is now classified correctly).",
)


def _mean_error_step(X, y, w, b, y_hat, eta):
    """``w - eta X^T (y_hat - y) / n``: the log-loss step for the predictions ``y_hat``, right or not."""
    return w - eta * X.T @ (y_hat - y) / len(y)


q4 = NumericProblem(
    "4. One gradient-descent step",
    setup="X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])\ny = np.array([1, 0, 0, 1])\n"
          "w = np.array([0.1, -0.2])\nb = 0.05\neta = 0.5",
    answers=[
        Answer("w_new", lambda X, y, w, b, eta: neuron.gradient_step(X, y, w, b, eta)[0], wrong_values=[
            (lambda X, y, w, b, eta: w + eta * neuron.log_loss_gradient(X, y, w, b)[0],
             "you climbed the hill: gradient DEScent subtracts, w - eta dJ/dw."),
            (lambda X, y, w, b, eta: w - eta * neuron.log_loss_gradient(X, y, w, b)[0] * len(y),
             "you summed over the points; J is the MEAN log loss, so divide by n (use .mean() or / len(y))."),
            (lambda X, y, w, b, eta: _mean_error_step(X, y, w, b, step(b + X @ w), eta),
             "that uses the step function's output; the gradient needs the sigmoid's y_hat."),
            (lambda X, y, w, b, eta: _mean_error_step(X, y, w, b, b + X @ w, eta),
             "you used z instead of y_hat = sigmoid(z) in (y_hat - y)."),
        ]),
        Answer("b_new", lambda X, y, w, b, eta: neuron.gradient_step(X, y, w, b, eta)[1], wrong_values=[
            (lambda X, y, w, b, eta: b + eta * neuron.log_loss_gradient(X, y, w, b)[1],
             "the bias also goes downhill: b - eta dJ/db."),
            (lambda b: b, "w is right, but b must be updated too: dJ/db = mean(y_hat - y)."),
        ]),
    ],
    hints=["The chain rule gave dJ/dw = X^T (y_hat - y) / n and dJ/db = mean(y_hat - y), with "
           "y_hat = sigmoid(b + X @ w).",
           "y_hat = 1 / (1 + np.exp(-(b + X @ w))); then w_new = w - eta * X.T @ (y_hat - y) / len(y) and "
           "b_new = b - eta * np.mean(y_hat - y)."],
    solution="y_hat = 1 / (1 + np.exp(-(b + X @ w)))\nw_new = w - eta * X.T @ (y_hat - y) / len(y)\n"
             "b_new = b - eta * np.mean(y_hat - y)",
    correct_message="repeat this step and the log loss falls: that loop is all gradient descent is.",
)

__all__ = ["q1", "q2", "q3", "q4"]
