"""Streaming batches for training: :class:`BatchStream`, an iterable of
consecutive :class:`~mnistseq.Batch` objects, the next one generated in a
background thread (the library releases the GIL) while the current one is
used."""

from __future__ import annotations

import concurrent.futures
from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional

from . import _capi
from . import _options as opt
from ._options import DigitsLike

if TYPE_CHECKING:  # pragma: no cover
    from .generator import Batch, Generator

__all__ = ["BatchStream"]


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
        gen: "Generator",
        batch_size: int,
        digits: Optional[DigitsLike],
        options: Dict[str, Any],
        *,
        count: Optional[int],
        seed: Optional[int],
        first_index: int,
        prefetch: bool,
    ) -> None:
        self._gen = gen
        self.batch_size = opt.batch_size("batch_size", batch_size)
        self.digits = None if digits is None else opt.digits(digits).tolist()
        self.options = dict(options)
        self.seed = opt.seed(seed)
        self.first_index = opt.uint64("first_index", first_index)
        if count is None:
            self.count = _capi.UINT64_MAX + 1 - self.first_index
        else:
            self.count = opt.uint64("count", count)
            opt.index_span(self.first_index, self.count, "count")
        self.endless = count is None
        self.prefetch = bool(prefetch)
        # check every argument now rather than at the first batch
        gen.generate_batch(1, self.digits, seed=self.seed, first_index=self.first_index,
                           **self.options)
        if self.digits is None and self.options["unique"] and self.count:
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
            lengths = opt.length_range(self.options["length_range"])
            leading = opt.flag("no_leading_zero", self.options["no_leading_zero"])
            opt.unique_span(lengths, leading, last, what)

    def __len__(self) -> int:
        """Number of batches (a stream without ``count`` has no length)."""
        if self.endless:
            raise TypeError("an endless BatchStream (count=None) has no length")
        return -(-self.count // self.batch_size)

    def _batch(self, start: int, size: int) -> "Batch":
        return self._gen.generate_batch(
            size, self.digits, seed=self.seed, first_index=start, **self.options
        )

    def __iter__(self) -> Iterator["Batch"]:
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
                gen._require_open()
        finally:
            # on an error, a close of the Generator, or the iterator being
            # closed or collected: the next batch is dropped if it has not
            # started, and waited for if it has
            if pending is not None:
                pending.cancel()
            pool.shutdown(wait=True)
