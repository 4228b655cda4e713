"""Plots shared by the notebooks. Every plot function takes ``ax=None`` (or ``axes=None``) and returns what it drew.

The decision surface follows scikit-learn's ``DecisionBoundaryDisplay``: build it with
:meth:`DecisionSurfaceDisplay.from_model`, which computes the surface and then draws it with
:meth:`~DecisionSurfaceDisplay.plot`; keep the returned object (its artists end in ``_``) and call
:meth:`~DecisionSurfaceDisplay.update` to redraw it in place.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from helpers.colors import CLASS_COLORS, probability_cmap

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _new_ax(ax, figsize=(6.5, 5.5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


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


def _grid_points(xx, yy) -> np.ndarray:
    """The mesh ``(xx, yy)`` as ``(m, 2)`` float32 points, in the order of ``xx.ravel()``."""
    return np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)


def make_grid(X, resolution: int = 150, margin: float = 0.5, bounds=None):
    """A ``resolution`` x ``resolution`` grid covering the points in ``X`` plus a ``margin``.

    ``bounds=((x_min, x_max), (y_min, y_max))`` gives the extent instead (``X`` is then ignored).

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
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, _grid_points(xx, yy)


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


def _values_on_grid(model, xx, yy, from_logits: bool) -> np.ndarray:
    """What ``model`` gives on the mesh: ``(res, res)`` probabilities of class 1 or ``(res, res, k)``."""
    out = as_predict_fn(model, from_logits=from_logits)(_grid_points(xx, yy))
    return out.reshape(xx.shape) if out.ndim == 1 else out.reshape(*xx.shape, out.shape[1])


def _surface_data(values):
    """What the image shows: the probability of class 1, or the index of the most probable class."""
    return values if values.ndim == 2 else values.argmax(axis=2)


def _surface_style(values) -> dict:
    """The image's default style: P(class 1) shaded blue to red, or the argmax regions in the class colours."""
    from matplotlib.colors import ListedColormap

    if values.ndim == 2:
        return {"cmap": probability_cmap(), "vmin": 0.0, "vmax": 1.0, "alpha": 0.6, "interpolation": "bilinear", "zorder": 0}
    k = values.shape[2]
    return {"cmap": ListedColormap([CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(k)]), "vmin": -0.5,
            "vmax": k - 0.5, "alpha": 0.45, "interpolation": "nearest", "zorder": 0}


