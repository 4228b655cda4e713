"""Notebook 08's formulas against Keras: the numpy convolution, the size and parameter counts, the recurrent step;
and its helpers: PCA, the order task, the GAN's data and the projector files."""

import numpy as np
import pytest

from helpers.convolution import KERNELS, conv2d, conv2d_params, conv_output_size, dense_params, feature_maps
from helpers.gan import mode_coverage, real_samples
from helpers.projector import write_projector_files
from helpers.recurrence import order_task, rnn_forward, rnn_step
from helpers.representations import fit_pca, neighbour_accuracy, reconstruction_errors


def _keras_conv(image, kernel, bias, padding, stride):
    import keras

    layer = keras.layers.Conv2D(1, kernel_size=kernel.shape, strides=stride, padding=padding)
    layer.build((None, *image.shape, 1))
    layer.set_weights([kernel.reshape(*kernel.shape, 1, 1).astype("float32"), np.array([bias], "float32")])
    return layer(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]


@pytest.mark.parametrize("shape, kshape", [((8, 8), (3, 3)), ((7, 9), (3, 3)), ((6, 5), (2, 3)), ((9, 8), (5, 4))])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_numpy_conv2d_equals_keras_conv2d_with_the_kernel_copied(shape, kshape, padding, stride):
    rng = np.random.default_rng(sum(shape) + 10 * stride)
    image, kernel, bias = rng.uniform(size=shape), rng.normal(size=kshape), float(rng.normal())
    ours = conv2d(image, kernel, bias, padding=padding, stride=stride)
    theirs = _keras_conv(image, kernel, bias, padding, stride)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


def test_conv2d_is_a_cross_correlation_not_a_flipped_convolution():
    image = np.zeros((5, 5))
    image[2, 2] = 1.0
    kernel = np.arange(9.0).reshape(3, 3)
    # an impulse through a cross-correlation gives the kernel rotated by 180 degrees
    np.testing.assert_allclose(conv2d(image, kernel)[:, :], kernel[::-1, ::-1])


@pytest.mark.parametrize("name", KERNELS)
def test_each_preset_kernel_matches_keras_on_a_digit(name):
    from sklearn.datasets import load_digits

    image = load_digits().images[5] / 16.0
    np.testing.assert_allclose(conv2d(image, KERNELS[name], padding="same"),
                               _keras_conv(image, KERNELS[name], 0.0, "same", 1), atol=1e-5)


def test_feature_maps_equal_a_conv2d_layer_with_several_filters():
    import keras

    rng = np.random.default_rng(3)
    image, kernels, biases = rng.uniform(size=(8, 8)), rng.normal(size=(3, 3, 1, 4)), rng.normal(size=4)
    layer = keras.layers.Conv2D(4, 3, padding="same")
    layer.build((None, 8, 8, 1))
    layer.set_weights([kernels.astype("float32"), biases.astype("float32")])
    np.testing.assert_allclose(feature_maps(image, kernels, biases), layer(image[None, :, :, None]).numpy()[0],
                               atol=1e-5)


@pytest.mark.parametrize("n, k, channels, filters, stride, padding", [
    (28, 3, 3, 8, 1, "valid"), (28, 3, 3, 8, 1, "same"), (28, 3, 3, 16, 2, "same"), (28, 5, 3, 16, 2, "valid"),
    (8, 3, 1, 16, 1, "same"), (4, 3, 16, 32, 1, "same"), (31, 4, 2, 5, 3, "valid"), (31, 4, 2, 5, 3, "same"),
    (10, 1, 7, 2, 4, "valid"),
])
def test_output_size_and_parameter_formulas_equal_keras(n, k, channels, filters, stride, padding):
    import keras

    layer = keras.layers.Conv2D(filters, kernel_size=k, strides=stride, padding=padding)
    layer.build((None, n, n, channels))
    size = conv_output_size(n, k, padding, stride)
    assert layer.compute_output_shape((None, n, n, channels)) == (None, size, size, filters)
    assert layer.count_params() == conv2d_params(k, k, channels, filters)
    no_bias = keras.layers.Conv2D(filters, kernel_size=k, use_bias=False)
    no_bias.build((None, n + k, n + k, channels))
    assert no_bias.count_params() == conv2d_params(k, k, channels, filters, use_bias=False)


@pytest.mark.parametrize("n_in, units", [(64, 128), (2352, 10), (3, 1)])
def test_dense_parameter_formula_equals_keras(n_in, units):
    import keras

    layer = keras.layers.Dense(units)
    layer.build((None, n_in))
    assert layer.count_params() == dense_params(n_in, units)


def test_bad_padding_is_a_clear_error():
    with pytest.raises(ValueError, match="padding"):
        conv_output_size(8, 3, "full")
    with pytest.raises(ValueError, match="padding"):
        conv2d(np.zeros((4, 4)), np.ones((3, 3)), padding="causal")
    with pytest.raises(ValueError, match="2-D"):
        conv2d(np.zeros((4, 4, 1)), np.ones((3, 3)))


