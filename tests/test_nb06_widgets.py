"""Notebook 06's widgets, driven by setting their controls as a student would."""

import numpy as np
import pytest

from helpers.surfaces import SURFACES
from helpers.widgets.optimizers import TRAJECTORY_LEARNING_RATES, learning_rate_explorer, trajectory_explorer


@pytest.fixture(scope="module")
def lr_widget():
    return learning_rate_explorer(learning_rate=0.1, steps=20)


@pytest.fixture(scope="module")
def paths():
    return trajectory_explorer()


@pytest.mark.parametrize("eta, verdict", [(0.02, "Crawling"), (0.4, "Converged</b> smoothly"),
                                          (0.8, "Converged</b> oscillating"), (0.95, "Oscillating"),
                                          (1.0, "Not converging"), (1.2, "Diverged</b> at step 18")])
def test_learning_rate_widget_names_each_regime(lr_widget, eta, verdict):
    lr_widget.set(learning_rate=eta, steps=20)
    assert verdict in lr_widget.status.value


def test_learning_rate_widget_shows_only_finite_points_when_diverging(lr_widget):
    lr_widget.set(learning_rate=1.4, steps=50)
    x, y = lr_widget.lines["path"].get_data()
    assert "Diverged" in lr_widget.status.value and "too large" in lr_widget.status.value
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.abs(x).max() <= 1e3
    assert np.all(np.isfinite(lr_widget.lines["loss"].get_ydata()))


def test_learning_rate_widget_redraws_the_path(lr_widget):
    lr_widget.set(learning_rate=0.1, steps=10)
    before, png_before = np.array(lr_widget.lines["path"].get_xdata()), lr_widget.png
    lr_widget.set(learning_rate=0.3)
    after = np.array(lr_widget.lines["path"].get_xdata())
    assert len(before) == len(after) == 11 and not np.allclose(before, after)
    assert np.allclose(after, 1 - 3 * (1 - 0.6) ** np.arange(11))
    assert lr_widget.png != png_before


def test_trajectory_widget_shows_only_the_chosen_optimizers(paths):
    paths.set(optimizers=("Adam", "Ftrl"), surface="saddle", learning_rate=0.1, steps=40)
    visible = {n for n, line in paths.lines.items() if line.get_visible()}
    assert visible == {"Adam", "Ftrl"}
    x, y = paths.lines["Adam"].get_data()
    assert len(x) == 41 and np.allclose((x[0], y[0]), SURFACES["saddle"].start)
    assert "Adam: loss" in paths.status.value and "Ftrl: loss" in paths.status.value


def test_trajectory_widget_steps_and_learning_rate_change_the_line(paths):
    paths.set(optimizers=("SGD",), surface="bowl", learning_rate=0.1, steps=10)
    short = np.array(paths.lines["SGD"].get_xdata())
    paths.set(steps=50)
    assert len(paths.lines["SGD"].get_xdata()) == 51
    paths.set(learning_rate=0.5, steps=10)
    assert not np.allclose(short, paths.lines["SGD"].get_xdata())
    column = TRAJECTORY_LEARNING_RATES.index(0.5)
    assert np.allclose(paths.lines["SGD"].get_xdata(), paths.trajectories[("bowl", "SGD")].path[:11, column, 0])


def test_trajectory_widget_reports_divergence_without_nan(paths):
    paths.set(optimizers=("SGD", "Adam"), surface="bowl", learning_rate=2.0, steps=100)
    assert "SGD diverged at step" in paths.status.value
    x, y = paths.lines["SGD"].get_data()
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    paths.set(steps=1)
    assert "diverged" not in paths.status.value  # not yet, after one step


def test_trajectory_widget_switches_the_background_and_limits(paths):
    paths.set(surface="rosenbrock")
    assert paths.figure.axes[0].get_xlim() == SURFACES["rosenbrock"].bounds[0]
    assert "Rosenbrock" in paths.figure.axes[0].get_title()
    visible_backgrounds = [c for c in paths.figure.axes[0].collections if c.get_visible()]
    assert len(visible_backgrounds) == 1


def test_trajectory_widget_with_no_optimizer_says_so(paths):
    paths.set(optimizers=())
    assert "choose at least one optimizer" in paths.status.value


