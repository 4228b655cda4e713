"""Start one student's server: their own copy of the course notebooks, then ``jupyterhub-singleuser``.

The hub's spawner runs this with the course environment's Python, as the student, in the student's
home folder (``$HOME``). On the first start it copies the repository's ``notebooks/`` to
``~/notebooks`` (later starts keep the student's edits), points the notebooks' run folder at
``~/runs`` so that no two students write into one folder, then replaces itself with
``jupyterhub-singleuser`` from the same environment, passing on its arguments.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

COURSE_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def prepare_home(home: Path, notebooks: Path = COURSE_NOTEBOOKS) -> Path:
    """Copy ``notebooks`` into ``home/notebooks`` unless it is there already; return that folder."""
    target = home / "notebooks"
    if not target.exists():
        shutil.copytree(notebooks, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def main() -> None:
    home = Path(os.environ.get("HOME") or Path.home())
    prepare_home(home)
    os.environ.setdefault("DL1_RUN_DIR", str(home / "runs"))
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    os.execv(singleuser, [str(singleuser), *sys.argv[1:]])


if __name__ == "__main__":
    main()
