"""Shared checks for every notebook's exercises.

An exercise cell in a notebook has three parts, in order::

    <problem.setup>            # the givens, verbatim
    <the student's lines>      # containing ____ placeholders
    qN.check(<answers>)        # the last line

:func:`solved_source` swaps the student's lines for ``problem.solution_code`` -- the reference
solution put exactly where the student types -- so tests run what a student would run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from helpers.exercises import ____, Outcome

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def notebook_code_cells(notebook: str) -> list[str]:
    nb = json.loads((NOTEBOOKS / notebook).read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def exercise_cell(notebook: str, label: str) -> str:
    """The code cell whose last line is ``<label>.check(...)``."""
    pattern = re.compile(rf"^{re.escape(label)}\.check\(.*\)\s*$")
    found = [s for s in notebook_code_cells(notebook) if s.strip() and pattern.match(s.strip().splitlines()[-1])]
    assert len(found) == 1, f"{notebook}: expected exactly one cell ending in {label}.check(...), found {len(found)}"
    return found[0]


def split_exercise_cell(source: str, problem) -> tuple[str, str, str]:
    """``(setup, student lines, check line)``; asserts the cell follows the convention."""
    text = source.strip()
    assert text.startswith(problem.setup), f"the cell must start with the problem's setup:\n{problem.setup}"
    body = text[len(problem.setup):].strip("\n")
    lines = body.splitlines()
    check_line = lines[-1]
    student = "\n".join(lines[:-1])
    assert "____" in student, "the student's part of the cell must contain the ____ placeholder"
    return problem.setup, student, check_line


def _run(source: str, label: str, problem, namespace: dict | None = None) -> tuple[tuple, object]:
    """Run a cell with ``label.check`` replaced by ``evaluate``; return what check received and the Feedback."""
    ns = {"np": np, "____": ____, **(namespace or {})}
    captured = {}

    class _Recorder:
        def check(self, *answers):
            captured["answers"] = answers
            captured["feedback"] = problem.evaluate(*answers)

    ns[label] = _Recorder()
    exec(compile(source, f"<{label} cell>", "exec"), ns)
    return captured["answers"], captured["feedback"]


def run_cell(source: str, label: str, problem, namespace: dict | None = None):
    """Run an exercise cell that follows the convention; return the Feedback."""
    split_exercise_cell(source, problem)
    return _run(source, label, problem, namespace)[1]


def solved_source(source: str, problem) -> str:
    setup, _student, check_line = split_exercise_cell(source, problem)
    return "\n".join([setup, problem.solution_code, check_line])


def run_solution_in_cell(notebook: str, label: str, problem, namespace: dict | None = None):
    """The reference solution, put where the student types, run as the student would."""
    return _run(solved_source(exercise_cell(notebook, label), problem), label, problem, namespace)[1]


def solution_answers(notebook: str, label: str, problem) -> tuple:
    """The values the reference solution, put in the cell, passes to ``check``."""
    return _run(solved_source(exercise_cell(notebook, label), problem), label, problem)[0]


def run_untouched_cell(notebook: str, label: str, problem, namespace: dict | None = None):
    """The exercise cell exactly as committed (placeholders in place)."""
    return run_cell(exercise_cell(notebook, label), label, problem, namespace)


def run_student_answer(notebook: str, label: str, problem, student_lines: str, namespace: dict | None = None):
    """The notebook's exercise cell with the student's lines replaced by ``student_lines`` (e.g. a typical mistake)."""
    setup, _, check_line = split_exercise_cell(exercise_cell(notebook, label), problem)
    source = "\n".join([setup, student_lines, "# ____ (the student typed over the placeholder)", check_line])
    return run_cell(source, label, problem, namespace)


def assert_incorrect(feedback, text: str) -> None:
    """The feedback says *incorrect* with ``text`` in its message."""
    assert feedback.outcome is Outcome.INCORRECT, feedback
    assert text in feedback.message, feedback.message


def typical_mistakes_test(notebook: str, module, cases):
    """A test of ``(label, student lines, text)`` cases: typed in the notebook's cell, each gets its message."""

    @pytest.mark.parametrize("label, student_lines, text", cases)
    def test_typical_wrong_answers_get_a_helpful_message(label, student_lines, text):
        assert_incorrect(run_student_answer(notebook, label, getattr(module, label), student_lines), text)

    return test_typical_wrong_answers_get_a_helpful_message
