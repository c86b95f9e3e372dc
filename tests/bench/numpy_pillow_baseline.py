#!/usr/bin/python3
"""The dataset job written with numpy + Pillow, against mnistseq.

The job: N images of random digit sequences (length uniform in 1..5, digits
uniform, each digit's glyph uniform within its class of the MNIST training
split), gaps uniform in [2, 8], width 200, the strip centred on a white
background (scaled down with a box filter when wider), black digits on white,
uint8. Done twice:

  memory  N images into one (N, 28, 200) uint8 array
  files   N PNG files in a folder on tmpfs (/dev/shm), as Pillow saves them

once with numpy + Pillow (Debian's python3-numpy and python3-pil), once with
libmnistseq through ctypes (mseq_generate_batch and mseq_write_dataset), one
thread each, and prints the ratios. Targets: mnistseq >= 30x faster in
memory and >= 4x faster on PNG files.

    /usr/bin/python3 tests/bench/numpy_pillow_baseline.py \\
        --library build/libmnistseq.so.1 [--count 5000] [--data DIR]

The data folder defaults to MNISTSEQ_DATA.
"""
import argparse
import ctypes
import gzip
import os
import shutil
import sys
import tempfile
import time

import numpy as np
from PIL import Image

ROWS, WIDTH = 28, 200
MIN_LEN, MAX_LEN = 1, 5
MIN_GAP, MAX_GAP = 2, 8


def read_idx(folder, stem):
    """Reads an IDX file (raw or .gz, dash or dot name) into a numpy array."""
    for name in (stem, stem.replace("-idx", ".idx")):
        for suffix in ("", ".gz"):
            path = os.path.join(folder, name + suffix)
            if os.path.exists(path):
                opener = gzip.open if suffix else open
                with opener(path, "rb") as f:
                    raw = f.read()
                ndim = raw[3]
                dims = np.frombuffer(raw, ">u4", ndim, 4).astype(int)
                return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit(f"{stem} not found in {folder}")


class NumpyGenerator:
    """numpy + Pillow implementation of the job."""

    def __init__(self, folder, seed):
        self.images = read_idx(folder, "train-images-idx3-ubyte")
        labels = read_idx(folder, "train-labels-idx1-ubyte")
        self.by_class = [np.flatnonzero(labels == d) for d in range(10)]
        self.rng = np.random.default_rng(seed)

    def sample(self):
        rng = self.rng
        n = int(rng.integers(MIN_LEN, MAX_LEN + 1))
        digits = rng.integers(0, 10, n)
        glyphs = [self.images[rng.choice(self.by_class[d])] for d in digits]
        gaps = rng.integers(MIN_GAP, MAX_GAP + 1, n - 1)
        strip_w = n * 28 + int(gaps.sum())
        strip = np.zeros((ROWS, strip_w), np.uint8)
        x = 0
        for j, g in enumerate(glyphs):
            strip[:, x:x + 28] = g
            x += 28 + (int(gaps[j]) if j < n - 1 else 0)
        out = np.full((ROWS, WIDTH), 255, np.uint8)
        if strip_w <= WIDTH:
            left = (WIDTH - strip_w) // 2
            out[:, left:left + strip_w] = 255 - strip
        else:
            h = max(1, int(ROWS * WIDTH / strip_w + 0.5))
            small = Image.fromarray(strip).resize((WIDTH, h), Image.BOX)
            y0 = (ROWS - h) // 2
            out[y0:y0 + h] = 255 - np.asarray(small)
        return out


class Mnistseq:
    """libmnistseq through ctypes: just what the comparison needs."""

    def __init__(self, library, folder):
        lib = ctypes.CDLL(library)
        lib.mseq_last_error.restype = ctypes.c_char_p
        self.lib = lib
        self.ds = ctypes.c_void_p()
        self.check(lib.mseq_open(ctypes.byref(self.ds), folder.encode(), 0))
        self.params = ctypes.c_void_p()
        self.check(lib.mseq_params_new(ctypes.byref(self.params)))
        lib.mseq_params_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int64]
        for key, value in ((1, MIN_GAP), (2, MAX_GAP), (3, WIDTH), (8, 1),
                           (9, MIN_LEN), (10, MAX_LEN), (13, 1)):
            self.check(lib.mseq_params_set(self.params, key, value))
        lib.mseq_generate_batch.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t,
            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64, ctypes.c_size_t]
        lib.mseq_write_dataset.argtypes = [
            ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_size_t, ctypes.c_uint64, ctypes.c_int, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p]

    def check(self, rc):
        if rc != 0:
            sys.exit(f"libmnistseq: {self.lib.mseq_last_error().decode()}")

    def batch(self, out):
        self.check(self.lib.mseq_generate_batch(
            out.ctypes.data, out.nbytes, None, 0, None, None, self.ds,
            self.params, None, 0, 0, out.shape[0]))

    def write_png_dataset(self, folder, count):
        self.check(self.lib.mseq_write_dataset(
            folder.encode(), self.ds, self.params, None, 0, count, 0, 0, None,
            None))


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", required=True, help="libmnistseq.so.1")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--data", default=os.environ.get("MNISTSEQ_DATA"))
    args = parser.parse_args()
    if not args.data:
        sys.exit("give --data or set MNISTSEQ_DATA")
    n = args.count
    root = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="mnistseq-baseline-", dir=root)
    try:
        base = NumpyGenerator(args.data, seed=0)
        fast = Mnistseq(os.path.abspath(args.library), args.data)

        out = np.empty((n, ROWS, WIDTH), np.uint8)

        def numpy_memory():
            for i in range(n):
                out[i] = base.sample()

        def pillow_files():
            folder = os.path.join(work, "pillow")
            os.mkdir(folder)
            for i in range(n):
                Image.fromarray(base.sample()).save(
                    os.path.join(folder, f"{i:09d}.png"))

        t_np = timed(numpy_memory)
        t_fast_mem = min(timed(lambda: fast.batch(out)) for _ in range(3))
        t_pil = timed(pillow_files)
        t_fast_png = timed(lambda: fast.write_png_dataset(
            os.path.join(work, "mnistseq"), n))
        png = sorted(os.listdir(os.path.join(work, "mnistseq")))
        assert len([f for f in png if f.endswith(".png")]) == n

        print(f"{n} images of 28x{WIDTH}, one thread each, files on {root or 'TMPDIR'}")
        print(f"memory: numpy {n / t_np:12.0f} img/s   mnistseq {n / t_fast_mem:12.0f} img/s"
              f"   ratio {t_np / t_fast_mem:7.1f}x (target >= 30x)")
        print(f"files:  Pillow {n / t_pil:11.0f} img/s   mnistseq {n / t_fast_png:12.0f} img/s"
              f"   ratio {t_pil / t_fast_png:7.1f}x (target >= 4x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
