"""Exercises for notebook 03 (stacking layers): collapsing linear layers, counting parameters,
the MAE gradient and standardising with the training statistics."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Answer, NumericProblem
from helpers.regression import combine_linear_layers, count_dense_params, mae_gradient, mse_gradient

# --- q1: two linear layers are one -------------------------------------------------------------

q1 = NumericProblem(
    "1. Collapse two linear layers",
    setup="""\
W1 = np.array([[2.0, -1.0, 0.5]])       # kernel of Dense(3): 1 input -> 3 units
b1 = np.array([1.0, 0.0, -2.0])
W2 = np.array([[1.0], [3.0], [-2.0]])   # kernel of Dense(1): 3 inputs -> 1 unit
b2 = np.array([0.5])""",
    answers=[
        Answer("W_combined", lambda W1, b1, W2, b2: combine_linear_layers(W1, b1, W2, b2)[0], wrong_shapes={
            (3, 3): "W_combined has shape (3, 3): that is W2 @ W1. Multiply in the order the data flows: x goes "
                    "through W1 first, so W'' = W1 @ W2, of shape (1, 1).",
            (1, 3): "W_combined has shape (1, 3), like W1: the combined kernel is the matrix product W1 @ W2, of "
                    "shape (1, 1), not an element-wise product.",
        }),
        Answer("b_combined", lambda W1, b1, W2, b2: combine_linear_layers(W1, b1, W2, b2)[1], wrong_shapes={
            (3,): "b_combined has 3 entries, one per hidden unit; the combined layer has a single output. "
                  "Push b1 through the second layer: b1 @ W2 + b2.",
        }, wrong_values=[
            (lambda b1, W2: b1 @ W2, "close: b1 @ W2 is the first bias after the second layer, but the second "
                                     "layer adds its own bias b2 too."),
            (lambda b2: b2, "b2 alone forgets the first layer's bias: b1 also passes through W2."),
        ]),
    ],
    hints=["Write the two layers one after the other: (x W1 + b1) W2 + b2, and multiply out the brackets.",
           "x W1 W2 + b1 W2 + b2: the new kernel multiplies x, everything else is the new bias."],
    solution="W_combined = W1 @ W2\nb_combined = b1 @ W2 + b2",
    correct_message="two stacked linear layers are exactly one linear layer: no extra power, only extra parameters.",
)

# --- q2: how many w and b in total? ------------------------------------------------------------


def _weights_only(n_features, units):
    sizes = [n_features, *units]
    return sum(m * d for m, d in zip(sizes[:-1], sizes[1:]))


q2 = NumericProblem(
    "2. How many w and b in total?",
    setup="""\
# keras.Sequential([keras.Input(shape=(9,)), layers.Dense(16, activation="relu"),
#                   layers.Dense(8, activation="relu"), layers.Dense(1)])
n_features = 9
units = [16, 8, 1]""",
    answers=[Answer("n_params", lambda n_features, units: sum(count_dense_params(n_features, units)), rtol=0,
                    atol=0.5, wrong_values=[
        (_weights_only, "that counts the weights only; every unit also has a bias b."),
        (lambda units: sum(units), "that is the number of units; each unit has one weight per input plus a bias."),
        (lambda units: sum(count_dense_params(units[0], units[1:])),
         "you left out the first layer: it has n_features x 16 weights and 16 biases."),
        (lambda n_features, units: _weights_only(n_features, units) + n_features,
         "biases belong to the units of each layer, not to the inputs."),
    ])],
    hints=["A Dense layer with m inputs and d units has an (m, d) kernel and d biases: m*d + d parameters.",
           "The inputs of each layer are the units of the layer before: 9 -> 16 -> 8 -> 1. "
           "Add up 9*16 + 16, 16*8 + 8 and 8*1 + 1."],
    solution="sizes = [n_features] + units\nn_params = sum(m * d + d for m, d in zip(sizes[:-1], sizes[1:]))",
    correct_message="that is what model.count_params() reports for this model.",
)

# --- q3: the MAE gradient ----------------------------------------------------------------------

q3 = NumericProblem(
    "3. The MAE gradient",
    setup="y_true = np.array([3.0, 5.0, 2.0, 8.0])\ny_pred = np.array([2.5, 5.0, 4.0, 6.0])",
    answers=[Answer("gradient", mae_gradient, wrong_values=[
        (lambda y_true, y_pred: np.sign(y_pred - y_true), "right direction, but the MAE is a mean: divide by n = 4."),
        (lambda y_true, y_pred: np.sign(y_true - y_pred) / len(y_true),
         "the sign is flipped: the derivative of |y_pred - y_true| with respect to y_pred is sign(y_pred - y_true)."),
        (mse_gradient, "that is the MSE gradient 2 (y_pred - y_true) / n; the MAE's only keeps the sign of the error."),
        (lambda y_true, y_pred: (y_pred - y_true) / len(y_true),
         "the MAE gradient does not grow with the error: use np.sign of the error."),
    ])],
    hints=["MAE = mean(|y_pred - y_true|). Each prediction appears in one term only.",
           "d|e|/de is +1 for e > 0 and -1 for e < 0 (np.sign, which gives 0 at e = 0); then divide by n."],
    solution="gradient = np.sign(y_pred - y_true) / len(y_true)",
    correct_message="every wrong prediction gets the same push, 1/n, however far off it is. With the MSE the push "
                    "grows with the error.",
)

# --- q4: standardise the validation data with the training statistics --------------------------

q4 = NumericProblem(
    "4. Standardise the validation data",
    setup="X_train = np.array([[1.0, 2000.0], [2.0, 3000.0], [3.0, 4000.0], [6.0, 3000.0]])\n"
          "X_val = np.array([[2.0, 2500.0], [5.0, 4500.0]])",
    answers=[Answer("X_val_standardized", lambda X_train, X_val: (X_val - X_train.mean(axis=0)) / X_train.std(axis=0),
                    wrong_values=[
        (lambda X_val: (X_val - X_val.mean(axis=0)) / X_val.std(axis=0),
         "you used the validation data's own mean and std. The model was trained on the training scale: use "
         "X_train's mean and std (and never peek at validation data when preparing features)."),
        (lambda X_train, X_val: (X_val - X_train.mean(axis=0)) / X_train.var(axis=0),
         "you divided by the variance; divide by the standard deviation (np.std)."),
        (lambda X_train, X_val: (X_val - X_train.mean()) / X_train.std(),
         "you used one mean and std for the whole array; each feature (column) needs its own: axis=0."),
        (lambda X_train, X_val: X_val - X_train.mean(axis=0),
         "you centred the features but did not scale them: divide by the training std."),
    ])],
    hints=["Standardising maps each feature to (x - mean) / std, with the mean and std of the *training* data.",
           "X_train.mean(axis=0) and X_train.std(axis=0) give one value per column."],
    solution="X_val_standardized = (X_val - X_train.mean(axis=0)) / X_train.std(axis=0)",
    correct_message="this is what helpers.data.standardize(X_train, X_val) does: fit on training data, apply to both.",
)

__all__ = ["q1", "q2", "q3", "q4"]
