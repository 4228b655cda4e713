"""Exercises for notebook 04 (decision surfaces): softmax, the log loss, and a k-class Keras model."""

from __future__ import annotations

import numpy as np

from helpers.exercises import (
    Answer, Incorrect, NumericProblem, Problem, activation_name, expect_keras_model, keras_layers,
)
from helpers.numpy_net import cross_entropy
from helpers.softmax import softmax

q1 = NumericProblem(
    "1. Softmax by hand",
    setup="z = np.array([2.0, 1.0, 0.1, -1.0])",
    answers=[Answer("p", softmax, wrong_values=[
        (lambda z: np.exp(z), "p holds e^z but does not sum to 1: divide by the sum of all the e^z."),
        (lambda z: z / z.sum(), "p is z divided by its sum: take the exponential first, so every entry is positive."),
        (lambda z: np.exp(z) / np.exp(z).max(), "divide by the sum of the e^z, not by the largest one."),
    ])],
    hints=["Softmax is $e^{z_i} / \\sum_j e^{z_j}$: exponentiate every entry, then divide by the total.",
           "np.exp(z) gives every e^{z_i}; np.exp(z).sum() gives the denominator."],
    solution="p = np.exp(z) / np.exp(z).sum()",
    correct_message="the four probabilities are positive and sum to 1; the largest logit gets the most mass.",
)


q2 = NumericProblem(
    "2. The log loss",
    setup="y = np.array([1, 0, 1, 1, 0])\np = np.array([0.9, 0.2, 0.6, 0.05, 0.4])",
    answers=[Answer("loss", lambda y, p: cross_entropy(y, p), wrong_values=[
        (lambda y, p: -cross_entropy(y, p), "the loss is negative: the log of a probability is negative, so put a minus "
                                        "sign in front of the mean."),
        (lambda p: -np.mean(np.log(p)), "you used log(p) for every point: for y = 0 the probability of the true "
                                        "class is 1 - p, so use y*log(p) + (1-y)*log(1-p)."),
        (lambda y, p: np.mean((y - p) ** 2), "that is the mean squared error, not the log loss: use logarithms."),
        (lambda y, p: len(y) * cross_entropy(y, p), "that is the sum; take the mean over the points."),
    ])],
    hints=["For one point the loss is $-\\log$ of the probability given to its true class: p if y = 1, 1 - p "
           "if y = 0.",
           "Write it as -(y*log(p) + (1-y)*log(1-p)) and take np.mean over the points."],
    solution="loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
    correct_message="the one confident mistake (p = 0.05 for a class-1 point) gives 3.0 of the total 4.35: "
                    "the log loss punishes confident mistakes hardest.",
)


def _check_k_class_model(model):
    layers = keras_layers(model, "model")
    last = layers[-1] if layers else None
    if getattr(last, "units", None) == 1:
        raise Incorrect("the last layer has 1 unit with a sigmoid: that is a 2-class model. "
                        "A 4-class model ends in Dense(4, activation='softmax').")
    last_activation = activation_name(getattr(last, "activation", None))
    if getattr(last, "units", None) == 4 and last_activation != "softmax":
        raise Incorrect(f"the last layer has 4 units but activation {last_activation!r}: use 'softmax' so the four "
                        f"outputs are probabilities that sum to 1.")
    expect_keras_model(model, [("Dense", 3, "sigmoid"), ("Dense", 4, "softmax")], n_params=2 * 3 + 3 + 3 * 4 + 4,
                       name="model")
    try:
        out = np.asarray(model(np.zeros((2, 2), dtype="float32")))
    except Exception:  # the student's model does not run on 2 points of 2 features
        raise Incorrect("the model does not run on 2 points with 2 features: start it with "
                        "keras.Input(shape=(2,)).") from None
    if out.shape != (2, 4) or not np.allclose(out.sum(axis=1), 1, atol=1e-5):
        raise Incorrect(f"for 2 points the model should give 2 rows of 4 probabilities; got shape {out.shape}.")


q3 = Problem(
    "3. The lecture's 4-class classifier",
    _check_k_class_model,
    hints=["Start with keras.Input(shape=(2,)), then the hidden Dense(3, activation='sigmoid').",
           "The output layer has one unit per class and a softmax: keras.layers.Dense(4, activation='softmax')."],
    solution=("model = keras.Sequential([keras.Input(shape=(2,)),\n"
              "                          keras.layers.Dense(3, activation=\"sigmoid\"),\n"
              "                          keras.layers.Dense(4, activation=\"softmax\")])"),
    setup="import keras",
    answers=("model",),
    correct_message="2·3 + 3 + 3·4 + 4 = 25 parameters; model.predict gives 4 probabilities per point.",
)

__all__ = ["q1", "q2", "q3"]
