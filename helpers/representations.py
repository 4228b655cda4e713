"""Representations as coordinates: PCA written with numpy, reconstructions, and how well 2-D codes separate classes.

PCA finds orthonormal directions (the *components*) along which the centred data vary most. An image is then
approximately the mean image plus a weighted sum of component images,

.. math::  x \\approx \\bar{x} + \\sum_{i=1}^{k} c_i\\, v_i, \\qquad c_i = (x - \\bar{x}) \\cdot v_i,

and its coordinates :math:`(c_1, \\dots, c_k)` are the point that stands for it: "Winona is a dot in feature space".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class PCA:
    """Principal components of a data matrix, fitted by :func:`fit_pca`.

    Attributes
    ----------
    mean : numpy.ndarray of shape (d,)
    components : numpy.ndarray of shape (d, d) or fewer rows
        One unit-length direction per row, by decreasing variance.
    variances : numpy.ndarray
        The variance of the data along each component.
    """

    mean: np.ndarray
    components: np.ndarray
    variances: np.ndarray

    def coordinates(self, X, k: int) -> np.ndarray:
        """The first ``k`` coordinates ``c = (x - mean) V_k^T`` of each row of ``X``."""
        return (np.asarray(X, dtype=np.float64) - self.mean) @ self.components[:k].T

    def reconstruct(self, coordinates) -> np.ndarray:
        """``mean + sum_i c_i v_i`` for the coordinates given (as many components as columns)."""
        coordinates = np.atleast_2d(coordinates)
        return self.mean + coordinates @ self.components[:coordinates.shape[1]]


def fit_pca(X) -> PCA:
    """PCA of the rows of ``X`` (shape ``(n, d)``) by the singular value decomposition of the centred data.

    The sign of each component is fixed so that its largest entry is positive (SVD leaves it free).
    """
    X = np.asarray(X, dtype=np.float64)
    mean = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mean, full_matrices=False)
    signs = np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])
    return PCA(mean, Vt * signs[:, None], s ** 2 / max(len(X) - 1, 1))


def reconstruction_errors(pca: PCA, X, ks) -> np.ndarray:
    """Mean squared error per pixel of reconstructing ``X`` from its first ``k`` coordinates, for each ``k``."""
    X = np.asarray(X, dtype=np.float64)
    return np.array([np.mean((pca.reconstruct(pca.coordinates(X, k)) - X) ** 2) for k in ks])


def neighbour_accuracy(codes_train, y_train, codes_test, y_test, k: int = 5) -> float:
    """How well a code separates the classes: the test accuracy of a ``k``-nearest-neighbour vote in that code.

    The codes are standardised with the training codes' mean and spread first, so the scale of the code does
    not matter, only where the classes lie.
    """
    from sklearn.neighbors import KNeighborsClassifier

    codes_train, codes_test = np.asarray(codes_train, float), np.asarray(codes_test, float)
    mean, std = codes_train.mean(axis=0), codes_train.std(axis=0) + 1e-12
    knn = KNeighborsClassifier(n_neighbors=k).fit((codes_train - mean) / std, y_train)
    return float(knn.score((codes_test - mean) / std, y_test))


#: Digit colours for notebook 08's scatter plots: the course's class colours with digit 7 (light grey) and digit 8
#: (pale yellow) darkened so that they stay visible on white.
DIGIT_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#666666",
                "#A08C00", "#882255")


def plot_digit_codes(codes, y, ax, class_names=None, size: float = 30, legend: bool = True):
    """Scatter 2-D codes of digit images, one colour and marker per digit, with a readable legend.

    Parameters
    ----------
    codes : array_like, shape (n, 2)
        One 2-D point per image.
    y : array_like, shape (n,)
        The digit labels 0 to 9.
    ax : matplotlib.axes.Axes
        Where to draw.
    class_names : sequence of str, optional
        Legend names, one per digit.
    size : float
        Marker area in points squared.
    legend : bool
        Draw a legend (font size 11) outside the right edge of ``ax``.

    Returns
    -------
    list of matplotlib.collections.PathCollection
        One collection per digit, in label order.
    """
    from helpers.plots import plot_classes

    collections = plot_classes(codes, y, ax=ax, class_names=class_names, size=size, edgecolor="none", alpha=0.85)
    for label, collection in zip(np.unique(np.asarray(y).reshape(-1)), collections):
        collection.set_facecolor(DIGIT_COLORS[int(label) % len(DIGIT_COLORS)])
    if legend:
        ax.legend(title="digit", fontsize=11, title_fontsize=11, markerscale=1.6, loc="center left",
                  bbox_to_anchor=(1.01, 0.5), frameon=False)
    return collections


__all__ = ["PCA", "fit_pca", "reconstruction_errors", "neighbour_accuracy", "DIGIT_COLORS", "plot_digit_codes"]
