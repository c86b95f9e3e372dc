"""Per-digit augmentation (the table's floating-point keys) as keyword
arguments and Params fields, and annotated images: ink boxes and instance
masks."""

from __future__ import annotations

import ctypes
import json
import dataclasses
import math
import pathlib
import re
from typing import Dict, Tuple

import numpy as np
import pytest

import mnistseq
from mnistseq import _capi, _lib, _source, _table
from mnistseq import params as _params
from mnistseq.errors import MSEQ_EINVAL, MSEQ_ERANGE

#: A value of each augmentation key that visibly changes digits.
SOME = dict(rotate=25.0, shear=20.0, digit_scale=0.3, aspect=0.3, shift_y=3.0,
            thickness=1.5, elastic_alpha=34.0)
ALL_ZERO = {name: 0.0 for name in SOME}
#: A value of each baseline key that moves the digits (per image).
BASELINE = dict(baseline_slope=4.0, wave_amplitude=3.0)
#: A value of each whole-image key that visibly changes the image.
WHOLE = dict(noise_std=0.2, salt_pepper=0.1, blur_sigma=2.0, contrast=0.5,
             brightness=0.3, gamma=0.5, ink_level=0.5, paper_level=0.5,
             background_strength=0.5)


def _files(directory: pathlib.Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _library_refusal(key: int, value: float) -> Tuple[int, str]:
    """(code, message) of the library's own mseq_params_set_f64 refusal."""
    cdll = _lib.cdll()
    handle = _capi.ParamsP()
    assert cdll.mseq_params_new(ctypes.byref(handle)) == 0
    try:
        rc = cdll.mseq_params_set_f64(handle, key, value)
        return rc, (cdll.mseq_last_error() or b"").decode() if rc else ""
    finally:
        cdll.mseq_params_free(handle)


def _background(image: np.ndarray, invert: bool) -> float:
    if image.dtype == np.uint8:
        return 0 if invert else 255
    return 0.0 if invert else 1.0


# --------------------------------------------------------------------------
# The keys come from the library's table
# --------------------------------------------------------------------------
def test_augmentation_fields_are_the_table_s_floating_point_rows() -> None:
    f64 = [row.name for row in _table.rows().values() if row.value_type == _capi.TYPE_F64]
    assert list(_params.AUGMENTATION_FIELDS) == f64
    # The modules: off (0) by default; the others (elastic_sigma, strength)
    # qualify them.
    modules = [name for name in f64 if _table.row(name).default_f64 == 0.0]
    assert modules == list(SOME) + list(BASELINE) + list(WHOLE)
    assert [name for name in f64 if name not in modules] == ["elastic_sigma", "strength",
                                                             "wave_period",
                                                             "texture_scale"]
    p = mnistseq.Params(50)
    for name in f64:
        row = _table.row(name)
        assert getattr(p, name) == row.default_f64
        assert type(getattr(p, name)) is float
        assert row.key == getattr(_capi, "PARAM_" + name.upper())
    # every call taking the image fields takes them
    assert set(f64) <= _params.IMAGE_FIELDS <= _params.BATCH_FIELDS <= _params.DATASET_FIELDS


def test_fields_are_normalised_floats_and_part_of_equality() -> None:
    p = mnistseq.Params(50, rotate=np.float32(10), shear=3, shift_y=-0.0)
    assert p.rotate == 10.0 and type(p.rotate) is float
    assert p.shear == 3.0 and type(p.shear) is float
    assert p.shift_y == 0.0 and math.copysign(1.0, p.shift_y) == 1.0
    assert p != mnistseq.Params(50) and p == mnistseq.Params(50, rotate=10.0, shear=3.0)
    assert dataclasses.replace(p, rotate=None).rotate == 0.0
    assert mnistseq.Params(50, **ALL_ZERO) == mnistseq.Params(50)


def test_augmentation_off_keeps_the_cached_parameter_values() -> None:
    # With augmentation off, a call's parameter values (the key of its
    # cached params handle) are those of earlier versions; on, the keys and
    # values follow them.
    plain = mnistseq.Params(50)
    assert _params.single_values(mnistseq.Params(50, **ALL_ZERO)) \
        == _params.single_values(plain)
    assert len(_params.single_values(plain)) == len(_source.KEY_PARAMS)
    assert len(_params.batch_values(plain)) == len(_source.KEY_PARAMS)
    on = _params.batch_values(mnistseq.Params(50, shear=2.5, thickness=1))
    assert on[len(_source.KEY_PARAMS):] == ((_capi.PARAM_SHEAR, 2.5),
                                            (_capi.PARAM_THICKNESS, 1.0))
    # float keywords are cacheable call keys; the hash of a Params ignores
    # augmentation (equality does not)
    assert _params.call_key("generate", None, (0, 0), 50, {"rotate": 5.0}) is not None
    assert hash(mnistseq.Params(50, rotate=5.0)) == hash(plain)


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------
def test_each_key_changes_the_digits_but_not_their_cells(gen) -> None:
    base = gen.generate_sample("3058", (2, 6), 160, seed=11, index=4)
    for name, value in SOME.items():
        got = gen.generate_sample("3058", (2, 6), 160, seed=11, index=4, **{name: value})
        assert not np.array_equal(got.image, base.image), name
        assert np.array_equal(got.placements, base.placements), name
        assert got.label == base.label == "3058" and got.scale == base.scale
        # outside every cell the image stays background
        outside = np.ones(160, bool)
        for p in got.placements:
            outside[p["x_begin"]:p["x_end"]] = False
        assert np.all(got.image[:, outside] == 1.0), name
        again = gen.generate("3058", (2, 6), 160, seed=11, index=4, **{name: value})
        assert np.array_equal(again, got.image), name
    # the draws depend on the seed and the index
    a = gen.generate("3058", (2, 6), 160, seed=11, index=4, rotate=30)
    assert not np.array_equal(a, gen.generate("3058", (2, 6), 160, seed=12, index=4,
                                              rotate=30))
    assert not np.array_equal(a, gen.generate("3058", (2, 6), 160, seed=11, index=5,
                                              rotate=30))


def test_zero_values_give_the_same_bytes_as_none(gen, tmp_path: pathlib.Path) -> None:
    zeros = [ALL_ZERO, {name: 0 for name in SOME}, {"rotate": -0.0, "thickness": 0}]
    plain = gen.generate("4719", (0, 5), 150, seed=2, index=9, dtype="uint8")
    batch = gen.generate_batch(5, None, (0, 5), 150, seed=2, length_range=(2, 4))
    for z in zeros:
        assert np.array_equal(
            gen.generate("4719", (0, 5), 150, seed=2, index=9, dtype="uint8", **z), plain)
        assert np.array_equal(
            gen.generate_annotated("4719", (0, 5), 150, seed=2, index=9, dtype="uint8",
                                   **z).image, plain)
        got = gen.generate_batch(5, None, (0, 5), 150, seed=2, length_range=(2, 4), **z)
        assert np.array_equal(got.images, batch.images)
    gen.generate_dataset(tmp_path / "plain", 6, None, (0, 5), 150, seed=3, format="npy")
    gen.generate_dataset(tmp_path / "zero", 6, None, (0, 5), 150, seed=3, format="npy",
                         **ALL_ZERO)
    assert _files(tmp_path / "zero") == _files(tmp_path / "plain")


def test_batches_streams_and_datasets_apply_augmentation(gen, tmp_path: pathlib.Path) -> None:
    batch = gen.generate_batch(6, None, (1, 4), 130, seed=5, length_range=(2, 4),
                               threads=2, **SOME)
    plain = gen.generate_batch(6, None, (1, 4), 130, seed=5, length_range=(2, 4))
    assert batch.labels.tolist() == plain.labels.tolist()
    assert np.array_equal(batch.placements, plain.placements)
    assert not np.array_equal(batch.images, plain.images)
    one_thread = gen.generate_batch(6, None, (1, 4), 130, seed=5, length_range=(2, 4),
                                    threads=1, **SOME)
    assert np.array_equal(one_thread.images, batch.images)
    for i, label in enumerate(batch.labels.tolist()):
        single = gen.generate(label, (1, 4), 130, seed=5, index=i, **SOME)
        assert np.array_equal(single, batch.images[i])
    streamed = list(gen.stream(4, None, (1, 4), 130, seed=5, count=6, length_range=(2, 4),
                               **SOME))
    assert np.array_equal(np.concatenate([b.images for b in streamed]), batch.images)

    params = mnistseq.Params(130, spacing_range=(1, 4), length_range=(2, 4), **SOME)
    info = gen.generate_dataset(tmp_path / "aug", 6, None, params=params, seed=5,
                                format="npy")
    for name, value in SOME.items():
        assert info.manifest[name] == value
    images = np.load(tmp_path / "aug" / "images.npy")
    u8 = gen.generate_batch(6, None, params=params, seed=5, dtype="uint8")
    assert np.array_equal(images, u8.images)
    # the same job again is the same dataset; another augmentation is not
    assert gen.generate_dataset(tmp_path / "aug", 6, None, params=params, seed=5,
                                format="npy").manifest == info.manifest
    with pytest.raises(mnistseq.OutputExistsError, match="rotate"):
        gen.generate_dataset(tmp_path / "aug", 6, None, params=params, seed=5,
                             format="npy", rotate=24.0)


#: The library's preset table (mnistseq.h, mseq_preset), written out here so
#: that a preset giving other ranges fails.
PRESETS = {
    "light": dict(rotate=5.0, shear=5.0, digit_scale=0.05, aspect=0.05, shift_y=1.0,
                  thickness=0.3, contrast=0.1,
                  brightness=0.05, ink_level=0.1, paper_level=0.05,
                  background_strength=0.05),
    "medium": dict(rotate=10.0, shear=12.0, digit_scale=0.1, aspect=0.1, shift_y=2.0,
                   thickness=0.6, contrast=0.2, brightness=0.1, ink_level=0.2,
                   paper_level=0.1, background_strength=0.1),
    "heavy": dict(rotate=20.0, shear=20.0, digit_scale=0.2, aspect=0.15, shift_y=3.0,
                  thickness=1.0, contrast=0.3, brightness=0.2, ink_level=0.3,
                  paper_level=0.2, background_strength=0.2),
}


@pytest.mark.parametrize("preset", list(PRESETS))
def test_preset_is_its_table_of_ranges(gen, tmp_path: pathlib.Path, preset: str) -> None:
    p = mnistseq.Params(160, spacing_range=(0, 10), preset=preset)
    assert p.preset == preset and p != mnistseq.Params(160, spacing_range=(0, 10))
    assert mnistseq.Params(160).preset == "none"
    spelled = gen.generate_batch(8, None, (0, 10), 160, seed=4, **PRESETS[preset])
    got = gen.generate_batch(8, None, params=p, seed=4)
    assert np.array_equal(got.images, spelled.images)
    assert np.array_equal(gen.generate("31415", params=p, seed=4, index=3),
                          gen.generate("31415", (0, 10), 160, seed=4, index=3,
                                       **PRESETS[preset]))
    # a module given its own value keeps it; strength scales the preset
    own = gen.generate("31415", params=p, seed=4, index=3, rotate=40.0)
    assert np.array_equal(own, gen.generate("31415", (0, 10), 160, seed=4, index=3,
                                            **{**PRESETS[preset], "rotate": 40.0}))
    half = {k: v * 0.5 for k, v in PRESETS[preset].items()}
    assert np.array_equal(gen.generate("31415", params=p, seed=4, index=3, strength=0.5),
                          gen.generate("31415", (0, 10), 160, seed=4, index=3, **half))
    # the manifest names it; a dataset with another preset is another job
    info = gen.generate_dataset(tmp_path / preset, 3, None, params=p, seed=4, format="npy")
    assert info.manifest["preset"] == preset
    other = "light" if preset != "light" else "heavy"
    with pytest.raises(mnistseq.OutputExistsError, match="preset"):
        gen.generate_dataset(tmp_path / preset, 3, None, params=p, seed=4, format="npy",
                             preset=other)


def test_preset_none_is_off_and_bad_presets_name_the_keyword(gen) -> None:
    plain = gen.generate("2718", (0, 10), 160, seed=1, index=2)
    assert np.array_equal(gen.generate("2718", (0, 10), 160, seed=1, index=2,
                                       preset="none"), plain)
    for bad in ("extreme", "Medium", 2, None.__class__):
        with pytest.raises(mnistseq.InvalidArgumentError,
                           match=r"^preset=.*: must be one of 'none', 'light', "
                                 r"'medium', 'heavy'$"):
            gen.generate("2718", (0, 10), 160, preset=bad)


# --------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------
def _bad_values(name: str):  # type: ignore[no-untyped-def]
    row = _table.row(name)
    return [-1.0, -1e-9, row.max_f64 + 1, float(np.nextafter(row.max_f64, np.inf)),
            float("nan"), float("inf"), float("-inf")]


@pytest.mark.parametrize("name", list(SOME) + list(BASELINE) + list(WHOLE))
def test_bad_values_are_the_library_s_refusals_naming_the_key(gen, name: str) -> None:
    row = _table.row(name)
    for value in _bad_values(name):
        code, said = _library_refusal(row.key, value)
        assert code in (MSEQ_EINVAL, MSEQ_ERANGE) and said, (name, value)
        # the library's message with the key's Python name and the value
        # as given
        expected = f"{name}={value!r}" + said[said.index(": "):]
        for call in (
            lambda: mnistseq.Params(40, **{name: value}),
            lambda: gen.generate("12", (0, 0), 80, **{name: value}),
            lambda: gen.generate_batch(2, None, (0, 0), 80, **{name: value}),
        ):
            with pytest.raises(mnistseq.MnistSeqError) as info:
                call()
            err = info.value
            assert err.code == code, (name, value)
            assert str(err).startswith(f"{name}={value!r}: must be "), str(err)
            # numbers shortened as Python writes them (0.9, not %.17g)
            shorter = re.sub(r"\d+\.\d{15,}", lambda m: repr(float(m.group(0))), expected)
            assert str(err) == shorter
    with pytest.raises(mnistseq.OutOfRangeError, match=rf"^{name}={row.max_f64 + 1!r}: "
                                                       rf"must be 0\.\.{row.max_f64:g}"):
        gen.generate("12", (0, 0), 80, **{name: row.max_f64 + 1})
    with pytest.raises(mnistseq.InvalidArgumentError, match=rf"^{name}=-1: must be 0\.\."):
        gen.generate("12", (0, 0), 80, **{name: -1})
    for wrong in ("1", True, [1.0], b"1"):
        with pytest.raises(TypeError, match=rf"^{name} must be a number, not "):
            gen.generate("12", (0, 0), 80, **{name: wrong})


def test_the_baseline_moves_whole_digits_and_is_recorded(gen, tmp_path: pathlib.Path) -> None:
    base = gen.generate_annotated("30581", (0, 4), 200, seed=11, index=4)
    for name, value in BASELINE.items():
        got = gen.generate_annotated("30581", (0, 4), 200, seed=11, index=4, **{name: value})
        assert not np.array_equal(got.image, base.image), name
        assert np.array_equal(got.placements, base.placements), name
        # each digit's ink moves up or down, whole: its box keeps its columns
        assert np.array_equal(got.boxes["x_begin"], base.boxes["x_begin"]), name
        assert np.array_equal(got.boxes["x_end"], base.boxes["x_end"]), name
        moved = got.boxes["y_begin"] - base.boxes["y_begin"]
        assert np.any(moved != 0), name
    # the period alone changes nothing; a period changes the wave
    assert np.array_equal(gen.generate("30581", (0, 4), 200, seed=11, index=4,
                                       wave_period=50.0), base.image)
    waved = gen.generate("30581", (0, 4), 200, seed=11, index=4, wave_amplitude=3.0)
    assert not np.array_equal(waved, gen.generate("30581", (0, 4), 200, seed=11, index=4,
                                                  wave_amplitude=3.0, wave_period=50.0))
    params = mnistseq.Params(200, spacing_range=(0, 4), wave_period=90.0, **BASELINE)
    info = gen.generate_dataset(tmp_path / "wave", 3, "30581", params=params, seed=5,
                                format="npy")
    assert info.manifest["baseline_slope"] == 4.0
    assert info.manifest["wave_amplitude"] == 3.0
    assert info.manifest["wave_period"] == 90.0
    plain = gen.generate_dataset(tmp_path / "plain", 3, "30581", (0, 4), 200, seed=5,
                                 format="npy", rotate=5.0, wave_period=90.0)
    assert "wave_period" not in plain.manifest and "baseline_slope" not in plain.manifest


def test_refused_values_write_nothing(gen, tmp_path: pathlib.Path) -> None:
    with pytest.raises(mnistseq.OutOfRangeError, match=r"^digit_scale=0\.95: must be "
                                                       r"0\.\.0\.9$"):
        gen.generate_dataset(tmp_path / "x", 4, "12", (0, 0), 80, digit_scale=0.95)
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"^shear=nan: must be a "
                                                            r"finite number$"):
        mnistseq.DatasetSpec.make(tmp_path / "y", 4, "12", (0, 0), 80, shear=math.nan)
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
    with pytest.raises(mnistseq.OutOfRangeError, match=r"^rotate=1000+: must be 0\.\.180$"):
        mnistseq.Params(40, rotate=10**400)  # beyond any double
    with pytest.raises(mnistseq.OutOfRangeError, match=r"^shift_y=1025\.0: must be "
                                                       r"0\.\.1024 \(MSEQ_MAX_GLYPH_SIDE\)$"):
        gen.generate("12", (0, 0), 80, shift_y=1025.0)


