"""Exercises with instant feedback, in the style of Kaggle's learntools.

Each exercise is a :class:`Problem`. In the notebook a student sees::

    x = np.array([1.0, 2.0]); w = np.array([0.5, -1.0]); b = 0.25   # given
    z = ____            # your answer replaces the placeholder
    q1.check(z)         # then q1.hint() or q1.solution() if stuck

``check`` never raises on a student's answer: a wrong value, a wrong type, a wrong
shape, or a function that crashes all give an *incorrect* message that says what is off;
the untouched placeholder ``____`` gives *not attempted*.

Writing a problem: a ``checker(*answers)`` returns nothing when the answer is right and
raises :class:`Incorrect` with a helpful message otherwise. The ``expect_*`` helpers do the
common comparisons and already raise friendly messages.
"""

from __future__ import annotations

import enum
import html
import traceback
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np


class _Placeholder:
    """The blank a student replaces. Any use of it in arithmetic stays a placeholder."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "____"

    def _same(self, *args, **kwargs):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same
    __matmul__ = __rmatmul__ = __pow__ = __rpow__ = __neg__ = __call__ = __getitem__ = _same

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self


#: The blank in exercise cells. Anything computed from it is still the blank.
____ = _Placeholder()


class Outcome(enum.Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not attempted"


class Incorrect(Exception):
    """Raised by a checker with the message the student should see."""


class _NotAttempted(Exception):
    """Raised when a student's function still returns the placeholder."""


@dataclass(frozen=True)
class Feedback:
    """What a check, a hint or a solution says; displays as coloured HTML or plain text."""

    kind: str  # "correct", "incorrect", "not attempted", "hint", "solution"
    message: str
    code: str | None = None

    _COLORS = {"correct": "#1a7f37", "incorrect": "#cf222e", "not attempted": "#0969da", "hint": "#9a6700",
               "solution": "#8250df"}
    _TITLES = {"correct": "Correct", "incorrect": "Incorrect", "not attempted": "Not attempted yet",
               "hint": "Hint", "solution": "Solution"}

    @property
    def outcome(self) -> Outcome | None:
        try:
            return Outcome(self.kind)
        except ValueError:
            return None

    @property
    def correct(self) -> bool:
        return self.kind == "correct"

    def __str__(self):
        text = f"{self._TITLES[self.kind]}: {self.message}".rstrip(": ")
        return text + (f"\n\n{self.code}" if self.code else "")

    __repr__ = __str__

    def _repr_html_(self):
        color = self._COLORS[self.kind]
        body = f"<span style='color:{color};font-weight:bold'>{self._TITLES[self.kind]}</span>"
        if self.message:
            body += f": {html.escape(self.message)}"
        if self.code:
            body += f"<pre style='margin-top:0.4em'>{html.escape(self.code)}</pre>"
        return f"<div style='border-left:4px solid {color};padding:0.3em 0.8em'>{body}</div>"


def _show(feedback: Feedback) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(feedback)
            return
    except ImportError:  # plain Python
        pass
    print(feedback)


def _contains_placeholder(value) -> bool:
    if value is ____:
        return True
    if isinstance(value, (list, tuple, set)):
        return any(_contains_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_placeholder(v) for v in value.values())
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(_contains_placeholder(v) for v in value.ravel())
    return False


