"""What generation returns: :class:`Sample` (one image with its layout),
:class:`Batch` (many), and :data:`PLACEMENT_DTYPE`, the layout of one
digit."""

from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np

from . import _capi

__all__ = ["Sample", "AnnotatedSample", "Batch", "PLACEMENT_DTYPE", "INK_BOX_DTYPE"]

#: numpy structured dtype of a placement, with the layout of the C
#: ``mseq_placement``: int32 fields ``x_begin``, ``x_end``, ``y_begin``,
#: ``y_end`` (half-open pixel spans of the digit's glyph cell in the output),
#: ``source_index`` (index of the glyph in the split's IDX file) and
#: ``label`` (the digit).
PLACEMENT_DTYPE = _capi.PLACEMENT_DTYPE

#: numpy structured dtype of an ink box, with the layout of the C
#: ``mseq_ink_box``: int32 fields ``x_begin``, ``x_end``, ``y_begin``,
#: ``y_end``, the half-open tight box of one digit's visible ink in the
#: output (all four 0 when none of it shows).
INK_BOX_DTYPE = _capi.INK_BOX_DTYPE


def xyxy(boxes: np.ndarray) -> np.ndarray:
    """Ink boxes (:data:`INK_BOX_DTYPE`) as (..., 4) int32 rows of (x_begin,
    y_begin, x_end, y_end), half-open: the (x1, y1, x2, y2) of detection
    libraries."""
    b = boxes
    return np.stack([b["x_begin"], b["y_begin"], b["x_end"], b["y_end"]], axis=-1)


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


class AnnotatedSample(NamedTuple):
    """One generated image with its layout and the labels of each digit's
    ink (:meth:`~mnistseq.Generator.generate_annotated`).

    Attributes:
        image, label, placements, scale: as in :class:`Sample`.
        boxes: (ndigits,) array of :data:`INK_BOX_DTYPE`, in sequence order:
            each digit's tight ink box; :meth:`xyxy` gives them as
            (x1, y1, x2, y2) rows.
        mask: (height, width) uint16 array: i + 1 on the pixels of digit i
            (the darkest digit there), 0 on background.
    """

    image: np.ndarray
    label: str
    placements: np.ndarray
    scale: float
    boxes: np.ndarray
    mask: np.ndarray

    def xyxy(self) -> np.ndarray:
        """The boxes as an (ndigits, 4) int32 array of (x_begin, y_begin,
        x_end, y_end) rows, half-open: the (x1, y1, x2, y2) of detection
        libraries."""
        return xyxy(self.boxes)


class TextSample(NamedTuple):
    """The image of a text with the labels of every character
    (:meth:`~mnistseq.Generator.generate_text`).

    Attributes:
        image, scale: as in :class:`Sample`.
        text: the full text, separators and spaces included.
        digits: its digits only (for a digits-only CTC alphabet).
        placements: (len(text),) array of :data:`PLACEMENT_DTYPE`: each
            character's cell; ``label`` is the digit 0-9, or the character's
            code (``ord``) for a separator or space; ``source_index`` is -1
            for those.
        boxes: (len(text),) array of :data:`INK_BOX_DTYPE`: each
            character's tight ink box (a space's is all 0).
        mask: (height, width) uint16: i + 1 on the ink of character i.
        is_digit: (len(text),) bool array: which characters are digits.
    """

    image: np.ndarray
    text: str
    digits: str
    placements: np.ndarray
    scale: float
    boxes: np.ndarray
    mask: np.ndarray
    is_digit: np.ndarray

    def xyxy(self) -> np.ndarray:
        """The boxes as (x_begin, y_begin, x_end, y_end) rows, as
        :meth:`AnnotatedSample.xyxy`."""
        return xyxy(self.boxes)


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
        masks: with ``annotate=True``, the (n, height, width) uint16
            instance masks (0 background, i + 1 where digit i owns the
            ink), as :meth:`~mnistseq.Generator.generate_annotated` gives
            them; else None.
        ink_boxes: with ``annotate=True``, an (n, S) array of
            :data:`INK_BOX_DTYPE`: each digit's tight ink box (row i's
            entries past ``lengths[i]`` zeroed); else None.
    """

    images: np.ndarray
    labels: np.ndarray
    lengths: np.ndarray
    placements: np.ndarray
    scales: np.ndarray
    seed: int
    first_index: int
    masks: Optional[np.ndarray] = None
    ink_boxes: Optional[np.ndarray] = None


def sample_label(placements: np.ndarray) -> str:
    """One image's digit string, from its placements' labels."""
    return (placements["label"] + ord("0")).astype(np.uint8).tobytes().decode("ascii")


def batch_labels(placements: np.ndarray, lengths: np.ndarray, fixed: bool) -> np.ndarray:
    """Each row's text (digits, or a template's text) from placements'
    labels (and lengths, for random sequences and texts), as a numpy str
    array: the code points are written
    directly as UCS-4, and trailing NULs end the shorter strings."""
    count, slots = placements.shape
    if slots == 0:
        return np.full(count, "", dtype="U1")
    chars = placements["label"].astype(np.uint32)  # a C-contiguous (count, slots) copy
    # A digit's label is its value, a text's other characters their code.
    chars += np.where(chars <= 9, np.uint32(ord("0")), np.uint32(0))
    if not fixed:  # the slots past a row's length are NULs
        chars *= np.arange(slots, dtype=np.uint32) < lengths[:, None]
    return chars.view(np.dtype(("U", slots))).reshape(count)
