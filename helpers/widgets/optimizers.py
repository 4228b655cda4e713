"""Widgets for notebook 06: the learning rate on a 1-D loss, optimizer trajectories on 2-D surfaces, and the
condition number with momentum on a quadratic bowl.

Both follow the :class:`helpers.widgets.InteractiveFigure` pattern: the figure is built once, the controls
are the only state, and ``update`` draws their values by changing line data and visibility. The
trajectory widget precomputes every (surface, optimizer, learning rate) path with the numpy update rules
of :mod:`helpers.update_rules`, which are tested to match ``keras.optimizers`` step for step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from helpers.plots import CLASS_COLORS
from helpers.surfaces import SURFACES
from helpers.trajectories import numpy_trajectories
from helpers.update_rules import OPTIMIZER_NAMES, gradient_descent
from helpers.widgets import InteractiveFigure, log_slider, new_figure

#: The 1-D loss of the learning-rate widget: J(w) = CURVATURE / 2 * (w - W_STAR)^2.
CURVATURE, W_STAR, W_START = 2.0, 1.0, -2.0

#: In the 1-D widget, a run whose |w| passes this has left the picture for good: we call it diverged.
LR_WIDGET_LIMIT = 1e3

#: The learning rates the trajectory widget offers (each one's paths are precomputed).
TRAJECTORY_LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)

#: One colour per optimizer, fixed so a method keeps its colour across surfaces.
OPTIMIZER_COLORS = dict(zip(OPTIMIZER_NAMES, CLASS_COLORS))


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten_label(value, _position=None) -> str:
    """``10⁻⁴`` in plain Unicode text for a decade tick (mathtext would be several times slower to draw)."""
    if value <= 0:
        return ""
    exponent = round(math.log10(value))
    if abs(math.log10(value) - exponent) > 1e-9:
        return ""
    return "10" + str(exponent).translate(_SUPERSCRIPTS)


# ---------------------------------------------------------------------------------------------
# The learning rate on a 1-D loss
# ---------------------------------------------------------------------------------------------


def quadratic_loss(w):
    """The 1-D loss ``J(w) = a/2 (w - w*)^2`` with ``a = CURVATURE`` and ``w* = W_STAR``."""
    return 0.5 * CURVATURE * (np.asarray(w, dtype=np.float64) - W_STAR) ** 2


def quadratic_gradient(w):
    """``J'(w) = a (w - w*)``."""
    return CURVATURE * (np.asarray(w, dtype=np.float64) - W_STAR)


def describe_run(result, learning_rate: float, tolerance: float = 1e-3) -> str:
    """The status line of the learning-rate widget: diverged, converged (smoothly or oscillating) or crawling."""
    path = result.path
    critical = 2.0 / CURVATURE
    if result.diverged:
        return (f"<b style='color:#cf222e'>Diverged</b> at step {result.diverged_at}: |w| passed "
                f"{LR_WIDGET_LIMIT:g}. &eta; = {learning_rate:.3g} is too large (above 2/a = {critical:g}).")
    errors = path - W_STAR
    oscillating = len(errors) > 2 and np.all(errors[1:-1] * errors[2:] <= 0)
    final = abs(errors[-1])
    steps = len(path) - 1
    if final < tolerance:
        how = "oscillating around w*" if oscillating else "smoothly"
        return (f"<b style='color:#1a7f37'>Converged</b> {how}: |w - w*| = {final:.1e} after {steps} steps "
                f"(&eta; = {learning_rate:.3g}).")
    if abs(errors[-1]) >= abs(errors[0]):
        return (f"<b style='color:#cf222e'>Not converging</b>: after {steps} steps |w - w*| = {final:.3g}, "
                f"no closer than the start. &eta; = {learning_rate:.3g} is at or above 2/a = {critical:g}.")
    if oscillating:
        return (f"<b style='color:#9a6700'>Oscillating</b>: it jumps across w* each step and shrinks slowly; "
                f"|w - w*| = {final:.3g} after {steps} steps (&eta; = {learning_rate:.3g}).")
    return (f"<b style='color:#9a6700'>Crawling</b>: |w - w*| = {final:.3g} after {steps} steps. "
            f"&eta; = {learning_rate:.3g} is too small.")


