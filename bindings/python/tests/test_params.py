"""mnistseq.Params: one frozen parameters object taken by every generating
call, the same as its fields given as keywords; its bounds and defaults are
the library's parameter table."""

from __future__ import annotations

import ctypes
import dataclasses
import pathlib
import pickle
import re

import numpy as np
import pytest

import mnistseq
from mnistseq import _capi, _lib, _table

P = mnistseq.Params(
    140, spacing_range=(1, 6), fit="pad", align="left", invert=True,
    length_range=(2, 4), no_leading_zero=True, shard_size=7, png_level=1,
)
KEYWORDS = dict(fit="pad", align="left", invert=True, length_range=(2, 4),
                no_leading_zero=True)


def _files(directory: pathlib.Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_params_is_frozen_hashable_picklable_and_normalised() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        P.image_width = 3  # type: ignore[misc]
    same = mnistseq.Params(np.int64(140), spacing_range=[1, 6], fit="pad", align="left",
                           invert=np.bool_(True), length_range=(2, 4), no_leading_zero=1,
                           shard_size=7, png_level=1)
    assert same == P and hash(same) == hash(P)
    assert type(same.image_width) is int and same.spacing_range == (1, 6)
    assert same.invert is True and same.no_leading_zero is True
    assert pickle.loads(pickle.dumps(P)) == P
    assert mnistseq.Params(10, dtype=np.uint8).dtype == "uint8"
    assert dataclasses.replace(P, image_width=90).image_width == 90


def test_the_table_is_the_library_s() -> None:
    rows = _table.rows()
    assert {"min_spacing", "max_spacing", "width", "fit", "align", "invert", "seed",
            "format", "min_length", "max_length", "no_leading_zero", "unique",
            "threads", "shard_size", "png_level"} <= set(rows)
    cdll = _lib.cdll()
    for name, row in rows.items():
        key = ctypes.c_int()
        assert cdll.mseq_param_by_name(ctypes.byref(key), name.encode()) == 0, name
        assert key.value == row.key, name
    assert rows["fit"].key == _capi.PARAM_FIT and rows["fit"].value_type == _capi.TYPE_ENUM
    assert rows["invert"].value_type == _capi.TYPE_BOOL
    assert rows["png_level"].min == -1 and rows["png_level"].max == 9


def test_defaults_are_the_library_table() -> None:
    p = mnistseq.Params(50)
    rows = _table.rows()
    assert p.spacing_range == (0, 0)  # the Python API's own default
    assert p.fit == rows["fit"].choices[rows["fit"].default] == "pad"
    assert p.align == rows["align"].choices[rows["align"].default] == "center"
    assert p.invert is bool(rows["invert"].default) is False
    assert p.lengths == (rows["min_length"].default, rows["max_length"].default) == (1, 5)
    assert p.shard_size == rows["shard_size"].default == 10000
    assert p.png_level == rows["png_level"].default == -1
    assert p.dtype is None and p.threads is None and p.length_range is None


def test_bounds_are_the_library_table() -> None:
    rows = _table.rows()
    assert rows["width"].min == 1 and rows["width"].max == _capi.MAX_WIDTH
    assert rows["threads"].max == _capi.MAX_THREADS
    assert rows["max_length"].max == _capi.MAX_DIGITS
    assert rows["fit"].choices == ("pad", "exact", "strict")
    for name, field, value in [("width", "image_width", None), ("threads", "threads", None),
                               ("shard_size", "shard_size", None),
                               ("png_level", "png_level", None)]:
        row = rows[name]
        assert mnistseq.Params(**{"image_width": 10, field: row.max}).__dict__[field] == row.max
        with pytest.raises(mnistseq.OutOfRangeError,
                           match=rf"^{field}={row.max + 1}: must be {row.min}\.\.{row.max}$"):
            mnistseq.Params(**{"image_width": 10, field: row.max + 1})
    with pytest.raises(mnistseq.InvalidArgumentError,
                       match=r"^length_range\[0\]=0: must be 1\.\.1024$"):
        mnistseq.Params(10, length_range=(0, 3))


def test_messages_name_the_field() -> None:
    with pytest.raises(TypeError, match=r"^invert must be a bool, not 'no'$"):
        mnistseq.Params(10, invert="no")
    with pytest.raises(mnistseq.InvalidArgumentError,
                       match=r"^align='up': must be one of 'center', 'left', 'right', "
                             r"'random'$"):
        mnistseq.Params(10, align="up")
    with pytest.raises(mnistseq.InvalidArgumentError,
                       match=r"^dtype='int8': must be numpy\.float32 or numpy\.uint8$"):
        mnistseq.Params(10, dtype="int8")


def test_generate_and_sample_take_params(gen) -> None:
    single = dataclasses.replace(P, length_range=None, no_leading_zero=False)
    expected = gen.generate("305", (1, 6), 140, seed=3, index=2, fit="pad", align="left",
                            invert=True)
    assert np.array_equal(gen.generate("305", params=single, seed=3, index=2), expected)
    assert np.array_equal(gen.generate_sample("305", params=single, seed=3, index=2).image,
                          expected)
    # a keyword replaces the field
    wider = gen.generate("305", params=single, image_width=150, seed=3, index=2)
    assert wider.shape == (28, 150)
    assert np.array_equal(
        wider, gen.generate("305", (1, 6), 150, seed=3, index=2, align="left", invert=True))
    # random-sequence options make no sense for fixed digits
    with pytest.raises(mnistseq.InvalidArgumentError, match="apply to random sequences"):
        gen.generate("305", params=P, seed=3)


def test_batch_and_stream_take_params(gen) -> None:
    expected = gen.generate_batch(6, None, (1, 6), 140, seed=4, **KEYWORDS)
    batch = gen.generate_batch(6, None, params=P, seed=4)
    assert np.array_equal(batch.images, expected.images)
    assert batch.labels.tolist() == expected.labels.tolist()
    assert all(2 <= len(s) <= 4 and s[0] != "0" for s in batch.labels.tolist())
    streamed = list(gen.stream(3, None, params=P, seed=4, count=6))
    assert np.array_equal(np.concatenate([b.images for b in streamed]), expected.images)
    assert gen.random_sequence(5, seed=4, length_range=(2, 4), no_leading_zero=True) \
        == expected.labels[5]


def test_dataset_takes_params(gen, tmp_path: pathlib.Path) -> None:
    keywords = gen.generate_dataset(tmp_path / "kw", 20, None, (1, 6), 140, seed=5,
                                    shard_size=7, png_level=1, **KEYWORDS)
    given = gen.generate_dataset(tmp_path / "p", 20, None, params=P, seed=5)
    assert given.shards == 3 and given.manifest == keywords.manifest
    assert _files(tmp_path / "p") == _files(tmp_path / "kw")
    spec = mnistseq.DatasetSpec.make(tmp_path / "s", 20, None, params=P, seed=5)
    assert spec.params == dataclasses.replace(P, dtype="uint8")
    assert spec.image_width == 140 and spec.shard_size == 7 and spec.dtype == "uint8"
    assert spec.shard_count() == 3


def test_unknown_or_missing_keywords_are_type_errors(gen, tmp_path: pathlib.Path) -> None:
    with pytest.raises(TypeError, match=r"^generate\(\) got an unexpected keyword "
                                        r"argument 'threads'$"):
        gen.generate("1", (0, 0), 40, threads=2)
    with pytest.raises(TypeError, match=r"^generate_batch\(\) got an unexpected keyword "
                                        r"argument 'shard_size'$"):
        gen.generate_batch(2, "1", (0, 0), 40, shard_size=2)
    with pytest.raises(TypeError, match=r"^generate_dataset\(\) got an unexpected keyword "
                                        r"argument 'colour'$"):
        gen.generate_dataset(tmp_path / "x", 2, "1", (0, 0), 40, colour=1)
    with pytest.raises(TypeError, match=r"^generate\(\) missing required argument: "
                                        r"'image_width'$"):
        gen.generate("1", (0, 0))
    with pytest.raises(TypeError, match=r"^params must be a mnistseq\.Params, not dict$"):
        gen.generate("1", params={"image_width": 40})
    assert not (tmp_path / "x").exists()


def test_torch_takes_params(mnist_dir) -> None:
    torch_module = pytest.importorskip("mnistseq.torch")
    ds = torch_module.SequenceDataset(4, params=P, seed=8, data=mnist_dir)
    kw = torch_module.SequenceDataset(4, 140, spacing_range=(1, 6), seed=8, data=mnist_dir,
                                      **KEYWORDS)
    for i in range(4):
        assert np.array_equal(ds[i][0].numpy(), kw[i][0].numpy()) and ds[i][1] == kw[i][1]
    assert ds.image_width == 140 and ds.length_range == (2, 4)
    assert pickle.loads(pickle.dumps(ds)).params == ds.params
    with pytest.raises(mnistseq.InvalidArgumentError,
                       match=re.escape("params.dtype='uint8': SequenceDataset items are "
                                       "float32")):
        torch_module.SequenceDataset(4, params=dataclasses.replace(P, dtype="uint8"))


def test_dask_takes_params(gen, mnist_dir, tmp_path: pathlib.Path) -> None:
    mdask = pytest.importorskip("mnistseq.dask")
    local = gen.generate_dataset(tmp_path / "local", 20, None, params=P, seed=6)
    graph = mdask.dataset_graph(tmp_path / "graph", 20, None, params=P, seed=6,
                                data=mnist_dir)
    info = graph.compute(scheduler="sync")
    assert info.manifest == local.manifest
    assert _files(tmp_path / "graph") == _files(tmp_path / "local")
