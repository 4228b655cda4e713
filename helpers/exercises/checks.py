"""The boundary between a student's answer and a checker.

Whatever a student passes (None, text, a function, a class, a complex number, an integer too large for
a float, a ragged list, NaN), these helpers either return clean float64 values or raise
:class:`Incorrect` with a sentence that says what was expected: never a Python error, never a memory
address.
"""

from __future__ import annotations

import inspect
import re
import reprlib
import types
from typing import Callable, Sequence

import numpy as np


class Incorrect(Exception):
    """Raised by a checker with the message the student should see."""


class NotAttempted(Exception):
    """Raised when a student's function still returns the placeholder."""


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


def contains_placeholder(value) -> bool:
    """Whether ``value`` is the blank or holds it (in a list, tuple, set, dict or object array)."""
    if value is ____:
        return True
    if isinstance(value, (list, tuple, set)):
        return any(contains_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(contains_placeholder(v) for v in value.values())
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(contains_placeholder(v) for v in value.ravel())
    return False


def _is_function(value) -> bool:
    return inspect.isroutine(value) or isinstance(value, np.ufunc)


_ADDRESS = re.compile(r" (?:object )?at 0x[0-9a-fA-F]+")
_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxtuple = 40, 60, 6, 6


def describe(value) -> str:
    """A short phrase for a student's value, e.g. ``"the function f itself"``, without memory addresses."""
    if isinstance(value, type):
        return f"the class {value.__name__} itself (create one with {value.__name__}(...))"
    if isinstance(value, types.ModuleType):
        return f"the module {value.__name__}"
    if _is_function(value):
        name = getattr(value, "__name__", type(value).__name__)
        which = "a lambda function" if name == "<lambda>" else f"the function {name}"
        return f"{which} itself (call it and pass what it returns)"
    if isinstance(value, np.ndarray):
        contents = {"U": "text", "S": "text", "c": "complex numbers", "O": "Python objects"}.get(value.dtype.kind)
        return f"an array of shape {value.shape} holding " + (contents or f"{value.dtype} numbers")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**300:
        return f"an integer of {int(value.bit_length() * np.log10(2)) + 1} digits"
    text = _ADDRESS.sub("", _SHORT.repr(value))
    if value is None or isinstance(value, (bool, np.bool_)):
        return text
    kind = type(value).__name__
    article = "an" if kind[0].lower() in "aeiou" else "a"
    return f"{article} {kind}" + ("" if text.startswith("<") or len(text) > 60 else f" ({text})")


def _readable_as_numbers(answer, name: str, wanted: str) -> np.ndarray:
    """``np.asarray(answer)`` for the kinds of values numpy can hold as numbers; Incorrect for the rest."""
    if answer is None:
        raise Incorrect(f"{name} should be {wanted}, got None. Did you forget to assign or return it?")
    if isinstance(answer, (str, bytes)):
        raise Incorrect(f"{name} should be {wanted}, got the text {_SHORT.repr(answer)}; remove the quotes.")
    if isinstance(answer, (type, types.ModuleType, dict, set, frozenset)) or _is_function(answer):
        raise Incorrect(f"{name} should be {wanted}, got {describe(answer)}.")
    try:
        return np.asarray(answer)
    except Exception:  # ragged lists, or an object whose __array__ fails: nothing of ours to report
        raise Incorrect(f"{name} should be {wanted}, got {describe(answer)}, which numpy cannot read as numbers "
                        f"(rows of different lengths?).") from None


def real_values(answer, name: str = "your answer", wanted: str = "a number") -> np.ndarray:
    """``answer`` as a float64 array of any shape, NaN and inf included; Incorrect if it is not real numbers.

    Text (also inside an array), complex numbers with an imaginary part, integers beyond float range and
    anything numpy cannot read as numbers are refused with a sentence that names ``wanted``.
    """
    raw = _readable_as_numbers(answer, name, wanted)
    if raw.dtype.kind in "USV" or raw.dtype.kind == "O" and any(isinstance(v, (str, bytes)) for v in raw.flat):
        raise Incorrect(f"{name} holds text ({_SHORT.repr(raw.tolist())}), not numbers: compute it with numpy "
                        f"instead of writing it in quotes.")
    if raw.dtype.kind == "O" and any(v is None for v in raw.flat):
        raise Incorrect(f"{name} contains None where a number belongs: did a function forget to return its value?")
    if raw.dtype.kind == "c" or raw.dtype.kind == "O" and any(isinstance(v, complex) for v in raw.flat):
        if np.any(np.imag(raw) != 0):
            raise Incorrect(f"{name} = {_SHORT.repr(raw.tolist())} has an imaginary part; the answer is real. "
                            f"Look for the square root or the power of a negative number.")
        raw = np.real(raw)
    try:
        return raw.astype(np.float64)
    except OverflowError:
        raise Incorrect(f"{name} is {describe(answer)}: too large for a float (above 1e308). Look for a power "
                        f"or a product that grows without bound.") from None
    except (TypeError, ValueError):
        raise Incorrect(f"{name} should be {wanted}, got {describe(answer)}.") from None


def expect_shape(values: np.ndarray, shape: tuple, name: str = "your answer") -> np.ndarray:
    """``values`` with ``shape`` (``()`` for a single number, which a size-1 array also is), or Incorrect."""
    shape = tuple(shape)
    if shape == () and values.size == 1:
        return values.reshape(())
    if values.shape == shape:
        return values
    got = "a single number" if values.ndim == 0 else f"shape {values.shape}"
    if shape == ():
        raise Incorrect(f"{name} should be a single number, got an array of {got}.")
    raise Incorrect(f"{name} should have shape {shape}, got {got}.")


def expect_close(answer, expected, name: str = "your answer", rtol: float = 1e-5, atol: float = 1e-6,
                 wrong_hints: Sequence[tuple[object, str]] = (), wrong_shapes: dict | None = None,
                 wrong_if: Sequence[tuple[Callable, str]] = ()) -> None:
    """Incorrect unless ``answer`` matches ``expected`` in shape and value.

    ``wrong_hints`` pairs typical wrong values (NaN and inf allowed) with a specific message, e.g.
    ``[(z_without_bias, "did you forget the bias b?")]``; ``wrong_shapes`` maps a typical wrong shape to
    its message; ``wrong_if`` pairs a test of the (finite, well-shaped) answer array with a message.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if expected.ndim == 0 and isinstance(answer, (bool, np.bool_)):
        raise Incorrect(f"{name} should be a number, got {answer}. A comparison gives True/False: compute the value.")
    values = real_values(answer, name, "a number" if expected.ndim == 0 else "a numpy array")
    fits = values.shape == expected.shape or expected.ndim == 0 and values.size == 1
    if not fits and values.shape in (wrong_shapes or {}):
        raise Incorrect(wrong_shapes[values.shape])
    values = expect_shape(values, expected.shape, name)
    if np.allclose(values, expected, rtol=rtol, atol=atol):
        return
    for wrong_value, message in wrong_hints:
        if np.shape(wrong_value) == values.shape and np.allclose(values, wrong_value, rtol=rtol, atol=atol,
                                                                 equal_nan=True):
            raise Incorrect(message)
    if values.ndim == 0 and not np.isfinite(values):
        raise Incorrect(f"{name} is {values}; it should be a finite number. Look for a division by zero or an "
                        f"overflow.")
    if not np.all(np.isfinite(values)):
        raise Incorrect(f"{name} contains NaN or infinite values; look for an overflow or a division by zero.")
    for is_wrong, message in wrong_if:
        if is_wrong(values):
            raise Incorrect(message)
    shown = f"{float(values):.6g}" if values.ndim == 0 else np.array2string(values, precision=4, threshold=8)
    raise Incorrect(f"{name} is {shown}, which is not what we expected. Re-read the formula and try again.")


def expect_function(answer, name: str = "your function") -> Callable:
    """Incorrect unless ``answer`` is a function (a class does not count)."""
    if not callable(answer) or isinstance(answer, type):
        raise Incorrect(f"{name} should be a function (defined with def), got {describe(answer)}.")
    return answer


def call_student(function: Callable, *args, name: str = "your function"):
    """Call a student's function, turning any exception into an Incorrect that names it."""
    try:
        result = function(*args)
    except Incorrect:
        raise
    except Exception as error:
        detail = _ADDRESS.sub("", str(error))[:120]
        raise Incorrect(f"calling {name} stopped with {type(error).__name__}" + (f" ({detail})." if detail else ".")
                        ) from None
    if contains_placeholder(result):
        raise NotAttempted()
    return result
