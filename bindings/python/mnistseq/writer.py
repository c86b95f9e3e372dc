"""Writing dataset folders: generated images with their labels and a
manifest that lets them be regenerated bit for bit (PNG files, one NPY
array, or WebDataset tar shards). See the "Dataset writer" section of
``mnistseq.h`` for the layouts.

:func:`write_dataset` (behind :meth:`mnistseq.Generator.generate_dataset`)
writes a whole dataset in one call. :class:`DatasetWriter` exposes the steps
(begin, one shard at a time, finish) that ``mnistseq.dask`` spreads over a
cluster; a :class:`~mnistseq.DatasetSpec` describes the job.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import weakref
from typing import Any, Dict, Iterator, Optional, Protocol, Tuple

from . import _capi, _checks, _digits
from . import params as _params
from ._handle import Handle
from ._progress import Progress, ProgressCallback
from ._source import Source
from .dataset_spec import OUTPUTS, DatasetInfo, DatasetSpec, info_of, read_info

__all__ = ["DatasetWriter", "write_dataset", "ProgressCallback"]


class HasSource(Protocol):
    """What a writer is made from: a :class:`~mnistseq.Generator`, or
    anything else holding opened source data."""

    @property
    def source(self) -> Source:
        """The opened source data."""


def _params_handle(source: Source, spec: DatasetSpec) -> Any:
    """A new params handle for the spec (freed by the caller with
    ``source.drop_params``)."""
    p = spec.params
    assert p.shard_size is not None and p.png_level is not None  # filled in
    return source.new_params(
        _params.batch_values(p),
        (
            (_capi.PARAM_SEED, _checks.seed_param(spec.seed)),
            (_capi.PARAM_SHARD_SIZE, p.shard_size),
            (_capi.PARAM_PNG_LEVEL, p.png_level),
            (_capi.PARAM_PNG_RECIPE, int(bool(p.png_recipe))),
            (_capi.PARAM_MASKS, int(bool(p.masks))),
        ),
    )


@contextlib.contextmanager
def _job(source: Source, spec: DatasetSpec) -> Iterator[Tuple[Any, ...]]:
    """The arguments that describe the job of ``spec`` on the source data,
    as mseq_writer_new and mseq_write_dataset take them (directory, source data,
    params, digits, ndigits, count, output). The block is a use of the data
    set (closing the Generator meanwhile frees it only after the block);
    the params handle is freed on exit."""
    digits = None if spec.digits is None else _digits.digits(list(spec.digits))
    with source.dataset as ds:
        params = _params_handle(source, spec)
        try:
            if spec.template is not None:
                rc = source.cdll.mseq_params_set_template(params, spec.template._handle)
                if rc:
                    raise _capi.error(source.cdll, rc)
            yield (
                os.fsencode(spec.directory),
                ds,
                params,
                digits,
                0 if digits is None else len(digits),
                spec.count,
                OUTPUTS[spec.format],
            )
        finally:
            source.drop_params([params])


def write_dataset(
    gen: HasSource,
    spec: DatasetSpec,
    *,
    force: bool = False,
    progress: Optional[ProgressCallback] = None,
) -> DatasetInfo:
    """Writes (or resumes, or leaves as it is when finished) the whole
    dataset of ``spec`` from ``gen``'s source data: mseq_write_dataset."""
    source = gen.source
    cdll = source.cdll
    with _job(source, spec) as job:
        callback = Progress(progress)
        flags = _capi.WRITE_FORCE if _checks.flag("force", force) else 0
        rc = cdll.mseq_write_dataset(*job, flags, callback.c_fn, None)
        callback.check(cdll, rc)
    return read_info(spec.directory)


