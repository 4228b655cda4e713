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
    ("q1", "h_train = h * keep", "did not scale the kept ones"),
    ("q1", "h_train = h * keep / rate", "fraction DROPPED"),
    ("q1", "h_train = h * keep * (1 - rate)", "divides by it"),
    ("q2", "penalty = lam * (np.sum(np.abs(W1)) + np.sum(np.abs(W2)))", "L1 penalty"),
    ("q2", "penalty = lam * np.sqrt(np.sum(W1 ** 2) + np.sum(W2 ** 2))", "SQUARED norm"),
    ("q2", "penalty = lam * np.sum(W1 ** 2)", "only counted W1"),
    ("q3", "epochs_run = 10\nrestored_epoch = 10", "goes back to the epoch with the lowest"),
    ("q3", "epochs_run = 7\nrestored_epoch = 4", "0-based"),
    ("q3", "epochs_run = 6\nrestored_epoch = 3", "counter resets"),
    ("q3", "epochs_run = 7\nrestored_epoch = 5", "(6, 7 and 8)"),
    ("q4", "Z_hat = (Z - Z.mean()) / np.sqrt(Z.var() + eps)", "axis=0"),
    ("q4", "Z_hat = (Z - Z.mean(axis=0)) / (Z.var(axis=0) + eps)", "not by the variance"),
    ("q4", "Z_hat = (Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + eps)", "each example"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, ex, WRONG)


def test_a_crashing_or_mistyped_answer_never_raises():
    assert _answer("q1", "h_train = 'h * keep'").outcome is Outcome.INCORRECT
    assert _answer("q4", "Z_hat = Z[:2]").outcome is Outcome.INCORRECT
    assert "shape (4, 2)" in _answer("q4", "Z_hat = Z[:2]").message
