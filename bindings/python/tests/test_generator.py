"""The Generator: layout, batches, caller buffers, life cycle, threads."""

from __future__ import annotations

import ctypes
import gc
import json
import pickle
import threading

import numpy as np
import pytest

import mnistseq
from mnistseq import PLACEMENT_DTYPE


def test_data_set_information(gen, mnist_train) -> None:
    images, labels = mnist_train
    assert gen.glyph_shape == images.shape[1:] == (28, 28)
    assert gen.height == 28
    assert len(gen) == len(labels) == 60000
    assert gen.class_counts == tuple(np.bincount(labels, minlength=10).tolist())
    assert gen.files[0].endswith("train-images-idx3-ubyte")
    assert gen.files[1].endswith("train-labels-idx1-ubyte")
    assert gen.split == "train"
    assert "60000" in repr(gen)


def test_layout_names_the_glyphs_drawn(gen, mnist_train) -> None:
    images, labels = mnist_train
    s = gen.generate_sample([3, 5, 0], (2, 8), 200, seed=42, index=7)
    assert s.label == "350"
    assert s.placements.dtype == PLACEMENT_DTYPE and s.placements.shape == (3,)
    assert s.scale == 1.0
    assert np.array_equal(s.image, gen.generate([3, 5, 0], (2, 8), 200, seed=42, index=7))
    for digit, p in zip([3, 5, 0], s.placements):
        assert p["label"] == digit
        assert labels[p["source_index"]] == digit  # the IDX file agrees
        assert p["x_end"] - p["x_begin"] == 28 and (p["y_begin"], p["y_end"]) == (0, 28)
        cell = s.image[:, p["x_begin"] : p["x_end"]]
        expected = 1.0 - images[p["source_index"]].astype(np.float32) / 255
        np.testing.assert_allclose(cell, expected, atol=1e-6)
    # centred: the padding on both sides differs by at most one pixel
    left = s.placements["x_begin"][0]
    right = 200 - s.placements["x_end"][-1]
    assert left >= 0 and right >= 0 and right - left in (0, 1)
    outside = np.ones(200, bool)
    for p in s.placements:
        outside[p["x_begin"] : p["x_end"]] = False
    assert (s.image[:, outside] == 1.0).all()  # gaps and padding: background


def test_negative_spacing_overlaps_digits_with_the_darker_ink(gen, mnist_train) -> None:
    images, _ = mnist_train
    s = gen.generate_sample([0, 8, 0], (-12, -6), 120, seed=3, index=2)
    assert s.scale == 1.0
    overlap = s.placements["x_end"][:-1] - s.placements["x_begin"][1:]
    assert ((overlap >= 6) & (overlap <= 12)).all(), s.placements
    ink = np.zeros((28, 120), np.uint8)
    for p in s.placements:
        cell = ink[:, p["x_begin"] : p["x_end"]]
        np.maximum(cell, images[p["source_index"]], out=cell)
    expected = (255 - ink).astype(np.float32) * np.float32(1 / 255)
    assert np.array_equal(s.image, expected)
    with pytest.raises(mnistseq.InvalidArgumentError, match=r"spacing_range=\(-28, 0\)"):
        gen.generate([1, 2], (-28, 0), 120)


def test_scaled_strip_reports_its_scale(gen) -> None:
    s = gen.generate_sample([1, 2, 3, 4, 5, 6], (4, 4), 84, seed=1)
    strip = 6 * 28 + 5 * 4
    assert s.scale == pytest.approx(84 / strip, rel=1e-3)
    assert (s.placements["x_begin"] >= 0).all() and (s.placements["x_end"] <= 84).all()
    assert (np.diff(s.placements["x_begin"]) > 0).all()
    heights = s.placements["y_end"] - s.placements["y_begin"]
    assert (heights < 28).all() and (s.placements["y_begin"] > 0).all()  # centred vertically


def test_alignment(gen) -> None:
    left = gen.generate_sample([4], (0, 0), 100, seed=1, align="left").placements[0]
    right = gen.generate_sample([4], (0, 0), 100, seed=1, align="right").placements[0]
    assert (left["x_begin"], left["x_end"]) == (0, 28)
    assert (right["x_begin"], right["x_end"]) == (72, 100)
    samples = [gen.generate_sample([4], (0, 0), 100, seed=1, index=i, align="random")
               for i in range(50)]
    starts = {s.placements[0]["x_begin"] for s in samples}
    assert len(starts) > 10 and min(starts) >= 0 and max(starts) <= 72


