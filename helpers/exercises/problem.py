"""A :class:`Problem` and what it says: the ``____`` blank, the outcomes, and the coloured :class:`Feedback`."""

from __future__ import annotations

import enum
import html
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from helpers.exercises.checks import Incorrect, NotAttempted, contains_placeholder, describe


class Outcome(enum.Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not attempted"


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


_BLANK_LEFT = Feedback("not attempted", "replace the ____ placeholder with your answer, then run the cell again. "
                                        "Stuck? Call .hint().")
_FUNCTION_UNTOUCHED = Feedback("not attempted", "your function still returns the ____ placeholder: replace it "
                                                "with your code, then run the cell again. Stuck? Call .hint().")


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
        The names that ``solution`` defines and ``check`` receives, in order. When given, a call with
        another number of answers is told so.
    correct_message : str
        Said when the answer is right: a sentence that adds something.
    kind : str
        What the student does, for lists of exercises: ``"formula"`` (fill in a formula), ``"function"``
        (write a function the check runs on unseen inputs), ``"predict"`` (commit to a prediction, then
        run), ``"diagnose"`` (name a problem and its fix), ``"model"`` (build a Keras model) or
        ``"capstone"`` (train and evaluate a model end to end).
    """

    KINDS = ("formula", "function", "predict", "diagnose", "model", "capstone")

    def __init__(self, name: str, checker: Callable, hints: Sequence[str], solution: str, setup: str = "",
                 answers: Sequence[str] = (), correct_message: str = "well done.", kind: str = "formula"):
        if not hints:
            raise ValueError("a problem needs at least one hint")
        if kind not in self.KINDS:
            raise ValueError(f"kind must be one of {self.KINDS}, got {kind!r}")
        self.kind = kind
        self.name = name
        self.checker = checker
        self.hints = list(hints)
        self.solution_code = solution.strip()
        self.setup = setup.strip()
        self.answers = tuple(answers)
        self.correct_message = correct_message

    def __repr__(self):
        return f"<Problem {self.name!r}: call .check(...), .hint() or .solution()>"

    def _call_form(self) -> str:
        return f"check({', '.join(self.answers)})"

    def evaluate(self, *answers) -> Feedback:
        """Judge ``answers`` without displaying anything. Never raises, never warns."""
        if (not answers and not self.answers) or any(contains_placeholder(a) for a in answers):
            return _BLANK_LEFT
        if self.answers and len(answers) != len(self.answers):
            count = f"{len(self.answers)} answer{'s' * (len(self.answers) > 1)}"
            return Feedback("incorrect", f"this check takes {count}, in this order: {self._call_form()}; "
                                         f"it got {len(answers)}.")
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                self.checker(*answers)
            except NotAttempted:
                return _FUNCTION_UNTOUCHED
            except Incorrect as wrong:
                return Feedback("incorrect", str(wrong))
            except Exception:  # an answer no check foresaw: say what was expected, never our internals
                got = ", ".join(describe(a) for a in answers)
                return Feedback("incorrect", f"this answer could not be checked (got {got}). Compare its type "
                                             f"and shape with what the exercise asks for.")
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
