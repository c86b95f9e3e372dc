"""mnistseq.write_png: the library's PNG encoder from Python."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

import mnistseq

PIL = pytest.importorskip("PIL.Image")


def test_written_png_decodes_to_the_image(gen, tmp_path: pathlib.Path) -> None:
    u8 = gen.generate([3, 5, 0], (2, 8), 200, seed=1, dtype=np.uint8)
    for level in (-1, 0, 6, 9):
        path = tmp_path / f"u8-{level}.png"
        mnistseq.write_png(path, u8, level=level)
        with PIL.open(path) as im:
            assert im.mode == "L" and im.size == (200, 28)
            assert np.array_equal(np.asarray(im), u8)
    f32 = gen.generate([3, 5, 0], (2, 8), 200, seed=1)
    mnistseq.write_png(tmp_path / "f32.png", f32)
    with PIL.open(tmp_path / "f32.png") as im:
        assert np.array_equal(np.asarray(im), u8)  # the library's own rounding


def test_bad_images_and_paths(tmp_path: pathlib.Path) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match="2-D"):
        mnistseq.write_png(tmp_path / "a.png", np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(TypeError, match="float64"):
        mnistseq.write_png(tmp_path / "a.png", np.zeros((28, 28)))
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"\[0, 1\]"):
        mnistseq.write_png(tmp_path / "a.png", np.full((28, 28), 1.5, np.float32))
    with pytest.raises(mnistseq.InvalidArgumentError, match="level"):
        mnistseq.write_png(tmp_path / "a.png", np.zeros((28, 28), np.uint8), level=12)
    with pytest.raises(mnistseq.InvalidArgumentError):
        mnistseq.write_png(tmp_path / "a.png", np.zeros((0, 28), np.uint8))
    missing_dir = tmp_path / "no" / "such" / "dir" / "a.png"
    with pytest.raises(mnistseq.DataIOError) as info:
        mnistseq.write_png(missing_dir, np.zeros((28, 28), np.uint8))
    assert str(missing_dir) in info.value.message
    assert not list(tmp_path.iterdir())  # nothing written, not even partly


def test_texts_are_written_in_order_and_read_back(tmp_path) -> None:
    image = (np.arange(12 * 30, dtype=np.uint32) % 251).astype(np.uint8).reshape(12, 30)
    path = tmp_path / "t.png"
    mnistseq.write_png(path, image, texts={"Software": "tests", "mnistseq-recipe": "350 2 8 200"})
    assert mnistseq.read_png_text(path, "mnistseq-recipe") == "350 2 8 200"
    assert mnistseq.read_png_text(path, "Software") == "tests"
    assert mnistseq.read_png_text(path, "Comment") is None
    with PIL.open(path) as png:  # any PNG reader sees them, and the pixels
        assert png.text == {"Software": "tests", "mnistseq-recipe": "350 2 8 200"}
        assert np.array_equal(np.asarray(png), image)
    mnistseq.write_png(tmp_path / "pairs.png", image, texts=[("Title", "caf\u00e9")])
    assert mnistseq.read_png_text(tmp_path / "pairs.png", "Title") == "caf\u00e9"


def test_bad_texts_are_refused_and_nothing_is_written(tmp_path) -> None:
    image = np.zeros((2, 2), np.uint8)
    path = tmp_path / "bad.png"
    with pytest.raises(mnistseq.InvalidArgumentError, match="keyword"):
        mnistseq.write_png(path, image, texts={" lead": "x"})
    with pytest.raises(mnistseq.InvalidArgumentError, match="Latin-1"):
        mnistseq.write_png(path, image, texts={"Title": "\u4e2d"})
    with pytest.raises(TypeError, match="pair"):
        mnistseq.write_png(path, image, texts=["Title"])
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError):
        mnistseq.read_png_text(tmp_path / "gone.png", "Title")
    (tmp_path / "text.png").write_bytes(b"not a png")
    with pytest.raises(mnistseq.DataFormatError, match="not a PNG"):
        mnistseq.read_png_text(tmp_path / "text.png", "Title")


def test_rgb_images_are_written_in_colour(gen, tmp_path: pathlib.Path) -> None:
    grey = gen.generate([3, 5, 0], (2, 8), 200, seed=1, dtype=np.uint8)
    rgb = np.stack([grey, 255 - grey, np.full_like(grey, 40)], axis=-1)
    mnistseq.write_png(tmp_path / "rgb.png", rgb)
    with PIL.open(tmp_path / "rgb.png") as im:
        assert im.mode == "RGB" and im.size == (200, 28)
        assert np.array_equal(np.asarray(im), rgb)
    as_float = (rgb / 255.0).astype(np.float32)
    mnistseq.write_png(tmp_path / "f32.png", as_float, level=9)
    with PIL.open(tmp_path / "f32.png") as im:
        assert np.array_equal(np.asarray(im), rgb)
    with pytest.raises(mnistseq.InvalidArgumentError, match="grey images only"):
        mnistseq.write_png(tmp_path / "t.png", rgb, texts={"k": "v"})
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"\(height, width, 3\) RGB"):
        mnistseq.write_png(tmp_path / "t.png", np.zeros((4, 4, 4), np.uint8))
    assert not (tmp_path / "t.png").exists()
