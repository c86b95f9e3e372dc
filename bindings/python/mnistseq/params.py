"""The generation parameters: :class:`Params`, one frozen value taken by
every generating call, and the keyword arguments those calls also accept.

Bounds and defaults are the library's parameter table (``mnistseq._table``);
the defaults written here are the Python API's own: ``spacing_range``
(0, 0), and ``dtype``/``threads`` left to the call (None). The augmentation
fields are the table's floating-point rows: each is checked by the library
itself (``mseq_params_set_f64``), its message worded with the field's name.
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
import os
import sys
from typing import Any, Collection, Dict, List, Mapping, Optional, Tuple

import numpy as np

from . import _table
from ._checks import bounded, choice, flag, invalid, min_max
from ._source import PICTURES
from ._words import param_error
from .errors import MnistSeqError

__all__ = ["Params"]

#: numpy dtype of each value name of the table's ``format`` choices.
_NUMPY_TYPES = {"f32": np.float32, "u8": np.uint8}


def _augmentation() -> Any:
    """The declaration of an augmentation field: a floating-point row of the
    table (``MSEQ_TYPE_F64``) of the same name. None is the table's default,
    filled in when the object is made. Left out of the hash (equality still
    compares it), so that hashing a Params, which every call given
    ``params=`` does, costs what it did before augmentation existed."""
    return dataclasses.field(default=None, hash=False, metadata={"f64": True})


def _choice() -> Any:
    """The declaration of a choice added after 1.0: an ENUM row of the
    table, given by value name (``preset="medium"``, ``writer="same"``).
    None is the table's default; left out of the hash as the numbers are."""
    return dataclasses.field(default=None, hash=False, metadata={"choice": True})


