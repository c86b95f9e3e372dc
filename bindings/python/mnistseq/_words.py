"""The messages of what only the library can see (a sequence that does not
fit), reworded in the terms of the Python arguments."""

from __future__ import annotations

import ctypes
import re

from . import _capi
from .errors import MnistSeqError

# The library's words, and the Python arguments they stand for.
_PYTHON_WORDS = (
    (re.compile(r"^mseq_generate_batch(?:_annotated)?: "), ""),
    (re.compile(r"\b(exact|strict) fit: "), r"fit='\1': "),
    (re.compile(r"\bthe width (\d+)"), r"image_width=\1"),
    (re.compile(r"\bwidth is (\d+)"), r"image_width is \1"),
    (re.compile(r"\bgaps in \[(-?\d+), (-?\d+)\]"), r"gaps in spacing_range=(\1, \2)"),
    (re.compile(r"\bmin_spacing (-?\d+), max_spacing (-?\d+)$"), r"spacing_range=(\1, \2)"),
)


# A number as the library writes a double ("%.17g"): 0.90000000000000002.
_C_NUMBER = re.compile(r"(?<!\w)-?\d+(?:\.\d+)?(?:e[+-]\d+)?")


def _short(match: "re.Match[str]") -> str:
    """A "%.17g" number as Python writes it: the shortest text that reads
    back as the same double (0.9), without a ".0" on integers."""
    text = repr(float(match.group(0)))
    return text[:-2] if text.endswith(".0") else text


def param_error(err: MnistSeqError, name: str, value: object) -> MnistSeqError:
    """The library's refusal of a parameter value (``MSEQ_PARAM_ROTATE =
    200: must be 0..180``) in the words of the Python field ``name`` and
    the value as the caller gave it (``rotate=200.0: must be 0..180``)."""
    message = err.message
    said = "MSEQ_PARAM_" + name.upper() + " = "
    if message.startswith(said) and ": " in message:
        rest = message[message.index(": ", len(said)):]
        if isinstance(value, int) and not isinstance(value, bool):
            shown = str(value)
        else:
            shown = repr(float(value))  # type: ignore[arg-type]
        message = f"{name}={shown}" + _C_NUMBER.sub(_short, rest)
    return type(err)(message, err.code)


def generation_error(cdll: ctypes.CDLL, rc: int) -> MnistSeqError:
    """The exception for a failed generation call, its message in the words
    of the Python arguments (``image_width``, ``fit='strict'``)."""
    err = _capi.error(cdll, rc)
    message = err.message
    for pattern, words in _PYTHON_WORDS:
        message = pattern.sub(words, message)
    return type(err)(message, err.code)
