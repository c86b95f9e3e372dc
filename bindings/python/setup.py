"""Build step of the Python package (the rest of its metadata is in
pyproject.toml): when pip builds the package from the mnistseq repository,
libmnistseq is built with CMake and put into the package, with the MNIST
files (gzip IDX, about 11 MB) in ``mnistseq/data``, so that

    python3 -m pip install --no-build-isolation bindings/python

gives a package that works with no environment variable. A library copied
into ``mnistseq/`` by hand is shipped as is instead; outside the repository
(an sdist, a copy of this folder) nothing is built and the package finds
the library as ``_lib`` says. Environment:

    MNISTSEQ_SOURCE_DIR   the repository (default: two folders up)
    MNISTSEQ_DATA_DIR     MNIST IDX files for the build to use instead of
                          fetching them (CMake's -DMNISTSEQ_DATA_DIR)
    MNISTSEQ_SKIP_LIBRARY_BUILD=1   build nothing
"""

import gzip
import os
import pathlib
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).resolve().parent
LIBRARY = "libmnistseq.so.1"
DATA_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
              "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def repository():
    """The mnistseq source tree to build from, or None."""
    root = pathlib.Path(os.environ.get("MNISTSEQ_SOURCE_DIR") or HERE.parent.parent)
    return root if (root / "include" / "mnistseq" / "mnistseq.h").is_file() else None


class BuildPyWithLibrary(build_py):
    """build_py, then libmnistseq and the data into the built package."""

    def run(self):
        super().run()
        root = repository()
        if ((HERE / "mnistseq" / LIBRARY).exists() or root is None
                or os.environ.get("MNISTSEQ_SKIP_LIBRARY_BUILD") == "1"):
            return
        build_temp = self.get_finalized_command("build").build_temp
        build = pathlib.Path(build_temp).resolve() / "libmnistseq"
        configure = ["cmake", "-S", str(root), "-B", str(build),
                     "-DCMAKE_BUILD_TYPE=Release", "-DMNISTSEQ_BUILD_TESTS=OFF",
                     "-DMNISTSEQ_BUILD_CLI=OFF"]
        if os.environ.get("MNISTSEQ_DATA_DIR"):
            configure.append("-DMNISTSEQ_DATA_DIR=" + os.environ["MNISTSEQ_DATA_DIR"])
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "mnistseq",
                        "-j", str(os.cpu_count() or 1)], check=True)
        package = pathlib.Path(self.build_lib) / "mnistseq"
        shutil.copyfile(build / LIBRARY, package / LIBRARY)  # the file, not the link
        given = os.environ.get("MNISTSEQ_DATA_DIR")
        data = pathlib.Path(given) if given else build / "data"
        (package / "data").mkdir(exist_ok=True)
        for name in DATA_FILES:
            raw, packed = data / name, data / (name + ".gz")
            target = package / "data" / (name + ".gz")
            if packed.exists():
                shutil.copyfile(packed, target)
            else:
                with open(raw, "rb") as src, gzip.GzipFile(target, "wb", mtime=0) as dst:
                    shutil.copyfileobj(src, dst)


setup(cmdclass={"build_py": BuildPyWithLibrary})
