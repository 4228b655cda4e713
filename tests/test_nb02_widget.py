"""The activation explorer of notebook 02, driven through its controls as a student would."""

import numpy as np
import pytest

from helpers.activations import ACTIVATIONS
from helpers.widgets.activations import (SATURATION_THRESHOLD, ActivationExplorer, activation_explorer,
                                         saturated_fraction)


def test_first_render_shows_the_selected_activations_at_w_1_b_0():
    widget = ActivationExplorer(selected=("sigmoid", "relu"))
    explorer, artists = widget.explorer, widget.artists
    assert bytes(explorer.png).startswith(b"\x89PNG")
    visible = {name for name, line in artists.g_lines.items() if line.get_visible()}
    assert visible == {"sigmoid", "relu"}
    assert {n for n, line in artists.g_prime_lines.items() if line.get_visible()} == visible
    x = artists.g_lines["sigmoid"].get_xdata()
    np.testing.assert_allclose(artists.g_lines["sigmoid"].get_ydata(), ACTIVATIONS["sigmoid"].g(x))
    np.testing.assert_allclose(artists.g_prime_lines["relu"].get_ydata(), ACTIVATIONS["relu"].g_prime(x))
    assert "sigmoid" in explorer.status.value and "relu" in explorer.status.value


def test_w_and_b_set_the_pre_activation():
    widget = ActivationExplorer(selected=("tanh",))
    explorer, artists = widget.explorer, widget.artists
    before = bytes(explorer.png)
    explorer.set(w=2.5, b=-1.0)
    x = artists.g_lines["tanh"].get_xdata()
    np.testing.assert_allclose(artists.g_lines["tanh"].get_ydata(), np.tanh(2.5 * x - 1.0))
    np.testing.assert_allclose(artists.g_prime_lines["tanh"].get_ydata(), 1 - np.tanh(2.5 * x - 1.0) ** 2)
    assert bytes(explorer.png) != bytes(before)
    assert "w = 2.50, b = -1.00" in artists.ax_g.get_title()


def test_choosing_activations_shows_and_hides_lines_and_the_legend():
    widget = ActivationExplorer(selected=("sigmoid",))
    explorer, artists = widget.explorer, widget.artists
    explorer.set(activations=("gelu", "leaky_relu"))
    assert {n for n, line in artists.g_lines.items() if line.get_visible()} == {"gelu", "leaky_relu"}
    legend = [t.get_text() for t in artists.ax_g.get_legend().get_texts()]
    assert legend == ["leaky_relu", "gelu"]
    explorer.set(activations=())
    assert not any(line.get_visible() for line in artists.g_lines.values())
    assert artists.ax_g.get_legend() is None
    assert "Pick at least one activation" in explorer.status.value


def test_status_reports_saturation_and_the_y_range_follows_the_curves():
    widget = ActivationExplorer(selected=("sigmoid", "relu", "leaky_relu"))
    explorer, artists = widget.explorer, widget.artists
    explorer.set(w=5.0, b=0.0)
    # a steep sigmoid is flat on most of [-5, 5]; leaky ReLU never is
    assert "leaky_relu 0%" in explorer.status.value
    x = artists.g_lines["sigmoid"].get_xdata()
    expected = saturated_fraction(ACTIVATIONS["sigmoid"].g_prime, 5.0 * x)
    assert expected > 0.8
    assert f"sigmoid {100 * expected:.0f}%" in explorer.status.value
    assert artists.ax_g.get_ylim()[1] > 25  # relu(5 x) reaches 25


def test_saturated_fraction_counts_small_derivatives():
    z = np.array([-10.0, 0.0, 10.0, 0.5])
    assert saturated_fraction(ACTIVATIONS["sigmoid"].g_prime, z) == pytest.approx(0.5)
    assert saturated_fraction(ACTIVATIONS["leaky_relu"].g_prime, z) == 0.0
    assert SATURATION_THRESHOLD < 0.25


def test_explorer_validates_its_arguments():
    with pytest.raises(ValueError, match="activation names"):
        activation_explorer(selected=("swish",))
    with pytest.raises(ValueError, match="activation names"):
        activation_explorer(selected="relu")
    with pytest.raises(ValueError, match=r"\[-5, 5\]"):
        activation_explorer(w=9.0)
    with pytest.raises(ValueError, match="low < high"):
        activation_explorer(x_range=(2.0, -2.0))


def test_the_y_range_snaps_to_a_few_steps():
    widget = ActivationExplorer(selected=("sigmoid", "relu"))
    explorer, artists = widget.explorer, widget.artists
    assert 6 < artists.ax_g.get_ylim()[1] < 7  # relu(x) reaches 5: snapped to 6, plus a margin
    explorer.set(w=1.1)  # relu reaches 5.5: the same step
    assert 6 < artists.ax_g.get_ylim()[1] < 7
    explorer.set(w=1.3)  # relu reaches 6.5: the next step
    assert 12 < artists.ax_g.get_ylim()[1] < 14
    explorer.set(activations=("sigmoid", "tanh"))
    assert artists.ax_g.get_ylim() == pytest.approx((-1.16, 1.16))


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _full_draw(explorer):
    """The figure drawn completely, with nothing left out as animated (what blitting must reproduce)."""
    return _pixels(explorer.full_draw_png())


def test_moves_that_keep_the_y_range_only_redraw_the_curves_and_match_a_full_draw():
    explorer = activation_explorer(selected=("sigmoid", "tanh", "relu"))
    explorer.set(w=0.8, b=0.5)  # relu still tops out below 5: same y range, same background
    assert explorer.last_background is None, "moving w or b within a y range must not redraw the background"
    explorer.set(activations=("sigmoid", "relu", "gelu"))  # a new legend: the left panel is drawn once
    assert explorer.last_background == (0,), "a new selection redraws only the left panel"
    assert np.abs(_pixels(explorer.png) - _full_draw(explorer)).mean() < 0.5
    explorer.set(w=0.9)
    assert explorer.last_background is None
    explorer.set(w=3.0)  # relu reaches 15: a new y range, so new tick labels in the left panel's background
    assert explorer.last_background == (0,), "only the left panel is drawn again"
    assert np.abs(_pixels(explorer.png) - _full_draw(explorer)).mean() < 0.5
    explorer.set(w=0.8)  # back to the first y range: its background is kept, nothing is drawn
    assert explorer.last_background == ()
    assert np.abs(_pixels(explorer.png) - _full_draw(explorer)).mean() < 0.5


def test_the_y_range_reaches_down_for_leaky_relu():
    widget = ActivationExplorer(selected=("leaky_relu",))
    explorer, artists = widget.explorer, widget.artists
    explorer.set(w=5.0, b=-5.0)  # leaky_relu(-30) = -6
    bottom, top = artists.ax_g.get_ylim()
    assert bottom < -6 and top < 25  # relu(5 * 5 - 5) = 20