def test_exact_fit_fills_the_width(gen) -> None:
    for index in range(20):
        s = gen.generate_sample([8, 6, 4], (0, 20), 100, seed=3, index=index, fit="exact")
        p = s.placements
        assert p["x_begin"][0] == 0 and p["x_end"][-1] == 100
        gaps = p["x_begin"][1:] - p["x_end"][:-1]
        assert gaps.sum() == 100 - 84 and (gaps >= 0).all() and (gaps <= 20).all()


def test_batch_equals_single_calls(gen) -> None:
    b = gen.generate_batch(12, [0, 4, 2], (1, 6), 130, seed=9, first_index=100, threads=2)
    assert b.images.shape == (12, 28, 130) and b.images.dtype == np.float32
    assert b.images.flags.c_contiguous and b.images.flags.owndata
    assert list(b.labels) == ["042"] * 12
    assert b.lengths.tolist() == [3] * 12
    assert b.placements.shape == (12, 3) and b.seed == 9 and b.first_index == 100
    for i in range(12):
        single = gen.generate_sample([0, 4, 2], (1, 6), 130, seed=9, index=100 + i)
        assert np.array_equal(b.images[i], single.image)
        assert np.array_equal(b.placements[i], single.placements)
        assert b.scales[i] == single.scale


def test_random_sequences_in_a_batch(gen) -> None:
    b = gen.generate_batch(200, None, (0, 4), 200, seed=5, length_range=(1, 4), threads=2)
    assert b.placements.shape == (200, 4)
    assert set(len(label) for label in b.labels) == {1, 2, 3, 4}
    assert [len(label) for label in b.labels] == b.lengths.tolist()
    assert any(label.startswith("0") and len(label) > 1 for label in b.labels)  # leading zeros kept
    for i in (0, 1, 57, 199):
        label = str(b.labels[i])
        assert label == gen.random_sequence(i, seed=5, length_range=(1, 4))
        p = b.placements[i]
        assert "".join(str(v) for v in p["label"][: len(label)]) == label
        assert (p[len(label) :].tolist() == [(0, 0, 0, 0, 0, 0)] * (4 - len(label)))
        single = gen.generate(label, (0, 4), 200, seed=5, index=i)
        assert np.array_equal(b.images[i], single)
    nlz = gen.generate_batch(200, None, (0, 0), 140, seed=5, length_range=(2, 5),
                             no_leading_zero=True)
    assert not any(label.startswith("0") for label in nlz.labels)


def test_unique_random_sequences(gen) -> None:
    b = gen.generate_batch(100, None, (0, 0), 56, seed=2, length_range=(2, 2), unique=True)
    assert len(set(b.labels.tolist())) == 100


def test_batch_is_independent_of_thread_count(gen) -> None:
    runs = [
        gen.generate_batch(40, None, (0, 5), 150, seed=77, threads=t, dtype=np.uint8)
        for t in (1, 2, 7)
    ]
    for other in runs[1:]:
        assert np.array_equal(runs[0].images, other.images)
        assert np.array_equal(runs[0].placements, other.placements)
        assert np.array_equal(runs[0].labels, other.labels)


def test_determinism_seed_and_index(gen) -> None:
    a = gen.generate([5, 1], (0, 9), 90, seed=1, index=3)
    assert np.array_equal(a, gen.generate([5, 1], (0, 9), 90, seed=1, index=3))
    assert not np.array_equal(a, gen.generate([5, 1], (0, 9), 90, seed=1, index=4))
    assert not np.array_equal(a, gen.generate([5, 1], (0, 9), 90, seed=2, index=3))
    b = gen.generate_batch(1, [5, 1], (0, 9), 90, seed=None)
    assert np.array_equal(b.images[0], gen.generate([5, 1], (0, 9), 90, seed=b.seed))


def test_generate_into_a_caller_array(gen) -> None:
    out = np.full((28, 100), -1.0, np.float32)
    address = out.ctypes.data
    got = gen.generate([2, 7], (0, 3), 100, seed=4, out=out)
    assert got is out and out.ctypes.data == address
    assert np.array_equal(out, gen.generate([2, 7], (0, 3), 100, seed=4))
    out8 = np.zeros((28, 100), np.uint8)
    gen.generate([2, 7], (0, 3), 100, seed=4, dtype=np.uint8, out=out8)
    assert np.array_equal(out8, gen.generate([2, 7], (0, 3), 100, seed=4, dtype=np.uint8))
    outb = np.zeros((5, 28, 60), np.float32)
    b = gen.generate_batch(5, [1], (0, 0), 60, seed=1, out=outb)
    assert b.images is outb and outb.min() < 1.0
    # a row of a bigger C-contiguous array is a valid target
    rows = np.zeros((3, 28, 100), np.float32)
    gen.generate([2, 7], (0, 3), 100, seed=4, out=rows[1])
    assert np.array_equal(rows[1], out) and (rows[0] == 0).all() and (rows[2] == 0).all()


