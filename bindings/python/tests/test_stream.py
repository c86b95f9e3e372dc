"""Generator.stream: batches of consecutive samples for streaming training."""

from __future__ import annotations

import numpy as np
import pytest

import mnistseq


def test_stream_covers_consecutive_indexes(gen) -> None:
    stream = gen.stream(16, None, (0, 4), 100, count=50, seed=8, first_index=1000,
                        length_range=(2, 3), threads=2)
    assert len(stream) == 4
    batches = list(stream)
    assert [b.images.shape[0] for b in batches] == [16, 16, 16, 2]
    assert [b.first_index for b in batches] == [1000, 1016, 1032, 1048]
    assert all(b.seed == 8 for b in batches)
    whole = gen.generate_batch(50, None, (0, 4), 100, seed=8, first_index=1000, length_range=(2, 3))
    assert np.array_equal(np.concatenate([b.images for b in batches]), whole.images)
    assert np.concatenate([b.labels for b in batches]).tolist() == whole.labels.tolist()


def test_stream_is_reiterable_and_prefetch_does_not_change_it(gen) -> None:
    stream = gen.stream(8, "31", (1, 2), 70, count=24)  # seed drawn once, here
    first = [b.images for b in stream]
    again = [b.images for b in stream]
    plain = [b.images for b in gen.stream(8, "31", (1, 2), 70, count=24, seed=stream.seed,
                                          prefetch=False)]
    for a, b, c in zip(first, again, plain):
        assert np.array_equal(a, b) and np.array_equal(a, c)


def test_endless_stream(gen) -> None:
    stream = gen.stream(4, None, (0, 0), 60, seed=1)
    with pytest.raises(TypeError):
        len(stream)
    it = iter(stream)
    batches = [next(it) for _ in range(5)]
    it.close()  # stops the prefetching thread
    assert [b.first_index for b in batches] == [0, 4, 8, 12, 16]
    last = gen.stream(4, None, (0, 0), 60, seed=1, first_index=2**64 - 6)
    assert [b.images.shape[0] for b in last] == [4, 2]  # ends at the last index


def test_stream_arguments_are_checked_at_once(gen) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"^spacing_range=\(3, 1\)"):
        gen.stream(4, None, (3, 1), 60)
    with pytest.raises(mnistseq.OutOfRangeError, match="batch_size"):
        gen.stream(0, None, (0, 0), 60)
    with pytest.raises(mnistseq.OutOfRangeError):
        gen.stream(4, None, (0, 0), 60, first_index=2**64 - 2, count=5)
