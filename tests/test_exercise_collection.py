"""The exercises as a collection: enough of them, of every kind, where the concept is taught, none repeated.

Each notebook has at least five exercises, among them at least one "write a function" (the check calls
the student's function on inputs they have not seen) and one "predict, then run"; at least one sits right
after the concept it practises, before the notebook's closing "Exercises" section. Across the collection
there are at least 35 exercises and at least three "diagnose" ones, and no two ask the same thing.
"""

import collections
import json
import re

import pytest

from tests.exercise_harness import NOTEBOOKS
from tests.test_exercise_cells import EXERCISES

BY_NOTEBOOK = collections.defaultdict(list)
for param in EXERCISES:
    BY_NOTEBOOK[param.values[0]].append(param.values[2])
NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOK_NAMES)
def test_each_notebook_has_five_exercises_of_the_required_kinds(notebook):
    kinds = [problem.kind for problem in BY_NOTEBOOK[notebook]]
    assert len(kinds) >= 5, f"{notebook}: {len(kinds)} exercises, at least 5 wanted"
    assert "function" in kinds, f"{notebook}: no 'write a function' exercise ({kinds})"
    assert "predict" in kinds, f"{notebook}: no 'predict, then run' exercise ({kinds})"


@pytest.mark.parametrize("notebook", NOTEBOOK_NAMES)
def test_an_exercise_sits_where_its_concept_is_taught(notebook):
    cells = json.loads((NOTEBOOKS / notebook).read_text())["cells"]
    heading = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                   and re.search(r"^#+ .*Exercises", "".join(c["source"]), re.M))
    early = [i for i, c in enumerate(cells[:heading]) if c["cell_type"] == "code"
             and re.search(r"^q\d+\.check\(", "".join(c["source"]), re.M)]
    assert early, f"{notebook}: every exercise is at the end; put one right after the concept it practises"


def test_the_collection_is_big_and_varied():
    problems = [param.values[2] for param in EXERCISES]
    kinds = collections.Counter(problem.kind for problem in problems)
    assert len(problems) >= 35, kinds
    assert kinds["diagnose"] >= 3, kinds


def test_no_exercise_is_asked_twice():
    seen = {}
    for param in EXERCISES:
        notebook, label, problem = param.values
        key = re.sub(r"^\d+\.\s*", "", problem.name).casefold()
        assert key not in seen, f"{notebook} {label} and {seen[key]} are the same exercise: {problem.name!r}"
        seen[key] = f"{notebook} {label}"
    solutions = collections.Counter(param.values[2].solution_code for param in EXERCISES)
    assert not [code for code, count in solutions.items() if count > 1]
