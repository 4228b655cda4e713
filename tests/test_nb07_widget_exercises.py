"""Notebook 07: the dropout/L2 explorer driven by its controls, and the exercises through the harness."""

import numpy as np
import pytest

pytest.importorskip("keras")

from helpers.data import moons, train_val_split  # noqa: E402
from helpers.exercises import Outcome  # noqa: E402
from helpers.exercises import regularization as ex  # noqa: E402
from helpers.widgets.regularization import (RegularizationExplorer, regularization_explorer,  # noqa: E402
                                            regularization_grid)
from tests.exercise_harness import run_student_answer, typical_mistakes_test  # noqa: E402

NOTEBOOK = "07_regularization.ipynb"


@pytest.fixture(scope="module")
def grid_and_data():
    X, y = moons(n=120, noise=0.35, seed=1)
    X_train, X_val, y_train, y_val = train_val_split(X, y, val_fraction=0.5, seed=0)
    grid = regularization_grid(X_train, y_train, X_val, y_val, dropout_rates=(0.0, 0.5), l2_strengths=(0.0, 1e-2),
                               hidden=(32, 32), epochs=20, resolution=30)
    return grid, X_train, y_train, X_val, y_val


def test_explorer_moves_update_surface_curves_and_status(grid_and_data):
    grid, X_train, y_train, X_val, y_val = grid_and_data
    widget = RegularizationExplorer(grid, X_train, y_train, X_val, y_val)
    explorer, artists = widget.explorer, widget.artists
    before = explorer.png
    np.testing.assert_allclose(artists.val_line.get_ydata(), grid.val_loss[0, 0])
    explorer.set(dropout=0.5, l2=1e-2)
    np.testing.assert_allclose(artists.surface.values_, grid.surfaces[1, 1])
    np.testing.assert_allclose(artists.train_line.get_ydata(), grid.train_loss[1, 1])
    best = int(np.argmin(grid.val_loss[1, 1]))
    assert artists.best_marker.get_xdata()[0] == best + 1
    assert f"at epoch {best + 1}" in explorer.status.value
    assert f"weight norm {grid.kernel_norm[1, 1]:.1f}" in explorer.status.value
    assert explorer.png != before
    assert grid.kernel_norm[0, 1] < grid.kernel_norm[0, 0]  # L2 shrinks the weights
    with pytest.raises(ValueError, match="was not precomputed"):
        grid.index(0.3, 0.0)
    with pytest.raises(ValueError, match="RegularizationGrid"):
        regularization_explorer("grid", X_train, y_train)


def test_explorer_starts_at_the_run_it_is_given(grid_and_data):
    grid, X_train, y_train, X_val, y_val = grid_and_data
    widget = RegularizationExplorer(grid, X_train, y_train, X_val, y_val, dropout=0.5, l2=0.0)
    assert widget.explorer.values == {"dropout": 0.5, "l2": 0.0}
    np.testing.assert_allclose(widget.artists.surface.values_, grid.surfaces[1, 0])
    np.testing.assert_allclose(widget.artists.val_line.get_ydata(), grid.val_loss[1, 0])
    assert widget.artists.surface_title.get_text() == "dropout 0.5, L2 0"


def test_explorer_move_blits_without_redrawing_the_background_and_matches_a_full_draw(grid_and_data):
    import io

    from PIL import Image

    grid, X_train, y_train, X_val, y_val = grid_and_data
    explorer = regularization_explorer(grid, X_train, y_train, X_val, y_val)
    draws = []
    explorer.figure.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    explorer.set(dropout=0.5, l2=1e-2)
    explorer.set(dropout=0.0, l2=1e-2)
    assert draws == [], "a slider move must only redraw the surface, curves and title over the cached background"
    blitted = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(io.BytesIO(explorer.full_draw_png())).convert("RGB"), dtype=int)
    assert np.abs(blitted - full).mean() < 0.5  # the same picture (legends, points over the surface) as a full draw
    assert (np.abs(blitted - full).max(axis=2) > 30).sum() < 20  # no stray pixels, e.g. around the pasted legends


def _answer(label, student_lines):
    """The exercise cell with the student's ____ lines replaced by ``student_lines`` (a wrong answer)."""
    return run_student_answer(NOTEBOOK, label, getattr(ex, label), student_lines)


