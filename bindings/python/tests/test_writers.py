"""One hand per image from Python: ``Generator(writers=...)``,
``writer="same"``, ``glyph_writer``, and the dataset's writer column. Needs
QMNIST's extended labels (MNISTSEQ_QMNIST_DIR; skipped without it, a
failure under CI=true)."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import struct
from typing import List

import numpy as np
import pytest

import mnistseq


def _qmnist(split: str) -> pathlib.Path:
    folder = os.environ.get("MNISTSEQ_QMNIST_DIR")
    if not folder:
        pytest.skip("MNISTSEQ_QMNIST_DIR does not name the QMNIST extended labels")
    return pathlib.Path(folder) / f"qmnist-{split}-labels-idx2-int.gz"


def _writer_column(path: pathlib.Path, rows: int) -> List[int]:
    """The writers (series << 32 | id) of the first rows, read here."""
    with gzip.open(path, "rb") as f:
        head = f.read(12)
        magic, count, columns = struct.unpack(">III", head)
        assert (magic, columns) == (0x0C02, 8) and count >= rows
        table = np.frombuffer(f.read(rows * 32), dtype=">i4").reshape(rows, 8)
    return [(int(s) << 32) | int(w) for s, w in zip(table[:, 1], table[:, 2])]


def test_every_digit_of_an_image_has_one_writer() -> None:
    path = _qmnist("test")
    column = _writer_column(path, 10000)
    gen = mnistseq.Generator(split="test", writers=path)
    batch = gen.generate_batch(
        200, None, (0, 4), 300, seed=5,
        length_range=(3, 9), writer="same",
    )
    hands = set()
    for i in range(200):
        sources = batch.placements[i][: batch.lengths[i]]["source_index"]
        writers = {column[int(s)] for s in sources}
        assert len(writers) == 1, (i, writers)
        hand = writers.pop()
        assert gen.glyph_writer(int(sources[0])) == hand
        hands.add(hand)
    assert len(hands) > 100


def test_datasets_record_the_writer(tmp_path: pathlib.Path) -> None:
    path = _qmnist("test")
    gen = mnistseq.Generator(split="test", writers=path)
    out = tmp_path / "ds"
    gen.generate_dataset(
        out, 12, None, (0, 4), 200, seed=2, format="npy", writer="same"
    )
    rows = [json.loads(line) for line in (out / "labels.jsonl").read_text().splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert row["writer"] == gen.glyph_writer(row["source_indices"][0])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["writer"] == "same"
    assert manifest["writers_file"] == path.name


def test_without_writers_same_is_refused() -> None:
    gen = mnistseq.Generator(split="test")
    with pytest.raises(mnistseq.DataNotFoundError, match="QMNIST"):
        gen.glyph_writer(0)
    with pytest.raises(mnistseq.InvalidArgumentError, match="writer same"):
        gen.generate([1, 2, 3], spacing_range=(0, 0), image_width=90, writer="same")
    with pytest.raises(mnistseq.InvalidArgumentError, match="writer"):
        mnistseq.Params(image_width=90, writer="one")


def test_bad_writers_files_are_named(tmp_path: pathlib.Path) -> None:
    with pytest.raises(mnistseq.InvalidArgumentError, match="writers=''"):
        mnistseq.Generator(split="test", writers="")
    missing = tmp_path / "none.gz"
    with pytest.raises(mnistseq.DataIOError, match=str(missing)):
        mnistseq.Generator(split="test", writers=missing)
    bad = tmp_path / "bad"
    bad.write_bytes(struct.pack(">III", 0x0C03, 10000, 8) + bytes(32 * 10000))
    with pytest.raises(mnistseq.DataFormatError, match=str(bad)):
        mnistseq.Generator(split="test", writers=bad)
    # the train split's file is refused for the test split
    if os.environ.get("MNISTSEQ_QMNIST_DIR"):
        with pytest.raises(mnistseq.DataFormatError):
            mnistseq.Generator(split="train", writers=_qmnist("test"))
    gen = mnistseq.Generator(split="test")
    with pytest.raises(mnistseq.OutOfRangeError, match="index=10000"):
        gen.glyph_writer(10000)


def test_style_consistent_needs_no_writers(tmp_path: pathlib.Path) -> None:
    gen = mnistseq.Generator(split="test")
    batch = gen.generate_batch(
        20, [0, 1, 2, 3], (0, 4), 160, seed=3, style="consistent"
    )
    plain = gen.generate_batch(20, [0, 1, 2, 3], (0, 4), 160, seed=3)
    assert (batch.placements["x_begin"] == plain.placements["x_begin"]).all()
    assert (batch.placements["source_index"] != plain.placements["source_index"]).any()
    out = tmp_path / "ds"
    gen.generate_dataset(out, 4, None, (0, 4), 160, seed=1, format="npy", style="consistent")
    assert json.loads((out / "manifest.json").read_text())["style"] == "consistent"
    with pytest.raises(mnistseq.InvalidArgumentError, match="style"):
        mnistseq.Params(image_width=90, style="same")
