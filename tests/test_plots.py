import numpy as np
import pytest

from helpers import data, plots


def _logistic(w=(2.0, -1.0), b=0.3):
    return lambda P: 1 / (1 + np.exp(-(P @ np.array(w) + b)))


def test_binary_surface_from_function_shades_probability_and_draws_boundary():
    X, y = data.blobs(n=60, seed=0)
    display = plots.DecisionSurfaceDisplay.from_model(_logistic(), X, y, resolution=50)
    assert display.values_.shape == (50, 50)
    assert 0 <= display.values_.min() < 0.5 < display.values_.max() <= 1
    assert display.contour_ is not None and len(display.scatter_) == 2
    assert display.ax_.figure is display.figure_


def test_update_in_place_changes_image_and_keeps_artists():
    X, y = data.blobs(n=60, seed=0)
    display = plots.DecisionSurfaceDisplay.from_model(_logistic(), X, y, resolution=40)
    image, before = display.image_, display.values_.copy()
    display.update(model=_logistic(w=(-2.0, 1.0)))
    assert display.image_ is image
    assert not np.allclose(before, display.values_)
    with pytest.raises(ValueError, match="exactly one"):
        display.update()
    with pytest.raises(ValueError, match="cover the grid"):
        display.update(values=np.zeros((3, 3)))


def test_constructing_draws_nothing_and_plot_forwards_styling():
    import matplotlib.pyplot as plt

    xx, yy, points = plots.make_grid(None, resolution=20, bounds=((-1, 1), (-2, 2)))
    display = plots.DecisionSurfaceDisplay(xx=xx, yy=yy, values=_logistic()(points).reshape(xx.shape))
    assert not hasattr(display, "image_") and not plt.get_fignums()
    with pytest.raises(ValueError, match="call plot"):
        display.update(values=display.values_)
    _, ax = plt.subplots()
    X, y = data.blobs(n=20, seed=0)
    assert display.plot(ax, X=X, y=y, cmap="viridis", alpha=0.3, boundary_kwargs={"colors": "w"}) is display
    assert display.ax_ is ax and display.image_.get_cmap().name == "viridis" and display.image_.get_alpha() == 0.3
    assert display.contour_ is not None and len(display.scatter_) == 2
    np.testing.assert_allclose(display.contour_.get_edgecolor()[0], [1, 1, 1, 1])
    assert ax.get_xlim() == (-1, 1) and ax.get_ylim() == (-2, 2)  # the grid's extent, not the points'
    with pytest.raises(ValueError, match="both X and y"):
        display.plot(X=X)


def test_display_validates_its_grid_and_keeps_the_boundary_choice_on_update():
    xx, yy, _ = plots.make_grid(None, resolution=10, bounds=((0, 1), (0, 1)))
    with pytest.raises(ValueError, match="mesh xx, yy"):
        plots.DecisionSurfaceDisplay(xx=xx, yy=yy, values=np.zeros((5, 5)))
    display = plots.DecisionSurfaceDisplay(xx=xx, yy=yy, values=np.full(xx.shape, 0.5)).plot(show_boundary=False)
    display.update(values=xx)  # crosses 0.5, but no boundary was asked for
    assert display.contour_ is None
    k_class = plots.DecisionSurfaceDisplay(xx=xx, yy=yy, values=np.full((10, 10, 3), 1 / 3)).plot()
    with pytest.raises(ValueError, match="cover the grid as before"):
        k_class.update(values=np.full((10, 10, 4), 0.25))  # the colours were chosen for 3 classes


def test_k_class_surface_from_keras_model_logits_uses_one_batch_call():
    import keras

    X, y = data.k_blobs(n=80, k=4)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
    calls = []
    original = model.predict_on_batch
    model.predict_on_batch = lambda P: calls.append(len(P)) or original(P)
    display = plots.DecisionSurfaceDisplay.from_model(model, X, y, resolution=30, from_logits=True)
    assert calls == [900]
    assert display.values_.shape == (30, 30, 4)
    np.testing.assert_allclose(display.values_.sum(axis=2), 1.0, atol=1e-5)
    assert display.contour_ is None


def test_surface_from_sklearn_estimator():
    from sklearn.linear_model import LogisticRegression

    X, y = data.blobs(n=60, seed=1)
    display = plots.DecisionSurfaceDisplay.from_model(LogisticRegression().fit(X, y), X, y, resolution=20)
    assert display.values_.shape == (20, 20)


