"""The single-neuron explorer of notebook 01: move w1, w2 and b, or let a learning rule move them.

The left panel shades the neuron's output ``y_hat = g(w1 x1 + w2 x2 + b)`` over the plane, with
the decision line ``w1 x1 + w2 x2 + b = 0`` and an arrow along ``w`` (it points to the side
the neuron calls class 1). The right panel follows the training loss and error rate as the
"step" button applies the learning rule that fits the activation:

- ``step``: Rosenblatt's rule on the next misclassified point (ringed in the plot);
- ``sigmoid``: one gradient-descent step on the mean log loss.

The pieces: pure functions for the logic (:func:`decision_line`, :func:`learning_step`,
:func:`progress`); :class:`NeuronState`, the one source of truth the controls show;
:func:`draw_neuron_figure`, which makes the figure and returns its :class:`NeuronArtists`;
:func:`draw`, which only sets those artists from a state; and :class:`NeuronExplorer`, whose observers
turn the student's moves and clicks into state changes. :func:`neuron_explorer` is what a notebook shows.

Only the moving artists are drawn on a move (``InteractiveFigure(dynamic_artists=...)``): ticks, labels,
the colour bar, the points and the legends are kept as layers, and those above the surface are composited
over it. That makes a redraw several times faster.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np

from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from helpers import neuron
from helpers.plots import DecisionSurfaceDisplay, make_grid
from helpers.widgets import InteractiveFigure, float_slider, log_slider, new_figure

#: What the step button does for each activation.
RULE_NAMES = {"step": "Rosenblatt step", "sigmoid": "gradient step"}
#: The controls that show a field of :class:`NeuronState` (same names); the buttons are the others.
STATE_CONTROLS = ("activation", "w1", "w2", "b", "learning_rate")
_BAR = " &nbsp;|&nbsp; "  # between the parts of the status line


def _nice_ceiling(n: int, smallest: int = 10) -> int:
    """The first of 10, 20, 50, 100, 200, 500, ... that is at least ``n``."""
    limit = smallest
    while limit < n:
        limit = limit * 5 // 2 if str(limit)[0] == "2" else limit * 2
    return limit


def loss_axis_top(top: float, highest_loss: float) -> float:
    """The progress panel's y limit for a curve reaching ``highest_loss``, when it is ``top`` now.

    A power of two (at least 2), kept until the curve leaves it or would fill less than a quarter
    of it, so that the panel's cached background (its ticks) is rarely drawn again.
    """
    needed = 1.05 * highest_loss
    if top / 4 <= needed <= top:
        return top
    return max(2.0, 2.0 ** np.ceil(np.log2(needed)))


def decision_line(w, b, bounds) -> tuple[np.ndarray, np.ndarray]:
    """The part of the line ``w1 x1 + w2 x2 + b = 0`` inside the box ``bounds = ((x_lo, x_hi), (y_lo, y_hi))``.

    Returns
    -------
    xs, ys : numpy.ndarray
        The two end points of the visible segment, or two empty arrays when the line misses
        the box (or ``w = 0``, when there is no line at all).
    """
    w1, w2 = np.asarray(w, dtype=np.float64).reshape(2)
    (x_lo, x_hi), (y_lo, y_hi) = bounds
    if not (x_lo < x_hi and y_lo < y_hi):
        raise ValueError(f"bounds must be ((x_lo, x_hi), (y_lo, y_hi)) with lo < hi, got {bounds!r}")
    points = []
    if abs(w2) > 1e-12:  # crossings with the left and right edges
        points += [(x, -(b + w1 * x) / w2) for x in (x_lo, x_hi)]
    if abs(w1) > 1e-12:  # crossings with the bottom and top edges
        points += [(-(b + w2 * y) / w1, y) for y in (y_lo, y_hi)]
    tol = 1e-9 * max(x_hi - x_lo, y_hi - y_lo)
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in points
                     if x_lo - tol <= x <= x_hi + tol and y_lo - tol <= y <= y_hi + tol})
    if len(inside) < 2:
        return np.empty(0), np.empty(0)
    (x0, y0), (x1, y1) = inside[0], inside[-1]
    return np.array([x0, x1]), np.array([y0, y1])


def learning_step(X, y, w, b, activation: str, learning_rate: float, start: int = 0):
    """One click of the step button: the learning rule that goes with ``activation``.

    Returns
    -------
    w : numpy.ndarray
    b : float
    used : int or None
        For ``"step"``, the index of the misclassified point Rosenblatt's rule used (``None``
        when no point is misclassified, so nothing changed). ``None`` for ``"sigmoid"``,
        whose gradient step uses all points.
    """
    if activation == "step":
        used = neuron.next_mistake(X, y, w, b, start=start)
        if used is None:
            return np.asarray(w, dtype=np.float64), float(b), None
        w, b = neuron.rosenblatt_update(X[used], y[used], w, b, learning_rate)
        return w, b, used
    if activation == "sigmoid":
        w, b = neuron.gradient_step(X, y, w, b, learning_rate)
        return w, b, None
    raise ValueError(f"activation must be one of {sorted(RULE_NAMES)}, got {activation!r}")


def progress(X, y, w, b) -> tuple[float, float]:
    """``(mean log loss of the sigmoid neuron, error rate of the step neuron)`` for these weights."""
    return neuron.log_loss(y, neuron.forward(X, w, b, "sigmoid")), neuron.error_count(X, y, w, b) / len(X)


@dataclass
class NeuronState:
    """What the neuron explorer shows. The controls of :data:`STATE_CONTROLS` show the fields of the same name."""

    activation: str
    w1: float
    w2: float
    b: float
    learning_rate: float
    #: ``(log loss, error rate)`` per point of the progress curve: since the last change by hand, one per click.
    history: list = field(default_factory=list)
    #: Where Rosenblatt's rule looks for the next mistake.
    cursor: int = 0
    #: The point Rosenblatt's rule used in the last click (ringed), if any.
    used: int | None = None
    #: What the last click did, for the status line.
    note: str = ""
    #: The progress panel's y limit (see :func:`loss_axis_top`).
    loss_top: float = 0.0

    @property
    def w(self) -> np.ndarray:
        return np.array([self.w1, self.w2])


@dataclass
class NeuronArtists:
    """The artists :func:`draw` sets, and the grid the surface is computed on."""

    surface: DecisionSurfaceDisplay
    line: Line2D            # the decision line
    arrow: Annotation       # along w, from the line
    ring: PathCollection    # around the point Rosenblatt's rule used
    loss_line: Line2D       # log loss per click
    error_line: Line2D      # error rate per click
    grid: np.ndarray        # the surface's grid points, (m, 2)
    bounds: tuple           # ((x_lo, x_hi), (y_lo, y_hi)) of the surface

    def moving(self) -> list:
        """The artists a move changes: the surface, the line, the arrow, the ring, the surface's title and the
        progress curves (points, legends and spines are kept and composited above them)."""
        return [self.surface.image_, self.line, self.arrow, self.ring, self.surface.ax_.title, self.loss_line,
                self.error_line]


def draw_neuron_figure(X, y, class_names=None, feature_names=("$x_1$", "$x_2$"), resolution: int = 100):
    """The explorer's figure: the surface panel with its colour bar and legend, and the progress panel.

    Returns
    -------
    figure : matplotlib.figure.Figure
    artists : NeuronArtists
    """
    figure, (ax_surface, ax_progress) = new_figure(1, 2, figsize=(10.5, 4.6), width_ratios=[1.4, 1])
    xx, yy, _ = make_grid(X, resolution=resolution)
    surface = DecisionSurfaceDisplay(xx=xx, yy=yy, values=np.full(xx.shape, 0.5)).plot(
        ax_surface, X=X, y=y, class_names=class_names, show_boundary=False)
    figure.colorbar(surface.image_, ax=ax_surface, label=r"neuron output $\hat{y}$", fraction=0.05, pad=0.02)
    (line,) = ax_surface.plot([], [], color="k", lw=3, label="decision line $z = 0$")
    arrow = ax_surface.annotate("", xy=(0, 0), xytext=(0, 0), zorder=4,
                                arrowprops=dict(arrowstyle="-|>", color="k", lw=2.5, mutation_scale=22))
    ring = ax_surface.scatter(np.empty(0), np.empty(0), s=320, facecolors="none", edgecolors="gold",
                              linewidths=3, zorder=5, label="point the rule used")
    ax_surface.grid(False)  # the surface is redrawn over the background, so a grid would vanish under it
    ax_surface.set_xlabel(feature_names[0])
    ax_surface.set_ylabel(feature_names[1])
    ax_surface.legend(loc="upper left", fontsize=11, framealpha=0.85)
    (loss_line,) = ax_progress.plot([], [], "o-", ms=4, label="log loss (sigmoid)")
    (error_line,) = ax_progress.plot([], [], "s--", ms=4, label="error rate (step)")
    ax_progress.set_xlabel("clicks of the step button")
    ax_progress.set_ylabel("training loss / error rate")
    ax_progress.set_title("training progress")
    ax_progress.legend(loc="upper right", fontsize=11)
    bounds = ((xx.min(), xx.max()), (yy.min(), yy.max()))
    return figure, NeuronArtists(surface, line, arrow, ring, loss_line, error_line,
                                 np.column_stack([xx.ravel(), yy.ravel()]), bounds)


def draw(artists: NeuronArtists, state: NeuronState, X) -> None:
    """Set the artists from ``state``: the surface, line, arrow and ring, then the progress curves."""
    w, b, surface = state.w, state.b, artists.surface
    surface.update(values=neuron.forward(artists.grid, w, b, state.activation).reshape(surface.xx_.shape))
    xs, ys = decision_line(w, b, artists.bounds)
    artists.line.set_data(xs, ys)
    norm = np.hypot(*w)
    if xs.size and norm > 0:  # from the point of the line nearest the data's centre, along w
        (x_lo, x_hi), (y_lo, y_hi) = artists.bounds
        centre, length = X.mean(axis=0), 0.12 * max(x_hi - x_lo, y_hi - y_lo)
        foot = centre - (centre @ w + b) / norm**2 * w
        artists.arrow.xy, artists.arrow.xyann = tuple(foot + length * w / norm), tuple(foot)
    artists.arrow.set_visible(bool(xs.size and norm > 0))
    artists.ring.set_offsets(X[[state.used]] if state.used is not None else np.empty((0, 2)))
    surface.ax_.title.set_text(f"ŷ = {state.activation}({w[0]:.2f}·x₁ {w[1]:+.2f}·x₂ {b:+.2f})")

    history = np.array(state.history)
    clicks = np.arange(len(history))
    artists.loss_line.set_data(clicks, history[:, 0])
    artists.error_line.set_data(clicks, history[:, 1])
    # the x limit moves in coarse steps (10, 20, 50, 100, ...), so the cached background (ticks) is rarely redrawn
    artists.loss_line.axes.set_xlim(0, _nice_ceiling(len(history) - 1))
    artists.loss_line.axes.set_ylim(0, state.loss_top)


def status_line(state: NeuronState, n_points: int) -> str:
    """The line under the figure: the weighted sum, the mistakes, the log loss, and what the last click did."""
    loss, error_rate = state.history[-1]
    errors = int(round(error_rate * n_points))
    return (f"z = {state.w1:.2f}·x₁ {state.w2:+.2f}·x₂ {state.b:+.2f}{_BAR}misclassified: {errors} of {n_points}"
            f"{_BAR}log loss: {loss:.3f}" + state.note)


class NeuronExplorer:
    """Sliders for w1, w2 and b, a step/sigmoid choice, and buttons that step the learning rule or reset.

    Parameters
    ----------
    X : array of shape (n, 2)
        Two input features per point.
    y : array of shape (n,)
        Labels 0 and 1.
    w, b : the starting weights ``(w1, w2)`` and bias; "reset" returns to them.
    activation : ``"step"`` (Rosenblatt's rule) or ``"sigmoid"`` (gradient descent on the log loss).
    learning_rate : float
        The learning rate ``eta`` the step button uses.
    class_names, feature_names : the legend's class names and the axis labels.
    weight_limit : float
        The sliders run from ``-weight_limit`` to ``weight_limit``.
    resolution : int
        Grid points per axis of the surface.

    Attributes
    ----------
    explorer : InteractiveFigure
        What a notebook shows. Its ``controls`` are ``activation, w1, w2, b, learning_rate, step, reset``
        (press a button with ``explorer.controls["step"].click()``).
    state : NeuronState
        The one source of truth: observers write the student's moves and clicks into it (and a click's
        new weights back to the sliders); the update function only draws it.
    artists : NeuronArtists
    start_weights : (w1, w2, b)
        What "reset" returns to.
    """

    def __init__(self, X, y, w=(0.5, -1.0), b=0.5, activation: str = "step", learning_rate: float = 0.5,
                 class_names=None, feature_names=("$x_1$", "$x_2$"), weight_limit: float = 8.0,
                 resolution: int = 100):
        self.X, self.y = _validated(X, y, activation)
        self.start_weights = (*np.asarray(w, dtype=np.float64).reshape(2).tolist(), float(b))
        if not all(abs(v) <= weight_limit for v in self.start_weights) or not 0.01 <= learning_rate <= 10.0:
            raise ValueError(f"w and b must lie within ±weight_limit = ±{weight_limit} and learning_rate in "
                             f"[0.01, 10] (the sliders' ranges); got w={w}, b={b}, learning_rate={learning_rate}")
        self.weight_limit = weight_limit
        self.state = NeuronState(activation, *self.start_weights, learning_rate)
        self._start_curve()
        figure, self.artists = draw_neuron_figure(self.X, self.y, class_names, feature_names, resolution)
        controls = self._controls()
        # observed before InteractiveFigure observes them: the state is up to date when it redraws
        for name in STATE_CONTROLS:
            controls[name].observe(functools.partial(self._on_control, name), names="value")
        controls["step"].on_click(self._on_step)
        controls["reset"].on_click(self._on_reset)
        self.explorer = InteractiveFigure(figure, controls, self._update, dynamic_artists=self.artists.moving())

    def _controls(self) -> dict:
        state, limit = self.state, self.weight_limit
        return {
            "activation": widgets.ToggleButtons(options=list(RULE_NAMES), value=state.activation, description="g(z)"),
            "w1": float_slider("w1", state.w1, -limit, limit),
            "w2": float_slider("w2", state.w2, -limit, limit),
            "b": float_slider("b", state.b, -limit, limit),
            "learning_rate": log_slider("η", state.learning_rate, 0.01, 10.0),
            "step": widgets.Button(description=RULE_NAMES[state.activation], button_style="primary", icon="forward"),
            "reset": widgets.Button(description="reset", icon="undo"),
        }

    def _update(self, _values) -> str:
        draw(self.artists, self.state, self.X)
        return status_line(self.state, len(self.X))

    # -- observers: events become state changes ------------------------------------------------
    def _on_control(self, name: str, change) -> None:
        if getattr(self.state, name) == change.new:  # the state written to its control (a click): nothing new
            return
        setattr(self.state, name, change.new)
        if name == "activation":
            self.explorer.controls["step"].description = RULE_NAMES[change.new]
        self._start_curve()  # a change by hand starts a fresh curve

    def _on_step(self, _button=None) -> None:
        state = self.state
        w, b, used = learning_step(self.X, self.y, state.w, state.b, state.activation, state.learning_rate,
                                   start=state.cursor)
        state.note = self._step_note(used)
        state.w1, state.w2, state.b = (float(np.clip(v, -self.weight_limit, self.weight_limit)) for v in (*w, b))
        state.used = used
        state.cursor = used + 1 if used is not None else 0
        self._record_progress()
        self._show_state()

    def _on_reset(self, _button=None) -> None:
        self.state.w1, self.state.w2, self.state.b = self.start_weights
        self.state.loss_top = 0.0
        self._start_curve()
        self._show_state()

    # -- state changes ---------------------------------------------------------------------------
    def _step_note(self, used: int | None) -> str:
        """What a click of the step button did, from the weights before it (and the point it ``used``)."""
        if self.state.activation == "sigmoid":
            grad_w, grad_b = neuron.log_loss_gradient(self.X, self.y, self.state.w, self.state.b)
            return f"{_BAR}gradient: ({grad_w[0]:.3f}, {grad_w[1]:.3f}, {grad_b:.3f})"
        if used is None:
            return f"{_BAR}no mistakes left: Rosenblatt's rule has converged"
        return f"{_BAR}Rosenblatt used point {used} (label {int(self.y[used])})"

    def _start_curve(self) -> None:
        self.state.history.clear()
        self.state.used, self.state.note, self.state.cursor = None, "", 0
        self._record_progress()

    def _record_progress(self) -> None:
        state = self.state
        state.history.append(progress(self.X, self.y, state.w, state.b))
        state.loss_top = loss_axis_top(state.loss_top, max(loss for loss, _ in state.history))

    def _show_state(self) -> None:
        """Put the state's values on the controls and redraw once."""
        with self.explorer.hold():
            for name in STATE_CONTROLS:
                self.explorer.controls[name].value = getattr(self.state, name)


def _validated(X, y, activation: str) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), two features per point; got {X.shape}")
    y = np.asarray(y).reshape(-1)
    if len(y) != len(X) or not np.isin(y, (0, 1)).all():
        raise ValueError("y must hold one label, 0 or 1, per row of X")
    if activation not in RULE_NAMES:
        raise ValueError(f"activation must be one of {sorted(RULE_NAMES)}, got {activation!r}")
    return X, y


def neuron_explorer(X, y, **options) -> InteractiveFigure:
    """The neuron explorer a notebook shows: ``NeuronExplorer(X, y, **options).explorer``
    (see :class:`NeuronExplorer`)."""
    return NeuronExplorer(X, y, **options).explorer


__all__ = ["neuron_explorer", "NeuronExplorer", "NeuronState", "NeuronArtists", "draw_neuron_figure", "draw",
           "status_line", "decision_line", "learning_step", "progress", "loss_axis_top", "RULE_NAMES"]
