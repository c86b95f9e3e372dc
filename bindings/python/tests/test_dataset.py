"""Generator.generate_dataset and DatasetWriter: layouts, agreement with
generate_batch, resumption, cancellation, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import subprocess
import tarfile

import numpy as np
import pytest

import mnistseq
from mnistseq import errors

PIL = pytest.importorskip("PIL.Image")

JOB = dict(spacing_range=(0, 4), image_width=120, seed=3, length_range=(1, 4), shard_size=40)
COUNT = 100


def _files(directory: pathlib.Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def reference(gen) -> mnistseq.Batch:
    """The same samples from generate_batch, as uint8."""
    return gen.generate_batch(COUNT, None, JOB["spacing_range"], JOB["image_width"],
                              seed=JOB["seed"], length_range=JOB["length_range"], dtype=np.uint8)


def _write(gen, directory, fmt="png", **extra):
    args = dict(JOB, **extra)
    spacing = args.pop("spacing_range")
    width = args.pop("image_width")
    return gen.generate_dataset(directory, COUNT, None, spacing, width, format=fmt, **args)


def test_png_layout_matches_generate_batch(gen, reference, tmp_path: pathlib.Path) -> None:
    info = _write(gen, tmp_path / "ds")
    assert info.count == COUNT and info.format == "png" and info.shards == 3
    assert info.directory == str(tmp_path / "ds")
    m = info.manifest
    assert m["seed"] == 3 and m["width"] == 120 and m["split"] == "train"
    assert m["library_version"] == mnistseq.library_version()
    assert json.loads((tmp_path / "ds" / "manifest.json").read_text()) == m
    assert mnistseq.read_info(tmp_path / "ds") == info
    with open(tmp_path / "ds" / "labels.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows] == reference.labels.tolist()
    assert any(r["text"].startswith("0") and len(r["text"]) > 1 for r in rows)  # strings
    for i in (0, 1, 41, 99):
        row = rows[i]
        assert row["file"] == f"{i:09d}.png"
        assert int(row["length"]) == reference.lengths[i]
        p = reference.placements[i, : reference.lengths[i]]
        boxes = [list(map(int, b.split())) for b in row["boxes"].split(";")]
        assert boxes == [[b["x_begin"], b["y_begin"], b["x_end"], b["y_end"]] for b in p]
        assert list(map(int, row["source_indices"].split())) == p["source_index"].tolist()
        with PIL.open(tmp_path / "ds" / row["file"]) as im:
            assert np.array_equal(np.asarray(im), reference.images[i])


@pytest.mark.parametrize("fmt", ["png", "npy", "tar"])
def test_the_cli_writes_the_same_bytes(gen, mnist_dir, tmp_path: pathlib.Path, fmt: str) -> None:
    """generate_dataset() mirrors `mnistseq-cli dataset`: the same job gives
    the same files, byte for byte, manifest included."""
    cli = os.environ.get("MNISTSEQ_TEST_CLI")
    if not cli:
        pytest.skip("MNISTSEQ_TEST_CLI is not set (the build's mnistseq-cli)")
    _write(gen, tmp_path / "py", fmt)
    command = [
        cli, "dataset", "--quiet", "--count", str(COUNT), "--out", str(tmp_path / "cli"),
        "--format", fmt, "--data", str(mnist_dir), "--split", "train",
        "--seed", str(JOB["seed"]), "--width", str(JOB["image_width"]),
        "--min-spacing", str(JOB["spacing_range"][0]),
        "--max-spacing", str(JOB["spacing_range"][1]),
        "--min-length", str(JOB["length_range"][0]),
        "--max-length", str(JOB["length_range"][1]),
        "--shard-size", str(JOB["shard_size"]),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    python_files = _files(tmp_path / "py")
    assert "manifest.json" in python_files and len(python_files) > 2
    assert _files(tmp_path / "cli") == python_files


def test_npy_layout(gen, reference, tmp_path: pathlib.Path) -> None:
    info = _write(gen, tmp_path / "u8", "npy")
    images = np.load(tmp_path / "u8" / "images.npy")
    assert images.dtype == np.uint8 and np.array_equal(images, reference.images)
    lines = (tmp_path / "u8" / "labels.jsonl").read_text().splitlines()
    labels = [json.loads(line) for line in lines]
    assert [x["text"] for x in labels] == reference.labels.tolist()
    assert [x["index"] for x in labels] == list(range(COUNT))
    assert info.manifest["pixel_format"] == "uint8"
    _write(gen, tmp_path / "f32", "npy", dtype=np.float32)
    f32 = np.load(tmp_path / "f32" / "images.npy")
    batch = gen.generate_batch(COUNT, None, (0, 4), 120, seed=3, length_range=(1, 4))
    assert f32.dtype == np.float32 and np.array_equal(f32, batch.images)


def test_tar_layout(gen, reference, tmp_path: pathlib.Path) -> None:
    info = _write(gen, tmp_path / "t", "tar")
    shards = sorted((tmp_path / "t").glob("shard-*.tar"))
    assert [s.name for s in shards] == [f"shard-{k:06d}.tar" for k in range(info.shards)]
    with tarfile.open(shards[1]) as tar:
        names = tar.getnames()
        assert names[:2] == ["000000040.png", "000000040.json"]
        meta = json.load(tar.extractfile("000000041.json"))
        assert meta["text"] == reference.labels[41]
        with PIL.open(io.BytesIO(tar.extractfile("000000041.png").read())) as im:
            assert np.array_equal(np.asarray(im), reference.images[41])


def test_fixed_sequence_and_options(gen, tmp_path: pathlib.Path) -> None:
    info = gen.generate_dataset(tmp_path / "d", 10, "0042", (1, 2), 140, format="npy", seed=9,
                                fit="strict", align="left", invert=True, shard_size=4, threads=2)
    assert info.manifest["sequence"] == "0042"
    images = np.load(tmp_path / "d" / "images.npy")
    batch = gen.generate_batch(10, "0042", (1, 2), 140, seed=9, fit="strict", align="left",
                               invert=True, dtype=np.uint8)
    assert np.array_equal(images, batch.images)


def test_rerun_resumes_and_leaves_a_finished_dataset(gen, tmp_path: pathlib.Path) -> None:
    _write(gen, tmp_path / "a")
    before = _files(tmp_path / "a")
    mtimes = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a").iterdir()}
    _write(gen, tmp_path / "a")
    assert _files(tmp_path / "a") == before
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a").iterdir()} == mtimes


def test_cancel_then_resume_gives_the_same_bytes(gen, tmp_path: pathlib.Path) -> None:
    _write(gen, tmp_path / "whole", "tar")
    seen = []

    def stop_after_first_shard(done: int, total: int) -> bool:
        seen.append((done, total))
        return done >= 50

    with pytest.raises(mnistseq.CanceledError) as info:
        _write(gen, tmp_path / "part", "tar", progress=stop_after_first_shard)
    assert info.value.code == errors.MSEQ_ECANCELED
    assert seen[0] == (0, COUNT) and all(t == COUNT for _, t in seen)
    assert (tmp_path / "part" / "shard-000000.tar").exists()
    assert not (tmp_path / "part" / "shard-000002.tar").exists()

    class Boom(Exception):
        pass

    def explode(done: int, total: int) -> None:
        if done > 0:
            raise Boom("stop here")

    with pytest.raises(Boom):
        _write(gen, tmp_path / "part", "tar", progress=explode)
    progress = []
    _write(gen, tmp_path / "part", "tar", progress=lambda d, t: progress.append(d))
    assert progress[0] >= 40  # the complete shards count as done at once
    assert _files(tmp_path / "part") == _files(tmp_path / "whole")


def test_another_job_in_the_directory(gen, tmp_path: pathlib.Path) -> None:
    _write(gen, tmp_path / "a")
    with pytest.raises(mnistseq.OutputExistsError) as info:
        _write(gen, tmp_path / "a", seed=4)
    assert isinstance(info.value, FileExistsError)
    assert '"seed"' in info.value.message
    info2 = _write(gen, tmp_path / "a", seed=4, force=True)
    assert info2.manifest["seed"] == 4
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(mnistseq.OutputExistsError):
        _write(gen, tmp_path / "other")
    _write(gen, tmp_path / "other", force=True)
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


def test_bad_jobs_fail_before_writing(gen, tmp_path: pathlib.Path) -> None:
    target = tmp_path / "never"
    cases = [
        (dict(count=0), mnistseq.InvalidArgumentError),
        (dict(count=10**10), mnistseq.OutOfRangeError),
        (dict(spacing_range=(5, 1)), mnistseq.InvalidArgumentError),
        (dict(shard_size=0), mnistseq.InvalidArgumentError),
        (dict(png_level=11), mnistseq.InvalidArgumentError),
        (dict(image_width=20, fit="strict", digits="123"), mnistseq.NoFitError),
    ]
    for change, cls in cases:
        args = dict(count=10, digits=None, spacing_range=(0, 2), image_width=100)
        args.update(change)
        with pytest.raises(cls):
            gen.generate_dataset(target, args.pop("count"), args.pop("digits"),
                                 args.pop("spacing_range"), args.pop("image_width"), **args)
        assert not target.exists()
    with pytest.raises(mnistseq.InvalidArgumentError, match="format='zip'"):
        gen.generate_dataset(target, 10, None, (0, 0), 100, format="zip")
    with pytest.raises(mnistseq.InvalidArgumentError, match="random sequences"):
        gen.generate_dataset(target, 10, "12", (0, 0), 100, length_range=(1, 2))
    with pytest.raises(TypeError):
        gen.generate_dataset(None, 10, None, (0, 0), 100)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(mnistseq.DataIOError) as info:
        gen.generate_dataset(blocker / "sub", 10, None, (0, 0), 100)
    assert str(blocker) in info.value.message


def test_writer_steps_equal_the_one_call(gen, tmp_path: pathlib.Path) -> None:
    _write(gen, tmp_path / "one", "npy")
    spec = mnistseq.DatasetSpec.make(tmp_path / "steps", COUNT, None, (0, 4), 120, format="npy",
                                     seed=3, length_range=(1, 4), shard_size=40)
    with mnistseq.DatasetWriter(gen, spec) as w:
        assert w.shard_count == 3 == spec.shard_count()
        assert [w.shard_range(k) for k in range(3)] == [(0, 40), (40, 40), (80, 20)]
        assert json.loads(w.manifest_text) == w.manifest
        w.begin()
        assert not w.shard_done(2)
        for k in (2, 0, 1):  # any order
            w.write_shard(k)
        assert w.shard_done(2)
        with pytest.raises(mnistseq.InvalidArgumentError):
            w.shard_range(3)
        info = w.finish()
    assert info.count == COUNT
    assert _files(tmp_path / "steps") == _files(tmp_path / "one")
    with pytest.raises(mnistseq.InvalidArgumentError, match="closed"):
        w.begin()


def test_finish_before_every_shard_names_the_missing_one(gen, tmp_path: pathlib.Path) -> None:
    spec = mnistseq.DatasetSpec.make(tmp_path / "x", 30, None, (0, 0), 60, shard_size=10)
    w = mnistseq.DatasetWriter(gen, spec)
    w.begin()
    w.write_shard(0)
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"shard 1 \(images 10\.\.19\)"):
        w.finish()
    w.close()
    w.close()


def test_closing_the_generator_releases_its_writers(mnist_dir, tmp_path: pathlib.Path) -> None:
    g = mnistseq.Generator(mnist_dir)
    w = mnistseq.DatasetWriter(g, mnistseq.DatasetSpec.make(tmp_path / "x", 5, None, (0, 0), 60))
    g.close()
    with pytest.raises(mnistseq.InvalidArgumentError, match="closed"):
        w.shard_count
    w.close()
    with pytest.raises(mnistseq.InvalidArgumentError, match="closed"):
        g.generate_dataset(tmp_path / "y", 5, None, (0, 0), 60)


def test_verify_dataset_lists_what_is_missing_or_different(gen, mnist_dir,
                                                           tmp_path: pathlib.Path) -> None:
    d = tmp_path / "v"
    gen.generate_dataset(d, 12, None, (2, 8), 120, format="png", seed=4, shard_size=5)
    assert mnistseq.verify_dataset(d, data=mnist_dir, sample=12) == []
    (d / "000000003.png").unlink()
    png = bytearray((d / "000000007.png").read_bytes())
    png[len(png) // 2] ^= 1
    (d / "000000007.png").write_bytes(bytes(png))
    problems = mnistseq.verify_dataset(d, data=mnist_dir, sample=12)
    assert len(problems) == 2, problems
    assert any("000000003.png: missing" in p for p in problems), problems
    assert any("000000007.png" in p and "differs" in p for p in problems), problems
    # Only the files, no regeneration: the changed image goes unseen.
    assert len(mnistseq.verify_dataset(d, data=mnist_dir, sample=0)) == 1
    with pytest.raises(OSError, match="manifest.json"):
        mnistseq.verify_dataset(tmp_path, data=mnist_dir)
    with pytest.raises(TypeError, match="directory"):
        mnistseq.verify_dataset(3.5)  # type: ignore[arg-type]


def test_png_recipe_puts_each_images_recipe_in_it(gen, reference, tmp_path: pathlib.Path) -> None:
    """png_recipe=True: every PNG (file or tar member) carries the recipe of
    its own digits and index; the manifest records it; without it, none."""
    for fmt in ("png", "tar"):
        info = _write(gen, tmp_path / fmt, fmt, png_recipe=True)
        assert info.manifest["png_recipe"] is True
        if fmt == "png":
            image = tmp_path / fmt / "000000041.png"
        else:
            with tarfile.open(tmp_path / fmt / "shard-000001.tar") as tar:
                member = tar.extractfile("000000041.png")
                assert member is not None
                image = tmp_path / "member.png"
                image.write_bytes(member.read())
        recipe = mnistseq.read_png_text(image, "mnistseq-recipe")
        assert recipe == f"{reference.labels[41]} 0 4 120 --seed 3 --index 41 --split train"
        data = mnistseq.read_png_text(image, "mnistseq-data")
        assert data is not None and data.startswith("train-images-idx3-ubyte sha256:")
        assert mnistseq.read_png_text(image, "Software") == \
            f"libmnistseq {mnistseq.library_version()}"
        pixels = np.asarray(PIL.open(image))
        assert np.array_equal(pixels, reference.images[41])
    plain = _write(gen, tmp_path / "plain", "png")
    assert "png_recipe" not in plain.manifest
    assert mnistseq.read_png_text(tmp_path / "plain" / "000000041.png", "mnistseq-recipe") is None
    with pytest.raises(errors.OutputExistsError, match="png_recipe"):
        _write(gen, tmp_path / "plain", "png", png_recipe=True)
