"""Notebook 03's exercises: solution in the cell passes, the untouched cell is not attempted, typical mistakes explained."""

from helpers.exercises import stacking
from tests.exercise_harness import typical_mistakes_test

NOTEBOOK = "03_stacking_layers.ipynb"

WRONG_ANSWERS = [
    ("q1", "W_combined = W2 @ W1\nb_combined = b1 @ W2 + b2", "that is W2 @ W1"),
    ("q1", "W_combined = W1 @ W2\nb_combined = b1 @ W2", "adds its own bias b2"),
    ("q1", "W_combined = W1 @ W2\nb_combined = b2", "b1 also passes through W2"),
    ("q1", "W_combined = W1 @ W2\nb_combined = b1 + b2", "Push b1 through the second layer"),
    ("q1", "W_combined = W1 * W2.T\nb_combined = b1 @ W2 + b2", "not an element-wise product"),
    ("q2", "n_params = 9 * 16 + 16 * 8 + 8 * 1", "counts the weights only"),
    ("q2", "n_params = 16 + 8 + 1", "number of units"),
    ("q2", "n_params = 16 * 8 + 8 + 8 * 1 + 1", "left out the first layer"),
    ("q2", "n_params = '305'", "remove the quotes"),
    ("q3", "gradient = np.sign(y_pred - y_true)", "divide by n = 4"),
    ("q3", "gradient = np.sign(y_true - y_pred) / 4", "sign is flipped"),
    ("q3", "gradient = 2 * (y_pred - y_true) / 4", "that is the MSE gradient"),
    ("q4", "X_val_standardized = (X_val - X_val.mean(axis=0)) / X_val.std(axis=0)", "validation data's own mean"),
    ("q4", "X_val_standardized = (X_val - X_train.mean(axis=0)) / X_train.var(axis=0)", "divided by the variance"),
    ("q4", "X_val_standardized = (X_val - X_train.mean()) / X_train.std()", "axis=0"),
    ("q4", "X_val_standardized = X_val[0]", "should have shape (2, 2)"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, stacking, WRONG_ANSWERS)
