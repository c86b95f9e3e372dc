"""Templates: the text of each sample from a small grammar (phone numbers,
dates, times, amounts, ZIP codes), drawn uniformly or without repeats.

    >>> import mnistseq
    >>> t = mnistseq.Template("(###) ###-####")
    >>> t.count
    10000000000
    >>> len(t.sample(0, seed=1))
    14

The grammar is the C library's (``mseq_template_new`` in ``mnistseq.h``):
``#`` any digit, ``%`` a digit 1-9, digits and the separators
``- / . , : ( ) +`` and space as themselves, and the domains
``{date FORMAT [Y1..Y2]}``, ``{time FORMAT}``, ``{amount LO..HI [nogroup]}``
and ``{zip}``. Draw the image of a text with
:meth:`mnistseq.Generator.generate_text`.
"""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Optional

from . import _capi, _checks, _lib, _table
from . import params as _params

__all__ = ["Template"]


class Template:
    """A parsed template; immutable and cheap to share.

    Raises:
        InvalidArgumentError: a malformed template; the message gives the
            column (1-based) of the fault and what was expected there.
        OutOfRangeError: texts longer than the library's limit.
        TypeError: ``text`` is not a str.
    """

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"template must be a str, not {type(text).__name__}")
        encoded = _checks.ascii_text(
            text, "template column",
            "a template holds '#', '%', digits, separators, spaces and domains",
        )
        self._cdll = _lib.cdll()
        handle = _capi.TemplateP()
        rc = self._cdll.mseq_template_new(ctypes.byref(handle), encoded)
        if rc:
            raise _capi.error(self._cdll, rc)
        self._handle = handle
        self._free = weakref.finalize(self, self._cdll.mseq_template_free, handle)
        count = ctypes.c_uint64()
        longest = ctypes.c_size_t()
        rc = self._cdll.mseq_template_count(ctypes.byref(count), ctypes.byref(longest), handle)
        if rc:
            raise _capi.error(self._cdll, rc)
        self._text = text
        self._count = count.value
        self._max_length = longest.value

    @property
    def text(self) -> str:
        """The template as written."""
        return self._text

    @property
    def count(self) -> int:
        """The number of distinct texts it gives (2**64 - 1 when larger)."""
        return self._count

    @property
    def max_length(self) -> int:
        """The longest text's length in characters."""
        return self._max_length

    def __repr__(self) -> str:
        return f"Template({self._text!r})"

    def __reduce__(self) -> Any:
        return (Template, (self._text,))

    def sample(
        self,
        index: int = 0,
        *,
        seed: int,
        unique: Optional[bool] = None,
        unique_permutation: Optional[str] = None,
    ) -> str:
        """The text of sample ``index``: a pure function of (template, seed,
        index). Without ``unique`` every text is equally likely; with it,
        indexes 0 to ``count - 1`` give every text once, in a seeded order
        (``unique_permutation``: ``"uniform"``, the default, or
        ``"feistel_1_0"``).

        Raises:
            OutOfRangeError: ``unique`` and ``index >= count``.
            InvalidArgumentError: ``unique`` with more than 2**63 texts.
        """
        index_value = _checks.uint64("index", index)
        seed_value = _checks.seed(seed)
        values = [(_table.row("seed").key, _checks.seed_param(seed_value))]
        values.append((_table.row("unique").key, int(_params.flag_field("unique", unique))))
        for key, value in _params.permutation_values(unique_permutation):
            values.append((key, int(value)))
        cdll = self._cdll
        params = _capi.ParamsP()
        rc = cdll.mseq_params_new(ctypes.byref(params))
        if rc:
            raise _capi.error(cdll, rc)
        try:
            for key, value in values:
                rc = cdll.mseq_params_set(params, key, value)
                if rc:
                    raise _capi.error(cdll, rc)
            out = ctypes.create_string_buffer(self._max_length + 1)
            rc = cdll.mseq_template_text(
                out, len(out), None, self._handle, params, index_value
            )
            if rc:
                raise _capi.error(cdll, rc)
        finally:
            cdll.mseq_params_free(params)
        return out.value.decode("ascii")
