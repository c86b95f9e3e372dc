#!/usr/bin/env python3
"""mnistseq from Python: one image, a batch, and a PyTorch DataLoader.

    /usr/bin/python3 generate.py

Writes in the current folder:

- ``3-5-0.png``: the sequence 3-5-0, gaps of 2 to 8 pixels, 200 columns,
  seed 42: the same bytes as the C and Rust examples' ``3-5-0.png``;
- ``batch.npy`` and ``batch-labels.txt``: a batch of 1000 random sequences
  of 3 to 5 digits (seed 7), images of shape (1000, 28, 160) and one label
  a line;
- ``loader.npy`` and ``loader-labels.txt``: the first shuffled batch that a
  ``torch.utils.data.DataLoader`` with two worker processes gives over
  ``mnistseq.torch.SequenceDataset`` (64 images of shape (1, 28, 160)).

The data is ``MNISTSEQ_DATA``'s folder, else the installed MNIST; the C
library is found through ``MNISTSEQ_LIBRARY``, else the system loader. A
failure raises a ``mnistseq.MnistSeqError`` carrying the library's message.
"""

from pathlib import Path

import numpy as np

# [readme:python]
import mnistseq

# [end]


def single_and_batch() -> None:
    """One image, one image with its layout, and a batch."""
    # [readme:python]
    # The specification's function: float32, shape (28, 200), 0.0 black .. 1.0 white
    img = mnistseq.generate_mnist_sequence([3, 5, 0], (2, 8), 200, seed=42)
    mnistseq.write_png("3-5-0.png", img)  # 8-bit: round(value * 255)

    with mnistseq.Generator(split="train") as gen:  # one opened split
        sample = gen.generate_sample("0042", (0, 4), 140, seed=7, index=3)
        print(sample.label, sample.placements["x_begin"], sample.scale)
        # 1000 random sequences of 3-5 digits on all cores, filled in place by C
        batch = gen.generate_batch(1000, None, (0, 6), 160, seed=7, length_range=(3, 5))
        print(batch.images.shape, batch.labels[:3])  # (1000, 28, 160), strings
        # per-digit augmentation (0 = off), with each digit's ink box and mask
        ann = gen.generate_annotated("0042", (0, 4), 140, seed=7, rotate=15, thickness=1)
        print(ann.xyxy(), ann.mask.max())  # (4, 4) x1, y1, x2, y2; mask: i + 1 on digit i
    # [end]
    np.save("batch.npy", batch.images)
    Path("batch-labels.txt").write_text("".join(f"{s}\n" for s in batch.labels))


def data_loader() -> None:
    """Training batches from a DataLoader (needs PyTorch)."""
    # [readme:torch]
    from torch.utils.data import DataLoader

    from mnistseq.torch import SequenceDataset

    # Item i is a pure function of (seed, i): any sampler, shuffling or number
    # of workers gives the same items.
    train = SequenceDataset(1000, 160, spacing_range=(0, 6), seed=7, length_range=(3, 5))
    loader = DataLoader(train, batch_size=64, shuffle=True, num_workers=2)
    images, labels = next(iter(loader))  # (64, 1, 28, 160) float32; 64 strings
    # [end]
    print(tuple(images.shape), labels[:3])
    np.save("loader.npy", images.numpy())
    Path("loader-labels.txt").write_text("".join(f"{s}\n" for s in labels))


if __name__ == "__main__":  # DataLoader workers import this file without running it
    single_and_batch()
    data_loader()
