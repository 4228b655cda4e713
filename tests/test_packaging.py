"""The set-up promises: ranges in pyproject.toml, locks that follow them, a conda/Binder file that installs the lock,
CI that runs the README's commands and the lowest versions."""

import importlib.metadata
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402

PYPROJECT = lock.read_pyproject(ROOT)
REQUIRES_PYTHON = SpecifierSet(PYPROJECT["project"]["requires-python"])
LOCKED = lock.read_lock(ROOT / lock.LOCK)
LOWEST = lock.read_lock(ROOT / lock.LOWEST)
# what requirements.lock serves, as each system reports itself in markers; the lowest lock serves the first
PLATFORMS = {
    "Linux x86_64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"},
    "macOS arm64": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64", "os_name": "posix"},
    "Windows x86_64": {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64", "os_name": "nt"},
}
# the first and a late patch release of every Python that requires-python allows
PYTHONS = [f"3.{minor}.{patch}" for minor in range(8, 20) for patch in (0, 99) if f"3.{minor}.{patch}" in REQUIRES_PYTHON]


def _names(requirements):
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def _direct_requirements():
    """What the locks are made from: the dependencies, the test and hub extras and the set-up group."""
    project, extras = PYPROJECT["project"], PYPROJECT["project"]["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["test"], *extras["hub"],
                                     *PYPROJECT["dependency-groups"]["setup"]]]


def _environment(platform, python):
    return {**PLATFORMS[platform], "python_version": python.rsplit(".", 1)[0], "python_full_version": python,
            "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def _applies(marker, environment):
    return marker is None or Marker(str(marker)).evaluate(environment)


def _pins_in(pins, environment):
    """``{name: version}`` of the pins whose markers hold in ``environment``; no name twice."""
    chosen = [pin for pin in pins if _applies(pin.marker, environment)]
    names = [pin.name for pin in chosen]
    assert len(names) == len(set(names)), f"pinned twice: {sorted({n for n in names if names.count(n) > 1})}"
    return {pin.name: pin.version for pin in chosen}


def test_dependencies_are_declared_once_with_bounds_and_platform_markers():
    deps = PYPROJECT["project"]["dependencies"]
    names = _names(deps)
    for needed in ["tensorflow-cpu", "tensorflow", "keras", "jupyterlab", "ipywidgets", "numpy", "matplotlib",
                   "scikit-learn", "vega-datasets", "tensorboard", "pandas"]:
        assert needed in names, needed
    for requirement in _direct_requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators == {">=", "<"}, f"{requirement} needs a lower bound (CI's lowest versions) and an upper one"
    cpu = next(d for d in deps if d.startswith("tensorflow-cpu"))
    full = next(d for d in deps if d.startswith("tensorflow>") or d.startswith("tensorflow="))
    assert "platform_machine == 'x86_64'" in cpu and "sys_platform == 'linux'" in cpu
    assert "platform_machine != 'x86_64'" in full and "sys_platform != 'linux'" in full
    assert {"nbval", "pytest"} <= _names(PYPROJECT["project"]["optional-dependencies"]["test"])


@pytest.mark.parametrize("name", [lock.LOCK, lock.LOWEST])
def test_the_locks_are_made_from_this_pyproject(name):
    assert lock.lock_digest(ROOT / name) == lock.inputs_digest(PYPROJECT), \
        f"pyproject.toml's dependencies changed since {name} was made: run ./course lock and commit both locks"


def test_the_lock_pins_every_range_once_on_every_platform_and_python():
    assert len(PYTHONS) >= 2
    direct = _direct_requirements()
    assert {pin.name for pin in LOCKED if pin.direct} == {canonicalize_name(r.name) for r in direct}
    for platform in PLATFORMS:
        for python in PYTHONS:
            environment = _environment(platform, python)
            pins = _pins_in(LOCKED, environment)
            for requirement in direct:
                if _applies(requirement.marker, environment):
                    version = pins.get(canonicalize_name(requirement.name))
                    assert version in requirement.specifier, f"{platform}, Python {python}: {requirement} has {version}"


def test_the_lowest_lock_pins_every_range_at_its_lower_bound():
    environment = _environment("Linux x86_64", PYTHONS[0])
    pins = _pins_in(LOWEST, environment)
    direct = [r for r in _direct_requirements() if _applies(r.marker, environment)]
    assert {pin.name for pin in LOWEST if pin.direct} == {canonicalize_name(r.name) for r in direct}
    for requirement in direct:
        lower = next(spec.version for spec in requirement.specifier if spec.operator == ">=")
        locked = pins[canonicalize_name(requirement.name)]
        assert Version(locked) == Version(lower), \
            f"{requirement}: the lowest installable version is {locked}; raise the lower bound to it"


def _version_line(notebook):
    """``{"numpy": "2.4.6", ...}`` from the line setup_notebook printed in the stored first code cell."""
    cell = next(c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
    text = "".join(out.get("text", "") for out in cell["outputs"] if out.get("name") == "stdout")
    line = next(line for line in text.splitlines() if line.startswith("Python "))
    return dict(part.rsplit(" ", 1) for part in line.split(" | ") if not part.startswith("seed"))


def test_the_stored_notebooks_show_the_locked_versions():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for notebook in notebooks:  # executed on Linux x86_64 (tools/nbtool.py), so with tensorflow-cpu
        shown = _version_line(notebook)
        assert shown.pop("Python") in REQUIRES_PYTHON
        pins = _pins_in(LOCKED, _environment("Linux x86_64", PYTHONS[0]))
        locked = {"numpy": pins["numpy"], "TensorFlow": pins["tensorflow-cpu"], "Keras": pins["keras"],
                  "matplotlib": pins["matplotlib"]}
        assert shown == locked, f"{notebook.name} was executed with other versions than requirements.lock's"


def test_this_environment_holds_exactly_its_lock():
    """What pip freeze lists equals the lock for this platform (pip itself comes with the venv)."""
    stamp = Path(sys.prefix) / ".dl1-installed"
    if not stamp.is_file() or len(stamp.read_text().split()) != 2:
        pytest.skip("this environment was not built from a lock by ./course")
    lock_name = stamp.read_text().split()[1]
    expected = _pins_in(lock.read_lock(ROOT / lock_name), None)  # None: this interpreter's own markers
    installed = sorted((canonicalize_name(d.metadata["Name"]), d.version) for d in importlib.metadata.distributions()
                       if canonicalize_name(d.metadata["Name"]) not in {"pip", "dl1-notebooks"})
    assert installed == sorted(expected.items()), f"the environment differs from {lock_name}"


def test_environment_yml_installs_the_lock_then_the_project():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    assert python.split("=")[1] + ".0" in REQUIRES_PYTHON, "environment.yml's Python must satisfy requires-python"
    assert pip == [f"-r {lock.LOCK}"], "environment.yml must install exactly the lock (hashes checked)"
    assert not [c for c in conda if not c.startswith(("python", "pip"))], "conda brings only Python and pip"
    post_build = (ROOT / "postBuild").read_text()  # Binder runs it after environment.yml
    assert re.search(r"^python -m pip install --no-deps -e \.$", post_build, re.MULTILINE)


def test_ci_runs_the_readme_commands_and_the_lowest_versions():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = ["./course test", "./course anywhere", "./course browser", "./course hub", "./course lowest"]
    assert "./course lab" in readme and "./course lock" in readme and all(command in readme for command in commands)
    assert [line for line in ci.splitlines() if line.startswith("./course")] == commands
    assert all(line.startswith(("#", "set -euo pipefail", "cd ", "./course ")) for line in ci.splitlines() if line), \
        ".ci/run runs only the README's commands"
