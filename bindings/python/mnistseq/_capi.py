"""ctypes declarations of the C API in ``mnistseq/mnistseq.h``.

Every function of the header is declared here with its argument and result
types (a test checks the list against the header). Buffers are passed as
numpy arrays through ``numpy.ctypeslib.ndpointer`` types checked for dtype
and ``C_CONTIGUOUS``: numpy allocates, C fills the memory in place.
"""

from __future__ import annotations

import ctypes
from ctypes import (
    POINTER,
    c_char_p,
    c_double,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import Any, Dict, List, Optional, Tuple, Type

import numpy as np
from numpy.ctypeslib import ndpointer

from .errors import LibraryError, MnistSeqError, error_class

# --------------------------------------------------------------------------
# Constants mirrored from the header (checked against it by a test)
# --------------------------------------------------------------------------
MAX_WIDTH = 65536
MAX_DIGITS = 1024
MAX_SPACING = 65536
MAX_GLYPH_SIDE = 1024
MAX_BATCH = 16777216
MAX_THREADS = 1024
MAX_GLYPHS = 16777216
MAX_DATA_MEMORY = 4294967296
MAX_BACKGROUND_IMAGES = 1024
MAX_BACKGROUND_PIXELS = 67108864

SPLIT_TRAIN = 0
SPLIT_TEST = 1

PARAM_MIN_SPACING = 1
PARAM_MAX_SPACING = 2
PARAM_WIDTH = 3
PARAM_FIT = 4
PARAM_ALIGN = 5
PARAM_INVERT = 6
PARAM_SEED = 7
PARAM_FORMAT = 8
PARAM_MIN_LENGTH = 9
PARAM_MAX_LENGTH = 10
PARAM_NO_LEADING_ZERO = 11
PARAM_UNIQUE = 12
PARAM_THREADS = 13
PARAM_SHARD_SIZE = 14
PARAM_PNG_LEVEL = 15
PARAM_HEIGHT = 100
PARAM_MARGIN_X = 101
PARAM_MARGIN_Y = 102
PARAM_WRITER = 103
PARAM_UNIQUE_PERMUTATION = 104
PARAM_STYLE = 105
PARAM_ROTATE = 200
PARAM_SHEAR = 201
PARAM_DIGIT_SCALE = 202
PARAM_ASPECT = 203
PARAM_SHIFT_Y = 204
PARAM_THICKNESS = 205
PARAM_ELASTIC_ALPHA = 206
PARAM_ELASTIC_SIGMA = 207
PARAM_PRESET = 210
PARAM_STRENGTH = 211
PARAM_BASELINE_SLOPE = 212
PARAM_WAVE_AMPLITUDE = 213
PARAM_WAVE_PERIOD = 214
PARAM_NOISE_STD = 220
PARAM_SALT_PEPPER = 221
PARAM_BLUR_SIGMA = 222
PARAM_CONTRAST = 223
PARAM_BRIGHTNESS = 224
PARAM_GAMMA = 225
PARAM_INK_LEVEL = 226
PARAM_PAPER_LEVEL = 227
PARAM_BACKGROUND = 228
PARAM_BACKGROUND_STRENGTH = 229
PARAM_TEXTURE_SCALE = 230

PRESET_NONE = 0
PRESET_LIGHT = 1
PRESET_MEDIUM = 2
PRESET_HEAVY = 3

BACKGROUND_FLAT = 0
BACKGROUND_GRADIENT = 1
BACKGROUND_TEXTURE = 2
BACKGROUND_IMAGE = 3

WRITER_ANY = 0
WRITER_SAME = 1

PERMUTATION_UNIFORM = 0
PERMUTATION_FEISTEL_1_0 = 1

STYLE_ANY = 0
STYLE_CONSISTENT = 1
PARAM_PNG_RECIPE = 300
PARAM_MASKS = 301

FIT_PAD = 0
FIT_EXACT = 1
FIT_STRICT = 2

ALIGN_CENTER = 0
ALIGN_LEFT = 1
ALIGN_RIGHT = 2
ALIGN_RANDOM = 3

FORMAT_F32 = 0
FORMAT_U8 = 1

TYPE_INT = 0
TYPE_BOOL = 1
TYPE_ENUM = 2
TYPE_F64 = 3

GROUP_GENERATION = 100
GROUP_AUGMENTATION = 200
GROUP_OUTPUT = 300
GROUP_THREADS = 400
GROUP_EXPERIMENTAL = 1000

MAX_DATASET = 999999999
MAX_SHARDS = 1000000

OUTPUT_PNG = 0
OUTPUT_NPY = 1
OUTPUT_TAR = 2

WRITE_FORCE = 1

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
UINT64_MAX = 2**64 - 1
INT_MIN = -(2 ** (8 * ctypes.sizeof(c_int) - 1))
INT_MAX = 2 ** (8 * ctypes.sizeof(c_int) - 1) - 1

# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------


class _Dataset(ctypes.Structure):
    """Opaque ``mseq_dataset``."""


class _Params(ctypes.Structure):
    """Opaque ``mseq_params``."""


class _Writer(ctypes.Structure):
    """Opaque ``mseq_writer``."""


class _Template(ctypes.Structure):
    pass


DatasetP = POINTER(_Dataset)
TemplateP = POINTER(_Template)
ParamsP = POINTER(_Params)
WriterP = POINTER(_Writer)

#: ``mseq_progress_fn``: int (*)(uint64_t done, uint64_t total, void *user).
ProgressFn = ctypes.CFUNCTYPE(c_int, c_uint64, c_uint64, ctypes.c_void_p)
#: A NULL ``mseq_progress_fn`` (ctypes does not take None for one).
NO_PROGRESS = ProgressFn()  # type: ignore[call-overload]
#: ``mseq_problem_fn``: int (*)(const char *problem, void *user).
ProblemFn = ctypes.CFUNCTYPE(c_int, c_char_p, ctypes.c_void_p)


class Placement(ctypes.Structure):
    """``mseq_placement``: where one digit went in a generated image."""

    _fields_ = [
        ("x_begin", c_int32),
        ("x_end", c_int32),
        ("y_begin", c_int32),
        ("y_end", c_int32),
        ("source_index", c_int32),
        ("label", c_int32),
    ]


#: numpy dtype with the layout of ``mseq_placement`` (six int32 fields).
PLACEMENT_DTYPE = np.dtype(
    [(name, np.int32) for name, _ in Placement._fields_], align=True
)
assert PLACEMENT_DTYPE.itemsize == ctypes.sizeof(Placement)


class InkBox(ctypes.Structure):
    """``mseq_ink_box``: the tight box of one digit's ink."""

    _fields_ = [
        ("x_begin", c_int32),
        ("x_end", c_int32),
        ("y_begin", c_int32),
        ("y_end", c_int32),
    ]


#: numpy dtype with the layout of ``mseq_ink_box`` (four int32 fields).
INK_BOX_DTYPE = np.dtype([(name, np.int32) for name, _ in InkBox._fields_], align=True)
assert INK_BOX_DTYPE.itemsize == ctypes.sizeof(InkBox)


def _array_arg(
    dtype: Optional[Any], *, writeable: bool = True, nullable: bool = False
) -> Type[Any]:
    """An ``ndpointer`` type checking dtype and C-contiguity (and
    writeability for outputs), optionally accepting None for NULL.

    Its ``from_param`` passes the array's memory as a pointer without a copy;
    it is a faster equivalent of ``ndpointer.from_param`` (which builds an
    ``ndarray.ctypes`` object on every call)."""
    flags: Any = ["C_CONTIGUOUS"] + (["WRITEABLE"] if writeable else [])
    base: Type[Any] = ndpointer(dtype=dtype, flags=flags)
    want_dtype = base._dtype_
    want_flags = base._flags_
    from_buffer = ctypes.c_ubyte.from_buffer
    byref = ctypes.byref

    def from_param(cls: Any, obj: Any) -> Any:
        if obj is None:
            if nullable:
                return None
            raise TypeError("argument must be an ndarray, not None")
        if not isinstance(obj, np.ndarray):
            raise TypeError("argument must be an ndarray")
        if want_dtype is not None:
            got = obj.dtype
            if got is not want_dtype and got != want_dtype:
                raise TypeError(f"array must have data type {want_dtype}")
        if (obj.flags.num & want_flags) != want_flags:
            raise TypeError(f"array must have flags {flags}")
        if obj.size and obj.flags.writeable:
            return byref(from_buffer(obj))  # type: ignore[arg-type]
        # ctypes cannot share an empty or read-only buffer; numpy's pointer
        # is valid (never NULL) for both.
        return ctypes.c_void_p(obj.ctypes.data)

    name = f"{base.__name__}{'_or_None' if nullable else ''}"
    return type(name, (base,), {"from_param": classmethod(from_param)})


VoidOut = _array_arg(None)
PlacementsOut = _array_arg(PLACEMENT_DTYPE, nullable=True)
FloatsOut = _array_arg(np.float32, nullable=True)
InkBoxesOut = _array_arg(INK_BOX_DTYPE, nullable=True)
Uint16Out = _array_arg(np.uint16, nullable=True)
Uint32Out = _array_arg(np.uint32, nullable=True)
IntsIn = _array_arg(np.intc, writeable=False)
IntsInOrNull = _array_arg(np.intc, writeable=False, nullable=True)
IntsOut = _array_arg(np.intc)
BytesIn = _array_arg(np.uint8, writeable=False)

# --------------------------------------------------------------------------
# Functions: name -> (restype, argtypes), in header order
# --------------------------------------------------------------------------
# The arguments describing a dataset job, shared by mseq_writer_new and
# mseq_write_dataset: dir, source data, params, digits, ndigits, count, output.
_JOB_ARGS: List[Any] = [
    c_char_p,
    DatasetP,
    ParamsP,
    IntsInOrNull,
    c_size_t,
    c_uint64,
    c_int,
]

#: ``MSEQ_PARAM_DESC_VERSION``: the ``mseq_param_desc`` layout below.
PARAM_DESC_VERSION = 1


class PngText(ctypes.Structure):
    """``mseq_png_text``: one PNG text chunk, keyword and text."""

    _fields_ = [("key", c_char_p), ("text", c_char_p)]


#: ``MSEQ_OPEN_OPTIONS_VERSION``: the ``mseq_open_options`` layout below.
OPEN_OPTIONS_VERSION = 1


class OpenOptions(ctypes.Structure):
    """``mseq_open_options``: options of ``mseq_open_ext``."""

    _fields_ = [("version", ctypes.c_uint), ("writers", c_char_p)]


class ParamDesc(ctypes.Structure):
    """``mseq_param_desc``: one row of the library's parameter table."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("key", c_int),
        ("name", c_char_p),
        ("help", c_char_p),
        ("value_type", c_int),
        ("group", c_int),
        ("min", c_int64),
        ("max", c_int64),
        ("default_value", c_int64),
        ("min_f64", c_double),
        ("max_f64", c_double),
        ("default_f64", c_double),
        ("choices", c_char_p),
        ("limit", c_char_p),
    ]


FUNCTIONS: Dict[str, Tuple[Any, List[Any]]] = {
    "mseq_version_number": (c_uint, []),
    "mseq_version_string": (c_char_p, []),
    "mseq_strerror": (c_char_p, [c_int]),
    "mseq_last_error": (c_char_p, []),
    "mseq_open": (c_int, [POINTER(DatasetP), c_char_p, c_int]),
    "mseq_open_ext": (
        c_int, [POINTER(DatasetP), c_char_p, c_int, POINTER(OpenOptions)]
    ),
    "mseq_glyph_writer": (c_int, [POINTER(c_uint64), DatasetP, c_uint32]),
    "mseq_free": (None, [DatasetP]),
    "mseq_glyph_size": (c_int, [POINTER(c_uint32), POINTER(c_uint32), DatasetP]),
    "mseq_class_count": (c_int, [POINTER(c_size_t), DatasetP, c_int]),
    "mseq_dataset_files": (
        c_int,
        [POINTER(c_char_p), POINTER(c_char_p), DatasetP],
    ),
    "mseq_dataset_sha256": (c_int, [ctypes.c_char_p, ctypes.c_char_p, DatasetP]),
    "mseq_params_new": (c_int, [POINTER(ParamsP)]),
    "mseq_params_free": (None, [ParamsP]),
    "mseq_params_set": (c_int, [ParamsP, c_int, c_int64]),
    "mseq_params_get": (c_int, [POINTER(c_int64), ParamsP, c_int]),
    "mseq_params_set_f64": (c_int, [ParamsP, c_int, c_double]),
    "mseq_params_get_f64": (c_int, [POINTER(c_double), ParamsP, c_int]),
    "mseq_param_info": (c_int, [POINTER(ParamDesc), c_int]),
    "mseq_param_by_name": (c_int, [POINTER(c_int), c_char_p]),
    "mseq_param_list": (c_int, [POINTER(c_int), c_size_t, POINTER(c_size_t)]),
    "mseq_image_size": (c_int, [POINTER(c_size_t), DatasetP, ParamsP]),
    "mseq_image_shape": (
        c_int,
        [POINTER(c_uint32), POINTER(c_uint32), DatasetP, ParamsP],
    ),
    "mseq_generate": (
        c_int,
        [
            VoidOut,  # out
            c_size_t,  # out_size
            PlacementsOut,  # placements
            FloatsOut,  # scale
            DatasetP,
            ParamsP,
            IntsIn,  # digits
            c_size_t,  # ndigits
            c_uint64,  # index
        ],
    ),
    "mseq_generate_annotated": (
        c_int,
        [
            VoidOut,  # out
            c_size_t,  # out_size
            Uint16Out,  # mask
            c_size_t,  # mask_len
            InkBoxesOut,  # boxes
            PlacementsOut,  # placements
            FloatsOut,  # scale
            DatasetP,
            ParamsP,
            IntsIn,  # digits
            c_size_t,  # ndigits
            c_uint64,  # index
        ],
    ),
    "mseq_generate_batch": (
        c_int,
        [
            VoidOut,  # out
            c_size_t,  # out_size
            PlacementsOut,  # placements
            c_size_t,  # placements_len
            Uint32Out,  # lengths
            FloatsOut,  # scales
            DatasetP,
            ParamsP,
            IntsInOrNull,  # digits
            c_size_t,  # ndigits
            c_uint64,  # first_index
            c_size_t,  # count
        ],
    ),
    "mseq_generate_batch_annotated": (
        c_int,
        [
            VoidOut,  # out
            c_size_t,  # out_size
            Uint16Out,  # masks
            c_size_t,  # masks_len
            InkBoxesOut,  # boxes
            c_size_t,  # boxes_len
            PlacementsOut,  # placements
            c_size_t,  # placements_len
            Uint32Out,  # lengths
            FloatsOut,  # scales
            DatasetP,
            ParamsP,
            IntsInOrNull,  # digits
            c_size_t,  # ndigits
            c_uint64,  # first_index
            c_size_t,  # count
        ],
    ),
    "mseq_random_sequence": (
        c_int,
        [IntsOut, c_size_t, POINTER(c_size_t), ParamsP, c_uint64],
    ),
    "mseq_sequence_count": (c_int, [POINTER(c_uint64), ParamsP]),
    "mseq_template_new": (c_int, [POINTER(TemplateP), c_char_p]),
    "mseq_template_free": (None, [TemplateP]),
    "mseq_params_set_template": (c_int, [ParamsP, TemplateP]),
    "mseq_params_set_background_images": (c_int, [ParamsP, POINTER(c_char_p), c_size_t]),
    "mseq_template_count": (c_int, [POINTER(c_uint64), POINTER(c_size_t), TemplateP]),
    "mseq_template_text": (
        c_int,
        [ctypes.c_char_p, c_size_t, POINTER(c_size_t), TemplateP, ParamsP, c_uint64],
    ),
    "mseq_generate_text": (
        c_int,
        [
            VoidOut,  # out
            c_size_t,  # out_size
            Uint16Out,  # mask
            c_size_t,  # mask_len
            InkBoxesOut,  # boxes
            PlacementsOut,  # placements
            FloatsOut,  # scale
            DatasetP,
            ParamsP,
            c_char_p,  # text
            c_uint64,  # index
        ],
    ),
    "mseq_write_png": (c_int, [c_char_p, BytesIn, c_uint32, c_uint32, c_int]),
    "mseq_encode_png": (
        c_int,
        [POINTER(c_size_t), c_void_p, c_size_t, BytesIn, c_uint32, c_uint32, c_int],
    ),
    "mseq_write_png_rgb": (c_int, [c_char_p, BytesIn, c_uint32, c_uint32, c_int]),
    "mseq_encode_png_rgb": (
        c_int,
        [POINTER(c_size_t), c_void_p, c_size_t, BytesIn, c_uint32, c_uint32, c_int],
    ),
    "mseq_write_png_text": (
        c_int,
        [c_char_p, BytesIn, c_uint32, c_uint32, c_int, POINTER(PngText), c_size_t],
    ),
    "mseq_encode_png_text": (
        c_int,
        [POINTER(c_size_t), c_void_p, c_size_t, BytesIn, c_uint32, c_uint32, c_int,
         POINTER(PngText), c_size_t],
    ),
    "mseq_read_png_text": (
        c_int,
        [POINTER(c_size_t), ctypes.c_char_p, c_size_t, c_char_p, c_char_p],
    ),
    "mseq_image_recipe": (
        c_int,
        [POINTER(c_size_t), ctypes.c_char_p, c_size_t, DatasetP, ParamsP, IntsIn,
         c_size_t, c_uint64],
    ),
    "mseq_dataset_recipe": (
        c_int,
        [POINTER(c_size_t), ctypes.c_char_p, c_size_t, DatasetP],
    ),
    "mseq_writer_new": (c_int, [POINTER(WriterP), *_JOB_ARGS]),  # out, job
    "mseq_writer_free": (None, [WriterP]),
    "mseq_writer_manifest": (c_int, [POINTER(c_char_p), WriterP]),
    "mseq_writer_shard_count": (c_int, [POINTER(c_uint64), WriterP]),
    "mseq_writer_shard_range": (
        c_int,
        [POINTER(c_uint64), POINTER(c_uint64), WriterP, c_uint64],
    ),
    "mseq_writer_begin": (c_int, [WriterP, c_uint]),
    "mseq_writer_shard_done": (c_int, [POINTER(c_int), WriterP, c_uint64]),
    "mseq_writer_write_shard": (
        c_int,
        [WriterP, c_uint64, ProgressFn, ctypes.c_void_p],
    ),
    "mseq_writer_finish": (c_int, [WriterP]),
    "mseq_write_dataset": (
        c_int,
        [*_JOB_ARGS, c_uint, ProgressFn, ctypes.c_void_p],  # job, flags, progress, user
    ),
    "mseq_verify_dataset": (
        c_int,
        [POINTER(c_uint64), c_char_p, c_char_p, c_uint64, ProblemFn, ctypes.c_void_p],
    ),
}


def declare(cdll: ctypes.CDLL) -> ctypes.CDLL:
    """Sets restype and argtypes of every C API function on ``cdll``.

    Raises:
        LibraryError: a function is missing from the library.
    """
    for name, (restype, argtypes) in FUNCTIONS.items():
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            raise LibraryError(
                f"{cdll._name}: symbol {name} is missing: the library is "
                "older than this binding"
            ) from None
        fn.restype = restype
        fn.argtypes = argtypes
    return cdll


def fast_generate(cdll: ctypes.CDLL) -> Any:
    """A second handle on ``mseq_generate`` without argument types, for
    callers that check their buffers and convert the arguments themselves:
    ctypes then passes them as they are, skipping the per-argument
    conversions (several microseconds of a call on one image). Exactly:
    the output as ``byref(c_ubyte)``, its size as ``c_size_t``, placements
    and scale None, the source data ``DatasetP``, the params ``ParamsP``,
    the digits a ``c_int`` array, their count ``c_size_t`` and the index
    ``c_uint64``."""
    fn = cdll["mseq_generate"]  # a new function object, without argtypes
    fn.restype = c_int
    return fn


def fast_params_set(cdll: ctypes.CDLL) -> Any:
    """A second handle on ``mseq_params_set`` without argument types (see
    :func:`fast_generate`): the params ``ParamsP``, the key ``c_int`` and
    the value ``c_int64``."""
    fn = cdll["mseq_params_set"]  # a new function object, without argtypes
    fn.restype = c_int
    return fn


def error(cdll: ctypes.CDLL, code: int) -> MnistSeqError:
    """The exception for a failed call's return code, carrying the calling
    thread's ``mseq_last_error()`` message (or ``mseq_strerror(code)`` when
    the library left no message)."""
    detail = cdll.mseq_last_error() or b""
    message = detail.decode("utf-8", "replace")
    if not message:
        message = (cdll.mseq_strerror(code) or b"").decode("utf-8", "replace")
    return error_class(code)(message, code)