WRONG = [
    ("q1", 'prediction = "flat"', "fit the noise"),
    ("q1", 'prediction = "down"', "noise"),
    ("q2", "def early_stopping_min_delta(val_loss, patience, min_delta):\n"
           "    best, best_epoch, wait = np.inf, 0, 0\n"
           "    for epoch, loss in enumerate(val_loss, start=1):\n"
           "        if loss < best:\n"
           "            best, best_epoch, wait = loss, epoch, 0\n"
           "        else:\n"
           "            wait += 1\n"
           "            if wait >= patience:\n"
           "                return epoch, best_epoch\n"
           "    return len(val_loss), best_epoch", "ignored min_delta"),
    ("q2", "def early_stopping_min_delta(val_loss, patience, min_delta):\n"
           "    best, best_epoch, wait = np.inf, 0, 0\n"
           "    for epoch, loss in enumerate(val_loss):\n"
           "        if loss < best - min_delta:\n"
           "            best, best_epoch, wait = loss, epoch, 0\n"
           "        else:\n"
           "            wait += 1\n"
           "            if wait >= patience:\n"
           "                return epoch, best_epoch\n"
           "    return len(val_loss) - 1, best_epoch", "0-based"),
    ("q2", "def early_stopping_min_delta(val_loss, patience):\n    return 1, 1", "3 arguments"),
    ("q3", "h_train = h * keep", "did not scale the kept ones"),
    ("q3", "h_train = h * keep / rate", "fraction DROPPED"),
    ("q3", "h_train = h * keep * (1 - rate)", "divides by it"),
    ("q4", "penalty = lam * (np.sum(np.abs(W1)) + np.sum(np.abs(W2)))", "L1 penalty"),
    ("q4", "penalty = lam * np.sqrt(np.sum(W1 ** 2) + np.sum(W2 ** 2))", "SQUARED norm"),
    ("q4", "penalty = lam * np.sum(W1 ** 2)", "only counted W1"),
    ("q5", "Z_hat = (Z - Z.mean()) / np.sqrt(Z.var() + eps)", "axis=0"),
    ("q5", "Z_hat = (Z - Z.mean(axis=0)) / (Z.var(axis=0) + eps)", "not by the variance"),
    ("q5", "Z_hat = (Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + eps)", "each example"),
    ("q6", 'problem_A, fix_A = "overfitting", "regularize"\nproblem_B, fix_B = "underfitting", "bigger model"',
     "jump up and down TOGETHER"),
    ("q6", 'problem_A, fix_A = "learning rate too high", "lower learning rate"\n'
           'problem_B, fix_B = "underfitting", "more epochs"', "flat for the last 6 epochs"),
    ("q6", 'problem_A, fix_A = "learning rate too high", "more epochs"\n'
           'problem_B, fix_B = "underfitting", "bigger model"', "jumps grow"),
    ("q7", "baseline_mse = np.mean((y_val - y_val.mean()) ** 2)\nmodel = None\ntest_mse = 0.0", "TRAINING mean"),
    ("q7", "baseline_mse = np.mean((y_test - y_train.mean()) ** 2)\nmodel = None\ntest_mse = 0.0", "TEST cars"),
    ("q7", "baseline_mse = np.sqrt(np.mean((y_val - y_train.mean()) ** 2))\nmodel = None\ntest_mse = 0.0", "RMSE"),
    ("q7", "baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\nmodel = keras.Sequential\ntest_mse = 0.0",
     "not a model"),
    ("q7", "baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\n"
           "model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])\ntest_mse = 0.0", "9 features"),
    ("q7", "baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\n"
           "model = keras.Sequential([keras.Input(shape=(9,)), keras.layers.Dense(1)])\ntest_mse = 1.0",
     "is not what this model scores"),
    ("q7", "baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\n"
           "model = keras.Sequential([keras.Input(shape=(9,)), keras.layers.Dense(1)])\n"
           "model.compile(loss='mse')\ntest_mse = model.evaluate(X_test, y_test, verbose=0)", "does not beat the baseline"),
    ("q7", "baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\n"
           "model = keras.Sequential([keras.Input(shape=(9,)), keras.layers.Dense(1)])\n"
           "model.compile(loss='mse')\ntest_mse = model.evaluate(X_val, y_val, verbose=0)", "the validation MSE"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, ex, WRONG)


def test_a_crashing_or_mistyped_answer_never_raises():
    assert _answer("q3", "h_train = 'h * keep'").outcome is Outcome.INCORRECT
    assert _answer("q5", "Z_hat = Z[:2]").outcome is Outcome.INCORRECT
    assert "shape (4, 2)" in _answer("q5", "Z_hat = Z[:2]").message


def test_the_q2_example_in_the_cell_says_what_the_reference_gives():
    # the cell's comment: early_stopping_min_delta(val_loss, patience=2, min_delta=0.01) should give (5, 3)
    namespace = {"np": np}
    exec(ex.q2.setup, namespace)
    assert ex.early_stopping_min_delta(namespace["val_loss"], 2, 0.01) == (5, 3)


@pytest.mark.parametrize("patience, min_delta", [(2, 0.01), (3, 0.02), (3, 0.0), (4, 0.015)])
def test_early_stopping_min_delta_is_keras_rule(patience, min_delta):
    import keras

    for losses, *_ in ex.q2.cases:
        model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta,
                                             restore_best_weights=True)
        model.stop_training = False  # what fit sets before training
        stop.set_model(model)
        stop.on_train_begin()
        epochs_run = len(losses)
        for epoch, loss in enumerate(losses):
            stop.on_epoch_end(epoch, {"val_loss": loss})
            if model.stop_training:
                epochs_run = epoch + 1
                break
        assert ex.early_stopping_min_delta(losses, patience, min_delta) == (epochs_run, stop.best_epoch + 1)


def test_capstone_split_is_what_the_cell_computes_and_has_no_missing_values():
    namespace = {"np": np}
    exec(ex.q7.setup, namespace)
    names = ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test")
    for name, value in zip(names, ex.capstone_split()):
        np.testing.assert_array_equal(namespace[name], value)
        assert not np.isnan(value).any()
    assert [len(namespace[n]) for n in names[:3]] == [238, 80, 80]
    np.testing.assert_allclose(namespace["X_train"].mean(axis=0), 0, atol=1e-5)
