"""Writing generated images as PNG files with the library's encoder."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import _capi, _checks, _lib, _table
from .errors import MSEQ_EINVAL, InvalidArgumentError

__all__ = ["write_png"]


def write_png(path: _checks.PathLike, image: np.ndarray, *, level: Optional[int] = None) -> None:
    """Writes a 2-D image as an 8-bit grayscale PNG file, atomically (a
    failure never leaves a partial file nor touches an existing one).

    Args:
        path: the file to create or replace.
        image: (height, width) uint8 (0 black .. 255 white), or float32 with
            values in [0, 1], converted as the library's uint8 format does:
            round(value * 255).
        level: -1 for the fast run-length encoding, or 0..9 for libpng's
            standard encoding at that zlib level; None (default): the
            library's default PNG level (-1).

    Raises:
        InvalidArgumentError: not a 2-D image, float values outside [0, 1],
            bad level.
        TypeError: another dtype.
        DataIOError: the file could not be written (the message says why).
    """
    cdll = _lib.cdll()
    encoded = _checks.path("path", path)
    if not isinstance(image, np.ndarray):
        raise TypeError(f"image must be a numpy array, not {type(image).__name__}")
    if image.ndim != 2:
        raise InvalidArgumentError(
            f"image must be 2-D (height, width), got shape {image.shape}", MSEQ_EINVAL
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
    rows, cols = pixels.shape
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
    rc = cdll.mseq_write_png(
        encoded,
        pixels,
        _checks.integer("image height", rows, 1, 2**31 - 1),
        _checks.integer("image width", cols, 1, 2**31 - 1),
        level_value,
    )
    if rc:
        raise _capi.error(cdll, rc)
