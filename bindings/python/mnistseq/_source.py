"""The opened source data: one split of IDX digit files as a library
handle (``mseq_dataset``) with its lifetime, and the parameter handles
(``mseq_params``) used with it, cached per thread and freed with it.

A :class:`Source` is what a :class:`~mnistseq.Generator` and its dataset
writers share; it knows nothing of either."""

from __future__ import annotations

import ctypes
import itertools
import os
import threading
import weakref
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from . import _capi, _checks, _lib
from ._handle import Handle

# The key of the (key, value) pair of a parameter-cache key that holds the
# paths of the paper's pictures (``Params.background_images``), after the
# floating-point pairs: not a table key.
PICTURES = "background_images"


def _set_pictures(handle: Any, cdll: Any, paths: Tuple[str, ...]) -> int:
    """``mseq_params_set_background_images`` with ``paths``."""
    names = (ctypes.c_char_p * len(paths))(*(os.fsencode(p) for p in paths))
    return int(cdll.mseq_params_set_background_images(handle, names, len(paths)))


# Parameter keys in the order of a parameter-cache key (the values of
# ``params.batch_values``), whose integer values these are; (key, value)
# pairs of floating-point keys follow them when augmentation is on.
KEY_PARAMS = (
    _capi.PARAM_MIN_SPACING,
    _capi.PARAM_MAX_SPACING,
    _capi.PARAM_WIDTH,
    _capi.PARAM_FIT,
    _capi.PARAM_ALIGN,
    _capi.PARAM_INVERT,
    _capi.PARAM_FORMAT,
    _capi.PARAM_MIN_LENGTH,
    _capi.PARAM_MAX_LENGTH,
    _capi.PARAM_NO_LEADING_ZERO,
    _capi.PARAM_UNIQUE,
    _capi.PARAM_THREADS,
)
_PARAMS_CACHE_MAX = 32
_SEED_KEY = ctypes.c_int(_capi.PARAM_SEED)
_c_int64 = ctypes.c_int64


