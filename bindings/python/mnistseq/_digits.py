"""Converting a digit sequence (a str of digits, a sequence of ints, a 1-D
integer array) to the C ints the library takes, checked: 1 to
MSEQ_MAX_DIGITS digits, each 0-9. Conversions of str and tuple/list
sequences are cached."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Sequence, Tuple, Union

import numpy as np

from . import _capi
from ._checks import invalid, refuse_unordered
from .errors import MSEQ_ERANGE, OutOfRangeError

DigitsLike = Union[str, Sequence[int], np.ndarray]

# Converted digit sequences, keyed by the str or the tuple of exact ints:
# (numpy array of C ints, (ctypes array over the same memory, count as a
# ctypes size_t)).
_DigitsEntry = Tuple[np.ndarray, Tuple[Any, Any]]
_digits_cache: Dict[Any, _DigitsEntry] = {}
_DIGITS_CACHE_MAX = 4096
_DIGIT_VALUES = {str(d): d for d in range(10)}
_INT_ONLY = {int}


def _check_length(count: int) -> None:
    if count == 0:
        raise invalid("digits is empty: give at least one digit 0-9")
    if count > _capi.MAX_DIGITS:
        raise OutOfRangeError(
            f"digits has {count} digits: must be 1..{_capi.MAX_DIGITS} digits long",
            MSEQ_ERANGE,
        )


def _digits_from_str(text: str) -> np.ndarray:
    _check_length(len(text))
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
        _check_length(len(value))
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
        _check_length(len(items))
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
        if not 0 <= d <= 9:
            message = f"digits[{pos}]={d}: must be a digit 0-9"
            if not _capi.INT_MIN <= d <= _capi.INT_MAX:  # would wrap in C
                raise OutOfRangeError(message, MSEQ_ERANGE)
            raise invalid(message)
    return np.array(items, dtype=np.intc)


def _entry(array: np.ndarray) -> _DigitsEntry:
    c_array = (ctypes.c_int * len(array)).from_buffer(array)  # type: ignore[arg-type]
    return array, (c_array, ctypes.c_size_t(len(array)))


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
    """The digits as a C-contiguous array of C ints, checked: 1 to
    MSEQ_MAX_DIGITS of them, each 0-9. Must not be modified: arrays are
    shared by a cache."""
    return _digits_entry(value)[0]


def digits_ctypes(value: DigitsLike) -> Tuple[Any, Any]:
    """The digits as (ctypes array of C ints, count as a ctypes size_t),
    sharing :func:`digits`' memory. Must not be modified."""
    # generate()'s hot path: a cached str, list or tuple of exact ints is
    # found here without a further call
    kind = type(value)
    if kind is str:
        found = _digits_cache.get(value)
        if found is not None:
            return found[1]
    elif kind is list or kind is tuple:
        key = tuple(value)
        found = _digits_cache.get(key)
        if found is not None:
            for d in key:  # (True, 1.0) equals (1, 1): a hit counts only for exact ints
                if type(d) is not int:
                    break
            else:
                return found[1]
    return _digits_entry(value)[1]
