import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import data

GENERATORS = [data.blobs, data.gaussian, data.moons, data.circles, data.xor, data.spirals, data.k_blobs]


@pytest.mark.parametrize("make", GENERATORS)
def test_generators_shapes_dtypes_and_determinism(make):
    X, y = make(n=120, seed=5)
    assert X.shape == (120, 2) and X.dtype == np.float32
    assert y.shape == (120,) and y.dtype == np.int64
    X2, y2 = make(n=120, seed=5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(n=120, seed=6)
    assert not np.array_equal(X, X3)
    assert len(np.unique(y)) >= 2


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("kwargs, match", [({"n": 0}, "n must be"), ({"n": 2.5}, "n must be"),
                                           ({"noise": -0.1}, "noise must be"), ({"noise": float("nan")}, "noise")])
def test_generators_reject_bad_arguments(make, kwargs, match):
    with pytest.raises(ValueError, match=match):
        make(**kwargs)


def test_noise_zero_gives_clean_xor_labels():
    X, y = data.xor(n=400, noise=0.0, seed=1)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))


def test_k_blobs_has_k_balanced_classes_and_validates_k():
    _, y = data.k_blobs(n=400, k=4)
    assert np.bincount(y).tolist() == [100] * 4
    with pytest.raises(ValueError, match="k must be"):
        data.k_blobs(k=1)


def test_blobs_are_balanced_and_centred_on_their_centres():
    X, y = data.blobs(n=101, noise=0.0, seed=3)
    assert sorted(np.bincount(y).tolist()) == [50, 51]
    # no noise: every point sits on its centre
    np.testing.assert_array_equal(X, np.where(y[:, None] == 1, [1.5, 1.5], [-1.5, -1.5]))
    X, y = data.k_blobs(n=30, k=3, noise=0.0, seed=3)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 2.0, rtol=1e-6)


def test_make_2d_by_name_and_unknown_name():
    X, y = data.make_2d("spirals", n=50, seed=2)
    np.testing.assert_array_equal(X, data.spirals(n=50, seed=2)[0])
    with pytest.raises(ValueError, match="unknown dataset 'swiss'"):
        data.make_2d("swiss")


def test_train_val_split_stratifies_and_is_seeded():
    X, y = data.blobs(n=200, seed=0)
    Xt, Xv, yt, yv = data.train_val_split(X, y, 0.25, seed=3)
    assert len(Xv) == 50 and len(Xt) == 150
    assert np.bincount(yv).tolist() == [25, 25]
    again = data.train_val_split(X, y, 0.25, seed=3)
    np.testing.assert_array_equal(Xv, again[1])
    # every row lands in exactly one part
    assert sorted(map(tuple, np.vstack([Xt, Xv]))) == sorted(map(tuple, X))


@pytest.mark.parametrize("fraction", [0, 1, -0.2, 1.5])
def test_train_val_split_rejects_bad_fraction(fraction):
    X, y = data.blobs(n=20)
    with pytest.raises(ValueError, match="val_fraction"):
        data.train_val_split(X, y, fraction)


def test_train_val_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same number of rows"):
        data.train_val_split(np.zeros((5, 2)), np.zeros(4))


def test_standardize_uses_training_statistics_and_handles_constant_features():
    X_train = np.array([[1.0, 5.0], [3.0, 5.0]])
    X_val = np.array([[5.0, 5.0]])
    Xt, Xv, scaler = data.standardize(X_train, X_val)
    np.testing.assert_allclose(Xt, [[-1, 0], [1, 0]])
    np.testing.assert_allclose(Xv, [[3, 0]])
    np.testing.assert_allclose(scaler.inverse_transform(Xv), X_val)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        scaler.transform(np.zeros((3, 3)))