def _draw_descent_panels(ax_curve, ax_loss) -> dict:
    """The loss curve with its minimum, and the empty path, start and loss lines: ``{"path", "start", "loss"}``.

    Plain text (no mathtext) and few tick labels throughout: the loss panel's background is drawn again
    whenever its x-range follows the number of steps, and mathtext costs several times more than plain text.
    """
    w_grid = np.linspace(-3.5, 5.5, 300)
    ax_curve.plot(w_grid, quadratic_loss(w_grid), color="0.45", lw=2, label="J(w)")
    ax_curve.plot([W_STAR], [0.0], "*", color="#1a7f37", ms=16, label="minimum w*")
    # the path, start and loss lie above the spines (zorder 2.5)
    (path,) = ax_curve.plot([], [], "o-", color="C3", lw=1.5, ms=6, label="gradient descent", zorder=3)
    (start,) = ax_curve.plot([W_START], quadratic_loss([W_START]), "s", color="k", ms=9, label="start", zorder=3)
    ax_curve.set(xlim=(-3.5, 5.5), ylim=(-1.0, 21.0), xlabel="weight w", ylabel="loss J(w)",
                 title="Steps on the loss curve")
    ax_curve.legend(loc="upper center", fontsize=11)
    ax_curve.set_yticks([0, 5, 10, 15, 20])
    (loss,) = ax_loss.semilogy([], [], "o-", color="C3", lw=1.5, ms=5, zorder=3)
    ax_loss.set(xlim=(0, 50), ylim=(1e-8, 1e6), xlabel="step t", ylabel="J(wₜ) (log scale)", title="Loss per step")
    ax_loss.set_yticks(10.0 ** np.arange(-8, 5, 4))
    ax_loss.set_yticks(10.0 ** np.arange(-8, 7), minor=True)
    ax_loss.yaxis.set_major_formatter(FuncFormatter(_power_of_ten_label))
    ax_loss.yaxis.set_minor_formatter(NullFormatter())
    return {"path": path, "start": start, "loss": loss}


def learning_rate_explorer(learning_rate: float = 0.1, steps: int = 20) -> InteractiveFigure:
    """Gradient descent on ``J(w) = (w - 1)^2`` from ``w = -2``: the path on the curve and the loss per step.

    Controls: ``learning_rate`` (log slider, 0.01 to 1.5) and ``steps`` (1 to 50). The explorer has
    ``lines`` (``"path"``, ``"start"`` and ``"loss"``) for tests.
    """
    fig, (ax_curve, ax_loss) = new_figure(1, 2, figsize=(10.0, 4.2))
    lines = _draw_descent_panels(ax_curve, ax_loss)
    controls = {
        "learning_rate": log_slider("learning rate η", learning_rate, 0.01, 1.5),
        "steps": widgets.IntSlider(value=steps, min=1, max=50, description="steps", continuous_update=True),
    }

    def update(values):
        eta, n_steps = values["learning_rate"], values["steps"]
        result = gradient_descent(quadratic_gradient, W_START, eta, n_steps, limit=LR_WIDGET_LIMIT)
        lines["path"].set_data(result.path, quadratic_loss(result.path))
        lines["loss"].set_data(np.arange(len(result.path)), np.maximum(quadratic_loss(result.path), 1e-12))
        ax_loss.set_xlim(0, max(n_steps, 5))
        return describe_run(result, eta)

    # Blitting: only the path and the loss line move; the curve, start, legend and axes are kept layers
    # (the loss panel's is drawn again when its x-range follows the steps)
    explorer = InteractiveFigure(fig, controls, update, dynamic_artists=[lines["path"], lines["loss"]])
    explorer.lines = lines
    return explorer


# ---------------------------------------------------------------------------------------------
# Optimizer trajectories on the 2-D surfaces
# ---------------------------------------------------------------------------------------------


def precompute_trajectories(steps: int = 200, learning_rates=TRAJECTORY_LEARNING_RATES) -> dict:
    """``{(surface, optimizer): Trajectories}`` for every surface and optimizer, all learning rates at once."""
    return {(s, name): numpy_trajectories(name, s, learning_rates, steps) for s in SURFACES for name in OPTIMIZER_NAMES}


