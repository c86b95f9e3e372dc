"""PyTorch adapter: a map-style ``torch.utils.data.Dataset`` of generated
digit-sequence images.

Item ``i`` is a pure function of (data, parameters, seed, i), so any sampler,
shuffling and any number of ``DataLoader`` workers yield the same samples.
The dataset holds no library handle: each process (worker) opens the data
lazily on its first item, through :func:`mnistseq.shared_generator`, so the
dataset pickles to ``spawn``/``forkserver`` workers as plain arguments, and
:func:`mnistseq.clear_cache` may run at any time (an item being generated
finishes; the next one opens the data again).

Importing this module needs PyTorch; the rest of ``mnistseq`` does not.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Tuple

import numpy as np
import torch
import torch.utils.data

from . import _options as opt
from ._options import DigitsLike, PathLike
from .sequence import with_shared_generator

__all__ = ["SequenceDataset"]


class SequenceDataset(torch.utils.data.Dataset):
    """``length`` generated images of digit sequences.

    Item ``i`` is ``(image, label)``: ``image`` a float32 tensor of shape
    (1, height, image_width) (channel first, values in [0, 1]) and ``label``
    the digit string (leading zeros kept; the default collate makes a list
    of strings). ``transform`` and ``target_transform``, when given, are
    applied to them.

    Args:
        length: number of items.
        image_width: image width in pixels.
        digits: a fixed sequence for every item, or None (default) for
            random sequences drawn per item (``length_range``,
            ``no_leading_zero``, ``unique``).
        spacing_range: (min, max) gap between digits in pixels.
        seed: the 64-bit seed of the whole dataset.
        first_index: sample index of item 0 (to take disjoint ranges of one
            seed, e.g. training and validation).
        length_range, no_leading_zero, unique: random sequences only, as in
            :meth:`mnistseq.Generator.generate_batch`.
        fit, align, invert: as in :func:`mnistseq.generate_mnist_sequence`.
        split: "train" or "test" digits.
        data: a directory of IDX files, or None for the default data.
        transform: called on each image tensor.
        target_transform: called on each label string.

    Every argument is checked here (the data set is opened on the first
    item); the messages name the arguments as above.
    """

    def __init__(
        self,
        length: int,
        image_width: int,
        *,
        digits: Optional[DigitsLike] = None,
        spacing_range: Tuple[int, int] = (0, 0),
        seed: int = 0,
        first_index: int = 0,
        length_range: Optional[Tuple[int, int]] = None,
        no_leading_zero: bool = False,
        unique: bool = False,
        fit: str = "pad",
        align: str = "center",
        invert: bool = False,
        split: str = "train",
        data: Optional[PathLike] = None,
        transform: Optional[Callable[[torch.Tensor], Any]] = None,
        target_transform: Optional[Callable[[str], Any]] = None,
    ) -> None:
        self.length = opt.uint64("length", length)
        self.image_width = opt.image_width(image_width)
        self.digits = None if digits is None else opt.digits(digits).tolist()
        self.spacing_range = opt.spacing_range(spacing_range)
        self.seed = opt.seed(seed)
        self.first_index = opt.uint64("first_index", first_index)
        opt.index_span(self.first_index, self.length, "length")
        if self.digits is not None:
            opt.check_random_only(length_range, no_leading_zero, unique)
        lengths = opt.length_range(length_range)
        self.length_range = None if length_range is None else lengths
        self.no_leading_zero = bool(opt.flag("no_leading_zero", no_leading_zero))
        self.unique = bool(opt.flag("unique", unique))
        opt.choice("fit", fit, opt.FITS)
        opt.choice("align", align, opt.ALIGNS)
        self.fit = fit
        self.align = align
        self.invert = bool(opt.flag("invert", invert))
        opt.choice("split", split, opt.SPLITS)
        self.split = split
        opt.path("data", data)
        self.data = data
        callbacks = (("transform", transform), ("target_transform", target_transform))
        for name, fn in callbacks:
            if fn is not None and not callable(fn):
                raise TypeError(f"{name} must be callable, not {type(fn).__name__}")
        self.transform = transform
        self.target_transform = target_transform
        if self.digits is None and self.unique and self.length:
            last = self.first_index + self.length - 1
            what = (
                f"first_index={self.first_index} and length={self.length} use "
                f"sample indexes up to {last}"
            )
            opt.unique_span(lengths, self.no_leading_zero, last, what)

    def __len__(self) -> int:
        """The number of items."""
        return self.length

    def __getitem__(self, i: int) -> Tuple[Any, Any]:
        """Item ``i`` (negative counts from the end): (image, label)."""
        if type(i) is not int:
            i = opt.int64("index", i)
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(f"index out of range for {self.length} items")
        first_index = self.first_index + i
        batch = with_shared_generator(
            self.data,
            self.split,
            lambda gen: gen.generate_batch(
                1,
                self.digits,
                self.spacing_range,
                self.image_width,
                seed=self.seed,
                first_index=first_index,
                length_range=self.length_range,
                no_leading_zero=self.no_leading_zero,
                unique=self.unique,
                fit=self.fit,
                align=self.align,
                invert=self.invert,
                dtype=np.float32,
                threads=1,
            ),
        )
        image: Any = torch.from_numpy(batch.images)  # (1, H, W), no copy
        label: Any = str(batch.labels[0])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label
