"""The output geometry (``height``, ``margin_x``, ``margin_y``): every
array, mask and dataset file has the shape the library's
``mseq_image_shape()`` gives; a taller image holds the default image's
strip; bad values name their field."""

from __future__ import annotations

import pathlib
import struct
from typing import Any, Dict

import numpy as np
import pytest

import mnistseq
from mnistseq import _capi


def test_fields_are_the_table_s_integer_rows() -> None:
    p = mnistseq.Params(image_width=80)
    assert (p.height, p.margin_x, p.margin_y) == (0, 0, 0)
    q = mnistseq.Params(image_width=80, height=32, margin_x=2, margin_y=1)
    assert (q.height, q.margin_x, q.margin_y) == (32, 2, 1)
    assert q != p
    # Off: the C values (and the cached handles) of earlier versions.
    from mnistseq import params as _params

    assert _params.single_values(p) == _params.single_values(
        mnistseq.Params(image_width=80, height=0)
    )
    assert (_capi.PARAM_HEIGHT, 32.0) in _params.single_values(q)


@pytest.mark.parametrize(
    "geometry", [{}, {"height": 32}, {"height": 16}, {"height": 64, "margin_x": 4, "margin_y": 3}]
)
def test_every_output_has_the_library_s_shape(  # type: ignore[no-untyped-def]
    gen, geometry
) -> None:
    rows = geometry.get("height", 28)
    assert gen.image_shape(120, **geometry) == (rows, 120)
    image = gen.generate([3, 5, 0], (0, 4), 120, seed=1, **geometry)
    assert image.shape == (rows, 120)
    sample = gen.generate_annotated([3, 5, 0], (0, 4), 120, seed=1, **geometry)
    assert sample.image.shape == sample.mask.shape == (rows, 120)
    assert np.array_equal(sample.image, image)
    batch = gen.generate_batch(5, None, (0, 4), 120, threads=2, **geometry)
    assert batch.images.shape == (5, rows, 120)
    mx, my = geometry.get("margin_x", 0), geometry.get("margin_y", 0)
    for pl in batch.placements.reshape(-1)[: int(batch.lengths[0])]:
        assert mx <= pl["x_begin"] < pl["x_end"] <= 120 - mx
        assert my <= pl["y_begin"] < pl["y_end"] <= rows - my
    # Boxes lie in image pixels, inside their cells' rows.
    for box, pl in zip(sample.boxes, sample.placements):
        assert pl["y_begin"] <= box["y_begin"] < box["y_end"] <= pl["y_end"]


def test_a_taller_image_holds_the_default_strip(gen) -> None:  # type: ignore[no-untyped-def]
    for k in range(20):
        plain = gen.generate_sample([k % 10, 7, 1], (0, 5), 110, index=k, seed=3, dtype="uint8")
        tall = gen.generate_sample(
            [k % 10, 7, 1], (0, 5), 116, index=k, seed=3, dtype="uint8", height=40, margin_x=3
        )
        # 12 spare rows: the strip starts at row 6, 3 columns in.
        assert np.array_equal(tall.image[6:34, 3:113], plain.image)
        rest = tall.image.copy()
        rest[6:34, 3:113] = 255
        assert (rest == 255).all()
        assert (tall.placements["y_begin"] == plain.placements["y_begin"] + 6).all()
        assert (tall.placements["x_begin"] == plain.placements["x_begin"] + 3).all()


def test_a_shorter_image_shrinks_the_strip(gen) -> None:  # type: ignore[no-untyped-def]
    sample = gen.generate_sample([1, 2, 3], (2, 2), 200, height=14, dtype="uint8")
    assert sample.image.shape == (14, 200)
    assert sample.scale == pytest.approx(0.5)
    cells = sample.placements
    assert (cells["y_begin"] == 0).all() and (cells["y_end"] == 14).all()
    # 88 strip columns halved, centred in 200.
    assert cells["x_begin"][0] == (200 - 44) // 2
    assert cells["x_end"][-1] == (200 - 44) // 2 + 44


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"margin_x": 30}, "margin_x"),
        ({"margin_y": 14}, "margin_y"),
        ({"height": 10, "margin_y": 5}, "margin_y"),
    ],
)
def test_a_margin_that_leaves_no_room_names_its_field(  # type: ignore[no-untyped-def]
    gen, kwargs, words
) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match=words):
        gen.generate([1, 2], (0, 0), 60, **kwargs)
    with pytest.raises(mnistseq.InvalidArgumentError, match=words):
        gen.image_shape(60, **kwargs)


@pytest.mark.parametrize(
    "name, value", [("height", 1025), ("height", -1), ("margin_x", -2), ("margin_y", 5000)]
)
def test_bounds_name_the_field(name: str, value: int) -> None:
    with pytest.raises(mnistseq.MnistSeqError, match=name):
        options: Dict[str, Any] = {name: value}
        mnistseq.Params(image_width=50, **options)


def _png_size(path: pathlib.Path) -> tuple:
    data = path.read_bytes()
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return (height, width)


def test_datasets_have_the_shape(  # type: ignore[no-untyped-def]
    gen, tmp_path: pathlib.Path
) -> None:
    args = dict(height=36, margin_x=2, margin_y=3)
    npy = tmp_path / "npy"
    gen.generate_dataset(npy, 6, None, (0, 4), 90, seed=5, format="npy", **args)
    images = np.load(npy / "images.npy")
    assert images.shape == (6, 36, 90)
    manifest = (npy / "manifest.json").read_text()
    assert '"height": 36' in manifest and '"margin_x": 2' in manifest
    batch = gen.generate_batch(6, None, (0, 4), 90, seed=5, dtype="uint8", **args)
    assert np.array_equal(images, batch.images)
    png = tmp_path / "png"
    gen.generate_dataset(png, 3, None, (0, 4), 90, seed=5, format="png", **args)
    assert _png_size(png / "000000000.png") == (36, 90)
    # Resuming with another height is refused, naming it.
    with pytest.raises(mnistseq.MnistSeqError, match="height"):
        gen.generate_dataset(png, 3, None, (0, 4), 90, seed=5, format="png", height=40)
    # Defaults: the manifest of 1.0 (the glyph height, no margins).
    plain = tmp_path / "plain"
    gen.generate_dataset(plain, 2, None, (0, 4), 90, seed=5, format="png")
    text = (plain / "manifest.json").read_text()
    assert '"height": 28' in text and "margin" not in text
    # Verification regenerates the images from the manifest: exact.
    assert mnistseq.verify_dataset(npy, data=gen.data, sample=6) == []
    assert mnistseq.verify_dataset(png, data=gen.data, sample=3) == []