def run_note(name: str, run, column: int, steps: int, surface) -> str:
    """The status of one optimizer's run after ``steps`` steps: where it diverged, or its loss."""
    diverged = run.diverged_at[column]
    if 0 < diverged <= steps:
        return f"<b style='color:#cf222e'>{name} diverged at step {diverged}</b>"
    return f"{name}: loss {surface(run.path[steps, column]):.3g}"


class TrajectoryPicture:
    """The trajectory widget's axes: every surface's contours and minima, and a line and end dot per optimizer.

    Built once, hidden until shown; the ``show_*`` methods change what a full draw of the axes shows.
    """

    def __init__(self):
        self.figure, self.ax = new_figure(figsize=(8.5, 5.6))
        self.contours, self.stars, self.lines, self.ends = {}, {}, {}, {}
        for name, s in SURFACES.items():
            xx, yy, zz = s.grid(140)
            self.contours[name] = self.ax.contour(xx, yy, np.log10(zz - zz.min() + 1e-3), 18, colors="0.6",
                                                  linewidths=1.0)
            (self.stars[name],) = self.ax.plot(*np.array(s.minima).T, "*", color="#1a7f37", ms=16, zorder=5)
        (self.start,) = self.ax.plot([], [], "s", color="k", ms=9, zorder=5, label="start")
        for name in OPTIMIZER_NAMES:
            color = OPTIMIZER_COLORS[name]
            (self.lines[name],) = self.ax.plot([], [], "-", color=color, lw=2.2, label=name, zorder=3)
            (self.ends[name],) = self.ax.plot([], [], "o", color=color, ms=9, mec="white", zorder=4)
        self.ax.set_xlabel("w₁")
        self.ax.set_ylabel("w₂")

    def show_surface(self, surface) -> None:
        """Only this surface's contours and minima, its limits and its start."""
        for name in SURFACES:
            self.contours[name].set_visible(name == surface.name)
            self.stars[name].set_visible(name == surface.name)
        self.ax.set_xlim(*surface.bounds[0])
        self.ax.set_ylim(*surface.bounds[1])
        self.start.set_data([surface.start[0]], [surface.start[1]])

    def show_paths(self, paths: dict) -> None:
        """``{optimizer: path of shape (k, 2)}``: these paths with their end dots; the other optimizers hidden."""
        for name in OPTIMIZER_NAMES:
            shown = name in paths
            self.lines[name].set_visible(shown)
            self.ends[name].set_visible(shown)
            if shown:
                self.lines[name].set_data(paths[name][:, 0], paths[name][:, 1])
                self.ends[name].set_data(paths[name][-1:, 0], paths[name][-1:, 1])

    def show_legend(self, names) -> None:
        """A legend of the start and these optimizers, made anew only when the names change (a legend is slow)."""
        labels = ["start", *names]
        legend = self.ax.get_legend()
        if legend is None or [text.get_text() for text in legend.get_texts()] != labels:
            self.ax.legend(handles=[self.start] + [self.lines[name] for name in names], loc="center left",
                           bbox_to_anchor=(1.01, 0.5), fontsize=12)

    def dynamic_artists(self) -> list:
        """What moves: the paths, their end dots and the title (the contours, minima, start and legend are kept)."""
        return [*self.lines.values(), *self.ends.values(), self.ax.title]


def _trajectory_controls(surface, optimizers, learning_rate, steps, max_steps) -> dict:
    return {
        "surface": widgets.Dropdown(options=[(s.title, k) for k, s in SURFACES.items()], value=surface,
                                    description="surface"),
        "optimizers": widgets.SelectMultiple(options=OPTIMIZER_NAMES, value=tuple(optimizers), rows=10,
                                             description="optimizers"),
        "learning_rate": widgets.SelectionSlider(options=[(f"{lr:g}", lr) for lr in TRAJECTORY_LEARNING_RATES],
                                                 value=learning_rate, description="learning rate η",
                                                 continuous_update=True),
        "steps": widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps", continuous_update=True),
    }


