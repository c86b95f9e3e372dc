"""`pip install bindings/python` gives a working, typed package outside the
source tree."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import mnistseq
from mnistseq import _lib
from conftest import PACKAGE_DIR

CHECK = (
    "import pathlib, mnistseq, mnistseq._lib as L\n"
    "print(pathlib.Path(mnistseq.__file__).parent)\n"
    "print((pathlib.Path(mnistseq.__file__).parent / 'py.typed').exists())\n"
    "print(L.get().origin)\n"
    "print(mnistseq.generate_mnist_sequence('350', (2, 8), 200, seed=1).shape)\n"
    "import importlib.metadata as M\n"
    "print(M.version('mnistseq'), mnistseq.__version__, mnistseq.library_version())\n"
)


def _venv(tmp_path: pathlib.Path) -> pathlib.Path:
    env_dir = tmp_path / "venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)],
                       check=True, capture_output=True, timeout=300)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot create a venv: {exc.stderr.decode()[-300:]}")
    return env_dir / "bin" / "python"


def _pip_install(python: pathlib.Path, source: pathlib.Path) -> None:
    # --no-build-isolation: setuptools comes from the system, no index needed
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
         "--no-deps", "--quiet", str(source)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _copy_source(tmp_path: pathlib.Path, with_library: bool) -> pathlib.Path:
    src = tmp_path / "src"
    shutil.copytree(PACKAGE_DIR, src, ignore=shutil.ignore_patterns(
        "__pycache__", "build", "*.egg-info", "tests", "libmnistseq*"))
    if with_library:
        shutil.copy(mnistseq.library_path(), src / "mnistseq" / _lib.library_filename())
    return src


def test_pip_install_against_the_library(tmp_path: pathlib.Path, mnist_dir) -> None:
    python = _venv(tmp_path)
    _pip_install(python, _copy_source(tmp_path, with_library=False))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MNISTSEQ_DATA"] = str(mnist_dir)
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    proc = subprocess.run([str(python), "-c", CHECK], env=env, cwd=run_dir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    where, typed, origin, shape = proc.stdout.split("\n")[:4]
    assert pathlib.Path(where).is_relative_to(tmp_path / "venv")
    assert typed == "True" and origin == "MNISTSEQ_LIBRARY" and shape == "(28, 200)"
    # the installed metadata carries the one version, the library's
    metadata, package, library = proc.stdout.split("\n")[4].split()
    assert metadata == package == library


def test_pip_install_ships_a_bundled_library(tmp_path: pathlib.Path, mnist_dir) -> None:
    python = _venv(tmp_path)
    _pip_install(python, _copy_source(tmp_path, with_library=True))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MNISTSEQ_LIBRARY")}
    env["MNISTSEQ_DATA"] = str(mnist_dir)
    proc = subprocess.run([str(python), "-c", CHECK], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    where, typed, origin, shape = proc.stdout.split("\n")[:4]
    assert (pathlib.Path(where) / _lib.library_filename()).exists()
    assert origin == "package" and shape == "(28, 200)"


def test_pip_install_from_the_repository_builds_the_library_and_the_data(
        tmp_path: pathlib.Path, mnist_dir) -> None:
    """The README's one command: the package builds libmnistseq with CMake,
    ships it and the MNIST files, and the specification's example then runs
    with no environment variable."""
    if shutil.which("cmake") is None:
        pytest.skip("cmake is not installed")
    python = _venv(tmp_path)
    # A copy of this folder (the source tree stays clean), built against the
    # repository it came from, with the build's data (no download in tests).
    source = _copy_source(tmp_path, with_library=False)
    build_env = {k: v for k, v in os.environ.items()
                 if k not in ("MNISTSEQ_LIBRARY", "MNISTSEQ_DATA", "PYTHONPATH")}
    build_env["MNISTSEQ_SOURCE_DIR"] = str(PACKAGE_DIR.parent.parent)
    build_env["MNISTSEQ_DATA_DIR"] = str(mnist_dir)
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
         "--no-deps", "--quiet", str(source)],
        capture_output=True, text=True, timeout=900, env=build_env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MNISTSEQ_LIBRARY", "MNISTSEQ_DATA", "PYTHONPATH")}
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    spec_example = CHECK + (
        "import mnistseq._lib as L2\n"
        "print(L2.bundled_data())\n"
        "print(mnistseq.Generator().files[0])\n")
    proc = subprocess.run([str(python), "-c", spec_example], env=env, cwd=run_dir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    where, typed, origin, shape = lines[:4]
    assert pathlib.Path(where).is_relative_to(tmp_path / "venv")
    assert origin == "package" and shape == "(28, 200)"
    data, images = lines[5], lines[6]
    assert pathlib.Path(data).is_relative_to(pathlib.Path(where))
    assert images == str(pathlib.Path(data) / "train-images-idx3-ubyte.gz")
