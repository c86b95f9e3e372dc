"""The :class:`Generator`: one opened split of source data, generating images of
digit sequences into numpy arrays that C fills in place."""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np

from . import _capi, _checks, _digits, _indexes
from . import params as _params
from ._checks import PathLike
from ._digits import DigitsLike
from ._source import Source
from ._words import generation_error
from .dataset_spec import DatasetInfo, DatasetSpec
from .errors import MSEQ_EINVAL, InvalidArgumentError
from .params import Params
from .results import (
    INK_BOX_DTYPE,
    PLACEMENT_DTYPE,
    AnnotatedSample,
    Batch,
    Sample,
    TextSample,
    batch_labels,
    sample_label,
)
from .stream import BatchStream
from .template import Template
from .writer import ProgressCallback, write_dataset

__all__ = ["Generator"]

_from_buffer = ctypes.c_ubyte.from_buffer
_byref = ctypes.byref
_c_uint64 = ctypes.c_uint64
_fresh_seed = _checks.fresh_seed
_FAST_KEYS_MAX = 256
# A call's Params with their C values (see ``_source.KEY_PARAMS``).
_Resolved = Tuple[Params, Tuple[Any, ...]]
# What generate() needs of a call's parameters: their C values, the image's
# shape and dtype, and its size in bytes as a ctypes size_t.
_ImagePlan = Tuple[Tuple[Any, ...], Tuple[int, int], np.dtype, Any]


