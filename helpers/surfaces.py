"""Four 2-D test surfaces for the optimizers of notebook 06.

An elongated bowl, Rosenbrock's banana valley, a saddle point and a two-valley surface with a local-minimum
trap (:data:`SURFACES`). Each loss is written with ``+ - * **`` only, so the same function runs on numpy arrays
and on TensorFlow tensors (autodiff); the hand-written gradients are tested against finite differences and
autodiff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Surface:
    """A 2-D loss ``f(x, y)`` with its gradient, the region to show and where to start.

    Attributes
    ----------
    name, title : str
        The key in :data:`SURFACES` and the title of its plots.
    loss : callable(x, y) -> loss
        Written with ``+ - * **`` only, so it works on numpy arrays and on TensorFlow tensors.
    gradient : callable(x, y) -> (dloss/dx, dloss/dy)
    bounds : ((x0, x1), (y0, y1))
        The region to show.
    start : (x, y)
        Where every optimizer starts.
    minima : tuple of (x, y)
        The minima to mark (a star in the plots).
    """

    name: str
    title: str
    loss: Callable
    gradient: Callable
    bounds: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]

    def __call__(self, w) -> np.ndarray:
        """The loss at points ``w`` of shape ``(..., 2)``."""
        w = np.asarray(w, dtype=np.float64)
        return self.loss(w[..., 0], w[..., 1])

    def grad(self, w) -> np.ndarray:
        """The gradient at points ``w`` of shape ``(..., 2)``, same shape back."""
        w = np.asarray(w, dtype=np.float64)
        gx, gy = self.gradient(w[..., 0], w[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, resolution: int = 160):
        """``xx, yy, loss`` on a regular grid over :attr:`bounds`."""
        (x0, x1), (y0, y1) = self.bounds
        xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
        return xx, yy, self.loss(xx, yy)


def _bowl(x, y):
    return 0.05 * x ** 2 + 1.0 * y ** 2


def _bowl_grad(x, y):
    return 0.1 * x, 2.0 * y


def _rosenbrock(x, y):  # Rosenbrock's (1 - x)^2 + b (y - x^2)^2 with b = 10, divided by 10 (same scale as the others)
    return 0.1 * (1 - x) ** 2 + (y - x ** 2) ** 2


def _rosenbrock_grad(x, y):
    return -0.2 * (1 - x) - 4 * x * (y - x ** 2), 2 * (y - x ** 2)


def _saddle(x, y):
    return 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2


def _saddle_grad(x, y):
    return x, y ** 3 - y


def _two_valleys(x, y):
    return 0.25 * x ** 4 - x ** 2 + 0.5 * x + 0.5 * y ** 2


def _two_valleys_grad(x, y):
    return x ** 3 - 2 * x + 0.5, y


def _trap_minima():
    roots = np.sort(np.roots([1.0, 0.0, -2.0, 0.5]).real)  # x^3 - 2x + 0.5 = 0: minimum, maximum, minimum
    return (float(roots[0]), 0.0), (float(roots[2]), 0.0)


#: The four landscapes of the notebook, by name.
SURFACES = {
    # 20 times steeper across than along: plain SGD zig-zags across and crawls along
    "bowl": Surface("bowl", "elongated bowl", _bowl, _bowl_grad, ((-5.0, 5.0), (-2.0, 2.0)), (-4.5, 1.5),
                    ((0.0, 0.0),)),
    # a curved, almost flat valley floor: easy to reach, slow to follow to (1, 1)
    "rosenbrock": Surface("rosenbrock", "Rosenbrock valley", _rosenbrock, _rosenbrock_grad,
                          ((-2.0, 2.0), (-1.0, 3.0)), (-1.0, -0.5), ((1.0, 1.0),)),
    # the gradient vanishes at (0, 0): descent stalls before sliding off
    "saddle": Surface("saddle", "saddle point", _saddle, _saddle_grad, ((-2.5, 2.5), (-2.0, 2.0)), (-2.2, 0.001),
                      ((0.0, -1.0), (0.0, 1.0))),
    # a shallow valley on the right, the deeper one on the left: who gets over the ridge?
    "trap": Surface("trap", "two valleys (local-minimum trap)", _two_valleys, _two_valleys_grad,
                    ((-2.5, 2.5), (-2.0, 2.0)), (2.3, 1.6), _trap_minima()),
}


def get_surface(surface) -> Surface:
    """A :class:`Surface` from itself or its name."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; expected one of {', '.join(SURFACES)}")
    return SURFACES[surface]


__all__ = ["Surface", "SURFACES", "get_surface"]
