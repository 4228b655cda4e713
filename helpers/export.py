"""Export any figure for the lecturer's own slides: PNG and SVG files in the notebook's run folder.

In a notebook::

    from helpers.export import export_figure
    export_figure(explorer, "perceptron_boundary", ctx)   # after moving the sliders to the state you want

writes ``<run folder>/figures/perceptron_boundary.png`` (150 dpi) and ``.svg`` and prints both paths.
It accepts what the notebooks draw with: a matplotlib figure or axes, an
:class:`~helpers.widgets.InteractiveFigure` (its figure as currently shown) or a display object that
keeps its figure in ``figure_`` (:class:`~helpers.plots.DecisionSurfaceDisplay`).
"""

from __future__ import annotations

from pathlib import Path

#: The file formats export_figure writes.
FORMATS = ("png", "svg", "pdf")


def _as_figure(figure):
    """The matplotlib Figure (the top-level one, which can be saved) behind what the notebook drew."""
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    candidate = getattr(figure, "figure_", figure)  # a display keeps its figure in figure_
    if not isinstance(candidate, Artist):
        candidate = getattr(candidate, "figure", None)  # an InteractiveFigure
    while isinstance(candidate, Artist) and not isinstance(candidate, Figure):
        candidate = candidate.figure  # axes -> subfigure -> figure; None for an artist not on a figure
    if not isinstance(candidate, Figure):
        raise ValueError(f"figure must be a matplotlib Figure or Axes, an InteractiveFigure or a display with "
                         f"figure_; got {type(figure).__name__}")
    return candidate


def _as_run_dir(where) -> Path:
    """A run folder from a NotebookContext (``ctx``) or a path."""
    run_dir = getattr(where, "run_dir", where)
    if not isinstance(run_dir, (str, Path)) or not str(run_dir):
        raise ValueError(f"where must be the notebook's context (ctx from setup_notebook) or a folder path; "
                         f"got {type(where).__name__}")
    return Path(run_dir)


def export_figure(figure, name: str, where, formats=("png", "svg"), dpi: int = 150, quiet: bool = False) -> list:
    """Save ``figure`` as ``<run folder>/figures/<name>.<format>`` for each format, for use in slides.

    Parameters
    ----------
    figure : Figure, Axes, InteractiveFigure or a display with ``figure_``
        What to export; a widget is exported as it is shown now.
    name : str
        The file name without extension, e.g. ``"sigmoid_vs_relu"`` (no slashes).
    where : NotebookContext or path
        ``ctx`` from :func:`helpers.setup_notebook` (its ``run_dir``), or a folder.
    formats : tuple of str
        Any of :data:`FORMATS`: ``"png"``, ``"svg"``, ``"pdf"``.
    dpi : int
        Resolution of the PNG (150 is sharp on a projector and in slide software).
    quiet : bool
        Do not print the paths.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.
    """
    figure, folder = _as_figure(figure), _as_run_dir(where) / "figures"
    if not isinstance(name, str) or not name or any(c in name for c in "/\\"):
        raise ValueError(f"name must be a plain file name without slashes, got {name!r}")
    formats = tuple(formats)
    if not formats or any(f not in FORMATS for f in formats):
        raise ValueError(f"formats must be a non-empty subset of {FORMATS}, got {formats!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 600:
        raise ValueError(f"dpi must be an integer from 30 to 600, got {dpi!r}")
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.{fmt}" for fmt in formats]
    for path, fmt in zip(paths, formats):
        figure.savefig(path, format=fmt, dpi=dpi)
        if not quiet:
            print(f"saved {path}")
    return paths


__all__ = ["export_figure"]
