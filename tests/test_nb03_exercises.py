"""Notebook 03's exercises: solution in the cell passes, the untouched cell is not attempted, typical mistakes explained."""

from helpers.exercises import stacking
from tests.exercise_harness import typical_mistakes_test

NOTEBOOK = "03_stacking_layers.ipynb"

WRONG_ANSWERS = [
    ("q1", 'prediction = "parabola"', "multiplies out into one linear layer"),
    ("q1", 'prediction = "zigzag"', "kinks come from a nonlinearity"),
    ("q1", 'prediction = "curve"', "is not one of the options"),
    ("q2", 'problem = "overfitting"\nfix = "add dropout"', "training error far below the validation error"),
    ("q2", 'problem = "too small a model"\nfix = "add hidden layers"', "the model is big enough"),
    ("q2", 'problem = "unscaled inputs"\nfix = "add hidden layers"', "already big enough"),
    ("q2", 'problem = "unscaled inputs"\nfix = "collect more cars"', "fits neither"),
    ("q2", 'problem = "unscaled inputs"\nfix = ["standardise the inputs", "add dropout"]', "takes one option"),
    ("q3", "W_combined = W2 @ W1\nb_combined = b1 @ W2 + b2", "that is W2 @ W1"),
    ("q3", "W_combined = W1 @ W2\nb_combined = b1 @ W2", "adds its own bias b2"),
    ("q3", "W_combined = W1 @ W2\nb_combined = b2", "b1 also passes through W2"),
    ("q3", "W_combined = W1 @ W2\nb_combined = b1 + b2", "Push b1 through the second layer"),
    ("q3", "W_combined = W1 * W2.T\nb_combined = b1 @ W2 + b2", "not an element-wise product"),
    ("q4", "n_params = 9 * 16 + 16 * 8 + 8 * 1", "counts the weights only"),
    ("q4", "n_params = 16 + 8 + 1", "number of units"),
    ("q4", "n_params = 16 * 8 + 8 + 8 * 1 + 1", "left out the first layer"),
    ("q4", "n_params = '305'", "remove the quotes"),
    ("q5", "gradient = np.sign(y_pred - y_true)", "divide by n = 4"),
    ("q5", "gradient = np.sign(y_true - y_pred) / 4", "sign is flipped"),
    ("q5", "gradient = 2 * (y_pred - y_true) / 4", "that is the MSE gradient"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),\n"
           "            (X_other - X_other.mean(axis=0)) / X_other.std(axis=0))", "X_other's own mean and std"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    m, s = X_train.mean(), X_train.std()\n"
           "    return (X_train - m) / s, (X_other - m) / s", "axis=0"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    m, s = X_train.mean(axis=0), X_train.var(axis=0)\n"
           "    return (X_train - m) / s, (X_other - m) / s", "divided by the variance"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    m, s = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)\n"
           "    return (X_train - m) / s, (X_other - m) / s", "ddof=1"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    m = X_train.mean(axis=0)\n"
           "    return X_train - m, X_other - m", "did not scale them"),
    ("q6", "def standardize(X_train, X_other):\n"
           "    m, s = X_train.mean(axis=0), X_train.std(axis=0)\n"
           "    return (X_other - m) / s", "should return 2 values"),
    ("q6", "def standardize(X_train):\n    return X_train", "should take 2 arguments"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, stacking, WRONG_ANSWERS)