@dataclasses.dataclass(frozen=True)
class Params:
    """How images are made: everything but the digits, the seed and the
    sample indexes. Frozen and hashable: make it once, pass it to
    :meth:`~mnistseq.Generator.generate`, ``generate_batch``, ``stream``,
    ``generate_dataset``, :class:`mnistseq.torch.SequenceDataset` and
    :func:`mnistseq.dask.write_dataset` (``params=``). Those calls also take
    each field as a keyword argument, which replaces the field's value.

    Every field is checked when the object is made (the message names the
    field); None means the library's default, filled in then, except for
    ``dtype`` and ``threads``, where None leaves the choice to the call.

    Attributes:
        image_width: image width in pixels (required).
        spacing_range: (min, max) gap between digits in pixels, each gap
            drawn uniformly from the inclusive range; default (0, 0).
        fit: ``"pad"`` (pad a narrower strip, scale a wider one down),
            ``"strict"`` (error if wider) or ``"exact"`` (gaps chosen so that
            the strip is exactly the width; error if impossible).
        align: where a padded strip sits: ``"center"``, ``"left"``,
            ``"right"`` or ``"random"``.
        invert: False: black digits on white; True: white on black.
        dtype: ``"float32"`` (0.0-1.0) or ``"uint8"`` (0-255), or None:
            float32 images, uint8 dataset arrays.
        length_range: random sequences only: (min, max) length, inclusive;
            None: the library's default lengths.
        no_leading_zero: random sequences only: the first digit of a
            sequence longer than one is never 0.
        unique: random sequences only: no sequence repeats among the
            indexes below the number of possible sequences.
        unique_permutation: with ``unique``, the order of the sequences:
            ``"uniform"`` (default: every order equally likely up to 2**16
            sequences, a 24-round Feistel network above) or
            ``"feistel_1_0"`` (1.0's order, measurably non-uniform for few
            sequences; a dataset folder begun by 1.0 resumes with it by
            itself).
        threads: worker threads (0: all cores), or None: all cores for
            batches, one per task for ``mnistseq.torch`` and
            ``mnistseq.dask``; never changes the pixels.
        shard_size: dataset writer: images per shard (the unit of
            resumption).
        png_level: dataset writer: -1 (fast run-length encoding) or a zlib
            level 0-9.
        png_recipe: dataset writer, png and tar: every PNG carries its
            recipe in text chunks (``mnistseq-cli generate --like FILE``
            makes it again; ``mnistseq-cli info FILE`` shows it).
        height: image height in pixels, 0-1024; 0 or None: the glyph
            height (28 for MNIST). Taller pads the strip (centred
            vertically), shorter shrinks it (``fit="pad"`` only).
        margin_x: columns of background kept free left and right.
        margin_y: rows of background kept free above and below.
            The strip is fitted into the image inside its margins;
            :meth:`~mnistseq.Generator.image_shape` gives the shape.
        masks: dataset writer: each image's instance mask beside it (png:
            ``NNNNNNNNN.mask.png``, 8-bit grey up to 255 digits an image,
            else 16-bit; tar: the same member after the image's; npy:
            ``masks.npy``, uint16 (count, height, width)) and each digit's
            tight ink box in the labels (``ink_boxes``, last).
        writer: ``"any"`` (default: each digit drawn from its whole class)
            or ``"same"``: every digit of an image from one writer, drawn
            uniformly among those who wrote every digit it needs; needs
            QMNIST's extended labels (``Generator(writers=...)`` or the
            file in the data folder). Dataset labels then end with the
            writer (``writer``), as :meth:`~mnistseq.Generator.glyph_writer`
            gives it.
        style: ``"any"`` (default) or ``"consistent"``: every digit of an
            image from one of 20 style clusters (slant and stroke width,
            computed from the glyphs), for data without writers. Not with
            ``writer="same"``.

    Augmentation, per digit (floats; each the half-width v of a uniform law
    that every digit draws its own value from; 0, the default, is off and
    gives the images of earlier versions bit for bit). A digit is
    transformed inside its own glyph cell, so ``placements`` do not move;
    :meth:`~mnistseq.Generator.generate_annotated` gives each digit's ink
    box and mask.

    Attributes:
        rotate: degrees, 0-180: each digit turns by an angle in [-v, v].
        shear: degrees, 0-60: each digit slants by an angle in [-v, v].
        digit_scale: 0-0.9: each digit's size is multiplied by a factor in
            [1 - v, 1 + v].
        aspect: 0-0.9: each digit's width is then multiplied by a factor
            in [1 - v, 1 + v].
        shift_y: pixels, 0-1024 (the glyph side limit): each digit moves
            down by an offset in [-v, v].
        thickness: pixels, 0-4: each digit's strokes grow (or thin) by up
            to v pixels.
        elastic_alpha: pixels, 0-100: elastic distortion (Simard et al.
            2003) of that strength; 0 (default) off; 34 is MNIST's usual.
        elastic_sigma: pixels, 1-16 (default 4): the smoothness of the
            elastic field.
        preset: ``"none"`` (default), ``"light"``, ``"medium"`` or
            ``"heavy"``: ranges for every module left at 0 (the library's
            ``mseq_preset`` table), whole-image modules included; a module
            given a value keeps it.
        strength: 0-1 (default 1): multiplies every range above and
            below, the preset's included.

    The baseline along the sequence (floats; each image draws its own
    slope and wave, and every digit moves down, whole, by the baseline's
    height at its cell's centre, as trdg's sine distortion bends a line of
    text; ink moved beyond the cell's rows is cut off, as with
    ``shift_y``; no preset sets them; 0, the default, is off).

    Attributes:
        baseline_slope: degrees, 0-45: the line of digits turns about its
            middle by an angle uniform over [-v, v], positive rising to
            the right.
        wave_amplitude: pixels, 0-1024: a sine wave of an amplitude
            uniform over [0, v] and a phase uniform over [0, 360) degrees.
        wave_period: pixels, 8-65536 (default 160): the wave's length.

    Augmentation of the whole image (after the digits are drawn, in this
    order: levels and background, contrast and brightness, gamma, blur,
    noise, salt and pepper, then ``invert``; values on the 0-1 scale; each
    image draws its own value; 0, the default, is off). The labels of
    ``generate_annotated`` describe the digits' ink and do not change.

    Attributes:
        noise_std: 0-1: Gaussian noise of a standard deviation uniform over
            [0, v] (albumentations' ``GaussNoise(std_range=(0, v))``).
        salt_pepper: 0-1: a fraction uniform over [0, v] of the pixels
            set to black or white (half each).
        blur_sigma: pixels, 0-8: Gaussian blur of a sigma uniform over
            [0, v] (torchvision's ``GaussianBlur(sigma=(0, v))``).
        contrast: 0-1: the distance to mid-grey times a factor in
            [1 - v, 1 + v].
        brightness: 0-1: an offset in [-v, v] added to every pixel.
        gamma: 0-0.9: each pixel p becomes p ** g, g in [1 - v, 1 + v].
        ink_level: 0-1: the ink's grey, uniform over [0, v] (0 black).
        paper_level: 0-1: the paper's grey, uniform over [1 - v, 1].
        background: the paper's pattern: ``"flat"`` (default),
            ``"gradient"``, ``"texture"`` or ``"image"`` (the pictures of
            ``background_images``).
        background_images: paths of PNG files (a path, or a sequence of
            them), read when a call first uses them: with
            ``background="image"`` each image draws one and a window of it
            at random (cropped, or tiled where smaller), its grey darkening
            the paper up to ``background_strength``.
        background_strength: 0-1: the pattern darkens the paper by up to a
            depth uniform over [0, v].
        texture_scale: pixels, 1-64 (default 8): the size of the texture's
            blotches.
    """

    image_width: int
    spacing_range: Tuple[int, int] = (0, 0)
    fit: Optional[str] = None
    align: Optional[str] = None
    invert: Optional[bool] = None
    dtype: Any = None
    length_range: Optional[Tuple[int, int]] = None
    no_leading_zero: Optional[bool] = None
    unique: Optional[bool] = None
    unique_permutation: Optional[str] = None
    threads: Optional[int] = None
    shard_size: Optional[int] = None
    png_level: Optional[int] = None
    png_recipe: Optional[bool] = None
    height: Optional[int] = None
    margin_x: Optional[int] = None
    margin_y: Optional[int] = None
    masks: Optional[bool] = None
    writer: Optional[str] = _choice()
    style: Optional[str] = _choice()
    rotate: Optional[float] = _augmentation()
    shear: Optional[float] = _augmentation()
    digit_scale: Optional[float] = _augmentation()
    aspect: Optional[float] = _augmentation()
    shift_y: Optional[float] = _augmentation()
    thickness: Optional[float] = _augmentation()
    elastic_alpha: Optional[float] = _augmentation()
    elastic_sigma: Optional[float] = _augmentation()
    preset: Optional[str] = _choice()
    strength: Optional[float] = _augmentation()
    baseline_slope: Optional[float] = _augmentation()
    wave_amplitude: Optional[float] = _augmentation()
    wave_period: Optional[float] = _augmentation()
    noise_std: Optional[float] = _augmentation()
    salt_pepper: Optional[float] = _augmentation()
    blur_sigma: Optional[float] = _augmentation()
    contrast: Optional[float] = _augmentation()
    brightness: Optional[float] = _augmentation()
    gamma: Optional[float] = _augmentation()
    ink_level: Optional[float] = _augmentation()
    paper_level: Optional[float] = _augmentation()
    background: Optional[str] = _choice()
    background_strength: Optional[float] = _augmentation()
    texture_scale: Optional[float] = _augmentation()
    background_images: Tuple[str, ...] = dataclasses.field(default=(), hash=False)

    def __post_init__(self) -> None:
        """Checks every field and stores it normalised (ints, bools, names)."""
        put = object.__setattr__
        put(self, "image_width", image_width(self.image_width))
        put(self, "spacing_range", spacing_range(self.spacing_range))
        put(self, "fit", _name("fit", self.fit))
        put(self, "align", _name("align", self.align))
        put(self, "invert", flag_field("invert", self.invert))
        if self.dtype is not None:
            put(self, "dtype", dtype_name(self.dtype))
        if self.length_range is not None:
            put(self, "length_range", length_range(self.length_range))
        put(self, "no_leading_zero", flag_field("no_leading_zero", self.no_leading_zero))
        put(self, "unique", flag_field("unique", self.unique))
        put(self, "unique_permutation", _name("unique_permutation", self.unique_permutation))
        if self.threads is not None:
            put(self, "threads", _int("threads", self.threads))
        put(self, "shard_size", _int("shard_size", self.shard_size))
        put(self, "png_level", _int("png_level", self.png_level))
        put(self, "png_recipe", flag_field("png_recipe", self.png_recipe))
        for name in GEOMETRY_FIELDS:
            put(self, name, _int(name, getattr(self, name)))
        put(self, "masks", flag_field("masks", self.masks))
        for name in AUGMENTATION_FIELDS:
            put(self, name, f64_field(name, getattr(self, name)))
        for name in CHOICE_FIELDS:
            put(self, name, _name(name, getattr(self, name)))
        put(self, "background_images", picture_paths(self.background_images))

    @property
    def random_options(self) -> bool:
        """True when an option of random sequences is set (they are refused
        with fixed digits)."""
        return (
            self.length_range is not None
            or bool(self.no_leading_zero)
            or bool(self.unique)
        )

    @property
    def lengths(self) -> Tuple[int, int]:
        """``length_range``, or the library's default lengths."""
        if self.length_range is not None:
            return self.length_range
        return default_lengths()


