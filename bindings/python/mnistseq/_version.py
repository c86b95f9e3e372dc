"""The package's version: the only place it is written in Python.

It is the version of the C library (``MSEQ_VERSION_*``, CMake's project
version) that this binding was written against; ``pyproject.toml`` reads it
from here, and a test checks it against the header and the loaded library.
"""

__version__ = "1.0.0"

#: ``__version__`` as (major, minor, patch).
VERSION = tuple(int(part) for part in __version__.split("."))
