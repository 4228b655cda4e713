"""Datasets for the notebooks: seeded 2-D toy problems and real data that works offline.

Every generator takes ``n`` (number of points), ``noise`` and an explicit ``seed`` and
returns ``(X, y)`` with ``X`` of shape ``(n, 2)`` (float32) and ``y`` of shape ``(n,)`` (int64).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The names accepted by :func:`make_2d`.
TOY_DATASETS = ("blobs", "moons", "circles", "xor", "spirals", "k_blobs", "gaussian")


def _check_n_noise(n: int, noise: float, minimum_n: int = 2) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum_n:
        raise ValueError(f"n must be an integer >= {minimum_n}, got {n!r}")
    if not isinstance(noise, (int, float, np.floating)) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")


def _finish(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return X.astype(np.float32), y.astype(np.int64)


def blobs(n: int = 200, noise: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs centred at (-1.5, -1.5) and (1.5, 1.5): linearly separable for small noise.

    scikit-learn's ``make_blobs`` with ``cluster_std=noise``; the classes differ in size by at most one point.
    """
    from sklearn.datasets import make_blobs

    _check_n_noise(n, noise)
    X, y = make_blobs(n_samples=n, centers=[[-1.5, -1.5], [1.5, 1.5]], cluster_std=noise, random_state=seed)
    return _finish(X, y)


