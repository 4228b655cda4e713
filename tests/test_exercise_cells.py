"""Every exercise in every notebook, found from the notebooks themselves.

For each ``qN.check(...)`` cell: the reference solution, put where the student types, passes;
the untouched cell says "not attempted"; hints and the solution display; and no odd answer a
student might pass (wrong type, wrong shape, a function, nothing) makes our code raise.
The per-notebook test files add the typical wrong answers and their specific messages.
"""

import importlib
import json
import re

import numpy as np
import pytest

from helpers.exercises import Feedback, Outcome
from tests.exercise_harness import NOTEBOOKS, run_solution_in_cell, run_untouched_cell


def _exercises():
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        modules = re.findall(r"^from helpers\.exercises\.(\w+) import", source, re.M)
        labels = sorted(set(re.findall(r"^(q\d+)\.check\(", source, re.M)), key=lambda q: int(q[1:]))
        assert len(modules) == 1, f"{path.name} should import its problems from one helpers.exercises module"
        module = importlib.import_module(f"helpers.exercises.{modules[0]}")
        found += [pytest.param(path.name, label, getattr(module, label), id=f"{path.stem}-{label}") for label in labels]
    return found


EXERCISES = _exercises()
ODD_ANSWERS = [None, "0.5", "", [], {}, (), np.zeros((7, 7)), np.array(["a", "b"]), lambda *a: None,
               lambda *a: 1 / 0, object(), float("nan"), 1e308, -1, True]


def test_every_notebook_has_exercises():
    assert len({param.values[0] for param in EXERCISES}) >= 7


@pytest.mark.parametrize("notebook, label, problem", EXERCISES)
def test_solution_put_in_the_cell_passes(notebook, label, problem):
    feedback = run_solution_in_cell(notebook, label, problem)
    assert feedback.outcome is Outcome.CORRECT, feedback.message


@pytest.mark.parametrize("notebook, label, problem", EXERCISES)
def test_untouched_cell_is_not_attempted(notebook, label, problem):
    feedback = run_untouched_cell(notebook, label, problem)
    assert feedback.outcome is Outcome.NOT_ATTEMPTED, feedback.message


@pytest.mark.parametrize("notebook, label, problem", EXERCISES)
def test_odd_answers_get_a_message_never_a_traceback(notebook, label, problem):
    n_answers = max(1, len(problem.answers))
    for odd in ODD_ANSWERS:
        feedback = problem.evaluate(*[odd] * n_answers)
        assert isinstance(feedback, Feedback) and feedback.outcome is not Outcome.CORRECT, (odd, feedback)
        assert feedback.message.strip(), f"{odd!r} got an empty message"


@pytest.mark.parametrize("notebook, label, problem", EXERCISES)
def test_hints_and_solution_display(notebook, label, problem, capsys):
    problem.hint()
    problem.hint(len(problem.hints))
    problem.solution()
    out = capsys.readouterr().out
    assert problem.hints[0] in out and problem.solution_code in out