@pytest.mark.parametrize("steps, features, units", [(5, 2, 3), (12, 4, 8), (1, 3, 2)])
def test_numpy_recurrence_equals_simple_rnn_with_the_weights_copied(steps, features, units):
    import keras

    rng = np.random.default_rng(steps * 10 + units)
    xs = rng.normal(size=(4, steps, features))
    W, U, b = rng.normal(scale=0.5, size=(features, units)), rng.normal(scale=0.5, size=(units, units)), rng.normal(size=units)
    rnn = keras.layers.SimpleRNN(units, return_sequences=True)
    rnn.build((None, steps, features))
    rnn.set_weights([W, U, b])
    np.testing.assert_allclose(rnn_forward(xs, W, U, b), rnn(xs.astype("float32")).numpy(), atol=1e-5)
    np.testing.assert_allclose(rnn_forward(xs[0], W, U, b), rnn(xs[:1].astype("float32")).numpy()[0], atol=1e-5)


def test_one_rnn_step_is_the_formula():
    x, h, W, U, b = np.array([1.0, -2.0]), np.array([0.5, 0.0, -0.5]), np.eye(2, 3), np.eye(3), np.ones(3)
    np.testing.assert_allclose(rnn_step(x, h, W, U, b), np.tanh(x @ W + h @ U + b))


def test_the_order_task_labels_say_which_event_came_first():
    X, y = order_task(400, length=16, seed=5, noise=0.0)
    assert X.shape == (400, 16, 2) and X.dtype == np.float32 and y.dtype == np.int64
    first_a = np.array([np.flatnonzero(s[:, 0] > 0.5).min() for s in X])
    first_b = np.array([np.flatnonzero(s[:, 1] > 0.5).min() for s in X])
    np.testing.assert_array_equal(y, (first_a < first_b).astype(int))
    assert not np.any((X[:, :, 0] > 0.5) & (X[:, :, 1] > 0.5)), "an A and a B never share a step"
    assert 0.35 < y.mean() < 0.65


def test_the_order_task_follows_its_seed():
    a, b, c = order_task(50, seed=1), order_task(50, seed=1), order_task(50, seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    with pytest.raises(ValueError):
        order_task(10, length=1)


def test_pca_is_a_rotation_whose_coordinates_rebuild_the_data():
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA as SkPCA

    X = load_digits().data / 16.0
    pca = fit_pca(X)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(64), atol=1e-8)
    np.testing.assert_allclose(pca.reconstruct(pca.coordinates(X, 64)), X, atol=1e-8)
    sk = SkPCA(n_components=5, svd_solver="full").fit(X)   # exact; older versions default to a randomized solver here
    np.testing.assert_allclose(np.abs(pca.coordinates(X, 5)), np.abs(sk.transform(X)), atol=1e-6)
    np.testing.assert_allclose(pca.variances[:5], sk.explained_variance_, rtol=1e-6)
    errors = reconstruction_errors(pca, X, range(65))
    assert np.all(np.diff(errors) <= 1e-12) and errors[-1] < 1e-12


def test_neighbour_accuracy_ignores_the_scale_of_a_code():
    rng = np.random.default_rng(0)
    codes, labels = rng.normal(size=(200, 2)), rng.integers(0, 3, 200)
    codes[labels == 1] += 3
    a = neighbour_accuracy(codes[:100], labels[:100], codes[100:], labels[100:])
    b = neighbour_accuracy(codes[:100] * [100, 0.01], labels[:100], codes[100:] * [100, 0.01], labels[100:])
    assert a == pytest.approx(b)


def test_the_gan_data_and_the_coverage_score():
    samples = real_samples(4000, np.random.default_rng(0))
    assert samples.shape == (4000, 1) and samples.dtype == np.float32
    coverage = mode_coverage(samples)
    assert abs(coverage["left"] - 0.5) < 0.03 and coverage["off"] < 0.01 and coverage["smaller"] > 0.47
    assert mode_coverage(np.full(100, 2.0))["smaller"] == 0.0
    assert mode_coverage(np.full(10, np.nan))["off"] == 1.0


def test_projector_files_are_what_tensorboard_reads(tmp_path):
    vectors, labels = np.arange(12.0).reshape(4, 3), [3, 1, 4, 1]
    paths = write_projector_files(tmp_path / "projector", vectors, labels, name="digits")
    np.testing.assert_allclose(np.loadtxt(paths["vectors"], delimiter="\t"), vectors)
    assert paths["metadata"].read_text().split() == ["3", "1", "4", "1"]
    config = paths["config"].read_text()
    assert 'tensor_path: "digits_vectors.tsv"' in config and 'metadata_path: "digits_metadata.tsv"' in config
    with pytest.raises(ValueError):
        write_projector_files(tmp_path, vectors, labels[:2])
