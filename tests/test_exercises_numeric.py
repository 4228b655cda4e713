"""NumericProblem: an exercise stated as data, its givens written once, in its setup."""

import numpy as np
import pytest

from helpers.exercises import Answer, NumericProblem, Outcome, givens_of

SETUP = "x = np.array([2.0, -1.0])\nw = np.array([0.5, 0.5])\nb = 1.0"


def _problem(**changes):
    spec = dict(setup=SETUP, answers=[Answer("z", lambda x, w, b: b + x @ w, wrong_values=[
        (lambda x, w: x @ w, "you left out the bias."),
        (lambda: np.inf, "z overflowed."),
    ], wrong_if=[(lambda z, b: z < b - 10, "far too small.")])], hints=["h"], solution="z = b + x @ w")
    return NumericProblem("weighted sum", **{**spec, **changes})


def test_givens_are_what_the_setup_defines():
    assert set(givens_of(SETUP)) == {"x", "w", "b"}
    assert _problem().givens["b"] == 1.0 and _problem().setup == SETUP
    assert _problem().answers == ("z",)


@pytest.mark.parametrize("answer, outcome, text", [
    (1.5, Outcome.CORRECT, ""),
    (0.5, Outcome.INCORRECT, "you left out the bias."),
    (np.inf, Outcome.INCORRECT, "z overflowed."),
    (-np.inf, Outcome.INCORRECT, "z is -inf; it should be a finite number"),
    (-20.0, Outcome.INCORRECT, "far too small."),
    (3.0, Outcome.INCORRECT, "z is 3, which is not what we expected"),
    ([1.5, 1.5], Outcome.INCORRECT, "z should be a single number"),
])
def test_expected_value_typical_wrong_values_and_tests_of_the_answer(answer, outcome, text):
    feedback = _problem().evaluate(answer)
    assert feedback.outcome is outcome and text in feedback.message


def test_answers_are_checked_in_their_order_and_received_in_call_order():
    problem = NumericProblem("two", setup="a = 1.0", answers=[
        Answer("first", lambda a: a, wrong_values=[(lambda a: a + 1, "first is off by one.")]),
        Answer("second", lambda a: 2 * a, wrong_shapes={(2,): "second is one number."}),
    ], call_order=("second", "first"), hints=["h"], solution="first, second = a, 2 * a")
    assert problem.answers == ("second", "first")
    assert problem.evaluate(2.0, 1.0).correct
    assert problem.evaluate(0.0, 2.0).message == "first is off by one."  # both wrong: the first checked is reported
    assert problem.evaluate([1.0, 2.0], 1.0).message == "second is one number."


@pytest.mark.parametrize("changes, error", [
    (dict(answers=[Answer("z", lambda x, w, c: c)]), r"asks for \['c'\], which the setup does not define"),
    (dict(answers=[Answer("z", lambda x, w, b: b + x @ w, wrong_values=[(lambda b: b + 0.5, "equal")])]),
     "for 'equal' equals the right one"),
    (dict(answers=[Answer("z", lambda x, w, b: b + x @ w, wrong_values=[(lambda x: x, "an array")])]),
     "give it in wrong_shapes"),
    (dict(answers=[Answer("z", lambda b: np.inf * b)]), "the expected z is not finite"),
    (dict(answers=[Answer("z", lambda b: b, wrong_shapes={(): "one number"})]), "lists its right shape"),
    (dict(call_order=("z", "z")), "must name each answer"),
])
def test_a_mistake_in_a_problem_shows_when_it_is_made(changes, error):
    with pytest.raises(ValueError, match=error):
        _problem(**changes)
