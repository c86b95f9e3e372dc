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

from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np
import torch
import torch.utils.data

from . import _checks, _digits, _indexes
from . import params as _params
from ._checks import PathLike
from ._digits import DigitsLike
from .params import Params
from .results import xyxy
from .sequence import with_shared_generator

__all__ = ["SequenceDataset"]

#: The fields of :class:`~mnistseq.Params` taken as keyword arguments
#: (the augmentation fields among them): items are float32 tensors made one
#: at a time.
_FIELDS = _params.IMAGE_FIELDS - {"dtype"} | _params.RANDOM_FIELDS
#: Items are made one per call: on one thread unless ``params.threads`` says.
_THREADS = 1


class SequenceDataset(torch.utils.data.Dataset[Tuple[Any, ...]]):
    """``length`` generated images of digit sequences.

    Item ``i`` is ``(image, label)``: ``image`` a float32 tensor of shape
    (1, height, image_width) (channel first, values in [0, 1]) and ``label``
    the digit string (leading zeros kept; the default collate makes a list
    of strings). ``transform`` and ``target_transform``, when given, are
    applied to them.

    With ``annotate=True`` item ``i`` is ``(image, label, target)``, the
    same image and label with the detection target of torchvision's models
    (one instance per digit, in sequence order): ``target["boxes"]`` a
    float32 (n, 4) tensor of (x1, y1, x2, y2) ink boxes (half-open pixel
    spans: x2 is one past the last inked column), ``target["labels"]`` the
    digits as int64 (n,), ``target["masks"]`` uint8 (n, height,
    image_width), 1 on the pixels of each digit (see
    :meth:`mnistseq.Generator.generate_annotated`). A digit whose ink is all
    cut off (extreme augmentation) has an all-zero box and mask. Items then
    have as many instances as digits: batch them with a ``collate_fn`` such
    as ``lambda batch: tuple(zip(*batch))``, as for torchvision's detection
    data. ``transform`` sees the image only: one that moves pixels must move
    the target too. An annotated item comes from the same batch call as a
    plain one, with its instance mask and ink boxes (about one extra
    rendering per digit), plus n x height x image_width bytes of masks.

    Args:
        length: number of items.
        image_width: image width in pixels (or ``params.image_width``).
        digits: a fixed sequence for every item, or None (default) for
            random sequences drawn per item (``length_range``,
            ``no_leading_zero``, ``unique``).
        spacing_range: (min, max) gap between digits in pixels (default:
            ``params.spacing_range``, else (0, 0)).
        params: a :class:`~mnistseq.Params` whose ``dtype`` is None or
            float32; the keyword options replace its fields.
        seed: the 64-bit seed of the whole dataset.
        first_index: sample index of item 0 (to take disjoint ranges of one
            seed, e.g. training and validation).
        split: "train" or "test" digits.
        data: a directory of IDX files, or None for the default data.
        transform: called on each image tensor.
        target_transform: called on each label string.
        annotate: items carry the detection target (above).
        **options: ``length_range``, ``no_leading_zero``, ``unique``,
            ``fit``, ``align``, ``invert``, and the augmentation fields
            ``rotate``, ``shear``, ``digit_scale``, ``aspect``, ``shift_y``,
            ``thickness``: as the fields of :class:`~mnistseq.Params`.

    Every argument is checked here (the source data is opened on the first
    item); the messages name the arguments as above.
    """

    def __init__(
        self,
        length: int,
        image_width: Optional[int] = None,
        *,
        digits: Optional[DigitsLike] = None,
        spacing_range: Optional[Tuple[int, int]] = None,
        params: Optional[Params] = None,
        seed: int = 0,
        first_index: int = 0,
        split: str = "train",
        data: Optional[PathLike] = None,
        transform: Optional[Callable[[torch.Tensor], Any]] = None,
        target_transform: Optional[Callable[[str], Any]] = None,
        annotate: bool = False,
        **options: Any,
    ) -> None:
        self.length = _checks.uint64("length", length)
        found = _params.resolve(
            "SequenceDataset", params, spacing_range, image_width, options, _FIELDS
        )
        if found.dtype not in (None, "float32"):
            raise _checks.invalid(
                f"params.dtype={found.dtype!r}: SequenceDataset items are float32"
            )
        self.params = found
        self.digits = None if digits is None else _digits.digits(digits).tolist()
        self.seed = _checks.seed(seed)
        self.first_index = _checks.uint64("first_index", first_index)
        _indexes.index_span(self.first_index, self.length, "length")
        if self.digits is not None:
            _params.check_random_only(found)
        _checks.split(split)
        self.split = split
        _checks.path("data", data)
        self.data = data
        _checks.callback("transform", transform)
        _checks.callback("target_transform", target_transform)
        self.transform = transform
        self.target_transform = target_transform
        self.annotate = bool(_checks.flag("annotate", annotate))
        if self.digits is None and found.unique and self.length:
            last = self.first_index + self.length - 1
            what = (
                f"first_index={self.first_index} and length={self.length} use "
                f"sample indexes up to {last}"
            )
            _indexes.unique_span(found.lengths, found.no_leading_zero, last, what)

    def __getattr__(self, name: str) -> Any:
        """A field of ``params`` (``dataset.image_width``)."""
        if name in _params.FIELDS:
            params = self.__dict__.get("params")
            if params is not None:
                return getattr(params, name)
        raise AttributeError(f"'SequenceDataset' object has no attribute {name!r}")

    def __len__(self) -> int:
        """The number of items."""
        return self.length

    def __getitem__(self, i: int) -> Tuple[Any, ...]:
        """Item ``i`` (negative counts from the end): (image, label), or
        (image, label, target) with ``annotate``."""
        if type(i) is not int:
            i = _checks.int64("index", i)
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(f"index out of range for {self.length} items")
        first_index = self.first_index + i
        if self.annotate:
            return self._annotated(first_index)
        batch = self._batch(first_index, annotate=False)
        return self._transformed(torch.from_numpy(batch.images), str(batch.labels[0]))

    def _batch(self, index: int, annotate: bool) -> Any:
        """The batch call of sample ``index`` alone (float32), with its masks
        and ink boxes when ``annotate``."""
        return with_shared_generator(
            self.data,
            self.split,
            lambda gen: gen.generate_batch(
                1,
                self.digits,
                params=self.params,
                seed=self.seed,
                first_index=index,
                dtype="float32",
                threads=self.params.threads if self.params.threads is not None else _THREADS,
                annotate=annotate,
            ),
        )

    def _transformed(self, image: Any, label: Any) -> Tuple[Any, Any]:
        """``transform`` and ``target_transform``, when given, applied to an
        item's image tensor (1, H, W) and label string."""
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    def _annotated(self, index: int) -> Tuple[Any, Any, Dict[str, Any]]:
        """The annotated item of sample ``index``: the plain item's batch
        call with its masks and ink boxes, so the image, digits and labels
        are the plain item's."""
        batch = self._batch(index, annotate=True)
        assert batch.masks is not None and batch.ink_boxes is not None  # annotate
        n = int(batch.lengths[0])
        instances = np.arange(1, n + 1, dtype=np.uint16)
        masks = (batch.masks[0][None, :, :] == instances[:, None, None]).view(np.uint8)
        target = {
            "boxes": torch.from_numpy(xyxy(batch.ink_boxes[0, :n]).astype(np.float32)),
            "labels": torch.from_numpy(batch.placements[0, :n]["label"].astype(np.int64)),
            "masks": torch.from_numpy(masks),
        }
        image, label = self._transformed(torch.from_numpy(batch.images), str(batch.labels[0]))
        return image, label, target
