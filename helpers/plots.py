"""Plots shared by the notebooks. Every function takes ``ax=None`` and returns what it drew.

The decision surface follows scikit-learn's ``DecisionBoundaryDisplay``: build it with
:meth:`DecisionSurfaceDisplay.from_model`, keep the returned object (it holds ``ax_`` and
``figure_``), and call :meth:`~DecisionSurfaceDisplay.update` to redraw it in place.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

#: Class colours that stay distinct on a projector and for the common colour-blindnesses.
CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#7f7f7f", "#bcbd22")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _new_ax(ax, figsize=(6.5, 5.5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def save_figure(figure, name: str, run_dir, formats=("png", "svg"), dpi: int = 150) -> list:
    """Save ``figure`` as ``<run_dir>/figures/<name>.<fmt>`` for each format; returns the paths."""
    from pathlib import Path

    if not name or any(c in name for c in "/\\"):
        raise ValueError(f"name must be a plain file name without slashes, got {name!r}")
    allowed = {"png", "svg", "pdf"}
    if not formats or any(f not in allowed for f in formats):
        raise ValueError(f"formats must be a non-empty subset of {sorted(allowed)}, got {formats!r}")
    folder = Path(run_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = folder / f"{name}.{fmt}"
        figure.savefig(path, format=fmt, dpi=dpi)
        paths.append(path)
    return paths


def _as_2d_points(X, name="X") -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), two features per point; got {X.shape}")
    return X


def plot_classes(X, y, ax=None, class_names=None, alpha: float = 0.9, size: float = 40, edgecolor="white",
                 **scatter_kwargs):
    """Scatter 2-D points coloured and shaped by class.

    Returns
    -------
    list of matplotlib.collections.PathCollection
        One collection per class, in label order.
    """
    X = _as_2d_points(X)
    y = np.asarray(y).reshape(-1)
    if len(y) != len(X):
        raise ValueError(f"y must have one label per point: X has {len(X)} rows, y has {len(y)}")
    ax = _new_ax(ax)
    collections = []
    for label in np.unique(y):
        mask = y == label
        name = class_names[int(label)] if class_names is not None else f"class {label}"
        i = int(label) % len(CLASS_COLORS)
        collections.append(ax.scatter(X[mask, 0], X[mask, 1], c=CLASS_COLORS[i], marker=MARKERS[i], s=size,
                                      alpha=alpha, edgecolors=edgecolor, linewidths=0.6, label=name,
                                      **scatter_kwargs))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return collections


def make_grid(X, resolution: int = 150, margin: float = 0.5, bounds=None):
    """A ``resolution`` x ``resolution`` grid covering the points in ``X`` plus a margin.

    Returns
    -------
    xx, yy : numpy.ndarray
        Mesh coordinates of shape ``(resolution, resolution)``.
    points : numpy.ndarray
        The grid as ``(resolution**2, 2)`` float32 points, ready for one forward pass.
    """
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be an integer from 2 to 1000, got {resolution!r}")
    if bounds is None:
        X = _as_2d_points(X)
        lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
        hi = np.where(hi - lo > 1e-9, hi, lo + 1.0)  # constant feature: still a non-empty range
    else:
        (x0, x1), (y0, y1) = bounds
        lo, hi = np.array([x0, y0], float), np.array([x1, y1], float)
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)


def as_predict_fn(model, from_logits: bool = False) -> Callable[[np.ndarray], np.ndarray]:
    """Turn a Keras model, a scikit-learn estimator or a numpy function into ``f(points) -> probabilities``.

    The result is always ``(n,)`` (probability of class 1) or ``(n, k)`` (class probabilities).
    A Keras model is called once on the whole batch (``predict_on_batch``); ``model.predict``,
    which splits the grid into thousands of small batches, is never used.
    """
    if hasattr(model, "predict_on_batch") and hasattr(model, "layers"):  # Keras
        raw = lambda P: np.asarray(model.predict_on_batch(P))  # noqa: E731
    elif hasattr(model, "predict_proba"):  # scikit-learn classifier
        def raw(P):
            proba = np.asarray(model.predict_proba(P))
            return proba[:, 1] if proba.shape[1] == 2 else proba
        from_logits = False
    elif callable(model):
        raw = lambda P: np.asarray(model(P))  # noqa: E731
    else:
        raise ValueError(f"model must be a Keras model, a scikit-learn classifier or a function of the points; "
                         f"got {type(model).__name__}")

    def predict(P):
        out = raw(P).astype(np.float64)
        if out.ndim == 2 and out.shape[1] == 1:
            out = out[:, 0]
        if out.ndim not in (1, 2) or out.shape[0] != len(P):
            raise ValueError(f"the model must return one value or one row of class scores per point; "
                             f"for {len(P)} points it returned shape {out.shape}")
        if from_logits:
            from helpers.activations import sigmoid
            from helpers.softmax import softmax

            out = sigmoid(out) if out.ndim == 1 else softmax(out)  # both stable for large logits
        return out

    return predict


class DecisionSurfaceDisplay:
    """A classifier's decision surface over 2-D inputs, redrawable in place.

    Binary problems are shaded by the probability of class 1 with the 0.5 contour drawn;
    k-class problems show the argmax regions. Use :meth:`from_model` to build one.

    Attributes
    ----------
    ax_, figure_ : matplotlib Axes and Figure
    image_ : matplotlib.image.AxesImage  -- the shaded surface
    contour_ : matplotlib.contour.QuadContourSet or None  -- the 0.5 boundary (binary only)
    scatter_ : list of PathCollection  -- the data points, one per class
    values_ : numpy.ndarray  -- what the model gave on the grid, ``(res, res)`` or ``(res, res, k)``
    """

    def __init__(self, xx, yy, values, ax, X=None, y=None, class_names=None, show_boundary=True):
        self.xx_, self.yy_ = xx, yy
        self.ax_ = ax
        self.figure_ = ax.figure
        self.show_boundary = show_boundary
        self.contour_ = None
        self.image_ = None
        self.scatter_ = []
        self._draw_surface(values)
        if X is not None and y is not None:
            self.scatter_ = plot_classes(X, y, ax=ax, class_names=class_names)
        ax.set_xlim(xx.min(), xx.max())
        ax.set_ylim(yy.min(), yy.max())

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_model(cls, model, X, y=None, ax=None, resolution: int = 150, from_logits: bool = False,
                   class_names=None, bounds=None, show_boundary: bool = True):
        """Evaluate ``model`` once on a grid around ``X`` and draw the surface (plus the points if ``y`` is given).

        Parameters
        ----------
        model : Keras model, scikit-learn classifier, or callable
            A callable receives the ``(m, 2)`` grid points and returns probabilities (or logits
            with ``from_logits=True``) of shape ``(m,)``, ``(m, 1)`` or ``(m, k)``.
        X : array of shape (n, 2)
            The inputs; they fix the grid's extent.
        y : array of shape (n,), optional
            Labels; when given, the points are drawn on top.
        resolution : int
            Grid points per axis.
        """
        X = _as_2d_points(X)
        xx, yy, points = make_grid(X, resolution=resolution, bounds=bounds)
        predict = as_predict_fn(model, from_logits=from_logits)
        values = cls._reshape(predict(points), xx.shape)
        ax = _new_ax(ax)
        return cls(xx, yy, values, ax, X=X, y=y, class_names=class_names, show_boundary=show_boundary)

    @staticmethod
    def _reshape(out, shape):
        return out.reshape(shape) if out.ndim == 1 else out.reshape(*shape, out.shape[1])

    # -- drawing -----------------------------------------------------------------------------
    def _extent(self):
        return (self.xx_.min(), self.xx_.max(), self.yy_.min(), self.yy_.max())

    def _draw_surface(self, values):
        from matplotlib.colors import ListedColormap

        self.values_ = values
        if values.ndim == 2:  # binary: probability of class 1
            image_data, cmap, vmin, vmax = values, "RdBu_r", 0.0, 1.0
        else:
            k = values.shape[2]
            image_data = values.argmax(axis=2)
            cmap, vmin, vmax = ListedColormap([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)]), -0.5, k - 0.5
        if self.image_ is None:
            self.image_ = self.ax_.imshow(image_data, origin="lower", extent=self._extent(), aspect="auto",
                                          cmap=cmap, vmin=vmin, vmax=vmax, alpha=0.45 if values.ndim == 3 else 0.6,
                                          interpolation="bilinear" if values.ndim == 2 else "nearest", zorder=0)
        else:
            self.image_.set_data(image_data)
        if self.contour_ is not None:
            self.contour_.remove()
            self.contour_ = None
        if self.show_boundary and values.ndim == 2 and values.min() < 0.5 < values.max():
            self.contour_ = self.ax_.contour(self.xx_, self.yy_, values, levels=[0.5], colors="k", linewidths=2.0,
                                             zorder=1)

    def update(self, model=None, values=None, X=None, y=None, from_logits: bool = False):
        """Redraw in place: from a (retrained) ``model``, or from precomputed grid ``values``; optionally new points."""
        if (model is None) == (values is None):
            raise ValueError("pass exactly one of model= or values=")
        if model is not None:
            points = np.column_stack([self.xx_.ravel(), self.yy_.ravel()]).astype(np.float32)
            values = self._reshape(as_predict_fn(model, from_logits=from_logits)(points), self.xx_.shape)
        values = np.asarray(values, dtype=np.float64)
        if values.shape[:2] != self.xx_.shape:
            raise ValueError(f"values must cover the grid, shape {self.xx_.shape} or {self.xx_.shape + ('k',)}; "
                             f"got {values.shape}")
        self._draw_surface(values)
        if X is not None and y is not None:
            for collection in self.scatter_:
                collection.remove()
            self.scatter_ = plot_classes(X, y, ax=self.ax_)
        return self

    def grid_points(self) -> np.ndarray:
        """The grid as ``(m, 2)`` float32 points, in the order ``values_`` uses."""
        return np.column_stack([self.xx_.ravel(), self.yy_.ravel()]).astype(np.float32)


def plot_class_probabilities(model, X, y=None, from_logits: bool = False, resolution: int = 100, class_names=None,
                             axes=None):
    """One panel per class showing ``P(class | x)`` over the plane. Returns the list of images."""
    import matplotlib.pyplot as plt

    X = _as_2d_points(X)
    xx, yy, points = make_grid(X, resolution=resolution)
    proba = as_predict_fn(model, from_logits=from_logits)(points)
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    k = proba.shape[1]
    if axes is None:
        _, axes = plt.subplots(1, k, figsize=(4.2 * k, 4.0), sharex=True, sharey=True)
    axes = np.atleast_1d(axes)
    if len(axes) != k:
        raise ValueError(f"need one axis per class: {k} classes, {len(axes)} axes")
    images = []
    for i, ax in enumerate(axes):
        images.append(ax.imshow(proba[:, i].reshape(xx.shape), origin="lower", aspect="auto", vmin=0, vmax=1,
                                extent=(xx.min(), xx.max(), yy.min(), yy.max()), cmap="Greys"))
        if y is not None:
            plot_classes(X, y, ax=ax, size=18)
        ax.set_title(f"P({class_names[i] if class_names else f'class {i}'})")
    return images


def plot_activation(g, g_prime=None, z=None, ax=None, label: str = "g", color=None):
    """Plot an activation ``g(z)`` (solid) and, if given, its derivative ``g'(z)`` (dashed).

    Returns
    -------
    list of matplotlib.lines.Line2D
    """
    z = np.linspace(-6, 6, 401) if z is None else np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or len(z) < 2:
        raise ValueError(f"z must be a 1-D array of at least 2 points, got shape {z.shape}")
    ax = _new_ax(ax, figsize=(7, 4.5))
    lines = ax.plot(z, g(z), label=f"${label}(z)$", color=color)
    if g_prime is not None:
        lines += ax.plot(z, g_prime(z), "--", label=f"${label}'(z)$", color=lines[0].get_color())
    ax.axhline(0, color="0.5", lw=0.8)
    ax.axvline(0, color="0.5", lw=0.8)
    ax.set_xlabel("$z$")
    return lines


def plot_history(history, metrics=("loss",), ax=None, title: str | None = None):
    """Training curves, train (solid) vs validation (dashed), from a Keras ``History`` or a dict of lists.

    Returns
    -------
    list of matplotlib.lines.Line2D
    """
    logs = history.history if hasattr(history, "history") else history
    if not isinstance(logs, dict) or not logs:
        raise ValueError("history must be a keras History or a non-empty dict of metric name -> list of values")
    if isinstance(metrics, str):
        metrics = (metrics,)
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(f"history has no {missing}; it has {sorted(logs)}")
    ax = _new_ax(ax, figsize=(7, 4.5))
    lines = []
    for metric in metrics:
        epochs = np.arange(1, len(logs[metric]) + 1)
        (train,) = ax.plot(epochs, logs[metric], label=f"train {metric}")
        lines.append(train)
        if f"val_{metric}" in logs:
            lines += ax.plot(epochs, logs[f"val_{metric}"], "--", color=train.get_color(), label=f"validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metrics[0] if len(metrics) == 1 else "value")
    if title:
        ax.set_title(title)
    ax.legend()
    return lines


def confusion_matrix_counts(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of true class ``i`` predicted as class ``j`` (integer labels)."""
    y_true, y_pred = np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)
    if len(y_true) != len(y_pred) or len(y_true) == 0:
        raise ValueError(f"y_true and y_pred must be non-empty and of equal length, got {len(y_true)} and {len(y_pred)}")
    if not (np.issubdtype(y_true.dtype, np.integer) and np.issubdtype(y_pred.dtype, np.integer)):
        raise ValueError("y_true and y_pred must hold integer class labels")
    k = int(max(y_true.max(), y_pred.max()) + 1) if n_classes is None else int(n_classes)
    if min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= k:
        raise ValueError(f"labels must lie in 0..{k - 1}")
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def plot_confusion_matrix(y_true, y_pred, ax=None, class_names=None, n_classes: int | None = None):
    """A confusion matrix as a heat map with the count in each cell (rows: true class, columns: predicted).

    Returns
    -------
    image : matplotlib.image.AxesImage
    counts : numpy.ndarray of shape (k, k)
    """
    counts = confusion_matrix_counts(y_true, y_pred, n_classes)
    k = len(counts)
    names = [str(c) for c in (class_names if class_names is not None else range(k))]
    if len(names) != k:
        raise ValueError(f"class_names must name each of the {k} classes, got {len(names)}")
    ax = _new_ax(ax, figsize=(6.5, 5.5))
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    threshold = counts.max() / 2
    for i in range(k):
        for j in range(k):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=11,
                        color="white" if counts[i, j] > threshold else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.grid(False)
    return image, counts


