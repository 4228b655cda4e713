"""The neuron explorer of notebook 01, driven as a student drives it: sliders, the activation, the buttons."""

import numpy as np
import pytest

from helpers import data, neuron
from helpers.widgets.perceptron import NeuronExplorer, decision_line, learning_step, loss_axis_top, neuron_explorer

BOX = ((-4.0, 4.0), (-3.0, 3.0))


@pytest.fixture
def blobs():
    return data.blobs(n=100, noise=0.8, seed=1)


@pytest.fixture
def widget(blobs):
    return NeuronExplorer(*blobs, w=(0.5, -1.0), b=0.5, activation="step", learning_rate=1.0)


@pytest.fixture
def explorer(widget):
    return widget.explorer


def _line(explorer):
    return explorer.figure.axes[0].lines[0]


def test_decision_line_lies_on_z_equals_zero_inside_the_box():
    w, b = np.array([1.0, 2.0]), 0.5
    xs, ys = decision_line(w, b, BOX)
    assert len(xs) == 2
    np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-9)
    assert np.all((xs >= -4) & (xs <= 4) & (ys >= -3) & (ys <= 3))
    vx, vy = decision_line([1.0, 0.0], -1.0, BOX)  # vertical line x1 = 1
    np.testing.assert_allclose(vx, [1.0, 1.0])
    np.testing.assert_allclose(sorted(vy), [-3.0, 3.0])
    for w, b in [([0.0, 0.0], 1.0), ([1.0, 0.0], -10.0)]:  # no line / a line outside the box
        assert decision_line(w, b, BOX)[0].size == 0
    with pytest.raises(ValueError, match="lo < hi"):
        decision_line([1.0, 1.0], 0.0, ((1.0, 0.0), (0.0, 1.0)))


def test_learning_step_applies_the_rule_of_the_activation(blobs):
    X, y = blobs
    w, b = np.array([0.5, -1.0]), 0.5
    w1, b1, used = learning_step(X, y, w, b, "step", 1.0)
    assert used == neuron.next_mistake(X, y, w, b)
    expected_w, expected_b = neuron.rosenblatt_update(X[used], y[used], w, b, 1.0)
    np.testing.assert_allclose(w1, expected_w)
    assert b1 == pytest.approx(expected_b)
    w2, b2, used2 = learning_step(X, y, w, b, "sigmoid", 0.3)
    assert used2 is None
    expected_w, expected_b = neuron.gradient_step(X, y, w, b, 0.3)
    np.testing.assert_allclose(w2, expected_w)
    assert b2 == pytest.approx(expected_b)
    with pytest.raises(ValueError, match="activation"):
        learning_step(X, y, w, b, "relu", 0.1)


def test_first_render_shows_a_figure_the_line_and_a_status(explorer):
    assert explorer.png[:4] == b"\x89PNG"
    assert "image/png" in explorer._repr_mimebundle_()
    xs, ys = _line(explorer).get_data()
    np.testing.assert_allclose(0.5 * np.asarray(xs) - 1.0 * np.asarray(ys) + 0.5, 0.0, atol=1e-9)
    assert "misclassified" in explorer.status.value and "log loss" in explorer.status.value


def test_moving_sliders_moves_the_line_and_changes_surface_status_and_png(explorer, blobs):
    X, y = blobs
    before_png, before_status = explorer.png, explorer.status.value
    before_surface = explorer.figure.axes[0].images[0].get_array().copy()
    explorer.set(w1=2.0, w2=1.5, b=-0.25)
    xs, ys = _line(explorer).get_data()
    np.testing.assert_allclose(2.0 * np.asarray(xs) + 1.5 * np.asarray(ys) - 0.25, 0.0, atol=1e-9)
    assert explorer.png != before_png and explorer.status.value != before_status
    assert not np.array_equal(explorer.figure.axes[0].images[0].get_array(), before_surface)
    assert f"misclassified: {neuron.error_count(X, y, [2.0, 1.5], -0.25)} of 100" in explorer.status.value


def test_activation_choice_changes_the_surface_and_the_button(explorer):
    step_surface = np.asarray(explorer.figure.axes[0].images[0].get_array()).copy()
    assert set(np.unique(step_surface)) <= {0.0, 1.0}
    explorer.set(activation="sigmoid")
    smooth = np.asarray(explorer.figure.axes[0].images[0].get_array())
    assert 0 < smooth.min() and smooth.max() < 1 and len(np.unique(smooth)) > 100
    assert explorer.controls["step"].description == "gradient step"