class Generator:
    """One opened split of IDX digit files (MNIST or compatible).

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

    The generating methods take the image parameters as a :class:`Params`
    (``params=``), as keyword arguments (``spacing_range``, ``image_width``,
    ``fit``, ...), or both: the keywords then replace those fields.

    Args:
        data: a directory holding the IDX files (``train-images-idx3-ubyte``
            and friends, raw or ``.gz``), or None for the library's default
            lookup (``MNISTSEQ_DATA``, then the installed data).
        split: ``"train"`` (60,000 MNIST digits) or ``"test"`` (10,000).
        writers: QMNIST's extended labels of the split
            (``qmnist-train-labels-idx2-int.gz`` or
            ``qmnist-test-labels-idx2-int.gz``, from facebookresearch/qmnist),
            for ``writer="same"``; None (default): the data folder's own
            copy when it holds one (the only way the torch and Dask adapters
            see them).

    Raises:
        DataNotFoundError: no IDX files found.
        DataFormatError: a file is malformed (the message names it).
        DataIOError: a file could not be read.
        InvalidArgumentError: an unknown split.
        LibraryError: the shared library could not be loaded.
    """

    def __init__(
        self,
        data: Optional[PathLike] = None,
        split: str = "train",
        writers: Optional[PathLike] = None,
    ):
        source = Source(data, split, writers)
        self._handles = source
        self._dataset = source.dataset
        self._finalizer = weakref.finalize(self, source.close)
        cdll = source.cdll
        self._cdll = cdll
        self._generate_fn = cdll.mseq_generate
        # mseq_generate without argument types, for generate()'s hot path
        # (its buffers are checked and its arguments converted there)
        self._generate_ptr = _capi.fast_generate(cdll)
        # _cached_params(values, seed): this thread's params handle for
        # values (see ``_source.KEY_PARAMS``) with the seed set; only within a
        # use of the source data handle (``with self._dataset``)
        self._cached_params = source.cached_params
        # the resolved parameters of calls with exactly typed arguments
        self._fast_keys: Dict[Tuple[Any, ...], _Resolved] = {}
        self._image_plans: Dict[Tuple[Any, ...], _ImagePlan] = {}
        self._annotated_fn = cdll.mseq_generate_annotated
        self._batch_annotated_fn = cdll.mseq_generate_batch_annotated
        self._data = data
        self._split = split

        raw = source.dataset.value
        rows = ctypes.c_uint32()
        cols = ctypes.c_uint32()
        source.check(cdll.mseq_glyph_size(ctypes.byref(rows), ctypes.byref(cols), raw))
        self._rows = int(rows.value)
        self._dtypes = _params.format_dtypes()  # numpy dtype of each C format
        self._cols = int(cols.value)
        counts = []
        count = ctypes.c_size_t()
        for digit in range(10):
            source.check(cdll.mseq_class_count(ctypes.byref(count), raw, digit))
            counts.append(int(count.value))
        self._class_counts = tuple(counts)
        images = ctypes.c_char_p()
        labels = ctypes.c_char_p()
        source.check(
            cdll.mseq_dataset_files(ctypes.byref(images), ctypes.byref(labels), raw)
        )
        self._files = (
            (images.value or b"").decode("utf-8", "surrogateescape"),
            (labels.value or b"").decode("utf-8", "surrogateescape"),
        )

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def close(self) -> None:
        """Releases the source data, its parameter handles and its dataset
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

    def require_open(self) -> None:
        """Raises :class:`~mnistseq.ClosedError` when the Generator is
        closed."""
        if self._dataset.closed:
            raise self._dataset.error()

    @property
    def source(self) -> Source:
        """The opened source data (the library handle and its lifetime),
        shared with the dataset writers made from this Generator."""
        return self._handles

    @property
    def _ds(self) -> Any:
        """The C source data handle, None once freed. C calls take it from
        ``with self._dataset as ds:``, which keeps it alive meanwhile."""
        return self._dataset.value

    def __enter__(self) -> "Generator":
        self.require_open()
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
        """The glyph height: the height of every generated image unless
        ``height`` is set (:meth:`image_shape` gives the shape)."""
        return self._rows

    def glyph_writer(self, index: int) -> int:
        """The writer of digit image ``index`` of the split (a placement's
        ``source_index``): ``(NIST HSF series << 32) | writer id``, from
        QMNIST's extended labels.

        Raises:
            DataNotFoundError: the Generator has no extended labels.
            OutOfRangeError: ``index`` is not below ``len(self)``.
        """
        index = _checks.integer(
            "index", index, 0, len(self) - 1, " (the split's image indexes)"
        )
        out = ctypes.c_uint64()
        with self._dataset as ds:
            rc = self._cdll.mseq_glyph_writer(ctypes.byref(out), ds, index)
        if rc:
            raise _capi.error(self._cdll, rc)
        return int(out.value)

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
    @staticmethod
    def _out(out: Any, shape: Tuple[int, ...], fmt: int) -> np.ndarray:
        dtype = _params.format_dtypes()[fmt]
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

    @staticmethod
    def _remember(cache: Dict[Tuple[Any, ...], Any], fast: Optional[Tuple[Any, ...]],
                  value: Any) -> None:
        """Caches ``value`` under a call key (none: not cached)."""
        if fast is not None:
            if len(cache) >= _FAST_KEYS_MAX:
                cache.clear()
            cache[fast] = value

    @staticmethod
    def _resolve_single(
        caller: str, params: Optional[Params], spacing: Any, width: Any, options: Any
    ) -> _Resolved:
        """The Params of a call on one image (fixed digits), with the C
        values of a single image."""
        found = _params.resolve(caller, params, spacing, width, options, _params.IMAGE_FIELDS)
        _params.check_random_only(found)
        return found, _params.single_values(found)

    def _resolve_batch(
        self, caller: str, params: Optional[Params], spacing: Any, width: Any, options: Any
    ) -> _Resolved:
        """The Params of a batch call, with their C values (cached for
        exactly typed arguments)."""
        fast = _params.call_key(caller, params, spacing, width, options)
        found = None if fast is None else self._fast_keys.get(fast)
        if found is None:
            p = _params.resolve(caller, params, spacing, width, options, _params.BATCH_FIELDS)
            found = (p, _params.batch_values(p))
            self._remember(self._fast_keys, fast, found)
        return found

    def _shape_of(self, values: Tuple[Any, ...]) -> Tuple[int, int]:
        """(rows, cols) of the images of these C values, from the library
        (``mseq_image_shape``)."""
        rows = ctypes.c_uint32()
        cols = ctypes.c_uint32()
        with self._dataset as ds:
            handle = self._cached_params(values, 0)
            rc = self._cdll.mseq_image_shape(_byref(rows), _byref(cols), ds, handle)
        if rc:
            raise generation_error(self._cdll, rc)
        return (int(rows.value), int(cols.value))

    def image_shape(
        self,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        **options: Any,
    ) -> Tuple[int, int]:
        """(rows, cols) of every image these parameters make: ``height``
        (the glyph height when 0) by ``image_width``. The arguments are
        those of :meth:`generate` (without the digits).

        Raises:
            InvalidArgumentError: a margin that leaves no room (the message
                names it), or the arguments :meth:`generate` refuses."""
        self.require_open()
        values = self._resolve_single("image_shape", params, None, image_width, options)[1]
        return self._shape_of(values)

    def _image_plan(
        self, params: Optional[Params], spacing: Any, width: Any, options: Any
    ) -> _ImagePlan:
        """What :meth:`generate` needs of its parameters."""
        values = self._resolve_single("generate", params, spacing, width, options)[1]
        shape = self._shape_of(values)
        dtype = self._dtypes[values[6]]
        return values, shape, dtype, ctypes.c_size_t(shape[0] * shape[1] * dtype.itemsize)

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    def generate(
        self,
        digits: DigitsLike,
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        seed: Optional[int] = None,
        index: int = 0,
        out: Optional[np.ndarray] = None,
        **options: Any,
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
            params: a :class:`Params` (whose random-sequence options must be
                unset); ``spacing_range``, ``image_width`` and the keyword
                options replace its fields.
            seed: 64-bit seed (any int64 or uint64); None draws a fresh one.
            index: the sample index (0 to 2**64-1): with the seed, the only
                source of randomness.
            out: an array to fill instead of allocating one: C-contiguous,
                writeable, shape (height, image_width), of ``dtype``.
            **options: ``fit``, ``align``, ``invert``, ``dtype`` and the
                augmentation fields (``rotate``, ``shear``, ``digit_scale``,
                ``aspect``, ``shift_y``, ``thickness``): as the fields of
                :class:`Params` (``dtype``: default float32).

        Returns:
            A C-contiguous (height, image_width) array owning its memory
            (``out`` itself when given).

        Raises:
            InvalidArgumentError: bad digits, a spacing of a whole glyph or more
                below 0, min > max,
                width 0, unknown fit/align, bad ``out``.
            OutOfRangeError: a width or sequence beyond the library limits.
            NoFitError: the sequence cannot fit under ``strict``/``exact``.
            TypeError: an argument of the wrong type.
            ClosedError: the Generator is closed.

        Every message names the argument at fault as it is written here
        (``image_width``, ``spacing_range[1]``, ``digits[2]``).
        """
        # This is the per-call hot path: every check is done here, what the
        # parameters of exactly typed arguments make is cached, and the C
        # call gets its arguments converted to ctypes; a closed Generator is
        # refused by the with block.
        c_digits, ndigits = _digits.digits_ctypes(digits)
        fast = _params.call_key("generate", params, spacing_range, image_width, options)
        plan = None if fast is None else self._image_plans.get(fast)
        if plan is None:
            plan = self._image_plan(params, spacing_range, image_width, options)
            self._remember(self._image_plans, fast, plan)
        values, shape, dtype, nbytes = plan
        if seed is None:
            seed = _fresh_seed()
        elif type(seed) is not int or not 0 <= seed <= _capi.UINT64_MAX:
            seed = _checks.seed(seed)
        if type(index) is not int or not 0 <= index <= _capi.UINT64_MAX:
            index = _checks.uint64("index", index)
        with self._dataset as ds:
            handle = self._cached_params(values, seed)
            if out is None:
                image = np.empty(shape, dtype)
            else:
                image = self._out(out, shape, values[6])
            rc = self._generate_ptr(
                _byref(_from_buffer(image)),  # type: ignore[arg-type]
                nbytes,
                None,
                None,
                ds,
                handle,
                c_digits,
                ndigits,
                _c_uint64(index),
            )
        if rc:
            raise generation_error(self._cdll, rc)
        return image

    def generate_sample(
        self,
        digits: DigitsLike,
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        seed: Optional[int] = None,
        index: int = 0,
        out: Optional[np.ndarray] = None,
        **options: Any,
    ) -> Sample:
        """Like :meth:`generate`, returning the image with its layout: the
        label, each digit's placement and the strip scale (a
        :class:`Sample`). The image is the same as :meth:`generate`'s."""
        self.require_open()
        d = _digits.digits(digits)
        values = self._resolve_single(
            "generate_sample", params, spacing_range, image_width, options
        )[1]
        seed_value = _checks.seed(seed)
        index = _checks.uint64("index", index)
        shape = self._shape_of(values)
        with self._dataset as ds:
            handle = self._cached_params(values, seed_value)
            image = self._out(out, shape, values[6])
            placements = np.zeros(len(d), PLACEMENT_DTYPE)
            scale = np.zeros(1, np.float32)
            rc = self._generate_fn(
                image, image.nbytes, placements, scale, ds, handle, d, len(d), index
            )
        if rc:
            raise generation_error(self._cdll, rc)
        return Sample(image, sample_label(placements), placements, float(scale[0]))

    def generate_annotated(
        self,
        digits: DigitsLike,
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        seed: Optional[int] = None,
        index: int = 0,
        out: Optional[np.ndarray] = None,
        **options: Any,
    ) -> AnnotatedSample:
        """Like :meth:`generate_sample`, with the exact labels of each
        digit's ink (an :class:`AnnotatedSample`): its tight box and an
        instance mask. The image is the same as :meth:`generate`'s.

        A pixel shows ink when it differs from the background; digit i's
        ink is the part of it that digit i's own rendering darkens. Its box
        (``boxes[i]``, :data:`INK_BOX_DTYPE`, half-open) holds all of it
        (all four 0 when none of it shows); ``mask`` (uint16, the image's
        shape) is i + 1 where digit i is the darkest of the digits inking
        the pixel, 0 on background. Under augmentation the boxes follow the
        transformed ink, while ``placements`` keep the glyph cells. The
        whole image's modules (``noise_std``, ``blur_sigma``, levels,
        backgrounds...) never change the labels: they are taken from the
        image without them.

        Costs about one extra rendering per digit over :meth:`generate`.
        The arguments are those of :meth:`generate`."""
        self.require_open()
        d = _digits.digits(digits)
        values = self._resolve_single(
            "generate_annotated", params, spacing_range, image_width, options
        )[1]
        seed_value = _checks.seed(seed)
        index = _checks.uint64("index", index)
        shape = self._shape_of(values)
        with self._dataset as ds:
            handle = self._cached_params(values, seed_value)
            image = self._out(out, shape, values[6])
            mask = np.zeros(image.shape, np.uint16)
            boxes = np.zeros(len(d), INK_BOX_DTYPE)
            placements = np.zeros(len(d), PLACEMENT_DTYPE)
            scale = np.zeros(1, np.float32)
            rc = self._annotated_fn(
                image, image.nbytes, mask, mask.size, boxes, placements, scale,
                ds, handle, d, len(d), index,
            )
        if rc:
            raise generation_error(self._cdll, rc)
        return AnnotatedSample(
            image, sample_label(placements), placements, float(scale[0]), boxes, mask
        )

    def generate_text(
        self,
        text: Union[str, Template],
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        seed: Optional[int] = None,
        index: int = 0,
        out: Optional[np.ndarray] = None,
        unique: Optional[bool] = None,
        **options: Any,
    ) -> TextSample:
        """Generates the image of a text: digits drawn from the data,
        separators (``- / . , : ( ) +``) drawn as strokes in the digits'
        pen, spaces as blank cells, with every character's placement, ink
        box and mask id (a :class:`TextSample`).

        Args:
            text: the text (digits, separators and spaces), or a
                :class:`Template`, whose text for (``seed``, ``index``) is
                drawn first (``unique``: as :meth:`Template.sample`).
            spacing_range, image_width, params, seed, index, out, options:
                as :meth:`generate`.

        A text of digits only gives the image of :meth:`generate_annotated`.

        Raises:
            InvalidArgumentError: a character that is not in a text (the
                message gives its position), a ``min_spacing`` that would
                overlap a separator's cell by its whole width, or what
                :meth:`generate` refuses.
        """
        self.require_open()
        values = self._resolve_single(
            "generate_text", params, spacing_range, image_width, options
        )[1]
        seed_value = _checks.seed(seed)
        index = _checks.uint64("index", index)
        if isinstance(text, Template):
            text = text.sample(index, seed=seed_value, unique=unique)
        elif unique is not None:
            raise TypeError("unique applies to a Template, not to a given text")
        if not isinstance(text, str):
            raise TypeError(f"text must be a str or a Template, not {type(text).__name__}")
        encoded = _checks.ascii_text(
            text, "text character", "a text holds digits, separators (- / . , : ( ) +) and spaces"
        )
        shape = self._shape_of(values)
        n = len(encoded)
        with self._dataset as ds:
            handle = self._cached_params(values, seed_value)
            image = self._out(out, shape, values[6])
            mask = np.zeros(image.shape, np.uint16)
            boxes = np.zeros(max(n, 1), INK_BOX_DTYPE)
            placements = np.zeros(max(n, 1), PLACEMENT_DTYPE)
            scale = np.zeros(1, np.float32)
            rc = self._cdll.mseq_generate_text(
                image, image.nbytes, mask, mask.size, boxes, placements, scale,
                ds, handle, encoded, index,
            )
        if rc:
            raise generation_error(self._cdll, rc)
        chars = np.frombuffer(encoded, np.uint8)
        is_digit = (chars >= ord("0")) & (chars <= ord("9"))
        return TextSample(
            image, text, "".join(c for c in text if c.isdigit()), placements[:n],
            float(scale[0]), boxes[:n], mask, is_digit,
        )

    def generate_batch(
        self,
        n: int,
        digits: Optional[DigitsLike],
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        seed: Optional[int] = None,
        first_index: int = 0,
        out: Optional[np.ndarray] = None,
        annotate: bool = False,
        template: Optional[Template] = None,
        **options: Any,
    ) -> Batch:
        """Generates ``n`` images into one (n, height, width) array, on
        ``threads`` threads. Image i is exactly what :meth:`generate` gives
        for ``index=first_index + i`` (same digits and parameters), whatever
        the thread count.

        Args:
            n: number of images, 1 to 2**24.
            digits: the sequence for every image (as in :meth:`generate`), or
                None for random sequences drawn per index (see the
                ``length_range``, ``no_leading_zero`` and ``unique`` fields
                of :class:`Params`).
            spacing_range, image_width, params, seed: as in :meth:`generate`.
            first_index: sample index of the first image.
            out: an array to fill instead of allocating one: C-contiguous,
                writeable, shape (n, height, image_width), of ``dtype``.
            annotate: also return each image's instance mask and each
                digit's ink box (``masks`` and ``ink_boxes`` of the
                :class:`Batch`), exactly what :meth:`generate_annotated`
                gives for each image; the images are the same.
            template: a :class:`Template` whose texts the images hold
                (``digits`` None): image i is :meth:`generate_text`'s image
                of ``template.sample(first_index + i)``; ``labels`` hold
                the texts with their separators, and ``unique`` means no
                text twice up to ``template.count``.
            **options: ``fit``, ``align``, ``invert``, ``dtype``,
                ``length_range``, ``no_leading_zero``, ``unique``,
                ``threads`` and the augmentation fields: as the fields of
                :class:`Params` (``threads``: default all cores).

        Returns:
            A :class:`Batch` (images, labels, lengths, placements, scales,
            seed, first_index; masks and ink_boxes with ``annotate``).

        Raises:
            As :meth:`generate`; InvalidArgumentError also when
            ``length_range``/``no_leading_zero``/``unique`` are given with
            fixed digits.
        """
        self.require_open()
        count = _indexes.batch_size("n", n)
        found, key = self._resolve_batch(
            "generate_batch", params, spacing_range, image_width, options
        )
        d: Optional[np.ndarray] = None
        if template is not None and not isinstance(template, Template):
            raise TypeError(f"template must be a Template, not {type(template).__name__}")
        if template is not None and digits is not None:
            raise InvalidArgumentError(
                "digits given with a template: the template draws each image's text "
                "(pass digits=None)",
                MSEQ_EINVAL,
            )
        if digits is not None:
            _params.check_random_only(found)
            d = _digits.digits(digits)
        seed_value = _checks.seed(seed)
        first = _checks.uint64("first_index", first_index)
        _indexes.index_span(first, count, "n")
        lengths_key = found.lengths
        if d is None and found.unique and template is None:
            last = first + count - 1
            _indexes.unique_span(
                lengths_key,
                found.no_leading_zero,
                last,
                f"first_index={first} and n={count} use sample indexes up to {last}",
            )
        shape = self._shape_of(key)
        with self._dataset as ds:
            handle = self._cached_params(key, seed_value)
            images = self._out(out, (count,) + shape, key[6])
            if template is not None:
                slots = template.max_length
            else:
                slots = len(d) if d is not None else max(lengths_key[1], 0)
            placements = np.zeros((count, slots), PLACEMENT_DTYPE)
            lengths = np.zeros(count, np.uint32)
            scales = np.zeros(count, np.float32)
            masks: Optional[np.ndarray] = None
            ink_boxes: Optional[np.ndarray] = None
            if annotate:
                masks = np.zeros((count, self._rows, key[2]), np.uint16)
                ink_boxes = np.zeros((count, slots), INK_BOX_DTYPE)
            if template is not None:
                # This thread's own handle: the template is set for this
                # call only.
                rc = self._cdll.mseq_params_set_template(handle, template._handle)
                if rc:
                    raise _capi.error(self._cdll, rc)
            try:
                # Without masks and boxes this is mseq_generate_batch.
                rc = self._batch_annotated_fn(
                    images,
                    images.nbytes,
                    masks,
                    0 if masks is None else masks.size,
                    ink_boxes,
                    0 if ink_boxes is None else ink_boxes.size,
                    placements,
                    placements.size,
                    lengths,
                    scales,
                    ds,
                    handle,
                    d,
                    0 if d is None else len(d),
                    first,
                    count,
                )
            finally:
                if template is not None:
                    self._cdll.mseq_params_set_template(handle, None)
        if rc:
            raise generation_error(self._cdll, rc)
        return Batch(
            images,
            batch_labels(placements, lengths, d is not None),
            lengths,
            placements,
            scales,
            seed_value,
            first,
            masks,
            ink_boxes,
        )

    def stream(
        self,
        batch_size: int,
        digits: Optional[DigitsLike],
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        count: Optional[int] = None,
        seed: Optional[int] = None,
        first_index: int = 0,
        prefetch: bool = True,
        **options: Any,
    ) -> BatchStream:
        """An iterable of :class:`Batch` objects for streaming training:
        batches of ``batch_size`` consecutive sample indexes from
        ``first_index``, ``count`` samples in all (None: without end). With
        ``prefetch`` the next batch is generated in a background thread
        while the current one is used. Iterating again yields the same
        batches (a None seed is drawn once, here).

        The other arguments are those of :meth:`generate_batch`; they are
        checked here.
        """
        self.require_open()
        found = self._resolve_batch("stream", params, spacing_range, image_width, options)[0]
        return BatchStream(
            self,
            batch_size,
            digits,
            found,
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
        spacing_range: Optional[Tuple[int, int]] = None,
        image_width: Optional[int] = None,
        *,
        params: Optional[Params] = None,
        format: str = "png",
        seed: int = 0,
        force: bool = False,
        progress: Optional[ProgressCallback] = None,
        template: Optional[Template] = None,
        **options: Any,
    ) -> DatasetInfo:
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
                sequences (as in :meth:`generate_batch`).
            spacing_range, image_width, params: as in :meth:`generate`.
            seed: the dataset's seed (default 0, as the CLI).
            format: "png", "npy" or "tar".
            force: replace another job's dataset in the directory (only the
                files a dataset writer makes are removed).
            progress: ``progress(done, total)`` called as images are
                written; a true return value or an exception stops the job
                (resumable), raising CanceledError or that exception.
            template: a :class:`Template` whose texts the images hold
                (``digits`` None): labels.csv's ``text`` (JSON ``"text"``)
                holds each text, a last ``digits`` column (field) its
                digits; ``unique`` means no text twice.
            **options: every other field of :class:`Params`: ``dtype``
                (default uint8: the NPY array type; PNG and tar images are
                always 8-bit), ``shard_size``, ``png_level``,
                ``png_recipe`` (each PNG carries its recipe), ``masks``
                (instance masks and ink boxes beside the images), ``threads``
                (default all cores; never changes the bytes), ...

        Returns:
            A :class:`DatasetInfo` (directory, count, format, shards and the
            parsed manifest).
        """
        self.require_open()
        found = _params.resolve(
            "generate_dataset", params, spacing_range, image_width, options,
            _params.DATASET_FIELDS,
        )
        spec = DatasetSpec.make(
            directory, count, digits, params=found, format=format, seed=seed,
            template=template,
        )
        return write_dataset(self, spec, force=force, progress=progress)

    def random_sequence(
        self,
        index: int,
        *,
        seed: int,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: Optional[bool] = None,
        unique: Optional[bool] = None,
        unique_permutation: Optional[str] = None,
    ) -> str:
        """The random digit sequence that :meth:`generate_batch` draws for
        sample ``index`` when given ``digits=None`` and the same seed and
        options, as a string (None: the library's default of an option)."""
        self.require_open()
        index_value = _checks.uint64("index", index)
        seed_value = _checks.seed(seed)
        lo, hi = _params.length_range(length_range)
        leading = int(_params.flag_field("no_leading_zero", no_leading_zero))
        key: Tuple[Any, ...] = (0, 0, 1, 0, 0, 0, 0, lo, hi)
        key += (leading, int(_params.flag_field("unique", unique)), 1)
        key += _params.permutation_values(unique_permutation)
        if key[10]:
            _indexes.unique_span((lo, hi), leading, index_value, f"index={index_value}")
        buf = np.zeros(max(hi, 1), np.intc)
        length = ctypes.c_size_t()
        with self._dataset:  # keeps the params handles alive
            handle = self._cached_params(key, seed_value)
            rc = self._cdll.mseq_random_sequence(
                buf, buf.size, ctypes.byref(length), handle, index_value
            )
        if rc:
            raise _capi.error(self._cdll, rc)
        return "".join(str(v) for v in buf[: length.value].tolist())
