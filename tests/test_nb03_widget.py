"""The capacity explorer of notebook 03, driven by setting its controls."""

import numpy as np
import pytest

from helpers import regression
from helpers.widgets.capacity import CapacityExplorer, capacity_explorer


@pytest.fixture(scope="module")
def fits_and_data():
    rng = np.random.default_rng(0)
    x_train, x_val = rng.uniform(-2, 2, 30), rng.uniform(-2, 2, 40)
    y_train, y_val = 20 + 5 * np.tanh(x_train) + rng.normal(size=30), 20 + 5 * np.tanh(x_val) + rng.normal(size=40)
    fits = regression.train_mlp_fits(x_train, y_train, x_val, y_val, hidden_units=(1, 5, 50), checkpoints=(5, 50, 200),
                                     x_curve=np.linspace(-2, 2, 60))
    return fits, (x_train, y_train, x_val, y_val)


def _lines(widget):
    artists = widget.artists
    return artists.curve, artists.train_line, artists.val_line, artists.now


def test_first_render_shows_the_starting_curve(fits_and_data):
    fits, points = fits_and_data
    widget = CapacityExplorer(fits, *points, units=5, epochs=50)
    explorer = widget.explorer
    curve, train_line, val_line, now = _lines(widget)
    np.testing.assert_allclose(curve.get_ydata(), fits.curves[1, 1])
    np.testing.assert_allclose(val_line.get_ydata(), fits.val_mse[1])
    assert list(now.get_xdata()) == [50, 50]
    assert explorer.png[:4] == b"\x89PNG"
    assert "5 hidden units (16 parameters), 50 epochs" in explorer.status.value


def test_moving_the_sliders_looks_up_the_stored_fit(fits_and_data):
    fits, points = fits_and_data
    widget = CapacityExplorer(fits, *points)
    explorer = widget.explorer
    curve, train_line, val_line, now = _lines(widget)
    before = explorer.png
    explorer.set(units=50, epochs=5)
    np.testing.assert_allclose(curve.get_ydata(), fits.curves[2, 0])
    np.testing.assert_allclose(train_line.get_ydata(), fits.train_mse[2])
    assert list(now.get_xdata()) == [5, 5]
    assert explorer.png != before
    assert f"validation MSE {fits.val_mse[2, 4]:.1f}" in explorer.status.value
    explorer.controls["epochs"].value = 200  # as a student drags the slider
    np.testing.assert_allclose(curve.get_ydata(), fits.curves[2, 2])
    assert explorer.figure.axes[0].get_title() == "Dense(50, relu) + Dense(1), epoch 200"


def test_explorer_validates_its_inputs(fits_and_data):
    fits, points = fits_and_data
    with pytest.raises(ValueError, match="CapacityFits"):
        capacity_explorer({"curves": 1}, *points)
    with pytest.raises(ValueError, match="x_curve"):
        capacity_explorer(fits, *points, x_curve=np.zeros(3))
    with pytest.raises(ValueError, match="units must be one of"):
        capacity_explorer(fits, *points, units=7)


def test_moves_redraw_only_the_curves_and_titles_and_match_a_full_draw(fits_and_data):
    import io

    from PIL import Image

    fits, points = fits_and_data
    explorer = capacity_explorer(fits, *points, units=5, epochs=50)
    draws = []
    explorer.figure.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    explorer.set(units=50, epochs=200)
    explorer.controls["epochs"].value = 5  # as a student drags the slider
    explorer.set(units=5, epochs=50)
    explorer.set(units=50, epochs=5)  # titles seen before: their stored pixels are pasted back
    assert draws == [], "moving the sliders must not redraw the axes, points and legends"
    blitted = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=int)
    dynamic = explorer._dynamic()
    # the fitted curve, the two error curves, the epoch marker and the two titles (the legends are kept above them)
    assert len(dynamic) == 6
    full = np.asarray(Image.open(io.BytesIO(explorer.full_draw_png())).convert("RGB"), dtype=int)
    assert np.abs(blitted - full).max() <= 32  # the same picture as a full draw (a curve never over a legend)
