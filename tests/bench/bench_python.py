#!/usr/bin/env python3
"""Python binding overhead and batch throughput against the C library.

Measured in one run, on the same data and parameters:

  C per image      mseq_generate_batch called straight through ctypes on
                   preallocated buffers (threads=1), divided by the count:
                   the library's own cost of one image.
  Python single    Generator.generate(...) per call (allocates the array,
                   checks the arguments, calls mseq_generate); and the seed
                   function generate_mnist_sequence(...).
  overhead         Python single - C per image. Target: <= 3 us.
  Python batch     Generator.generate_batch(n, ...) per image (threads=1):
                   into a caller's out= array against C into a reused
                   buffer, and allocating against C into a new buffer per
                   call (first-touch page faults cost the same to both).
                   Target: <= 1.2x.

Run with the library and data to measure:

  MNISTSEQ_LIBRARY=<build>/libmnistseq.so.1 MNISTSEQ_DATA=<mnist dir> \\
  PYTHONPATH=bindings/python python3 tests/bench/bench_python.py

Each figure is the best of several interleaved rounds (least disturbed by
other load on the machine).
"""

from __future__ import annotations

import argparse
import ctypes
import time
from typing import Callable, List, Tuple

import numpy as np

import mnistseq
from mnistseq import _capi, _lib


def per_call(fn: Callable[[], None], number: int) -> float:
    """Seconds per call of fn over ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def c_batch(gen: mnistseq.Generator, digits: List[int], spacing, width: int, count: int,
            fresh: bool) -> Tuple[Callable[[], None], Callable[[], None]]:
    """A function running mseq_generate_batch on one thread through plain
    ctypes pointers (no binding code), into one reused buffer or (fresh)
    into a new numpy buffer each call, as a C caller allocating per batch
    would; and a function releasing its parameters."""
    cdll = ctypes.CDLL(mnistseq.library_path())
    params = ctypes.c_void_p()
    assert cdll.mseq_params_new(ctypes.byref(params)) == 0
    for key, value in ((_capi.PARAM_MIN_SPACING, spacing[0]), (_capi.PARAM_MAX_SPACING, spacing[1]),
                       (_capi.PARAM_WIDTH, width), (_capi.PARAM_THREADS, 1), (_capi.PARAM_SEED, 1)):
        assert cdll.mseq_params_set(params, key, ctypes.c_int64(value)) == 0
    shape = (count, gen.height, width)
    out = np.empty(shape, np.float32)
    placements = np.empty((count, len(digits)), _capi.PLACEMENT_DTYPE)
    lengths = np.empty(count, np.uint32)
    scales = np.empty(count, np.float32)
    arr = (ctypes.c_int * len(digits))(*digits)
    ds = ctypes.cast(gen._ds, ctypes.c_void_p)
    fn = cdll.mseq_generate_batch

    def run() -> None:
        buf = np.empty(shape, np.float32) if fresh else out
        rc = fn(ctypes.c_void_p(buf.ctypes.data), ctypes.c_size_t(buf.nbytes),
                ctypes.c_void_p(placements.ctypes.data), ctypes.c_size_t(placements.size),
                ctypes.c_void_p(lengths.ctypes.data), ctypes.c_void_p(scales.ctypes.data),
                ds, params, arr, ctypes.c_size_t(len(digits)), ctypes.c_uint64(0),
                ctypes.c_size_t(count))
        assert rc == 0

    return run, lambda: cdll.mseq_params_free(params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=5000, help="single calls per round")
    parser.add_argument("--batch", type=int, default=2000, help="images per batch")
    parser.add_argument("--repeat", type=int, default=15, help="rounds")
    opts = parser.parse_args()

    lib = _lib.get()
    print(f"mnistseq {mnistseq.library_version()} from {lib.path} ({lib.origin})")
    gen = mnistseq.Generator()
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=0)  # open the shared data set
    cases = [("seed case: 5 digits, 160 px, float32", [1, 2, 3, 4, 5], (0, 0), 160),
             ("3 digits, 200 px, spacing 2-8, float32", [3, 5, 0], (2, 8), 200)]
    ok = True
    for title, digits, spacing, width in cases:
        n = opts.batch
        c_reused, free1 = c_batch(gen, digits, spacing, width, n, False)
        c_fresh, free2 = c_batch(gen, digits, spacing, width, n, True)
        out = np.empty((n, gen.height, width), np.float32)
        counter = iter(range(10**12))
        # name -> (function, calls per measure, images per call)
        runs = {
            "c": (c_reused, 1, n),
            "c_fresh": (c_fresh, 1, n),
            "generate": (lambda: gen.generate(digits, spacing, width, seed=1, index=next(counter)),
                         opts.calls, 1),
            "seed_fn": (lambda: mnistseq.generate_mnist_sequence(digits, spacing, width, seed=1),
                        opts.calls, 1),
            "batch_out": (lambda: gen.generate_batch(n, digits, spacing, width, seed=1, threads=1,
                                                     out=out), 1, n),
            "batch": (lambda: gen.generate_batch(n, digits, spacing, width, seed=1, threads=1),
                      1, n),
        }
        best = {name: float("inf") for name in runs}
        for _ in range(opts.repeat):  # interleaved, so that load changes hit all alike
            for name, (fn, calls, images) in runs.items():
                best[name] = min(best[name], per_call(fn, calls) / images)
        free1()
        free2()
        t_c = best["c"]
        overhead = best["generate"] - t_c
        ratio_out = best["batch_out"] / t_c
        ratio = best["batch"] / best["c_fresh"]
        print(f"\n{title}")
        print(f"  C batch per image, reused buffer  {t_c * 1e6:8.2f} us")
        print(f"  C batch per image, new buffer     {best['c_fresh'] * 1e6:8.2f} us")
        print(f"  Python Generator.generate         {best['generate'] * 1e6:8.2f} us/call"
              f"  overhead {overhead * 1e6:6.2f} us  (target <= 3 us)")
        print(f"  Python generate_mnist_sequence    {best['seed_fn'] * 1e6:8.2f} us/call"
              f"  overhead {(best['seed_fn'] - t_c) * 1e6:6.2f} us")
        print(f"  Python generate_batch(out=...)    {best['batch_out'] * 1e6:8.2f} us/image"
              f"  = {ratio_out:.3f} x C reused  (target <= 1.2x)")
        print(f"  Python generate_batch             {best['batch'] * 1e6:8.2f} us/image"
              f"  = {ratio:.3f} x C new buffer  (target <= 1.2x)")
        ok = ok and overhead <= 3e-6 and ratio_out <= 1.2 and ratio <= 1.2
    print("\nall targets met" if ok else "\nsome target missed")


if __name__ == "__main__":
    main()