# --------------------------------------------------------------------------
# Annotated images
# --------------------------------------------------------------------------
CASES = [
    dict(digits="3058", spacing=(2, 6), width=160, options={}),
    dict(digits="3058", spacing=(2, 6), width=160, options=SOME),
    dict(digits="71", spacing=(-12, -6), width=90, options=dict(rotate=15.0)),  # overlap
    dict(digits="902", spacing=(0, 3), width=200,
         options=dict(invert=True, dtype="uint8", thickness=2.0, shift_y=4.0)),
    dict(digits="123456", spacing=(0, 4), width=100, options=dict(shear=30.0)),  # scaled
    dict(digits="8", spacing=(0, 0), width=28,
         options=dict(digit_scale=0.9, aspect=0.9, rotate=180.0)),
    dict(digits="305817", spacing=(-3, 4), width=200,
         options=dict(baseline_slope=6.0, wave_amplitude=5.0, wave_period=70.0)),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['digits']}-{sorted(c['options'])}")
def test_annotated_image_is_the_plain_image(gen, case) -> None:  # type: ignore[no-untyped-def]
    args = (case["digits"], case["spacing"], case["width"])
    for index in range(3):
        ann = gen.generate_annotated(*args, seed=7, index=index, **case["options"])
        sample = gen.generate_sample(*args, seed=7, index=index, **case["options"])
        assert np.array_equal(ann.image, sample.image)
        assert ann.image.dtype == sample.image.dtype
        assert np.array_equal(ann.placements, sample.placements)
        assert ann.label == sample.label == case["digits"] and ann.scale == sample.scale
        assert ann.boxes.dtype == mnistseq.INK_BOX_DTYPE and ann.boxes.shape == (len(args[0]),)
        assert ann.mask.dtype == np.uint16 and ann.mask.shape == ann.image.shape


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['digits']}-{sorted(c['options'])}")
def test_boxes_hold_their_mask_and_the_mask_is_the_ink(  # type: ignore[no-untyped-def]
        gen, case) -> None:
    args = (case["digits"], case["spacing"], case["width"])
    invert = bool(case["options"].get("invert"))
    for index in range(3):
        ann = gen.generate_annotated(*args, seed=7, index=index, **case["options"])
        ink = ann.image != _background(ann.image, invert)
        assert np.array_equal(ann.mask != 0, ink)
        assert ann.mask.max() <= len(args[0])
        xyxy = ann.xyxy()
        assert xyxy.dtype == np.int32 and xyxy.shape == (len(args[0]), 4)
        for i, box in enumerate(ann.boxes):
            ys, xs = np.nonzero(ann.mask == i + 1)
            x0, y0, x1, y1 = xyxy[i]
            assert (x0, x1, y0, y1) == (box["x_begin"], box["x_end"], box["y_begin"],
                                        box["y_end"])
            if xs.size:
                assert x0 <= xs.min() and xs.max() < x1, (i, box)
                assert y0 <= ys.min() and ys.max() < y1, (i, box)
            if x1 > x0:  # a box holds ink and lies in the image
                assert 0 <= x0 < x1 <= ann.image.shape[1]
                assert 0 <= y0 < y1 <= ann.image.shape[0]
                assert ink[y0:y1, x0:x1].any()
            else:
                assert (x0, x1, y0, y1) == (0, 0, 0, 0) and not xs.size
        if ann.scale == 1.0:  # a digit's ink stays in its cell
            for box, p in zip(ann.boxes, ann.placements):
                if box["x_end"] > box["x_begin"]:
                    assert p["x_begin"] <= box["x_begin"] and box["x_end"] <= p["x_end"]


