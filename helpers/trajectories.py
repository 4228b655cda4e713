"""Optimizer paths on the 2-D test surfaces, and their pictures (notebook 06).

- **Runners**: :func:`numpy_trajectories` (the numpy update rules, many learning rates at once: fast, for
  widgets) and :func:`keras_trajectories` (the real ``keras.optimizers`` classes on a variable).
- **Pictures**: :func:`plot_landscapes` and :func:`save_trajectory_gif` (an animation that plays in any
  static view of a notebook).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.surfaces import SURFACES, get_surface
from helpers.update_rules import DIVERGENCE_LIMIT, NumpyOptimizer, check_positive_int


@dataclass(frozen=True)
class Trajectories:
    """Paths of one optimizer from one start, for several learning rates.

    Attributes
    ----------
    path : numpy.ndarray
        Shape ``(steps + 1, L, 2)``; rows after a run diverged are ``NaN``.
    diverged_at : numpy.ndarray
        Shape ``(L,)``: the step at which each run diverged, or ``-1`` if it did not.
    learning_rates : numpy.ndarray
        Shape ``(L,)``.
    """

    path: np.ndarray
    diverged_at: np.ndarray
    learning_rates: np.ndarray


def numpy_trajectories(name: str, surface, learning_rates, steps: int, start=None, **hyper) -> Trajectories:
    """Run the numpy version of optimizer ``name`` on ``surface`` for every learning rate at once.

    A run whose point leaves the finite world (or exceeds :data:`DIVERGENCE_LIMIT`) is frozen:
    its later rows are ``NaN`` and ``diverged_at`` records the step.
    """
    surface = get_surface(surface)
    steps = check_positive_int(steps, "steps")
    lrs = np.atleast_1d(np.asarray(learning_rates, dtype=np.float64))
    if lrs.ndim != 1 or not np.all(lrs > 0):
        raise ValueError(f"learning_rates must be positive numbers, got {learning_rates!r}")
    start = np.asarray(surface.start if start is None else start, dtype=np.float64)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (x, y), got shape {start.shape}")
    optimizer = NumpyOptimizer(name, lrs[:, None], **hyper)
    w = np.tile(start, (len(lrs), 1))
    path = np.full((steps + 1, len(lrs), 2), np.nan)
    path[0] = w
    diverged_at = np.full(len(lrs), -1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            w = optimizer.step(w, surface.grad(w))
            bad = ~np.all(np.isfinite(w) & (np.abs(w) < DIVERGENCE_LIMIT), axis=1) & (diverged_at < 0)
            diverged_at[bad] = t
            alive = diverged_at < 0
            path[t, alive] = w[alive]
            w = np.where(alive[:, None], w, 0.0)  # keep the dead rows finite so they cannot warn
    return Trajectories(path, diverged_at, lrs)


def keras_trajectories(optimizer, surfaces=tuple(SURFACES), steps: int = 60, starts=None) -> np.ndarray:
    """Paths of a real Keras optimizer on several surfaces at once.

    One ``keras.Variable`` of shape ``(S, 2)`` holds one point per surface, and row ``k`` of the
    gradient we hand to ``optimizer.apply_gradients`` is surface ``k``'s gradient at that row.
    Keras optimizers update every number of a variable independently, so this is the same as ``S``
    separate runs with the same learning rate, at a quarter of the cost. (The surfaces' gradients
    are tested against TensorFlow's autodiff; computing them in numpy keeps each step cheap.)

    Parameters
    ----------
    optimizer : keras.optimizers.Optimizer
        A fresh (never used) optimizer, e.g. ``keras.optimizers.Adam(0.1)``.
    surfaces : sequence of Surface or names
    steps : int
    starts : array of shape (S, 2), optional
        Starting points; the surfaces' own starts by default.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, S, 2)``: the starts, then the variable after every step.
    """
    import keras

    if not hasattr(optimizer, "apply_gradients"):
        raise ValueError(f"optimizer must be a keras optimizer such as keras.optimizers.SGD(0.1), "
                         f"got {type(optimizer).__name__}")
    surfaces = [get_surface(s) for s in surfaces]
    steps = check_positive_int(steps, "steps")
    starts = np.array([s.start for s in surfaces] if starts is None else starts, dtype=np.float32)
    if starts.shape != (len(surfaces), 2):
        raise ValueError(f"starts must have shape ({len(surfaces)}, 2), one point per surface; got {starts.shape}")
    point = keras.Variable(starts, name="point")
    path = [starts]
    for _ in range(steps):
        w = point.numpy()
        gradient = np.stack([s.grad(w[k]) for k, s in enumerate(surfaces)]).astype(np.float32)
        optimizer.apply_gradients([(gradient, point)])
        path.append(point.numpy())
    return np.array(path)


#: Line styles that keep paths apart where they run on top of each other: plain SGD solid with a dot every 5 steps
#: (the dots bunch up where it hesitates), momentum dashed, so SGD's path stays visible on momentum's.
PATH_STYLES = {"SGD": {"linestyle": "-", "marker": "o", "markevery": 5, "markersize": 4},
               "Momentum": {"linestyle": (0, (4, 2))}, "Nesterov": {"linestyle": (0, (4, 2))}}


def plot_landscapes(paths: dict, surfaces=tuple(SURFACES), upto: int | None = None, axes=None, colors=None,
                    shaded: bool = False, styles=None) -> list:
    """Draw each surface (contours, or a shaded image with ``shaded=True``) with every optimizer's path.

    Parameters
    ----------
    paths : dict of name -> array of shape (steps + 1, S, 2)
        E.g. the results of :func:`keras_trajectories`, one entry per optimizer.
    surfaces : sequence of Surface or names, one per column ``S`` of the paths
    upto : int, optional
        Draw the paths up to this step (all of them by default).
    axes : array of matplotlib Axes, optional
        At least ``S`` axes; a 2 x 2 grid is made if omitted.
    colors : dict of name -> colour, optional
    styles : dict of name -> dict of Line2D properties, optional
        E.g. :data:`PATH_STYLES` (``linestyle``, ``marker``, ``markevery``, ...); solid lines by default.

    Returns
    -------
    list of (line, dot, k, path)
        The path line and end dot of each (optimizer, surface) pair, for animating.

    Notes
    -----
    Paths that run on top of each other stay visible: the first optimizer in ``paths`` is drawn on top with the
    thinnest line and smallest end dot, each later one underneath, a little wider. The start square and the
    minimum stars lie above every path and dot.
    """
    import matplotlib.pyplot as plt

    surfaces = [get_surface(s) for s in surfaces]
    if not paths or any(np.shape(p)[1:] != (len(surfaces), 2) for p in paths.values()):
        raise ValueError(f"paths must map optimizer names to arrays of shape (steps + 1, {len(surfaces)}, 2)")
    if axes is None:
        _, axes = plt.subplots(2, 2, figsize=(12, 8))
    axes = np.ravel(axes)
    if len(axes) < len(surfaces):
        raise ValueError(f"need one axes per surface: got {len(axes)} axes for {len(surfaces)} surfaces")
    colors = colors or {}
    artists = []
    for k, (ax, s) in enumerate(zip(axes, surfaces)):
        _draw_surface(ax, s, shaded)
        for j, (name, path) in enumerate(paths.items()):
            style = {"linestyle": "-", **(styles or {}).get(name, {})}
            (line,) = ax.plot([], [], lw=2.0 + 0.8 * j, color=colors.get(name), label=name, zorder=3 - 0.01 * j,
                              **style)
            (dot,) = ax.plot([], [], "o", ms=6 + 2 * j, mec="white", color=line.get_color(), zorder=4 - 0.01 * j)
            artists.append((line, dot, k, path))
    _show_step(artists, max(len(p) for p in paths.values()) if upto is None else upto)
    return artists


def _draw_surface(ax, surface, shaded: bool) -> None:
    """The loss on a log scale (contours, or a shaded image), the minima (stars) and the start (a square)."""
    xx, yy, zz = surface.grid(100 if shaded else 120)
    levels = np.log10(zz - zz.min() + 1e-3)
    if shaded:
        ax.imshow(levels, origin="lower", extent=(*surface.bounds[0], *surface.bounds[1]), aspect="auto",
                  cmap="Greys_r", alpha=0.55)
    else:
        ax.contour(xx, yy, levels, 15, colors="0.6", linewidths=1.0, linestyles="solid")
    ax.plot(*np.array(surface.minima).T, "*", ms=20, color="#1a7f37", mec="white", mew=1.5, zorder=5)
    ax.plot(*surface.start, "s", ms=8, color="k", zorder=5)
    ax.set(title=surface.title, xlim=surface.bounds[0], ylim=surface.bounds[1], xlabel="w₁", ylabel="w₂")


def save_trajectory_gif(paths: dict, filename, surfaces=tuple(SURFACES), every: int = 4, fps: int = 5,
                        dpi: int = 55, colors=None, figsize=(9.0, 6.0)) -> int:
    """Write an animated GIF of the paths growing step by step; returns the number of frames.

    Parameters
    ----------
    paths, surfaces, colors
        As for :func:`plot_landscapes` (drawn shaded, with a legend in the first panel).
    filename : str or path-like
    every : int
        One frame every ``every`` steps, plus the last step.
    fps : int
        Frames per second.
    dpi : int
    figsize : (width, height) in inches

    Notes
    -----
    The static parts (surfaces, axes, labels) are drawn once; each frame restores them and draws only the
    paths, their end dots, the artists a full draw puts above them (start squares, minimum stars, legend) and
    the step counter, with the canvas's blitting API: about five times faster than a full draw per frame, and
    the same picture.
    """
    import matplotlib.pyplot as plt
    from PIL import Image

    every = check_positive_int(every, "every")
    fig, axes = plt.subplots(2, 2, figsize=figsize, dpi=dpi)
    artists = plot_landscapes(paths, surfaces, upto=0, axes=axes, colors=colors, shaded=True)
    axes.ravel()[0].legend(loc="upper right", fontsize=10)
    counter = fig.suptitle("step 0")
    fig.draw_without_rendering()  # lays the figure out, so every artist has its final place
    fig.set_layout_engine("none")  # freeze the layout: the frames only move lines
    redrawn = _drawn_above_the_paths(artists) + [counter]
    for artist in redrawn:
        artist.set_animated(True)  # left out of the background
    fig.canvas.draw()
    background = fig.canvas.copy_from_bbox(fig.bbox)
    steps = max(len(p) for p in paths.values()) - 1
    frames = []
    for t in list(range(0, steps, every)) + [steps]:
        _show_step(artists, t)
        counter.set_text(f"step {t} of {steps}")
        fig.canvas.restore_region(background)
        for artist in redrawn:
            fig.draw_artist(artist)
        frames.append(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()))
    plt.close(fig)
    frames[0].save(filename, save_all=True, append_images=frames[1:], duration=int(1000 / fps), loop=0,
                   optimize=True)
    return len(frames)


def _show_step(artists, t: int) -> None:
    """Set each (line, dot, k, path) of :func:`plot_landscapes` to show its path up to step ``t`` (or its end)."""
    for line, dot, k, path in artists:
        last = min(t, len(path) - 1)
        line.set_data(path[: last + 1, k, 0], path[: last + 1, k, 1])
        dot.set_data(path[last: last + 1, k, 0], path[last: last + 1, k, 1])


def _drawn_above_the_paths(artists) -> list:
    """The paths and end dots, and what a full draw puts on top of them, in drawing order.

    On top of them are the visible artists of their axes with a zorder at least that of the lowest path, inside the
    axes (the paths are clipped to it; the axes titles above it need no redraw). The order is a full draw's (axes by
    axes, each sorting its children by zorder), so blitting these over a background without them gives the same
    picture as a full draw.
    """
    moving = {artist for line, dot, _, _ in artists for artist in (line, dot)}
    redrawn = []
    for ax in dict.fromkeys(line.axes for line, *_ in artists):
        lowest = min(a.get_zorder() for a in moving if a.axes is ax)
        for artist in sorted(ax.get_children(), key=lambda a: a.get_zorder()):
            if artist in moving or (artist.get_visible() and artist.get_zorder() >= lowest
                                    and artist.get_window_extent().overlaps(ax.bbox)):
                redrawn.append(artist)
    return redrawn


__all__ = ["Trajectories", "numpy_trajectories", "keras_trajectories", "plot_landscapes", "save_trajectory_gif",
           "PATH_STYLES"]