class Problem:
    """One exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    Parameters
    ----------
    name : str
        Short label shown with the feedback, e.g. ``"1. The weighted sum"``.
    checker : callable(*answers)
        Returns ``None`` when right; raises :class:`Incorrect` with a helpful message when wrong.
    hints : sequence of str
        Shown one at a time by ``hint()``, ``hint(2)``, ...
    solution : str
        The code a student would type in place of the placeholder line(s).
    setup : str
        The givens the exercise cell starts with (tests run ``setup`` then ``solution``).
    answers : sequence of str
        The names that ``solution`` defines and ``check`` receives, in order.
    correct_message : str
        Said when the answer is right: a sentence that adds something.
    """

    def __init__(self, name: str, checker: Callable, hints: Sequence[str], solution: str, setup: str = "",
                 answers: Sequence[str] = (), correct_message: str = "well done."):
        if not hints:
            raise ValueError("a problem needs at least one hint")
        self.name = name
        self.checker = checker
        self.hints = list(hints)
        self.solution_code = solution.strip()
        self.setup = setup.strip()
        self.answers = tuple(answers)
        self.correct_message = correct_message

    def __repr__(self):
        return f"<Problem {self.name!r}: call .check(...), .hint() or .solution()>"

    def evaluate(self, *answers) -> Feedback:
        """Judge ``answers`` without displaying anything. Never raises."""
        if not answers or any(_contains_placeholder(a) for a in answers):
            return Feedback("not attempted", "replace the ____ placeholder with your answer, then run the cell "
                                             "again. Stuck? Call .hint().")
        try:
            self.checker(*answers)
        except _NotAttempted:
            return Feedback("not attempted", "your function still returns the ____ placeholder: replace it with "
                                             "your code, then run the cell again. Stuck? Call .hint().")
        except Incorrect as wrong:
            return Feedback("incorrect", str(wrong))
        except Exception as error:  # the student's code raised, or produced something we cannot compare
            where = traceback.extract_tb(error.__traceback__)[-1]
            return Feedback("incorrect", f"evaluating your answer raised {type(error).__name__}: {error} "
                                         f"(at line {where.lineno} of {where.name}). Check the types and "
                                         f"shapes you use.")
        return Feedback("correct", self.correct_message)

    def check(self, *answers) -> None:
        """Check the answer and show the verdict."""
        _show(self.evaluate(*answers))

    def hint(self, n: int = 1) -> None:
        """Show hint number ``n`` (1-based)."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(self.hints):
            _show(Feedback("hint", f"there are {len(self.hints)} hint(s): call .hint() to .hint({len(self.hints)})."))
            return
        more = f" (more: .hint({n + 1}))" if n < len(self.hints) else ""
        _show(Feedback("hint", self.hints[n - 1] + more))

    def solution(self) -> None:
        """Show the reference solution."""
        _show(Feedback("solution", "one way to write it:", code=self.solution_code))


# ---------------------------------------------------------------------------------------------
# Checking helpers: each raises Incorrect with a message a student can act on.
# ---------------------------------------------------------------------------------------------


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__} ({value!r:.60})"


def expect_number(answer, name: str = "your answer") -> float:
    """The answer as a float, or Incorrect if it is not a single real number."""
    if isinstance(answer, bool) or answer is None:
        raise Incorrect(f"{name} should be a number, got {answer!r}. Did you forget to assign or return it?")
    if isinstance(answer, (str, bytes)):
        raise Incorrect(f"{name} should be a number, got the text {answer!r}; remove the quotes.")
    try:
        array = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        raise Incorrect(f"{name} should be a number, got {_describe(answer)}.") from None
    if array.size != 1:
        raise Incorrect(f"{name} should be a single number, got {_describe(np.asarray(answer))}.")
    value = float(array.reshape(()))
    if not np.isfinite(value):
        raise Incorrect(f"{name} is {value}; it should be a finite number. Look for a division by zero or an overflow.")
    return value


def expect_array(answer, shape=None, name: str = "your answer") -> np.ndarray:
    """The answer as a float array of the expected ``shape``, or Incorrect."""
    if isinstance(answer, (str, bytes)) or answer is None or callable(answer) and not hasattr(answer, "__array__"):
        raise Incorrect(f"{name} should be a numpy array, got {_describe(answer)}.")
    try:
        array = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        raise Incorrect(f"{name} should be a numeric array, got {_describe(answer)}.") from None
    if shape is not None and array.shape != tuple(shape):
        raise Incorrect(f"{name} should have shape {tuple(shape)}, got shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise Incorrect(f"{name} contains NaN or infinite values; look for an overflow or a division by zero.")
    return array


def expect_close(answer, expected, name: str = "your answer", rtol: float = 1e-5, atol: float = 1e-6,
                 wrong_hints: Sequence[tuple[object, str]] = ()) -> None:
    """Incorrect unless ``answer`` matches ``expected`` in shape and value.

    ``wrong_hints`` pairs typical wrong values with a specific message, e.g.
    ``[(z_without_bias, "did you forget the bias b?")]``.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if expected.ndim == 0:
        actual = expect_number(answer, name)
    else:
        actual = expect_array(answer, expected.shape, name)
    if np.allclose(actual, expected, rtol=rtol, atol=atol):
        return
    for wrong_value, message in wrong_hints:
        if np.shape(wrong_value) == np.shape(actual) and np.allclose(actual, wrong_value, rtol=rtol, atol=atol):
            raise Incorrect(message)
    shown = np.array2string(np.asarray(actual), precision=4, threshold=8)
    raise Incorrect(f"{name} is {shown}, which is not what we expected. Re-read the formula and try again.")


