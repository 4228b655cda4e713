"""Every exercise in every notebook, found from the notebooks themselves.

For each ``qN.check(...)`` cell: the reference solution, put where the student types, passes;
the untouched cell says "not attempted"; hints and the solution display; and no odd answer a
student might pass (wrong type, wrong shape, text, complex numbers, huge integers, a class, a
function, nothing, the wrong number of answers) makes our code raise, warn or show Python internals.
The per-notebook test files add the typical wrong answers and their specific messages.
"""

import importlib
import json
import re

import numpy as np
import pytest

from helpers.exercises import Feedback, FunctionProblem, NumericProblem, Outcome
from tests.exercise_harness import NOTEBOOKS, run_solution_in_cell, run_untouched_cell, solution_answers


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
NUMERIC = [param for param in EXERCISES if isinstance(param.values[2], NumericProblem)]


@pytest.fixture(scope="module")
def odd_answers():
    """Answers no exercise asks for, but that students pass."""
    import keras

    def student_function(z):
        return z

    return [None, "0.5", b"0.5", "", [], {}, (), set(), {"a": 1}, np.zeros((7, 7)), np.array(["a", "b"]),
            np.array("-0.25"), [1.0, "2"], student_function, lambda *a: None, lambda *a: 1 / 0, print, np.exp,
            object(), np.ndarray, float, keras.Sequential, keras.Model, keras.layers.Dense(3), keras.Sequential(), np,
            float("nan"), float("inf"), -np.inf, 1e308, np.full(3, 1e308), np.full((2, 2), -1e308), 10**400,
            -(10**400), [10**400, 1], 1 + 2j, np.array([0.5 + 1j, 2.0]), -1, True, np.True_, [[1.0, 2.0], [3.0]],
            [[[0.123]]], [None, 1.0], range(3), (v for v in [1.0]), Ellipsis, NotImplemented]


def _friendly(feedback) -> bool:
    """A message a student can read: not empty, no traceback, no memory address, no exception text."""
    message = feedback.message
    return bool(message.strip()) and not any(bad in message for bad in ("Traceback", "0x", "Error:", "(at line"))


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
def test_odd_answers_get_a_sentence_never_a_traceback_a_warning_or_stderr(notebook, label, problem, odd_answers,
                                                                           capsys, recwarn):
    right = solution_answers(notebook, label, problem)
    recwarn.clear()
    capsys.readouterr()
    for odd in odd_answers:
        for position in range(len(right)):  # the odd answer in each place, the right ones elsewhere
            answers = [odd if i == position else value for i, value in enumerate(right)]
            feedback = problem.evaluate(*answers)
            assert isinstance(feedback, Feedback) and feedback.outcome is Outcome.INCORRECT, (odd, position, feedback)
            assert _friendly(feedback), (odd, feedback.message)
    for answers in [right[:-1], (*right, right[-1])]:  # one answer too few, one too many
        feedback = problem.evaluate(*answers)
        assert feedback.outcome is Outcome.INCORRECT and _friendly(feedback), feedback
        assert f"check({', '.join(problem.answers)})" in feedback.message
    assert not [str(w.message) for w in recwarn]
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("notebook, label, problem", NUMERIC)
def test_numeric_answers_as_text_or_complex_are_refused(notebook, label, problem):
    right = [np.asarray(value) for value in solution_answers(notebook, label, problem)]
    for position in range(len(right)):
        def replaced(value):
            return [value if i == position else v for i, v in enumerate(right)]

        as_text = problem.evaluate(*replaced(right[position].astype(str)))
        assert as_text.outcome is Outcome.INCORRECT and "text" in as_text.message, as_text
        as_complex = problem.evaluate(*replaced(right[position] + 1j))
        assert as_complex.outcome is Outcome.INCORRECT and "imaginary" in as_complex.message, as_complex


@pytest.mark.parametrize("notebook, label, problem", NUMERIC)
def test_numeric_answers_accepted_in_every_correct_form(notebook, label, problem):
    right = [np.asarray(value) for value in solution_answers(notebook, label, problem)]
    for form in [np.ndarray.tolist, lambda a: a.astype(np.float32), lambda a: a.astype(np.float64),
                 lambda a: a + 0j]:
        feedback = problem.evaluate(*[form(value) for value in right])
        assert feedback.correct, (form, feedback)


@pytest.mark.parametrize("notebook, label, problem", EXERCISES)
def test_hints_and_solution_display(notebook, label, problem, capsys):
    problem.hint()
    problem.hint(len(problem.hints))
    problem.solution()
    out = capsys.readouterr().out
    assert problem.hints[0] in out and problem.solution_code in out


FUNCTIONS = [param for param in EXERCISES if isinstance(param.values[2], FunctionProblem)]


def _in_forms(function, outputs: int, form):
    """``function`` with each returned value put in another ``form``."""
    def wrapped(*args):
        result = function(*args)
        return tuple(form(r) for r in result) if outputs > 1 else form(result)

    return wrapped


@pytest.mark.parametrize("notebook, label, problem", FUNCTIONS)
def test_a_right_function_is_accepted_whatever_it_returns_numbers_as(notebook, label, problem):
    import tensorflow as tf

    (function,) = solution_answers(notebook, label, problem)
    for form in [np.asarray, lambda r: np.asarray(r).tolist(), lambda r: np.asarray(r, dtype=np.float32),
                 tf.constant]:
        feedback = problem.evaluate(_in_forms(function, len(problem.outputs), form))
        assert feedback.correct, (form, feedback)


@pytest.mark.parametrize("notebook, label, problem", FUNCTIONS)
def test_odd_functions_get_a_sentence(notebook, label, problem, capsys, recwarn):
    (function,) = solution_answers(notebook, label, problem)
    n = len(problem.outputs)

    def noisy(*args):
        np.exp(np.float32(1000.0))  # an overflow warning inside the student's code
        print("debugging output")
        return function(*args)

    odd = [lambda *args: (v for v in [1.0]), lambda *args: {"a": 1}, lambda *args: "text", lambda *args: None,
           lambda *args: [function(*args)] * (n + 1), lambda *args, **kwargs: 1 / 0, lambda: 1.0, print, np.exp,
           lambda *args: _in_forms(function, n, lambda r: np.asarray(r) + 1j)(*args)]
    recwarn.clear()
    capsys.readouterr()
    for student in odd:
        feedback = problem.evaluate(student)
        assert feedback.outcome is Outcome.INCORRECT and _friendly(feedback), (student, feedback)
    assert problem.evaluate(noisy).correct
    assert not [str(w.message) for w in recwarn]
    assert capsys.readouterr().err == ""
