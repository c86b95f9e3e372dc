"""Writing a dataset on a Dask cluster: one task per shard.

The result is byte for byte the dataset that
:meth:`mnistseq.Generator.generate_dataset` writes in one process: every
image is a pure function of (data, parameters, seed, index), and the
library's writer makes each shard independently of the others.

The task graph is: one *begin* task (creates the directory and its
manifest.json, or resumes the job there), then one task per shard (each
skips a shard that is already complete), then one *finish* task (writes the
label file, moves images.npy into place). Every task runs on a worker, so
the client needs neither the data nor the output directory; the workers
need both, at the same paths (a shared file system on a real cluster).
Each worker process opens the source data and builds the job's writer once,
and reuses them for its later shards.

Needs ``dask`` (and ``distributed`` for :func:`write_dataset` without an
explicit scheduler); the rest of ``mnistseq`` does not.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

import dask
from dask.delayed import Delayed

from . import _checks
from . import params as _params
from ._checks import PathLike
from ._digits import DigitsLike
from .dataset_spec import DatasetInfo, DatasetSpec
from .errors import MSEQ_EINTERNAL, ClosedError, InternalError
from .sequence import with_shared_generator
from .params import Params
from .writer import DatasetWriter

__all__ = ["dataset_graph", "write_dataset"]

_JobKey = Tuple[DatasetSpec, Optional[str], str]
_writers: Dict[_JobKey, DatasetWriter] = {}
_writers_lock = threading.Lock()
_T = TypeVar("_T")
_RETRIES = 100
#: Threads per shard task unless ``threads`` says: the cluster provides the
#: parallelism.
_THREADS = 1


def _writer(spec: DatasetSpec, data: Optional[str], split: str) -> DatasetWriter:
    """This process's writer for the job, built on first use (and again
    when it was closed, by :func:`mnistseq.clear_cache` for one)."""
    key = (spec, data, split)
    with _writers_lock:
        writer = _writers.get(key)
        if writer is None or writer.closed:
            writer = with_shared_generator(
                data, split, lambda gen: DatasetWriter(gen, spec)
            )
            _writers[key] = writer
    return writer


def _with_writer(
    spec: DatasetSpec,
    data: Optional[str],
    split: str,
    call: Callable[[DatasetWriter], _T],
) -> _T:
    """``call(writer)`` on this process's writer for the job; run again on
    a new writer when the writer was closed between the lookup and the call
    (it then raised ClosedError before doing anything)."""
    for _ in range(_RETRIES):
        writer = _writer(spec, data, split)
        try:
            return call(writer)
        except ClosedError:
            if not writer.closed:
                raise
    return call(_writer(spec, data, split))


def _begin(spec: DatasetSpec, data: Optional[str], split: str, force: bool) -> str:
    def begin(writer: DatasetWriter) -> str:
        if writer.shard_count != spec.shard_count():
            raise InternalError(
                f"the library counts {writer.shard_count} shards, the graph "
                f"{spec.shard_count()}: please report it",
                MSEQ_EINTERNAL,
            )
        writer.begin(force=force)
        return writer.manifest_text

    return _with_writer(spec, data, split, begin)


def _write_shard(
    spec: DatasetSpec, data: Optional[str], split: str, shard: int, manifest: str
) -> Tuple[int, int]:
    _with_writer(spec, data, split, lambda writer: writer.write_shard(shard))
    return shard, os.getpid()


def _finish(
    spec: DatasetSpec, data: Optional[str], split: str, shards: List[Tuple[int, int]]
) -> DatasetInfo:
    return _with_writer(spec, data, split, lambda writer: writer.finish())


def dataset_graph(
    directory: PathLike,
    count: int,
    digits: Optional[DigitsLike],
    spacing_range: Optional[Tuple[int, int]] = None,
    image_width: Optional[int] = None,
    *,
    params: Optional[Params] = None,
    data: Optional[PathLike] = None,
    split: str = "train",
    force: bool = False,
    format: str = "png",
    seed: int = 0,
    **options: Any,
) -> Delayed:
    """The task graph of a dataset job, as a ``dask.delayed`` object whose
    value is the :class:`~mnistseq.DatasetInfo`; compute it with any Dask
    scheduler. Arguments as :func:`write_dataset`."""
    found = _params.resolve(
        "dataset_graph", params, spacing_range, image_width, options,
        _params.DATASET_FIELDS,
    )
    if found.threads is None:
        found = dataclasses.replace(found, threads=_THREADS)
    spec = DatasetSpec.make(
        directory, count, digits, params=found, format=format, seed=seed
    )
    # checked here, on the client: a worker would report them late
    _checks.split(split)
    force = bool(_checks.flag("force", force))
    data_bytes = _checks.path("data", data)
    data_path = None if data_bytes is None else os.path.abspath(os.fsdecode(data_bytes))
    token = dask.base.tokenize(spec, data_path, split, force)
    begun = dask.delayed(_begin, pure=False)(
        spec, data_path, split, force, dask_key_name=f"mnistseq-begin-{token}"
    )
    shards = [
        dask.delayed(_write_shard, pure=False)(
            spec, data_path, split, k, begun, dask_key_name=f"mnistseq-shard-{k}-{token}"
        )
        for k in range(spec.shard_count())
    ]
    return dask.delayed(_finish, pure=False)(
        spec, data_path, split, shards, dask_key_name=f"mnistseq-finish-{token}"
    )


def write_dataset(
    directory: PathLike,
    count: int,
    digits: Optional[DigitsLike],
    spacing_range: Optional[Tuple[int, int]] = None,
    image_width: Optional[int] = None,
    *,
    client: Any = None,
    params: Optional[Params] = None,
    data: Optional[PathLike] = None,
    split: str = "train",
    force: bool = False,
    format: str = "png",
    seed: int = 0,
    **options: Any,
) -> DatasetInfo:
    """Writes a dataset on a Dask distributed cluster, one task per shard,
    and returns its :class:`~mnistseq.DatasetInfo`.

    Args:
        directory: the dataset directory, as the workers see it.
        client: a ``distributed.Client``; None uses the current default
            client.
        data: the IDX directory as the workers see it; None: each worker's
            default lookup (``MNISTSEQ_DATA``, the installed data).
        split: "train" or "test".
        force: replace another job's dataset in the directory.
        params, **options: the image and writer parameters, as in
            :meth:`mnistseq.Generator.generate_dataset`, except that
            ``threads`` (threads per shard task) defaults to 1: the cluster
            provides the parallelism; it never changes the bytes.
        The others: as :meth:`mnistseq.Generator.generate_dataset`.

    Raises:
        ValueError: no client was given and there is no default one.
        The library's errors, raised on the workers (the message names the
        file or argument).
    """
    graph = dataset_graph(
        directory,
        count,
        digits,
        spacing_range,
        image_width,
        params=params,
        data=data,
        split=split,
        force=force,
        format=format,
        seed=seed,
        **options,
    )
    if client is None:
        from distributed import default_client

        client = default_client()
    info: DatasetInfo = client.compute(graph).result()
    return info
