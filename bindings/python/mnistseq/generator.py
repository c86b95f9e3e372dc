"""The :class:`Generator`: one opened data set split, generating images of
digit sequences into numpy arrays that C fills in place."""

from __future__ import annotations

import ctypes
import itertools
import re
import threading
import weakref
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Optional, Tuple

import numpy as np

from . import _capi, _lib
from . import _options as opt
from ._handle import Handle
from ._options import DigitsLike, PathLike
from .errors import MSEQ_EINVAL, InvalidArgumentError, MnistSeqError

if TYPE_CHECKING:  # pragma: no cover
    from .stream import BatchStream
    from .writer import DatasetInfo, ProgressCallback

__all__ = ["Generator", "Sample", "Batch", "PLACEMENT_DTYPE"]

#: numpy structured dtype of a placement, with the layout of the C
#: ``mseq_placement``: int32 fields ``x_begin``, ``x_end``, ``y_begin``,
#: ``y_end`` (half-open pixel spans of the digit's glyph cell in the output),
#: ``source_index`` (index of the glyph in the split's IDX file) and
#: ``label`` (the digit).
PLACEMENT_DTYPE = _capi.PLACEMENT_DTYPE

# Parameter keys in the order of a Generator's parameter-cache key.
_KEY_PARAMS = (
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
_DEFAULT_LENGTHS = opt.DEFAULT_LENGTHS
_from_buffer = ctypes.c_ubyte.from_buffer
_byref = ctypes.byref
_PARAMS_CACHE_MAX = 32
_FORMAT_DTYPES = opt.FORMAT_DTYPES

# The library's words in the messages of what it alone can see (a sequence
# that does not fit), and the Python arguments they stand for.
_PYTHON_WORDS = (
    (re.compile(r"^mseq_generate_batch: "), ""),
    (re.compile(r"\b(exact|strict) fit: "), r"fit='\1': "),
    (re.compile(r"\bthe width (\d+)"), r"image_width=\1"),
    (re.compile(r"\bwidth is (\d+)"), r"image_width is \1"),
    (re.compile(r"\bgaps in \[(\d+), (\d+)\]"), r"gaps in spacing_range=(\1, \2)"),
)


def _generation_error(cdll: ctypes.CDLL, rc: int) -> MnistSeqError:
    """The exception for a failed generation call, its message in the words
    of the Python arguments (``image_width``, ``fit='strict'``)."""
    err = _capi.error(cdll, rc)
    message = err.message
    for pattern, words in _PYTHON_WORDS:
        message = pattern.sub(words, message)
    return type(err)(message, err.code)


class Sample(NamedTuple):
    """One generated image with its layout.

    Attributes:
        image: (height, width) array, float32 in [0, 1] or uint8.
        label: the digit sequence as a string (leading zeros kept).
        placements: (ndigits,) array of :data:`PLACEMENT_DTYPE`, in sequence
            order.
        scale: the scale applied to the strip (1.0 unless ``pad`` had to
            shrink it to fit the width).
    """

    image: np.ndarray
    label: str
    placements: np.ndarray
    scale: float


class Batch(NamedTuple):
    """A generated batch.

    Attributes:
        images: (n, height, width) array, float32 in [0, 1] or uint8.
        labels: (n,) array of str: each sample's digits, leading zeros kept.
        lengths: (n,) uint32 array: each sample's number of digits.
        placements: (n, S) array of :data:`PLACEMENT_DTYPE`, where S is the
            length of the given sequence or the longest random length;
            sample i's digits are ``placements[i, :lengths[i]]`` and the rest
            of its row is zeroed.
        scales: (n,) float32 array: each sample's strip scale.
        seed: the seed used, as an unsigned 64-bit int (useful when None was
            given and a fresh one was drawn).
        first_index: the sample index of ``images[0]``.
    """

    images: np.ndarray
    labels: np.ndarray
    lengths: np.ndarray
    placements: np.ndarray
    scales: np.ndarray
    seed: int
    first_index: int


class _Handles:
    """The C handles of a Generator: the data set, as a :class:`Handle`
    whose uses are the calls in flight, and every params handle, freed with
    the data set (after ``close()`` or the finaliser, once no call uses
    them). Dataset writers are the data set handle's children.

    ``lock`` guards ``params``; nothing inside it allocates a container, so
    that no garbage collection, and no finaliser taking the lock again, can
    run while it is held."""

    def __init__(self, cdll: ctypes.CDLL, dataset: Any) -> None:
        self.cdll = cdll
        self.params: Dict[int, Any] = {}  # every params handle, all threads, by id
        self.lock = threading.Lock()
        self.dataset = Handle(dataset, self._free, "Generator")

    def new_params(
        self, values: Tuple[int, ...], extra: Tuple[Tuple[int, int], ...] = ()
    ) -> Any:
        """A params handle with the cache key's values set (seed 0), then
        the ``extra`` (parameter, value) pairs."""
        cdll = self.cdll
        handle = _capi.ParamsP()
        rc = cdll.mseq_params_new(ctypes.byref(handle))
        if rc:
            raise _capi.error(cdll, rc)
        for key, value in itertools.chain(zip(_KEY_PARAMS, values), extra):
            rc = cdll.mseq_params_set(handle, key, value)
            if rc:
                err = _capi.error(cdll, rc)
                cdll.mseq_params_free(handle)
                raise err
        with self.lock:
            self.params[id(handle)] = handle
        return handle

    def drop_params(self, handles: List[Any]) -> None:
        """Frees params handles that no thread uses any more (those not
        already freed with the data set)."""
        live: List[Any] = []
        with self.lock:
            for handle in handles:
                if self.params.get(id(handle)) is handle:
                    del self.params[id(handle)]
                    live.append(handle)
        for handle in live:
            self.cdll.mseq_params_free(handle)

    def _free(self, dataset: Any) -> None:
        """Frees the params handles and the data set: called once, by the
        data set :class:`Handle`, when it is closed and no call uses it (its
        writers, which hold a use each, are freed by then)."""
        empty: Dict[int, Any] = {}
        with self.lock:
            params, self.params = self.params, empty
        for handle in params.values():
            self.cdll.mseq_params_free(handle)
        self.cdll.mseq_free(dataset)


class _ParamsCache(Dict[Tuple[int, ...], List[Any]]):
    """One thread's params handles, keyed by their values (all but the
    seed, which is set per call). The handles are freed when the thread's
    cache is evicted, dies with its thread, or the Generator is closed."""

    def __init__(self, handles: _Handles) -> None:
        super().__init__()
        self.handles = handles
        self.owned: List[Any] = []
        weakref.finalize(self, handles.drop_params, self.owned)

    def evict_oldest(self) -> None:
        oldest = self.pop(next(iter(self)))[0]
        self.owned.remove(oldest)
        self.handles.drop_params([oldest])


class Generator:
    """One opened split of an IDX digit data set (MNIST or compatible).

    Opening reads and validates the whole split once (about 55 MB for the
    MNIST training split); generation then never touches the files. A
    Generator may be used by several threads at once (the library releases
    the GIL while it generates). It is a context manager; :meth:`close`
    releases it early, and a finaliser releases it when it is
    garbage-collected. Closing it while other threads (or a stream's
    prefetching thread) are generating is safe: their calls finish, the
    memory is released when the last one returns, and every later use
    raises :class:`~mnistseq.ClosedError`.

    Every image is a pure function of (data, parameters, digits, seed,
    index): the same arguments give the same pixels on every platform.

    Args:
        data: a directory holding the IDX files (``train-images-idx3-ubyte``
            and friends, raw or ``.gz``), or None for the library's default
            lookup (``MNISTSEQ_DATA``, then the installed data).
        split: ``"train"`` (60,000 MNIST digits) or ``"test"`` (10,000).

    Raises:
        DataNotFoundError: no IDX files found.
        DataFormatError: a file is malformed (the message names it).
        DataIOError: a file could not be read.
        InvalidArgumentError: an unknown split.
        LibraryError: the shared library could not be loaded.
    """

    def __init__(self, data: Optional[PathLike] = None, split: str = "train"):
        cdll = _lib.cdll()
        split_value = opt.choice("split", split, opt.SPLITS)
        path = opt.path("data", data)
        dataset = _capi.DatasetP()
        rc = cdll.mseq_open(ctypes.byref(dataset), path, split_value)
        if rc:
            raise _capi.error(cdll, rc)
        handles = _Handles(cdll, dataset)
        self._handles = handles
        self._dataset = handles.dataset
        self._finalizer = weakref.finalize(self, handles.dataset.close)
        self._local = threading.local()
        self._generate_fn = cdll.mseq_generate
        # mseq_generate with plain pointer types, for generate()'s hot path
        # (its buffers are checked there; ndpointer checks cost microseconds)
        self._generate_ptr = _capi.fast_generate(cdll)
        self._fast_keys: Dict[Tuple[Any, ...], Tuple[int, ...]] = {}
        self._batch_fn = cdll.mseq_generate_batch
        self._set_fn = cdll.mseq_params_set
        self._cdll = cdll
        self._data = data
        self._split = split

        rows = ctypes.c_uint32()
        cols = ctypes.c_uint32()
        self._check(cdll.mseq_glyph_size(ctypes.byref(rows), ctypes.byref(cols), dataset))
        self._rows = int(rows.value)
        self._cols = int(cols.value)
        counts = []
        count = ctypes.c_size_t()
        for digit in range(10):
            self._check(cdll.mseq_class_count(ctypes.byref(count), dataset, digit))
            counts.append(int(count.value))
        self._class_counts = tuple(counts)
        images = ctypes.c_char_p()
        labels = ctypes.c_char_p()
        self._check(
            cdll.mseq_dataset_files(ctypes.byref(images), ctypes.byref(labels), dataset)
        )
        self._files = (
            (images.value or b"").decode("utf-8", "surrogateescape"),
            (labels.value or b"").decode("utf-8", "surrogateescape"),
        )

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def close(self) -> None:
        """Releases the data set, its parameter handles and its dataset
        writers. Calls in flight on other threads (a stream's prefetching
        thread, for one) finish normally first: the memory is released when
        the last of them returns. Calling it again is a no-op; any other use
        afterwards raises :class:`~mnistseq.ClosedError` (an
        InvalidArgumentError)."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._dataset.closed

    @property
    def _ds(self) -> Any:
        """The C data set handle, None once freed. C calls take it from
        ``with self._dataset as ds:``, which keeps it alive meanwhile."""
        return self._dataset.value

    def __enter__(self) -> "Generator":
        self._require_open()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError(
            "a Generator holds an open library handle and cannot be pickled: "
            "pass its data and split instead and open a Generator where it "
            "is used"
        )

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{len(self)} digits"
        return (
            f"<mnistseq.Generator split={self._split!r} "
            f"images={self._files[0]!r} {state}>"
        )

    # ------------------------------------------------------------------
    # Data set information
    # ------------------------------------------------------------------
    @property
    def split(self) -> str:
        """The split this Generator opened: "train" or "test"."""
        return self._split

    @property
    def data(self) -> Optional[PathLike]:
        """The data directory as given (None: the default lookup)."""
        return self._data

    @property
    def files(self) -> Tuple[str, str]:
        """Paths of the images and labels files actually read."""
        return self._files

    @property
    def glyph_shape(self) -> Tuple[int, int]:
        """(rows, cols) of one digit image: (28, 28) for MNIST."""
        return (self._rows, self._cols)

    @property
    def height(self) -> int:
        """Height of every generated image: the glyph height."""
        return self._rows

    @property
    def class_counts(self) -> Tuple[int, ...]:
        """Number of images of each digit 0-9 in the split."""
        return self._class_counts

    def __len__(self) -> int:
        """Number of digit images in the split."""
        return sum(self._class_counts)

    # ------------------------------------------------------------------
    # Internals
    # ------------------------------------------------------------------
    def _check(self, rc: int) -> None:
        if rc:
            raise _capi.error(self._cdll, rc)

    def _require_open(self) -> None:
        if self._dataset.closed:
            raise self._dataset.error()

    def _params(self, values: Tuple[int, ...], seed: int) -> Any:
        """This thread's params handle for ``values``, with ``seed`` set.
        Only within a use of the data set handle (``with self._dataset``),
        which keeps the params handles alive too."""
        local = self._local
        try:
            cache: _ParamsCache = local.cache
        except AttributeError:
            cache = local.cache = _ParamsCache(self._handles)
        entry = cache.get(values)
        if entry is None:
            if len(cache) >= _PARAMS_CACHE_MAX:
                cache.evict_oldest()
            entry = [self._handles.new_params(values), 0]
            cache[values] = entry
            cache.owned.append(entry[0])
        if entry[1] != seed:
            rc = self._set_fn(entry[0], _capi.PARAM_SEED, opt.seed_param(seed))
            if rc:
                raise _capi.error(self._cdll, rc)
            entry[1] = seed
        return entry[0]

    @staticmethod
    def _out(out: Any, shape: Tuple[int, ...], fmt: int) -> np.ndarray:
        dtype = _FORMAT_DTYPES[fmt]
        if out is None:
            return np.empty(shape, dtype)
        if not isinstance(out, np.ndarray):
            raise TypeError(f"out must be a numpy array, not {type(out).__name__}")
        if out.dtype != dtype:
            raise TypeError(f"out has dtype {out.dtype}, expected {dtype}")
        if out.shape != shape:
            raise InvalidArgumentError(
                f"out has shape {out.shape}, expected {shape}", MSEQ_EINVAL
            )
        if not out.flags.c_contiguous:
            raise InvalidArgumentError("out must be C-contiguous", MSEQ_EINVAL)
        if not out.flags.writeable:
            raise InvalidArgumentError("out must be writeable", MSEQ_EINVAL)
        return out

    def _single_values(
        self,
        spacing_range: Any,
        image_width: Any,
        fit: str,
        align: str,
        invert: Any,
        dtype: Any,
    ) -> Tuple[int, ...]:
        lo, hi = opt.spacing_range(spacing_range)
        width = opt.image_width(image_width)
        fit_value = opt.FITS.get(fit) if type(fit) is str else None
        if fit_value is None:
            fit_value = opt.choice("fit", fit, opt.FITS)
        align_value = opt.ALIGNS.get(align) if type(align) is str else None
        if align_value is None:
            align_value = opt.choice("align", align, opt.ALIGNS)
        return (
            lo,
            hi,
            width,
            fit_value,
            align_value,
            opt.flag("invert", invert),
            opt.dtype_format(dtype),
        )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    def generate(
        self,
        digits: DigitsLike,
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        seed: Optional[int] = None,
        index: int = 0,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.float32,
        out: Optional[np.ndarray] = None,
    ) -> np.ndarray:
        """Generates the image of one digit sequence.

        Args:
            digits: the digits, 0-9, in order: a sequence of ints
                (``[3, 5, 0]``, a tuple, a range, a 1-D integer array) or a
                string of digits (``"350"``); a set or dict is refused with
                TypeError (its order is meaningless).
            spacing_range: (min, max) gap in pixels between consecutive
                digits; each gap is drawn uniformly from the inclusive range.
            image_width: the width of the image in pixels.
            seed: 64-bit seed (any int64 or uint64); None draws a fresh one.
            index: the sample index (0 to 2**64-1): with the seed, the only
                source of randomness.
            fit: ``"pad"`` (pad a narrower strip, scale a wider one down),
                ``"strict"`` (error if wider) or ``"exact"`` (gaps chosen so
                that the strip is exactly the width; error if impossible).
            align: where a padded strip sits: ``"center"``, ``"left"``,
                ``"right"`` or ``"random"``.
            invert: False: black digits on white (1.0); True: white on black.
            dtype: ``numpy.float32`` (0.0-1.0) or ``numpy.uint8`` (0-255).
            out: an array to fill instead of allocating one: C-contiguous,
                writeable, shape (height, image_width), of ``dtype``.

        Returns:
            A C-contiguous (height, image_width) array owning its memory
            (``out`` itself when given).

        Raises:
            InvalidArgumentError: bad digits, negative spacing, min > max,
                width 0, unknown fit/align, bad ``out``.
            OutOfRangeError: a width or sequence beyond the library limits.
            NoFitError: the sequence cannot fit under ``strict``/``exact``.
            TypeError: an argument of the wrong type.
            ClosedError: the Generator is closed.

        Every message names the argument at fault as it is written here
        (``image_width``, ``spacing_range[1]``, ``digits[2]``).
        """
        # This is the per-call hot path: every check is done here, on exact
        # types first, and the C call gets plain pointers; a closed Generator
        # is refused by the with block.
        c_digits, ndigits = opt.digits_ctypes(digits)
        key = None
        fast: Optional[Tuple[Any, ...]] = None
        if (
            type(spacing_range) is tuple
            and len(spacing_range) == 2
            and type(spacing_range[0]) is int
            and type(spacing_range[1]) is int
            and type(image_width) is int
            and (invert is False or invert is True)
        ):
            fast = (spacing_range, image_width, fit, align, invert, dtype)
            try:
                key = self._fast_keys.get(fast)
            except TypeError:  # an unhashable dtype or option
                fast = None
        if key is None:
            key = self._single_values(spacing_range, image_width, fit, align, invert, dtype)
            key += (1, 5, 0, 0, 1)
            if fast is not None:
                if len(self._fast_keys) >= 256:
                    self._fast_keys.clear()
                self._fast_keys[fast] = key
        if seed is None or type(seed) is not int or not 0 <= seed <= _capi.UINT64_MAX:
            seed = opt.seed(seed)
        if type(index) is not int or not 0 <= index <= _capi.UINT64_MAX:
            index = opt.uint64("index", index)
        with self._dataset as ds:
            params = self._params(key, seed)
            if out is None:
                image = np.empty((self._rows, key[2]), _FORMAT_DTYPES[key[6]])
            else:
                image = self._out(out, (self._rows, key[2]), key[6])
            rc = self._generate_ptr(
                _byref(_from_buffer(image)),  # type: ignore[arg-type]
                image.nbytes,
                None,
                None,
                ds,
                params,
                c_digits,
                ndigits,
                index,
            )
        if rc:
            raise _generation_error(self._cdll, rc)
        return image

    def generate_sample(
        self,
        digits: DigitsLike,
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        seed: Optional[int] = None,
        index: int = 0,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.float32,
        out: Optional[np.ndarray] = None,
    ) -> Sample:
        """Like :meth:`generate`, returning the image with its layout: the
        label, each digit's placement and the strip scale (a
        :class:`Sample`). The image is the same as :meth:`generate`'s."""
        self._require_open()
        d = opt.digits(digits)
        values = self._single_values(spacing_range, image_width, fit, align, invert, dtype)
        seed_value = opt.seed(seed)
        index = opt.uint64("index", index)
        with self._dataset as ds:
            params = self._params(values + (1, 5, 0, 0, 1), seed_value)
            image = self._out(out, (self._rows, values[2]), values[6])
            placements = np.zeros(len(d), PLACEMENT_DTYPE)
            scale = np.zeros(1, np.float32)
            rc = self._generate_fn(
                image, image.nbytes, placements, scale, ds, params, d, len(d), index
            )
        if rc:
            raise _generation_error(self._cdll, rc)
        label = (placements["label"] + ord("0")).astype(np.uint8).tobytes()
        return Sample(image, label.decode("ascii"), placements, float(scale[0]))

    def generate_batch(
        self,
        n: int,
        digits: Optional[DigitsLike],
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        seed: Optional[int] = None,
        first_index: int = 0,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: bool = False,
        unique: bool = False,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.float32,
        threads: int = 0,
        out: Optional[np.ndarray] = None,
    ) -> Batch:
        """Generates ``n`` images into one (n, height, width) array, on
        ``threads`` threads. Image i is exactly what :meth:`generate` gives
        for ``index=first_index + i`` (same digits and parameters), whatever
        the thread count.

        Args:
            n: number of images, 1 to 2**24.
            digits: the sequence for every image (as in :meth:`generate`), or
                None for random sequences drawn per index (see
                ``length_range``, ``no_leading_zero``, ``unique``).
            spacing_range, image_width, seed, fit, align, invert, dtype: as
                in :meth:`generate`.
            first_index: sample index of the first image.
            length_range: random sequences only: (min, max) length, inclusive;
                None means (1, 5).
            no_leading_zero: random sequences only: the first digit of a
                sequence longer than one is never 0.
            unique: random sequences only: no sequence repeats among the
                indexes below the number of possible sequences.
            threads: worker threads, 0 for all cores.
            out: an array to fill instead of allocating one: C-contiguous,
                writeable, shape (n, height, image_width), of ``dtype``.

        Returns:
            A :class:`Batch` (images, labels, lengths, placements, scales,
            seed, first_index).

        Raises:
            As :meth:`generate`; InvalidArgumentError also when
            ``length_range``/``no_leading_zero``/``unique`` are given with
            fixed digits.
        """
        self._require_open()
        count = opt.batch_size("n", n)
        if digits is None:
            d: Optional[np.ndarray] = None
            lengths_key = opt.length_range(length_range)
        else:
            opt.check_random_only(length_range, no_leading_zero, unique)
            d = opt.digits(digits)
            lengths_key = _DEFAULT_LENGTHS
        values = self._single_values(spacing_range, image_width, fit, align, invert, dtype)
        seed_value = opt.seed(seed)
        first = opt.uint64("first_index", first_index)
        opt.index_span(first, count, "n")
        key = _batch_values(values, lengths_key, no_leading_zero, unique, threads)
        if d is None and key[10]:  # unique
            last = first + count - 1
            opt.unique_span(
                lengths_key,
                key[9],
                last,
                f"first_index={first} and n={count} use sample indexes up to {last}",
            )
        with self._dataset as ds:
            params = self._params(key, seed_value)
            images = self._out(out, (count, self._rows, values[2]), values[6])
            slots = len(d) if d is not None else max(lengths_key[1], 0)
            placements = np.zeros((count, slots), PLACEMENT_DTYPE)
            lengths = np.zeros(count, np.uint32)
            scales = np.zeros(count, np.float32)
            rc = self._batch_fn(
                images,
                images.nbytes,
                placements,
                placements.size,
                lengths,
                scales,
                ds,
                params,
                d,
                0 if d is None else len(d),
                first,
                count,
            )
        if rc:
            raise _generation_error(self._cdll, rc)
        return Batch(
            images,
            _labels(placements, lengths, d is not None),
            lengths,
            placements,
            scales,
            seed_value,
            first,
        )

    def stream(
        self,
        batch_size: int,
        digits: Optional[DigitsLike],
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        count: Optional[int] = None,
        seed: Optional[int] = None,
        first_index: int = 0,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: bool = False,
        unique: bool = False,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.float32,
        threads: int = 0,
        prefetch: bool = True,
    ) -> "BatchStream":
        """An iterable of :class:`Batch` objects for streaming training:
        batches of ``batch_size`` consecutive sample indexes from
        ``first_index``, ``count`` samples in all (None: without end). With
        ``prefetch`` the next batch is generated in a background thread
        while the current one is used. Iterating again yields the same
        batches (a None seed is drawn once, here).

        The other arguments are those of :meth:`generate_batch`; they are
        checked here.
        """
        from .stream import BatchStream

        self._require_open()
        options = dict(
            spacing_range=spacing_range,
            image_width=image_width,
            length_range=length_range,
            no_leading_zero=no_leading_zero,
            unique=unique,
            fit=fit,
            align=align,
            invert=invert,
            dtype=dtype,
            threads=threads,
        )
        return BatchStream(
            self,
            batch_size,
            digits,
            options,
            count=count,
            seed=seed,
            first_index=first_index,
            prefetch=prefetch,
        )

    def generate_dataset(
        self,
        directory: PathLike,
        count: int,
        digits: Optional[DigitsLike],
        spacing_range: Tuple[int, int],
        image_width: int,
        *,
        format: str = "png",
        seed: int = 0,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: bool = False,
        unique: bool = False,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        dtype: Any = np.uint8,
        shard_size: int = 10000,
        png_level: int = -1,
        threads: int = 0,
        force: bool = False,
        progress: Optional["ProgressCallback"] = None,
    ) -> "DatasetInfo":
        """Writes a dataset directory, as ``mnistseq-cli dataset`` does:
        ``count`` images (sample indexes 0..count-1), their labels and a
        manifest.json recording everything needed to regenerate it bit for
        bit (parameters, seed, split, library version, data files' SHA-256).

        Layouts (``format``): ``"png"``: ``000000123.png`` files plus
        ``labels.csv``; ``"npy"``: ``images.npy`` (count, height, width) of
        ``dtype`` plus ``labels.jsonl``; ``"tar"``: WebDataset shards
        ``shard-000000.tar`` holding ``000000123.png`` and ``.json``.

        Running it again on the same directory with the same arguments
        resumes an interrupted job (complete shards are kept) and leaves a
        finished one as it is; other arguments raise OutputExistsError
        unless ``force``.

        Args:
            directory: the dataset directory (created when missing).
            count: number of images.
            digits: the sequence of every image, or None for random
                sequences (``length_range``, ``no_leading_zero``,
                ``unique``, as in :meth:`generate_batch`).
            spacing_range, image_width, fit, align, invert: as in
                :meth:`generate`.
            seed: the dataset's seed (default 0, as the CLI).
            format: "png", "npy" or "tar".
            dtype: numpy.uint8 (default) or numpy.float32: the NPY array
                type; PNG and tar images are always 8-bit.
            shard_size: images per shard (the unit of resumption).
            png_level: -1 (default, fast run-length encoding) or zlib 0-9.
            threads: threads (0: all cores); never changes the bytes.
            force: replace another job's dataset in the directory (only the
                files a dataset writer makes are removed).
            progress: ``progress(done, total)`` called as images are
                written; a true return value or an exception stops the job
                (resumable), raising CanceledError or that exception.

        Returns:
            A :class:`DatasetInfo` (directory, count, format, shards and the
            parsed manifest).
        """
        from .writer import DatasetSpec, write_dataset

        self._require_open()
        spec = DatasetSpec.make(
            directory,
            count,
            digits,
            spacing_range,
            image_width,
            format=format,
            seed=seed,
            length_range=length_range,
            no_leading_zero=no_leading_zero,
            unique=unique,
            fit=fit,
            align=align,
            invert=invert,
            dtype=dtype,
            shard_size=shard_size,
            png_level=png_level,
            threads=threads,
        )
        return write_dataset(self, spec, force=force, progress=progress)

    def random_sequence(
        self,
        index: int,
        *,
        seed: int,
        length_range: Tuple[int, int] = _DEFAULT_LENGTHS,
        no_leading_zero: bool = False,
        unique: bool = False,
    ) -> str:
        """The random digit sequence that :meth:`generate_batch` draws for
        sample ``index`` when given ``digits=None`` and the same seed and
        options, as a string."""
        self._require_open()
        index_value = opt.uint64("index", index)
        seed_value = opt.seed(seed)
        lo, hi = opt.length_range(length_range)
        key: Tuple[int, ...] = (0, 0, 1, 0, 0, 0, 0, lo, hi)
        key += (opt.flag("no_leading_zero", no_leading_zero), opt.flag("unique", unique), 1)
        if key[10]:
            opt.unique_span((lo, hi), key[9], index_value, f"index={index_value}")
        buf = np.zeros(max(hi, 1), np.intc)
        length = ctypes.c_size_t()
        with self._dataset:  # keeps the params handles alive
            params = self._params(key, seed_value)
            rc = self._cdll.mseq_random_sequence(
                buf, buf.size, ctypes.byref(length), params, index_value
            )
        if rc:
            raise _capi.error(self._cdll, rc)
        return "".join(str(v) for v in buf[: length.value].tolist())