def test_unaugmented_boxes_and_mask_are_the_glyphs_ink(gen, mnist_train) -> None:
    images, _ = mnist_train
    for index, spacing in ((0, (1, 5)), (1, (-14, -8))):
        ann = gen.generate_annotated("40962", spacing, 180, seed=21, index=index)
        assert ann.scale == 1.0
        darkest = np.zeros(ann.image.shape, np.int32)
        owner = np.zeros(ann.image.shape, np.uint16)
        for i, p in enumerate(ann.placements):
            glyph = images[p["source_index"]].astype(np.int32)
            ys, xs = np.nonzero(glyph)
            expected = (p["x_begin"] + xs.min(), p["x_begin"] + xs.max() + 1,
                        ys.min(), ys.max() + 1)
            assert tuple(ann.boxes[i].tolist()) == expected
            cell = (slice(0, 28), slice(p["x_begin"], p["x_end"]))
            darker = glyph > darkest[cell]  # ties go to the lower digit
            owner[cell][darker] = i + 1
            darkest[cell] = np.maximum(darkest[cell], glyph)
        assert np.array_equal(ann.mask, owner)


def test_annotated_takes_params_and_out(gen) -> None:
    p = mnistseq.Params(120, spacing_range=(0, 3), rotate=10.0)
    out = np.empty((28, 120), np.float32)
    ann = gen.generate_annotated("555", params=p, seed=1, index=3, out=out)
    assert ann.image is out
    assert np.array_equal(out, gen.generate("555", params=p, seed=1, index=3))
    with pytest.raises(mnistseq.InvalidArgumentError, match="apply to random sequences"):
        gen.generate_annotated("5", params=dataclasses.replace(p, unique=True))
    with pytest.raises(TypeError, match=r"^generate_annotated\(\) got an unexpected "
                                        r"keyword argument 'threads'$"):
        gen.generate_annotated("5", (0, 0), 40, threads=1)


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------
def test_torch_items_carry_detection_targets(gen, mnist_dir) -> None:
    mtorch = pytest.importorskip("mnistseq.torch")
    import torch

    kw = dict(spacing_range=(0, 5), seed=31, length_range=(2, 5), data=mnist_dir, **SOME)
    plain = mtorch.SequenceDataset(8, 150, **kw)
    annotated = mtorch.SequenceDataset(8, 150, annotate=True, **kw)
    for i in range(8):
        image, label = plain[i]
        a_image, a_label, target = annotated[i]
        assert torch.equal(a_image, image) and a_label == label
        n = len(label)
        assert set(target) == {"boxes", "labels", "masks"}
        assert target["boxes"].dtype == torch.float32 and target["boxes"].shape == (n, 4)
        assert target["labels"].dtype == torch.int64
        assert target["labels"].tolist() == [int(c) for c in label]
        masks = target["masks"]
        assert masks.dtype == torch.uint8 and masks.shape == (n, 28, 150)
        ann = gen.generate_annotated(label, (0, 5), 150, seed=31, index=i, **SOME)
        assert np.array_equal(target["boxes"].numpy(), ann.xyxy().astype(np.float32))
        for j in range(n):
            assert np.array_equal(masks[j].numpy(), (ann.mask == j + 1).astype(np.uint8))
            ys, xs = np.nonzero(masks[j].numpy())
            x1, y1, x2, y2 = target["boxes"][j].tolist()
            if xs.size:
                assert x1 <= xs.min() < x2 and x1 <= xs.max() < x2
                assert y1 <= ys.min() < y2 and y1 <= ys.max() < y2
        assert np.array_equal(masks.numpy().any(axis=0), image.numpy()[0] != 1.0)
    loader = torch.utils.data.DataLoader(annotated, batch_size=3,
                                         collate_fn=lambda b: tuple(zip(*b)))
    images, labels, targets = next(iter(loader))
    assert len(images) == len(labels) == len(targets) == 3
    fixed = mtorch.SequenceDataset(2, 90, digits="07", annotate=True, data=mnist_dir,
                                   target_transform=int)
    image, label, target = fixed[1]
    assert label == 7 and target["labels"].tolist() == [0, 7]
    with pytest.raises(mnistseq.OutOfRangeError, match=r"^thickness=5\.0: must be 0\.\.4$"):
        mtorch.SequenceDataset(2, 90, thickness=5.0, data=mnist_dir)
    with pytest.raises(TypeError, match=r"^annotate must be a bool"):
        mtorch.SequenceDataset(2, 90, annotate="yes", data=mnist_dir)