#: The output geometry fields: each the INT row of the library's table of
#: the same name.
GEOMETRY_FIELDS = ("height", "margin_x", "margin_y")

#: The names of the fields of :class:`Params`.
FIELDS = frozenset(f.name for f in dataclasses.fields(Params))
#: The augmentation fields, in declaration order: each is the floating-point
#: row (``MSEQ_TYPE_F64``) of the library's table of the same name.
AUGMENTATION_FIELDS = tuple(
    f.name for f in dataclasses.fields(Params) if f.metadata.get("f64")
)
#: The choices added after 1.0: ENUM rows of the table, given by value name.
CHOICE_FIELDS = tuple(
    f.name for f in dataclasses.fields(Params) if f.metadata.get("choice")
)


# --------------------------------------------------------------------------
# One field, checked against the library's table
# --------------------------------------------------------------------------
def _int(name: str, value: Any, key: Optional[str] = None) -> int:
    """An INT field: the table's default when None, else checked against
    the row's bounds."""
    row = _table.row(key or name)
    return row.default if value is None else bounded(name, value, row.min, row.max)


def flag_field(name: str, value: Any) -> bool:
    """A BOOL field: the table's default when None, else checked."""
    if value is None:
        return bool(_table.row(name).default)
    return bool(flag(name, value))


