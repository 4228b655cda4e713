"""The "write a function" problem: the check calls the student's function on inputs they have not seen.

A problem is data::

    q3 = FunctionProblem(
        "3. Softmax with a temperature",
        function_name="softmax_with_temperature",
        reference=lambda z, T: ...,                       # the right function
        cases=lambda rng: [(rng.normal(size=5), T) for T in (0.5, 1.0, 4.0)],   # hidden inputs
        wrong_functions=[(lambda z, T: softmax(z * T), "you multiplied by T; divide by it.")],
        hints=[...], solution="def softmax_with_temperature(z, T):\\n    ...")

The hidden inputs come from ``cases(rng)`` with a fixed generator, so the check is the same on every
machine; a case is a tuple of positional arguments, and the student's function receives fresh copies,
so it cannot spoil the next case by changing its inputs. Every expected and typical wrong result is
computed when the problem is made, so a mistake in a problem shows at import.
"""

from __future__ import annotations

import copy
import inspect
from typing import Callable, Sequence

import numpy as np

from helpers.exercises.checks import Incorrect, call_student, describe, expect_close, expect_function
from helpers.exercises.problem import Problem

#: The generator seed of every problem's hidden inputs.
HIDDEN_INPUTS_SEED = 20261202


def _as_outputs(result, count: int) -> tuple:
    return tuple(result) if count > 1 else (result,)


def _argument_summary(case: tuple) -> str:
    """``"an array of shape (5, 3), 0.5"``: what the hidden inputs were like, without their values."""
    def one(value):
        if isinstance(value, np.ndarray):
            return f"an array of shape {value.shape}"
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            return f"{value:g}"
        return describe(value)

    return ", ".join(one(value) for value in case)


class FunctionProblem(Problem):
    """A :class:`Problem` whose answer is a function, called on hidden inputs and compared with a reference.

    Parameters
    ----------
    name, hints, solution, setup, correct_message
        As for :class:`Problem`. ``setup`` holds what the cell gives (a small example to try, say).
    function_name : str
        The name the student's ``def`` uses; ``check`` receives the function itself.
    reference : callable(*case)
        The right function. It returns one array, or a tuple of ``len(outputs)`` arrays.
    cases : callable(rng) -> sequence of tuples
        The hidden inputs: each tuple is the positional arguments of one call.
    outputs : sequence of str, optional
        Names of the returned values when the function returns a tuple (e.g. ``("dW1", "db1")``).
    wrong_functions : sequence of (callable, str)
        Typical wrong functions and what to tell a student whose function gives their results on every case.
    rtol, atol : float
        The tolerance of "close".
    kind : str
        The exercise kind shown in lists (``"function"``).
    """

    def __init__(self, name: str, function_name: str, reference: Callable, cases: Callable, hints: Sequence[str],
                 solution: str, setup: str = "", outputs: Sequence[str] = (),
                 wrong_functions: Sequence[tuple[Callable, str]] = (), rtol: float = 1e-5, atol: float = 1e-6,
                 correct_message: str = "well done.", kind: str = "function"):
        self.function_name = function_name
        self.outputs = tuple(outputs) or (function_name,)
        self.rtol, self.atol = rtol, atol
        self.cases = [tuple(case) for case in cases(np.random.default_rng(HIDDEN_INPUTS_SEED))]
        if not self.cases:
            raise ValueError(f"{name}: cases gave no hidden inputs")
        self.expected = [self._results(reference, case, "the reference") for case in self.cases]
        self.parameters = list(inspect.signature(reference).parameters)
        self.wrong = [([self._results(function, case, f"a wrong function for {message!r}") for case in self.cases],
                       message) for function, message in wrong_functions]
        for results, message in self.wrong:
            if all(self._matches(got, want) for got, want in zip(results, self.expected)):
                raise ValueError(f"{name}: the wrong function for {message!r} gives the right results")
        super().__init__(name, self._check_function, hints, solution, setup=setup, answers=(function_name,),
                         correct_message=correct_message, kind=kind)

    def _results(self, function: Callable, case: tuple, what: str) -> tuple:
        results = _as_outputs(function(*copy.deepcopy(case)), len(self.outputs))
        if len(results) != len(self.outputs):
            raise ValueError(f"{what} returns {len(results)} values; outputs names {len(self.outputs)}")
        return tuple(np.asarray(r, dtype=np.float64) for r in results)

    def _matches(self, got: tuple, want: tuple) -> bool:
        return all(g.shape == w.shape and np.allclose(g, w, rtol=self.rtol, atol=self.atol, equal_nan=True)
                   for g, w in zip(got, want))

    def _student_outputs(self, function: Callable, case: tuple) -> tuple:
        result = call_student(function, *copy.deepcopy(case), name=f"{self.function_name}")
        if len(self.outputs) == 1:
            return (result,)
        if not isinstance(result, (tuple, list)) or len(result) != len(self.outputs):
            raise Incorrect(f"{self.function_name} should return {len(self.outputs)} values, "
                            f"{', '.join(self.outputs)}, as a tuple (return {', '.join(self.outputs)}); "
                            f"it returned {describe(result)}.")
        return tuple(result)

    def _expect_arguments(self, function) -> None:
        """Incorrect unless ``function`` can be called with the arguments the reference takes."""
        try:
            inspect.signature(function).bind(*self.cases[0])
        except TypeError:
            wanted = ", ".join(self.parameters)
            raise Incorrect(f"{self.function_name} should take {len(self.parameters)} argument"
                            f"{'s' * (len(self.parameters) != 1)}, in this order: "
                            f"def {self.function_name}({wanted}).") from None
        except ValueError:  # a builtin without a signature: let the call tell
            pass

    def _check_function(self, function) -> None:
        expect_function(function, self.function_name)
        if inspect.isbuiltin(function):  # print, len, ...: never the answer, and calling print would print
            raise Incorrect(f"{self.function_name} should be the function you write with "
                            f"def {self.function_name}(...); {getattr(function, '__name__', 'that')} is one of "
                            f"Python's built-in functions.")
        self._expect_arguments(function)
        results = [self._student_outputs(function, case) for case in self.cases]
        as_arrays = []
        for outputs in results:
            try:
                as_arrays.append(tuple(np.asarray(o, dtype=np.float64) for o in outputs))
            except (TypeError, ValueError, OverflowError):
                as_arrays = None
                break
        if as_arrays is not None:
            for wrong_results, message in self.wrong:
                if all(self._matches(got, want) for got, want in zip(as_arrays, wrong_results)):
                    raise Incorrect(message)
        for case, outputs, expected in zip(self.cases, results, self.expected):
            for output_name, value, want in zip(self.outputs, outputs, expected):
                try:
                    expect_close(value, want, name=output_name, rtol=self.rtol, atol=self.atol)
                except Incorrect as wrong:
                    raise Incorrect(f"on a test input you have not seen ({_argument_summary(case)}): "
                                    f"{wrong}") from None
