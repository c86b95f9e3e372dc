"""The algorithm of the specification's original Python implementation,
re-implemented with numpy as a speed baseline for bench_python.py.

What the original does (see the project's notes on it): it reads the MNIST
test split once, turning each pixel g into the float (255 - g) / 255 (black
digits on white); per call it derives ONE gap for the whole image from the
width, (W - n * 28) / (n - 1), and refuses the call when that gap is not an
integer or lies outside the spacing range (nothing is padded or scaled);
each digit is an image chosen with Python's ``random.choice`` among the
indices of its class; the image is glued with ``numpy.hstack``, one
concatenation per digit (the image so far, a white 28 x gap spacer, the
glyph), and returned multiplied by 255 as uint8.

Choices in the baseline's favour, so that a ratio against it is not
flattered: the float glyphs and the per-class index lists are computed once
at load time (vectorised), not per call, and the spacer is made once per
call. Only the per-call work is timed.
"""

from __future__ import annotations

import gzip
import os
import random
from typing import List, Optional, Sequence, Tuple

import numpy as np

GLYPH = 28


def read_idx(folder: str, stem: str) -> np.ndarray:
    """An IDX file (raw or .gz, dash or dot name) as a numpy array."""
    for name in (stem, stem.replace("-idx", ".idx")):
        for suffix in ("", ".gz"):
            path = os.path.join(folder, name + suffix)
            if os.path.exists(path):
                with (gzip.open(path) if suffix else open(path, "rb")) as f:
                    raw: bytes = f.read()
                ndim = raw[3]
                dims = np.frombuffer(raw, ">u4", ndim, 4).astype(int)
                return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)
    raise FileNotFoundError(f"{stem} not found in {folder}")


class ReferenceGenerator:
    """The original's generator over the MNIST test split in ``folder``."""

    def __init__(self, folder: str) -> None:
        images = read_idx(folder, "t10k-images-idx3-ubyte")
        labels = read_idx(folder, "t10k-labels-idx1-ubyte")
        self.glyphs = ((255 - images.astype(np.float32)) / 255).astype(np.float32)
        self.by_class: List[List[int]] = [
            np.flatnonzero(labels == d).tolist() for d in range(10)
        ]

    def gap(self, count: int, spacing_range: Tuple[int, int], width: int) -> int:
        """The one gap of an image of ``count`` digits ``width`` wide;
        ValueError where the original prints a message and exits."""
        if count == 1:
            gap = 0.0 if width == GLYPH else 0.5
        else:
            gap = (width - count * GLYPH) / (count - 1)
        if not gap.is_integer() or not spacing_range[0] <= gap <= spacing_range[1]:
            raise ValueError(
                f"no equal integer gap in {spacing_range} fills {width} px "
                f"with {count} digits"
            )
        return int(gap)

    def generate(
        self, digits: Sequence[int], spacing_range: Tuple[int, int], width: int
    ) -> np.ndarray:
        """One (28, width) uint8 image of ``digits``."""
        gap = self.gap(len(digits), spacing_range, width)
        spacer = np.ones((GLYPH, gap), np.float32)
        image: Optional[np.ndarray] = None
        for d in digits:
            glyph = self.glyphs[random.choice(self.by_class[d])]
            image = glyph if image is None else np.hstack((image, spacer, glyph))
        assert image is not None
        result: np.ndarray = (image * 255).astype(np.uint8)
        return result
