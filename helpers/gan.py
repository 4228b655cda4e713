"""The tiny GAN's data and its scores: a two-mode mixture in 1-D, and how well generated samples cover it.

The real data are draws from an equal mixture of two Gaussians, at ``-centre`` and ``+centre``. A generator that
works puts samples near both; one that *collapses* puts (nearly) all of them near one mode.
"""

from __future__ import annotations

import numpy as np

CENTRE = 2.0
SPREAD = 0.3


def real_samples(n: int, rng, centre: float = CENTRE, spread: float = SPREAD) -> np.ndarray:
    """``n`` draws (shape ``(n, 1)``, float32) from the mixture ``0.5 N(-centre, spread) + 0.5 N(centre, spread)``."""
    signs = rng.choice([-1.0, 1.0], size=(n, 1))
    return (signs * centre + rng.normal(0.0, spread, size=(n, 1))).astype(np.float32)


def mode_coverage(samples, centre: float = CENTRE, width: float = 1.0) -> dict:
    """Where generated samples fall: the share within ``width`` of each mode and the share near neither.

    Returns
    -------
    dict
        ``left`` and ``right`` (shares near ``-centre`` and ``+centre``), ``off`` (the rest) and ``smaller``
        (the smaller of the two mode shares: 0 for a collapsed generator, 0.5 for a perfect one).
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    x = x[np.isfinite(x)] if np.isfinite(x).any() else np.array([np.inf])
    left, right = float(np.mean(np.abs(x + centre) < width)), float(np.mean(np.abs(x - centre) < width))
    return {"left": left, "right": right, "off": 1.0 - left - right, "smaller": min(left, right)}


__all__ = ["real_samples", "mode_coverage", "CENTRE", "SPREAD"]
