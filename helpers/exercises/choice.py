"""The "commit to an answer" problem: predict what will happen before running it, or diagnose a curve.

A problem is data::

    q2 = ChoiceProblem(
        "2. Which learning rates diverge?",
        choices=[Choice("diverging", options=[0.1, 0.5, 0.9, 1.1, 2.0], answer={1.1, 2.0}, why={
            0.9: "0.9 < 2/a = 1: each step shrinks |w| by |1 - 0.9 a| = 0.1 ...",
            1.1: "...",
        })],
        hints=[...], solution="diverging = [1.1, 2.0]", kind="predict")

An answer is one option, or for a choice whose ``answer`` is a set, any collection of options (a list,
tuple, set or array; order and repeats do not matter). Text options match whatever their case and the
spaces around them; number options match numbers close to them. ``why`` explains an option: it is shown
when a student picks it wrongly, or leaves it out when it belongs, so a wrong prediction is answered with
the reason, not only "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from helpers.exercises.checks import Incorrect, describe
from helpers.exercises.problem import Problem


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class Choice:
    """One committed answer of a :class:`ChoiceProblem`.

    Parameters
    ----------
    name : str
        The answer's name in the exercise cell, e.g. ``"prediction"``.
    options : sequence of str or numbers
        What the student may answer.
    answer : option, or set of options
        The right option, or (a set) the right options together.
    why : mapping of option to str
        Why an option is right or wrong; shown when it is picked wrongly or missed.
    """

    name: str
    options: Sequence
    answer: object
    why: Mapping = field(default_factory=dict)

    def __post_init__(self):
        if not self.options or len({self._key(o) for o in self.options}) != len(self.options):
            raise ValueError(f"{self.name}: options must be distinct and not empty")
        for option in [*self.right_options, *self.why]:
            if self._match(option) is None:
                raise ValueError(f"{self.name}: {option!r} is not one of the options {list(self.options)}")

    @property
    def several(self) -> bool:
        return isinstance(self.answer, (set, frozenset))

    @property
    def right_options(self) -> list:
        return list(self.answer) if self.several else [self.answer]

    @staticmethod
    def _key(option):
        return option.strip().casefold() if isinstance(option, str) else float(option)

    def _match(self, value):
        """The option ``value`` stands for, or None."""
        if isinstance(value, str):
            return next((o for o in self.options if isinstance(o, str) and self._key(o) == self._key(value)), None)
        if _is_number(value) and np.isfinite(float(value)):
            return next((o for o in self.options if _is_number(o) and np.isclose(float(o), float(value),
                                                                                 rtol=1e-6, atol=1e-12)), None)
        return None

    def _listed(self) -> str:
        return ", ".join(repr(o) if isinstance(o, str) else f"{o:g}" for o in self.options)

    def _picked(self, value) -> list:
        """The options the student's ``value`` names; Incorrect for anything that is not options."""
        if isinstance(value, np.ndarray):
            value = value.tolist()
        single = isinstance(value, str) or _is_number(value)
        items = [value] if single else (list(value) if isinstance(value, (list, tuple, set, frozenset)) else None)
        if items is None or not items:
            form = "one option or a list of options" if self.several else "one option"
            raise Incorrect(f"{self.name} should be {form} from: {self._listed()}; got {describe(value)}.")
        picked = []
        for item in items:
            option = self._match(item)
            if option is None:
                raise Incorrect(f"{describe(item) if not isinstance(item, str) else repr(item)} is not one of the "
                                f"options for {self.name}: {self._listed()}.")
            if option not in picked:
                picked.append(option)
        if not self.several and len(picked) > 1:
            raise Incorrect(f"{self.name} takes one option; you gave {len(picked)}. Commit to one.")
        return picked

    def check(self, value) -> None:
        picked = self._picked(value)
        right = self.right_options
        for option in picked:
            if option not in right:
                raise Incorrect(self.why.get(option, f"{option!r} is not right. Look again, then commit."))
        for option in right:
            if option not in picked:
                raise Incorrect(self.why.get(option, "you left out an option that belongs. Look again."))


class ChoiceProblem(Problem):
    """A :class:`Problem` whose answers are committed choices: a prediction, or a diagnosis and its fix.

    Parameters
    ----------
    name, hints, solution, setup, correct_message
        As for :class:`Problem`.
    choices : sequence of Choice
        What ``check`` receives, in this order; the first wrong one is reported.
    kind : str
        ``"predict"`` (commit, then the next cell shows it) or ``"diagnose"`` (name a problem and its fix).
    """

    def __init__(self, name: str, choices: Sequence[Choice], hints: Sequence[str], solution: str, setup: str = "",
                 correct_message: str = "well done.", kind: str = "predict"):
        if kind not in ("predict", "diagnose"):
            raise ValueError(f"kind must be 'predict' or 'diagnose', got {kind!r}")
        self.choices = list(choices)
        super().__init__(name, self._check_all, hints, solution, setup=setup,
                         answers=[choice.name for choice in self.choices], correct_message=correct_message, kind=kind)

    def _check_all(self, *values) -> None:
        for choice, value in zip(self.choices, values):
            choice.check(value)


__all__ = ["Choice", "ChoiceProblem"]
