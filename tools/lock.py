"""Regenerate the two lock files (``./course lock``) and read them (tests/test_packaging.py).

    ./course lock                          # after changing pyproject.toml: keeps every pin that still fits
    ./course lock --upgrade                # every pin to the newest version the ranges allow
    ./course lock --upgrade-package numpy  # one package

``requirements.lock`` pins, with hashes, every package ``./course`` installs, for Linux, macOS and Windows
on every Python that ``requires-python`` allows: markers choose ``tensorflow-cpu`` on Linux x86_64 and
``tensorflow`` elsewhere. ``./course`` and environment.yml install it.

``requirements-lowest.lock`` pins every direct dependency at the lowest version pyproject.toml allows (what
those need at their newest) for Linux x86_64 and the lowest Python. CI installs it (``./course lowest``) and
runs the whole suite, so the lower bounds are proven.

uv resolves (``uv pip compile``); ``./course`` installs it from the ``setup`` dependency group. Each lock
starts with a digest of pyproject.toml's dependency tables, and the tests fail when pyproject.toml changed
without the locks.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = "requirements.lock"
LOWEST = "requirements-lowest.lock"
DIGEST = "# pyproject.toml dependencies sha256: "
_DIRECT = re.compile(r"#\s+(?:via )?dl1-notebooks \(pyproject\.toml(?::\w+)?\)$")


@dataclass(frozen=True)
class Pin:
    """One line of a lock: ``name==version ; marker``; ``direct`` if pyproject.toml asks for it by name."""

    name: str
    version: str
    marker: str | None
    direct: bool


def read_pyproject(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())


def dependency_tables(pyproject: dict) -> dict:
    """What the locks are made from: requires-python, the dependencies, the extras and the groups."""
    project = pyproject["project"]
    return {"requires-python": project["requires-python"], "dependencies": project["dependencies"],
            "optional-dependencies": project.get("optional-dependencies", {}),
            "dependency-groups": pyproject.get("dependency-groups", {})}


def inputs_digest(pyproject: dict) -> str:
    return hashlib.sha256(json.dumps(dependency_tables(pyproject), sort_keys=True).encode()).hexdigest()


def lowest_python(pyproject: dict) -> str:
    """The ``>=`` bound of requires-python, e.g. ``"3.11"``."""
    lower = [s.version for s in SpecifierSet(pyproject["project"]["requires-python"]) if s.operator == ">="]
    if len(lower) != 1:
        raise ValueError("requires-python needs exactly one '>=' bound")
    return lower[0]


def read_lock(path: Path) -> list[Pin]:
    """Every pin of a ``uv pip compile`` lock (continuation lines joined, hashes dropped)."""
    pins, current = [], None
    for line in path.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            requirement, _, marker = line.rstrip(" \\").partition(";")
            name, version = requirement.strip().split("==")
            current = dict(name=canonicalize_name(name), version=version, marker=marker.strip() or None, direct=False)
            pins.append(current)
        elif current is not None and _DIRECT.search(line.strip()):
            current["direct"] = True
    return [Pin(**pin) for pin in pins]


def lock_digest(path: Path) -> str | None:
    """The digest a lock was made from, or None if its header has none."""
    for line in path.read_text().splitlines():
        if line.startswith(DIGEST):
            return line.removeprefix(DIGEST).strip()
        if not line.startswith("#"):
            return None
    return None


def compile_commands(pyproject: dict, uv: str, extra: list[str]) -> dict[str, list[str]]:
    """The ``uv pip compile`` command line of each lock."""
    common = [uv, "pip", "compile", "pyproject.toml", "--extra", "test", "--extra", "hub",
              "--group", "pyproject.toml:setup",
              "--python-version", lowest_python(pyproject), "--only-binary", ":all:", "--generate-hashes",
              "--custom-compile-command", "./course lock", "--quiet", *extra]
    return {LOCK: [*common, "--universal", "-o", LOCK],
            LOWEST: [*common, "--resolution", "lowest-direct", "--python-platform", "x86_64-unknown-linux-gnu",
                     "-o", LOWEST]}


def write_locks(extra: list[str], root: Path = ROOT) -> None:
    """Resolve both locks with uv (from the running environment) and stamp them with the inputs' digest."""
    pyproject = read_pyproject(root)
    uv = str(Path(sys.executable).with_name("uv"))
    for name, command in compile_commands(pyproject, uv, extra).items():
        subprocess.run(command, cwd=root, check=True)
        path = root / name
        first, command, body = path.read_text().split("\n", 2)  # uv's header: a title, then the command
        path.write_text(f"{first}\n{command}\n{DIGEST}{inputs_digest(pyproject)}\n{body}")
        print(f"{name}: {len(read_lock(path))} pins")


if __name__ == "__main__":
    write_locks(sys.argv[1:])