def _name(name: str, value: Any) -> str:
    """An ENUM field as its value name: the default when None."""
    row = _table.row(name)
    if value is None:
        return row.choices[row.default]
    choice(name, value, row.names())
    return str(value)


def picture_paths(value: Any) -> Tuple[str, ...]:
    """``background_images`` as a tuple of str paths: one path (str or
    os.PathLike) or a sequence of them."""
    if isinstance(value, (str, os.PathLike)):
        value = (value,)
    try:
        paths = tuple(os.fspath(v) for v in value)
    except TypeError:
        raise TypeError(
            f"background_images must be a path or a sequence of paths, not {value!r}"
        ) from None
    for path in paths:
        if not isinstance(path, str):
            raise TypeError(f"background_images: {path!r} is not a str path")
    return paths


def f64_field(name: str, value: Any) -> float:
    """An F64 field: the table's default when None, else a real number
    (int, float or numpy scalar; not a bool) that the library accepts for
    the key, as a float (-0.0 made 0.0). The library checks the value
    (``mseq_params_set_f64``: finite, within the bounds); its refusal is
    raised in the field's words (``rotate=200.0: must be 0..180``)."""
    row = _table.row(name)
    if value is None:
        return row.default_f64
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value) + 0.0  # -0.0 + 0.0 is 0.0
    except OverflowError:  # an int beyond any double: beyond every bound too
        number = sys.float_info.max if int(value) > 0 else -sys.float_info.max
    if number != row.default_f64:
        try:
            _table.check_f64(row, number)
        except MnistSeqError as err:
            raise param_error(err, name, value) from None
    return number


@functools.lru_cache(maxsize=None)
def choices(name: str) -> Mapping[str, int]:
    """The value names of the ENUM parameter ``name`` with their C values."""
    return _table.row(name).names()


def image_width(value: Any) -> int:
    """The image width: the bounds of the table's ``width``."""
    return _int("image_width", value, "width")


def spacing_range(value: Any) -> Tuple[int, int]:
    """The (min, max) gap between digits, min <= max, within the bounds of
    ``min_spacing`` and ``max_spacing``."""
    lo = _table.row("min_spacing").min
    hi = _table.row("max_spacing").max
    return min_max("spacing_range", value, lo, hi)


def length_range(value: Any) -> Tuple[int, int]:
    """The (min, max) length of random sequences, min <= max, within the
    bounds of ``min_length`` and ``max_length``; None: the defaults."""
    if value is None:
        return default_lengths()
    lo = _table.row("min_length").min
    hi = _table.row("max_length").max
    return min_max("length_range", value, lo, hi)


