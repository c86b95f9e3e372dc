"""Exceptions raised by mnistseq.

Every failure of the C library becomes a :class:`MnistSeqError` carrying the
library's return code (``.code``, one of the ``MSEQ_E*`` values) and its
detailed message (``.message``, from ``mseq_last_error()``). The subclasses
also derive from the built-in exception a Python caller would expect:

====================  ==============================  =====================
code                  class                           also a
====================  ==============================  =====================
``MSEQ_EINVAL``       :class:`InvalidArgumentError`   ``ValueError``
``MSEQ_ERANGE``       :class:`OutOfRangeError`        ``ValueError``
``MSEQ_ENOFIT``       :class:`NoFitError`             ``ValueError``
``MSEQ_EBUFSIZE``     :class:`BufferSizeError`        ``ValueError``
``MSEQ_ENOTFOUND``    :class:`DataNotFoundError`      ``FileNotFoundError``
``MSEQ_EIO``          :class:`DataIOError`            ``OSError``
``MSEQ_EFORMAT``      :class:`DataFormatError`        ``OSError``
``MSEQ_ENOMEM``       :class:`OutOfMemoryError`       ``MemoryError``
``MSEQ_EEXIST``       :class:`OutputExistsError`      ``FileExistsError``
``MSEQ_EINTERNAL``    :class:`InternalError`          (base only)
``MSEQ_ECANCELED``    :class:`CanceledError`          (base only)
====================  ==============================  =====================

A library that cannot be found or loaded raises :class:`LibraryError` (an
``ImportError``) with ``code`` None. Using a :class:`~mnistseq.Generator` or
a :class:`~mnistseq.DatasetWriter` after it was closed (or a stream after its
Generator was) raises :class:`ClosedError`, an :class:`InvalidArgumentError`
(a ``ValueError``, as for a closed Python file) with code ``MSEQ_EINVAL``.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "MSEQ_OK",
    "MSEQ_EINVAL",
    "MSEQ_ENOMEM",
    "MSEQ_ENOTFOUND",
    "MSEQ_EIO",
    "MSEQ_EFORMAT",
    "MSEQ_EBUFSIZE",
    "MSEQ_ENOFIT",
    "MSEQ_ERANGE",
    "MSEQ_EEXIST",
    "MSEQ_EINTERNAL",
    "MSEQ_ECANCELED",
    "MnistSeqError",
    "InvalidArgumentError",
    "OutOfRangeError",
    "NoFitError",
    "BufferSizeError",
    "DataNotFoundError",
    "DataIOError",
    "DataFormatError",
    "OutOfMemoryError",
    "OutputExistsError",
    "InternalError",
    "CanceledError",
    "ClosedError",
    "LibraryError",
    "error_class",
]

# Return codes of the C library (mseq_error). Fixed by the ABI.
MSEQ_OK = 0
MSEQ_EINVAL = -1
MSEQ_ENOMEM = -2
MSEQ_ENOTFOUND = -3
MSEQ_EIO = -4
MSEQ_EFORMAT = -5
MSEQ_EBUFSIZE = -6
MSEQ_ENOFIT = -7
MSEQ_ERANGE = -8
MSEQ_EEXIST = -9
MSEQ_EINTERNAL = -10
MSEQ_ECANCELED = -11


class MnistSeqError(Exception):
    """Base class of every mnistseq error.

    Attributes:
        code: the library's ``MSEQ_E*`` return code, or None for errors that
            do not come from a library call (loading the library).
        message: the detailed message, naming the argument or file at fault.
    """

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message: str = message
        self.code: Optional[int] = code

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Tuple[Any, ...]:
        # keeps the class, message and code across pickling (process pools,
        # Dask workers)
        return (type(self), (self.message, self.code))


class InvalidArgumentError(MnistSeqError, ValueError):
    """An argument is invalid (``MSEQ_EINVAL``): a digit outside 0-9, a
    spacing below minus the glyph width, min_spacing > max_spacing, a width
    of 0, ..."""


class OutOfRangeError(InvalidArgumentError):
    """A size is beyond a documented limit (``MSEQ_ERANGE``): a width above
    ``MSEQ_MAX_WIDTH``, too many digits, an integer too large for C."""


class NoFitError(InvalidArgumentError):
    """The sequence cannot fit the width under the ``strict`` or ``exact``
    fit policy (``MSEQ_ENOFIT``)."""


class BufferSizeError(InvalidArgumentError):
    """An output buffer is too small (``MSEQ_EBUFSIZE``)."""


class DataNotFoundError(MnistSeqError, FileNotFoundError):
    """The IDX data files were not found (``MSEQ_ENOTFOUND``)."""


class DataIOError(MnistSeqError, OSError):
    """A file could not be read, written or renamed (``MSEQ_EIO``)."""


class DataFormatError(MnistSeqError, OSError):
    """A data file is malformed (``MSEQ_EFORMAT``): bad magic, dimensions,
    counts or labels, truncation, trailing bytes. An ``OSError`` like the
    other data file problems (missing, unreadable), never a ``ValueError``:
    the arguments were fine, the file is not."""


class OutOfMemoryError(MnistSeqError, MemoryError):
    """The library could not allocate memory (``MSEQ_ENOMEM``)."""


class OutputExistsError(MnistSeqError, FileExistsError):
    """An output exists and differs (``MSEQ_EEXIST``)."""


class InternalError(MnistSeqError):
    """A bug in the library (``MSEQ_EINTERNAL``): please report it."""


class CanceledError(MnistSeqError):
    """A progress callback asked to stop (``MSEQ_ECANCELED``); what was
    complete is kept."""


class ClosedError(InvalidArgumentError):
    """A :class:`~mnistseq.Generator` or :class:`~mnistseq.DatasetWriter`
    was used after it was closed, or a stream after its Generator was (the
    message names which). Not a library code: raised by the binding, with
    code ``MSEQ_EINVAL``."""


class LibraryError(MnistSeqError, ImportError):
    """The shared library could not be found or loaded, or its major version
    differs from the binding's."""


_BY_CODE: Dict[int, Type[MnistSeqError]] = {
    MSEQ_EINVAL: InvalidArgumentError,
    MSEQ_ENOMEM: OutOfMemoryError,
    MSEQ_ENOTFOUND: DataNotFoundError,
    MSEQ_EIO: DataIOError,
    MSEQ_EFORMAT: DataFormatError,
    MSEQ_EBUFSIZE: BufferSizeError,
    MSEQ_ENOFIT: NoFitError,
    MSEQ_ERANGE: OutOfRangeError,
    MSEQ_EEXIST: OutputExistsError,
    MSEQ_EINTERNAL: InternalError,
    MSEQ_ECANCELED: CanceledError,
}


def error_class(code: int) -> Type[MnistSeqError]:
    """The exception class for a library return code (:class:`MnistSeqError`
    itself for a code this binding does not know)."""
    return _BY_CODE.get(code, MnistSeqError)
