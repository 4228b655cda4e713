"""Read what TensorBoard shows -- scalars and histograms -- from a log folder into pandas.

Keras's ``TensorBoard`` callback writes event files into ``<log_dir>/train`` and
``<log_dir>/validation`` (one *run* per sub-folder). Reading them back lets a notebook draw the
same training curves inline, so a static render and CI show what the TensorBoard page shows.

TensorFlow 2 stores scalars and histograms as tensor summaries: a scalar is a 0-d tensor, a
histogram a ``(buckets, 3)`` tensor of ``[left edge, right edge, count]`` rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: Plugin names of the summaries this module reads.
SCALAR_PLUGIN = "scalars"
HISTOGRAM_PLUGIN = "histograms"


def event_files(log_dir) -> list[Path]:
    """All event files under ``log_dir``, sorted.

    Raises
    ------
    ValueError
        If ``log_dir`` is not a folder, or holds no ``events.out.tfevents.*`` file.
    """
    folder = Path(log_dir)
    if not folder.is_dir():
        raise ValueError(f"log_dir must be an existing folder written by TensorBoard; {str(folder)!r} is not a folder")
    files = sorted(folder.rglob("events.out.tfevents.*"))
    if not files:
        raise ValueError(f"no TensorBoard event files (events.out.tfevents.*) under {str(folder)!r}; "
                         f"did training run with the TensorBoard callback pointing there?")
    return files


def _summaries(log_dir, plugin: str):
    """Yield ``(run, tag, step, wall_time, array)`` for every tensor summary of ``plugin``."""
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.util import tensor_util

    root = Path(log_dir)
    for path in event_files(log_dir):
        accumulator = event_accumulator.EventAccumulator(str(path), size_guidance={event_accumulator.TENSORS: 0})
        accumulator.Reload()
        run = path.parent.relative_to(root).as_posix()  # "." for event files directly in log_dir
        for tag in accumulator.Tags()["tensors"]:
            if accumulator.SummaryMetadata(tag).plugin_data.plugin_name != plugin:
                continue
            for event in accumulator.Tensors(tag):
                yield run, tag, int(event.step), float(event.wall_time), tensor_util.make_ndarray(event.tensor_proto)


def read_scalars(log_dir):
    """Every scalar under ``log_dir`` as a DataFrame with columns ``run, tag, step, value, wall_time``.

    ``run`` is the sub-folder relative to ``log_dir`` (``"train"``, ``"validation"``, ...);
    rows are sorted by run, tag and step.
    """
    import pandas as pd

    rows = [{"run": run, "tag": tag, "step": step, "value": float(np.asarray(array).reshape(())),
             "wall_time": wall_time}
            for run, tag, step, wall_time, array in _summaries(log_dir, SCALAR_PLUGIN)]
    frame = pd.DataFrame(rows, columns=["run", "tag", "step", "value", "wall_time"])
    return frame.sort_values(["run", "tag", "step"], ignore_index=True)


def read_histograms(log_dir):
    """Every histogram under ``log_dir`` as a DataFrame with columns ``run, tag, step, left, right, count``.

    ``left``, ``right`` and ``count`` hold one numpy array per row: the bucket edges and counts.
    """
    import pandas as pd

    rows = []
    for run, tag, step, _wall_time, array in _summaries(log_dir, HISTOGRAM_PLUGIN):
        buckets = np.asarray(array, dtype=np.float64).reshape(-1, 3)
        rows.append({"run": run, "tag": tag, "step": step, "left": buckets[:, 0], "right": buckets[:, 1],
                     "count": buckets[:, 2]})
    frame = pd.DataFrame(rows, columns=["run", "tag", "step", "left", "right", "count"])
    return frame.sort_values(["run", "tag", "step"], ignore_index=True)


def scalar_curve(scalars, tag: str, run: str):
    """``(steps, values)`` of one scalar ``tag`` in one ``run`` of a :func:`read_scalars` table.

    Raises
    ------
    ValueError
        Naming the runs and tags that do exist, when the pair is not there.
    """
    rows = scalars[(scalars["run"] == run) & (scalars["tag"] == tag)]
    if rows.empty:
        pairs = sorted(set(zip(scalars["run"], scalars["tag"])))
        raise ValueError(f"no scalar {tag!r} in run {run!r}; the log has (run, tag) pairs {pairs}")
    return rows["step"].to_numpy(), rows["value"].to_numpy()


def histogram_density(left, right, count) -> np.ndarray:
    """Each bucket's density, ``count / (total * width)``: the histogram as a curve with area 1.

    TensorBoard picks new bucket edges at every step (evenly spaced between that step's minimum and
    maximum), so raw counts of two steps are not comparable: a wider bucket holds more values. The
    density divides that out. A bucket of zero width (every value equal) gets ``nan``.
    """
    left, right, count = (np.asarray(a, dtype=np.float64) for a in (left, right, count))
    if not left.shape == right.shape == count.shape or left.ndim != 1 or len(left) == 0:
        raise ValueError(f"left, right and count must be 1-D arrays of one equal length, got shapes "
                         f"{left.shape}, {right.shape}, {count.shape}")
    if np.any(right < left) or np.any(count < 0) or count.sum() <= 0:
        raise ValueError("buckets need right >= left, counts >= 0 and at least one value")
    width = right - left
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(width > 0, count / (count.sum() * width), np.nan)


def plot_histogram_steps(histograms, tag: str, run: str | None = None, ax=None):
    """Overlay the density (:func:`histogram_density`) of one ``tag`` at every logged step, darker for later.

    Empty buckets are left out of each curve.

    Keras's ``TensorBoard`` callback logs at the end of an epoch with ``step`` = the 0-based epoch
    index, so the legend names ``epoch step + 1``.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One curve per step, in step order.
    """
    import matplotlib.pyplot as plt

    rows = histograms[histograms["tag"] == tag]
    if run is not None:
        rows = rows[rows["run"] == run]
    if rows.empty:
        raise ValueError(f"no histogram {tag!r}{'' if run is None else f' in run {run!r}'}; "
                         f"the tags are {sorted(set(histograms['tag']))}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    colors = plt.get_cmap("viridis")(np.linspace(0.9, 0.1, len(rows)))
    lines = []
    for color, (_, row) in zip(colors, rows.iterrows()):
        centres = (row["left"] + row["right"]) / 2
        density = histogram_density(row["left"], row["right"], row["count"])
        density[density == 0] = np.nan  # empty buckets are not drawn (they would plunge on a log scale)
        lines += ax.plot(centres, density, color=color, label=f"epoch {row['step'] + 1}")
    ax.set_xlabel("value")
    ax.set_ylabel("density (count / total / bucket width)")
    ax.set_title(tag)
    ax.legend(fontsize=10)
    return lines
