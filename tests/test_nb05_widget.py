"""Notebook 05: the temperature widget, driven as a student drags the slider, and the image/confusion plots."""

import numpy as np
import pytest

from helpers.plots import plot_images_with_probabilities
from helpers.softmax import entropy, softmax
from helpers.widgets.temperature import TemperatureExplorer, temperature_explorer

WORDS = ["mat", "sofa", "floor", "roof", "moon", "piano"]
Z = np.array([3.0, 2.2, 1.8, 0.5, -1.0, -2.0])


def _heights(artists):
    return np.array([bar.get_height() for bar in artists.bars])


def test_first_render_shows_softmax_at_T_1_with_its_entropy():
    widget = TemperatureExplorer(Z, labels=WORDS, T=1.0)
    explorer, artists = widget.explorer, widget.artists
    assert explorer.png[:4] == b"\x89PNG"
    np.testing.assert_allclose(_heights(artists), softmax(Z))
    assert "H = 1.18 nats" in artists.entropy_text.get_text()
    assert "1.175 nats" in explorer.status.value
    assert [t.get_text() for t in artists.value_texts][:2] == ["0.54", "0.24"]


def test_moving_the_slider_changes_bars_entropy_text_and_png():
    widget = TemperatureExplorer(Z, labels=WORDS, T=1.0)
    explorer, artists = widget.explorer, widget.artists
    before = explorer.png
    explorer.controls["T"].value = 20.0  # as the student drags it
    np.testing.assert_allclose(_heights(artists), softmax(Z, 20.0))
    H_hot = float(entropy(softmax(Z, 20.0)))
    assert f"H = {H_hot:.2f} nats" in artists.entropy_text.get_text()
    assert explorer.png != before
    assert "T = 20" in explorer.status.value
    explorer.set(T=0.05)
    np.testing.assert_allclose(_heights(artists), np.eye(6)[0], atol=1e-5)
    assert "H = 0.00 nats" in artists.entropy_text.get_text()
    assert artists.value_texts[0].get_position()[1] == pytest.approx(1.0 + 0.01, abs=1e-5)


def test_the_figure_is_reused_not_recreated():
    widget = TemperatureExplorer(Z, T=2.0)
    explorer = widget.explorer
    figure, bars = explorer.figure, list(widget.artists.bars)
    explorer.set(T=0.5)
    assert explorer.figure is figure and list(widget.artists.bars) == bars
    assert len(explorer.figure.axes[0].patches) == len(Z)


def _rgb(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _full_draw(explorer):
    """The figure drawn whole (no blitting), for comparing with what the widget shows."""
    return _rgb(explorer.full_draw_png())


@pytest.mark.parametrize("z, moves, figsize", [
    (Z, [20.0, 0.05, 0.3], (8.0, 4.6)),
    # a narrow figure: the entropy box or the winning bar reaches the legend, which is then drawn over them
    ([-1.0, 0.0, 4.0], [0.05, 0.1, 5.0, 0.05], (5.0, 4.6)),
])
def test_slider_moves_blit_only_the_bars_and_texts_and_match_a_full_draw(z, moves, figsize):
    explorer = temperature_explorer(z, T=1.0, figsize=figsize)
    for T in moves:
        explorer.set(T=T)
        assert explorer.last_background is None, f"moving T to {T} must not redraw the axes, ticks and legend"
        assert np.abs(_rgb(explorer.png) - _full_draw(explorer)).mean() < 0.5, f"T={T}"
    assert explorer.figure.axes[0].get_title(loc="right").startswith("T = ")


@pytest.mark.parametrize("kwargs, message", [
    ({"z": [1.0]}, "at least 2"),
    ({"z": [[1.0, 2.0]]}, "1-D"),
    ({"z": [1.0, np.inf]}, "finite"),
    ({"z": [1.0, 2.0], "labels": ["a"]}, "name each"),
    ({"z": [1.0, 2.0], "T": 50.0}, "T_min <= T <= T_max"),
])
def test_widget_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        temperature_explorer(**kwargs)


def test_images_with_probabilities_colour_true_and_predicted():
    images = np.random.default_rng(0).random((2, 8, 8))
    probabilities = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    containers = plot_images_with_probabilities(images, probabilities, np.array([2, 0]))
    assert len(containers) == 2
    np.testing.assert_allclose([b.get_height() for b in containers[0]], probabilities[0])
    ax_image = containers[0][0].axes.figure.axes[0]
    assert "true 2" in ax_image.get_title() and "predicted 1" in ax_image.get_title()
    colours = [b.get_facecolor() for b in containers[0]]
    assert colours[1] != colours[2] != colours[0]
    with pytest.raises(ValueError, match="same n"):
        plot_images_with_probabilities(images, probabilities[:1], np.array([2, 0]))
