"""The playground widget of notebook 04, driven through its controls as a student or lecturer would."""

import asyncio
import base64
import warnings

import numpy as np
import pytest

from helpers.playground import PlaygroundState, preset
from helpers.widgets.playground import PlaygroundWidget
from helpers.widgets.playground_view import surface_colors


@pytest.fixture
def playground():
    return PlaygroundWidget()


def test_first_render_shows_a_figure_also_in_a_static_render(playground):
    assert playground.png[:4] == b"\x89PNG"
    bundle = playground._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == playground.png
    assert "epoch 0" in playground.explorer.status.value


def test_spiral_plus_a_layer_then_step_changes_the_surface_and_lowers_the_loss(playground):
    playground.set(dataset="spiral", optimizer="adam", layers=3, neurons_1=8, neurons_2=8, neurons_3=6)
    assert playground.engine.config.dataset == "spiral" and playground.engine.config.hidden == (8, 8, 6)
    before_surface = playground.view.surface_image.get_array().copy()
    before_png, before_loss = playground.png, playground.engine.history["loss"][-1]
    playground.step_button.click()  # one epoch
    for _ in range(30):
        playground.step(1)
    assert playground.engine.epochs == 31
    assert not np.allclose(playground.view.surface_image.get_array(), before_surface)
    assert playground.png != before_png
    assert playground.engine.history["loss"][-1] < 0.8 * before_loss
    assert len(playground.view.loss_lines[0].get_xdata()) == 32
    assert "epoch 31" in playground.explorer.status.value


def test_a_setting_restarts_training_and_reset_returns_to_epoch_zero(playground):
    playground.step(5)
    start = [p.copy() for p in PlaygroundWidget().engine.model.parameters]
    playground.set(learning_rate=0.1)
    assert playground.engine.epochs == 0
    playground.set(learning_rate=0.03)
    for mine, fresh in zip(playground.engine.model.parameters, start):
        np.testing.assert_array_equal(mine, fresh)
    playground.step(3)
    playground.reset_button.click()
    assert playground.engine.epochs == 0 and len(playground.engine.history["loss"]) == 1


def test_loading_a_preset_reproduces_the_same_state(playground):
    playground.preset.value = "a spiral needs depth"
    assert playground.state == preset("a spiral needs depth")
    assert playground.controls["layers"].value == 3 and playground.controls["dataset"].value == "spiral"
    playground.step(4)
    saved = playground.state.to_string()
    other = PlaygroundWidget("xor needs a hidden layer")
    other.state_text.value = saved
    other.load_button.click()
    assert other.state == playground.state and other.state.epochs == 4
    for mine, theirs in zip(other.engine.model.parameters, playground.engine.model.parameters):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(other.view.surface_image.get_array(), playground.view.surface_image.get_array())


def test_a_state_with_values_off_the_menus_still_loads():
    state = PlaygroundState(dataset="gaussian", learning_rate=0.05, reg_rate=0.002, regularization="L2")
    widget = PlaygroundWidget(state.to_dict())
    assert widget.state == state


def test_a_bad_state_string_is_reported_not_raised(playground):
    playground.state_text.value = "data=moon"
    playground.load_button.click()
    assert "could not load" in playground.explorer.status.value and "dataset must be one of" in \
        playground.explorer.status.value
    assert playground.engine.config.dataset == "circle"


def test_multiclass_display_and_test_overlay(playground):
    playground.set(dataset="wine3", show_test=True, discretize=True)
    assert playground.engine.n_classes == 3 and playground.view.test_points.get_visible()
    colors = playground.view.surface_image.get_array().reshape(-1, 3)
    assert 2 <= len(np.unique(colors.round(3), axis=0)) <= 3  # discretized: one colour per predicted class


def _strongly_differing_pixels(png, other) -> int:
    return int((np.abs(_pixels(png) - _pixels(other)).max(axis=2) > 40).sum())


def _shows_a_full_draw(playground) -> bool:
    """The blitted picture is the picture a full draw gives."""
    blitted, full = playground.png, playground.explorer.full_draw_png()
    return np.abs(_pixels(blitted) - _pixels(full)).mean() < 0.5 and _strongly_differing_pixels(blitted, full) <= 20


def test_no_input_feature_says_what_to_do_and_trains_nothing(playground, capfd):
    playground.step(3)
    trained = [p.copy() for p in playground.engine.model.parameters]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        playground.set(features=())
        picture = playground.png
        for _ in range(5):
            playground.step_button.click()
        playground.play.value = True  # play stops at once: there is nothing to train
    status = playground.explorer.status.value
    assert "select at least one input feature" in status and "Nothing trains" in status
    assert not playground.play.value
    assert playground.engine.epochs == 3 and playground.state.features == ("x1", "x2")  # the network shown
    for mine, before in zip(playground.engine.model.parameters, trained):
        np.testing.assert_array_equal(mine, before)
    assert playground.png == picture and _shows_a_full_draw(playground)
    playground.set(features=("x1",))  # a feature again: a new network, and training works
    playground.step_button.click()
    assert playground.engine.epochs == 1 and playground.engine.config.features == ("x1",)
    assert "epoch 1 · train loss" in playground.explorer.status.value
    assert capfd.readouterr().err == ""


