"""Exercises for notebook 05: temperature softmax, log-sum-exp, cross-entropy and a logits model."""

from __future__ import annotations

import numpy as np

from helpers.exercises import (
    Answer, Incorrect, NumericProblem, Problem, activation_name, expect_keras_model, keras_layers,
)
from helpers.numpy_net import cross_entropy
from helpers.softmax import logsumexp, softmax

# -- q1: softmax with a temperature -------------------------------------------------------------

q1 = NumericProblem(
    "1. Softmax with a temperature",
    setup="z = np.array([2.0, 1.0, 0.1])\nT = 0.5",
    answers=[Answer("p", softmax, wrong_values=[
        (lambda z: softmax(z), "that is the plain softmax (T = 1): divide the scores z by T before exponentiating."),
        (lambda z, T: softmax(z * T), "you multiplied the scores by T; the temperature divides them: z / T."),
    ], wrong_if=[
        (lambda p: abs(np.sum(p) - 1) > 1e-6, "your p does not sum to 1: divide the exponentials by their sum so "
                                              "the probabilities are normalised."),
    ])],
    hints=["Scale the scores first: z / T. Then apply the softmax formula exp(.) / sum(exp(.)).",
           "With T = 0.5 the scores double, so the largest class should get more than its T = 1 probability."],
    solution="p = np.exp(z / T) / np.sum(np.exp(z / T))",
    correct_message="at T = 0.5 the first class takes 86% instead of 66%: a low temperature sharpens the distribution.",
)

# -- q2: the log-sum-exp trick ------------------------------------------------------------------

q2 = NumericProblem(
    "2. Log-sum-exp without overflow",
    setup="z = np.array([1000.0, 1001.0, 1002.0])",
    answers=[Answer("lse", logsumexp, wrong_values=[
        (lambda: np.inf, "lse is inf: np.exp(1000) overflows. Subtract the maximum m from z before exponentiating, "
                         "and add m back after the log."),
        (lambda: np.nan, "lse is nan: np.exp(1000) overflows to inf, and inf - inf or inf / inf is nan. Subtract "
                         "the maximum m from z before exponentiating, and add m back after the log."),
        (lambda z: logsumexp(z) - z.max(), "you subtracted the maximum but forgot to add it back: log-sum-exp = "
                                           "m + log(sum(exp(z - m)))."),
        (lambda z: z.max(), "that is the maximum alone; log-sum-exp is slightly larger: m + log(sum(exp(z - m)))."),
        (lambda z: np.log10(np.sum(np.exp(z - z.max()))) + z.max(), "use the natural logarithm np.log, not np.log10."),
    ])],
    hints=["np.exp(1000.0) is inf in float64. Let m = np.max(z); then exp(z) = exp(m) * exp(z - m).",
           "log(sum(exp(z))) = m + log(sum(exp(z - m))), and every exp(z - m) is at most 1."],
    solution="m = np.max(z)\nlse = m + np.log(np.sum(np.exp(z - m)))",
    correct_message="log-sum-exp is a soft maximum: 1002.41, a little above max(z) = 1002.",
)

# -- q3: categorical cross-entropy of a batch ---------------------------------------------------


def _true_class(probabilities, labels):
    """Each row's probability of its true class."""
    return probabilities[np.arange(len(labels)), labels]


q3 = NumericProblem(
    "3. Cross-entropy of a small batch",
    setup=("probabilities = np.array([[0.7, 0.2, 0.1],\n"
           "                          [0.1, 0.1, 0.8],\n"
           "                          [0.3, 0.6, 0.1]])\n"
           "labels = np.array([0, 2, 0])"),
    answers=[Answer("loss", lambda probabilities, labels: cross_entropy(labels, probabilities), rtol=1e-4,
                    wrong_values=[
        (lambda probabilities, labels: -cross_entropy(labels, probabilities),
         "your loss is negative: the cross-entropy is MINUS the log of the true class's probability."),
        (lambda probabilities, labels: len(labels) * cross_entropy(labels, probabilities),
         "that is the sum over the 3 examples; Keras reports the mean."),
        (lambda probabilities: cross_entropy(probabilities.argmax(axis=1), probabilities),
         "you took the probability of the predicted class (the argmax); the loss uses the probability given to the "
         "TRUE class, labels[i]."),
        (lambda probabilities: -np.log(probabilities).mean(),
         "you averaged -log p over every class; only the probability of the true class counts."),
        (lambda probabilities, labels: -np.log10(_true_class(probabilities, labels)).mean(),
         "use the natural logarithm np.log, not np.log10."),
    ])],
    hints=["For example i the loss is -log(probabilities[i, labels[i]]); average it over the batch.",
           "probabilities[np.arange(len(labels)), labels] picks the true class's probability in each row."],
    solution="loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels]))",
    correct_message="the third example (p = 0.3 for its true class) contributes 1.20 of the 1.78 total: "
                    "the confident mistake dominates.",
)

# -- q4: a model that outputs logits ------------------------------------------------------------

_Q4_IMAGE_SHAPE = (8, 8)
_Q4_PIXELS = int(np.prod(_Q4_IMAGE_SHAPE))
_Q4_PARAMS = (_Q4_PIXELS * 128 + 128) + (128 * 10 + 10)


def _check_q4(model):
    layers = keras_layers(model, "model")
    if layers and type(layers[0]).__name__ != "Flatten":
        raise Incorrect(f"start with keras.layers.Flatten() so each {_Q4_IMAGE_SHAPE[0]}x{_Q4_IMAGE_SHAPE[1]} image "
                        f"becomes a vector of {_Q4_PIXELS} pixels.")
    if layers and activation_name(getattr(layers[-1], "activation", None)) == "softmax":
        raise Incorrect("the last Dense layer has a softmax, but the loss is used with from_logits=True: "
                        "leave the last layer without activation so it outputs logits.")
    expect_keras_model(model, [("Flatten", None, None), ("Dense", 128, "relu"), ("Dropout", None, None),
                               ("Dense", 10, "linear")], name="model")
    if abs(getattr(layers[2], "rate", 0.0) - 0.2) > 1e-9:
        raise Incorrect(f"the Dropout layer drops a fraction {layers[2].rate} of the units; the lecture uses 0.2.")
    try:
        expect_keras_model(model, [(None, None, None)] * 4, n_params=_Q4_PARAMS, name="model")
    except Incorrect as wrong:
        raise Incorrect(f"{wrong} Did you start with keras.Input(shape=image_shape), the {_Q4_IMAGE_SHAPE} "
                        f"images?") from None


q4 = Problem(
    "4. The lecture's digit classifier, outputting logits",
    _check_q4,
    hints=["keras.Sequential([keras.Input(shape=image_shape), keras.layers.Flatten(), ...]) with a Dense(128, "
           "relu), a Dropout(0.2) and a last Dense(10).",
           "The last Dense(10) gets no activation: the loss SparseCategoricalCrossentropy(from_logits=True) "
           "applies the softmax itself."],
    solution=("model = keras.Sequential([\n"
              "    keras.Input(shape=image_shape),\n"
              "    keras.layers.Flatten(),\n"
              "    keras.layers.Dense(128, activation=\"relu\"),\n"
              "    keras.layers.Dropout(0.2),\n"
              "    keras.layers.Dense(10),\n"
              "])"),
    setup=f"import keras\nimage_shape = {_Q4_IMAGE_SHAPE}",
    answers=("model",),
    correct_message=f"{_Q4_PARAMS:,} parameters; the 10 outputs are logits, and softmax turns them into probabilities.",
)

__all__ = ["q1", "q2", "q3", "q4"]
