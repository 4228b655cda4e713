"""Exercises for notebook 04 (decision surfaces): the straight boundary, the threshold, capacity, a diagnosis,
and a network for xor with weights set by hand."""

from __future__ import annotations


import numpy as np

from helpers.exercises import (
    Answer, Choice, ChoiceProblem, FunctionProblem, Incorrect, NumericProblem, Problem, expect_shape, real_values,
)

# ---------------------------------------------------------------------------------------------
# q1: the decision boundary of logistic regression, solved for x2
# ---------------------------------------------------------------------------------------------


def _boundary_x2(x1, w, b):
    return -(w[0] * x1 + b) / w[1]


def _boundary_cases(rng):
    cases = []
    for _ in range(4):
        w = rng.normal(size=2) * 2
        w[1] = np.sign(w[1]) * (abs(w[1]) + 0.5)  # far from 0: the line is never vertical
        cases.append((rng.uniform(-3, 3, size=6), w, float(rng.normal())))
    return cases


q1 = FunctionProblem(
    "1. The straight boundary, solved for x2",
    function_name="boundary_x2",
    reference=_boundary_x2,
    cases=_boundary_cases,
    setup="w = np.array([2.0, -1.0])   # w1, w2\nb = 0.5\nx1 = np.linspace(-2.0, 2.0, 5)",
    wrong_functions=[
        (lambda x1, w, b: (w[0] * x1 + b) / w[1],
         "the sign is flipped: moving w2·x2 to the other side of w1·x1 + w2·x2 + b = 0 gives -w2·x2."),
        (lambda x1, w, b: -w[0] * x1 / w[1],
         "the bias is missing: the line is w1·x1 + w2·x2 + b = 0, so b moves to the other side too."),
        (lambda x1, w, b: -w[0] * x1 / w[1] - b,
         "divide the bias by w2 as well: x2 = -(w1·x1 + b) / w2."),
        (lambda x1, w, b: -w[0] * x1 / w[1] + b,
         "divide the bias by w2 as well, and keep its minus sign: x2 = -(w1·x1 + b) / w2."),
        (lambda x1, w, b: -(w[1] * x1 + b) / w[0],
         "w1 and w2 are swapped: w[0] multiplies x1, and you solve for x2, so divide by w[1]."),
        (lambda x1, w, b: -(w[0] * x1 + b) * w[1],
         "multiply by 1/w2, not by w2: divide by w[1]."),
    ],
    hints=["On the boundary $w_1x_1 + w_2x_2 + b = 0$. Move everything but $w_2x_2$ to the other side.",
           "$w_2 x_2 = -(w_1 x_1 + b)$, then divide by $w_2$ (w[1] in numpy; w[0] is $w_1$)."],
    solution="def boundary_x2(x1, w, b):\n    return -(w[0] * x1 + b) / w[1]",
    correct_message="this is the dashed line in the next figure: it lies exactly on the 0.5 contour, because "
                    "σ(z) = 0.5 exactly where z = 0.",
)


# ---------------------------------------------------------------------------------------------
# q2: false alarms and misses at a threshold
# ---------------------------------------------------------------------------------------------

_THRESHOLD_SETUP = """\
p = np.array([0.92, 0.35, 0.48, 0.71, 0.08, 0.62, 0.27, 0.45, 0.15, 0.55, 0.20, 0.40])   # P(class 1)
y = np.array([1,    0,    1,    1,    0,    0,    1,    0,    0,    1,    1,    0])      # true classes
t = 0.3"""