def test_divergence_is_reported_in_words_with_the_last_finite_picture(playground, capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warnings
        playground.set(activation="linear", learning_rate=3.0)
        first_surface = playground.view.surface_image.get_array().copy()
        for _ in range(30):
            playground.step_button.click()
    status = playground.explorer.status.value
    assert "diverged at epoch 1:" in status and "the loss became NaN" in status and "nan" not in status
    assert "The pictures show epoch 0" in status and "lower the learning rate" in status
    assert playground.engine.epochs == 1 and "epochs=1" in status, "the state string replays the divergence"
    surface = playground.view.surface_image.get_array()
    assert np.isfinite(surface).all()
    np.testing.assert_array_equal(surface, first_surface)  # the last finite network is epoch 0's
    assert np.isfinite(playground.view.loss_lines[0].get_ydata()).all()
    assert playground.view.divergence_line.get_visible() and list(playground.view.divergence_line.get_xdata()) == [1, 1]
    assert playground.view.loss_ax.get_title() == "diverged at epoch 1"
    assert _shows_a_full_draw(playground)
    playground.set(learning_rate=0.03)  # a lower learning rate: a new run, no marker
    playground.step(2)
    assert not playground.view.divergence_line.get_visible()
    assert "epoch 2 · train loss" in playground.explorer.status.value
    assert _shows_a_full_draw(playground)
    assert capfd.readouterr().err == ""


def test_play_stops_when_training_diverges():
    widget = PlaygroundWidget({"activation": "linear", "learning_rate": 3.0})

    async def press_play():
        widget.play.value = True
        await asyncio.sleep(0.3)

    asyncio.run(press_play())
    assert not widget.play.value and widget.engine.diverged_at == 1
    assert "diverged at epoch 1" in widget.explorer.status.value


def test_the_seed_moves_presets_but_a_state_string_keeps_its_own():
    seeded = PlaygroundWidget("xor needs a hidden layer", seed=3)
    assert seeded.state == preset("xor needs a hidden layer").replace(seed=3)
    seeded.load("a spiral needs depth")  # a preset by name takes the widget's seed
    assert seeded.state.seed == 3
    seeded.load(preset("a spiral needs depth").replace(seed=5).to_string())  # a shared string is exact
    assert seeded.state.seed == 5
    with pytest.raises(ValueError, match="seed must be None or an integer"):
        PlaygroundWidget(seed=-1)


def test_play_trains_in_the_background_until_paused():
    widget = PlaygroundWidget("xor needs a hidden layer")

    async def press_play_then_pause():
        widget.play.value = True
        await asyncio.sleep(0.5)
        widget.play.value = False
        await asyncio.sleep(0.05)

    asyncio.run(press_play_then_pause())
    assert widget.engine.epochs >= 1
    epochs = widget.engine.epochs
    assert widget.engine.epochs == epochs  # paused: no more training


def test_surface_colors_fade_at_the_boundary():
    colors = surface_colors(np.array([0.0, 0.5, 1.0]))
    np.testing.assert_allclose(colors[1], [1, 1, 1], atol=0.2)  # doubt is pale
    assert colors[0, 2] > colors[0, 0] and colors[2, 0] > colors[2, 2]  # class 0 blue, class 1 red
    hard = surface_colors(np.array([[0.4, 0.35, 0.25]]), discretize=True)
    assert hard.shape == (1, 3)


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_a_frame_redraws_only_the_changing_artists_and_matches_a_full_draw(playground):
    playground.set(learning_rate=0.0001)  # flat losses: the lines run under the legend (upper right)
    playground.set(discretize=True)
    backgrounds = [playground.explorer.last_background]
    for _ in range(10):  # the epoch axis stays 0..10: no new background
        playground.step(1)
        backgrounds.append(playground.explorer.last_background)
    assert backgrounds == [None] * 11, "a control move or a training step must not redraw the background"
    blitted = _pixels(playground.png)
    full = _pixels(playground.explorer.full_draw_png())
    assert np.abs(blitted - full).mean() < 0.5  # the same picture as a full draw (legend on top of the lines)
    loss, surface = (playground.figure.axes.index(ax) for ax in (playground.view.loss_ax, playground.view.surface_ax))
    playground.step(1)  # epoch 11: the epoch axis doubles to 0..20, so the loss panel is drawn again
    assert playground.explorer.last_background == (loss,) and playground.view.loss_ax.get_xlim() == (0, 20)
    playground.set(dataset="spiral")  # new data: new surface limits and title; a new run: epochs 0..10 again
    assert playground.explorer.last_background == (surface,), "the loss panel's first background is kept"
    assert playground.view.surface_ax.get_title() == "spiral: P(class 1)"
    assert np.abs(_pixels(playground.png) - _pixels(playground.explorer.full_draw_png())).mean() < 0.5
    playground.set(dataset="circle")  # the first dataset again: its surface and loss backgrounds are kept
    assert playground.explorer.last_background == ()
    assert np.abs(_pixels(playground.png) - _pixels(playground.explorer.full_draw_png())).mean() < 0.5


def test_surface_view_is_a_centred_square_snapped_to_a_few_sizes():
    from helpers.widgets.playground_view import SURFACE_HALF_WIDTHS, surface_half_width

    assert surface_half_width(np.array([[2.0, -1.0]])) == 2.5  # 2.0 + 0.4 -> 2.5
    assert surface_half_width(np.array([[0.5, -2.3]])) == 3.0  # |-2.3| + 0.4 = 2.7 -> 3.0
    assert surface_half_width(np.array([[7.0, 0.0]])) == 8.0  # beyond the steps: a whole number
    assert list(SURFACE_HALF_WIDTHS) == sorted(SURFACE_HALF_WIDTHS)


def test_noise_moves_within_one_view_keep_the_cached_background(playground):
    playground.set(dataset="spiral", noise=0.15)
    limits = playground.view.surface_ax.get_xlim()
    playground.set(noise=0.2)  # new points, the same snapped view
    assert playground.view.surface_ax.get_xlim() == limits == (-playground.view.surface_ax.get_ylim()[1], limits[1])
    assert playground.explorer.last_background is None
    X = np.vstack([playground.engine.X_train, playground.engine.X_test])
    assert np.abs(X).max() < limits[1]  # every point inside the view


def test_a_display_setting_keeps_the_network_and_its_epochs(playground):
    playground.step(5)
    engine = playground.engine
    playground.set(discretize=True, show_test=True)
    assert playground.engine is engine and playground.state.epochs == 5
    assert playground.state.discretize and playground.state.show_test
    status = playground.explorer.status.value
    assert "epoch 5 · train loss" in status and "discrete=1" in status
    playground.set(batch_size=20)  # a training setting: a new run from epoch 0
    assert playground.engine is not engine and playground.state.epochs == 0 and playground.state.discretize


def test_loading_the_settings_shown_with_fewer_epochs_replays_them(playground):
    playground.step(7)
    playground.load(playground.state.replace(epochs=3))
    assert playground.engine.epochs == 3 and playground.state.epochs == 3
    replayed = PlaygroundWidget(playground.state).engine
    for mine, theirs in zip(playground.engine.model.parameters, replayed.model.parameters):
        np.testing.assert_array_equal(mine, theirs)


def test_controls_and_state_map_both_ways():
    from helpers.widgets.playground_controls import PlaygroundControls

    changes = []
    controls = PlaygroundControls(PlaygroundState(), on_change=lambda: changes.append(1))
    wanted = PlaygroundState(dataset="spiral", hidden=(8, 3, 5), features=("x1", "sin_x2"), learning_rate=0.05,
                             reg_rate=0.002, regularization="L1", seed=7, show_test=True, n_points=200, epochs=9)
    controls.show(wanted)
    assert changes == [], "showing a state is not a student's change"
    assert controls.read(PlaygroundState(n_points=200, epochs=9)) == wanted
    assert [controls[f"neurons_{i}"].disabled for i in (1, 2, 3, 4)] == [False, False, False, True]
    controls.set(dataset="xor", layers=1, noise=0.3)
    assert changes == [1], "several controls set together are one change"
    assert controls.read(wanted).hidden == (8,) and controls["neurons_2"].disabled
    controls["activation"].value = "relu"  # a student's move
    assert changes == [1, 1]
    controls["features"].value = ()
    with pytest.raises(ValueError, match="features must be"):
        controls.read(wanted)
    with pytest.raises(ValueError, match="no control named 'depth'"):
        controls.set(depth=3)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_notebooks_playground_state_string_recreates_it_exactly(seed):
    """Was a cell of notebook 04 (moved here: a check, not teaching): the state string printed under the first
    playground, after the notebook's 40 epochs, recreates the same weights; every preset name is listed."""
    from helpers.playground import PRESETS, Playground

    playground = PlaygroundWidget("xor needs a hidden layer", seed=seed)
    playground.step(40)
    again = Playground.from_state(playground.state.to_string())
    assert again.epochs == 40
    for mine, theirs in zip(again.model.parameters, playground.engine.model.parameters):
        np.testing.assert_array_equal(mine, theirs)
    assert "xor needs a hidden layer" in PRESETS and "a spiral needs depth" in PRESETS
