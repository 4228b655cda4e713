"""Exercises for notebook 05: a stable softmax with temperature, the untrained model's loss, log-sum-exp,
cross-entropy with integer labels, a logits/loss mismatch to diagnose, and a model that outputs probabilities.

In notebook order:

- ``q1`` (function, right after section 3): ``softmax_with_temperature(z, T)``, stable, over the last axis of a
  1-D or 2-D ``z``, run on hidden inputs that include huge scores;
- ``q2`` (predict, in section 5, before the cell that shows it): the loss the untrained 10-class model prints;
- ``q3`` (formula): log-sum-exp of large scores;
- ``q4`` (formula): the mean cross-entropy from probabilities and integer labels;
- ``q5`` (diagnose): a training log stuck at ln 10 = 2.303, from logits fed to a loss that expects probabilities;
- ``q6`` (model): the slide's MNIST classifier with probabilities out, and the loss that matches it.
"""

from __future__ import annotations


import numpy as np

from helpers.exercises import (
    Answer, Choice, ChoiceProblem, FunctionProblem, Incorrect, NumericProblem, Problem, activation_name,
    describe, expect_keras_model, keras_layers,
)
from helpers.numpy_net import cross_entropy
from helpers.softmax import logsumexp, softmax

# -- q1: a stable softmax with temperature, for a vector or a batch ----------------------------------------------


def _quiet(function):
    """``function`` with numpy's overflow and invalid-value warnings silenced (a naive softmax makes both)."""
    def wrapped(*args):
        with np.errstate(all="ignore"):
            return function(*args)

    return wrapped


def _naive(z, T):
    e = np.exp(z / T)
    return e / np.sum(e, axis=-1, keepdims=True)


def _one_max_and_sum_for_all(z, T):
    """The notebook's 1-D ``softmax_stable`` applied to a batch: one maximum and one sum over every entry."""
    s = z / T
    e = np.exp(s - np.max(s))
    return e / np.sum(e)


def _over_first_axis(z, T):
    return softmax(z, T, axis=0)


def _q1_cases(rng):
    """Vectors and batches of ordinary scores at several temperatures, then huge ones (naive exp overflows)."""
    cases = [(rng.normal(size=5) * 2, T) for T in (0.5, 1.0, 4.0)]
    cases += [(rng.normal(size=(4, 6)) * 2, T) for T in (0.3, 2.0)]
    cases += [(rng.normal(size=(5, 5)), 1.0)]                                    # square: axis 0 vs -1 differ
    cases += [(np.array([1000.0, 1001.0, 1002.0]), 1.0),
              (rng.normal(size=(3, 4)) + np.array([[800.0], [-900.0], [0.0]]), 1.0),  # rows far apart
              (rng.normal(size=6) * 3, 0.01)]                                   # z / T reaches several hundred
    return cases


class _QuietFunctionProblem(FunctionProblem):
    """A :class:`FunctionProblem` whose check runs with numpy's floating-point warnings off.

    A naive softmax overflows on the hidden huge scores; the student should read the check's sentence
    about it, not numpy's ``RuntimeWarning``. A missing ``keepdims=True`` gets a sentence about shapes.
    """

    def _check_function(self, function) -> None:
        with np.errstate(all="ignore"):
            try:
                super()._check_function(function)
            except Incorrect as wrong:
                if "could not be broadcast" not in str(wrong):
                    raise
                raise Incorrect(f"{wrong} For a batch z of shape (n, k), np.max(s, axis=-1) has shape (n,), which "
                                f"does not line up with (n, k): keep the axis with keepdims=True, shape (n, 1).") from None


q1 = _QuietFunctionProblem(
    "1. A stable softmax with temperature, for a batch",
    function_name="softmax_with_temperature",
    reference=lambda z, T: softmax(z, T),
    cases=_q1_cases,
    wrong_functions=[
        (_quiet(_naive), "your function overflows on large scores (np.exp(1000) is inf, and inf / inf is nan): "
                         "subtract each row's maximum from z / T before np.exp."),
        (_quiet(_one_max_and_sum_for_all), "right for a vector, wrong for a batch: np.max(s) and np.sum(e) run "
                                           "over the WHOLE array, so the rows of a 2-D z do not each sum to 1. "
                                           "Use axis=-1, keepdims=True in both."),
        (_quiet(_over_first_axis), "you normalised along axis 0 (down the columns); the classes are the LAST "
                                   "axis: axis=-1, keepdims=True."),
        (_quiet(lambda z, T: softmax(z * T)), "you multiplied the scores by T; the temperature divides them: z / T."),
        (_quiet(lambda z, T: softmax(z)), "your function ignores T: divide the scores by T first."),
        (_quiet(lambda z, T: np.exp(z / T - np.max(z / T, axis=-1, keepdims=True))),
         "these are the shifted exponentials; divide them by their sum (over axis=-1) so each row sums to 1."),
    ],
    hints=["Start from the notebook's softmax_stable: s = z / T, then exp(s - max), then divide by the sum. "
           "For a batch, take the max and the sum of each row: np.max(s, axis=-1, keepdims=True).",
           "keepdims=True keeps a (n, 1) column, so s - m subtracts each row's own maximum; without it an "
           "(n, k) array minus an (n,) array does not line up."],
    solution=("def softmax_with_temperature(z, T):\n"
              "    s = np.asarray(z, dtype=float) / T\n"
              "    e = np.exp(s - np.max(s, axis=-1, keepdims=True))\n"
              "    return e / np.sum(e, axis=-1, keepdims=True)"),
    setup=("z_try = np.array([[0.1, 1.0, 5.0],\n"
           "                  [1000.0, 1001.0, 1002.0]])"),
    correct_message="stable for huge scores, and each row of a batch is its own distribution. This is what "
                    "keras.ops.softmax(z / T) computes.",
)

