"""Re-checking a finished dataset folder: :func:`verify_dataset`
(mseq_verify_dataset)."""

from __future__ import annotations

import ctypes
import os
from typing import List, Optional

from . import _capi, _lib
from . import _checks

__all__ = ["verify_dataset"]


def verify_dataset(
    directory: _checks.PathLike,
    *,
    data: Optional[_checks.PathLike] = None,
    sample: int = 100,
) -> List[str]:
    """Checks the dataset in ``directory`` against its manifest.json: every
    file it implies is there, no write is in progress, and ``sample`` images
    (spread over the dataset) with their label rows, regenerated from the
    manifest's job on ``data`` (default: the library's data lookup), equal
    the folder's bytes. Returns the problems found, one line each: an empty
    list means the dataset is complete and exact.

    Raises :class:`OSError` subclasses when there is no manifest or the data
    cannot be read, and :class:`ValueError` when the data is not the
    manifest's (its SHA-256 differs)."""
    path = _checks.path("directory", directory)
    data_path = _checks.path("data", data)
    count = _checks.uint64("sample", sample)
    problems: List[str] = []

    def report(problem: bytes, user: object) -> int:
        problems.append(os.fsdecode(problem))
        return 0

    cdll = _lib.cdll()
    found = ctypes.c_uint64(0)
    callback = _capi.ProblemFn(report)
    rc = cdll.mseq_verify_dataset(
        ctypes.byref(found), path, data_path, count, callback, None
    )
    if rc != 0:
        raise _capi.error(cdll, rc)
    return problems
