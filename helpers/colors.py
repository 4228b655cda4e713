"""Colours a colour-blind student can read, and a simulation to check it.

The palette is Okabe & Ito's (2008), designed to stay distinct for the common colour-vision
deficiencies. Class colours are ordered so that neighbours differ in lightness too: class 0 is a dark
blue, class 1 a light orange, so even a grey-scale print tells them apart. A probability surface shades
from class 0's colour through white to class 1's (:data:`PROBABILITY_CMAP`).

:func:`simulate_color_vision` turns an RGB image (or a list of colours) into what a person with
protanopia, deuteranopia or tritanopia sees (Machado, Oliveira & Fernandes 2009, severity 1), so a test
or a maintainer can look at a figure through their eyes.
"""

from __future__ import annotations

import numpy as np

#: Okabe & Ito's colours by name.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
             "purple": "#CC79A7", "sky blue": "#56B4E9", "yellow": "#F0E442", "black": "#000000"}

#: One colour per class; neighbours differ in lightness as well as hue.
CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#999999",
                "#F0E442", "#882255")

#: The line colours C0, C1, ... of every figure (matplotlib's ``axes.prop_cycle``).
LINE_COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999")

#: The registered name of the class-0-to-class-1 colormap, the default ``image.cmap``.
PROBABILITY_CMAP = "dl1_probability"

_MACHADO = {  # linear-RGB matrices of Machado et al. (2009), severity 1.0
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}
DEFICIENCIES = tuple(_MACHADO)


def register_colormaps() -> None:
    """Register :data:`PROBABILITY_CMAP` with matplotlib (once)."""
    import matplotlib
    from matplotlib.colors import LinearSegmentedColormap

    if PROBABILITY_CMAP not in matplotlib.colormaps:
        cmap = LinearSegmentedColormap.from_list(PROBABILITY_CMAP, [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]])
        matplotlib.colormaps.register(cmap)
        matplotlib.colormaps.register(cmap.reversed())


def probability_cmap():
    """The :data:`PROBABILITY_CMAP` colormap (registered on first use)."""
    import matplotlib

    register_colormaps()
    return matplotlib.colormaps[PROBABILITY_CMAP]


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate_color_vision(rgb, deficiency: str) -> np.ndarray:
    """What a person with ``deficiency`` sees of ``rgb``.

    Parameters
    ----------
    rgb : array-like of shape (..., 3) or (..., 4), or a sequence of matplotlib colours
        sRGB values in [0, 1] (an alpha channel is kept as it is), or colour names/hex strings.
    deficiency : {"protanopia", "deuteranopia", "tritanopia"}

    Returns
    -------
    numpy.ndarray
        The simulated sRGB values, same shape as ``rgb`` (colour strings give shape (n, 3)).
    """
    if deficiency not in _MACHADO:
        raise ValueError(f"deficiency must be one of {DEFICIENCIES}, got {deficiency!r}")
    if len(rgb) and isinstance(rgb[0], str):
        from matplotlib.colors import to_rgb

        rgb = [to_rgb(color) for color in rgb]
    values = np.asarray(rgb, dtype=np.float64)
    if values.shape[-1] not in (3, 4):
        raise ValueError(f"rgb must have 3 or 4 channels in its last axis, got shape {values.shape}")
    if values.max(initial=0.0) > 1.0:  # 8-bit image
        values = values / 255.0
    simulated = values.copy()
    simulated[..., :3] = _to_srgb(_to_linear(values[..., :3]) @ np.asarray(_MACHADO[deficiency]).T)
    return simulated


def lightness(rgb) -> np.ndarray:
    """CIE L* (0 black to 100 white) of sRGB values in [0, 1], shape (..., 3)."""
    linear = _to_linear(np.asarray(rgb, dtype=np.float64)[..., :3])
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    return np.where(luminance > 216 / 24389, 116 * np.cbrt(luminance) - 16, luminance * 24389 / 27)