class Source:
    """One opened split: ``dataset``, a :class:`Handle` whose uses are the
    calls in flight, and every params handle made for it, freed with the
    source data (after :meth:`close` or garbage collection, once no call uses
    them). Dataset writers are the source data handle's children.

    ``lock`` guards ``params``; nothing inside it allocates a container, so
    that no garbage collection, and no finaliser taking the lock again, can
    run while it is held.

    Raises:
        DataNotFoundError, DataFormatError, DataIOError: as ``mseq_open``
            (``mseq_open_ext`` with ``writers``).
        InvalidArgumentError: an unknown split.
    """

    def __init__(
        self,
        data: Optional[_checks.PathLike],
        split: str,
        writers: Optional[_checks.PathLike] = None,
    ) -> None:
        cdll = _lib.cdll()
        split_value = _checks.split(split)
        if data is None and not os.environ.get("MNISTSEQ_DATA"):
            data = _lib.bundled_data()  # None: the library's own lookup
        path = _checks.path("data", data)
        raw = _capi.DatasetP()
        if writers is None:
            rc = cdll.mseq_open(ctypes.byref(raw), path, split_value)
        else:
            writers_path = _checks.path("writers", writers)
            if not writers_path:
                raise _checks.invalid(f"writers={writers!r}: an empty path")
            options = _capi.OpenOptions(_capi.OPEN_OPTIONS_VERSION, writers_path)
            rc = cdll.mseq_open_ext(
                ctypes.byref(raw), path, split_value, ctypes.byref(options)
            )
        if rc:
            raise _capi.error(cdll, rc)
        self.cdll = cdll
        self.params: Dict[int, Any] = {}  # every params handle, all threads, by id
        self.lock = threading.Lock()
        self.dataset = Handle(raw, self._free, "Generator")
        self._local = threading.local()
        self._set_fn = _capi.fast_params_set(cdll)  # takes ctypes values

    def close(self) -> None:
        """Closes the source data (see :meth:`Handle.close`)."""
        self.dataset.close()

    def check(self, rc: int) -> None:
        """Raises the library's error for a failed call's return code."""
        if rc:
            raise _capi.error(self.cdll, rc)

    def new_params(
        self, values: Tuple[Any, ...], extra: Tuple[Tuple[int, int], ...] = ()
    ) -> Any:
        """A params handle with the cache key's values set (seed 0): the
        integers of ``KEY_PARAMS``, then the (key, float) pairs after them
        (``mseq_params_set_f64``); then the ``extra`` (parameter, value)
        pairs. Freed with the source data or by :meth:`drop_params`."""
        cdll = self.cdll
        handle = _capi.ParamsP()
        rc = cdll.mseq_params_new(ctypes.byref(handle))
        if rc:
            raise _capi.error(cdll, rc)
        pairs = values[len(KEY_PARAMS):]
        floats = [(key, value) for key, value in pairs if key != PICTURES]
        pictures = [value for key, value in pairs if key == PICTURES]
        ints = itertools.chain(zip(KEY_PARAMS, values), extra)
        calls: Iterator[Tuple[Callable[[Any, Any, Any], int], Any, Any]] = itertools.chain(
            ((cdll.mseq_params_set, key, value) for key, value in ints),
            ((cdll.mseq_params_set_f64, key, value) for key, value in floats),
            ((_set_pictures, cdll, paths) for paths in pictures),
        )
        for set_fn, key, value in calls:
            rc = set_fn(handle, key, value)
            if rc:
                err = _capi.error(cdll, rc)
                cdll.mseq_params_free(handle)
                raise err
        with self.lock:
            self.params[id(handle)] = handle
        return handle

    def drop_params(self, handles: List[Any]) -> None:
        """Frees params handles that no thread uses any more (those not
        already freed with the source data)."""
        live: List[Any] = []
        with self.lock:
            for handle in handles:
                if self.params.get(id(handle)) is handle:
                    del self.params[id(handle)]
                    live.append(handle)
        for handle in live:
            self.cdll.mseq_params_free(handle)

    def cached_params(self, values: Tuple[Any, ...], seed: int) -> Any:
        """This thread's params handle for ``values``, with ``seed`` set.
        Only within a use of the source data handle (``with source.dataset``),
        which keeps the params handles alive too."""
        local = self._local
        try:
            cache: _ParamsCache = local.cache
        except AttributeError:
            cache = local.cache = _ParamsCache(self)
        entry = cache.get(values)
        if entry is None:
            if len(cache) >= _PARAMS_CACHE_MAX:
                cache.evict_oldest()
            entry = [self.new_params(values), 0]
            cache[values] = entry
            cache.owned.append(entry[0])
        if entry[1] != seed:
            # c_int64 keeps the low 64 bits: the unsigned seed's bit pattern
            rc = self._set_fn(entry[0], _SEED_KEY, _c_int64(seed))
            if rc:
                raise _capi.error(self.cdll, rc)
            entry[1] = seed
        return entry[0]

    def _free(self, dataset: Any) -> None:
        """Frees the params handles and the source data: called once, by the
        source data :class:`Handle`, when it is closed and no call uses it (its
        writers, which hold a use each, are freed by then)."""
        empty: Dict[int, Any] = {}
        with self.lock:
            params, self.params = self.params, empty
        for handle in params.values():
            self.cdll.mseq_params_free(handle)
        self.cdll.mseq_free(dataset)


class _ParamsCache(Dict[Tuple[Any, ...], List[Any]]):
    """One thread's params handles, keyed by their values (all but the
    seed, which is set per call). The handles are freed when the thread's
    cache is evicted, dies with its thread, or the source data is closed."""

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source
        self.owned: List[Any] = []
        weakref.finalize(self, source.drop_params, self.owned)

    def evict_oldest(self) -> None:
        oldest = self.pop(next(iter(self)))[0]
        self.owned.remove(oldest)
        self.source.drop_params([oldest])
