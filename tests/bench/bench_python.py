#!/usr/bin/env python3
"""Speed of the Python binding: one table of ratios measured in one run.

Every row compares two figures measured in the same run, on the same data
and parameters, and prints: case, figure, ratio, target, met/MISSED.

  overhead     Generator.generate (and generate_mnist_sequence) per call,
               minus the C library's own cost of one image
               (mseq_generate_batch straight through ctypes on one thread,
               per image, over the same images). Target: <= 3 us.
  batch/C      Generator.generate_batch per image (threads=1) against
               mseq_generate_batch through ctypes, both filling the images
               AND the placements, lengths and scales; Python also builds
               the labels. Into a caller's out= array against C into reused
               buffers, and allocating against C allocating new buffers per
               call (first-touch page faults then cost both alike).
               Target: <= 1.2x.
  vs original  the realistic case (5 digits, gaps 0-10, width 160, MNIST
               test split) against reference_numpy.py, the original
               implementation's algorithm (one equal gap, numpy.hstack):
               generate_mnist_sequence and Generator.generate per call,
               target >= 10x faster; generate_batch per image (one
               thread), target >= 30x faster (float32, the specification's
               type, and uint8, what the original returns). The C batch's
               own ratio is printed as the bound the binding cannot beat,
               and so is one mseq_generate call through bare ctypes
               (arguments converted once, no checks): the least any ctypes
               binding pays for one image.
  2 threads    generate_batch(threads=2) against threads=1, on batches of
               --batch (>= 1000) images of the mixed case, allocating (as
               a user does) and into out=: target >= 1.8x. The same for C
               alone is printed for information, and Python into out= five
               calls in a row, whose output then stays in the last-level
               cache (in the interleaved rounds it comes from memory).

The mixed case is 5 digits, gaps 0-10, width 160: about half of its strips
are wider than 160 and scaled down. Its random-length variant draws 1-8
digits per image.

Run with the library and data to measure:

  MNISTSEQ_LIBRARY=build/libmnistseq.so.1 PYTHONPATH=bindings/python \\
  MNISTSEQ_DATA=<mnist dir> python3 tests/bench/bench_python.py

Each figure is the best of several interleaved rounds (each round runs
every function once, so that load changes on the machine hit all alike;
the best round is the least disturbed). It takes about ten seconds; the
load average is printed, as a busy machine inflates the differences in
microseconds and caps the thread speed-ups.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import itertools
import os
import sys
import time
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

import mnistseq
from mnistseq import _capi, _lib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_numpy import ReferenceGenerator  # noqa: E402

Fn = Callable[[], object]


class Row(NamedTuple):
    case: str
    figure: str
    ratio: str
    target: str
    met: Optional[bool]  # None: for information


class Rounds:
    """Named functions timed in interleaved rounds; the best per image."""

    def __init__(self, repeat: int) -> None:
        self.repeat = repeat
        self.runs: Dict[str, Tuple[Fn, int, int]] = {}

    def add(self, name: str, fn: Fn, calls: int = 1, images: int = 1) -> None:
        """``fn`` run ``calls`` times per measure, making ``images`` each."""
        self.runs[name] = (fn, calls, images)

    def best(self) -> Dict[str, float]:
        """Seconds per image of each function, the best of the rounds."""
        best = {name: float("inf") for name in self.runs}
        for _ in range(self.repeat):
            for name, (fn, calls, images) in self.runs.items():
                start = time.perf_counter()
                for _ in range(calls):
                    fn()
                spent = (time.perf_counter() - start) / (calls * images)
                best[name] = min(best[name], spent)
        return best


class CBatch:
    """mseq_generate_batch through plain ctypes pointers (no binding code)
    with its own params handle: into reused buffers, or into new numpy
    buffers per call as a C caller allocating per batch would."""

    def __init__(self, gen: mnistseq.Generator, digits: Optional[Sequence[int]],
                 spacing: Tuple[int, int], width: int, count: int, threads: int,
                 lengths: Tuple[int, int] = (1, 1)) -> None:
        self.cdll = ctypes.CDLL(mnistseq.library_path())
        self.params = ctypes.c_void_p()
        assert self.cdll.mseq_params_new(ctypes.byref(self.params)) == 0
        values = [(_capi.PARAM_MIN_SPACING, spacing[0]), (_capi.PARAM_MAX_SPACING, spacing[1]),
                  (_capi.PARAM_WIDTH, width), (_capi.PARAM_THREADS, threads),
                  (_capi.PARAM_SEED, 1)]
        if digits is None:
            values += [(_capi.PARAM_MIN_LENGTH, lengths[0]), (_capi.PARAM_MAX_LENGTH, lengths[1])]
        for key, value in values:
            assert self.cdll.mseq_params_set(self.params, key, ctypes.c_int64(value)) == 0
        self.shape = (count, gen.height, width)
        self.slots = len(digits) if digits is not None else lengths[1]
        self.count = count
        self.digits = None if digits is None else (ctypes.c_int * len(digits))(*digits)
        self.ndigits = 0 if digits is None else len(digits)
        self.ds = ctypes.cast(gen._ds, ctypes.c_void_p)
        self.buffers = self.new_buffers()

    def new_buffers(self) -> Tuple[np.ndarray, ...]:
        return (np.empty(self.shape, np.float32),
                np.empty((self.count, self.slots), _capi.PLACEMENT_DTYPE),
                np.empty(self.count, np.uint32), np.empty(self.count, np.float32))

    def run(self, fresh: bool) -> Fn:
        def call() -> None:
            out, placements, lengths, scales = self.new_buffers() if fresh else self.buffers
            rc = self.cdll.mseq_generate_batch(
                ctypes.c_void_p(out.ctypes.data), ctypes.c_size_t(out.nbytes),
                ctypes.c_void_p(placements.ctypes.data), ctypes.c_size_t(placements.size),
                ctypes.c_void_p(lengths.ctypes.data), ctypes.c_void_p(scales.ctypes.data),
                self.ds, self.params, self.digits, ctypes.c_size_t(self.ndigits),
                ctypes.c_uint64(0), ctypes.c_size_t(self.count))
            assert rc == 0

        return call

    def free(self) -> None:
        self.cdll.mseq_params_free(self.params)


class CSingle:
    """One mseq_generate per call through bare ctypes (arguments converted
    once, no checks, a reused image): what any ctypes binding pays at least
    for one image, the C work and the foreign call."""

    def __init__(self, gen: mnistseq.Generator, digits: Sequence[int],
                 spacing: Tuple[int, int], width: int) -> None:
        self.cdll = ctypes.CDLL(mnistseq.library_path())
        self.params = ctypes.c_void_p()
        assert self.cdll.mseq_params_new(ctypes.byref(self.params)) == 0
        for key, value in [(_capi.PARAM_MIN_SPACING, spacing[0]),
                           (_capi.PARAM_MAX_SPACING, spacing[1]),
                           (_capi.PARAM_WIDTH, width), (_capi.PARAM_SEED, 1)]:
            assert self.cdll.mseq_params_set(self.params, key, ctypes.c_int64(value)) == 0
        self.image = np.empty((gen.height, width), np.float32)
        self.args = (ctypes.c_void_p(self.image.ctypes.data), ctypes.c_size_t(self.image.nbytes),
                     None, None, ctypes.cast(gen._ds, ctypes.c_void_p), self.params,
                     (ctypes.c_int * len(digits))(*digits), ctypes.c_size_t(len(digits)))
        self.indexes = [ctypes.c_uint64(i) for i in range(1000)]
        self.next = itertools.cycle(self.indexes)

    def run(self) -> Fn:
        fn, args, indexes = self.cdll.mseq_generate, self.args, self.next

        def call() -> None:
            fn(*args, next(indexes))

        return call

    def free(self) -> None:
        self.cdll.mseq_params_free(self.params)


def at_most(case: str, what: str, ours: float, base: float, limit: float) -> Row:
    ratio = ours / base
    return Row(case, f"{what}: {ours * 1e6:.2f} vs {base * 1e6:.2f} us", f"{ratio:.2f}x",
               f"<= {limit}x", ratio <= limit)


def at_least(case: str, what: str, ours: float, base: float, limit: float,
             target: bool = True) -> Row:
    """Speed-up base / ours against a minimum."""
    ratio = base / ours
    return Row(case, f"{what}: {ours * 1e6:.2f} vs {base * 1e6:.2f} us", f"{ratio:.2f}x",
               f">= {limit}x" if target else f"({limit}x)", ratio >= limit if target else None)


def overhead(case: str, what: str, ours: float, base: float, limit: float = 3e-6) -> Row:
    extra = ours - base
    return Row(case, f"{what}: {ours * 1e6:.2f} - C {base * 1e6:.2f} us",
               f"+{extra * 1e6:.2f} us", f"<= {limit * 1e6:.0f} us", extra <= limit)


def seed_cases(opts: argparse.Namespace, gen: mnistseq.Generator) -> List[Row]:
    """The 1.0 cases: overhead of one call, batch against C."""
    rows: List[Row] = []
    n = opts.batch
    cases = [("5 digits, gaps 0-0, 160 px", [1, 2, 3, 4, 5], (0, 0), 160),
             ("3 digits, gaps 2-8, 200 px", [3, 5, 0], (2, 8), 200)]
    for title, digits, spacing, width in cases:
        c = CBatch(gen, digits, spacing, width, n, 1)
        out = np.empty((n, gen.height, width), np.float32)
        index = itertools.cycle(range(n))
        # Two sets of rounds: generate_mnist_sequence reads its own copy of
        # the data, which evicts the Generator's glyphs from the cache; in
        # the batches' rounds it would slow whichever batch came next.
        calls = Rounds(opts.repeat)
        calls.add("c", c.run(False), 1, n)
        calls.add("generate", lambda: gen.generate(digits, spacing, width, seed=1,
                                                   index=next(index)), opts.calls)
        calls.add("seed_fn", lambda: mnistseq.generate_mnist_sequence(digits, spacing, width,
                                                                      seed=1), opts.calls)
        batches = Rounds(opts.repeat)
        batches.add("c", c.run(False), 1, n)
        batches.add("c_fresh", c.run(True), 1, n)
        batches.add("batch_out", lambda: gen.generate_batch(n, digits, spacing, width, seed=1,
                                                            threads=1, out=out), 1, n)
        batches.add("batch", lambda: gen.generate_batch(n, digits, spacing, width, seed=1,
                                                        threads=1), 1, n)
        best, batch = calls.best(), batches.best()
        c.free()
        rows += [overhead(title, "generate", best["generate"], best["c"]),
                 overhead(title, "generate_mnist_sequence", best["seed_fn"], best["c"]),
                 at_most(title, "batch out= / C reused", batch["batch_out"], batch["c"], 1.2),
                 at_most(title, "batch / C new buffers", batch["batch"], batch["c_fresh"],
                         1.2)]
    return rows


def realistic_case(opts: argparse.Namespace, gen: mnistseq.Generator,
                   ref: ReferenceGenerator) -> List[Row]:
    """5 digits, gaps 0-10, width 160, test split: against the original's
    algorithm, overhead over C, batch against C."""
    case = "realistic: 5 digits, gaps 0-10, 160 px, test"
    digits, spacing, width, n = [3, 1, 4, 1, 5], (0, 10), 160, opts.batch
    c = CBatch(gen, digits, spacing, width, n, 1)
    single = CSingle(gen, digits, spacing, width)
    out = np.empty((n, gen.height, width), np.float32)
    index = itertools.cycle(range(n))
    rounds = Rounds(opts.repeat)
    rounds.add("reference", lambda: ref.generate(digits, spacing, width), opts.calls)
    rounds.add("c_single", single.run(), opts.calls)
    rounds.add("c", c.run(False), 1, n)
    rounds.add("c_fresh", c.run(True), 1, n)
    rounds.add("seed_fn", lambda: mnistseq.generate_mnist_sequence(digits, spacing, width,
                                                                   split="test"), opts.calls)
    rounds.add("generate", lambda: gen.generate(digits, spacing, width, seed=1,
                                                index=next(index)), opts.calls)
    rounds.add("batch", lambda: gen.generate_batch(n, digits, spacing, width, seed=1,
                                                   threads=1), 1, n)
    rounds.add("batch_out", lambda: gen.generate_batch(n, digits, spacing, width, seed=1,
                                                       threads=1, out=out), 1, n)
    rounds.add("batch_u8", lambda: gen.generate_batch(n, digits, spacing, width, seed=1,
                                                      threads=1, dtype=np.uint8), 1, n)
    best = rounds.best()
    c.free()
    single.free()
    ref_t = best["reference"]
    return [
        at_least(case, "generate_mnist_sequence vs original", best["seed_fn"], ref_t, 10),
        at_least(case, "Generator.generate vs original", best["generate"], ref_t, 10),
        at_least(case, "generate_batch/image vs original", best["batch"], ref_t, 30),
        at_least(case, "same, uint8 as the original returns", best["batch_u8"], ref_t, 30),
        at_least(case, "C batch/image vs original", best["c"], ref_t, 30, target=False),
        at_least(case, "one image through bare ctypes vs original", best["c_single"], ref_t,
                 10, target=False),
        overhead(case, "generate", best["generate"], best["c"]),
        overhead(case, "generate_mnist_sequence (seed None)", best["seed_fn"], best["c"]),
        at_most(case, "batch out= / C reused", best["batch_out"], best["c"], 1.2),
        at_most(case, "batch / C new buffers", best["batch"], best["c_fresh"], 1.2),
    ]


def random_length_case(opts: argparse.Namespace, gen: mnistseq.Generator) -> List[Row]:
    """Random sequences of 1-8 digits, gaps 0-10, width 160: batch against C
    (labels of varied lengths)."""
    case = "random 1-8 digits, gaps 0-10, 160 px"
    spacing, width, n, lengths = (0, 10), 160, opts.batch, (1, 8)
    c = CBatch(gen, None, spacing, width, n, 1, lengths)
    out = np.empty((n, gen.height, width), np.float32)
    rounds = Rounds(opts.repeat)
    rounds.add("c", c.run(False), 1, n)
    rounds.add("c_fresh", c.run(True), 1, n)
    rounds.add("batch", lambda: gen.generate_batch(n, None, spacing, width, seed=1, threads=1,
                                                   length_range=lengths), 1, n)
    rounds.add("batch_out", lambda: gen.generate_batch(n, None, spacing, width, seed=1,
                                                       threads=1, length_range=lengths,
                                                       out=out), 1, n)
    best = rounds.best()
    c.free()
    return [at_most(case, "batch out= / C reused", best["batch_out"], best["c"], 1.2),
            at_most(case, "batch / C new buffers", best["batch"], best["c_fresh"], 1.2)]


def thread_case(opts: argparse.Namespace, gen: mnistseq.Generator) -> List[Row]:
    """generate_batch on 2 threads against 1, mixed case."""
    n = opts.batch
    case = f"2 threads vs 1: mixed case, {n} images"
    digits, spacing, width = [3, 1, 4, 1, 5], (0, 10), 160
    out = np.empty((n, gen.height, width), np.float32)
    cs = {t: CBatch(gen, digits, spacing, width, n, t) for t in (1, 2)}
    rounds = Rounds(opts.repeat)
    batch = functools.partial(gen.generate_batch, n, digits, spacing, width, seed=1)
    for t in (1, 2):
        rounds.add(f"py{t}", functools.partial(batch, threads=t), 1, n)
        rounds.add(f"py_out{t}", functools.partial(batch, threads=t, out=out), 1, n)
        rounds.add(f"c{t}", cs[t].run(False), 1, n)
        rounds.add(f"c_fresh{t}", cs[t].run(True), 1, n)
    best = rounds.best()
    for c in cs.values():
        c.free()
    # The same calls five in a row into one out= array, which then stays in
    # the last-level cache (the rounds above run eight batches whose
    # buffers, about 90 MB, evict each other's).
    warm = Rounds(max(1, opts.repeat // 4))
    for t in (1, 2):
        warm.add(f"py_out{t}", functools.partial(batch, threads=t, out=out), 5, n)
    hot = warm.best()
    return [at_least(case, "Python batch", best["py2"], best["py1"], 1.8),
            at_least(case, "Python batch out=, 5 in a row", hot["py_out2"], hot["py_out1"],
                     1.8, target=False),
            at_least(case, "Python batch out=", best["py_out2"], best["py_out1"], 1.8),
            at_least(case, "C batch reused (C's target)", best["c2"], best["c1"], 1.8,
                     target=False),
            at_least(case, "C batch new buffers (C's)", best["c_fresh2"], best["c_fresh1"], 1.8,
                     target=False)]


def print_table(rows: List[Row]) -> bool:
    head = Row("case", "figure", "ratio", "target", None)
    cells = [(r.case, r.figure, r.ratio, r.target,
              "met" if r.met else "MISSED" if r.met is not None else "info") for r in rows]
    widths = [max(len(str(c[i])) for c in cells + [tuple(head[:4]) + ("",)]) for i in range(5)]
    for line in [tuple(head[:4]) + ("",)] + cells:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip())
    return all(r.met is not False for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="single calls per round")
    parser.add_argument("--batch", type=int, default=1000, help="images per batch")
    parser.add_argument("--repeat", type=int, default=40, help="rounds")
    parser.add_argument("--data", default=os.environ.get("MNISTSEQ_DATA"),
                        help="MNIST folder (default: MNISTSEQ_DATA)")
    opts = parser.parse_args()
    if not opts.data:
        parser.error("give --data or set MNISTSEQ_DATA")
    os.environ["MNISTSEQ_DATA"] = opts.data  # generate_mnist_sequence's default data

    lib = _lib.get()
    print(f"mnistseq {mnistseq.library_version()} from {lib.path} ({lib.origin})")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; best of "
          f"{opts.repeat} rounds; batches of {opts.batch}\n")
    train = mnistseq.Generator(opts.data)
    test = mnistseq.Generator(opts.data, split="test")
    # open the shared generators of generate_mnist_sequence
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=0)
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=0, split="test")
    ref = ReferenceGenerator(opts.data)
    rows = seed_cases(opts, train)
    rows += realistic_case(opts, test, ref)
    rows += random_length_case(opts, train)
    rows += thread_case(opts, train)
    ok = print_table(rows)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    print("\nall targets met" if ok else "\nsome targets MISSED")


if __name__ == "__main__":
    main()
