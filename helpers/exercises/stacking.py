"""Exercises for notebook 03 (stacking layers), in notebook order.

q1 (predict) what a stack of linear layers draws through a parabola; q2 (diagnose) the learning curves of a
model on raw, unscaled features; q3 collapse two linear layers; q4 count the parameters of 9 -> 16 -> 8 -> 1;
q5 the MAE gradient; q6 (function) write ``standardize(X_train, X_other)`` with the training statistics.
"""

from __future__ import annotations


import numpy as np

from helpers.exercises import Answer, Choice, ChoiceProblem, FunctionProblem, NumericProblem
from helpers.regression import combine_linear_layers, count_dense_params, mae_gradient, mse_gradient

# --- q1: predict what a stack of linear layers draws -------------------------------------------

q1 = ChoiceProblem(
    "1. What can a stack of linear layers draw?",
    setup="""\
# Dense(8) -> Dense(1) without activation, trained on y = x**2 + noise for x in [-2, 2].
# What will its fitted curve look like: "line", "parabola" or "zigzag"?""",
    choices=[Choice("prediction", options=["line", "parabola", "zigzag"], answer="line", why={
        "line": "two linear layers multiply out into one, x W'' + b'': whatever the 8 hidden units learn, the "
                "result is a straight line.",
        "parabola": "a parabola needs x**2, and a stack of linear layers only ever computes x W'' + b'': "
                    "(x W + b) W' + b' multiplies out into one linear layer. The 8 hidden units add nothing.",
        "zigzag": "a zigzag needs kinks, and kinks come from a nonlinearity such as ReLU between the layers. "
                  "Without one, the two layers multiply out into a single straight line.",
    })],
    hints=["Multiply out (x W + b) W' + b'. What kind of function of x is left?"],
    solution='prediction = "line"',
    correct_message="the two layers collapse into one, x W'' + b''. The next cell trains both stacks and the one after plots them: the "
                    "best a line can do through a symmetric parabola is flat.",
    kind="predict",
)

# --- q2: diagnose the learning curves of a model on raw features -------------------------------

q2 = ChoiceProblem(
    "2. Diagnose: a linear model that learns next to nothing",
    setup="""\
# The curves above: Dense(1) on the 9 prepared (not standardised) features, Adam(0.1), batch_size=10.
# the problem, one of: "overfitting", "too small a model", "unscaled inputs", "too few cars"
# the fix, one of: "standardise the inputs", "add hidden layers", "add dropout", "collect more cars"
# Commit to one problem and one fix.""",
    choices=[
        Choice("problem", options=["overfitting", "too small a model", "unscaled inputs", "too few cars"],
               answer="unscaled inputs", why={
            "overfitting": "overfitting shows as a training error far below the validation error. Here both are "
                           "high and close together: the model has not even fitted the training cars.",
            "too small a model": "a line on the car weight alone reaches about 17 MPG² (weight → MPG, above), and this model "
                                 "sees the weight and 8 more features. Its best setting is better than that, so "
                                 "the model is big enough: training has not found that setting.",
            "too few cars": "too few cars lets a model fit the training set and miss the validation set. This one "
                            "does not fit the training cars either.",
        }),
        Choice("fix", options=["standardise the inputs", "add hidden layers", "add dropout", "collect more cars"],
               answer="standardise the inputs", why={
            "add hidden layers": "the linear model is already big enough (its best setting beats the 17 MPG² of a "
                                 "line on the weight alone); more layers make the same raw-scale problem harder.",
            "add dropout": "dropout fights overfitting; this model does not fit the training cars at all.",
            "collect more cars": "more cars help a model that fits the training set but not the validation set; this "
                                 "one fits neither.",
        }),
    ],
    hints=["Compare the training curve with the validation curve, and both with the mean baseline.",
           "A linear model on these 9 features can do at least as well as a line on the weight alone (about "
           "17 MPG²). What stops training from getting there? Look at the columns' raw means and stds."],
    solution='problem = "unscaled inputs"\nfix = "standardise the inputs"',
    correct_message="the model is big enough and not overfitting: training is slow because the features are not "
                    "standardised: they sit on wildly different scales and far from 0 (neither scaled nor centred). "
                    "The next section standardises them.",
    kind="diagnose",
)

# --- q3: two linear layers are one -------------------------------------------------------------

q3 = NumericProblem(
    "3. Collapse two linear layers",
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

# --- q4: how many w and b in total? ------------------------------------------------------------


def _weights_only(n_features, units):
    sizes = [n_features, *units]
    return sum(m * d for m, d in zip(sizes[:-1], sizes[1:]))


q4 = NumericProblem(
    "4. How many w and b in total?",
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

# --- q5: the MAE gradient ----------------------------------------------------------------------

q5 = NumericProblem(
    "5. The MAE gradient",
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

# --- q6: write standardize(X_train, X_other) ----------------------------------------------------


def _standardize(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_other - mean) / std


def _standardize_cases(rng):
    """Hidden inputs: features on very different scales and offsets, validation sets of other sizes."""
    cases = []
    for n_train, n_other, n_features in [(20, 7, 2), (50, 12, 3), (9, 4, 1), (30, 30, 5)]:
        center, scale = rng.uniform(-5, 3000, n_features), rng.uniform(0.5, 800, n_features)
        cases.append((center + scale * rng.normal(size=(n_train, n_features)),
                      center + 1.3 * scale * rng.normal(size=(n_other, n_features)) + 0.5 * scale))
    return cases


q6 = FunctionProblem(
    "6. Write standardize(X_train, X_other)",
    function_name="standardize",
    reference=_standardize,
    cases=_standardize_cases,
    outputs=("X_train_s", "X_other_s"),
    setup="""\
X_train_toy = np.array([[1.0, 2000.0], [2.0, 3000.0], [3.0, 4000.0], [6.0, 3000.0]])   # litres, weight in lbs
X_val_toy = np.array([[2.0, 2500.0], [5.0, 4500.0]])       # try standardize(X_train_toy, X_val_toy)""",
    wrong_functions=[
        (lambda X_train, X_other: ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
                                   (X_other - X_other.mean(axis=0)) / X_other.std(axis=0)),
         "X_other_s uses X_other's own mean and std. The model was trained on the training scale: use X_train's "
         "mean and std for both (and never let validation data shape the preparation)."),
        (lambda X_train, X_other: ((X_train - X_train.mean()) / X_train.std(),
                                   (X_other - X_train.mean()) / X_train.std()),
         "you used one mean and std for the whole array; each feature (column) needs its own: axis=0."),
        (lambda X_train, X_other: ((X_train - X_train.mean(axis=0)) / X_train.var(axis=0),
                                   (X_other - X_train.mean(axis=0)) / X_train.var(axis=0)),
         "you divided by the variance; divide by the standard deviation (np.std)."),
        (lambda X_train, X_other: (X_train - X_train.mean(axis=0), X_other - X_train.mean(axis=0)),
         "you centred the features but did not scale them: divide by the training std too."),
        (lambda X_train, X_other: ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1),
                                   (X_other - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1)),
         "close: you used the sample std (ddof=1, what pandas' .std() gives). Standardising uses np.std, "
         "ddof=0, so the training columns end with std exactly 1."),
    ],
    hints=["Standardising maps each feature to (x - mean) / std, with the mean and std of the *training* data.",
           "X_train.mean(axis=0) and X_train.std(axis=0) give one value per column; apply the same two to both "
           "arrays."],
    solution="""\
def standardize(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_other - mean) / std""",
    correct_message="this is what helpers.data.standardize(X_train, X_val) does for this notebook: fit the mean "
                    "and std on the training data, apply them to both.",
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]
