"""The one call every notebook makes first: quiet TensorFlow, fixed seeds, projector style."""

from __future__ import annotations

import os
import platform
import random
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Environment variables that keep TensorFlow's C++ logging off stderr.
#: Both must be set *before* TensorFlow is first imported.
QUIET_TF_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}

#: Environment variable that moves the run folder (CI points it at a temporary folder).
RUN_DIR_ENV = "DL1_RUN_DIR"

#: Environment variable that overrides every notebook's seed (``DL1_SEED=1``): one knob moves every
#: stochastic result, so a lesson can be checked under another seed.
SEED_ENV = "DL1_SEED"

#: Environment variable that caps the threads TensorFlow and the BLAS library use (``DL1_THREADS=1``).
THREADS_ENV = "DL1_THREADS"

#: Font sizes and line widths that stay readable on a projector at the back of a lecture hall.
PROJECTOR_STYLE = {
    "figure.figsize": (8.0, 5.0),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 14,
    "axes.titlesize": 16,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 2.5,
    "lines.markersize": 7,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "dl1_probability",  # helpers.colors.PROBABILITY_CMAP: class 0's blue, white, class 1's orange
    "figure.constrained_layout.use": True,
}


@dataclass(frozen=True)
class NotebookContext:
    """What :func:`setup_notebook` hands back to the notebook."""

    name: str
    seed: int
    run_dir: Path
    rng: np.random.Generator

    def seeds(self, count: int) -> list[int]:
        """``count`` seeds derived from this notebook's seed, for repeating a stochastic run.

        They are ``seed, seed + 1, ...``, so ``DL1_SEED`` moves them too.
        """
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
            raise ValueError(f"count must be a positive whole number of seeds, got {count!r}")
        return [self.seed + i for i in range(int(count))]


def silence_tensorflow() -> None:
    """Set the environment variables that keep TensorFlow quiet.

    Raises
    ------
    RuntimeError
        If TensorFlow was already imported, so the settings would come too late.
    """
    if "tensorflow" in sys.modules:
        already = all(os.environ.get(k) == v for k, v in QUIET_TF_ENV.items())
        if not already:
            raise RuntimeError(
                "TensorFlow was imported before setup_notebook(); restart the kernel and "
                "call setup_notebook() in the first cell, before any `import tensorflow` or `import keras`."
            )
        return
    os.environ.update(QUIET_TF_ENV)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def set_plot_style() -> None:
    """Apply :data:`PROJECTOR_STYLE` to matplotlib (large fonts, thick lines, light grid, colour-blind-safe colours)."""
    import matplotlib as mpl
    from cycler import cycler

    from helpers.colors import LINE_COLORS, register_colormaps

    register_colormaps()
    mpl.rcParams.update({**PROJECTOR_STYLE, "axes.prop_cycle": cycler(color=list(LINE_COLORS))})


def project_root() -> Path | None:
    """The repository checkout this package lives in, or ``None`` when installed elsewhere."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir() else None


def run_dir(name: str) -> Path:
    """The gitignored folder a notebook writes into, created if missing.

    It is ``$DL1_RUN_DIR/<name>`` when that variable is set, otherwise ``runs/<name>``
    at the top of the checkout (or in the working directory outside a checkout).

    Parameters
    ----------
    name : str
        The notebook's name, e.g. ``"07_regularization"``. Letters, digits, ``_`` and ``-`` only.
    """
    if not isinstance(name, str) or not name or not all(c.isalnum() or c in "_-" for c in name):
        raise ValueError(f"run folder name must be a non-empty string of letters, digits, '_' or '-', got {name!r}")
    base = os.environ.get(RUN_DIR_ENV)
    if base:
        top = Path(base)
    else:
        root = project_root()
        top = (root if root is not None else Path.cwd()) / "runs"
    path = top / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def describe_figure(figure) -> str:
    """A short text stand-in for a figure: its axes' titles, e.g. ``[figure: Loss | Accuracy]``.

    Notebooks store it as the plain-text form of every inline figure, in place of matplotlib's
    ``<Figure size 640x480 with 2 Axes>``, so text-only views still say what is drawn.
    """
    titles = [ax.get_title() for ax in figure.get_axes() if ax.get_title()]
    suptitle = figure.get_suptitle()
    parts = ([suptitle] if suptitle else []) + titles
    return f"[figure: {' | '.join(parts)}]" if parts else f"[figure with {len(figure.get_axes())} panel(s)]"


def _register_figure_text(shell) -> None:
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["text/plain"].for_type(
        Figure, lambda figure, printer, cycle: printer.text(describe_figure(figure)))


def _whole_number_from_env(name: str, minimum: int) -> int | None:
    """The value of environment variable ``name`` as a whole number ``>= minimum``, or ``None`` when unset."""
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, e.g. {name}={minimum}, got {text!r}")
    return int(text)


def resolve_seed(seed: int) -> int:
    """The notebook's seed: ``$DL1_SEED`` when set, else ``seed``.

    Raises
    ------
    ValueError
        If ``seed`` is not a non-negative integer, or ``DL1_SEED`` is not a whole number.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    override = _whole_number_from_env(SEED_ENV, 0)
    return int(seed) if override is None else override


