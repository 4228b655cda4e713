"""The set-up promises: one list of dependencies, a conda/Binder file that follows it, CI that runs the README."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _names(requirements):
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_dependencies_are_declared_once_with_bounds_and_platform_markers():
    deps = PYPROJECT["project"]["dependencies"]
    names = _names(deps)
    for needed in ["tensorflow-cpu", "tensorflow", "keras", "jupyterlab", "ipywidgets", "numpy", "matplotlib",
                   "scikit-learn", "vega-datasets", "tensorboard", "pandas"]:
        assert needed in names, needed
    for dep in deps:
        assert "<" in dep, f"{dep!r} needs an upper bound (tested versions)"
    cpu = next(d for d in deps if d.startswith("tensorflow-cpu"))
    full = next(d for d in deps if d.startswith("tensorflow>") or d.startswith("tensorflow="))
    assert "platform_machine == 'x86_64'" in cpu and "sys_platform == 'linux'" in cpu
    assert "platform_machine != 'x86_64'" in full and "sys_platform != 'linux'" in full
    assert {"nbval", "pytest"} <= _names(PYPROJECT["project"]["optional-dependencies"]["test"])


def test_environment_yml_installs_the_project_and_repeats_no_dependency():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    version = python.split("=")[1]
    lower = re.search(r">=(\d+\.\d+)", PYPROJECT["project"]["requires-python"]).group(1)
    upper = re.search(r"<(\d+\.\d+)", PYPROJECT["project"]["requires-python"]).group(1)
    as_tuple = lambda v: tuple(int(p) for p in v.split("."))  # noqa: E731
    assert as_tuple(lower) <= as_tuple(version) < as_tuple(upper), "environment.yml's Python must satisfy requires-python"
    assert pip == ["-e .[test]"], "environment.yml must install the project itself, not a copy of its dependencies"
    declared = _names(PYPROJECT["project"]["dependencies"]) | _names(PYPROJECT["project"]["optional-dependencies"]["test"])
    duplicated = _names(c for c in conda if not c.startswith(("python", "pip"))) & declared
    assert not duplicated, f"environment.yml repeats {duplicated}; declare them only in pyproject.toml"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = ["./course test", "./course anywhere", "./course browser", "./course hub"]
    assert "./course lab" in readme and all(command in readme for command in commands)
    assert [line for line in ci.splitlines() if line.startswith("./course")] == commands
    assert all(line.startswith(("#", "set -euo pipefail", "cd ", "./course ")) for line in ci.splitlines() if line), \
        ".ci/run runs only the README's commands"
