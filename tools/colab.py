"""Add, update, check or remove the install lines that make a notebook work in Google Colab.

    python tools/colab.py --repo https://github.com/ORG/REPO notebooks/*.ipynb           # add or update
    python tools/colab.py --repo https://github.com/ORG/REPO --check notebooks/*.ipynb   # exit 1 if missing/stale
    python tools/colab.py --remove notebooks/*.ipynb

The first code cell of every notebook starts with ``import helpers``. This tool replaces that line
with a guarded import: where the course's ``helpers`` package is installed (JupyterLab from
``./course lab``, Binder, CI) nothing changes; where it is missing (Colab) the cell installs it from
the course's git repository with ``%pip`` and carries on::

    try:  # Colab or another hosted Jupyter without the course's helpers: install them, then carry on
        import helpers
    except ModuleNotFoundError:
        %pip install --quiet --no-deps "dl1-notebooks @ git+https://github.com/ORG/REPO@main"
        import helpers

``--no-deps``: Colab already has TensorFlow, Keras 3, matplotlib, scikit-learn, pandas, ipywidgets and
vega_datasets; installing the project's pinned ``tensorflow-cpu`` beside Colab's own TensorFlow would
give two copies of TensorFlow. Only the source of the cell changes: execute the notebook again
(``python tools/nbtool.py execute ...``) before committing. The repository URL defaults to
``git remote get-url origin``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARKER = "try:  # Colab or another hosted Jupyter without the course's helpers: install them, then carry on"
PACKAGE = "dl1-notebooks"


def install_block(repo: str, ref: str = "main") -> str:
    """The lines that replace ``import helpers`` in the first code cell."""
    if not repo.startswith(("https://", "git@", "ssh://", "file://")) or any(c in repo for c in "\"' \n"):
        raise ValueError(f"repo must be a git URL such as https://github.com/ORG/REPO, got {repo!r}")
    if not ref or any(c in ref for c in "\"' \n@"):
        raise ValueError(f"ref must be a branch, tag or commit name, got {ref!r}")
    return (f"{MARKER}\n"
            "    import helpers\n"
            "except ModuleNotFoundError:\n"
            f'    %pip install --quiet --no-deps "{PACKAGE} @ git+{repo}@{ref}"\n'
            "    import helpers")


def _strip_block(source: str) -> str:
    """The cell source with an existing install block turned back into ``import helpers``."""
    lines = source.split("\n")
    if not lines or lines[0] != MARKER:
        return source
    imports = [i for i, line in enumerate(lines) if line == "    import helpers"]
    if len(imports) < 2:
        raise ValueError("the first code cell starts with the Colab marker but its install block is damaged; "
                         "fix it by hand or restore the cell")
    return "\n".join(["import helpers", *lines[imports[1] + 1:]])


def first_code_cell(notebook):
    cell = next((c for c in notebook.cells if c.cell_type == "code"), None)
    if cell is None or ("import helpers" not in cell.source.split("\n") and not cell.source.startswith(MARKER)):
        raise ValueError("the first code cell must contain the line `import helpers` (see CONTRIBUTING.md)")
    return cell


def with_install_block(source: str, block: str | None) -> str:
    """``source`` with its ``import helpers`` line replaced by ``block`` (or restored when ``block`` is None)."""
    plain = _strip_block(source)
    if block is None:
        return plain
    lines = plain.split("\n")
    at = lines.index("import helpers")
    return "\n".join([*lines[:at], block, *lines[at + 1:]])


def default_repo() -> str | None:
    result = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or None if result.returncode == 0 else None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--repo", help="the course's git URL (default: git remote get-url origin)")
    parser.add_argument("--ref", default="main", help="branch, tag or commit to install (default: main)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not up to date")
    mode.add_argument("--remove", action="store_true", help="turn the install lines back into `import helpers`")
    args = parser.parse_args(argv)
    try:
        block = None if args.remove else install_block(args.repo or default_repo() or "", args.ref)
    except ValueError as problem:
        print(f"{problem} (pass --repo)", file=sys.stderr)
        return 2
    stale = []
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        try:
            cell = first_code_cell(notebook)
            wanted = with_install_block(cell.source, block)
        except ValueError as problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return 2
        if wanted == cell.source:
            print(f"{path}: up to date")
        elif args.check:
            stale.append(path)
            print(f"{path}: the install lines are missing or out of date")
        else:
            cell.source = wanted
            nbformat.write(notebook, path)
            print(f"{path}: {'removed' if args.remove else 'install lines written'}; execute it again before committing")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