def test_rosenblatt_button_fixes_mistakes_until_none_remain(widget, explorer, blobs):
    X, y = blobs
    start = np.array([explorer.values["w1"], explorer.values["w2"], explorer.values["b"]])
    explorer.controls["step"].click()
    after = np.array([explorer.values["w1"], explorer.values["w2"], explorer.values["b"]])
    assert not np.allclose(start, after), "one Rosenblatt step must change the weights"
    assert len(explorer.figure.axes[0].collections[-1].get_offsets()) == 1  # the ringed point
    for _ in range(30):
        explorer.controls["step"].click()
    w, b = [explorer.values["w1"], explorer.values["w2"]], explorer.values["b"]
    assert neuron.error_count(X, y, w, b) == 0
    assert "converged" in explorer.status.value
    assert widget.state.history[-1][1] == 0.0 and widget.state.history[0][1] > 0.5


def test_gradient_button_lowers_the_training_loss_and_reset_restores(widget, explorer):
    explorer.set(activation="sigmoid", learning_rate=0.5)
    for _ in range(10):
        explorer.controls["step"].click()
    losses = [loss for loss, _ in widget.state.history]
    assert len(losses) == 11
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    loss_line = explorer.figure.axes[1].lines[0]
    np.testing.assert_allclose(loss_line.get_ydata(), losses)
    assert "gradient:" in explorer.status.value
    explorer.controls["reset"].click()
    assert (explorer.values["w1"], explorer.values["w2"], explorer.values["b"]) == (0.5, -1.0, 0.5)
    assert len(widget.state.history) == 1  # a manual change starts a fresh curve


def test_bad_inputs_are_rejected():
    X, y = data.blobs(n=20, seed=0)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        neuron_explorer(np.ones((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="0 or 1"):
        neuron_explorer(X, y + 1)
    with pytest.raises(ValueError, match="activation"):
        neuron_explorer(X, y, activation="tanh")
    with pytest.raises(ValueError, match="weight_limit"):
        neuron_explorer(X, y, w=(9.0, 0.0))
    with pytest.raises(ValueError, match="learning_rate"):
        neuron_explorer(X, y, learning_rate=20.0)


def test_the_state_and_the_controls_show_the_same_values_both_ways(widget, explorer):
    explorer.set(w1=1.25, activation="sigmoid", learning_rate=0.3)  # controls -> state
    assert (widget.state.w1, widget.state.activation, widget.state.learning_rate) == (1.25, "sigmoid", 0.3)
    explorer.controls["step"].click()  # the click changes the state; the sliders follow it
    assert [explorer.values[name] for name in ("w1", "w2", "b")] == [widget.state.w1, widget.state.w2, widget.state.b]
    assert len(widget.state.history) == 2 and "gradient:" in widget.state.note
    explorer.set(learning_rate=0.5)  # a change by hand starts a fresh curve
    assert len(widget.state.history) == 1 and widget.state.note == ""


def test_a_redraw_only_draws(widget, explorer):
    explorer.controls["step"].click()
    history, status, png = list(widget.state.history), explorer.status.value, explorer.png
    explorer.redraw()
    assert widget.state.history == history and explorer.status.value == status and explorer.png == png


def test_the_loss_axis_grows_and_shrinks_in_powers_of_two():
    assert loss_axis_top(0.0, 0.7) == 2.0  # at least 2
    assert loss_axis_top(2.0, 3.0) == 4.0  # the curve leaves it
    assert loss_axis_top(8.0, 2.5) == 8.0  # fills more than a quarter: kept
    assert loss_axis_top(8.0, 1.0) == 2.0  # would fill less than a quarter


def test_a_slider_move_redraws_only_the_moving_artists_and_matches_a_full_draw(explorer):
    import io

    from PIL import Image

    explorer.set(w1=2.0, w2=1.5, b=-0.25)
    assert explorer.last_background is None, "a slider move must not redraw the background (ticks, labels, colour bar)"
    explorer.set(activation="sigmoid")
    assert explorer.last_background is None
    blitted = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(io.BytesIO(explorer.full_draw_png())).convert("RGB"), dtype=int)
    assert np.abs(blitted - full).mean() < 0.5  # the same picture, legends and points included
    backgrounds = []
    for _ in range(12):  # past 10 clicks the progress panel's x axis grows: its background is drawn again
        explorer.controls["step"].click()
        backgrounds.append(explorer.last_background)
    assert [b for b in backgrounds if b is not None] == [(1,)], "only the progress panel, only once"
    assert explorer.figure.axes[1].get_xlim() == (0.0, 20.0)