def test_edge_cases_single_class_and_constant_feature():
    X = np.column_stack([np.zeros(10), np.linspace(0, 1, 10)])  # x1 constant
    y = np.zeros(10, dtype=int)  # one class only
    display = plots.DecisionSurfaceDisplay.from_model(lambda P: np.full(len(P), 0.2), X, y, resolution=10)
    assert display.contour_ is None  # no 0.5 crossing to draw
    assert len(display.scatter_) == 1
    assert display.ax_.get_xlim()[1] > display.ax_.get_xlim()[0]


@pytest.mark.parametrize("bad_X", [np.zeros((5, 3)), np.zeros(5), [[1, 2, 3]]])
def test_surface_rejects_non_2d_inputs(bad_X):
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.DecisionSurfaceDisplay.from_model(_logistic(), bad_X)


def test_surface_rejects_model_returning_wrong_shape():
    X, _ = data.blobs(n=20)
    with pytest.raises(ValueError, match="one value or one row"):
        plots.DecisionSurfaceDisplay.from_model(lambda P: np.zeros(3), X, resolution=10)
    with pytest.raises(ValueError, match="Keras model, a scikit-learn classifier or a function"):
        plots.DecisionSurfaceDisplay.from_model("not a model", X)


def test_plot_classes_validates_and_returns_one_collection_per_class():
    X, y = data.k_blobs(n=30, k=3)
    assert len(plots.plot_classes(X, y)) == 3
    with pytest.raises(ValueError, match="one label per point"):
        plots.plot_classes(X, y[:-1])


def test_class_probability_panels():
    X, y = data.blobs(n=30)
    images = plots.plot_class_probabilities(_logistic(), X, y, resolution=20)
    assert len(images) == 2
    np.testing.assert_allclose(images[0].get_array() + images[1].get_array(), 1.0)


def test_plot_activation_and_history():
    from helpers.activations import sigmoid, sigmoid_prime

    lines = plots.plot_activation(sigmoid, sigmoid_prime, label="g")
    assert len(lines) == 2 and max(lines[1].get_ydata()) == pytest.approx(0.25, abs=1e-3)
    with pytest.raises(ValueError, match="1-D array"):
        plots.plot_activation(sigmoid, z=np.zeros((2, 2)))
    hist = {"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.8]}
    train, validation = plots.plot_history(hist)
    assert train.get_color() != validation.get_color() and validation.get_linestyle() == "--"
    with pytest.raises(ValueError, match="has no"):
        plots.plot_history(hist, metrics=("accuracy",))
    with pytest.raises(ValueError, match="History or a non-empty dict"):
        plots.plot_history({})




def test_confident_logits_do_not_overflow():
    X, y = data.blobs(n=20)
    with np.errstate(over="raise"):
        binary = plots.DecisionSurfaceDisplay.from_model(lambda P: 1000.0 * P[:, 0], X, y, resolution=10,
                                                         from_logits=True)
        k_class = plots.DecisionSurfaceDisplay.from_model(lambda P: 1000.0 * np.column_stack([P[:, 0], -P[:, 0], P[:, 1]]),
                                                          X, y, resolution=10, from_logits=True)
    assert np.isfinite(binary.values_).all() and binary.values_.min() == 0.0 and binary.values_.max() == 1.0
    np.testing.assert_allclose(k_class.values_.sum(axis=2), 1.0)


def test_images_with_probabilities_point_at_the_true_class_however_short_its_bar():
    import matplotlib.text

    images = np.zeros((2, 8, 8))
    probabilities = np.array([[0.01, 0.99, 0.0], [0.2, 0.3, 0.5]])
    bars = plots.plot_images_with_probabilities(images, probabilities, [0, 2])
    assert len(bars) == 2
    for container, true_class, p_true in zip(bars, [0, 2], [0.01, 0.5]):
        bottom = container.patches[0].axes
        [arrow] = [t for t in bottom.texts if isinstance(t, matplotlib.text.Annotation)]
        assert arrow.get_text() == f"{p_true:.2f}" and arrow.xy == (true_class, p_true)
        assert container.patches[true_class].get_facecolor() == matplotlib.colors.to_rgba(plots.CLASS_COLORS[2])
    with pytest.raises(ValueError, match="same n"):
        plots.plot_images_with_probabilities(images, probabilities, [0])
