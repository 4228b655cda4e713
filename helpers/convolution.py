"""A 2-D convolution in numpy, the size and parameter-count formulas, and a few hand-made 3x3 kernels.

Keras' ``Conv2D`` computes a *cross-correlation* (the kernel is not flipped), and so does :func:`conv2d`:

.. math::  y_{ij} = b + \\sum_{u=0}^{k_h-1} \\sum_{v=0}^{k_w-1} x_{s i + u,\\, s j + v}\\; K_{uv}

Notebook 08 shows it written out; the tests check it against ``keras.layers.Conv2D`` with the kernel copied.
"""

from __future__ import annotations

import numpy as np

#: Hand-made 3x3 kernels the notebook and the kernel widget offer.
KERNELS = {
    "vertical edges": np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),     # Sobel: ink on the left minus ink on the right
    "horizontal edges": np.array([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]),   # Sobel: ink above minus ink below
    "outline": np.array([[-1.0, -1.0, -1.0], [-1.0, 8.0, -1.0], [-1.0, -1.0, -1.0]]),       # Laplacian-like
    "blur": np.full((3, 3), 1.0 / 9.0),
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
    "identity": np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
}


def conv_output_size(n: int, k: int, padding: str = "valid", stride: int = 1) -> int:
    """The output length along one axis of a convolution, as Keras computes it.

    Parameters
    ----------
    n : int
        Input length (height or width).
    k : int
        Kernel length.
    padding : {"valid", "same"}
        ``"valid"``: no padding, ``floor((n - k) / s) + 1``; ``"same"``: zero padding so that ``ceil(n / s)``.
    stride : int
        The step ``s`` between neighbouring outputs.

    Returns
    -------
    int
    """
    if padding == "valid":
        return (n - k) // stride + 1
    if padding == "same":
        return -(-n // stride)
    raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")


def conv2d_params(k_h: int, k_w: int, channels_in: int, filters: int, use_bias: bool = True) -> int:
    """Weights of a ``Conv2D`` layer: ``(k_h * k_w * channels_in + 1) * filters`` (without ``+ 1`` if no bias)."""
    return (k_h * k_w * channels_in + int(use_bias)) * filters


def dense_params(n_in: int, units: int, use_bias: bool = True) -> int:
    """Weights of a ``Dense`` layer: ``(n_in + 1) * units``."""
    return (n_in + int(use_bias)) * units


def _same_padding(n: int, k: int, stride: int) -> tuple[int, int]:
    """Keras' (TensorFlow's) zero padding before and after for ``padding="same"``: the extra one goes after."""
    total = max((conv_output_size(n, k, "same", stride) - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def conv2d(image, kernel, bias: float = 0.0, padding: str = "valid", stride: int = 1) -> np.ndarray:
    """One 2-D convolution (cross-correlation, as Keras) of a single-channel image with one kernel.

    Parameters
    ----------
    image : array-like of shape (height, width)
    kernel : array-like of shape (k_h, k_w)
    bias : float
    padding : {"valid", "same"}
    stride : int

    Returns
    -------
    numpy.ndarray of shape (conv_output_size(height, k_h, ...), conv_output_size(width, k_w, ...))
    """
    x = np.asarray(image, dtype=np.float64)
    K = np.asarray(kernel, dtype=np.float64)
    if x.ndim != 2 or K.ndim != 2:
        raise ValueError(f"conv2d takes a 2-D image and a 2-D kernel, got shapes {x.shape} and {K.shape}")
    k_h, k_w = K.shape
    if padding == "same":
        x = np.pad(x, [_same_padding(x.shape[0], k_h, stride), _same_padding(x.shape[1], k_w, stride)])
    elif padding != "valid":
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    out_h = conv_output_size(x.shape[0], k_h, "valid", stride)
    out_w = conv_output_size(x.shape[1], k_w, "valid", stride)
    out = np.full((out_h, out_w), float(bias))
    for u in range(k_h):          # a sum of 9 shifted copies of the image, each weighted by one kernel entry
        for v in range(k_w):
            out += K[u, v] * x[u:u + stride * (out_h - 1) + 1:stride, v:v + stride * (out_w - 1) + 1:stride]
    return out


def feature_maps(image, kernels, biases=None) -> np.ndarray:
    """``conv2d`` with each kernel of ``kernels`` (shape ``(k_h, k_w, 1, filters)``, as Keras stores them),
    ``padding="same"``; returns ``(height, width, filters)``."""
    kernels = np.asarray(kernels)
    biases = np.zeros(kernels.shape[-1]) if biases is None else np.asarray(biases)
    return np.stack([conv2d(image, kernels[:, :, 0, f], biases[f], padding="same")
                     for f in range(kernels.shape[-1])], axis=-1)


__all__ = ["KERNELS", "conv_output_size", "conv2d_params", "dense_params", "conv2d", "feature_maps"]
