"""Exercises of notebook 01 (the perceptron), in notebook order.

q1 predicts which units can compute XOR (before the notebook shows it), q2 writes the backward pass of a
one-hidden-layer network (right after its derivation); the closing section asks for the weighted sum (q3),
the sigmoid (q4), one step of Rosenblatt's rule (q5) and one gradient-descent step on the log loss (q6).
"""

from __future__ import annotations


import numpy as np

from helpers import neuron
from helpers.activations import sigmoid, step
from helpers.exercises import Answer, Choice, ChoiceProblem, FunctionProblem, Incorrect, NumericProblem

q3 = NumericProblem(
    "3. The weighted sum",
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

q4 = NumericProblem(
    "4. The sigmoid",
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


# ---------------------------------------------------------------------------------------------
# q1: predict, before the notebook shows it
# ---------------------------------------------------------------------------------------------

q1 = ChoiceProblem(
    "1. Who can compute XOR?",
    setup='# can_solve_xor: a list of all that can, from "step neuron", "sigmoid neuron", "hidden layer"\n'
          "# best_single_neuron: 0.25, 0.5, 0.75 or 1.0",
    choices=[
        Choice("can_solve_xor", ["step neuron", "sigmoid neuron", "hidden layer"], {"hidden layer"}, why={
            "step neuron": "a step neuron fires on one side of the line z = 0, and no single line puts (0, 1) and "
                           "(1, 0) on one side with (0, 0) and (1, 1) on the other.",
            "sigmoid neuron": "a sigmoid neuron's 0.5 contour is the same straight line z = 0 as the step's: the "
                              "smooth activation changes how sure it is, not where it splits the plane.",
            "hidden layer": "a hidden layer of 2 units can: one unit draws one line (OR), the other another line "
                            "(NAND), and the output neuron combines them (AND).",
        }),
        Choice("best_single_neuron", [0.25, 0.5, 0.75, 1.0], 0.75, why={
            1.0: "that would need one line with (0, 1), (1, 0) on one side and (0, 0), (1, 1) on the other; "
                 "no line does that.",
            0.5: "a single neuron can do better than half: the line of OR already gets three of the four right.",
            0.25: "even a neuron that calls every point 0 gets two of the four right; OR's line gets three.",
        }),
    ],
    hints=["Draw the four points (0, 0), (0, 1), (1, 0), (1, 1) with XOR's labels 0, 1, 1, 0 and try to split "
           "them with one straight line.",
           "A step neuron and a sigmoid neuron split the plane along the same line z = 0. OR's line (x1 + x2 = 0.5) "
           "gets three points right. A hidden layer combines several lines."],
    solution='can_solve_xor = ["hidden layer"]\nbest_single_neuron = 0.75',
    correct_message="one line gets at most 3 of the 4 points right, whatever its activation; two hidden units give "
                    "two lines, and the output neuron combines them. The next cell checks it.",
    kind="predict",
)


# ---------------------------------------------------------------------------------------------
# q2: write the backward pass of a one-hidden-layer network
# ---------------------------------------------------------------------------------------------


def _mlp_parts(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    y_hat = sigmoid(A1 @ W2 + b2)
    return A1, y_hat, (y_hat - y) / len(X)


def _backward_without_g_prime(X, y, W1, b1, W2, b2):
    A1, _, dZ2 = _mlp_parts(X, y, W1, b1, W2, b2)
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def _backward_with_sigmoid_prime(X, y, W1, b1, W2, b2):
    A1, _, dZ2 = _mlp_parts(X, y, W1, b1, W2, b2)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def _backward_without_mean(X, y, W1, b1, W2, b2):
    return tuple(len(X) * g for g in neuron.one_hidden_layer_backward(X, y, W1, b1, W2, b2))


def _backward_with_Z1_in_dW2(X, y, W1, b1, W2, b2):
    dW1, db1, _, db2 = neuron.one_hidden_layer_backward(X, y, W1, b1, W2, b2)
    _, _, dZ2 = _mlp_parts(X, y, W1, b1, W2, b2)
    return dW1, db1, (X @ W1 + b1).T @ dZ2, db2


def _backward_with_mean_biases(X, y, W1, b1, W2, b2):
    dW1, db1, dW2, db2 = neuron.one_hidden_layer_backward(X, y, W1, b1, W2, b2)
    return dW1, db1 / len(X), dW2, db2 / len(X)


def _backward_with_y_minus_y_hat(X, y, W1, b1, W2, b2):
    return tuple(-g for g in neuron.one_hidden_layer_backward(X, y, W1, b1, W2, b2))


def _backward_cases(rng):
    """Hidden inputs: (n points, m inputs, d1 hidden units) of several shapes, labels 0/1 in a column."""
    cases = []
    for n, m, d1 in [(4, 2, 3), (7, 3, 5), (10, 2, 8), (6, 1, 4)]:
        cases.append((rng.normal(size=(n, m)), rng.integers(0, 2, size=(n, 1)).astype(float),
                      rng.normal(size=(m, d1)), rng.normal(size=d1), rng.normal(size=(d1, 1)), rng.normal(size=1)))
    return cases


_SHAPE_MISMATCH = ("a matrix product's shapes do not fit. Write each shape down: dZ2 is (n, 1) and W2 is (d1, 1), so "
                   "dA1 = dZ2 @ W2.T, (n, 1) @ (1, d1) -> (n, d1); likewise dW2 = A1.T @ dZ2 and dW1 = X.T @ dZ1. "
                   "(W2 without .T, or X without .T, does not fit.)")


class _BackwardProblem(FunctionProblem):
    """The backward-pass problem: a matrix product whose shapes do not fit gets a message about transposes."""

    def _student_outputs(self, function, case):
        try:
            return super()._student_outputs(function, case)
        except Incorrect as wrong:
            if "ValueError" in str(wrong) and ("matmul" in str(wrong) or "broadcast" in str(wrong)):
                raise Incorrect(_SHAPE_MISMATCH) from None
            raise


q2 = _BackwardProblem(
    "2. The backward pass of a hidden layer",
    function_name="backward",
    setup="# X (n, m), y (n, 1), W1 (m, d1), b1 (d1,), W2 (d1, 1), b2 (1,); hidden layer tanh, output sigmoid",
    reference=neuron.one_hidden_layer_backward,
    cases=_backward_cases,
    outputs=("dW1", "db1", "dW2", "db2"),
    wrong_functions=[
        (_backward_without_g_prime, "you left out the hidden activation's slope: dZ1 = dA1 * g'(Z1), and for tanh "
                                    "g'(Z1) = 1 - A1**2 (element-wise)."),
        (_backward_with_sigmoid_prime, "A1 * (1 - A1) is the sigmoid's slope; the hidden layer here is tanh, whose "
                                       "slope is 1 - A1**2."),
        (_backward_without_mean, "every gradient is n times too large: J is the MEAN log loss, so dZ2 = (y_hat - y) / n."),
        (_backward_with_Z1_in_dW2, "dW2 uses what the second layer receives, A1 = tanh(Z1), not Z1: dW2 = A1.T @ dZ2."),
        (_backward_with_mean_biases, "the biases divide by n twice: dZ2 already has the 1/n, so db = dZ.sum(axis=0), "
                                     "not .mean(axis=0)."),
        (_backward_with_y_minus_y_hat, "every gradient has the wrong sign: dZ2 = (y_hat - y) / n, not (y - y_hat) / n."),
    ],
    hints=["Go backwards one line of the forward pass at a time: dZ2 = (y_hat - y) / n, then dW2 = A1.T @ dZ2 and "
           "db2 = dZ2.sum(axis=0); then dA1 = dZ2 @ W2.T, dZ1 = dA1 * (1 - A1**2), dW1 = X.T @ dZ1, "
           "db1 = dZ1.sum(axis=0).",
           "Check every shape: a gradient has the shape of what it is the gradient of (dW1 like W1, (m, d1); db1 "
           "like b1, (d1,)). X.T @ dZ1 is (m, n) @ (n, d1)."],
    solution="def backward(X, y, W1, b1, W2, b2):\n"
             "    A1 = np.tanh(X @ W1 + b1)\n"
             "    y_hat = 1 / (1 + np.exp(-(A1 @ W2 + b2)))\n"
             "    dZ2 = (y_hat - y) / len(X)\n"
             "    dW2 = A1.T @ dZ2\n"
             "    db2 = dZ2.sum(axis=0)\n"
             "    dA1 = dZ2 @ W2.T\n"
             "    dZ1 = dA1 * (1 - A1 ** 2)\n"
             "    dW1 = X.T @ dZ1\n"
             "    db1 = dZ1.sum(axis=0)\n"
             "    return dW1, db1, dW2, db2",
    correct_message="your backward pass gives the right gradients on four networks you had not seen, from 1 to 3 "
                    "inputs and 3 to 8 hidden units. The cells below check the same formulas against finite "
                    "differences and GradientTape.",
)


def _rosenblatt(x, y, w, b, eta):
    return neuron.rosenblatt_update(x, y, w, b, eta)


q5 = NumericProblem(
    "5. One step of Rosenblatt's rule",
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


q6 = NumericProblem(
    "6. One gradient-descent step on the log loss",
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

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]
