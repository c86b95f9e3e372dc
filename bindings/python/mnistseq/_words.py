"""The messages of what only the library can see (a sequence that does not
fit), reworded in the terms of the Python arguments."""

from __future__ import annotations

import ctypes
import re

from . import _capi
from .errors import MnistSeqError

# The library's words, and the Python arguments they stand for.
_PYTHON_WORDS = (
    (re.compile(r"^mseq_generate_batch: "), ""),
    (re.compile(r"\b(exact|strict) fit: "), r"fit='\1': "),
    (re.compile(r"\bthe width (\d+)"), r"image_width=\1"),
    (re.compile(r"\bwidth is (\d+)"), r"image_width is \1"),
    (re.compile(r"\bgaps in \[(-?\d+), (-?\d+)\]"), r"gaps in spacing_range=(\1, \2)"),
    (re.compile(r"\bmin_spacing (-?\d+), max_spacing (-?\d+)$"), r"spacing_range=(\1, \2)"),
)


def generation_error(cdll: ctypes.CDLL, rc: int) -> MnistSeqError:
    """The exception for a failed generation call, its message in the words
    of the Python arguments (``image_width``, ``fit='strict'``)."""
    err = _capi.error(cdll, rc)
    message = err.message
    for pattern, words in _PYTHON_WORDS:
        message = pattern.sub(words, message)
    return type(err)(message, err.code)
