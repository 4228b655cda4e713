"""The activation explorer of notebook 02, driven through its controls as a student would."""

import numpy as np
import pytest

from helpers.activations import ACTIVATIONS
from helpers.widgets.activations import SATURATION_THRESHOLD, activation_explorer, saturated_fraction


def test_first_render_shows_the_selected_activations_at_w_1_b_0():
    explorer = activation_explorer(selected=("sigmoid", "relu"))
    assert bytes(explorer.png).startswith(b"\x89PNG")
    visible = {name for name, line in explorer.g_lines.items() if line.get_visible()}
    assert visible == {"sigmoid", "relu"}
    assert {n for n, line in explorer.g_prime_lines.items() if line.get_visible()} == visible
    x = explorer.g_lines["sigmoid"].get_xdata()
    np.testing.assert_allclose(explorer.g_lines["sigmoid"].get_ydata(), ACTIVATIONS["sigmoid"].g(x))
    np.testing.assert_allclose(explorer.g_prime_lines["relu"].get_ydata(), ACTIVATIONS["relu"].g_prime(x))
    assert "sigmoid" in explorer.status.value and "relu" in explorer.status.value


def test_w_and_b_set_the_pre_activation():
    explorer = activation_explorer(selected=("tanh",))
    before = bytes(explorer.png)
    explorer.set(w=2.5, b=-1.0)
    x = explorer.g_lines["tanh"].get_xdata()
    np.testing.assert_allclose(explorer.g_lines["tanh"].get_ydata(), np.tanh(2.5 * x - 1.0))
    np.testing.assert_allclose(explorer.g_prime_lines["tanh"].get_ydata(), 1 - np.tanh(2.5 * x - 1.0) ** 2)
    assert bytes(explorer.png) != bytes(before)
    assert "w = 2.50, b = -1.00" in explorer.axes[0].get_title()


def test_choosing_activations_shows_and_hides_lines_and_the_legend():
    explorer = activation_explorer(selected=("sigmoid",))
    explorer.set(activations=("gelu", "leaky_relu"))
    assert {n for n, line in explorer.g_lines.items() if line.get_visible()} == {"gelu", "leaky_relu"}
    legend = [t.get_text() for t in explorer.axes[0].get_legend().get_texts()]
    assert legend == ["leaky_relu", "gelu"]
    explorer.set(activations=())
    assert not any(line.get_visible() for line in explorer.g_lines.values())
    assert explorer.axes[0].get_legend() is None
    assert "Pick at least one activation" in explorer.status.value


def test_status_reports_saturation_and_the_y_range_follows_the_curves():
    explorer = activation_explorer(selected=("sigmoid", "relu", "leaky_relu"))
    explorer.set(w=5.0, b=0.0)
    # a steep sigmoid is flat on most of [-5, 5]; leaky ReLU never is
    assert "leaky_relu 0%" in explorer.status.value
    x = explorer.g_lines["sigmoid"].get_xdata()
    expected = saturated_fraction(ACTIVATIONS["sigmoid"].g_prime, 5.0 * x)
    assert expected > 0.8
    assert f"sigmoid {100 * expected:.0f}%" in explorer.status.value
    assert explorer.axes[0].get_ylim()[1] > 25  # relu(5 x) reaches 25


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
