"""The two newer exercise kinds: a function run on hidden inputs, and a committed choice."""

import numpy as np
import pytest

from helpers.exercises import ____, Choice, ChoiceProblem, FunctionProblem, Outcome


def _softmax(z, T):
    e = np.exp((z - z.max()) / T)
    return e / e.sum()


@pytest.fixture(scope="module")
def softmax_problem():
    return FunctionProblem("softmax with T", "softmax_t", _softmax,
                           cases=lambda rng: [(rng.normal(size=5) * 3, T) for T in (0.5, 1.0, 4.0)],
                           wrong_functions=[(lambda z, T: _softmax(z * T, 1.0), "you multiplied by T; divide by it.")],
                           hints=["divide by T"], solution="def softmax_t(z, T):\n    ...")


@pytest.fixture(scope="module")
def backward_problem():
    def backward(x, w):
        return 2 * x * w, x ** 2

    return FunctionProblem("two outputs", "grads", backward, outputs=("dx", "dw"),
                           cases=lambda rng: [(rng.normal(size=3), rng.normal(size=3))], hints=["h"], solution="...")


@pytest.mark.parametrize("answer, outcome, text", [
    (_softmax, Outcome.CORRECT, ""),
    (lambda z, T: np.exp(z / T) / np.exp(z / T).sum(), Outcome.CORRECT, ""),
    (lambda z, T: _softmax(z * T, 1.0), Outcome.INCORRECT, "you multiplied by T"),
    (lambda z, T: _softmax(z, 1.0), Outcome.INCORRECT, "on a test input you have not seen (an array of shape (5,)"),
    (lambda z, T: ____, Outcome.NOT_ATTEMPTED, "placeholder"),
    (lambda z: z, Outcome.INCORRECT, "should take 2 arguments, in this order: def softmax_t(z, T)"),
    (lambda z, T: 1 / 0, Outcome.INCORRECT, "stopped with ZeroDivisionError"),
    (lambda z, T: None, Outcome.INCORRECT, "got None"),
    (3.0, Outcome.INCORRECT, "should be a function"),
    (np.exp, Outcome.INCORRECT, "softmax_t"),
])
def test_function_problem_outcomes(softmax_problem, answer, outcome, text):
    feedback = softmax_problem.evaluate(answer)
    assert feedback.outcome is outcome and text in feedback.message, feedback


def test_function_problem_passes_copies_so_a_mutating_function_cannot_change_the_cases(softmax_problem):
    def mutating(z, T):
        result = _softmax(z, T)
        z[:] = 0.0
        return result

    assert softmax_problem.evaluate(mutating).correct and softmax_problem.evaluate(_softmax).correct


def test_function_problem_with_several_outputs(backward_problem):
    assert backward_problem.evaluate(lambda x, w: (2 * x * w, x ** 2)).correct
    one = backward_problem.evaluate(lambda x, w: 2 * x * w)
    assert "should return 2 values, dx, dw" in one.message
    swapped = backward_problem.evaluate(lambda x, w: (x ** 2, 2 * x * w))
    assert swapped.outcome is Outcome.INCORRECT and "dx" in swapped.message


def test_function_problem_refuses_a_wrong_function_that_is_right():
    with pytest.raises(ValueError, match="gives the right results"):
        FunctionProblem("bad", "f", lambda x: x, cases=lambda rng: [(1.0,)], wrong_functions=[(lambda x: x, "m")],
                        hints=["h"], solution="")


@pytest.fixture(scope="module")
def diverging():
    return ChoiceProblem("which diverge", [Choice("diverging", [0.1, 0.5, 1.1, 2.0], {1.1, 2.0},
                                                  why={0.5: "0.5 converges: |1 - 0.5 a| < 1.",
                                                       1.1: "1.1 > 2/a: every step overshoots further."})],
                         hints=["h"], solution="diverging = [1.1, 2.0]")


@pytest.mark.parametrize("answer, outcome, text", [
    ([1.1, 2.0], Outcome.CORRECT, ""), ((2, 1.1), Outcome.CORRECT, ""), (np.array([2.0, 1.1, 2.0]), Outcome.CORRECT, ""),
    ({1.1, 2.0}, Outcome.CORRECT, ""),
    ([2.0], Outcome.INCORRECT, "1.1 > 2/a"), ([0.5, 1.1, 2.0], Outcome.INCORRECT, "0.5 converges"),
    ("1.1", Outcome.INCORRECT, "is not one of the options"), (0.7, Outcome.INCORRECT, "is not one of the options"),
    ([], Outcome.INCORRECT, "one option or a list of options"), (None, Outcome.INCORRECT, "got None"),
    (____, Outcome.NOT_ATTEMPTED, ""), ([____], Outcome.NOT_ATTEMPTED, ""),
])
def test_choice_outcomes(diverging, answer, outcome, text):
    feedback = diverging.evaluate(answer)
    assert feedback.outcome is outcome and text in feedback.message, feedback


def test_a_diagnosis_and_its_fix():
    problem = ChoiceProblem("curves", [
        Choice("problem", ["overfitting", "underfitting"], "overfitting", why={"underfitting": "the train loss is low"}),
        Choice("fix", ["more epochs", "dropout"], "dropout")], hints=["h"], solution="", kind="diagnose")
    assert problem.kind == "diagnose" and problem.evaluate(" Overfitting ", "DROPOUT").correct
    assert "the train loss is low" in problem.evaluate("underfitting", "dropout").message
    assert "takes one option" in problem.evaluate(["overfitting", "underfitting"], "dropout").message
    assert "check(problem, fix)" in problem.evaluate("overfitting").message


def test_choices_are_validated_when_made():
    with pytest.raises(ValueError, match="not one of the options"):
        Choice("c", ["a", "b"], "c")
    with pytest.raises(ValueError, match="distinct"):
        Choice("c", ["a", "A"], "a")
    with pytest.raises(ValueError, match="kind must be"):
        ChoiceProblem("p", [Choice("c", ["a"], "a")], hints=["h"], solution="", kind="guess")


@pytest.mark.parametrize("builtin", [print, np.exp, max, len])
def test_a_builtin_is_refused_before_it_is_called(softmax_problem, builtin, capsys):
    feedback = softmax_problem.evaluate(builtin)
    assert feedback.outcome is Outcome.INCORRECT and "not yours: write def softmax_t(z, T)" in feedback.message
    assert capsys.readouterr() == ("", "")
