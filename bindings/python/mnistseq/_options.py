"""Checking and converting Python arguments to the C library's values.

Only what C cannot see is checked here: Python types (a bool or a float is
not a digit), strings naming enum values, integers that do not fit the C
type (ctypes would silently wrap them). Everything else (digit range,
negative spacing, min > max, width limits, ...) is passed to the library,
which reports it with its own message.
"""

from __future__ import annotations

import collections.abc
import ctypes
import operator
import os
import secrets
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _capi
from .errors import MSEQ_EINVAL, MSEQ_ERANGE, InvalidArgumentError, OutOfRangeError

SPLITS: Mapping[str, int] = {"train": _capi.SPLIT_TRAIN, "test": _capi.SPLIT_TEST}
FITS: Mapping[str, int] = {
    "pad": _capi.FIT_PAD,
    "exact": _capi.FIT_EXACT,
    "strict": _capi.FIT_STRICT,
}
ALIGNS: Mapping[str, int] = {
    "center": _capi.ALIGN_CENTER,
    "left": _capi.ALIGN_LEFT,
    "right": _capi.ALIGN_RIGHT,
    "random": _capi.ALIGN_RANDOM,
}
#: numpy dtype of each mseq_format.
FORMAT_DTYPES: Mapping[int, np.dtype] = {
    _capi.FORMAT_F32: np.dtype(np.float32),
    _capi.FORMAT_U8: np.dtype(np.uint8),
}
_FORMATS: Dict[Any, int] = {
    np.float32: _capi.FORMAT_F32,
    np.uint8: _capi.FORMAT_U8,
    np.dtype(np.float32): _capi.FORMAT_F32,
    np.dtype(np.uint8): _capi.FORMAT_U8,
    "float32": _capi.FORMAT_F32,
    "uint8": _capi.FORMAT_U8,
}

DigitsLike = Union[str, Sequence[int], np.ndarray]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def invalid(message: str) -> InvalidArgumentError:
    """An :class:`InvalidArgumentError` raised on the Python side."""
    return InvalidArgumentError(message, MSEQ_EINVAL)


def check_random_only(length_range: Any, no_leading_zero: Any, unique: Any) -> None:
    """Raises :class:`InvalidArgumentError` when an option of random
    sequences is given: for callers that were given fixed digits."""
    if length_range is not None or no_leading_zero or unique:
        raise invalid(
            "length_range, no_leading_zero and unique apply to random "
            "sequences (digits=None) only"
        )


def choice(name: str, value: Any, table: Mapping[str, int]) -> int:
    """The C value of one of the names in ``table``."""
    if isinstance(value, str):
        found = table.get(value)
        if found is not None:
            return found
    names = ", ".join(repr(k) for k in table)
    raise invalid(f"{name}={value!r}: must be one of {names}")


def dtype_format(dtype: Any) -> int:
    """The mseq_format of a numpy dtype (float32 or uint8)."""
    try:
        found = _FORMATS.get(dtype)
    except TypeError:  # unhashable
        found = None
    if found is None:
        try:
            found = _FORMATS.get(np.dtype(dtype))
        except TypeError:
            found = None
    if found is None:
        raise invalid(f"dtype={dtype!r}: must be numpy.float32 or numpy.uint8")
    return found


def integer(name: str, value: Any, lo: int, hi: int) -> int:
    """``value`` as a Python int in [lo, hi], the range of the C type it goes
    to. Accepts int and numpy integers; rejects bool, float and others with
    TypeError, and values outside the C type with OutOfRangeError."""
    if type(value) is not int:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be an integer, not a bool")
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError(
                f"{name} must be an integer, not {type(value).__name__}"
            ) from None
    if not lo <= value <= hi:
        raise OutOfRangeError(
            f"{name}={value} is outside the range of its C type [{lo}, {hi}]",
            MSEQ_ERANGE,
        )
    return value


def int64(name: str, value: Any) -> int:
    """``value`` checked as a C int64."""
    if type(value) is int and _capi.INT64_MIN <= value <= _capi.INT64_MAX:
        return value
    return integer(name, value, _capi.INT64_MIN, _capi.INT64_MAX)


def uint64(name: str, value: Any) -> int:
    """``value`` checked as a C uint64."""
    if type(value) is int and 0 <= value <= _capi.UINT64_MAX:
        return value
    return integer(name, value, 0, _capi.UINT64_MAX)


def size(name: str, value: Any) -> int:
    """``value`` checked as a C size_t."""
    return integer(name, value, 0, 2 ** (8 * np.dtype(np.uintp).itemsize) - 1)


def flag(name: str, value: Any) -> int:
    """A bool (or 0/1) as 0 or 1."""
    if value is True or value is False:
        return int(value)
    if isinstance(value, np.bool_):
        return int(bool(value))
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return int(value)
    raise TypeError(f"{name} must be a bool, not {value!r}")


#: Containers without a meaningful order: refused where order matters
#: (digits, (min, max) pairs) rather than read in their iteration order.
_UNORDERED = (collections.abc.Set, collections.abc.Mapping, collections.abc.MappingView)


def refuse_unordered(name: str, value: Any, what: str) -> None:
    """Raises TypeError naming ``name`` when ``value`` is a set, a dict or a
    dict view, whose iteration order is not an order the caller chose."""
    if isinstance(value, _UNORDERED):
        raise TypeError(
            f"{name} must be {what}, not {type(value).__name__}: its order "
            "is meaningless"
        )