q2 = NumericProblem(
    "2. False alarms and misses at a threshold",
    setup=_THRESHOLD_SETUP,
    answers=[
        Answer("false_alarms", lambda p, y, t: np.sum((p >= t) & (y == 0)), wrong_values=[
            (lambda p, y: np.sum((p >= 0.5) & (y == 0)),
             "that is the count at the usual threshold 0.5: use t = 0.3 (predict class 1 when p >= t)."),
            (lambda p, t: np.sum(p >= t),
             "that counts every point predicted class 1: a false alarm is predicted class 1 but truly class 0."),
            (lambda p, y, t: np.sum((p < t) & (y == 1)),
             "that is the number of misses: a false alarm is predicted class 1 (p >= t) while y = 0."),
        ]),
        Answer("misses", lambda p, y, t: np.sum((p < t) & (y == 1)), wrong_values=[
            (lambda p, y: np.sum((p < 0.5) & (y == 1)),
             "that is the count at the usual threshold 0.5: use t = 0.3 (predict class 0 when p < t)."),
            (lambda p, y, t: np.sum((p >= t) & (y == 0)),
             "that is the number of false alarms (or every point below t): a miss is a class-1 point (y = 1) "
             "that the model calls class 0 (p < t)."),
        ]),
    ],
    hints=["Predicted class: 1 where p >= t, else 0. Compare it with y point by point.",
           "np.sum((p >= t) & (y == 0)) counts the points predicted 1 whose true class is 0."],
    solution="false_alarms = np.sum((p >= t) & (y == 0))\nmisses = np.sum((p < t) & (y == 1))",
    correct_message="at t = 0.5 it would be 1 false alarm and 3 misses: a lower threshold trades misses for "
                    "false alarms, and the model itself did not change.",
)


# ---------------------------------------------------------------------------------------------
# q3: predict the fewest hidden units that can enclose the inner circle
# ---------------------------------------------------------------------------------------------

q3 = ChoiceProblem(
    "3. Predict: how many hidden units enclose a circle?",
    choices=[Choice("fewest_units", options=[0, 1, 2, 3, 8], answer=3, why={
        0: "no hidden layer is logistic regression: one straight line, with half of the outer circle on the "
           "inner circle's side.",
        1: "one hidden unit draws one soft line; the output only rescales it, so the boundary is still straight.",
        2: "two units give two soft lines; combined they make a wedge (or a band), which is open on one side: "
           "it cannot close around the inner circle.",
        3: "three soft lines can cut off a triangle with rounded corners: the first closed region.",
        8: "8 units fit the circles, but fewer do too. What is the fewest whose lines can close a region?",
    })],
    hints=["Each tanh hidden unit is one soft straight line across the plane.",
           "How many straight lines do you need to close a region around a point? Two lines always leave it "
           "open on one side."],
    solution="fewest_units = 3",
    correct_message="the next cell trains 2 and 3 units on the circles: see the open wedge and the closed "
                    "triangle.",
    kind="predict",
)


# ---------------------------------------------------------------------------------------------
# q4: diagnose a straight boundary through the circles
# ---------------------------------------------------------------------------------------------

q4 = ChoiceProblem(
    "4. Diagnose: a straight boundary through the circles",
    choices=[
        Choice("problem", options=["underfitting", "overfitting", "learning rate too high", "too few epochs"],
               answer="underfitting", why={
                   "overfitting": "overfitting fits the training points too well; here even the training accuracy "
                                  "is poor. The model is too simple, not too flexible.",
                   "learning rate too high": "a learning rate that is too high makes the loss jump or explode; here "
                                             "it settled smoothly near ln 2 = 0.69, the loss of a coin toss.",
                   "too few epochs": "the loss stopped moving long before the last epoch: more of the same "
                                     "training cannot bend a straight line.",
               }),
        Choice("fix", options=["more hidden units", "a nonlinear hidden activation", "L2 regularisation",
                               "a lower learning rate", "more epochs"],
               answer="a nonlinear hidden activation", why={
                   "more hidden units": "the hidden layer is linear: 8 or 800 linear units collapse into one linear "
                                        "map, so the boundary stays a straight line.",
                   "L2 regularisation": "L2 makes a model simpler; this one is already too simple.",
                   "a lower learning rate": "the loss is not jumping around; a smaller step would reach the same "
                                            "straight line more slowly.",
                   "more epochs": "the loss has stopped falling: the best straight line has been found already.",
               }),
    ],
    hints=["Is the training accuracy good? A model that cannot even fit its training data underfits.",
           "Look at activation= in the hidden layer: what does a stack of linear layers compute?"],
    solution='problem = "underfitting"\nfix = "a nonlinear hidden activation"',
    correct_message="with activation='tanh' (or 'relu') the same 8 units can close a region around the inner "
                    "circle (3 would do, as the capacity grid showed).",
    kind="diagnose",
)


# ---------------------------------------------------------------------------------------------
# q5: a network for xor, with weights set by hand
# ---------------------------------------------------------------------------------------------

