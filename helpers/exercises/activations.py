"""Exercises for notebook 02 (activations): the sigmoid's derivative, the gradient through a chain of
sigmoid neurons, counting dead ReLU units, and choosing the output activation."""

from __future__ import annotations

import json

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime
from helpers.exercises import Answer, Incorrect, NumericProblem, Problem, activation_name, describe

# --- q1: the sigmoid's derivative --------------------------------------------------------------

q1 = NumericProblem(
    "1. The sigmoid's derivative",
    setup="z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])\ns = 1 / (1 + np.exp(-z))      # sigmoid(z)",
    answers=[Answer("d_sigmoid", sigmoid_prime, wrong_values=[
        (lambda s: s, "that is sigmoid(z) itself; its derivative is sigmoid(z) * (1 - sigmoid(z))."),
        (lambda s, z: s * (1 - z), "use s, not z, in the second factor: g'(z) = g(z) (1 - g(z))."),
        (lambda s: 1 - s**2, "1 - g(z)^2 is the derivative of tanh; the sigmoid's is g(z) (1 - g(z))."),
        (lambda s: s * (1 + s), "check the sign: the second factor is 1 - s, so g' is largest (0.25) at z = 0."),
    ])],
    hints=["The notebook wrote the derivative in terms of the sigmoid itself, so you only need s.",
           "g'(z) = g(z) (1 - g(z)): element-wise, s * (1 - s). At z = 0 it should give 0.25."],
    solution="d_sigmoid = s * (1 - s)",
    correct_message="g'(z) = g(z)(1 - g(z)) is at most 0.25 (at z = 0) and almost 0 at z = -4 or 3: saturation.",
)

# --- q2: the gradient through a chain of sigmoid neurons ---------------------------------------


def chain_factors(w, b, a0):
    """The pre-activations ``z[l]`` and the derivatives ``g'(z[l])`` along a chain of one-unit sigmoid layers."""
    a, zs = a0, []
    for w_l, b_l in zip(w, b):
        z = w_l * a + b_l
        zs.append(z)
        a = sigmoid(z)
    zs = np.array(zs)
    return zs, sigmoid_prime(zs)


q2 = NumericProblem(
    "2. The gradient through a chain",
    setup="""\
# a chain of 4 one-unit layers: a[l] = sigmoid(w[l] * a[l-1] + b[l]), starting from a0
w = np.array([1.5, -2.0, 1.0, 2.5])
b = np.array([0.0, 0.5, -1.0, 0.2])
a0 = 0.8
def sigmoid(z):
    return 1 / (1 + np.exp(-z))""",
    answers=[Answer("da_da0", lambda w, b, a0: np.prod(w * chain_factors(w, b, a0)[1]), wrong_values=[
        (lambda w, b, a0: np.prod(chain_factors(w, b, a0)[1]),
         "you multiplied the g'(z) factors only: each layer also multiplies by its weight w[l] "
         "(dz[l]/da[l-1] = w[l])."),
        (lambda w, b, a0: np.prod(w * sigmoid(chain_factors(w, b, a0)[0])),
         "use the derivative g'(z) = g(z)(1 - g(z)) in each factor, not g(z) itself."),
        (lambda w, b, a0: np.sum(w * chain_factors(w, b, a0)[1]),
         "the chain rule multiplies the factors of the layers; it does not add them."),
        (lambda w, b, a0: np.prod(w * sigmoid_prime(w * a0 + b)),
         "each layer's z uses the previous layer's output a[l-1], not a0: run the forward pass layer by layer."),
    ])],
    hints=["First the forward pass: loop over the layers, z = w[l] * a + b[l], a = sigmoid(z), and keep every z.",
           "By the chain rule d a4 / d a0 is the product over the layers of w[l] * g'(z[l]), "
           "with g'(z) = sigmoid(z) * (1 - sigmoid(z))."],
    solution=("a, da_da0 = a0, 1.0\n"
              "for w_l, b_l in zip(w, b):\n"
              "    z = w_l * a + b_l\n"
              "    a = sigmoid(z)\n"
              "    da_da0 *= w_l * a * (1 - a)"),
    correct_message="four layers already shrink the gradient to a few percent: every factor g'(z) is at most 0.25.",
)

# --- q3: counting dead ReLU units --------------------------------------------------------------

def _dead(Z):
    """Per unit (column): whether it is inactive (z <= 0) on every example."""
    return ~(Z > 0).any(axis=0)