def gaussian(n: int = 200, noise: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The TensorFlow Playground's 'gaussian' dataset: an alias of :func:`blobs`."""
    return blobs(n, noise, seed)


def moons(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), centred on the origin."""
    from sklearn.datasets import make_moons

    _check_n_noise(n, noise)
    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    X = (X - [0.5, 0.25]) * 1.5
    return _finish(X, y)


def circles(n: int = 200, noise: float = 0.08, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a larger one (class 0); scikit-learn's ``make_circles``."""
    from sklearn.datasets import make_circles

    _check_n_noise(n, noise)
    X, y = make_circles(n_samples=n, noise=noise, factor=0.4, random_state=seed)
    return _finish(X * 2.0, y)


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four quadrants; class 1 where x1 and x2 have the same sign."""
    _check_n_noise(n, noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=(n, 2))
    X += np.sign(X) * 0.15  # a small gap along the axes
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    X = X + rng.normal(scale=noise, size=X.shape)
    return _finish(X, y)


def spirals(n: int = 200, noise: float = 0.1, seed: int = 0, turns: float = 1.75) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals, the hardest of the toy problems."""
    _check_n_noise(n, noise)
    if not np.isfinite(turns) or turns <= 0:
        raise ValueError(f"turns must be a positive number, got {turns!r}")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    t = np.sqrt(rng.uniform(0.02, 1.0, size=n)) * turns * 2 * np.pi
    r = t / (turns * 2 * np.pi) * 2.5
    angle = t + np.pi * y
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    X = X + rng.normal(scale=noise, size=X.shape)
    return _finish(X, y)


def k_blobs(n: int = 300, k: int = 4, noise: float = 0.6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``k`` Gaussian blobs on a circle of radius 2: a k-class problem (labels 0..k-1).

    scikit-learn's ``make_blobs`` with ``cluster_std=noise``; the classes differ in size by at most one point.
    """
    from sklearn.datasets import make_blobs

    _check_n_noise(n, noise)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 2 <= k <= 10:
        raise ValueError(f"k must be an integer from 2 to 10, got {k!r}")
    angles = 2 * np.pi * np.arange(k) / k + np.pi / 4
    centres = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X, y = make_blobs(n_samples=n, centers=centres, cluster_std=noise, random_state=seed)
    return _finish(X, y)


def make_2d(name: str, n: int = 200, noise: float | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Any toy dataset by name (one of :data:`TOY_DATASETS`); ``noise=None`` uses its default."""
    generators = {"blobs": blobs, "gaussian": gaussian, "moons": moons, "circles": circles,
                  "xor": xor, "spirals": spirals, "k_blobs": k_blobs}
    if name not in generators:
        raise ValueError(f"unknown dataset {name!r}; expected one of {', '.join(TOY_DATASETS)}")
    kwargs = {"n": n, "seed": seed}
    if noise is not None:
        kwargs["noise"] = noise
    return generators[name](**kwargs)


# ---------------------------------------------------------------------------------------------
# Splitting and standardising
# ---------------------------------------------------------------------------------------------


def train_val_split(X, y, val_fraction: float = 0.25, seed: int = 0, stratify: bool = True):
    """Shuffle and split ``(X, y)`` into training and validation parts.

    Parameters
    ----------
    X, y : array-like
        Features ``(n, ...)`` and targets ``(n, ...)`` with the same first dimension.
    val_fraction : float
        The share of rows that goes to validation, strictly between 0 and 1.
    seed : int
        Seed for the shuffle.
    stratify : bool
        Keep the class proportions in both parts (only when ``y`` holds integer labels).

    Returns
    -------
    X_train, X_val, y_train, y_val : numpy.ndarray
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got {len(X)} and {len(y)}")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be strictly between 0 and 1, got {val_fraction!r}")
    n_val = int(round(len(X) * val_fraction))
    if n_val < 1 or n_val >= len(X):
        raise ValueError(f"val_fraction={val_fraction} leaves an empty part for {len(X)} rows")
    rng = np.random.default_rng(seed)
    if stratify and y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
        val_idx = []
        for label in np.unique(y):
            idx = rng.permutation(np.flatnonzero(y == label))
            val_idx.append(idx[: int(round(len(idx) * val_fraction))])
        val_mask = np.zeros(len(X), dtype=bool)
        val_mask[np.concatenate(val_idx)] = True
        train_idx, val_idx = rng.permutation(np.flatnonzero(~val_mask)), rng.permutation(np.flatnonzero(val_mask))
    else:
        order = rng.permutation(len(X))
        val_idx, train_idx = order[:n_val], order[n_val:]
    return X[train_idx], X[val_idx], y[train_idx], y[val_idx]


@dataclass(frozen=True)
class Standardizer:
    """Per-feature ``(x - mean) / std``, fitted on training data only.

    Constant features get ``std = 1`` so they map to 0 instead of dividing by zero.
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X) -> "Standardizer":
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"X must be a non-empty 2-D array (samples, features), got shape {X.shape}")
        std = X.std(axis=0)
        return cls(mean=X.mean(axis=0), std=np.where(std > 0, std, 1.0))

    def transform(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"X must have shape (n, {len(self.mean)}), got {X.shape}")
        return ((X - self.mean) / self.std).astype(np.float32)

    def inverse_transform(self, X) -> np.ndarray:
        return np.asarray(X, dtype=np.float64) * self.std + self.mean


