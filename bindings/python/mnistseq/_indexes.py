"""Checks on sample indexes: batch sizes, index spans that must stay below
2**64, and the bound that ``unique=True`` puts on them (no more samples
than distinct random sequences)."""

from __future__ import annotations

from typing import Any, Tuple

from . import _capi
from ._checks import integer, invalid
from .errors import MSEQ_ERANGE, OutOfRangeError


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
        return 9 * int(10 ** (length - 1))
    return int(10**length)


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
