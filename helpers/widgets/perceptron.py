"""The single-neuron explorer of notebook 01: move w1, w2 and b, or let a learning rule move them.

The left panel shades the neuron's output ``y_hat = g(w1 x1 + w2 x2 + b)`` over the plane, with
the decision line ``w1 x1 + w2 x2 + b = 0`` and an arrow along ``w`` (it points to the side
the neuron calls class 1). The right panel follows the training loss and error rate as the
"step" button applies the learning rule that fits the activation:

- ``step``: Rosenblatt's rule on the next misclassified point (ringed in the plot);
- ``sigmoid``: one gradient-descent step on the mean log loss.

The logic is in pure functions (:func:`decision_line`, :func:`learning_step`); the builder
:func:`neuron_explorer` only wires the controls to them.

Redraws are blitted (``InteractiveFigure(dynamic_artists=...)``): ticks, labels and the colour bar
are drawn once into a cached background and only the moving artists are drawn again; the legends
and the data points, which never change but lie above the surface, are pasted from a bitmap
(:class:`helpers.widgets.Snapshot`). That makes a redraw several times faster.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from helpers import neuron
from helpers.plots import DecisionSurfaceDisplay, make_grid
from helpers.widgets import InteractiveFigure, float_slider, log_slider, new_figure

#: What the step button does for each activation.
RULE_NAMES = {"step": "Rosenblatt step", "sigmoid": "gradient step"}


def _nice_ceiling(n: int, smallest: int = 10) -> int:
    """The first of 10, 20, 50, 100, 200, 500, ... that is at least ``n``."""
    limit = smallest
    while limit < n:
        limit = limit * 5 // 2 if str(limit)[0] == "2" else limit * 2
    return limit


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


def neuron_explorer(X, y, w=(0.5, -1.0), b=0.5, activation: str = "step", learning_rate: float = 0.5,
                    class_names=None, feature_names=("$x_1$", "$x_2$"), weight_limit: float = 8.0,
                    resolution: int = 100) -> InteractiveFigure:
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
    weight_limit : float
        The sliders run from ``-weight_limit`` to ``weight_limit``.

    Returns
    -------
    InteractiveFigure
        Its ``controls`` are ``activation, w1, w2, b, learning_rate, step, reset`` (press a button
        with ``explorer.controls["step"].click()``); ``explorer.history`` lists the
        ``(log loss, error rate)`` pairs since the last manual change.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), two features per point; got {X.shape}")
    y = np.asarray(y).reshape(-1)
    if len(y) != len(X) or not np.isin(y, (0, 1)).all():
        raise ValueError("y must hold one label, 0 or 1, per row of X")
    if activation not in RULE_NAMES:
        raise ValueError(f"activation must be one of {sorted(RULE_NAMES)}, got {activation!r}")
    w0 = np.asarray(w, dtype=np.float64).reshape(2)
    b0 = float(b)

    figure, (ax_surface, ax_progress) = new_figure(1, 2, figsize=(10.5, 4.6), width_ratios=[1.4, 1])
    xx, yy, _ = make_grid(X, resolution=resolution)
    bounds = ((xx.min(), xx.max()), (yy.min(), yy.max()))
    points = np.column_stack([xx.ravel(), yy.ravel()])
    surface = DecisionSurfaceDisplay(xx, yy, np.full(xx.shape, 0.5), ax_surface, X=X, y=y,
                                     class_names=class_names, show_boundary=False)
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
    arrow_length = 0.12 * max(bounds[0][1] - bounds[0][0], bounds[1][1] - bounds[1][0])
    centre = X.mean(axis=0)

    state = {"history": [], "stepped": False, "cursor": 0, "used": None, "note": "", "ylim": 0.0}

    def update(values):
        w_now, b_now, g = np.array([values["w1"], values["w2"]]), values["b"], values["activation"]
        if not state["stepped"]:  # a manual change starts a fresh curve
            state["history"].clear()
            state["used"], state["note"], state["cursor"] = None, "", 0
        state["stepped"] = False
        loss, error_rate = progress(X, y, w_now, b_now)
        state["history"].append((loss, error_rate))

        surface.update(values=neuron.forward(points, w_now, b_now, g).reshape(xx.shape))
        xs, ys = decision_line(w_now, b_now, bounds)
        line.set_data(xs, ys)
        norm = np.hypot(*w_now)
        if xs.size and norm > 0:  # from the point of the line nearest the data's centre, along w
            foot = centre - (centre @ w_now + b_now) / norm**2 * w_now
            arrow.xy, arrow.xyann = tuple(foot + arrow_length * w_now / norm), tuple(foot)
            arrow.set_visible(True)
        else:
            arrow.set_visible(False)
        ring.set_offsets(X[[state["used"]]] if state["used"] is not None else np.empty((0, 2)))
        ax_surface.set_title(f"ŷ = {g}({w_now[0]:.2f}·x₁ {w_now[1]:+.2f}·x₂ {b_now:+.2f})")

        history = np.array(state["history"])
        steps = np.arange(len(history))
        loss_line.set_data(steps, history[:, 0])
        error_line.set_data(steps, history[:, 1])
        # the limits move in coarse steps (x: 10, 20, 50, 100, ...; y: powers of two, and kept until
        # the curve would fill less than a quarter of it), so the cached background (ticks) is rarely redrawn
        ax_progress.set_xlim(0, _nice_ceiling(len(history) - 1))
        top = 1.05 * history[:, 0].max()
        if not state["ylim"] / 4 <= top <= state["ylim"]:
            state["ylim"] = max(2.0, 2.0 ** np.ceil(np.log2(top)))
        ax_progress.set_ylim(0, state["ylim"])
        step_button.description = RULE_NAMES[g]

        errors = int(round(error_rate * len(X)))
        return (f"z = {w_now[0]:.2f}·x₁ {w_now[1]:+.2f}·x₂ {b_now:+.2f} &nbsp;|&nbsp; misclassified: "
                f"{errors} of {len(X)} &nbsp;|&nbsp; log loss: {loss:.3f}" + state["note"])

    def on_step(_button=None):
        values = explorer.values
        w_now, b_now = np.array([values["w1"], values["w2"]]), values["b"]
        w_new, b_new, used = learning_step(X, y, w_now, b_now, values["activation"], values["learning_rate"],
                                           start=state["cursor"])
        state["used"] = used
        if values["activation"] == "step":
            state["cursor"] = (used + 1) if used is not None else 0
            state["note"] = (f" &nbsp;|&nbsp; Rosenblatt used point {used} (label {int(y[used])})" if used is not None
                             else " &nbsp;|&nbsp; no mistakes left: Rosenblatt's rule has converged")
        else:
            grad_w, grad_b = neuron.log_loss_gradient(X, y, w_now, b_now)
            state["note"] = f" &nbsp;|&nbsp; gradient: ({grad_w[0]:.3f}, {grad_w[1]:.3f}, {grad_b:.3f})"
        state["stepped"] = True
        with explorer.hold():
            for name, value in (("w1", w_new[0]), ("w2", w_new[1]), ("b", b_new)):
                explorer.controls[name].value = float(np.clip(value, -weight_limit, weight_limit))

    def on_reset(_button=None):
        state["ylim"] = 0.0
        explorer.set(w1=w0[0], w2=w0[1], b=b0)

    step_button = widgets.Button(description=RULE_NAMES[activation], button_style="primary", icon="forward")
    reset_button = widgets.Button(description="reset", icon="undo")
    controls = {
        "activation": widgets.ToggleButtons(options=list(RULE_NAMES), value=activation, description="g(z)"),
        "w1": float_slider("w1", w0[0], -weight_limit, weight_limit),
        "w2": float_slider("w2", w0[1], -weight_limit, weight_limit),
        "b": float_slider("b", b0, -weight_limit, weight_limit),
        "learning_rate": log_slider("η", learning_rate, 0.01, 10.0),
        "step": step_button,
        "reset": reset_button,
    }
    dynamic = [surface.image_, line, arrow, ring, ax_surface.title, loss_line, error_line]
    # the axes' limits (the progress panel's change in coarse steps) are part of the background's key
    explorer = InteractiveFigure(figure, controls, update, dynamic_artists=dynamic)
    explorer.history = state["history"]
    step_button.on_click(on_step)
    reset_button.on_click(on_reset)
    return explorer


__all__ = ["neuron_explorer", "decision_line", "learning_step", "progress", "RULE_NAMES"]