def limit_threads() -> int | None:
    """Cap TensorFlow's and the BLAS library's threads at ``$DL1_THREADS``, if set; return the cap.

    Call before TensorFlow runs its first operation (``setup_notebook`` does).
    """
    threads = _whole_number_from_env(THREADS_ENV, 1)
    if threads is None:
        return None
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads)
    if "tensorflow" in sys.modules:
        config = sys.modules["tensorflow"].config.threading
        config.set_intra_op_parallelism_threads(threads)
        config.set_inter_op_parallelism_threads(threads)
    return threads


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and (if imported) Keras/TensorFlow."""
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)


def versions_line() -> str:
    """One line naming the versions that matter for reproducing a run."""
    import matplotlib

    parts = [f"Python {platform.python_version()}", f"numpy {np.__version__}"]
    if "tensorflow" in sys.modules:
        parts.append(f"TensorFlow {sys.modules['tensorflow'].__version__}")
    if "keras" in sys.modules:
        parts.append(f"Keras {sys.modules['keras'].__version__}")
    parts.append(f"matplotlib {matplotlib.__version__}")
    return " | ".join(parts)


def setup_notebook(name: str, seed: int = 0, *, keras: bool = True) -> NotebookContext:
    """Prepare a fresh kernel for a notebook. Call it in the first code cell.

    It silences TensorFlow, imports Keras (unless ``keras=False``), fixes every seed,
    applies the projector plot style and prints the versions in one line.

    Parameters
    ----------
    name : str
        The notebook's name; also the name of its run folder.
    seed : int
        The seed for Python, numpy and Keras. The environment variable ``DL1_SEED`` overrides it,
        so one setting moves every stochastic result of a notebook (``DL1_SEED=1``).
        ``DL1_THREADS`` caps TensorFlow's and the BLAS library's threads (``DL1_THREADS=1``).
    keras : bool
        Import Keras (and TensorFlow) now, so later cells start instantly.

    Returns
    -------
    NotebookContext
        ``name``, the seed in force, ``run_dir``, a seeded ``rng`` (:class:`numpy.random.Generator`)
        and ``seeds(n)`` for repeated runs.
    """
    seed = resolve_seed(seed)
    silence_tensorflow()
    if keras:
        import keras as _keras  # noqa: F401  (imported for its side effect: seeding below reaches it)
        import tensorflow as tf

        # TensorFlow's Python logger warns about retracing when a notebook evaluates many small models:
        # noise for a lecture, and it would land on stderr.
        tf.get_logger().setLevel("ERROR")
        # fit(dataset) warns that its default shuffle=True is ignored: a tf.data pipeline (see
        # helpers.data.batches) shuffles itself. Nothing is wrong, so the warning is only noise.
        warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed, but will be ignored", category=UserWarning)
    threads = limit_threads()
    seed_everything(seed)
    set_plot_style()
    try:  # crisp inline figures without a huge notebook file
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            # Loading the inline backend resets every figure formatter; pyplot loads it lazily, at the
            # first figure, so load it now, before registering our own formatter below.
            import matplotlib.pyplot  # noqa: F401
            import matplotlib_inline.backend_inline  # noqa: F401

            shell.run_line_magic("config", "InlineBackend.figure_formats = ['png']")
            shell.run_line_magic("config", "InlineBackend.rc = {}")
            _register_figure_text(shell)
    except ImportError:  # plain Python: no inline backend to configure
        pass
    context = NotebookContext(name=name, seed=seed, run_dir=run_dir(name), rng=np.random.default_rng(seed))
    origin = f" (from {SEED_ENV})" if os.environ.get(SEED_ENV, "").strip() else ""
    limits = f" | {threads} thread{'s' * (threads > 1)}" if threads else ""
    print(f"{versions_line()} | seed {seed}{origin}{limits}")
    return context