def test_wine_binary_and_three_class():
    binary = data.wine()
    assert binary.X.shape == (130, 2) and set(binary.y) == {0, 1}
    np.testing.assert_allclose(binary.X.mean(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(binary.X.std(axis=0), 1, atol=1e-5)
    three = data.wine(binary=False)
    assert three.X.shape == (178, 2) and set(three.y) == {0, 1, 2} and len(three.class_names) == 3
    with pytest.raises(ValueError, match="features must be two of"):
        data.wine(features=("alcohol", "colour"))


def test_auto_mpg_is_offline_raw_and_weight_mpg_drops_missing():
    cars = data.auto_mpg()
    assert len(cars) == 406
    assert cars["Miles_per_Gallon"].isna().sum() == 8 and cars["Horsepower"].isna().sum() == 6
    assert set(cars["Origin"]) == {"USA", "Europe", "Japan"}
    X, y = data.weight_mpg()
    assert X.shape == (398, 1) and y.shape == (398,)
    assert 1.5 < X.min() and X.max() < 5.5 and np.isfinite(y).all()
    # heavier cars use more fuel: MPG falls with weight
    assert np.corrcoef(X[:, 0], y)[0, 1] < -0.8


def test_digits_fallback_when_mnist_is_not_cached(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    images = data.digits_or_mnist()
    assert images.source == "digits" and images.image_shape == (8, 8)
    assert images.x_train.shape[0] + images.x_test.shape[0] == 1797
    assert 0.0 <= images.x_train.min() and images.x_train.max() <= 1.0
    out = capsys.readouterr().out
    assert "MNIST is not in the Keras cache" in out and "scikit-learn's digits" in out


def test_mnist_path_uses_keras_datasets_with_a_cached_file(tmp_path):
    """A small mnist.npz in a temporary Keras cache is loaded through keras.datasets.mnist.

    It runs in a fresh process because Keras reads KERAS_HOME once, at import, as a notebook kernel does.
    """
    cache = tmp_path / "datasets"
    cache.mkdir()
    rng = np.random.default_rng(0)
    np.savez(cache / "mnist.npz",
             x_train=rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), y_train=np.arange(20) % 10,
             x_test=rng.integers(0, 256, (6, 28, 28), dtype=np.uint8), y_test=np.arange(6) % 10)
    code = (
        "from helpers.setup import silence_tensorflow; silence_tensorflow()\n"
        # keras.datasets.mnist checks the file against the real MNIST's sha256, which a 26-image
        # stand-in cannot match (it would then try to download): accept the stand-in's hash.
        "from keras.src.utils import file_utils; file_utils.validate_file = lambda *a, **k: True\n"
        "from helpers import data\n"
        "images = data.digits_or_mnist()\n"
        "print(images.source, images.x_train.shape, images.x_test.shape, images.x_train.dtype, "
        "float(images.x_train.max()) <= 1.0)\n"
    )
    env = {**os.environ, "KERAS_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("Using MNIST from keras.datasets: 20 training and 6 test images")
    assert lines[1] == "mnist (20, 28, 28) (6, 28, 28) float32 True"


def test_digits_when_asked_for():
    images = data.digits_or_mnist(prefer_mnist=False, verbose=False)
    assert images.source == "digits" and "asked for" in images.note


# -- mini-batches for model.fit -------------------------------------------------------------
def _epoch(dataset):
    return [(xb.numpy(), yb.numpy()) for xb, yb in dataset]


def test_batches_cover_every_row_once_per_epoch_and_reshuffle_each_epoch():
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    dataset = data.batches(X, y, 4, seed=3)
    first, second = _epoch(dataset), _epoch(dataset)
    assert [len(yb) for _, yb in first] == [4, 4, 2]
    for epoch in (first, second):
        rows = np.concatenate([xb for xb, _ in epoch])
        labels = np.concatenate([yb for _, yb in epoch])
        assert sorted(labels) == list(range(10)) and labels.dtype == np.float32
        assert (rows[:, 0] == 2 * labels).all()  # each row keeps its own label
    order = lambda epoch: np.concatenate([yb for _, yb in epoch]).tolist()  # noqa: E731
    assert order(first) != order(second), "a new order every epoch"
    assert order(_epoch(data.batches(X, y, 4, seed=3))) == order(first), "the same seed gives the same order"
    assert order(_epoch(data.batches(X, y, 4, shuffle=False))) == list(range(10))


def test_batches_train_a_keras_model_without_warnings_after_setup(recwarn):
    import keras

    from helpers.setup import setup_notebook

    setup_notebook("test-batches")
    X = np.random.default_rng(0).normal(size=(64, 3)).astype(np.float32)
    y = X @ np.array([1.0, -2.0, 0.5], dtype=np.float32)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(data.batches(X, y, 16), epochs=20, verbose=0)
    assert history.history["loss"][-1] < 0.01 * history.history["loss"][0]
    assert not [w for w in recwarn if "shuffle" in str(w.message)]


@pytest.mark.parametrize("args, match", [
    ((np.zeros(5), np.zeros(5), 2), r"X must be a non-empty array of shape \(n, features...\)"),
    ((np.zeros((5, 2)), np.zeros(4), 2), r"the labels for X must have shape \(5,\)"),
    ((np.zeros((5, 2)), np.zeros(5), 0), "batch_size must be a positive integer"),
    ((np.zeros((5, 2)), np.zeros(5), 2.5), "batch_size must be a positive integer"),
])
def test_batches_reject_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        data.batches(*args)
