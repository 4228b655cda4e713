"""Notebook 08's kernel explorer: one move = a new kernel entry (or preset, or digit), two feature maps and a PNG."""

from benchmarks.common import WidgetCase


def _build():
    from helpers.data import digits_or_mnist
    from helpers.widgets.convolution import convolution_explorer

    data = digits_or_mnist(prefer_mnist=False, seed=0, verbose=False)
    return convolution_explorer(data.x_test, data.y_test, kernel="vertical edges", digit=3)


CASES = [
    WidgetCase("08 convolution: drag the centre weight", _build,
               moves=[{"k11": v} for v in (0.0, 0.5, 1.0, 2.0, 4.0, 8.0, -1.0, -4.0, 0.25, 3.0, 0.0)]),
    WidgetCase("08 convolution: edit corners and pick digits", _build,
               moves=[{"k00": -1.0}, {"k22": 1.0}, {"k02": 2.0}, {"k20": -2.0}, {"digit": 0}, {"digit": 1},
                      {"k00": 1.0}, {"k22": -1.0}, {"digit": 4}, {"k11": 5.0}, {"digit": 3}]),
]