def check_xy(X, y, name: str = "X") -> tuple[np.ndarray, np.ndarray]:
    """``X`` as float32 of shape ``(n, features...)`` and ``y`` of shape ``(n,)``.

    Raises
    ------
    ValueError
        Saying which of the two is wrong.
    """
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y)
    if X.ndim < 2 or len(X) == 0:
        raise ValueError(f"{name} must be a non-empty array of shape (n, features...), got shape {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"the labels for {name} must have shape ({len(X)},), one per row, got {y.shape}")
    return X, y


def batches(X, y, batch_size: int, *, shuffle: bool = True, seed: int = 0):
    """``(X, y)`` cut into mini-batches once, as a ``tf.data.Dataset`` that ``model.fit`` reads directly.

    ``fit`` takes one gradient step per batch; an epoch is one pass over all of them. Keras
    can also take the numpy arrays with ``batch_size=``, but then it rebuilds its input
    pipeline at every epoch (about 30 ms on the course machine, which adds up over dozens of
    short runs); this pipeline is built once and costs about 5 ms per epoch.

    Parameters
    ----------
    X : array of shape (n, features...)
    y : array of shape (n,)
        Targets or class labels; passed on as float32, which Keras' losses compute with.
    batch_size : int
        Rows per gradient step; ``len(X)`` gives full-batch training.
    shuffle : bool
        Shuffle the rows anew at every epoch (with a fixed ``seed``, so runs repeat exactly).
        Use ``False`` for validation data.
    seed : int

    Returns
    -------
    tf.data.Dataset of ``(X_batch, y_batch)``
    """
    import tensorflow as tf

    X, y = check_xy(X, y)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    dataset = tf.data.Dataset.from_tensor_slices((X, y.astype(np.float32))).cache()
    if shuffle:
        dataset = dataset.shuffle(len(X), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(int(batch_size))


def standardize(X_train, *others):
    """Standardise ``X_train`` and any further arrays with the training mean and std.

    Returns
    -------
    tuple
        The transformed arrays, in order, followed by the fitted :class:`Standardizer`.
    """
    scaler = Standardizer.fit(X_train)
    return (scaler.transform(X_train), *(scaler.transform(X) for X in others), scaler)


# ---------------------------------------------------------------------------------------------
# Real datasets, all offline
# ---------------------------------------------------------------------------------------------

#: Wine features used by default: two that separate the cultivars well and read easily on a plot.
WINE_FEATURES = ("alcohol", "color_intensity")


@dataclass(frozen=True)
class Dataset2D:
    """A real dataset reduced to two standardised features."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, str]
    class_names: tuple[str, ...]
    scaler: Standardizer


def wine(binary: bool = True, features: tuple[str, str] = WINE_FEATURES) -> Dataset2D:
    """scikit-learn's wine data (178 wines, 3 cultivars), two features, standardised.

    Parameters
    ----------
    binary : bool
        ``True`` keeps cultivars 0 and 1 only (130 wines, labels 0/1); ``False`` keeps all three.
    features : pair of str
        Two of the dataset's feature names, e.g. ``("alcohol", "color_intensity")``.
    """
    from sklearn.datasets import load_wine

    raw = load_wine()
    names = list(raw.feature_names)
    if len(features) != 2 or any(f not in names for f in features):
        raise ValueError(f"features must be two of {names}, got {features!r}")
    X = raw.data[:, [names.index(f) for f in features]]
    y = raw.target
    class_names = tuple(f"cultivar {c}" for c in range(3))
    if binary:
        keep = y < 2
        X, y, class_names = X[keep], y[keep], class_names[:2]
    Xs, scaler = standardize(X)
    return Dataset2D(Xs, y.astype(np.int64), tuple(features), class_names, scaler)


def auto_mpg():
    """The Auto MPG data (406 cars) as a pandas DataFrame, raw: it has missing values.

    Columns: ``Name, Miles_per_Gallon, Cylinders, Displacement, Horsepower, Weight_in_lbs,
    Acceleration, Year, Origin``. It ships with ``vega_datasets`` (its ``cars`` dataset),
    so nothing is downloaded.
    """
    from vega_datasets import data

    return data.cars()


def weight_mpg() -> tuple[np.ndarray, np.ndarray]:
    """The lecture's 1-D regression: car weight (1000 lbs) -> miles per gallon.

    Rows with a missing MPG are dropped. Returns ``X`` of shape ``(n, 1)`` and ``y`` of shape ``(n,)``.
    """
    cars = auto_mpg().dropna(subset=["Miles_per_Gallon", "Weight_in_lbs"])
    X = (cars["Weight_in_lbs"].to_numpy(dtype=np.float32) / 1000.0)[:, None]
    y = cars["Miles_per_Gallon"].to_numpy(dtype=np.float32)
    return X, y


@dataclass(frozen=True)
class ImageData:
    """Images for classification, already split, with a note on where they came from."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # "mnist" or "digits"
    note: str

    @property
    def image_shape(self) -> tuple[int, int]:
        return self.x_train.shape[1:3]


def _mnist_cache_file() -> Path:
    """Where ``keras.datasets.mnist`` caches MNIST (Keras reads ``KERAS_HOME`` once, when imported)."""
    keras_home = os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
    return Path(keras_home) / "datasets" / "mnist.npz"


def digits_or_mnist(prefer_mnist: bool = True, allow_download: bool = False, seed: int = 0,
                    test_fraction: float = 0.25, verbose: bool = True, scale: bool = True) -> ImageData:
    """Handwritten digits: MNIST through ``keras.datasets`` when it is available, else scikit-learn's digits.

    MNIST is used when its file is already in the Keras cache (``$KERAS_HOME/datasets/mnist.npz``)
    or, with ``allow_download=True``, when the network can fetch it. Otherwise the 1,797 8x8
    images that ship with scikit-learn are used. Pixels are scaled to [0, 1] either way (unless
    ``scale=False``), and a note saying which data was used is printed.

    Parameters
    ----------
    scale : bool
        Divide the pixels by their maximum (255 for MNIST, 16 for the 8x8 digits) so they lie in [0, 1].
        ``scale=False`` returns the raw pixels (MNIST uint8 0..255, the digits float64 0..16), for a
        notebook that shows the scaling itself.

    Returns
    -------
    ImageData
        ``x_*`` of shape ``(n, height, width)`` float32, ``y_*`` int64 labels 0-9.
    """
    cache_file = _mnist_cache_file()
    if prefer_mnist and (allow_download or cache_file.is_file()):
        import keras

        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        except Exception as error:  # offline and not cached: say so and fall back
            fallback_reason = f"MNIST could not be loaded ({type(error).__name__}: {error})"
        else:
            note = f"Using MNIST from keras.datasets: {len(x_train)} training and {len(x_test)} test images of 28x28."
            if verbose:
                print(note)
            if scale:
                x_train, x_test = (x_train / 255.0).astype(np.float32), (x_test / 255.0).astype(np.float32)
            return ImageData(x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64), "mnist", note)
    elif prefer_mnist:
        fallback_reason = "MNIST is not in the Keras cache and downloading is off"
    else:
        fallback_reason = "scikit-learn's digits were asked for"
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32) if scale else digits.images
    x_train, x_test, y_train, y_test = train_val_split(images, digits.target, test_fraction, seed=seed)
    note = (f"{fallback_reason}: using scikit-learn's digits instead, "
            f"{len(x_train)} training and {len(x_test)} test images of 8x8.")
    if verbose:
        print(note)
    return ImageData(x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64), "digits", note)


