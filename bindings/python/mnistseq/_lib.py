"""Finding and loading the mnistseq shared library.

Lookup order, first match wins:

1. the file named by the ``MNISTSEQ_LIBRARY`` environment variable (an
   error if it does not exist: the variable is never ignored);
2. a copy shipped inside this package's directory (``libmnistseq.so.1``);
3. the system loader (``libmnistseq.so.1`` on ``LD_LIBRARY_PATH``, in the
   ldconfig cache, ...).

The library is loaded once per process, on first use, and its major version
must equal the binding's.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import Mapping, NamedTuple, Optional

from . import _capi
from ._version import VERSION
from .errors import LibraryError

#: The version of the C API this binding was written against.
BINDING_VERSION = VERSION
BINDING_MAJOR = BINDING_VERSION[0]

#: Environment variable naming the library file to load.
ENV_LIBRARY = "MNISTSEQ_LIBRARY"


class Library(NamedTuple):
    """A loaded library: the declared ``ctypes.CDLL``, where it came from
    (``"MNISTSEQ_LIBRARY"``, ``"package"`` or ``"system"``), the path or
    name it was loaded by, and its version number (MAJOR*10000+MINOR*100+
    PATCH)."""

    cdll: ctypes.CDLL
    origin: str
    path: str
    version: int


def bundled_data() -> Optional[str]:
    """The MNIST files a package built from the repository ships
    (``mnistseq/data``, see setup.py), or None. Used as the default data
    when neither ``data=`` nor ``MNISTSEQ_DATA`` says otherwise."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    return folder if os.path.isdir(folder) and os.listdir(folder) else None


def library_filename(major: int = BINDING_MAJOR) -> str:
    """The file name of the library for this platform and major version."""
    if sys.platform == "darwin":
        return f"libmnistseq.{major}.dylib"
    if sys.platform == "win32":
        return "mnistseq.dll"
    return f"libmnistseq.so.{major}"


def _open(path: str, origin: str) -> Library:
    try:
        cdll = ctypes.CDLL(path)
    except OSError as exc:
        raise LibraryError(f"cannot load {path} (from {origin}): {exc}") from exc
    try:
        version_fn = cdll.mseq_version_number
    except AttributeError:
        raise LibraryError(
            f"{path} (from {origin}) is not the mnistseq library: it has no "
            "mseq_version_number"
        ) from None
    version_fn.restype = ctypes.c_uint
    version_fn.argtypes = []
    version = int(version_fn())
    major = version // 10000
    if major != BINDING_MAJOR:
        found = f"{major}.{version // 100 % 100}.{version % 100}"
        raise LibraryError(
            f"{path} (from {origin}) is mnistseq {found}, but this binding "
            f"needs major version {BINDING_MAJOR}: install a matching library "
            f"or point {ENV_LIBRARY} at one"
        )
    _capi.declare(cdll)
    return Library(cdll, origin, path, version)


def load(environ: Optional[Mapping[str, str]] = None) -> Library:
    """Finds and loads the library following the lookup order above, without
    caching (see :func:`get`). ``environ`` defaults to ``os.environ``.

    Raises:
        LibraryError: not found, not loadable, or a different major version.
    """
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_LIBRARY)
    if explicit:
        if not os.path.isfile(explicit):
            raise LibraryError(
                f"{ENV_LIBRARY}={explicit}: no such file (unset the variable "
                "to use the installed library)"
            )
        return _open(explicit, ENV_LIBRARY)
    name = library_filename()
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    if os.path.isfile(bundled):
        return _open(bundled, "package")
    try:
        return _open(name, "system")
    except LibraryError as exc:
        raise LibraryError(
            f"cannot find the mnistseq library {name}: install it where the "
            f"system loader finds it, or set {ENV_LIBRARY} to its path "
            f"({exc})"
        ) from None


_lock = threading.Lock()
_loaded: Optional[Library] = None


def get() -> Library:
    """The process's library, loaded by :func:`load` on first use."""
    global _loaded
    lib = _loaded
    if lib is None:
        with _lock:
            if _loaded is None:
                _loaded = load()
            lib = _loaded
    return lib


def cdll() -> ctypes.CDLL:
    """The process's declared ``ctypes.CDLL`` (see :func:`get`)."""
    return get().cdll
