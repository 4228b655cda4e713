"""The declarative problem: "a number (or array) close to this value, with these typical wrong values and their
hints", as Kaggle learntools' ``EqualityCheckProblem``.

A problem is data, not a checker written again::

    q1 = NumericProblem(
        "1. The weighted sum",
        setup="x = np.array([2.0, -1.0, 0.5])\\nw = np.array([0.4, 0.3, -2.0])\\nb = 0.25",
        answers=[Answer("z", lambda x, w, b: b + x @ w, wrong_values=[
            (lambda x, w: x @ w, "close: you left out the bias b."),
        ])],
        hints=["..."], solution="z = b + x @ w")

The givens are stated once, in ``setup``, the code the exercise cell starts with: it is run (with numpy as
``np``) when the problem is made, and each function of an :class:`Answer` receives the givens its parameters
name (a parameter with a default keeps it unless a given has its name). Every expected and typical wrong
value is computed then, so a mistake in a problem shows at import.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from helpers.exercises.checks import expect_close
from helpers.exercises.problem import Problem


def givens_of(setup: str) -> dict:
    """The names ``setup`` defines, run with numpy as ``np``."""
    namespace = {"np": np}
    exec(compile(setup, "<setup>", "exec"), namespace)
    return {name: value for name, value in namespace.items() if name != "np" and not name.startswith("__")}


def _parameters(function: Callable, available, what: str) -> list[str]:
    """The parameters of ``function`` to fill from ``available``: all required ones, and the optional ones it has."""
    parameters = inspect.signature(function).parameters.values()
    missing = [p.name for p in parameters if p.default is p.empty and p.name not in available]
    if missing:
        raise ValueError(f"{what} asks for {missing}, which the setup does not define")
    return [p.name for p in parameters if p.name in available]


def _computed(function: Callable, givens: dict, what: str) -> np.ndarray:
    return np.asarray(function(**{name: givens[name] for name in _parameters(function, givens, what)}),
                      dtype=np.float64)


@dataclass(frozen=True)
class Answer:
    """One answer of a :class:`NumericProblem`, every value a function of the givens its parameters name.

    Parameters
    ----------
    name : str
        The answer's name in the exercise cell, e.g. ``"w_new"``.
    expected : callable(**givens)
        The right value: a number, or an array whose shape the answer must have.
    wrong_values : sequence of (callable(**givens), str)
        Typical wrong values (NaN or inf allowed) and what to tell a student who gives one.
    wrong_shapes : mapping of shape to str
        Typical wrong shapes and their message.
    wrong_if : sequence of (callable, str)
        Tests of the student's value, which the callable receives under the answer's ``name`` (with any
        givens it names): a true result gives the message. Tried after the typical wrong values.
    rtol, atol : float
        The tolerance of "close" (``np.allclose``).
    """

    name: str
    expected: Callable
    wrong_values: Sequence[tuple[Callable, str]] = ()
    wrong_shapes: Mapping[tuple, str] = field(default_factory=dict)
    wrong_if: Sequence[tuple[Callable, str]] = ()
    rtol: float = 1e-5
    atol: float = 1e-6

    def bound_to(self, givens: dict) -> Callable[[object], None]:
        """The check of one student value against this answer, its values computed from ``givens``."""
        expected = _computed(self.expected, givens, f"the expected {self.name}")
        if not np.all(np.isfinite(expected)):
            raise ValueError(f"the expected {self.name} is not finite: {expected}")
        if expected.shape in self.wrong_shapes:
            raise ValueError(f"wrong_shapes of {self.name} lists its right shape, {expected.shape}")
        wrong = [(_computed(value, givens, f"a wrong {self.name}"), message) for value, message in self.wrong_values]
        for value, message in wrong:
            if value.shape != expected.shape:
                raise ValueError(f"the typical wrong {self.name} for {message!r} has shape {value.shape}, never "
                                 f"that of an answer, {expected.shape}: give it in wrong_shapes")
            if np.allclose(value, expected, rtol=self.rtol, atol=self.atol):
                raise ValueError(f"the typical wrong {self.name} for {message!r} equals the right one")
        tests = [(self._test_of_answer(test, givens), message) for test, message in self.wrong_if]
        return functools.partial(expect_close, expected=expected, name=self.name, rtol=self.rtol, atol=self.atol,
                                 wrong_hints=wrong, wrong_shapes=dict(self.wrong_shapes), wrong_if=tests)

    def _test_of_answer(self, test: Callable, givens: dict) -> Callable[[np.ndarray], bool]:
        names = _parameters(test, {**givens, self.name: None}, f"a test of {self.name}")

        def is_wrong(values: np.ndarray) -> bool:
            return bool(test(**{name: values if name == self.name else givens[name] for name in names}))

        return is_wrong


class NumericProblem(Problem):
    """A :class:`Problem` whose answers are numbers or arrays close to values computed from its ``setup``.

    Parameters
    ----------
    name, hints, solution, correct_message
        As for :class:`Problem`.
    setup : str
        The givens, as the exercise cell states them; the only place they are written.
    answers : sequence of Answer
        What ``check`` receives, checked in this order: the first wrong one is reported.
    call_order : sequence of str, optional
        The order in which ``check(...)`` receives the answers, when it differs from the order in which
        they are best checked.
    kind : str
        As for :class:`Problem`; ``"formula"`` unless the numbers are a prediction.
    """

    def __init__(self, name: str, setup: str, answers: Sequence[Answer], hints: Sequence[str], solution: str,
                 correct_message: str = "well done.", call_order: Sequence[str] | None = None,
                 kind: str = "formula"):
        names = [answer.name for answer in answers]
        call_order = tuple(names if call_order is None else call_order)
        if sorted(call_order) != sorted(names) or len(set(names)) != len(names):
            raise ValueError(f"call_order {call_order} must name each answer {names} once")
        self.givens = givens_of(setup)
        self._checks = [(answer.name, answer.bound_to(self.givens)) for answer in answers]
        super().__init__(name, self._check_all, hints, solution, setup=setup, answers=call_order,
                         correct_message=correct_message, kind=kind)

    def _check_all(self, *values) -> None:
        by_name = dict(zip(self.answers, values))
        for name, check in self._checks:
            check(by_name[name])