def int_pair(name: str, value: Any) -> Tuple[int, int]:
    """A (min, max) pair of C int64 values; the order is checked by C."""
    if type(value) is tuple and len(value) == 2:
        a, b = value
        if type(a) is int and type(b) is int:
            return int64(name, a), int64(name, b)
    refuse_unordered(name, value, "a (min, max) pair")
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a (min, max) pair, not {value!r}")
    if len(value) != 2:
        raise invalid(f"{name}={value!r}: must be a (min, max) pair")
    a, b = value
    return int64(f"{name}[0]", a), int64(f"{name}[1]", b)


def seed(value: Optional[Any]) -> int:
    """The seed as an unsigned 64-bit value: None draws a fresh one from the
    operating system; an int may be any int64 or uint64 (its bit pattern)."""
    if value is None:
        return secrets.randbits(64)
    if type(value) is int and 0 <= value <= _capi.UINT64_MAX:
        return value
    v = integer("seed", value, _capi.INT64_MIN, _capi.UINT64_MAX)
    return v & _capi.UINT64_MAX


def seed_param(unsigned: int) -> int:
    """The int64 whose bit pattern is the unsigned seed (MSEQ_PARAM_SEED)."""
    return unsigned - 2**64 if unsigned > _capi.INT64_MAX else unsigned


def path(name: str, value: Optional[PathLike]) -> Optional[bytes]:
    """A file system path as bytes for C, or None."""
    if value is None:
        return None
    try:
        encoded = os.fsencode(value)
    except TypeError:
        raise TypeError(
            f"{name} must be a path (str, bytes or os.PathLike), not "
            f"{type(value).__name__}"
        ) from None
    if b"\0" in encoded:
        raise invalid(f"{name}={value!r}: contains a NUL character")
    return encoded


# Converted digit sequences, keyed by the str or the tuple of exact ints:
# (numpy array of C ints, ctypes array over the same memory).
_DigitsEntry = Tuple[np.ndarray, Any]
_digits_cache: Dict[Any, _DigitsEntry] = {}
_DIGITS_CACHE_MAX = 4096
_DIGIT_VALUES = {str(d): d for d in range(10)}
_INT_ONLY = {int}


def _digits_from_str(text: str) -> np.ndarray:
    values = []
    for pos, ch in enumerate(text):
        d = _DIGIT_VALUES.get(ch)
        if d is None:
            raise invalid(
                f"digits={text!r}: character {ch!r} at position {pos} is "
                "not a digit 0-9"
            )
        values.append(d)
    return np.array(values, dtype=np.intc)


def _digits_from_values(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise invalid(
                f"digits: must be one-dimensional, got shape {value.shape}"
            )
        if value.dtype.kind not in "iu" and value.size > 0:
            raise TypeError(
                f"digits must be integers, got an array of {value.dtype}"
            )
        items = value.tolist()
    else:
        refuse_unordered(
            "digits", value, "an ordered sequence (list, tuple, str, array, range)"
        )
        try:
            items = list(value)
        except TypeError:
            raise TypeError(
                "digits must be a sequence of ints or a string of digits, "
                f"not {type(value).__name__}"
            ) from None
    for pos, d in enumerate(items):
        if type(d) is not int:
            if isinstance(d, (bool, np.bool_)) or not isinstance(
                d, (int, np.integer)
            ):
                raise TypeError(
                    f"digits[{pos}]={d!r}: must be an int, not "
                    f"{type(d).__name__}"
                )
            d = int(d)
            items[pos] = d
        if not _capi.INT_MIN <= d <= _capi.INT_MAX:
            raise OutOfRangeError(
                f"digits[{pos}]={d}: outside the range of a C int", MSEQ_ERANGE
            )
    return np.array(items, dtype=np.intc)


def _entry(array: np.ndarray) -> _DigitsEntry:
    if len(array):
        return array, (ctypes.c_int * len(array)).from_buffer(array)  # type: ignore[arg-type]
    # a valid pointer with count 0, so that the library reports the empty
    # sequence as such
    return array, (ctypes.c_int * 1)()


def _digits_entry(value: Any) -> _DigitsEntry:
    kind = type(value)
    if kind is str:
        found = _digits_cache.get(value)
        if found is None:
            found = _remember(value, _entry(_digits_from_str(value)))
        return found
    if kind is tuple or kind is list:
        key = tuple(value)
        found = _digits_cache.get(key)
        # (True, 1.0) equals (1, 1): a hit counts only for exact ints
        if found is not None and set(map(type, key)) <= _INT_ONLY:
            return found
        for d in key:
            if type(d) is not int:
                return _entry(_digits_from_values(value))
        return _remember(key, _entry(_digits_from_values(key)))
    if kind is bytes or kind is bytearray:
        raise TypeError("digits must be a str of digits or ints, not bytes")
    return _entry(_digits_from_values(value))


def _remember(key: Any, entry: _DigitsEntry) -> _DigitsEntry:
    if len(_digits_cache) >= _DIGITS_CACHE_MAX:
        _digits_cache.clear()
    _digits_cache[key] = entry
    return entry


def digits(value: DigitsLike) -> np.ndarray:
    """The digits as a C-contiguous array of C ints. The library checks the
    values (0-9), the length and emptiness. Must not be modified: arrays
    are shared by a cache."""
    return _digits_entry(value)[0]


def digits_ctypes(value: DigitsLike) -> Tuple[Any, int]:
    """The digits as (ctypes array of C ints, count),
    sharing :func:`digits`' memory. Must not be modified."""
    array, c_array = _digits_entry(value)
    return c_array, len(array)