def trajectory_explorer(surface: str = "bowl", optimizers=("SGD", "Momentum", "RMSprop", "Adam"),
                        learning_rate: float = 0.05, steps: int = 60, max_steps: int = 200) -> InteractiveFigure:
    """Optimizer paths on a 2-D test surface.

    Controls: ``surface`` (dropdown), ``optimizers`` (multiple choice), ``learning_rate`` (one of
    :data:`TRAJECTORY_LEARNING_RATES`, shared by all chosen optimizers) and ``steps``. Every path is
    computed when the widget is built, so a redraw only changes line data.

    The explorer has ``trajectories`` (the precomputed paths) and ``lines``/``ends`` (one line and
    one end marker per optimizer) for tests.
    """
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; expected one of {', '.join(SURFACES)}")
    if learning_rate not in TRAJECTORY_LEARNING_RATES:
        raise ValueError(f"learning_rate must be one of {TRAJECTORY_LEARNING_RATES}, got {learning_rate!r}")
    trajectories = precompute_trajectories(max_steps)
    picture = TrajectoryPicture()

    def update(values):
        s, n_steps = SURFACES[values["surface"]], values["steps"]
        column = TRAJECTORY_LEARNING_RATES.index(values["learning_rate"])
        runs = {name: trajectories[(s.name, name)] for name in OPTIMIZER_NAMES if name in values["optimizers"]}
        paths = {name: run.path[: n_steps + 1, column] for name, run in runs.items()}
        picture.show_surface(s)
        picture.show_paths({name: path[np.all(np.isfinite(path), axis=1)] for name, path in paths.items()})
        picture.ax.title.set_text(f"{s.title}: {n_steps} steps, η = {values['learning_rate']:g}")
        picture.show_legend(list(runs))
        notes = [run_note(name, run, column, n_steps, s) for name, run in runs.items()]
        return " | ".join(notes) if notes else "choose at least one optimizer"

    controls = _trajectory_controls(surface, optimizers, learning_rate, steps, max_steps)
    explorer = InteractiveFigure(picture.figure, controls, update, dynamic_artists=picture.dynamic_artists)
    explorer.trajectories, explorer.lines, explorer.ends = trajectories, picture.lines, picture.ends
    return explorer


# ---------------------------------------------------------------------------------------------
# The condition number and momentum on a quadratic bowl
# ---------------------------------------------------------------------------------------------

#: The momentum widget's bowl: J(w) = (STEEP / kappa * w1^2 + STEEP * w2^2) / 2; at kappa = 20 it is the notebook's
#: elongated bowl 0.05 w1^2 + w2^2.
STEEP = 2.0
#: Where both runs start, how many steps they take, and the |w| at which a run counts as diverged.
MOMENTUM_START, MOMENTUM_STEPS, MOMENTUM_LIMIT = (-4.5, 1.5), 100, 1e3
#: The loss levels of the contour ellipses.
BOWL_LEVELS = (0.01, 0.05, 0.2, 0.6, 1.5, 3.0)


def bowl_curvatures(kappa: float) -> np.ndarray:
    """The bowl's curvatures ``(STEEP / kappa, STEEP)``: their ratio is the condition number ``kappa``."""
    if not np.isfinite(kappa) or kappa < 1:
        raise ValueError(f"kappa must be a number >= 1, got {kappa!r}")
    return np.array([STEEP / kappa, STEEP])


