"""Exercises for notebook 05: temperature softmax, log-sum-exp, cross-entropy and a logits model."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Incorrect, Problem, expect_array, expect_close, expect_keras_model, expect_number
from helpers.numpy_net import cross_entropy
from helpers.softmax import logsumexp, softmax

# -- q1: softmax with a temperature -------------------------------------------------------------

_Q1_Z = np.array([2.0, 1.0, 0.1])
_Q1_T = 0.5


def _check_q1(p):
    p = expect_array(p, shape=_Q1_Z.shape, name="p")
    expected = softmax(_Q1_Z, _Q1_T)
    if not np.allclose(p, expected, rtol=1e-5, atol=1e-6) and abs(p.sum() - 1.0) > 1e-6:
        raise Incorrect(f"your p sums to {p.sum():.4g}, not 1: divide the exponentials by their sum so the "
                        f"probabilities are normalised.")
    expect_close(p, expected, name="p", wrong_hints=[
        (softmax(_Q1_Z), "that is the plain softmax (T = 1): divide the scores z by T before exponentiating."),
        (softmax(_Q1_Z * _Q1_T), "you multiplied the scores by T; the temperature divides them: z / T."),
    ])


q1 = Problem(
    "1. Softmax with a temperature",
    _check_q1,
    hints=["Scale the scores first: z / T. Then apply the softmax formula exp(.) / sum(exp(.)).",
           "With T = 0.5 the scores double, so the largest class should get more than its T = 1 probability."],
    solution="p = np.exp(z / T) / np.sum(np.exp(z / T))",
    setup="z = np.array([2.0, 1.0, 0.1])\nT = 0.5",
    answers=("p",),
    correct_message="at T = 0.5 the first class takes 86% instead of 66%: a low temperature sharpens the distribution.",
)

# -- q2: the log-sum-exp trick ------------------------------------------------------------------

_Q2_Z = np.array([1000.0, 1001.0, 1002.0])


def _check_q2(lse):
    try:
        value = float(np.asarray(lse, dtype=np.float64).reshape(()))
    except (TypeError, ValueError):
        value = None
    if value is not None and not np.isfinite(value):
        raise Incorrect(f"lse is {value}: np.exp(1000) overflows. Subtract the maximum m from z before "
                        f"exponentiating, and add m back after the log.")
    expect_number(lse, "lse")
    expected = float(logsumexp(_Q2_Z))
    m = _Q2_Z.max()
    expect_close(lse, expected, name="lse", wrong_hints=[
        (expected - m, "you subtracted the maximum but forgot to add it back: log-sum-exp = m + log(sum(exp(z - m)))."),
        (m, "that is the maximum alone; log-sum-exp is slightly larger: m + log(sum(exp(z - m)))."),
        (np.log10(np.sum(np.exp(_Q2_Z - m))) + m, "use the natural logarithm np.log, not np.log10."),
    ])


q2 = Problem(
    "2. Log-sum-exp without overflow",
    _check_q2,
    hints=["np.exp(1000.0) is inf in float64. Let m = np.max(z); then exp(z) = exp(m) * exp(z - m).",
           "log(sum(exp(z))) = m + log(sum(exp(z - m))), and every exp(z - m) is at most 1."],
    solution="m = np.max(z)\nlse = m + np.log(np.sum(np.exp(z - m)))",
    setup="z = np.array([1000.0, 1001.0, 1002.0])",
    answers=("lse",),
    correct_message="log-sum-exp is a soft maximum: 1002.41, a little above max(z) = 1002.",
)

# -- q3: categorical cross-entropy of a batch ---------------------------------------------------

_Q3_P = np.array([[0.7, 0.2, 0.1],
                  [0.1, 0.1, 0.8],
                  [0.3, 0.6, 0.1]])
_Q3_LABELS = np.array([0, 2, 0])


def _check_q3(loss):
    expected = float(cross_entropy(_Q3_LABELS, _Q3_P))
    expect_close(loss, expected, name="loss", rtol=1e-4, wrong_hints=[
        (-expected, "your loss is negative: the cross-entropy is MINUS the log of the true class's probability."),
        (len(_Q3_LABELS) * expected, "that is the sum over the 3 examples; Keras reports the mean."),
        (cross_entropy(_Q3_P.argmax(axis=1), _Q3_P),
         "you took the probability of the predicted class (the argmax); the loss uses the "
         "probability given to the TRUE class, labels[i]."),
        (-np.log(_Q3_P).mean(), "you averaged -log p over every class; only the probability of the true class counts."),
        (-np.log10(_Q3_P[np.arange(3), _Q3_LABELS]).mean(), "use the natural logarithm np.log, not np.log10."),
    ])


q3 = Problem(
    "3. Cross-entropy of a small batch",
    _check_q3,
    hints=["For example i the loss is -log(probabilities[i, labels[i]]); average it over the batch.",
           "probabilities[np.arange(len(labels)), labels] picks the true class's probability in each row."],
    solution="loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels]))",
    setup=("probabilities = np.array([[0.7, 0.2, 0.1],\n"
           "                          [0.1, 0.1, 0.8],\n"
           "                          [0.3, 0.6, 0.1]])\n"
           "labels = np.array([0, 2, 0])"),
    answers=("loss",),
    correct_message="the third example (p = 0.3 for its true class) contributes 1.20 of the 1.78 total: "
                    "the confident mistake dominates.",
)

# -- q4: a model that outputs logits ------------------------------------------------------------

_Q4_SHAPE = (8, 8)
_Q4_PARAMS = (64 * 128 + 128) + (128 * 10 + 10)


def _check_q4(model):
    layers = getattr(model, "layers", None)
    if layers and type(layers[0]).__name__ != "Flatten":
        raise Incorrect("start with keras.layers.Flatten() so each 8x8 image becomes a vector of 64 pixels.")
    if layers and getattr(getattr(layers[-1], "activation", None), "__name__", None) == "softmax":
        raise Incorrect("the last Dense layer has a softmax, but the loss is used with from_logits=True: "
                        "leave the last layer without activation so it outputs logits.")
    expect_keras_model(model, [("Flatten", None, None), ("Dense", 128, "relu"), ("Dropout", None, None),
                               ("Dense", 10, "linear")], name="model")
    if abs(getattr(layers[2], "rate", 0.0) - 0.2) > 1e-9:
        raise Incorrect(f"the Dropout layer drops a fraction {layers[2].rate} of the units; the lecture uses 0.2.")
    try:
        expect_keras_model(model, [(None, None, None)] * 4, n_params=_Q4_PARAMS, name="model")
    except Incorrect as wrong:
        raise Incorrect(f"{wrong} Did you start with keras.Input(shape=image_shape), the (8, 8) images?") from None


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
    setup="import keras\nimage_shape = (8, 8)",
    answers=("model",),
    correct_message=f"{_Q4_PARAMS:,} parameters; the 10 outputs are logits, and softmax turns them into probabilities.",
)

__all__ = ["q1", "q2", "q3", "q4"]
