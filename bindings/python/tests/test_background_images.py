"""The paper's pictures from Python (``background_images=`` with
``background="image"``): single images, batches and datasets show the
picture, the manifest records it, and every bad path is refused with the
file's name and nothing written."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
from PIL import Image

import mnistseq

PICTURE = dict(background="image", background_strength=1.0)


def _stripes(path: pathlib.Path, period: int) -> pathlib.Path:
    yx = np.indices((40, 211))
    grey = np.where((yx[1] // period + yx[0] // 7) % 2 == 0, 40, 230).astype(np.uint8)
    Image.fromarray(grey).save(path)
    return path


def test_pictures_darken_the_paper(gen, tmp_path: pathlib.Path) -> None:
    a = _stripes(tmp_path / "a.png", 5)
    flat = gen.generate([3, 1, 4], (0, 10), 160, seed=2, index=4, dtype="uint8")
    shown = gen.generate([3, 1, 4], (0, 10), 160, seed=2, index=4, dtype="uint8",
                         background_images=a, **PICTURE)
    assert shown.shape == flat.shape
    # Paper pixels got darker (the stripes), ink stays ink.
    paper = flat == 255
    assert (shown[paper] < 255).mean() > 0.3
    assert (shown <= flat).all()
    # A str, a Path or a list of them: the same picture.
    again = gen.generate([3, 1, 4], (0, 10), 160, seed=2, index=4, dtype="uint8",
                         background_images=[str(a)], **PICTURE)
    assert np.array_equal(again, shown)
    # Batches give each image as a single call does.
    batch = gen.generate_batch(5, [3, 1, 4], (0, 10), 160, seed=2, dtype="uint8",
                               background_images=(a,), **PICTURE)
    assert np.array_equal(batch.images[4], shown)


def test_datasets_record_the_pictures(gen, tmp_path: pathlib.Path) -> None:
    a = _stripes(tmp_path / "a.png", 5)
    b = _stripes(tmp_path / "b.png", 9)
    params = mnistseq.Params(160, spacing_range=(0, 10), background_images=[a, b],
                             **PICTURE)
    info = gen.generate_dataset(tmp_path / "set", 6, None, params=params, seed=5,
                                format="npy")
    assert info.manifest["background_images"] == 2
    assert info.manifest["background_image_1"] == str(a)
    assert info.manifest["background_image_2"] == str(b)
    images = np.load(tmp_path / "set" / "images.npy")
    batch = gen.generate_batch(6, None, params=params, seed=5, dtype="uint8")
    assert np.array_equal(images, batch.images)


def test_bad_pictures_are_refused_by_name(gen, tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "missing.png"
    with pytest.raises(mnistseq.DataIOError, match=f"background image '{missing}'"):
        gen.generate([1, 2], (0, 0), 80, background_images=missing, **PICTURE)
    text = tmp_path / "text.png"
    text.write_text("not a picture")
    with pytest.raises(mnistseq.DataFormatError, match="not a PNG"):
        gen.generate_dataset(tmp_path / "out", 3, None, image_width=80,
                             background_images=[text], **PICTURE)
    assert not (tmp_path / "out").exists()
    with pytest.raises(mnistseq.InvalidArgumentError, match="no picture"):
        gen.generate([1, 2], (0, 0), 80, **PICTURE)
    with pytest.raises(TypeError, match="background_images"):
        mnistseq.Params(80, background_images=[3])