def test_trajectory_widget_validates_its_arguments():
    with pytest.raises(ValueError, match="learning_rate must be one of"):
        trajectory_explorer(learning_rate=0.123)
    with pytest.raises(ValueError, match="unknown surface"):
        trajectory_explorer(surface="banana")
    assert 0.05 in TRAJECTORY_LEARNING_RATES


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _assert_blitted_move_matches_a_full_draw(explorer, **move):
    """``move`` must not redraw the background, and the blitted PNG must equal a full draw."""
    draws = []
    connection = explorer.figure.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    try:
        explorer.set(**move)
        assert draws == [], f"{move} must not redraw the background"
    finally:
        explorer.figure.canvas.mpl_disconnect(connection)
    blitted = _pixels(explorer.png)
    full = _pixels(explorer.full_draw_png())
    assert np.abs(blitted - full).mean() < 0.5  # the same picture as a full draw


def test_learning_rate_widget_blits_a_learning_rate_move():
    explorer = learning_rate_explorer(learning_rate=0.1, steps=20)
    _assert_blitted_move_matches_a_full_draw(explorer, learning_rate=1.3)


def test_trajectory_widget_blits_slider_moves_and_redraws_the_background_for_a_new_surface():
    explorer = trajectory_explorer(surface="bowl", learning_rate=0.05, steps=60)
    ax = explorer.figure.axes[0]
    _assert_blitted_move_matches_a_full_draw(explorer, learning_rate=0.1, steps=120)
    assert "120 steps, η = 0.1" in ax.get_title()
    explorer.set(surface="rosenbrock")  # new contours and limits: the panel's background is drawn again
    assert explorer.last_background == (0,)
    # a new choice of optimizers changes only dynamic artists (paths and the legend)
    _assert_blitted_move_matches_a_full_draw(explorer, optimizers=("SGD", "Adam"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start", "SGD", "Adam"]
    _assert_blitted_move_matches_a_full_draw(explorer, steps=30)


@pytest.mark.parametrize("first, second", [("saddle", "trap"), ("trap", "saddle")])
def test_trajectory_widget_never_shows_the_contours_of_another_surface_with_the_same_limits(first, second):
    # the saddle and the trap share limits and titles: only the contours tell them apart
    explorer = trajectory_explorer(surface="bowl")
    for surface in (first, second, first, second):
        explorer.set(surface=surface)
        assert np.abs(_pixels(explorer.png) - _pixels(explorer.full_draw_png())).max() <= 2
    assert explorer.last_background == (), "a surface seen before comes from its kept layer"


def test_trajectory_widget_makes_a_new_legend_only_for_a_new_choice_of_optimizers(paths):
    paths.set(optimizers=("Adam", "SGD"), surface="bowl", learning_rate=0.1, steps=20)
    ax = paths.figure.axes[0]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["start", "SGD", "Adam"], "in the notebook's order"
    paths.set(steps=30, learning_rate=0.05, surface="trap")
    assert ax.get_legend() is legend
    paths.set(optimizers=("SGD",))
    assert ax.get_legend() is not legend and [t.get_text() for t in ax.get_legend().get_texts()] == ["start", "SGD"]


def test_run_note_says_where_a_run_diverged_or_its_loss():
    from helpers.widgets.optimizers import precompute_trajectories, run_note

    runs = precompute_trajectories(steps=100, learning_rates=(0.1, 2.0))
    sgd = runs[("bowl", "SGD")]
    assert sgd.diverged_at[0] == -1 and sgd.diverged_at[1] > 1
    assert run_note("SGD", sgd, 1, 100, SURFACES["bowl"]) == (
        f"<b style='color:#cf222e'>SGD diverged at step {sgd.diverged_at[1]}</b>")
    assert run_note("SGD", sgd, 1, 1, SURFACES["bowl"]).startswith("SGD: loss ")
    assert run_note("SGD", sgd, 0, 100, SURFACES["bowl"]) == f"SGD: loss {SURFACES['bowl'](sgd.path[100, 0]):.3g}"


# -- the condition number and momentum -----------------------------------------------------------


@pytest.fixture(scope="module")
def kappa_widget():
    from helpers.widgets.optimizers import momentum_explorer

    return momentum_explorer(kappa=20, beta=0.0, learning_rate=0.9)


def _line(artist):
    return np.array(artist.get_xdata(), dtype=float), np.array(artist.get_ydata(), dtype=float)


def test_kappa_widget_at_beta_0_draws_momentum_on_plain_descent(kappa_widget):
    kappa_widget.set(kappa=20, beta=0.0, learning_rate=0.9)
    picture = kappa_widget.picture
    np.testing.assert_allclose(_line(picture.plain), _line(picture.momentum))
    assert "gradient descent: distance × 0.910 per step" in kappa_widget.status.value
    assert "best possible: × 0.905 without, × 0.635 with momentum" in kappa_widget.status.value


def test_kappa_widget_a_larger_kappa_stretches_the_bowl_and_slows_descent(kappa_widget):
    kappa_widget.set(kappa=20, beta=0.0, learning_rate=0.9)
    width_20 = np.abs(kappa_widget.picture.ellipses[0].get_xdata()).max()
    loss_20 = kappa_widget.picture.plain_loss.get_ydata()[-1]
    kappa_widget.set(kappa=100)
    width_100 = np.abs(kappa_widget.picture.ellipses[0].get_xdata()).max()
    loss_100 = kappa_widget.picture.plain_loss.get_ydata()[-1]
    assert width_100 == pytest.approx(width_20 * np.sqrt(5)), "the gentle axis stretches like sqrt(kappa)"
    assert loss_100 > 1e4 * loss_20 and "distance × 0.982 per step" in kappa_widget.status.value
    assert "κ = 100" in kappa_widget.picture.title.get_text()


def test_kappa_widget_momentum_damps_the_crawl(kappa_widget):
    kappa_widget.set(kappa=100, beta=0.75, learning_rate=0.9)
    picture = kappa_widget.picture
    assert picture.momentum_loss.get_ydata()[-1] < 1e-6 * picture.plain_loss.get_ydata()[-1]
    assert "momentum β = 0.75: distance × 0.866 per step" in kappa_widget.status.value
    kappa_widget.set(beta=0.95)
    assert "distance × 0.975 per step" in kappa_widget.status.value


def test_kappa_widget_says_where_a_run_diverged_and_draws_only_finite_points(kappa_widget):
    kappa_widget.set(kappa=100, beta=0.75, learning_rate=1.7)
    status = kappa_widget.status.value
    assert "gradient descent diverged at step" in status and "momentum β = 0.75: distance" in status
    for artist in (kappa_widget.picture.plain, kappa_widget.picture.plain_loss):
        assert np.all(np.isfinite(np.concatenate(_line(artist))))


def test_kappa_widget_paths_follow_the_keras_momentum_rule():
    import keras

    from helpers.widgets.optimizers import MOMENTUM_START, bowl_curvatures, heavy_ball_paths

    paths, _ = heavy_ball_paths(kappa=50, beta=0.8, learning_rate=0.5, steps=10)
    var = keras.Variable(np.array(MOMENTUM_START), dtype="float64")
    sgd = keras.optimizers.SGD(learning_rate=0.5, momentum=0.8)
    for t in range(1, 11):
        sgd.apply_gradients([(bowl_curvatures(50) * var.numpy(), var)])
        np.testing.assert_allclose(var.numpy(), paths[t, 1], rtol=1e-6)


def test_kappa_widget_moves_equal_a_full_redraw():
    from helpers.widgets.optimizers import momentum_explorer

    explorer = momentum_explorer()
    for move in ({"kappa": 100.0}, {"beta": 0.75}, {"learning_rate": 1.7}, {"kappa": 1.0}, {"beta": 0.0}):
        _assert_blitted_move_matches_a_full_draw(explorer, **move)
        assert explorer.last_background in (None, ()), "only the paths, contours, losses and title move"


def test_kappa_widget_validates_kappa_and_beta():
    from helpers.widgets.optimizers import heavy_ball_paths

    with pytest.raises(ValueError, match="kappa must be"):
        heavy_ball_paths(0.5, 0.0, 0.1)
    with pytest.raises(ValueError, match="beta must be"):
        heavy_ball_paths(10, 1.0, 0.1)