def expect_function(answer, name: str = "your function") -> Callable:
    """Incorrect unless ``answer`` is callable."""
    if not callable(answer):
        raise Incorrect(f"{name} should be a function (defined with def), got {_describe(answer)}.")
    return answer


def call_student(function: Callable, *args, name: str = "your function"):
    """Call a student's function, turning any exception into an Incorrect that names it."""
    try:
        result = function(*args)
    except Incorrect:
        raise
    except Exception as error:
        raise Incorrect(f"calling {name} raised {type(error).__name__}: {error}") from None
    if _contains_placeholder(result):
        raise _NotAttempted()
    return result


def describe_model(model) -> list[tuple[str, int | None, str | None]]:
    """``(layer type, units, activation)`` for each layer, through public attributes only."""
    rows = []
    for layer in getattr(model, "layers", []):
        activation = getattr(layer, "activation", None)
        rows.append((type(layer).__name__, getattr(layer, "units", None),
                     getattr(activation, "__name__", None) if activation is not None else None))
    return rows


def expect_keras_model(answer, layers: Sequence[tuple[str, int | None, str | None]], n_params: int | None = None,
                       name: str = "your model") -> None:
    """Incorrect unless ``answer`` is a Keras model with these ``(type, units, activation)`` layers.

    ``None`` in a layer tuple means "any". Only public attributes are read.
    """
    if not (hasattr(answer, "layers") and hasattr(answer, "count_params")):
        raise Incorrect(f"{name} should be a Keras model (e.g. keras.Sequential([...])), got {_describe(answer)}.")
    actual = describe_model(answer)
    if len(actual) != len(layers):
        raise Incorrect(f"{name} has {len(actual)} layers ({', '.join(t for t, _, _ in actual) or 'none'}); "
                        f"expected {len(layers)}.")
    for i, ((a_type, a_units, a_act), (e_type, e_units, e_act)) in enumerate(zip(actual, layers), start=1):
        if e_type is not None and a_type != e_type:
            raise Incorrect(f"layer {i} is a {a_type}; expected a {e_type}.")
        if e_units is not None and a_units != e_units:
            raise Incorrect(f"layer {i} has {a_units} units; expected {e_units}.")
        if e_act is not None and a_act != e_act:
            raise Incorrect(f"layer {i} uses activation {a_act!r}; expected {e_act!r}.")
    if n_params is not None:
        try:
            count = answer.count_params()
        except ValueError:
            raise Incorrect(f"{name} is not built yet: start it with keras.Input(shape=...).") from None
        if count != n_params:
            raise Incorrect(f"{name} has {count} parameters; expected {n_params}.")


__all__ = ["____", "Problem", "Incorrect", "Outcome", "Feedback", "expect_number", "expect_array", "expect_close",
           "expect_function", "call_student", "describe_model", "expect_keras_model"]
