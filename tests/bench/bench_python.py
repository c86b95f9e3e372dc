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
  Python batch     Generator.generate_batch(n, ...) per image (threads=1),
                   against the C batch per image. Target: <= 1.2x.

Run with the library and data to measure:

  MNISTSEQ_LIBRARY=<build>/libmnistseq.so.1 MNISTSEQ_DATA=<mnist dir> \\
  PYTHONPATH=bindings/python python3 tests/bench/bench_python.py

Each figure is the best of several repeats (least disturbed by other load).
"""

from __future__ import annotations

import argparse
import ctypes
import time
from typing import Callable, List

import numpy as np

import mnistseq
from mnistseq import _capi, _lib


def best_time(fn: Callable[[], None], number: int, repeat: int) -> float:
    """Best seconds per call of fn over ``repeat`` runs of ``number``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def c_batch_per_image(gen: mnistseq.Generator, digits: List[int], spacing, width: int,
                      count: int, repeat: int) -> float:
    """Seconds per image of mseq_generate_batch on one thread, called through
    plain ctypes pointers (no binding code in the loop)."""
    cdll = ctypes.CDLL(mnistseq.library_path())
    params = ctypes.c_void_p()
    assert cdll.mseq_params_new(ctypes.byref(params)) == 0
    for key, value in ((_capi.PARAM_MIN_SPACING, spacing[0]), (_capi.PARAM_MAX_SPACING, spacing[1]),
                       (_capi.PARAM_WIDTH, width), (_capi.PARAM_THREADS, 1), (_capi.PARAM_SEED, 1)):
        assert cdll.mseq_params_set(params, key, ctypes.c_int64(value)) == 0
    out = np.empty((count, gen.height, width), np.float32)
    placements = np.empty((count, len(digits)), _capi.PLACEMENT_DTYPE)
    lengths = np.empty(count, np.uint32)
    scales = np.empty(count, np.float32)
    arr = (ctypes.c_int * len(digits))(*digits)
    ds = ctypes.cast(gen._ds, ctypes.c_void_p)
    args = (ctypes.c_void_p(out.ctypes.data), ctypes.c_size_t(out.nbytes),
            ctypes.c_void_p(placements.ctypes.data), ctypes.c_size_t(placements.size),
            ctypes.c_void_p(lengths.ctypes.data), ctypes.c_void_p(scales.ctypes.data),
            ds, params, arr, ctypes.c_size_t(len(digits)), ctypes.c_uint64(0),
            ctypes.c_size_t(count))
    fn = cdll.mseq_generate_batch

    def run() -> None:
        rc = fn(*args)
        assert rc == 0

    try:
        return best_time(run, 1, repeat) / count
    finally:
        cdll.mseq_params_free(params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=20000, help="single calls per repeat")
    parser.add_argument("--batch", type=int, default=4000, help="images per batch")
    parser.add_argument("--repeat", type=int, default=7)
    opts = parser.parse_args()

    lib = _lib.get()
    print(f"mnistseq {mnistseq.library_version()} from {lib.path} ({lib.origin})")
    gen = mnistseq.Generator()
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=0)  # open the shared data set
    cases = [("seed case: 5 digits, 160 px, float32", [1, 2, 3, 4, 5], (0, 0), 160),
             ("3 digits, 200 px, spacing 2-8, float32", [3, 5, 0], (2, 8), 200)]
    ok = True
    for title, digits, spacing, width in cases:
        t_c = c_batch_per_image(gen, digits, spacing, width, opts.batch, opts.repeat)
        counter = iter(range(10**12))
        t_gen = best_time(lambda: gen.generate(digits, spacing, width, seed=1, index=next(counter)),
                          opts.calls, opts.repeat)
        t_seed = best_time(lambda: mnistseq.generate_mnist_sequence(digits, spacing, width, seed=1),
                           opts.calls, opts.repeat)
        t_batch = best_time(lambda: gen.generate_batch(opts.batch, digits, spacing, width, seed=1,
                                                       threads=1), 1, opts.repeat) / opts.batch
        overhead = t_gen - t_c
        ratio = t_batch / t_c
        print(f"\n{title}")
        print(f"  C per image (batch, 1 thread)     {t_c * 1e6:8.2f} us")
        print(f"  Python Generator.generate         {t_gen * 1e6:8.2f} us/call"
              f"  overhead {overhead * 1e6:6.2f} us  (target <= 3 us)")
        print(f"  Python generate_mnist_sequence    {t_seed * 1e6:8.2f} us/call"
              f"  overhead {(t_seed - t_c) * 1e6:6.2f} us")
        print(f"  Python generate_batch per image   {t_batch * 1e6:8.2f} us"
              f"  = {ratio:.3f} x C  (target <= 1.2x)")
        ok = ok and overhead <= 3e-6 and ratio <= 1.2
    print("\nall targets met" if ok else "\nsome target missed")


if __name__ == "__main__":
    main()
