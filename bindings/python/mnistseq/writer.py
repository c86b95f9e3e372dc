"""Dataset writing: directories of generated images with their labels and a
manifest that lets them be regenerated bit for bit (PNG files, one NPY
array, or WebDataset tar shards). See the "Dataset writer" section of
``mnistseq.h`` for the layouts.

:meth:`mnistseq.Generator.generate_dataset` writes a whole dataset in one
call. :class:`DatasetWriter` exposes the steps (begin, one shard at a time,
finish) that ``mnistseq.dask`` spreads over a cluster; a :class:`DatasetSpec`
describes the job as plain, picklable values.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import os
import weakref
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, Optional, Tuple

import numpy as np

from . import _capi
from . import _options as opt
from ._handle import Handle
from ._options import DigitsLike, PathLike
from .errors import MSEQ_ECANCELED, MSEQ_ERANGE, OutOfRangeError
from .generator import _batch_values

if TYPE_CHECKING:  # pragma: no cover
    from .generator import Generator

__all__ = ["DatasetSpec", "DatasetWriter", "DatasetInfo", "ProgressCallback"]

OUTPUTS = {"png": _capi.OUTPUT_PNG, "npy": _capi.OUTPUT_NPY, "tar": _capi.OUTPUT_TAR}

#: ``progress(done, total)``: called with the images written so far and the
#: job's total; a true return value (or an exception) stops the job, which
#: can be resumed later.
ProgressCallback = Callable[[int, int], Optional[bool]]


@dataclasses.dataclass(frozen=True)
class DatasetSpec:
    """Everything that defines a dataset job except the data set itself, as
    plain values (picklable, hashable). Build it with :meth:`make`, which
    checks and normalises the Python types; every spec checks its values
    when it is made (InvalidArgumentError, OutOfRangeError, TypeError
    naming the argument of :meth:`make`).

    Attributes:
        directory: the dataset directory (str).
        count: number of images; sample indexes 0..count-1.
        image_width: image width in pixels.
        digits: the sequence of every image, or None for random sequences.
        spacing_range, seed, fit, align, invert: as in
            :meth:`mnistseq.Generator.generate`.
        length_range, no_leading_zero, unique: random sequences only.
        format: "png", "npy" or "tar".
        dtype: "uint8" or "float32": the NPY array's type (PNG and tar images
            are always 8-bit).
        shard_size: images per shard.
        png_level: -1 (fast run-length encoding) or a zlib level 0-9.
        threads: threads per shard (0: all cores); never changes the bytes.
    """

    directory: str
    count: int
    image_width: int
    digits: Optional[Tuple[int, ...]] = None
    spacing_range: Tuple[int, int] = (0, 0)
    seed: int = 0
    length_range: Optional[Tuple[int, int]] = None
    no_leading_zero: bool = False
    unique: bool = False
    fit: str = "pad"
    align: str = "center"
    invert: bool = False
    format: str = "png"
    dtype: str = "uint8"
    shard_size: int = 10000
    png_level: int = -1
    threads: int = 0

    @classmethod
    def make(
        cls,
        directory: PathLike,
        count: int,
        digits: Optional[DigitsLike],
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        format: str = "png",
        seed: int = 0,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: bool = False,
        unique: bool = False,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.uint8,
        shard_size: int = 10000,
        png_level: int = -1,
        threads: int = 0,
    ) -> "DatasetSpec":
        """A spec from arguments as :meth:`Generator.generate_dataset` takes
        them, with their Python types checked and normalised."""
        if directory is None:
            raise TypeError("directory must be a path, not None")
        path = opt.path("directory", directory)
        assert path is not None
        if digits is not None:
            opt.check_random_only(length_range, no_leading_zero, unique)
        opt.choice("format", format, OUTPUTS)
        opt.choice("fit", fit, opt.FITS)
        opt.choice("align", align, opt.ALIGNS)
        fmt = opt.dtype_format(dtype)
        return cls(
            directory=os.fsdecode(path),
            count=opt.uint64("count", count),
            image_width=opt.image_width(image_width),
            digits=None if digits is None else tuple(opt.digits(digits).tolist()),
            spacing_range=opt.spacing_range(spacing_range),
            seed=opt.seed(seed),
            length_range=None
            if length_range is None
            else opt.length_range(length_range),
            no_leading_zero=bool(opt.flag("no_leading_zero", no_leading_zero)),
            unique=bool(opt.flag("unique", unique)),
            fit=fit,
            align=align,
            invert=bool(opt.flag("invert", invert)),
            format=format,
            dtype=opt.FORMAT_DTYPES[fmt].name,
            shard_size=opt.int64("shard_size", shard_size),
            png_level=opt.int64("png_level", png_level),
            threads=opt.int64("threads", threads),
        )

    def __post_init__(self) -> None:
        """Checks the values (also of a spec made without :meth:`make`),
        with messages naming the arguments of :meth:`make`."""
        if not self.directory:
            raise opt.invalid("directory='': an empty path")
        count = opt.bounded("count", self.count, 1, _capi.MAX_DATASET)
        opt.image_width(self.image_width)
        if self.digits is not None:
            opt.digits(self.digits)
            opt.check_random_only(self.length_range, self.no_leading_zero, self.unique)
        opt.spacing_range(self.spacing_range)
        opt.seed(self.seed)
        lengths = opt.length_range(self.length_range)
        no_leading_zero = opt.flag("no_leading_zero", self.no_leading_zero)
        unique = opt.flag("unique", self.unique)
        opt.choice("fit", self.fit, opt.FITS)
        opt.choice("align", self.align, opt.ALIGNS)
        opt.flag("invert", self.invert)
        opt.choice("format", self.format, OUTPUTS)
        opt.dtype_format(self.dtype)
        size = opt.bounded("shard_size", self.shard_size, 1, _capi.MAX_BATCH)
        shards = -(-count // size)
        if shards > _capi.MAX_SHARDS:
            raise OutOfRangeError(
                f"count={count} with shard_size={size} makes {shards} shards, "
                f"more than {_capi.MAX_SHARDS}: use a shard_size of at least "
                f"{-(-count // _capi.MAX_SHARDS)}",
                MSEQ_ERANGE,
            )
        opt.bounded("png_level", self.png_level, -1, 9)
        opt.threads(self.threads)
        if self.digits is None and unique:
            what = f"count={count} uses sample indexes up to {count - 1}"
            opt.unique_span(lengths, no_leading_zero, count - 1, what)

    def shard_count(self) -> int:
        """ceil(count / shard_size), as the library computes it."""
        if self.shard_size <= 0:
            return 0
        return -(-self.count // self.shard_size)


@dataclasses.dataclass(frozen=True)
class DatasetInfo:
    """A written dataset.

    Attributes:
        directory: the dataset directory.
        count: number of images.
        format: "png", "npy" or "tar".
        shards: number of shards.
        manifest: manifest.json, parsed: every parameter, the seed, the
            split, the library version and the data files' SHA-256.
    """

    directory: str
    count: int
    format: str
    shards: int
    manifest: Dict[str, Any]


class _Progress:
    """A Python progress callback as an ``mseq_progress_fn``; an exception
    in it cancels the job and is re-raised by :meth:`check`."""

    def __init__(self, fn: Optional[ProgressCallback]) -> None:
        if fn is not None and not callable(fn):
            raise TypeError(f"progress must be callable, not {type(fn).__name__}")
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
        if rc == 0:
            return
        if rc == MSEQ_ECANCELED and self.error is not None:
            raise self.error
        raise _capi.error(cdll, rc)


def _params(gen: "Generator", spec: DatasetSpec) -> Any:
    """A new params handle for the spec (freed by the caller with
    ``gen._handles.drop_params``)."""
    values = gen._single_values(
        spec.spacing_range,
        spec.image_width,
        spec.fit,
        spec.align,
        spec.invert,
        spec.dtype,
    )
    key = _batch_values(
        values, spec.length_range, spec.no_leading_zero, spec.unique, spec.threads
    )
    return gen._handles.new_params(
        key,
        (
            (_capi.PARAM_SEED, opt.seed_param(spec.seed)),
            (_capi.PARAM_SHARD_SIZE, spec.shard_size),
            (_capi.PARAM_PNG_LEVEL, spec.png_level),
        ),
    )


def _digits(spec: DatasetSpec) -> Tuple[Optional[np.ndarray], int]:
    if spec.digits is None:
        return None, 0
    d = opt.digits(list(spec.digits))
    return d, len(d)


@contextlib.contextmanager
def _job(gen: "Generator", spec: DatasetSpec) -> Iterator[Tuple[Any, ...]]:
    """The arguments that describe the job of ``spec`` on ``gen``'s data set,
    as mseq_writer_new and mseq_write_dataset take them (directory, data set,
    params, digits, ndigits, count, output). The block is a use of the data
    set (closing the Generator meanwhile frees it only after the block);
    the params handle is freed on exit."""
    digits, ndigits = _digits(spec)
    with gen._dataset as ds:
        params = _params(gen, spec)
        try:
            yield (
                os.fsencode(spec.directory),
                ds,
                params,
                digits,
                ndigits,
                spec.count,
                OUTPUTS[spec.format],
            )
        finally:
            gen._handles.drop_params([params])


def write_dataset(
    gen: "Generator",
    spec: DatasetSpec,
    *,
    force: bool = False,
    progress: Optional[ProgressCallback] = None,
) -> DatasetInfo:
    """Writes (or resumes, or leaves as it is when finished) the whole
    dataset of ``spec`` from ``gen``'s data set: mseq_write_dataset."""
    cdll = gen._cdll
    with _job(gen, spec) as job:
        callback = _Progress(progress)
        flags = _capi.WRITE_FORCE if opt.flag("force", force) else 0
        rc = cdll.mseq_write_dataset(*job, flags, callback.c_fn, None)
        callback.check(cdll, rc)
    return read_info(spec.directory)