#: The columns of :func:`auto_mpg_features`, in order.
AUTO_MPG_FEATURES = ("cylinders", "displacement", "horsepower", "weight", "acceleration", "year",
                     "origin_USA", "origin_Europe", "origin_Japan")


def auto_mpg_features() -> tuple[np.ndarray, np.ndarray]:
    """Auto MPG with all its features as numbers: the cars whose MPG is known (398 of 406).

    The model year becomes a number (70-82) and the origin three dummy columns (one-hot). Horsepower
    stays missing (``NaN``) for the 6 cars that lack it: fill it in after splitting, with a statistic
    of the training part, so no validation or test car leaks into the training data.

    Returns
    -------
    X : ndarray of shape (398, 9), float32
        The columns :data:`AUTO_MPG_FEATURES`, unstandardised.
    y : ndarray of shape (398,), float32
        Miles per gallon.
    """
    cars = auto_mpg().dropna(subset=["Miles_per_Gallon"])
    columns = [cars["Cylinders"], cars["Displacement"], cars["Horsepower"], cars["Weight_in_lbs"],
               cars["Acceleration"], cars["Year"].dt.year % 100]
    columns += [(cars["Origin"] == origin).astype(np.float32) for origin in ("USA", "Europe", "Japan")]
    X = np.column_stack([np.asarray(c, dtype=np.float32) for c in columns])
    return X, cars["Miles_per_Gallon"].to_numpy(dtype=np.float32)
