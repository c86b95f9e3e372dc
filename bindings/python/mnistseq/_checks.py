"""Checking one Python value before it goes to C: integers in a range,
flags, names from a list, (min, max) pairs, paths and seeds.

Every argument is checked in Python, before any C call, so that a message
names the argument as the caller wrote it (``image_width``,
``spacing_range[1]``, ``n``) and gives its true range; the library's
messages name its own C parameters, which a Python caller never wrote.

Error classes follow the library's: a wrong type is a TypeError; a value
below the domain of a C parameter an InvalidArgumentError, above it an
OutOfRangeError; a count, size or index outside its range, or an integer
that does not fit its C type (ctypes would wrap it silently), an
OutOfRangeError.
"""

from __future__ import annotations

import collections
import collections.abc
import operator
import os
import struct
from typing import Any, Deque, Mapping, Optional, Tuple, Type, Union

import numpy as np

from . import _capi
from .errors import MSEQ_EINVAL, MSEQ_ERANGE, InvalidArgumentError, OutOfRangeError

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def invalid(message: str) -> InvalidArgumentError:
    """An :class:`InvalidArgumentError` raised on the Python side."""
    return InvalidArgumentError(message, MSEQ_EINVAL)


def ascii_text(value: str, where: str, expected: str) -> bytes:
    """A template or text as the C string the library reads; a non-ASCII or
    NUL character is refused naming its position: ``"<where> <position>:
    <char> is not ASCII; <expected>"``."""
    for i, c in enumerate(value):
        if c == "\0" or ord(c) > 127:
            what = "a NUL" if c == "\0" else f"{c!r} is not ASCII"
            raise invalid(f"{where} {i + 1}: {what}; {expected}")
    return value.encode("ascii")


def choice(name: str, value: Any, table: Mapping[str, int]) -> int:
    """The C value of one of the names in ``table``."""
    if isinstance(value, str):
        found = table.get(value)
        if found is not None:
            return found
    names = ", ".join(repr(k) for k in table)
    raise invalid(f"{name}={value!r}: must be one of {names}")


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
        return int(value)
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


def flag(name: str, value: Any) -> int:
    """A bool (or 0/1) as 0 or 1."""
    if value is True or value is False:
        return int(value)
    if isinstance(value, np.bool_):
        return int(bool(value))
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return int(value)
    raise TypeError(f"{name} must be a bool, not {value!r}")


def callback(name: str, value: Any) -> None:
    """Raises TypeError naming ``name`` when ``value`` is neither None nor
    callable."""
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be callable, not {type(value).__name__}")


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
            return (a, b)
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


# Fresh seeds: 64-bit values from the operating system (os.urandom), read
# _FRESH_BATCH at a time rather than with one system call per seed. A
# deque's popleft is atomic, so no two threads get the same value; a forked
# child forgets the values its parent read, so that it never repeats them.
_FRESH_BATCH = 256
_FRESH_FORMAT = struct.Struct(f"<{_FRESH_BATCH}Q")
_fresh: Deque[int] = collections.deque()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh.clear)


def fresh_seed() -> int:
    """A fresh unsigned 64-bit seed from the operating system."""
    while True:
        try:
            return _fresh.popleft()
        except IndexError:
            _fresh.extend(_FRESH_FORMAT.unpack(os.urandom(_FRESH_FORMAT.size)))


def seed(value: Optional[Any]) -> int:
    """The seed as an unsigned 64-bit value: None draws a fresh one from the
    operating system; an int may be any int64 or uint64 (its bit pattern)."""
    if value is None:
        return fresh_seed()
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


SPLITS: Mapping[str, int] = {"train": _capi.SPLIT_TRAIN, "test": _capi.SPLIT_TEST}


def split(value: Any) -> int:
    """The mseq_split of ``"train"`` or ``"test"``."""
    return choice("split", value, SPLITS)
