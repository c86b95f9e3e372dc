"""Writing generated images as PNG files with the library's encoder."""

from __future__ import annotations

import ctypes
import os
from typing import Any, Iterable, Mapping, Optional, Tuple, Union

import numpy as np

from . import _capi, _checks, _lib, _table
from .errors import MSEQ_EBUFSIZE, MSEQ_EINVAL, MSEQ_ENOTFOUND, InvalidArgumentError

__all__ = ["write_png", "read_png_text"]

#: PNG text chunks: a mapping or pairs of keyword and text.
Texts = Union[Mapping[str, str], Iterable[Tuple[str, str]]]


def _text_rows(texts: Optional[Texts]) -> Tuple[Any, int]:
    """The ``mseq_png_text`` array of texts (Latin-1, as PNG specifies)."""
    if texts is None:
        return None, 0
    pairs = list(texts.items() if isinstance(texts, Mapping) else texts)
    rows = (_capi.PngText * max(1, len(pairs)))()
    for i, pair in enumerate(pairs):
        try:
            key, text = pair
        except (TypeError, ValueError):
            raise TypeError(f"texts[{i}] must be a (keyword, text) pair, not {pair!r}") from None
        for what, value in (("keyword", key), ("text", text)):
            if not isinstance(value, str):
                raise TypeError(f"texts[{i}] {what} must be a str, not {type(value).__name__}")
        try:
            rows[i].key = key.encode("latin-1")
            rows[i].text = text.encode("latin-1")
        except UnicodeEncodeError:
            raise InvalidArgumentError(
                f"texts[{i}]: PNG text is Latin-1; {key!r}: {text!r} is not", MSEQ_EINVAL
            ) from None
    return rows, len(pairs)


def write_png(path: _checks.PathLike, image: np.ndarray, *, level: Optional[int] = None,
              texts: Optional[Texts] = None) -> None:
    """Writes an image as an 8-bit PNG file, grayscale or RGB, atomically (a
    failure never leaves a partial file nor touches an existing one).

    Args:
        path: the file to create or replace.
        image: (height, width) grey or (height, width, 3) RGB (pictures
            drawn in colour over generated images: boxes, masks); uint8 (0
            black .. 255 white), or float32 with values in [0, 1],
            converted as the library's uint8 format does: round(value *
            255).
        level: -1 for the fast run-length encoding, or 0..9 for libpng's
            standard encoding at that zlib level; None (default): the
            library's default PNG level (-1).
        texts: PNG text chunks to write before the pixels, in order: a
            mapping or (keyword, text) pairs of Latin-1 strings; keywords of
            1-79 printable characters (read them with read_png_text).
            Grey images only.

    Raises:
        InvalidArgumentError: not a 2-D or (height, width, 3) image, float
            values outside [0, 1], bad level, a bad keyword, a text that is
            not Latin-1, or texts with an RGB image.
        TypeError: another dtype.
        DataIOError: the file could not be written (the message says why).
    """
    cdll = _lib.cdll()
    encoded = _checks.path("path", path)
    if not isinstance(image, np.ndarray):
        raise TypeError(f"image must be a numpy array, not {type(image).__name__}")
    rgb = image.ndim == 3 and image.shape[2] == 3
    if image.ndim != 2 and not rgb:
        raise InvalidArgumentError(
            "image must be 2-D (height, width) grey or (height, width, 3) RGB, got shape "
            f"{image.shape}",
            MSEQ_EINVAL,
        )
    if rgb and texts is not None:
        raise InvalidArgumentError(
            "texts are written with grey images only, not RGB", MSEQ_EINVAL
        )
    pixels: Any
    if image.dtype == np.uint8:
        pixels = np.ascontiguousarray(image)
    elif image.dtype == np.float32:
        if image.size and not (image.min() >= 0.0 and image.max() <= 1.0):
            raise InvalidArgumentError(
                "float32 image values must be in [0, 1]", MSEQ_EINVAL
            )
        pixels = np.floor(image.astype(np.float64) * 255 + 0.5).astype(np.uint8)
    else:
        raise TypeError(f"image must be uint8 or float32, not {image.dtype}")
    rows, cols = pixels.shape[:2]
    if rows == 0 or cols == 0:
        raise InvalidArgumentError(
            f"image has shape {image.shape}: both sides must be at least 1",
            MSEQ_EINVAL,
        )
    row = _table.row("png_level")  # the dataset writer's PNG level
    if level is None:
        level_value = row.default
    else:
        level_value = _checks.bounded("level", level, row.min, row.max)
    shape = (
        _checks.integer("image height", rows, 1, 2**31 - 1),
        _checks.integer("image width", cols, 1, 2**31 - 1),
    )
    if rgb:
        rc = cdll.mseq_write_png_rgb(encoded, pixels, *shape, level_value)
    else:
        text_rows, ntexts = _text_rows(texts)
        rc = cdll.mseq_write_png_text(encoded, pixels, *shape, level_value, text_rows, ntexts)
    if rc:
        raise _capi.error(cdll, rc)


def read_png_text(path: _checks.PathLike, key: str) -> Optional[str]:
    """The text of the PNG file's first text chunk named ``key``, or None
    when it has none. The PNGs of ``mnistseq-cli``'s seed form carry
    ``mnistseq-recipe`` (the arguments that make them again) and
    ``mnistseq-data`` (the data files' SHA-256).

    Raises:
        FileNotFoundError (a DataNotFoundError): no such file.
        DataFormatError: the file is not a PNG.
        DataIOError: the file could not be read.
    """
    cdll = _lib.cdll()
    encoded = _checks.path("path", path)
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, not {type(key).__name__}")
    size = ctypes.c_size_t(0)
    rc = cdll.mseq_read_png_text(ctypes.byref(size), None, 0, encoded, key.encode("latin-1"))
    if rc == MSEQ_ENOTFOUND and os.path.exists(os.fsdecode(path)):
        return None
    if rc != MSEQ_EBUFSIZE:
        raise _capi.error(cdll, rc)
    out = ctypes.create_string_buffer(size.value)
    rc = cdll.mseq_read_png_text(ctypes.byref(size), out, size.value, encoded,
                                 key.encode("latin-1"))
    if rc:
        raise _capi.error(cdll, rc)
    return out.value.decode("latin-1")