# --------------------------------------------------------------------------
# The whole image
# --------------------------------------------------------------------------
def test_each_whole_image_key_changes_the_image_but_not_the_labels(gen) -> None:
    base = gen.generate_annotated("3058", (2, 6), 160, seed=11, index=4, shear=10.0)
    for name, value in WHOLE.items():
        extra = {name: value, "background": "gradient"}
        got = gen.generate_annotated("3058", (2, 6), 160, seed=11, index=4, shear=10.0,
                                     **extra)
        assert not np.array_equal(got.image, base.image), name
        assert np.array_equal(got.placements, base.placements), name
        assert np.array_equal(got.mask, base.mask), name
        assert np.array_equal(got.boxes, base.boxes), name
        plain = gen.generate("3058", (2, 6), 160, seed=11, index=4, shear=10.0, **extra)
        assert np.array_equal(plain, got.image), name
        assert 0.0 <= got.image.min() and got.image.max() <= 1.0


def test_background_is_a_named_choice(gen) -> None:
    p = mnistseq.Params(50)
    assert p.background == "flat"
    assert mnistseq.Params(50, background="texture") != p
    # a pattern without depth changes nothing, and adds no key
    assert _params.single_values(mnistseq.Params(50, background="flat")) \
        == _params.single_values(p)
    on = _params.batch_values(mnistseq.Params(50, background="texture",
                                              background_strength=0.25))
    assert on[len(_source.KEY_PARAMS):] == ((_capi.PARAM_BACKGROUND_STRENGTH, 0.25),
                                            (_capi.PARAM_BACKGROUND,
                                             float(_capi.BACKGROUND_TEXTURE)))
    images = {
        pattern: gen.generate("42", (0, 0), 80, seed=3, index=1, background=pattern,
                              background_strength=0.6)
        for pattern in ("flat", "gradient", "texture")
    }
    assert np.array_equal(images["flat"], gen.generate("42", (0, 0), 80, seed=3, index=1))
    assert not np.array_equal(images["gradient"], images["flat"])
    assert not np.array_equal(images["texture"], images["gradient"])
    with pytest.raises(mnistseq.MnistSeqError, match="background"):
        mnistseq.Params(50, background="marble")