def heavy_ball_paths(kappa: float, beta: float, learning_rate: float, steps: int = MOMENTUM_STEPS):
    """Plain gradient descent and SGD with momentum ``beta`` on the bowl with condition number ``kappa``.

    Both run the Keras rules of :class:`helpers.update_rules.NumpyOptimizer` (``"Momentum"``: ``v <- beta v - eta g``,
    ``w <- w + v``; with ``beta = 0`` it is plain gradient descent) from :data:`MOMENTUM_START` at the same learning
    rate.

    Returns
    -------
    paths : numpy.ndarray
        Shape ``(steps + 1, 2, 2)``: step, run (0 plain, 1 momentum), (w1, w2); ``NaN`` after a run diverged.
    diverged_at : numpy.ndarray
        Shape ``(2,)``: the step at which each run's ``|w|`` passed :data:`MOMENTUM_LIMIT`, or -1.
    """
    from helpers.update_rules import NumpyOptimizer

    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    curvatures = bowl_curvatures(kappa)
    optimizer = NumpyOptimizer("Momentum", np.full((2, 1), learning_rate), momentum=np.array([[0.0], [beta]]))
    w = np.tile(np.asarray(MOMENTUM_START, dtype=np.float64), (2, 1))
    paths = np.full((steps + 1, 2, 2), np.nan)
    paths[0] = w
    diverged_at = np.full(2, -1)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            w = optimizer.step(w, curvatures * w)
            bad = ~np.all(np.isfinite(w) & (np.abs(w) < MOMENTUM_LIMIT), axis=1) & (diverged_at < 0)
            diverged_at[bad] = t
            alive = diverged_at < 0
            paths[t, alive] = w[alive]
            w = np.where(alive[:, None], w, 0.0)
            optimizer.state["velocity"] = np.where(alive[:, None], optimizer.state["velocity"], 0.0)
    return paths, diverged_at


def convergence_rate(curvature: float, learning_rate: float, beta: float) -> float:
    """The factor by which momentum's distance to the minimum shrinks per step (in the long run) along one curvature.

    The spectral radius of the step ``(w, v) -> (w + beta v - eta a w, beta v - eta a w)``; with ``beta = 0`` it is
    ``|1 - eta a|``. Above 1 the run diverges.
    """
    a = learning_rate * curvature
    step = np.array([[1.0 - a, beta], [-a, beta]])
    return float(np.max(np.abs(np.linalg.eigvals(step))))


def bowl_loss(path, kappa: float) -> np.ndarray:
    """The bowl's loss at points ``path`` of shape ``(..., 2)``."""
    return 0.5 * np.sum(bowl_curvatures(kappa) * np.asarray(path) ** 2, axis=-1)