def read_info(directory: PathLike) -> DatasetInfo:
    """The :class:`DatasetInfo` of a dataset directory, from its
    manifest.json."""
    path = os.fsdecode(os.fspath(directory))
    with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return _info(path, manifest)


def _info(directory: str, manifest: Dict[str, Any]) -> DatasetInfo:
    return DatasetInfo(
        directory=directory,
        count=int(manifest["count"]),
        format=str(manifest["output"]),
        shards=int(manifest["shards"]),
        manifest=manifest,
    )


class DatasetWriter:
    """One dataset job on an open :class:`~mnistseq.Generator`, step by
    step: :meth:`begin` (once, by one process), :meth:`write_shard` (for
    each shard, by any process that builds the same writer, in any order,
    concurrently), :meth:`finish` (once every shard is complete).

    Creating it writes nothing; it generates image 0, so that bad parameters
    fail here, and hashes the data set's content (in memory) for the
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

    def __init__(self, gen: "Generator", spec: DatasetSpec) -> None:
        cdll = gen._cdll
        dataset: Handle = gen._dataset
        raw = _capi.WriterP()
        with _job(gen, spec) as job:
            rc = cdll.mseq_writer_new(ctypes.byref(raw), *job)
            if rc:
                raise _capi.error(cdll, rc)
            try:
                # the writer holds a use of the data set until it is freed
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
        return opt.integer("shard", shard, 0, count - 1, why=why)

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
        flags = _capi.WRITE_FORCE if opt.flag("force", force) else 0
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
        callback = _Progress(progress)
        index = self._shard(shard)
        with self._handle as w:
            rc = self._cdll.mseq_writer_write_shard(w, index, callback.c_fn, None)
        callback.check(self._cdll, rc)

    def finish(self) -> DatasetInfo:
        """Completes the dataset (labels file, images.npy) once every shard
        is complete, and returns its :class:`DatasetInfo`."""
        with self._handle as w:
            self._check(self._cdll.mseq_writer_finish(w))
        return _info(self._spec.directory, self.manifest)

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

