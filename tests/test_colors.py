"""The palette stays readable under the three colour-vision deficiencies, and figures use it."""

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from helpers.colors import (CLASS_COLORS, DEFICIENCIES, LINE_COLORS, PROBABILITY_CMAP, lightness, probability_cmap,
                            simulate_color_vision)


def _lab(rgb):
    from helpers.colors import _to_linear

    xyz = _to_linear(np.asarray(rgb)) @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                                                  [0.0193, 0.1192, 0.9505]]).T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def _closest_pair(colors) -> float:
    lab = _lab(np.asarray(colors))
    return min(np.linalg.norm(lab[i] - lab[j]) for i, j in itertools.combinations(range(len(lab)), 2))


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("palette, count", [(CLASS_COLORS, 4), (LINE_COLORS, 6)])
def test_first_colours_stay_apart_for_each_deficiency(palette, count, deficiency):
    assert _closest_pair(simulate_color_vision(list(palette[:count]), deficiency)) > 15


def test_tab10_the_old_palette_fails_the_same_test():
    """The test can fail: tab10's red and green merge for a protanope."""
    assert _closest_pair(simulate_color_vision(["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"], "protanopia")) < 8


@pytest.mark.parametrize("deficiency", (None, *DEFICIENCIES))
def test_the_two_classes_differ_in_lightness(deficiency):
    rgb = np.array([to_rgb(c) for c in CLASS_COLORS[:2]])
    seen = rgb if deficiency is None else simulate_color_vision(rgb, deficiency)
    assert abs(np.diff(lightness(seen))[0]) > 15


def test_simulation_keeps_grey_and_alpha_and_checks_its_input():
    image = np.array([[[0.5, 0.5, 0.5, 0.3]]])
    assert np.allclose(simulate_color_vision(image, "deuteranopia"), image, atol=0.01)
    with pytest.raises(ValueError, match="deficiency must be one of"):
        simulate_color_vision(image, "achromatopsia")
    with pytest.raises(ValueError, match="3 or 4 channels"):
        simulate_color_vision(np.zeros((2, 2)), "protanopia")


def test_notebook_style_uses_the_palette():
    from helpers.setup import set_plot_style

    set_plot_style()
    assert [c.lower() for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]] == \
        [c.lower() for c in LINE_COLORS]
    cmap = probability_cmap()
    assert matplotlib.rcParams["image.cmap"] == PROBABILITY_CMAP == cmap.name
    assert np.allclose(cmap(0.0)[:3], to_rgb(CLASS_COLORS[0])) and np.allclose(cmap(1.0)[:3], to_rgb(CLASS_COLORS[1]))