# -- q2: predict the untrained model's loss -----------------------------------------------------------------------

q2 = ChoiceProblem(
    "2. The loss of an untrained 10-class model",
    choices=[Choice("initial_loss", options=[0.0, 0.1, 1.0, 2.3, 10.0, 16.1], answer=2.3, why={
        0.0: "a loss of 0 means the model gives the true class probability 1: a perfect model, not a random one.",
        0.1: "0.1 = 1/10 is the probability an untrained model gives each class, not the loss. The loss is "
             "-ln of that probability.",
        1.0: "no special reason for 1.0. With 10 classes the random model gives each about 1/10; the loss is "
             "-ln(1/10).",
        2.3: "small random weights give logits near 0, so softmax is close to uniform: p(true) = 1/10 and the "
             "loss is -ln(1/10) = ln 10 = 2.30.",
        10.0: "10 is the number of classes k; the loss of a uniform guess is ln k, not k.",
        16.1: "16.1 = -ln(1e-7) is the clip for probabilities that reach 0; an untrained model is not confidently "
              "wrong, it is unsure: about 1/10 for every class.",
    })],
    hints=["An untrained network with small random weights has logits close to 0. What does softmax make of ten "
           "equal logits?",
           "The cross-entropy is -ln p(true class). With every p = 1/10, that is -ln(1/10)."],
    solution="initial_loss = 2.3",
    correct_message="-ln(1/10) = ln 10 = 2.303. A first loss far from ln k means something is wired wrongly "
                    "(labels, the loss, the output layer) before any training has happened.",
    kind="predict",
)

# -- q3: the log-sum-exp trick ------------------------------------------------------------------------------------

q3 = NumericProblem(
    "3. Log-sum-exp without overflow",
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

# -- q4: categorical cross-entropy of a batch, integer labels ----------------------------------------------------


def _true_class(probabilities, labels):
    """Each row's probability of its true class."""
    return probabilities[np.arange(len(labels)), labels]


q4 = NumericProblem(
    "4. Cross-entropy of a small batch",
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
        (lambda probabilities, labels: -np.log(probabilities[labels]).mean(),
         "probabilities[labels] picks whole ROWS 0, 2, 0; you need one entry per row: "
         "probabilities[np.arange(len(labels)), labels]."),
    ])],
    hints=["For example i the loss is -log(probabilities[i, labels[i]]); average it over the batch.",
           "probabilities[np.arange(len(labels)), labels] picks the true class's probability in each row."],
    solution="loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels]))",
    correct_message="the third example (p = 0.3 for its true class) contributes 1.20 of the 1.78 total: "
                    "the confident mistake dominates.",
)

# -- q5: diagnose a log stuck at ln 10 ------------------------------------------------------------------------------

q5 = ChoiceProblem(
    "5. A training log stuck at 2.303",
    choices=[
        Choice("problem", options=["learning rate too small", "too few epochs", "overfitting",
                                   "logits read as probabilities"], answer="logits read as probabilities", why={
            "learning rate too small": "a small learning rate makes the loss fall slowly, not stall near one "
                                       "value from the second epoch on. And 2.303 is no accident: it is ln 10.",
            "too few epochs": "epochs 2 to 10 show no progress at all: more of them will not help. The value "
                              "2.303 = ln 10 is the loss of a uniform guess over 10 classes.",
            "overfitting": "overfitting means the training loss keeps falling while the validation loss rises; "
                           "here neither moves.",
            "logits read as probabilities": "the last Dense(10) has no activation, so it outputs logits, but the "
                                            "loss (from_logits=False, the default) treats them as probabilities. "
                                            "Training collapses to the uniform guess, loss ln 10 = 2.303.",
        }),
        Choice("fix", options=["from_logits=True", "more epochs", "a smaller learning rate", "more dropout"],
               answer="from_logits=True", why={
            "more epochs": "the loss has not moved for nine epochs; the model and the loss disagree about what "
                           "the outputs are, and more time will not change that.",
            "a smaller learning rate": "the step size is not the trouble: the loss is computed on the wrong "
                                       "quantity.",
            "more dropout": "dropout fights overfitting; this model does not fit the training data at all.",
        }),
    ],
    hints=["2.303 is a number you have met in this notebook: the loss of which model?",
           "Look at the last layer and the loss together: what does the last layer output, and what does the "
           "loss expect to receive?"],
    solution='problem = "logits read as probabilities"\nfix = "from_logits=True"',
    correct_message="SparseCategoricalCrossentropy(from_logits=True) matches a last layer without activation. "
                    "(Giving the last layer activation='softmax' and keeping from_logits=False also matches.) "
                    "A loss stuck at ln k is the sign of a model that learned nothing beyond 'every class "
                    "equally likely'.",
    kind="diagnose",
)