def test_bad_caller_arrays_are_rejected(gen) -> None:
    with pytest.raises(TypeError, match="dtype"):
        gen.generate([2], (0, 0), 50, seed=1, out=np.zeros((28, 50), np.float64))
    with pytest.raises(TypeError, match="dtype"):
        gen.generate([2], (0, 0), 50, seed=1, dtype=np.uint8, out=np.zeros((28, 50), np.float32))
    with pytest.raises(mnistseq.InvalidArgumentError, match="shape"):
        gen.generate([2], (0, 0), 50, seed=1, out=np.zeros((28, 51), np.float32))
    with pytest.raises(mnistseq.InvalidArgumentError, match="shape"):
        gen.generate([2], (0, 0), 50, seed=1, out=np.zeros((1, 28, 50), np.float32))
    with pytest.raises(mnistseq.InvalidArgumentError, match="contiguous"):
        gen.generate([2], (0, 0), 50, seed=1, out=np.zeros((50, 28), np.float32).T)
    with pytest.raises(mnistseq.InvalidArgumentError, match="contiguous"):
        gen.generate([2], (0, 0), 50, seed=1, out=np.zeros((28, 100), np.float32)[:, ::2])
    readonly = np.zeros((28, 50), np.float32)
    readonly.flags.writeable = False
    with pytest.raises(mnistseq.InvalidArgumentError, match="writeable"):
        gen.generate([2], (0, 0), 50, seed=1, out=readonly)
    with pytest.raises(TypeError, match="numpy array"):
        gen.generate([2], (0, 0), 50, seed=1, out=[[0.0] * 50] * 28)
    with pytest.raises(mnistseq.InvalidArgumentError, match="shape"):
        gen.generate_batch(2, [2], (0, 0), 50, seed=1, out=np.zeros((3, 28, 50), np.float32))
    assert (readonly == 0).all()


def test_close_twice_and_use_after_close(mnist_dir) -> None:
    g = mnistseq.Generator(mnist_dir)
    assert not g.closed
    g.close()
    g.close()
    assert g.closed
    assert "closed" in repr(g)
    for call in (
        lambda: g.generate([1], (0, 0), 28, seed=0),
        lambda: g.generate_sample([1], (0, 0), 28, seed=0),
        lambda: g.generate_batch(2, [1], (0, 0), 28, seed=0),
        lambda: g.random_sequence(0, seed=0),
    ):
        with pytest.raises(mnistseq.InvalidArgumentError, match="closed"):
            call()
    with pytest.raises(mnistseq.InvalidArgumentError, match="closed"):
        with g:
            pass


def test_context_manager_and_finaliser(mnist_dir) -> None:
    with mnistseq.Generator(mnist_dir, "test") as g:
        g.generate([1], (0, 0), 28, seed=0)
        finalizer = g._finalizer
        assert finalizer.alive
    assert g.closed and not finalizer.alive
    g2 = mnistseq.Generator(mnist_dir, "test")
    g2.generate([1], (0, 0), 28, seed=0)
    finalizer = g2._finalizer
    del g2
    gc.collect()
    assert not finalizer.alive  # released without close()


def test_generator_is_not_picklable(gen) -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(gen)


def test_threads_share_a_generator(gen) -> None:
    jobs = [([d, (d + 3) % 10], (0, d), 90 + d, d) for d in range(10)]
    expected = [gen.generate(*job[:3], seed=job[3], index=5) for job in jobs]
    results = {}
    errors = []

    def worker(k: int) -> None:
        try:
            for rep in range(30):
                j = (k + rep) % len(jobs)
                img = gen.generate(*jobs[j][:3], seed=jobs[j][3], index=5)
                if not np.array_equal(img, expected[j]):
                    results[k] = False
                    return
            results[k] = True
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == {k: True for k in range(4)}


def test_parameter_cache_stays_bounded(gen) -> None:
    expected = gen.generate([6], (0, 0), 40, seed=3)
    for width in range(41, 141):
        gen.generate([6], (0, 0), width, seed=3)
    gc.collect()  # caches of finished threads are freed
    assert len(gen._handles.params) <= 32
    assert np.array_equal(gen.generate([6], (0, 0), 40, seed=3), expected)