def _batch_values(
    values: Tuple[int, ...],
    length_range: Optional[Tuple[int, int]],
    no_leading_zero: Any,
    unique: Any,
    threads: Any,
) -> Tuple[int, ...]:
    """A batch's parameter-cache key: a single image's ``values`` (from
    :meth:`Generator._single_values`) followed by the random-sequence
    options (``length_range`` None: the default lengths) and the thread
    count."""
    lo, hi = _DEFAULT_LENGTHS if length_range is None else length_range
    return values + (
        lo,
        hi,
        opt.flag("no_leading_zero", no_leading_zero),
        opt.flag("unique", unique),
        opt.threads(threads),
    )


def _labels(placements: np.ndarray, lengths: np.ndarray, fixed: bool) -> np.ndarray:
    """Each row's digit string from placements' labels (and lengths, for
    random sequences), as a numpy str array: the code points are written
    directly as UCS-4, and trailing NULs end the shorter strings."""
    count, slots = placements.shape
    if slots == 0:
        return np.full(count, "", dtype="U1")
    chars = placements["label"] + ord("0")  # C-contiguous int32 (count, slots)
    if not fixed:
        chars[np.arange(slots)[None, :] >= lengths[:, None]] = 0
    return chars.astype(np.uint32, copy=False).view(np.dtype(("U", slots))).reshape(count)