def plot_images_with_probabilities(images, probabilities, y_true, axes=None, class_names=None):
    """Each image above a bar chart of its predicted class probabilities (true class green, predicted red).

    An arrow labelled with its probability points at the true class's bar, so even a bar of height 0.01 shows.

    Parameters
    ----------
    images : array of shape (n, height, width)
    probabilities : array of shape (n, k), rows summing to 1
    y_true : array of shape (n,), integer labels
    axes : array of shape (2, n) of matplotlib Axes, optional
        Top row for the images, bottom row for the bars; made if not given.

    Returns
    -------
    list of matplotlib.container.BarContainer
        One bar chart per image.
    """
    import matplotlib.pyplot as plt

    images, probabilities = np.asarray(images), np.asarray(probabilities, dtype=np.float64)
    y_true = np.asarray(y_true).reshape(-1)
    if images.ndim != 3 or probabilities.ndim != 2 or not len(images) == len(probabilities) == len(y_true):
        raise ValueError(f"need images (n, h, w), probabilities (n, k) and y_true (n,) with the same n; got "
                         f"{images.shape}, {probabilities.shape} and {y_true.shape}")
    n, k = probabilities.shape
    names = [str(c) for c in (class_names if class_names is not None else range(k))]
    if axes is None:
        _, axes = plt.subplots(2, n, figsize=(2.6 * n, 5.2), squeeze=False, height_ratios=(1.3, 1))
    axes = np.asarray(axes).reshape(2, n)
    containers = []
    for i in range(n):
        predicted = int(probabilities[i].argmax())
        top, bottom = axes[0, i], axes[1, i]
        top.imshow(images[i], cmap="gray_r")
        top.set_title(f"true {names[int(y_true[i])]}\npredicted {names[predicted]}", fontsize=13)
        top.set_axis_off()
        colors = ["0.7"] * k
        colors[predicted] = CLASS_COLORS[1]
        colors[int(y_true[i])] = CLASS_COLORS[2]
        containers.append(bottom.bar(range(k), probabilities[i], color=colors))
        true_class, p_true = int(y_true[i]), probabilities[i, int(y_true[i])]
        bottom.annotate(f"{p_true:.2f}", xy=(true_class, p_true), xytext=(true_class, min(p_true + 0.35, 0.9)),
                        ha="center", fontsize=12, color=CLASS_COLORS[2], bbox=dict(fc="white", ec="none", pad=1),
                        arrowprops=dict(arrowstyle="->", color=CLASS_COLORS[2], lw=1.5))
        bottom.set_ylim(0, 1)
        bottom.set_xticks(range(k), names, fontsize=11)
        bottom.set_xlabel("class")
        if i == 0:
            bottom.set_ylabel("probability")
    return containers