@pytest.mark.parametrize("seed", [0, 2**32 + 3, 2**63 - 1, 2**63, 2**64 - 1, -1])
@pytest.mark.parametrize("index", [0, 2**31, 2**32 + 7, 2**63 + 5, 2**64 - 1])
def test_generate_takes_the_full_64_bit_seed_and_index(gen, raw, seed, index) -> None:
    # generate() converts its C arguments itself: its images are those of
    # the C library called directly
    digits, spacing, width = [9, 0, 7, 2], (0, 12), 120
    rc, expected, _ = raw.generate(digits, spacing, width, seed=seed & (2**64 - 1), index=index)
    assert rc == 0
    assert np.array_equal(gen.generate(digits, spacing, width, seed=seed, index=index), expected)
    out = np.empty((28, width), np.uint8)
    rc, expected8, _ = raw.generate(digits, spacing, width, seed=seed & (2**64 - 1), index=index,
                                    u8=True)
    assert gen.generate("9072", spacing, width, seed=seed, index=index, out=out,
                        dtype=np.uint8) is out
    assert np.array_equal(out, expected8)


def test_generating_calls_release_the_gil(gen) -> None:
    # ctypes holds the GIL during a call only for PYTHONAPI functions
    # (PyDLL): other Python threads run while C generates
    for fn in (gen._generate_ptr, gen._generate_fn, gen._batch_annotated_fn):
        assert not fn._flags_ & ctypes._FUNCFLAG_PYTHONAPI
    assert isinstance(gen._cdll, ctypes.CDLL) and not isinstance(gen._cdll, ctypes.PyDLL)


@pytest.mark.parametrize("lengths", [(1, 8), (3, 3), (1, 1), (2, 12)])
def test_batch_labels_are_each_rows_digits(gen, lengths) -> None:
    # the labels are built for the whole batch at once: each is the join of
    # its row's digits, leading zeros kept
    b = gen.generate_batch(300, None, (0, 3), 150, seed=11, length_range=lengths, threads=2)
    assert b.labels.shape == (300,) and b.labels.dtype == np.dtype(("U", lengths[1]))
    for i in range(300):
        row = b.placements[i, : b.lengths[i]]["label"].tolist()
        assert b.labels[i] == "".join(str(d) for d in row)
        assert type(b.labels.tolist()[i]) is str
    assert {len(x) for x in b.labels} == set(range(lengths[0], lengths[1] + 1))
    if lengths[1] > 1:
        assert any(x.startswith("0") for x in b.labels)
    fixed = gen.generate_batch(5, "0070", (0, 3), 150, seed=11)
    assert fixed.labels.tolist() == ["0070"] * 5 and fixed.labels.dtype == np.dtype("U4")


def test_unique_permutation_orders_the_same_sequences(gen, tmp_path) -> None:
    # Lengths 1..2: 110 sequences, each once in either order.
    orders = {}
    for name in ("uniform", "feistel_1_0"):
        seqs = [gen.random_sequence(i, seed=4, length_range=(1, 2), unique=True,
                                    unique_permutation=name) for i in range(110)]
        assert len(set(seqs)) == 110
        b = gen.generate_batch(110, None, (0, 0), 56, seed=4, length_range=(1, 2),
                               unique=True, unique_permutation=name)
        assert b.labels.tolist() == seqs
        orders[name] = seqs
    assert orders["uniform"] != orders["feistel_1_0"]
    assert mnistseq.Params(56).unique_permutation == "uniform"
    assert orders["uniform"] == [
        gen.random_sequence(i, seed=4, length_range=(1, 2), unique=True) for i in range(110)]
    with pytest.raises(mnistseq.InvalidArgumentError, match="unique_permutation"):
        mnistseq.Params(56, unique_permutation="feistel")
    # A dataset records the order with unique (1.0's: no record, as in 1.0).
    new = gen.generate_dataset(tmp_path / "new", 20, None, (0, 0), 56, seed=4,
                               length_range=(1, 2), unique=True, format="npy")
    assert new.manifest["unique_permutation"] == "uniform"
    old = gen.generate_dataset(tmp_path / "old", 20, None, (0, 0), 56, seed=4,
                               length_range=(1, 2), unique=True, format="npy",
                               unique_permutation="feistel_1_0")
    assert "unique_permutation" not in old.manifest
    labels = [json.loads(line)["text"]
              for line in (tmp_path / "old" / "labels.jsonl").read_text().splitlines()]
    assert labels == orders["feistel_1_0"][:20]
