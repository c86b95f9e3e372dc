"""Fresh seeds (seed=None): 64-bit values from the operating system, read
in blocks, never handed out twice: not to two threads, not to a forked
child and its parent."""

from __future__ import annotations

import os
import struct
import threading
from typing import List

import pytest

from mnistseq import _checks


def test_fresh_seeds_are_the_operating_system_bytes(monkeypatch) -> None:
    block = bytes(range(256)) * (_checks._FRESH_FORMAT.size // 256)
    monkeypatch.setattr(_checks.os, "urandom", lambda n: block[:n])
    _checks._fresh.clear()
    expected = struct.unpack(f"<{_checks._FRESH_BATCH}Q", block)
    drawn = [_checks.seed(None) for _ in range(_checks._FRESH_BATCH + 3)]
    _checks._fresh.clear()  # later tests draw real seeds
    assert drawn == list(expected) + list(expected[:3])  # a second block is read


def test_fresh_seeds_cover_64_bits_and_do_not_repeat() -> None:
    drawn = [_checks.seed(None) for _ in range(5 * _checks._FRESH_BATCH)]
    assert len(set(drawn)) == len(drawn)
    assert all(type(s) is int and 0 <= s < 2**64 for s in drawn)
    assert max(drawn) >= 2**63  # the top bit is used


def test_threads_never_get_the_same_fresh_seed() -> None:
    per_thread: List[List[int]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def draw(out: List[int]) -> None:
        start.wait()
        for _ in range(3 * _checks._FRESH_BATCH):
            out.append(_checks.seed(None))

    threads = [threading.Thread(target=draw, args=(out,)) for out in per_thread]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [s for out in per_thread for s in out]
    assert len(set(everything)) == len(everything) == 4 * 3 * _checks._FRESH_BATCH


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_does_not_repeat_its_parents_seeds() -> None:
    _checks.seed(None)  # the parent holds a block read before the fork
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: send 8 seeds and leave at once
        try:
            os.write(write_end, struct.pack("<8Q", *[_checks.seed(None) for _ in range(8)]))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as f:
        child = struct.unpack("<8Q", f.read())
    os.waitpid(pid, 0)
    parent = [_checks.seed(None) for _ in range(8)]
    assert not set(child) & set(parent)