# --------------------------------------------------------------------------
# Annotated batches and dataset masks
# --------------------------------------------------------------------------
@pytest.mark.parametrize("threads", [1, 2, 7])
def test_annotated_batch_is_each_annotated_image(  # type: ignore[no-untyped-def]
        gen, threads) -> None:
    options = dict(dtype="uint8", rotate=15.0, elastic_alpha=20.0, threads=threads)
    batch = gen.generate_batch(9, None, (-4, 3), 130, seed=5, first_index=11,
                               annotate=True, length_range=(1, 4), **options)
    plain = gen.generate_batch(9, None, (-4, 3), 130, seed=5, first_index=11,
                               length_range=(1, 4), **options)
    assert plain.masks is None and plain.ink_boxes is None
    assert np.array_equal(batch.images, plain.images)
    assert batch.masks is not None and batch.ink_boxes is not None
    assert batch.masks.dtype == np.uint16 and batch.masks.shape == batch.images.shape
    assert batch.ink_boxes.dtype == mnistseq.INK_BOX_DTYPE
    assert batch.ink_boxes.shape == batch.placements.shape
    del options["threads"]
    for i, label in enumerate(batch.labels):
        ann = gen.generate_annotated(str(label), (-4, 3), 130, seed=5, index=11 + i,
                                     **options)
        assert np.array_equal(batch.masks[i], ann.mask)
        n = int(batch.lengths[i])
        assert np.array_equal(batch.ink_boxes[i, :n], ann.boxes)
        assert not batch.ink_boxes[i, n:].tolist() or \
            all(tuple(b) == (0, 0, 0, 0) for b in batch.ink_boxes[i, n:].tolist())
    assert (batch.masks != 0).sum() > 9 * 40


def test_dataset_masks_npy_and_ink_boxes(gen, tmp_path: pathlib.Path) -> None:
    args = dict(dtype="uint8", rotate=10.0, seed=2)
    info = gen.generate_dataset(tmp_path / "ds", 6, "407", (0, 2), 110, format="npy",
                                masks=True, **args)
    assert info.manifest["masks"] is True
    masks = np.load(tmp_path / "ds" / "masks.npy")
    assert masks.dtype == np.uint16 and masks.shape == (6, 28, 110)
    rows = [json.loads(line) for line in
            (tmp_path / "ds" / "labels.jsonl").read_text().splitlines()]
    for i in range(6):
        ann = gen.generate_annotated("407", (0, 2), 110, index=i, **args)
        assert np.array_equal(masks[i], ann.mask)
        assert rows[i]["ink_boxes"] == ann.xyxy().tolist()
    plain = gen.generate_dataset(tmp_path / "plain", 6, "407", (0, 2), 110,
                                 format="npy", **args)
    assert "masks" not in plain.manifest
    assert not (tmp_path / "plain" / "masks.npy").exists()
    with pytest.raises(TypeError, match="^masks must be a bool, not 2$"):
        mnistseq.Params(110, masks=2)  # type: ignore[arg-type]
