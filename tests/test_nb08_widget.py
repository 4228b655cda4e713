"""Notebook 08's kernel explorer, driven by its controls: what changes, and that the picture is a full draw's."""

import io

import numpy as np
import pytest
from PIL import Image

from helpers.convolution import KERNELS, conv2d
from helpers.widgets.convolution import OWN, ConvolutionExplorer, matching_preset, snapped_scale


@pytest.fixture
def digits():
    from helpers.data import digits_or_mnist
    from helpers.setup import set_plot_style

    set_plot_style()
    data = digits_or_mnist(prefer_mnist=False, seed=0, verbose=False)
    return data.x_test, data.y_test


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _same_as_full_draw(explorer):
    return int((np.abs(_pixels(explorer.png) - _pixels(explorer.full_draw_png())).max(axis=2) > 32).sum()) == 0


def test_the_maps_are_the_convolution_of_the_chosen_digit(digits):
    images, labels = digits
    widget = ConvolutionExplorer(images, labels, kernel="vertical edges", digit=3)
    image = images[np.flatnonzero(labels == 3)[0]]
    fmap = conv2d(image, KERNELS["vertical edges"], padding="same")
    np.testing.assert_allclose(widget.artists.feature_map.get_array(), fmap)
    np.testing.assert_allclose(widget.artists.relu_map.get_array(), np.maximum(fmap, 0))
    assert "kernel: vertical edges" in widget.explorer.status.value
    assert _same_as_full_draw(widget.explorer)


def test_choosing_a_preset_sets_the_nine_entries_with_one_redraw(digits):
    widget = ConvolutionExplorer(*digits)
    before = len(widget.explorer.redraw_seconds)
    widget.preset.value = "sharpen"
    assert len(widget.explorer.redraw_seconds) == before + 1
    np.testing.assert_allclose(widget.kernel(), KERNELS["sharpen"])
    assert "kernel: sharpen" in widget.explorer.status.value
    assert [t.get_text() for t in widget.artists.kernel_texts][4] == "5"
    assert _same_as_full_draw(widget.explorer)


def test_editing_one_entry_makes_the_kernel_your_own_and_moves_only_the_maps(digits):
    widget = ConvolutionExplorer(*digits, kernel="identity", digit=0)
    png = widget.explorer.png
    widget.explorer.set(k00=1.5)
    assert widget.kernel()[0, 0] == 1.5 and matching_preset(widget.kernel()) == OWN
    assert "kernel: your own" in widget.explorer.status.value
    assert widget.explorer.png != png
    assert widget.explorer.last_background is None, "a kernel move redraws no static panel"
    assert _same_as_full_draw(widget.explorer)


def test_one_slider_step_changes_the_picture(digits):
    """The browser suite moves a slider by one step (0.01) with the keyboard and expects the figure to change."""
    widget = ConvolutionExplorer(*digits, kernel="vertical edges", digit=0)
    png = widget.explorer.png
    widget.explorer.set(k00=1.01)
    assert widget.artists.kernel_texts[0].get_text() == "1.01"
    assert widget.explorer.png != png
    assert _same_as_full_draw(widget.explorer)


def test_a_new_digit_redraws_the_input_panel_only(digits):
    widget = ConvolutionExplorer(*digits, digit=0)
    widget.explorer.set(digit=7)
    assert widget.explorer.last_background == (0,)
    np.testing.assert_allclose(widget.artists.digit.get_array(), digits[0][np.flatnonzero(digits[1] == 7)[0]])
    assert _same_as_full_draw(widget.explorer)


def test_the_colour_scale_snaps_and_a_zero_kernel_is_fine(digits):
    assert snapped_scale([0.3, -0.1]) == 0.5 and snapped_scale([100.0]) == 64.0 and snapped_scale([0.0]) == 0.25
    widget = ConvolutionExplorer(*digits)
    widget.explorer.set(**{f"k{u}{v}": 0.0 for u in range(3) for v in range(3)})
    assert np.all(widget.artists.feature_map.get_array() == 0)
    assert "0% of the 64 positions positive" in widget.explorer.status.value


def test_bad_arguments_are_clear_errors(digits):
    images, labels = digits
    with pytest.raises(ValueError, match="kernel"):
        ConvolutionExplorer(images, labels, kernel="emboss")
    with pytest.raises(ValueError, match="digit"):
        ConvolutionExplorer(images[labels == 1], labels[labels == 1], digit=0)
    with pytest.raises(ValueError, match="images"):
        ConvolutionExplorer(images[0], labels[:1])
