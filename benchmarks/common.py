"""What a widget benchmark case is: how to build the widget and which control moves to time."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass
class WidgetCase:
    """Build a widget, then apply ``moves`` (dicts of control values) in turn, timing each.

    ``moves`` is cycled until ``repeats`` timed moves are done. Each move is applied with
    ``widget.set(**move)``, which redraws once; the time runs from the call to the new PNG.
    ``after_build`` may prepare the widget (e.g. press a button) before timing starts.
    """

    name: str
    build: Callable[[], object]
    moves: list[dict]
    repeats: int = 40
    action: Callable[[object, dict], None] | None = None  # custom move, e.g. pressing "step"
    after_build: Callable[[object], None] | None = field(default=None)

    def measure(self) -> tuple[str, int, float, float]:
        widget = self.build()
        if self.after_build:
            self.after_build(widget)
        apply = self.action or (lambda w, move: w.set(**move))
        apply(widget, self.moves[0])  # warm-up, not counted
        times = []
        for i in range(self.repeats):
            move = self.moves[(i + 1) % len(self.moves)]
            start = time.perf_counter()
            apply(widget, move)
            times.append((time.perf_counter() - start) * 1000)
        return self.name, len(times), float(np.percentile(times, 50)), float(np.percentile(times, 95))
