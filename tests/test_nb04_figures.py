"""Notebook 04's figures: the hidden units drawn as surfaces, the class legend of a surface, and per-class
probability panels that keep the points visible."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import hidden_units, plots  # noqa: E402
from helpers.colors import CLASS_COLORS  # noqa: E402


@pytest.fixture(scope="module")
def small_net():
    """Dense(3, sigmoid) → Dense(1, sigmoid) with weights set by hand: unit j steps across the line x_j = 0
    (j = 1, 2), unit 3 across x1 + x2 = 1."""
    import keras

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, activation="sigmoid"),
                              keras.layers.Dense(1, activation="sigmoid")])
    W1 = np.array([[4.0, 0.0, 4.0], [0.0, 4.0, 4.0]])
    b1 = np.array([0.0, 0.0, -4.0])
    model.set_weights([W1, b1, np.array([[2.0], [-3.0], [1.5]]), np.array([0.5])])
    return model


def _points():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(40, 2))
    return X, (X[:, 0] > 0).astype(int)


def test_hidden_activations_are_the_first_layer_by_hand(small_net):
    X, _ = _points()
    W1, b1 = small_net.layers[0].get_weights()
    np.testing.assert_allclose(hidden_units.hidden_activations(small_net, X),
                               1 / (1 + np.exp(-(X @ W1 + b1))), atol=1e-6)
    with pytest.raises(ValueError, match="index of a hidden layer"):
        hidden_units.hidden_activations(small_net, X, layer=1)   # the output layer is not hidden


def test_each_hidden_unit_is_drawn_as_its_own_surface_with_its_line_and_output_weight(small_net):
    X, y = _points()
    fig, axes = plt.subplots(1, 3)
    images = hidden_units.plot_hidden_units(axes, small_net, X, y, resolution=30)
    assert len(images) == 3 and all(isinstance(im, matplotlib.image.AxesImage) for im in images)
    W1, b1 = small_net.layers[0].get_weights()
    for j, (ax, image) in enumerate(zip(axes, images)):
        shown = np.asarray(image.get_array())
        xx, yy, grid = plots.make_grid(X, resolution=30)
        np.testing.assert_allclose(shown, (1 / (1 + np.exp(-(grid @ W1[:, j] + b1[j])))).reshape(xx.shape), atol=1e-5)
        assert image.get_clim() == (0.0, 1.0)
        assert ax.collections, "the unit's dashed line and the points"
    assert [ax.get_title() for ax in axes] == ["unit 1: weight +2.0 into the output",
                                               "unit 2: weight -3.0 into the output",
                                               "unit 3: weight +1.5 into the output"]
    with pytest.raises(ValueError, match="one axes per hidden unit"):
        hidden_units.plot_hidden_units(axes[:2], small_net, X)
    plt.close(fig)


def test_a_surface_gets_a_class_legend_only_when_asked(small_net):
    X, y = _points()
    plain = plots.DecisionSurfaceDisplay.from_model(small_net, X, y, resolution=20)
    assert plain.legend_ is None and plain.ax_.get_legend() is None
    named = plots.DecisionSurfaceDisplay.from_model(small_net, X, y, resolution=20, class_names=["left", "right"],
                                                    legend="upper left")
    legend = named.ax_.get_legend()
    assert legend is named.legend_ and [t.get_text() for t in legend.get_texts()] == ["left", "right"]
    handles = legend.legend_handles
    assert [matplotlib.colors.to_hex(h.get_facecolor()[0]) for h in handles] == [c.lower() for c in CLASS_COLORS[:2]]
    no_points = plots.DecisionSurfaceDisplay.from_model(small_net, X, resolution=20, legend=True)
    assert no_points.legend_ is None
    plt.close("all")


def test_class_probability_panels_are_light_so_the_points_show():
    """Review: 'black panels bury the points'. Each panel shades white to its class colour, never to black."""
    X, y = _points()
    images = plots.plot_class_probabilities(lambda P: 1 / (1 + np.exp(-3 * P[:, 0])), X, y, resolution=20)
    for i, image in enumerate(images):
        darkest = image.get_cmap()(1.0)[:3]
        np.testing.assert_allclose(darkest, matplotlib.colors.to_rgb(CLASS_COLORS[i]), atol=0.01)
        np.testing.assert_allclose(image.get_cmap()(0.0)[:3], 1.0)
        assert image.get_alpha() < 1
    plt.close("all")
