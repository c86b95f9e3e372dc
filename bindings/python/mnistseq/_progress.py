"""A Python progress callback, ``progress(done, total)``, as the library's
``mseq_progress_fn``."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, Optional

from . import _capi, _checks
from .errors import MSEQ_ECANCELED

#: ``progress(done, total)``: called with the images written so far and the
#: job's total; a true return value (or an exception) stops the job, which
#: can be resumed later.
ProgressCallback = Callable[[int, int], Optional[bool]]


class Progress:
    """``fn`` as an ``mseq_progress_fn`` (``c_fn``); an exception in it
    cancels the job and is re-raised by :meth:`check`."""

    def __init__(self, fn: Optional[ProgressCallback]) -> None:
        _checks.callback("progress", fn)
        self.fn = fn
        self.error: Optional[BaseException] = None
        self.c_fn = _capi.ProgressFn(self._call) if fn is not None else _capi.NO_PROGRESS

    def _call(self, done: int, total: int, user: Any) -> int:
        try:
            assert self.fn is not None
            return 1 if self.fn(int(done), int(total)) else 0
        except BaseException as exc:  # re-raised after the C call returns
            self.error = exc
            return 1

    def check(self, cdll: ctypes.CDLL, rc: int) -> None:
        """Raises the callback's exception when it stopped the job, else the
        library's error for a failed call."""
        if rc == 0:
            return
        if rc == MSEQ_ECANCELED and self.error is not None:
            raise self.error
        raise _capi.error(cdll, rc)
