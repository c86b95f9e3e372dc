"""Checking and converting Python arguments to the C library's values.

Every argument is checked here, before any C call, so that a message names
the argument as the caller wrote it (``image_width``, ``spacing_range[1]``,
``digits[2]``, ``n``) and gives its true range; the library's messages name
its own C parameters (``MSEQ_PARAM_WIDTH``, ``count``), which a Python
caller never wrote. The library still checks everything itself: its
messages remain for what only it can see (a sequence that does not fit).

Error classes follow the library's: a wrong type is a TypeError; a value
below the domain of a C parameter an InvalidArgumentError, above it an
OutOfRangeError; a count, size or index outside its range, or an integer
that does not fit its C type (ctypes would wrap it silently), an
OutOfRangeError.
"""

from __future__ import annotations

import collections.abc
import ctypes
import operator
import os
import secrets
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Type, Union

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


_BOUND_TEXT = {
    _capi.UINT64_MAX: "2**64-1",
    _capi.INT64_MAX: "2**63-1",
    _capi.INT64_MIN: "-2**63",
}


def range_text(lo: int, hi: int) -> str:
    """``lo..hi`` as a message gives it (2**64-1 rather than its digits)."""
    return f"{_BOUND_TEXT.get(lo, lo)}..{_BOUND_TEXT.get(hi, hi)}"


def bounded(
    name: str,
    value: Any,
    lo: int,
    hi: int,
    *,
    below: Type[InvalidArgumentError] = InvalidArgumentError,
    why: str = "",
) -> int:
    """``value`` as a Python int in lo..hi, its true range. Accepts int and
    numpy integers; rejects bool, float and others with TypeError naming the
    argument. Outside the range: ``below`` (InvalidArgumentError by
    default) under ``lo``, OutOfRangeError above ``hi``; the message names
    the argument and the range, then ``why`` when given."""
    if type(value) is not int:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be an integer, not a bool")
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError(
                f"{name} must be an integer, not {type(value).__name__}"
            ) from None
    if lo <= value <= hi:
        return value
    cls = below if value < lo else OutOfRangeError
    code = MSEQ_ERANGE if issubclass(cls, OutOfRangeError) else MSEQ_EINVAL
    raise cls(f"{name}={value}: must be {range_text(lo, hi)}{why}", code)


def integer(name: str, value: Any, lo: int, hi: int, why: str = "") -> int:
    """``value`` as a Python int in lo..hi: a count, size or index, or the
    whole range of the C type it goes to; OutOfRangeError outside it."""
    return bounded(name, value, lo, hi, below=OutOfRangeError, why=why)


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


def image_width(value: Any) -> int:
    """The image width: 1..MSEQ_MAX_WIDTH pixels."""
    if type(value) is int and 1 <= value <= _capi.MAX_WIDTH:
        return value
    return bounded("image_width", value, 1, _capi.MAX_WIDTH)


def spacing_range(value: Any) -> Tuple[int, int]:
    """The (min, max) gap between digits: 0..MSEQ_MAX_SPACING pixels each,
    min <= max."""
    return min_max("spacing_range", value, 0, _capi.MAX_SPACING)


#: length_range=None: random sequences of 1 to 5 digits.
DEFAULT_LENGTHS = (1, 5)


def length_range(value: Any) -> Tuple[int, int]:
    """The (min, max) length of random sequences: 1..MSEQ_MAX_DIGITS each,
    min <= max; None is :data:`DEFAULT_LENGTHS`."""
    if value is None:
        return DEFAULT_LENGTHS
    return min_max("length_range", value, 1, _capi.MAX_DIGITS)


def threads(value: Any) -> int:
    """A thread count: 0 (all cores) to MSEQ_MAX_THREADS."""
    return bounded("threads", value, 0, _capi.MAX_THREADS)


def batch_size(name: str, value: Any) -> int:
    """A number of images generated in one call: 1..MSEQ_MAX_BATCH."""
    return integer(name, value, 1, _capi.MAX_BATCH)


def index_span(first_index: int, count: int, count_name: str) -> None:
    """Raises OutOfRangeError when ``count`` samples from ``first_index``
    go past the last sample index, 2**64-1."""
    if count and first_index + count - 1 > _capi.UINT64_MAX:
        raise OutOfRangeError(
            f"first_index={first_index} + {count_name}={count} goes past the "
            "last sample index 2**64-1",
            MSEQ_ERANGE,
        )


def _count_of_length(length: int, no_leading_zero: int) -> int:
    """Number of digit strings of ``length`` (the library's count)."""
    if no_leading_zero and length > 1:
        return 9 * 10 ** (length - 1)
    return 10**length


def unique_sequences(lengths: Tuple[int, int], no_leading_zero: Any) -> int:
    """The number of distinct random sequences of ``lengths`` (a checked
    length_range), for ``unique=True``. Raises InvalidArgumentError when
    there are more than 2**63, the most unique sequences can number."""
    lo, hi = lengths
    if hi >= 20:  # 10**19 alone is above 2**63
        distinct = 2**64
    else:
        counts = (_count_of_length(n, no_leading_zero) for n in range(lo, hi + 1))
        distinct = sum(counts)
    if distinct > 2**63:
        raise invalid(
            f"unique=True: length_range=({lo}, {hi}) allows more than 2**63 "
            "distinct sequences; unique sequences need length_range[1] <= 18"
        )
    return distinct


def unique_span(
    lengths: Tuple[int, int], no_leading_zero: Any, last_index: int, what: str
) -> None:
    """For ``unique=True``: raises OutOfRangeError when ``last_index``, the
    last sample index used (``what`` says how), is not below the number of
    distinct sequences."""
    distinct = unique_sequences(lengths, no_leading_zero)
    if last_index >= distinct:
        lo, hi = lengths
        extra = " with no_leading_zero=True" if no_leading_zero else ""
        raise OutOfRangeError(
            f"unique=True: {what}, but length_range=({lo}, {hi}){extra} has "
            f"only {distinct} distinct sequences (sample indexes "
            f"0..{distinct - 1})",
            MSEQ_ERANGE,
        )


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


def min_max(name: str, value: Any, lo: int, hi: int) -> Tuple[int, int]:
    """A (min, max) pair, each in lo..hi (named ``name[0]``, ``name[1]``),
    with min <= max."""
    if type(value) is tuple and len(value) == 2:
        a, b = value
        if type(a) is int and type(b) is int and lo <= a <= b <= hi:
            return value
    refuse_unordered(name, value, "a (min, max) pair")
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a (min, max) pair, not {value!r}")
    if len(value) != 2:
        raise invalid(f"{name}={value!r}: must be a (min, max) pair")
    a = bounded(f"{name}[0]", value[0], lo, hi)
    b = bounded(f"{name}[1]", value[1], lo, hi)
    if a > b:
        raise invalid(
            f"{name}=({a}, {b}): the minimum {a} is greater than the maximum {b}"
        )
    return a, b


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
    return array, c_array


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


def digits_ctypes(value: DigitsLike) -> Tuple[Any, int]:
    """The digits as (ctypes array of C ints, count),
    sharing :func:`digits`' memory. Must not be modified."""
    array, c_array = _digits_entry(value)
    return c_array, len(array)