def describe_momentum(kappa: float, beta: float, learning_rate: float, diverged_at) -> str:
    """The momentum widget's status: each run's factor per step (its slowest direction) or where it diverged."""
    curvatures = bowl_curvatures(kappa)
    parts = [f"κ = {kappa:.3g}"]
    for name, b, diverged in (("gradient descent", 0.0, diverged_at[0]), (f"momentum β = {beta:.2f}", beta,
                                                                           diverged_at[1])):
        if diverged > 0:
            parts.append(f"<b style='color:#cf222e'>{name} diverged at step {diverged}</b>")
        else:
            rate = max(convergence_rate(a, learning_rate, b) for a in curvatures)
            parts.append(f"{name}: distance × {rate:.3f} per step")
    best_plain, best_momentum = (kappa - 1) / (kappa + 1), (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    parts.append(f"best possible: × {best_plain:.3f} without, × {best_momentum:.3f} with momentum")
    return " | ".join(parts)


@dataclass
class MomentumPicture:
    """The momentum widget's artists: contour ellipses and both runs' paths (left), both losses per step (right)."""

    figure: object
    ellipses: list
    plain: object
    momentum: object
    plain_loss: object
    momentum_loss: object
    title: object

    def dynamic_artists(self) -> list:
        return [*self.ellipses, self.plain, self.momentum, self.plain_loss, self.momentum_loss, self.title]


def draw_momentum_figure() -> MomentumPicture:
    """The empty picture: the bowl's panel with its start and minimum, and the loss panel on a log scale."""
    fig, (ax_path, ax_loss) = new_figure(1, 2, figsize=(11.5, 4.4), width_ratios=(1.35, 1))
    ellipses = [ax_path.plot([], [], "-", color="0.65", lw=1.0)[0] for _ in BOWL_LEVELS]
    ax_path.plot([0.0], [0.0], "*", color="#1a7f37", ms=16, mec="white", zorder=5)
    ax_path.plot(*MOMENTUM_START, "s", color="k", ms=8, zorder=5)
    (plain,) = ax_path.plot([], [], "--", color="0.35", lw=1.6, label="gradient descent (β = 0)", zorder=3)
    (momentum,) = ax_path.plot([], [], "o-", color="C1", lw=2.0, ms=3.5, label="with momentum β", zorder=3.1)
    ax_path.set(xlim=(-5, 5), ylim=(-2, 2), xlabel="w₁ (gentle: curvature 2/κ)", ylabel="w₂ (steep: curvature 2)")
    ax_path.legend(loc="upper right", fontsize=11)
    (plain_loss,) = ax_loss.semilogy([], [], "--", color="0.35", lw=1.6, label="gradient descent")
    (momentum_loss,) = ax_loss.semilogy([], [], "-", color="C1", lw=2.0, label="momentum")
    ax_loss.set(xlim=(0, MOMENTUM_STEPS), ylim=(1e-10, 1e3), xlabel="step t", ylabel="loss J (log scale)",
                title="Loss per step")
    ax_loss.set_yticks(10.0 ** np.arange(-10, 4, 3))
    ax_loss.yaxis.set_major_formatter(FuncFormatter(_power_of_ten_label))
    ax_loss.yaxis.set_minor_formatter(NullFormatter())
    ax_loss.legend(loc="lower left", fontsize=11)
    title = ax_path.set_title(" ")
    return MomentumPicture(fig, ellipses, plain, momentum, plain_loss, momentum_loss, title)


def draw_momentum(picture: MomentumPicture, kappa: float, beta: float, learning_rate: float) -> str:
    """Set every moving artist for these controls; return the status line."""
    curvatures = bowl_curvatures(kappa)
    angle = np.linspace(0, 2 * np.pi, 121)
    for line, level in zip(picture.ellipses, BOWL_LEVELS):
        radii = np.sqrt(2 * level / curvatures)
        line.set_data(radii[0] * np.cos(angle), radii[1] * np.sin(angle))
    paths, diverged_at = heavy_ball_paths(kappa, beta, learning_rate)
    for run, (line, loss_line) in enumerate([(picture.plain, picture.plain_loss),
                                             (picture.momentum, picture.momentum_loss)]):
        path = paths[:, run]
        path = path[np.all(np.isfinite(path), axis=1)]
        line.set_data(path[:, 0], path[:, 1])
        loss_line.set_data(np.arange(len(path)), np.maximum(bowl_loss(path, kappa), 1e-12))
    picture.title.set_text(f"κ = {kappa:.3g}, η = {learning_rate:.3g}, β = {beta:.2f}")
    return describe_momentum(kappa, beta, learning_rate, diverged_at)


def momentum_explorer(kappa: float = 20.0, beta: float = 0.0, learning_rate: float = 0.9) -> InteractiveFigure:
    """Gradient descent with and without momentum on a bowl whose curvatures differ by the factor ``kappa``.

    Controls: ``kappa`` (the condition number, log slider 1 to 300), ``beta`` (the momentum, 0 to 0.99) and
    ``learning_rate`` (log slider 0.01 to 3). Both runs take :data:`MOMENTUM_STEPS` steps of the Keras momentum rule
    (:func:`heavy_ball_paths`); the grey dashed one has ``beta = 0``. The explorer has ``picture`` for tests.
    """
    picture = draw_momentum_figure()
    controls = {
        "kappa": log_slider("condition κ", kappa, 1.0, 300.0),
        "beta": widgets.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01, description="momentum β",
                                    continuous_update=True, readout_format=".2f"),
        "learning_rate": log_slider("learning rate η", learning_rate, 0.01, 3.0),
    }

    def update(values):
        return draw_momentum(picture, values["kappa"], values["beta"], values["learning_rate"])

    explorer = InteractiveFigure(picture.figure, controls, update, dynamic_artists=picture.dynamic_artists())
    explorer.picture = picture
    return explorer


__all__ = ["learning_rate_explorer", "trajectory_explorer", "precompute_trajectories", "describe_run", "run_note",
           "TrajectoryPicture", "quadratic_loss", "quadratic_gradient", "TRAJECTORY_LEARNING_RATES",
           "OPTIMIZER_COLORS", "momentum_explorer", "heavy_ball_paths", "convergence_rate",
           "bowl_curvatures", "bowl_loss", "describe_momentum", "draw_momentum_figure", "draw_momentum",
           "MomentumPicture"]