# -- q6: a model that outputs probabilities, and its loss ---------------------------------------------------------

_Q6_IMAGE_SHAPE = (28, 28)
_Q6_PIXELS = int(np.prod(_Q6_IMAGE_SHAPE))
_Q6_PARAMS = (_Q6_PIXELS * 128 + 128) + (128 * 10 + 10)


def _loss_from_logits(loss):
    """``(is sparse, from_logits)`` of a Keras loss given as an object, a function or a string; None if unknown."""
    if isinstance(loss, str):
        name = loss.strip().casefold()
        known = {"sparse_categorical_crossentropy": (True, False), "categorical_crossentropy": (False, False)}
        return known.get(name)
    config = getattr(loss, "get_config", None)
    name = type(loss).__name__
    if name in ("SparseCategoricalCrossentropy", "CategoricalCrossentropy") and callable(config):
        try:
            return name.startswith("Sparse"), bool(config().get("from_logits", False))
        except Exception:  # a broken object: not a loss we know
            return None
    function_name = getattr(loss, "__name__", "")
    if function_name in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
        return function_name.startswith("sparse"), False
    return None


def _check_q6(model, loss):
    layers = keras_layers(model, "model")
    if layers and type(layers[0]).__name__ != "Flatten":
        raise Incorrect(f"start with keras.layers.Flatten() so each {_Q6_IMAGE_SHAPE[0]}x{_Q6_IMAGE_SHAPE[1]} "
                        f"image becomes a vector of {_Q6_PIXELS} pixels.")
    last = activation_name(getattr(layers[-1], "activation", None)) if layers else None
    if layers and last in ("linear", None):
        raise Incorrect("the last Dense(10) outputs logits; for model.predict to return probabilities, give it "
                        "activation=\"softmax\".")
    if layers and last == "sigmoid":
        raise Incorrect("a sigmoid gives each class its own probability in [0, 1], and they need not sum to 1; "
                        "one class out of 10 wants activation=\"softmax\".")
    expect_keras_model(model, [("Flatten", None, None), ("Dense", 128, "relu"), ("Dropout", None, None),
                               ("Dense", 10, "softmax")], name="model")
    try:
        expect_keras_model(model, [(None, None, None)] * 4, n_params=_Q6_PARAMS, name="model")
    except Incorrect as wrong:
        raise Incorrect(f"{wrong} Did you start with keras.Input(shape=image_shape), the {_Q6_IMAGE_SHAPE} "
                        f"images?") from None
    kind = _loss_from_logits(loss)
    if kind is None:
        raise Incorrect(f"loss should be a Keras loss for integer labels, e.g. "
                        f"keras.losses.SparseCategoricalCrossentropy(...); got {describe(loss)}.")
    sparse, from_logits = kind
    if not sparse:
        raise Incorrect("the labels are integers 0..9 (y_train), so the loss is the SPARSE categorical "
                        "cross-entropy; CategoricalCrossentropy wants one-hot targets.")
    if from_logits:
        raise Incorrect("the model now outputs probabilities, but from_logits=True tells the loss they are "
                        "logits, so it would apply softmax a second time (Keras on TensorFlow notices and warns; "
                        "JAX and PyTorch do not). Leave from_logits=False, the default.")


q6 = Problem(
    "6. The slide's MNIST classifier, with probabilities out",
    _check_q6,
    hints=["Copy the structure of section 5's model with image_shape = (28, 28); change only the last layer, so "
           "that its 10 outputs are probabilities.",
           "Dense(10, activation=\"softmax\") outputs probabilities, and the loss must be told so: "
           "keras.losses.SparseCategoricalCrossentropy() with from_logits=False, its default."],
    solution=("model = keras.Sequential([\n"
              "    keras.Input(shape=image_shape),\n"
              "    keras.layers.Flatten(),\n"
              "    keras.layers.Dense(128, activation=\"relu\"),\n"
              "    keras.layers.Dropout(0.2),\n"
              "    keras.layers.Dense(10, activation=\"softmax\"),\n"
              "])\n"
              "loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)"),
    setup=f"import keras\nimage_shape = {_Q6_IMAGE_SHAPE}",
    answers=("model", "loss"),
    correct_message=f"{_Q6_PARAMS:,} parameters, the slide's count for MNIST. Now model.predict returns "
                    "probabilities; on the TensorFlow backend Keras even recovers the logits from that softmax "
                    "for the loss, on JAX and PyTorch it clips at 1e-7 (section 3).",
    kind="model",
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]
