"""Shared fixtures of the mnistseq Python tests.

Environment:
    MNISTSEQ_LIBRARY  the library under test (set by ctest).
    MNISTSEQ_DATA     the MNIST IDX directory (set by ctest).
    MNISTSEQ_TEST_CC  a C compiler for the tests that build fake libraries
                      (default: cc).
    CI=true           every skipped test counts as a failure.
"""

from __future__ import annotations

import ctypes
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
from typing import Dict, Optional, Tuple

import numpy as np
import pytest

import mnistseq

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[3]
HEADER = SOURCE_ROOT / "include" / "mnistseq" / "mnistseq.h"
PACKAGE_DIR = pathlib.Path(__file__).resolve().parents[1]

FIT = {"pad": 0, "exact": 1, "strict": 2}
ALIGN = {"center": 0, "left": 1, "right": 2, "random": 3}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """In CI (CI=true) a skipped test is a failure: every binding test must
    run there."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("CI") == "true"
        and report.skipped
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {reason}"
        _ci_skips.append(report.nodeid)


_ci_skips = []


@pytest.hookimpl(tryfirst=True)
def pytest_collectreport(report):  # type: ignore[no-untyped-def]
    """In CI, a module skipped at collection (a missing optional module such
    as torch) is a failure too."""
    if os.environ.get("CI") == "true" and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {reason}"
        _ci_skips.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    """In CI, any skip makes the run fail, whatever else ran."""
    if _ci_skips and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _env_dir(name: str) -> pathlib.Path:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set")
    path = pathlib.Path(value)
    if not path.is_dir():
        pytest.skip(f"{name}={value} is not a directory")
    return path


@pytest.fixture(scope="session")
def mnist_dir() -> pathlib.Path:
    """The MNIST IDX directory (MNISTSEQ_DATA)."""
    return _env_dir("MNISTSEQ_DATA")


@pytest.fixture(scope="session")
def gen(mnist_dir: pathlib.Path) -> mnistseq.Generator:
    """A Generator on the MNIST training split, shared by the session."""
    g = mnistseq.Generator(mnist_dir, "train")
    yield g
    g.close()


@pytest.fixture(scope="session")
def mnist_train(mnist_dir: pathlib.Path) -> Tuple[np.ndarray, np.ndarray]:
    """The training images (n, 28, 28) uint8 and labels, read with numpy."""
    images = read_idx(mnist_dir / "train-images-idx3-ubyte")
    labels = read_idx(mnist_dir / "train-labels-idx1-ubyte")
    return images, labels


def read_idx(path: pathlib.Path) -> np.ndarray:
    """Reads a raw IDX file of unsigned bytes."""
    raw = path.read_bytes()
    ndim = raw[3]
    dims = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write_idx(path: pathlib.Path, array: np.ndarray, magic: Optional[int] = None,
              dims: Optional[Tuple[int, ...]] = None) -> None:
    """Writes ``array`` as an IDX file of unsigned bytes; ``magic`` and
    ``dims`` override the header to make broken files."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if magic is None:
        magic = 0x0800 | array.ndim
    if dims is None:
        dims = array.shape
    header = struct.pack(">I", magic) + struct.pack(f">{len(dims)}I", *dims)
    path.write_bytes(header + array.tobytes())


