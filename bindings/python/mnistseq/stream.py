"""Streaming batches for training: :class:`BatchStream`, an iterable of
consecutive :class:`~mnistseq.Batch` objects, the next one generated in a
background thread (the library releases the GIL) while the current one is
used."""

from __future__ import annotations

import concurrent.futures
from typing import Any, Iterator, Optional, Protocol

from . import _capi, _checks, _digits, _indexes
from ._digits import DigitsLike
from .params import Params
from .results import Batch

__all__ = ["BatchStream"]


class BatchMaker(Protocol):
    """What a stream draws its batches from: a :class:`~mnistseq.Generator`."""

    def generate_batch(self, *args: Any, **kwargs: Any) -> Batch:
        """As :meth:`mnistseq.Generator.generate_batch`."""

    def require_open(self) -> None:
        """Raises ClosedError when closed."""


class BatchStream:
    """Batches of ``batch_size`` consecutive samples: sample indexes
    ``first_index``, ``first_index + 1``, ... up to ``count`` samples (the
    last batch may be smaller), or without end when ``count`` is None.

    Iterating again restarts from ``first_index`` and yields the same
    batches: the seed is fixed when the stream is made (None draws one then;
    it is in every batch's ``seed``).

    Build it with :meth:`mnistseq.Generator.stream`.
    """

    def __init__(
        self,
        gen: BatchMaker,
        batch_size: int,
        digits: Optional[DigitsLike],
        params: Params,
        *,
        count: Optional[int],
        seed: Optional[int],
        first_index: int,
        prefetch: bool,
    ) -> None:
        self._gen = gen
        self.batch_size = _indexes.batch_size("batch_size", batch_size)
        self.digits = None if digits is None else _digits.digits(digits).tolist()
        self.params = params
        self.seed = _checks.seed(seed)
        self.first_index = _checks.uint64("first_index", first_index)
        if count is None:
            self.count = _capi.UINT64_MAX + 1 - self.first_index
        else:
            self.count = _checks.uint64("count", count)
            _indexes.index_span(self.first_index, self.count, "count")
        self.endless = count is None
        self.prefetch = bool(prefetch)
        # check every argument now rather than at the first batch
        self._batch(self.first_index, 1)
        if self.digits is None and params.unique and self.count:
            last = self.first_index + self.count - 1
            if self.endless:
                what = (
                    f"an endless stream (count=None) from first_index="
                    f"{self.first_index} uses every sample index up to 2**64-1"
                )
            else:
                what = (
                    f"first_index={self.first_index} and count={self.count} use "
                    f"sample indexes up to {last}"
                )
            _indexes.unique_span(params.lengths, params.no_leading_zero, last, what)

    def __len__(self) -> int:
        """Number of batches (a stream without ``count`` has no length)."""
        if self.endless:
            raise TypeError("an endless BatchStream (count=None) has no length")
        return -(-self.count // self.batch_size)

    def _batch(self, start: int, size: int) -> Batch:
        return self._gen.generate_batch(
            size, self.digits, params=self.params, seed=self.seed, first_index=start
        )

    def __iter__(self) -> Iterator[Batch]:
        """The batches, in index order.

        Raises:
            ClosedError: the Generator was closed (checked before each
                batch; a batch being prefetched then is finished first, so
                that no work of the stream outlives the error).
        """
        gen = self._gen
        start = self.first_index
        end = self.first_index + self.count
        if not self.prefetch:
            while start < end:
                size = min(self.batch_size, end - start)
                yield self._batch(start, size)
                start += size
            return
        pool = concurrent.futures.ThreadPoolExecutor(1, "mnistseq-stream")
        pending: Optional["concurrent.futures.Future[Batch]"] = None
        try:
            size = min(self.batch_size, end - start)
            pending = pool.submit(self._batch, start, size) if start < end else None
            while pending is not None:
                batch = pending.result()
                start += size
                size = min(self.batch_size, end - start)
                pending = pool.submit(self._batch, start, size) if start < end else None
                yield batch
                gen.require_open()
        finally:
            # on an error, a close of the Generator, or the iterator being
            # closed or collected: the next batch is dropped if it has not
            # started, and waited for if it has
            if pending is not None:
                pending.cancel()
            pool.shutdown(wait=True)