def default_lengths() -> Tuple[int, int]:
    """The library's default (min, max) length of random sequences."""
    return (_table.row("min_length").default, _table.row("max_length").default)


def threads(value: Any) -> int:
    """A thread count within the bounds of ``threads``."""
    return _int("threads", value)


@functools.lru_cache(maxsize=None)
def _formats() -> Dict[Any, int]:
    """Every accepted spelling of a dtype, with its mseq_format."""
    found: Dict[Any, int] = {}
    for name, value in choices("format").items():
        kind = _NUMPY_TYPES[name]
        dtype = np.dtype(kind)
        found.update({kind: value, dtype: value, dtype.name: value})
    return found


@functools.lru_cache(maxsize=None)
def format_dtypes() -> Mapping[int, np.dtype]:
    """The numpy dtype of each mseq_format."""
    return {v: np.dtype(_NUMPY_TYPES[k]) for k, v in choices("format").items()}


def dtype_format(dtype: Any) -> int:
    """The mseq_format of a numpy dtype (float32 or uint8)."""
    formats = _formats()
    try:
        found = formats.get(dtype)
    except TypeError:  # unhashable
        found = None
    if found is None:
        try:
            found = formats.get(np.dtype(dtype))
        except TypeError:
            found = None
    if found is None:
        names = " or ".join(f"numpy.{np.dtype(k).name}" for k in _NUMPY_TYPES.values())
        raise invalid(f"dtype={dtype!r}: must be {names}")
    return found


def dtype_name(dtype: Any) -> str:
    """The name of a checked dtype ("float32", "uint8")."""
    return format_dtypes()[dtype_format(dtype)].name


# --------------------------------------------------------------------------
# The C values
# --------------------------------------------------------------------------
def image_values(params: Params, dtype: Any = None) -> Tuple[int, ...]:
    """The C values of one image's parameters, in the order of
    ``_source.KEY_PARAMS``' first seven keys: spacing, width, fit, align,
    invert, format. ``dtype`` replaces None in ``params.dtype`` (default:
    float32)."""
    lo, hi = params.spacing_range
    chosen = params.dtype if params.dtype is not None else dtype
    fmt = dtype_format(chosen if chosen is not None else np.float32)
    return (
        lo,
        hi,
        params.image_width,
        choices("fit")[str(params.fit)],
        choices("align")[str(params.align)],
        int(bool(params.invert)),
        fmt,
    )


def batch_values(
    params: Params, dtype: Any = None, threads: Optional[int] = None
) -> Tuple[Any, ...]:
    """:func:`image_values` followed by the random-sequence options and the
    thread count (``params.threads``, else ``threads``, else the table's
    default): the values of every key of ``_source.KEY_PARAMS``; then
    :func:`augmentation_values` and :func:`permutation_values`."""
    lo, hi = params.lengths
    count = params.threads if params.threads is not None else threads
    return image_values(params, dtype) + (
        lo,
        hi,
        int(bool(params.no_leading_zero)),
        int(bool(params.unique)),
        _int("threads", count),
    ) + augmentation_values(params) + permutation_values(params.unique_permutation)


def permutation_values(name: Optional[str]) -> Tuple[Tuple[int, float], ...]:
    """(key, value) of ``unique_permutation`` (a value name, None: the
    default) when it is not the table's default: nothing otherwise, so that
    the cache keys of calls without it are those of earlier versions."""
    row = _table.row("unique_permutation")
    number = choices("unique_permutation")[_name("unique_permutation", name)]
    return () if number == row.default else ((row.key, float(number)),)


def single_values(params: Params) -> Tuple[Any, ...]:
    """The values of every key for single images: the batch values with the
    default random-sequence options and one thread (so that every single
    image call with the same look shares one params handle)."""
    lo, hi = default_lengths()
    return image_values(params) + (lo, hi, 0, 0, 1) + augmentation_values(params)


