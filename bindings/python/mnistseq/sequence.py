"""The specification's function, ``generate_mnist_sequence``, and the
per-process cache of opened source data it uses."""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

import numpy as np

from . import _checks
from ._checks import PathLike
from ._digits import DigitsLike
from .errors import ClosedError
from .generator import Generator

__all__ = ["generate_mnist_sequence", "shared_generator", "clear_cache"]

_T = TypeVar("_T")
_RETRIES = 100

_cache: Dict[Tuple[Any, str], Generator] = {}
_cache_lock = threading.Lock()


def _cache_key(data: Optional[PathLike], split: str) -> Tuple[Any, str]:
    path = _checks.path("data", data)
    if path is None:
        return (None, split)
    return (os.path.abspath(path), split)


def shared_generator(data: Optional[PathLike] = None, split: str = "train") -> Generator:
    """The process's shared :class:`Generator` for (data, split), opened on
    first use and kept until :func:`clear_cache`, so that repeated calls do
    not read the data files again. ``data=None`` is the default lookup as it
    resolves the first time (later changes of ``MNISTSEQ_DATA`` need
    :func:`clear_cache`)."""
    key = (None, split) if data is None else _cache_key(data, split)
    gen = _cache.get(key)
    if gen is None or gen.closed:
        with _cache_lock:
            gen = _cache.get(key)
            if gen is None or gen.closed:
                gen = Generator(data, split)
                _cache[key] = gen
    return gen


def with_shared_generator(
    data: Optional[PathLike], split: str, call: Callable[[Generator], _T]
) -> _T:
    """``call(gen)`` on the shared Generator for (data, split). When that
    Generator is closed between the lookup and the call (:func:`clear_cache`
    on another thread), ``call`` raised ClosedError before doing anything,
    and is run again on a freshly opened one (a bounded number of times)."""
    for _ in range(_RETRIES):
        gen = shared_generator(data, split)
        try:
            return call(gen)
        except ClosedError:
            if not gen.closed:
                raise
    return call(shared_generator(data, split))


def clear_cache() -> None:
    """Closes and forgets every shared Generator. Safe while other threads
    generate with them: their calls in flight finish, and later calls open
    the data again."""
    with _cache_lock:
        gens = list(_cache.values())
        _cache.clear()
    for gen in gens:
        gen.close()


def generate_mnist_sequence(
    digits: DigitsLike,
    spacing_range: Tuple[int, int],
    image_width: int,
    *,
    seed: Optional[int] = None,
    split: str = "train",
    fit: Optional[str] = None,
    align: Optional[str] = None,
    invert: Optional[bool] = None,
    data: Optional[PathLike] = None,
) -> np.ndarray:
    """Generates an image of a handwritten digit sequence from MNIST.

    Each digit is drawn uniformly from the source data's images of that digit;
    each gap between consecutive digits is drawn uniformly from the integers
    in ``spacing_range`` (inclusive), independently per gap.

    Args:
        digits: the digits 0-9, as any list-like of ints (``[3, 5, 0]``) or a
            string of digits (``"350"``).
        spacing_range: (min, max) spacing between digits, in pixels.
        image_width: the width of the image, in pixels.
        seed: 64-bit seed making the image reproducible; None (the default)
            draws a fresh seed from the operating system for every call.
        split: ``"train"`` or ``"test"``: which MNIST digits are used.
        fit: when the strip of digits and gaps is not exactly
            ``image_width`` wide: ``"pad"`` pads a narrower strip with
            background and scales a wider one down (aspect kept, centred
            vertically); ``"strict"`` raises for a wider strip;
            ``"exact"`` chooses gaps within the range so that the strip fills
            the width exactly, and raises when none do. None: the
            library's default, ``"pad"``.
        align: where a padded strip sits: ``"center"`` (None: the
            library's default), ``"left"``, ``"right"`` or ``"random"``.
        invert: False (None: the library's default): black digits (0.0) on
            white (1.0); True: white digits on black, as in MNIST.
        data: a directory of IDX files; None uses the library's default data.

    Returns:
        A C-contiguous ``numpy.float32`` array of shape (28, image_width)
        (the glyph height for other source data), values in [0, 1].

    Raises:
        InvalidArgumentError: (a ValueError) bad digits, a spacing of a whole glyph
            or more below 0, min > max, a width of 0, an unknown option.
        OutOfRangeError: a width or sequence length beyond the library's
            limits.
        NoFitError: the sequence cannot fit under ``strict``/``exact``.
        DataNotFoundError: (a FileNotFoundError) no data files.
        DataFormatError, DataIOError: the data files are malformed or
            unreadable.
        TypeError: an argument of the wrong type (a float or bool digit).
    """
    # The options left to the library's default are not passed: a call
    # without options takes generate()'s shortest path (and is a plain call:
    # unpacking even an empty ``**options`` costs a tenth of a microsecond).
    options: Dict[str, Any] = {}
    if fit is not None:
        options["fit"] = fit
    if align is not None:
        options["align"] = align
    if invert is not None:
        options["invert"] = invert
    gen = _cache.get((None, split)) if data is None else None
    if gen is not None:  # the usual call: the default data, already open
        try:
            if not options:
                return gen.generate(digits, spacing_range, image_width, seed=seed)
            return gen.generate(digits, spacing_range, image_width, seed=seed, **options)
        except ClosedError:
            if not gen.closed:
                raise
    return with_shared_generator(
        data,
        split,
        lambda gen: gen.generate(digits, spacing_range, image_width, seed=seed, **options),
    )
