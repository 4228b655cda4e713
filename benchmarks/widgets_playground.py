"""Benchmark cases for the playground of notebook 04: control changes, and live training frames.

A *frame* is what play does over and over: one epoch of training plus a redraw. The
"04 playground: live frames" case times :meth:`PlaygroundWidget.step` and prints the frames per
second it implies (target: at least 10 on the course machine).
"""

from __future__ import annotations

from benchmarks.common import WidgetCase


def _build(preset: str):
    def build():
        from helpers.widgets.playground import PlaygroundWidget

        return PlaygroundWidget(preset)

    return build


def _frame(widget, _move) -> None:
    widget.step(1)


def _first_visit(widget, move) -> None:
    widget.explorer.backgrounds.clear()  # forget the kept backgrounds: as if each dataset were new
    widget.set(**move)


_DATASET_MOVES = [{"dataset": "spiral", "layers": 3}, {"dataset": "circle", "layers": 1},
                  {"dataset": "blobs4", "layers": 2}, {"dataset": "wine3", "layers": 1}]


class FramesPerSecondCase(WidgetCase):
    """Times frames (one epoch + redraw) and also prints the frames per second."""

    def measure(self):
        name, n, p50, p95 = super().measure()
        print(f"  {name}: {1000.0 / p50:.1f} frames per second at the median frame ({p50:.1f} ms)", flush=True)
        return name, n, p50, p95


CASES = [
    WidgetCase("04 playground: change dataset and network", _build("xor needs a hidden layer"),
               moves=_DATASET_MOVES, repeats=30),
    WidgetCase("04 playground: change dataset, first visit", _build("xor needs a hidden layer"),
               moves=_DATASET_MOVES, repeats=30, action=_first_visit),
    WidgetCase("04 playground: drag noise (new data)", _build("a spiral needs depth"),
               moves=[{"noise": round(0.05 * k, 2)} for k in (*range(13), *range(12, 0, -1))], repeats=48),
    WidgetCase("04 playground: redraw (discretize on/off)", _build("a spiral needs depth"),
               moves=[{"discretize": True}, {"discretize": False}], repeats=40),
    FramesPerSecondCase("04 playground: live frames (epoch + redraw)", _build("a spiral needs depth"),
                        moves=[{}], action=_frame, repeats=60),
]