class DecisionSurfaceDisplay:
    """A classifier's decision surface over 2-D inputs, redrawable in place.

    Binary problems are shaded by the probability of class 1, with the 0.5 contour drawn; k-class
    problems show the argmax regions. Like scikit-learn's ``DecisionBoundaryDisplay``, it computes
    and draws in separate steps: :meth:`from_model` evaluates a model on a grid, builds the display
    and calls :meth:`plot`; values computed elsewhere go straight to the constructor, then :meth:`plot`.
    :meth:`update` redraws it in place (for widgets).

    Parameters
    ----------
    xx, yy : arrays of shape (res, res)
        The grid's mesh coordinates (as from :func:`make_grid`).
    values : array of shape (res, res) or (res, res, k)
        The probability of class 1 at each grid point, or the ``k`` class probabilities.

    Attributes
    ----------
    xx_, yy_, values_ : numpy.ndarray  -- the grid and the values shown now (:meth:`update` replaces them)
    ax_, figure_ : matplotlib Axes and Figure  -- where :meth:`plot` drew
    image_ : matplotlib.image.AxesImage  -- the shaded surface
    contour_ : matplotlib.contour.QuadContourSet or None  -- the 0.5 boundary (binary surfaces that cross 0.5)
    scatter_ : list of PathCollection  -- the data points, one per class (empty without points)
    legend_ : matplotlib Legend or None  -- the class legend (``plot(..., legend=True)``)
    """

    def __init__(self, *, xx, yy, values):
        xx, yy, values = (np.asarray(a, dtype=np.float64) for a in (xx, yy, values))
        if xx.ndim != 2 or yy.shape != xx.shape or values.ndim not in (2, 3) or values.shape[:2] != xx.shape:
            raise ValueError(f"need a mesh xx, yy of one shape (res, res) and values of shape (res, res) or "
                             f"(res, res, k); got {xx.shape}, {yy.shape} and {values.shape}")
        self.xx_, self.yy_, self.values_ = xx, yy, values

    @classmethod
    def from_model(cls, model, X, y=None, *, ax=None, resolution: int = 150, from_logits: bool = False,
                   bounds=None, class_names=None, show_boundary: bool = True, legend=False, **kwargs):
        """Evaluate ``model`` once on a grid around ``X``, then :meth:`plot` the surface (and the points, given ``y``).

        Parameters
        ----------
        model : Keras model, scikit-learn classifier, or callable
            A callable receives the ``(m, 2)`` grid points and returns probabilities (or logits
            with ``from_logits=True``) of shape ``(m,)``, ``(m, 1)`` or ``(m, k)``.
        X : array of shape (n, 2)
            The inputs; they fix the grid's extent (see :func:`make_grid` for ``resolution`` and ``bounds``).
        y : array of shape (n,), optional
            Labels; when given, the points are drawn on top.
        from_logits : bool
            The model returns logits: a sigmoid (one output) or softmax (k outputs) turns them into probabilities.
        ax, class_names, show_boundary, legend, **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        DecisionSurfaceDisplay
        """
        X = _as_2d_points(X)
        xx, yy, _ = make_grid(X, resolution=resolution, bounds=bounds)
        display = cls(xx=xx, yy=yy, values=_values_on_grid(model, xx, yy, from_logits))
        points = X if y is not None else None
        return display.plot(ax, X=points, y=y, class_names=class_names, show_boundary=show_boundary, legend=legend,
                            **kwargs)

    def plot(self, ax=None, *, X=None, y=None, class_names=None, show_boundary: bool = True, boundary_kwargs=None,
             legend=False, **kwargs):
        """Draw the surface, its 0.5 boundary and the points ``(X, y)`` if given.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            A new figure is made when not given.
        X, y : arrays of shape (n, 2) and (n,), optional
            Points to scatter over the surface by class (:func:`plot_classes`), with ``class_names`` as labels.
        show_boundary : bool
            Draw the 0.5 contour of a binary surface (black, 2 points wide); :meth:`update` keeps it in step.
        boundary_kwargs : dict, optional
            Passed to ``ax.contour`` for the boundary, over the defaults.
        legend : bool or str
            Add a class legend (the class names with their colours and markers) when points are drawn; a string
            is its location (``"upper left"``, ...). ``False`` (the default) adds none.
        **kwargs
            Passed to ``ax.imshow`` for the surface, over the defaults (``cmap``, ``alpha``, ``interpolation``, ...).

        Returns
        -------
        DecisionSurfaceDisplay
            ``self``, with the artists in ``image_``, ``contour_``, ``scatter_`` and ``legend_`` (None without a
            legend).
        """
        if (X is None) != (y is None):
            raise ValueError("pass the points as both X and y, or neither")
        self.ax_ = _new_ax(ax)
        self.figure_ = self.ax_.figure
        extent = (self.xx_.min(), self.xx_.max(), self.yy_.min(), self.yy_.max())
        self.image_ = self.ax_.imshow(_surface_data(self.values_), origin="lower", extent=extent, aspect="auto",
                                      **{**_surface_style(self.values_), **kwargs})
        self._boundary_kwargs = ({"colors": "k", "linewidths": 2.0, "zorder": 1, **(boundary_kwargs or {})}
                                 if show_boundary else None)
        self.contour_ = None
        self._draw_boundary()
        self.scatter_ = [] if X is None else plot_classes(X, y, ax=self.ax_, class_names=class_names)
        self.legend_ = None
        if legend is not False and legend is not None and self.scatter_:
            self.legend_ = self.ax_.legend(handles=self.scatter_, loc="best" if legend is True else legend,
                                           framealpha=0.9)
        self.ax_.set_xlim(extent[:2])
        self.ax_.set_ylim(extent[2:])
        return self

    def _draw_boundary(self):
        """Replace the 0.5 contour by the one of ``values_`` (none for k classes or when nothing crosses 0.5)."""
        if self.contour_ is not None:
            self.contour_.remove()
            self.contour_ = None
        values = self.values_
        if self._boundary_kwargs is not None and values.ndim == 2 and values.min() < 0.5 < values.max():
            self.contour_ = self.ax_.contour(self.xx_, self.yy_, values, levels=[0.5], **self._boundary_kwargs)

    def update(self, model=None, values=None, from_logits: bool = False):
        """Redraw in place, from a (retrained) ``model`` or from precomputed grid ``values``; returns ``self``.

        The image keeps its artist (only its data changes); the 0.5 boundary follows the new values unless
        :meth:`plot` was called with ``show_boundary=False``.
        """
        if (model is None) == (values is None):
            raise ValueError("pass exactly one of model= or values=")
        if getattr(self, "image_", None) is None:
            raise ValueError("nothing to update yet: call plot() first")
        if model is not None:
            values = _values_on_grid(model, self.xx_, self.yy_, from_logits)
        values = np.asarray(values, dtype=np.float64)
        if values.shape != self.values_.shape:
            raise ValueError(f"values must cover the grid as before, shape {self.values_.shape}; got {values.shape}")
        self.values_ = values
        self.image_.set_data(_surface_data(values))
        self._draw_boundary()
        return self


def plot_class_probabilities(model, X, y=None, from_logits: bool = False, resolution: int = 100, class_names=None,
                             axes=None):
    """One panel per class showing ``P(class | x)`` over the plane. Returns the list of images.

    Each panel shades from white (probability 0) to its class's colour (probability 1), lightly enough that
    the points drawn over it (outlined in dark grey) stay visible where the class is certain.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap

    X = _as_2d_points(X)
    xx, yy, _ = make_grid(X, resolution=resolution)
    proba = _values_on_grid(model, xx, yy, from_logits)
    if proba.ndim == 2:
        proba = np.stack([1 - proba, proba], axis=2)
    k = proba.shape[2]
    if axes is None:
        _, axes = plt.subplots(1, k, figsize=(4.2 * k, 4.0), sharex=True, sharey=True)
    axes = np.atleast_1d(axes)
    if len(axes) != k:
        raise ValueError(f"need one axis per class: {k} classes, {len(axes)} axes")
    images = []
    for i, ax in enumerate(axes):
        cmap = LinearSegmentedColormap.from_list(f"white to class {i}", ["#ffffff", CLASS_COLORS[i % len(CLASS_COLORS)]])
        images.append(ax.imshow(proba[:, :, i], origin="lower", aspect="auto", vmin=0, vmax=1, alpha=0.75,
                                extent=(xx.min(), xx.max(), yy.min(), yy.max()), cmap=cmap))
        if y is not None:
            plot_classes(X, y, ax=ax, size=18, edgecolor="0.2")
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
    """Training curves, train (solid) vs validation (dashed, in the next colour), from a Keras ``History`` or a dict.

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
            lines += ax.plot(epochs, logs[f"val_{metric}"], "--", label=f"validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metrics[0] if len(metrics) == 1 else "value")
    if title:
        ax.set_title(title)
    ax.legend()
    return lines


def plot_images_with_probabilities(images, probabilities, y_true, axes=None, class_names=None):
    """Each image above a bar chart of its predicted class probabilities (true class green, a wrong prediction orange).

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