def small_dataset(directory: pathlib.Path, count: int = 30, seed: int = 0,
                  prefix: str = "train") -> Tuple[np.ndarray, np.ndarray]:
    """Writes a small valid IDX split (count 28x28 images, labels cycling
    0-9) under ``directory`` and returns (images, labels)."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
    labels = (np.arange(count) % 10).astype(np.uint8)
    directory.mkdir(parents=True, exist_ok=True)
    write_idx(directory / f"{prefix}-images-idx3-ubyte", images)
    write_idx(directory / f"{prefix}-labels-idx1-ubyte", labels)
    return images, labels


#: What :func:`run_isolated` runs before its code.
ISOLATED_PRELUDE = """\
import gc, os, sys, threading, time
import numpy as np
import mnistseq
from mnistseq import ClosedError
DATA = os.environ.get("MNISTSEQ_DATA")  # tests that use it need mnist_dir
"""


def run_isolated(code: str, cwd: pathlib.Path, **env: str) -> str:
    """Runs ISOLATED_PRELUDE + ``code`` (dedented) in a new interpreter
    in ``cwd`` and returns its output; fails the test on a crash or a
    non-zero exit. For code that could crash the interpreter: a use after
    free. The allocator is told to return large blocks to the system at
    once and to overwrite freed memory, so that a use after free crashes or
    shows in the results rather than passing unnoticed."""
    full = dict(os.environ, PYTHONPATH=str(PACKAGE_DIR), **env)
    full.setdefault("MALLOC_MMAP_THRESHOLD_", "65536")  # big blocks: unmapped on free
    full.setdefault("MALLOC_PERTURB_", "165")  # freed memory is overwritten
    proc = subprocess.run(
        [sys.executable, "-c", ISOLATED_PRELUDE + textwrap.dedent(code)],
        env=full,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise AssertionError(f"the interpreter crashed ({name}):\n{proc.stderr}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


class RawC:
    """The C library called directly through ctypes, without the binding's
    declarations or buffers: the reference the binding is compared with."""

    def __init__(self, path: str, data: pathlib.Path, split: int = 0) -> None:
        self.lib = ctypes.CDLL(path)
        self.lib.mseq_last_error.restype = ctypes.c_char_p
        self.ds = ctypes.c_void_p()
        rc = self.lib.mseq_open(ctypes.byref(self.ds), str(data).encode(), split)
        assert rc == 0, self.last_error()

    def last_error(self) -> str:
        return self.lib.mseq_last_error().decode()

    def params(self, values: Dict[int, int]) -> Tuple[ctypes.c_void_p, int, str]:
        """A params handle with the values set, and the first failure."""
        params = ctypes.c_void_p()
        assert self.lib.mseq_params_new(ctypes.byref(params)) == 0
        for key, value in values.items():
            rc = self.lib.mseq_params_set(params, key, ctypes.c_int64(value))
            if rc:
                return params, rc, self.last_error()
        return params, 0, ""

    def generate(self, digits, spacing: Tuple[int, int], width: int, *, seed: int = 0,
                 index: int = 0, fit: str = "pad", align: str = "center",
                 invert: bool = False, u8: bool = False) -> Tuple[int, object, str]:
        """(rc, image or None, last error) of one mseq_generate call."""
        values = {1: spacing[0], 2: spacing[1], 3: width, 4: FIT[fit],
                  5: ALIGN[align], 6: int(invert), 7: seed - 2**64 if seed >= 2**63 else seed,
                  8: int(u8)}
        params, rc, msg = self.params(values)
        try:
            if rc:
                return rc, None, msg
            rows = ctypes.c_uint32()
            cols = ctypes.c_uint32()
            assert self.lib.mseq_glyph_size(ctypes.byref(rows), ctypes.byref(cols), self.ds) == 0
            dtype = np.uint8 if u8 else np.float32
            nbytes = rows.value * width * np.dtype(dtype).itemsize
            buf = ctypes.create_string_buffer(nbytes + 16)
            # float alignment: create_string_buffer is malloc'd (16-aligned)
            arr = (ctypes.c_int * len(digits))(*digits)
            rc = self.lib.mseq_generate(buf, ctypes.c_size_t(nbytes), None, None, self.ds,
                                        params, arr, ctypes.c_size_t(len(digits)),
                                        ctypes.c_uint64(index))
            if rc:
                return rc, None, self.last_error()
            image = np.frombuffer(buf.raw[:nbytes], dtype).reshape(rows.value, width)
            return 0, image, ""
        finally:
            self.lib.mseq_params_free(params)

    def close(self) -> None:
        self.lib.mseq_free(self.ds)


@pytest.fixture(scope="session")
def raw(mnist_dir: pathlib.Path) -> RawC:
    """Direct ctypes access to the library under test, MNIST train split."""
    r = RawC(mnistseq.library_path(), mnist_dir)
    yield r
    r.close()


@pytest.fixture(scope="session")
def c_compiler() -> str:
    """A C compiler for building small fake libraries."""
    cc = os.environ.get("MNISTSEQ_TEST_CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler (set MNISTSEQ_TEST_CC)")
    return cc