q3 = NumericProblem(
    "3. How many units are dead?",
    setup="""\
# pre-activations z of one hidden layer: 6 examples (rows) x 5 units (columns)
Z = np.array([[ 1.2, -0.3, -2.0,  0.4, -1.0],
              [ 0.5, -1.1, -0.7, -0.2, -0.3],
              [-0.4,  0.8, -1.5,  1.1, -2.2],
              [ 2.0, -0.6, -0.1,  0.3, -0.9],
              [-1.3, -0.2, -3.0, -0.5, -0.4],
              [ 0.7,  0.1, -0.8,  0.9, -1.7]])""",
    answers=[Answer("dead_fraction", lambda Z: np.mean(_dead(Z)), wrong_values=[
        (lambda Z: np.mean(Z <= 0), "that is the share of zero outputs over all examples and units. A unit is "
                                    "dead only if it is inactive on EVERY example: look down each column."),
        (lambda Z: np.mean(~_dead(Z)), "that is the share of units that are alive (active at least once); "
                                       "the dead ones are the rest."),
        (lambda Z: np.mean(~(Z > 0).any(axis=1)), "you looked along the rows (examples); the units are the "
                                                  "columns, so reduce over axis 0."),
        (lambda Z: np.sum(_dead(Z)), "that is the number of dead units; divide by the number of units to get the "
                                     "fraction."),
    ])],
    hints=["A ReLU unit is active on an example when its z > 0. It is dead if it is active on none of them.",
           "(Z > 0).any(axis=0) says, per unit (column), whether it was ever active. Take the mean of its negation."],
    solution="dead_fraction = np.mean(~(Z > 0).any(axis=0))",
    correct_message="units 3 and 5 output 0 for every example, so g'(z) = 0 and their weights never change again.",
)

# --- q4: which activation on the output layer? -------------------------------------------------

#: per task: the right output activation, and what to say about each wrong one
_Q4_ANSWER_KEY = {
    "house price in euros": ("linear", {
        "relu": "a ReLU output cannot go below 0 and has zero gradient there; regression outputs use 'linear' "
                "(standardised targets are negative half the time).",
        "sigmoid": "a sigmoid output lies in (0, 1): fine for a probability, not for a price. Regression uses "
                   "'linear'.",
        "softmax": "softmax turns k scores into k probabilities; a price is one unbounded number: 'linear'."}),
    "spam or not spam": ("sigmoid", {
        "softmax": "softmax over a single unit is always 1. For 2 classes use one unit with 'sigmoid' "
                   "(softmax needs one unit per class).",
        "linear": "a linear output is not a probability; 2 classes use one unit with 'sigmoid'.",
        "relu": "a ReLU output is not a probability (it can exceed 1); 2 classes use 'sigmoid'."}),
    "which of 10 digits": ("softmax", {
        "sigmoid": "10 independent sigmoids do not sum to 1; for k exclusive classes use 'softmax'.",
        "linear": "10 linear outputs are scores (logits), not probabilities; add 'softmax' (notebook 05).",
        "relu": "ReLU scores are not probabilities; k exclusive classes use 'softmax'."}),
}


def _activation_given(task: str, given) -> str:
    """The activation's name from a string ("Softmax ") or a function (keras.activations.softmax)."""
    if isinstance(given, str):
        return given.strip().lower()
    if callable(given) and not isinstance(given, type):
        return activation_name(given)
    raise Incorrect(f"for {task!r} give the activation's name as a string, e.g. 'relu'; got {describe(given)}.")


def _check_q4(output_activations):
    tasks = list(_Q4_ANSWER_KEY)
    if isinstance(output_activations, np.ndarray) and output_activations.ndim == 1:
        output_activations = output_activations.tolist()
    if not isinstance(output_activations, (list, tuple)):
        raise Incorrect(f"output_activations should be a list of {len(tasks)} activation names, one per task in "
                        f"the order of `tasks`; got {describe(output_activations)}.")
    if len(output_activations) != len(tasks):
        raise Incorrect(f"give one activation per task: {len(tasks)} names, got {len(output_activations)}.")
    for task, given in zip(tasks, output_activations):
        right, advice = _Q4_ANSWER_KEY[task]
        name = _activation_given(task, given)
        if name != right:
            raise Incorrect(f"{task}: " + advice.get(name, f"{name!r} is not one of 'sigmoid', 'softmax', 'linear', "
                                                           f"'relu'."))


q4 = Problem(
    "4. Which activation on the output layer?",
    _check_q4,
    hints=["Hidden layers use ReLU; the output layer's activation is fixed by what the model must predict.",
           "A number without bounds: linear. One probability for 2 classes: sigmoid. k probabilities summing to 1: "
           "softmax."],
    solution='output_activations = ["linear", "sigmoid", "softmax"]',
    setup='# the Keras activation= of the LAST layer for each task: "sigmoid", "softmax", "linear" or "relu"\n'
          f"tasks = {json.dumps(list(_Q4_ANSWER_KEY))}",
    answers=("output_activations",),
    correct_message="the output activation is set by the task; everything before it is a choice (usually ReLU).",
)

__all__ = ["q1", "q2", "q3", "q4", "chain_factors"]
