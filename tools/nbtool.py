"""Developer tool for the notebooks: execute them for committing, and keep their metadata tidy.

    python tools/nbtool.py execute notebooks/01_perceptron.ipynb [...]   # fresh kernel, hermetic, outputs saved
    python tools/nbtool.py slides  notebooks/*.ipynb                    # (re)apply slideshow metadata only

``execute`` runs each notebook top to bottom in a fresh kernel with the same hermetic
environment CI uses (temporary KERAS_HOME, MPLCONFIGDIR, IPYTHONDIR, JUPYTER_CONFIG_DIR and
run folder), so the committed outputs are exactly what a student's Run All shows, with
execution counts 1, 2, 3, ... It prints each notebook's Run All time.

Cells starting with ``# NBVAL_SKIP`` (CI skips them; e.g. ``%tensorboard``) are run for the
execution count but stored without outputs.

Slide metadata: a markdown cell starting with ``#`` or ``##`` opens a slide, one starting
with ``###`` a sub-slide; every other cell continues the current one. A cell whose metadata
already names a slide type keeps it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERMETIC_VARS = ("KERAS_HOME", "MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "DL1_RUN_DIR")


def hermetic_env(tmp: Path) -> dict:
    env = {name: str(tmp / name.lower()) for name in HERMETIC_VARS}
    for path in env.values():
        Path(path).mkdir(parents=True, exist_ok=True)
    env.update(TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", PYTHONHASHSEED="0")
    return env


def apply_slides(nb) -> None:
    for cell in nb.cells:
        slideshow = cell.metadata.setdefault("slideshow", {})
        if "slide_type" in slideshow and cell.metadata.get("dl1_auto_slide") is None:
            continue
        source = cell.source.lstrip()
        if cell.cell_type == "markdown" and (source.startswith("# ") or source.startswith("## ")):
            kind = "slide"
        elif cell.cell_type == "markdown" and source.startswith("### "):
            kind = "subslide"
        else:
            kind = "-"
        slideshow["slide_type"] = kind
        cell.metadata["dl1_auto_slide"] = True


def execute(path: Path, timeout: int = 600) -> float:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    apply_slides(nb)
    with tempfile.TemporaryDirectory(prefix="dl1-exec-") as tmp:
        env = hermetic_env(Path(tmp))
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                                    resources={"metadata": {"path": str(path.parent)}})
            start = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - start
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    clear_skipped_outputs(nb)
    nb.metadata.pop("widgets", None)  # stale widget state: static renders should use each widget's PNG
    nbformat.write(nb, path)
    return seconds


def clear_skipped_outputs(nb) -> None:
    """Cells CI skips (``# NBVAL_SKIP``, e.g. ``%tensorboard``) start servers or need a live browser:
    whatever they printed during this run would only mislead a reader, so keep them empty."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith("# NBVAL_SKIP"):
            cell.outputs = []


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"execute", "slides"}:
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in paths:
        if command == "slides":
            nb = nbformat.read(path, as_version=4)
            apply_slides(nb)
            nbformat.write(nb, path)
            print(f"{path}: slide metadata applied")
        else:
            seconds = execute(path)
            print(f"{path}: executed in {seconds:.1f} s (kernel start included)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
