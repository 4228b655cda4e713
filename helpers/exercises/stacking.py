"""Exercises for notebook 03 (stacking layers): collapsing linear layers, counting parameters,
the MAE gradient and standardising with the training statistics."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Incorrect, Problem, expect_array, expect_close, expect_number
from helpers.regression import combine_linear_layers, count_dense_params, mae_gradient, mse_gradient

# --- q1: two linear layers are one -------------------------------------------------------------

_Q1_SETUP = """\
W1 = np.array([[2.0, -1.0, 0.5]])       # kernel of Dense(3): 1 input -> 3 units
b1 = np.array([1.0, 0.0, -2.0])
W2 = np.array([[1.0], [3.0], [-2.0]])   # kernel of Dense(1): 3 inputs -> 1 unit
b2 = np.array([0.5])"""
_W1 = np.array([[2.0, -1.0, 0.5]])
_B1 = np.array([1.0, 0.0, -2.0])
_W2 = np.array([[1.0], [3.0], [-2.0]])
_B2 = np.array([0.5])


def _check_q1(W_combined, b_combined):
    W_expected, b_expected = combine_linear_layers(_W1, _B1, _W2, _B2)
    if np.shape(W_combined) == (3, 3):
        raise Incorrect("W_combined has shape (3, 3): that is W2 @ W1. Multiply in the order the data flows: "
                        "x goes through W1 first, so W'' = W1 @ W2, of shape (1, 1).")
    expect_close(W_combined, W_expected, name="W_combined",
                 wrong_hints=[(_W1 * _W2.T, "W_combined must be a matrix product W1 @ W2, not an element-wise "
                                            "product.")])
    if np.shape(b_combined) == (3,):
        raise Incorrect("b_combined has 3 entries, one per hidden unit; the combined layer has a single output. "
                        "Push b1 through the second layer: b1 @ W2 + b2.")
    expect_close(b_combined, b_expected, name="b_combined",
                 wrong_hints=[(_B1 @ _W2, "close: b1 @ W2 is the first bias after the second layer, but the second "
                                          "layer adds its own bias b2 too."),
                              (_B2, "b2 alone forgets the first layer's bias: b1 also passes through W2.")])


q1 = Problem(
    "1. Collapse two linear layers",
    _check_q1,
    hints=["Write the two layers one after the other: (x W1 + b1) W2 + b2, and multiply out the brackets.",
           "x W1 W2 + b1 W2 + b2: the new kernel multiplies x, everything else is the new bias."],
    solution="W_combined = W1 @ W2\nb_combined = b1 @ W2 + b2",
    setup=_Q1_SETUP,
    answers=("W_combined", "b_combined"),
    correct_message="two stacked linear layers are exactly one linear layer: no extra power, only extra parameters.",
)

# --- q2: how many w and b in total? ------------------------------------------------------------

_Q2_SETUP = """\
# keras.Sequential([keras.Input(shape=(9,)), layers.Dense(16, activation="relu"),
#                   layers.Dense(8, activation="relu"), layers.Dense(1)])
n_features = 9
units = [16, 8, 1]"""
_Q2_SIZES = (9, [16, 8, 1])


def _check_q2(n_params):
    n_inputs, units = _Q2_SIZES
    sizes = [n_inputs, *units]
    weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    hints = [(weights_only, f"{weights_only} counts the weights only; every unit also has a bias b."),
             (sum(units), f"{sum(units)} is the number of units; each unit has one weight per input plus a bias."),
             (sum(count_dense_params(units[0], units[1:])),
              "you left out the first layer: it has n_features x 16 weights and 16 biases."),
             (weights_only + n_inputs, "biases belong to the units of each layer, not to the inputs.")]
    value = expect_number(n_params, name="n_params")
    expect_close(value, sum(count_dense_params(n_inputs, units)), name="n_params", rtol=0, atol=0.5,
                 wrong_hints=hints)


q2 = Problem(
    "2. How many w and b in total?",
    _check_q2,
    hints=["A Dense layer with m inputs and d units has an (m, d) kernel and d biases: m*d + d parameters.",
           "The inputs of each layer are the units of the layer before: 9 -> 16 -> 8 -> 1. "
           "Add up 9*16 + 16, 16*8 + 8 and 8*1 + 1."],
    solution="sizes = [n_features] + units\nn_params = sum(m * d + d for m, d in zip(sizes[:-1], sizes[1:]))",
    setup=_Q2_SETUP,
    answers=("n_params",),
    correct_message="that is what model.count_params() reports for this model.",
)

# --- q3: the MAE gradient ----------------------------------------------------------------------

_Q3_SETUP = """\
y_true = np.array([3.0, 5.0, 2.0, 8.0])
y_pred = np.array([2.5, 5.0, 4.0, 6.0])"""
_Y_TRUE = np.array([3.0, 5.0, 2.0, 8.0])
_Y_PRED = np.array([2.5, 5.0, 4.0, 6.0])


def _check_q3(gradient):
    n = len(_Y_TRUE)
    expect_close(gradient, mae_gradient(_Y_TRUE, _Y_PRED), name="gradient", wrong_hints=[
        (np.sign(_Y_PRED - _Y_TRUE), "right direction, but the MAE is a mean: divide by n = 4."),
        (np.sign(_Y_TRUE - _Y_PRED) / n, "the sign is flipped: the derivative of |y_pred - y_true| with respect "
                                         "to y_pred is sign(y_pred - y_true)."),
        (mse_gradient(_Y_TRUE, _Y_PRED), "that is the MSE gradient 2 (y_pred - y_true) / n; the MAE's only keeps "
                                         "the sign of the error."),
        ((_Y_PRED - _Y_TRUE) / n, "the MAE gradient does not grow with the error: use np.sign of the error."),
    ])


q3 = Problem(
    "3. The MAE gradient",
    _check_q3,
    hints=["MAE = mean(|y_pred - y_true|). Each prediction appears in one term only.",
           "d|e|/de is +1 for e > 0 and -1 for e < 0 (np.sign, which gives 0 at e = 0); then divide by n."],
    solution="gradient = np.sign(y_pred - y_true) / len(y_true)",
    setup=_Q3_SETUP,
    answers=("gradient",),
    correct_message="every wrong prediction gets the same push, 1/n, however far off it is. With the MSE the push "
                    "grows with the error.",
)

# --- q4: standardise the validation data with the training statistics --------------------------

_Q4_SETUP = """\
X_train = np.array([[1.0, 2000.0], [2.0, 3000.0], [3.0, 4000.0], [6.0, 3000.0]])
X_val = np.array([[2.0, 2500.0], [5.0, 4500.0]])"""
_X_TRAIN = np.array([[1.0, 2000.0], [2.0, 3000.0], [3.0, 4000.0], [6.0, 3000.0]])
_X_VAL = np.array([[2.0, 2500.0], [5.0, 4500.0]])


def _check_q4(X_val_standardized):
    mean, std = _X_TRAIN.mean(axis=0), _X_TRAIN.std(axis=0)
    expect_array(X_val_standardized, shape=_X_VAL.shape, name="X_val_standardized")
    expect_close(X_val_standardized, (_X_VAL - mean) / std, name="X_val_standardized", wrong_hints=[
        ((_X_VAL - _X_VAL.mean(axis=0)) / _X_VAL.std(axis=0),
         "you used the validation data's own mean and std. The model was trained on the training scale: use "
         "X_train's mean and std (and never peek at validation data when preparing features)."),
        ((_X_VAL - mean) / std ** 2, "you divided by the variance; divide by the standard deviation (np.std)."),
        ((_X_VAL - _X_TRAIN.mean()) / _X_TRAIN.std(), "you used one mean and std for the whole array; each feature "
                                                      "(column) needs its own: axis=0."),
        (_X_VAL - mean, "you centred the features but did not scale them: divide by the training std."),
    ])


q4 = Problem(
    "4. Standardise the validation data",
    _check_q4,
    hints=["Standardising maps each feature to (x - mean) / std, with the mean and std of the *training* data.",
           "X_train.mean(axis=0) and X_train.std(axis=0) give one value per column."],
    solution="X_val_standardized = (X_val - X_train.mean(axis=0)) / X_train.std(axis=0)",
    setup=_Q4_SETUP,
    answers=("X_val_standardized",),
    correct_message="this is what helpers.data.standardize(X_train, X_val) does: fit on training data, apply to both.",
)

__all__ = ["q1", "q2", "q3", "q4"]