_XOR_SETUP = """\
corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
labels = np.array([1, 0, 0, 1])   # xor as in data.xor: class 1 where x1 and x2 have the same sign"""
_CORNERS = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
_LABELS = np.array([1, 0, 0, 1])


def _xor_forward(W1, b1, W2, b2, X=_CORNERS):
    """P(class 1) of Dense(2, relu) → Dense(1, sigmoid) with these weights, for each row of ``X``."""
    with np.errstate(all="ignore"):   # huge weights: inf and nan are judged below, never warned about
        hidden = np.maximum(X @ W1 + b1, 0.0)
        return 1.0 / (1.0 + np.exp(-(hidden @ W2 + b2)[:, 0]))


def _weights(value, name, shape):
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool):
        raise Incorrect(f"{name} should be numbers (an array of shape {shape}), not True/False.")
    values = real_values(value, name, f"an array of shape {shape}")
    if values.size == int(np.prod(shape)) and values.shape != shape and values.ndim <= len(shape):
        values = values.reshape(shape)  # W2 as [a, b] or b2 as a single number: the same weights
    values = expect_shape(values, shape, name)
    if not np.all(np.isfinite(values)):
        raise Incorrect(f"{name} holds NaN or infinity; use finite numbers.")
    return values


def _check_xor_weights(W1, b1, W2, b2):
    W1, b1 = _weights(W1, "W1", (2, 2)), _weights(b1, "b1", (2,))
    W2, b2 = _weights(W2, "W2", (2, 1)), _weights(b2, "b2", (1,))
    p = _xor_forward(W1, b1, W2, b2)
    wrong = [i for i in range(4) if (p[i] >= 0.5) != bool(_LABELS[i])]
    if len(wrong) == 4:
        raise Incorrect("every corner gets the opposite class: your network computes 'not xor'. Flip the sign of "
                        "W2 and b2.")
    with np.errstate(all="ignore"):
        hidden = np.maximum(_CORNERS @ W1 + b1, 0.0)
    if wrong and np.allclose(hidden[:, 0], hidden[:, 1]):
        raise Incorrect("your two hidden units compute the same thing, so the network draws one line. Give them "
                        "different weights: one unit for each class-0 corner works.")
    if wrong and np.all(hidden == 0):
        raise Incorrect("both hidden units are 0 (ReLU of a negative number) at every corner, so the output is the "
                        "same everywhere. Give the hidden units weights that make them positive at some corners.")
    if wrong:
        listed = "; ".join(f"corner ({_CORNERS[i, 0]:g}, {_CORNERS[i, 1]:g}) is class {_LABELS[i]} but gets "
                           f"P(class 1) = {p[i]:.2f}" for i in wrong)
        raise Incorrect(f"{len(wrong)} of 4 corners are wrong: {listed}. Work out the hidden values "
                        f"max(0, x·W1 + b1) at each corner first.")
    if np.any(np.abs(p - 0.5) < 0.01):
        raise Incorrect("a corner sits on the boundary (P(class 1) = 0.50): push it to one side, e.g. with a "
                        "larger b2 or larger output weights.")


q5 = Problem(
    "5. A network for xor, weights by hand",
    _check_xor_weights,
    hints=["Let hidden unit 1 fire only at the corner (1, -1) and unit 2 only at (-1, 1): relu(x1 - x2) and "
           "relu(x2 - x1) do that.",
           "Both hidden values are 0 at the class-1 corners and one is 2 at the class-0 corners. Choose the output "
           "z = w·h + b so that z > 0 when h = (0, 0) and z < 0 when one of them is 2."],
    solution=("W1 = np.array([[1.0, -1.0], [-1.0, 1.0]])   # unit 1: x1 - x2, unit 2: x2 - x1\n"
              "b1 = np.array([0.0, 0.0])\n"
              "W2 = np.array([[-1.0], [-1.0]])\n"
              "b2 = np.array([1.0])"),
    setup=_XOR_SETUP,
    answers=("W1", "b1", "W2", "b2"),
    correct_message="two ReLU units cut the plane along x1 = x2, and the output says 'class 1 unless either unit "
                    "fires'. Gradient descent finds weights like these by itself; model.set_weights([W1, b1, W2, "
                    "b2]) puts yours into a Keras Dense(2, relu) → Dense(1, sigmoid).",
    kind="model",
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