def augmentation_values(params: Params) -> Tuple[Tuple[Any, Any], ...]:
    """(key, value) of each geometry and augmentation field that differs
    from the table's default, in field order: nothing when both are off, so
    that the cache keys (and the params handles) of calls without them are
    those of earlier versions. (Geometry keys are integers and a choice is
    its C value, which ``mseq_params_set_f64`` takes as integral doubles.)
    The pictures, when set, are a last pair (``_source.PICTURES``, paths)."""
    found: List[Tuple[Any, Any]] = []
    for name in GEOMETRY_FIELDS:
        row = _table.row(name)
        value = getattr(params, name)
        if value != row.default:
            found.append((row.key, float(value)))
    for name in AUGMENTATION_FIELDS:
        row = _table.row(name)
        value = getattr(params, name)
        if value != row.default_f64:
            found.append((row.key, value))
    for name in CHOICE_FIELDS:
        row = _table.row(name)
        number = choices(name)[getattr(params, name)]
        if number != row.default:
            found.append((row.key, float(number)))
    if params.background_images:
        found.append((PICTURES, params.background_images))
    return tuple(found)


# --------------------------------------------------------------------------
# Keyword arguments
# --------------------------------------------------------------------------
#: The fields a call on one image takes as keyword arguments.
IMAGE_FIELDS = frozenset(
    {"fit", "align", "invert", "dtype", *GEOMETRY_FIELDS, *AUGMENTATION_FIELDS,
     *CHOICE_FIELDS, "background_images"}
)
#: The fields of random sequences.
RANDOM_FIELDS = frozenset(
    {"length_range", "no_leading_zero", "unique", "unique_permutation"}
)
#: The fields a batch call takes as keyword arguments.
BATCH_FIELDS = IMAGE_FIELDS | RANDOM_FIELDS | {"threads"}
#: The fields a dataset call takes as keyword arguments.
DATASET_FIELDS = BATCH_FIELDS | {"shard_size", "png_level", "png_recipe", "masks"}


def resolve(
    caller: str,
    params: Optional[Params],
    spacing: Any,
    width: Any,
    options: Mapping[str, Any],
    accepted: Collection[str],
) -> Params:
    """The :class:`Params` of a call: ``params`` (or the defaults) with the
    call's ``spacing_range``, ``image_width`` (unless None) and keyword
    ``options`` replacing its fields. Raises TypeError, as Python does, for
    a keyword that ``caller`` does not take, and when no image width is
    given."""
    for name in options:
        if name not in accepted:
            raise TypeError(f"{caller}() got an unexpected keyword argument {name!r}")
    given = dict(options)
    if spacing is not None:
        given["spacing_range"] = spacing
    if width is not None:
        given["image_width"] = width
    if params is None:
        if "image_width" not in given:
            raise TypeError(f"{caller}() missing required argument: 'image_width'")
        return Params(**given)
    if not isinstance(params, Params):
        raise TypeError(f"params must be a mnistseq.Params, not {type(params).__name__}")
    return dataclasses.replace(params, **given) if given else params


#: Types whose values are equal only to values of the same meaning (with
#: the type in the key: True == 1, but a flag is not a count).
_EXACT_TYPES = frozenset({str, bool, int, float, type(None), type})


def call_key(
    caller: str,
    params: Optional[Params],
    spacing: Any,
    width: Any,
    options: Mapping[str, Any],
) -> Optional[Tuple[Any, ...]]:
    """A key under which the result of :func:`resolve` for these arguments
    may be cached, or None when an argument is not of an exact plain type
    (a numpy integer, a list: such calls are resolved every time)."""
    if params is None and not options:  # the usual call, keyed in short
        if (
            type(spacing) is tuple
            and len(spacing) == 2
            and type(spacing[0]) is int
            and type(spacing[1]) is int
            and type(width) is int
        ):
            return (caller, spacing, width)
    if spacing is not None and not (
        type(spacing) is tuple
        and len(spacing) == 2
        and type(spacing[0]) is int
        and type(spacing[1]) is int
    ):
        return None
    if width is not None and type(width) is not int:
        return None
    if params is not None and type(params) is not Params:
        return None
    items = []
    for name, value in options.items():
        kind = type(value)
        if kind is tuple:
            if not all(type(v) is int for v in value):
                return None
        elif kind not in _EXACT_TYPES:
            return None
        items.append((name, kind, value))
    return (caller, params, spacing, width, tuple(items))


def check_random_only(params: Params) -> None:
    """Raises :class:`InvalidArgumentError` when an option of random
    sequences is set: for callers that were given fixed digits."""
    if params.random_options:
        raise invalid(
            "length_range, no_leading_zero and unique apply to random "
            "sequences (digits=None) only"
        )