class DatasetWriter:
    """One dataset job on an open :class:`~mnistseq.Generator`, step by
    step: :meth:`begin` (once, by one process), :meth:`write_shard` (for
    each shard, by any process that builds the same writer, in any order,
    concurrently), :meth:`finish` (once every shard is complete).

    Creating it writes nothing; it generates image 0, so that bad parameters
    fail here, and hashes the source data's content (in memory) for the
    manifest.

    The writer lives at most as long as its Generator: closing the
    Generator closes its writers. A context manager; :meth:`close` (or
    garbage collection) releases it. Closing it (or its Generator) while
    another thread is in one of its calls is safe: that call finishes, the
    writer is released when it returns, and every later use raises
    :class:`~mnistseq.ClosedError`.

    Raises:
        NoFitError: image 0 does not fit the width under ``strict`` or
            ``exact``.
        ClosedError: the Generator is closed.
    """

    def __init__(self, gen: HasSource, spec: DatasetSpec) -> None:
        source = gen.source
        cdll = source.cdll
        dataset: Handle = source.dataset
        raw = _capi.WriterP()
        with _job(source, spec) as job:
            rc = cdll.mseq_writer_new(ctypes.byref(raw), *job)
            if rc:
                raise _capi.error(cdll, rc)
            try:
                # the writer holds a use of the source data until it is freed
                handle = Handle(raw, cdll.mseq_writer_free, "DatasetWriter", dataset)
            except BaseException:
                cdll.mseq_writer_free(raw)
                raise
        self._gen = gen
        self._cdll = cdll
        self._spec = spec
        self._handle = handle
        self._finalizer = weakref.finalize(self, handle.close)

    @property
    def spec(self) -> DatasetSpec:
        """The job."""
        return self._spec

    @property
    def closed(self) -> bool:
        """True after :meth:`close` or after its Generator was closed."""
        return self._handle.closed

    def _check(self, rc: int) -> None:
        if rc:
            raise _capi.error(self._cdll, rc)

    def _shard(self, shard: Any) -> int:
        """A checked shard number: 0 to the spec's shard count - 1."""
        count = self._spec.shard_count()
        why = f" (the dataset has {count} shards)"
        return _checks.integer("shard", shard, 0, count - 1, why=why)

    @property
    def manifest_text(self) -> str:
        """The job's manifest.json text: equal texts mean the same job."""
        text = ctypes.c_char_p()
        with self._handle as w:  # the text lives in the writer
            self._check(self._cdll.mseq_writer_manifest(ctypes.byref(text), w))
            return (text.value or b"").decode("utf-8")

    @property
    def manifest(self) -> Dict[str, Any]:
        """The job's manifest, parsed."""
        parsed: Dict[str, Any] = json.loads(self.manifest_text)
        return parsed

    @property
    def shard_count(self) -> int:
        """Number of shards of the job."""
        value = ctypes.c_uint64()
        with self._handle as w:
            self._check(self._cdll.mseq_writer_shard_count(ctypes.byref(value), w))
        return int(value.value)

    def shard_range(self, shard: int) -> Tuple[int, int]:
        """(first image index, number of images) of one shard."""
        first = ctypes.c_uint64()
        count = ctypes.c_uint64()
        index = self._shard(shard)
        with self._handle as w:
            self._check(
                self._cdll.mseq_writer_shard_range(
                    ctypes.byref(first), ctypes.byref(count), w, index
                )
            )
        return int(first.value), int(count.value)

    def begin(self, *, force: bool = False) -> None:
        """Prepares the directory: creates it, or resumes this job in it.

        Raises:
            OutputExistsError: the directory holds another job (the message
                names the first difference) or unrelated files; ``force``
                replaces them (only the files a dataset writer makes).
        """
        flags = _capi.WRITE_FORCE if _checks.flag("force", force) else 0
        with self._handle as w:
            self._check(self._cdll.mseq_writer_begin(w, flags))

    def shard_done(self, shard: int) -> bool:
        """Whether the shard is complete in the directory."""
        done = ctypes.c_int()
        index = self._shard(shard)
        with self._handle as w:
            self._check(self._cdll.mseq_writer_shard_done(ctypes.byref(done), w, index))
        return bool(done.value)

    def write_shard(self, shard: int, progress: Optional[ProgressCallback] = None) -> None:
        """Writes one shard unless it is complete. Threads may write distinct
        shards with one writer at the same time.

        Raises:
            CanceledError: ``progress`` returned a true value (an exception
                it raised is re-raised instead); the shard's partial files
                are removed.
        """
        callback = Progress(progress)
        index = self._shard(shard)
        with self._handle as w:
            rc = self._cdll.mseq_writer_write_shard(w, index, callback.c_fn, None)
        callback.check(self._cdll, rc)

    def finish(self) -> DatasetInfo:
        """Completes the dataset (labels file, images.npy) once every shard
        is complete, and returns its :class:`DatasetInfo`."""
        with self._handle as w:
            self._check(self._cdll.mseq_writer_finish(w))
        return info_of(self._spec.directory, self.manifest)

    def close(self) -> None:
        """Releases the writer (once a call in flight on another thread has
        returned); a no-op when already closed."""
        self._finalizer()

    def __enter__(self) -> "DatasetWriter":
        if self._handle.closed:
            raise self._handle.error()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError(
            "a DatasetWriter holds a library handle and cannot be pickled: "
            "send its spec and build a writer where it is used"
        )
