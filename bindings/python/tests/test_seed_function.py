"""generate_mnist_sequence: the specification's function."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

import mnistseq
from mnistseq import sequence


@pytest.fixture(autouse=True)
def _default_data(mnist_dir: pathlib.Path) -> None:
    """The default lookup (data=None) reads MNISTSEQ_DATA."""


@pytest.mark.parametrize(
    "digits,width", [([3, 5, 0], 200), ([7], 28), ([1, 2, 3, 4, 5], 160), ([9, 9], 10)]
)
def test_shape_dtype_range_and_contiguity(digits, width) -> None:
    img = mnistseq.generate_mnist_sequence(digits, (2, 8), width, seed=11)
    assert isinstance(img, np.ndarray)
    assert img.shape == (28, width)
    assert img.dtype == np.float32
    assert img.flags.c_contiguous
    assert img.flags.owndata  # C filled numpy's own buffer: no view, no copy
    assert img.min() >= 0.0 and img.max() <= 1.0
    # black digits on white: white background and real ink
    assert img.max() == 1.0
    assert img.min() < 0.5  # ink (greyer when scaled down)


def test_equals_the_c_library_output(raw) -> None:
    cases = [
        ([3, 5, 0], (2, 8), 200, 1, "pad", "center", False),
        ([0, 0, 7], (0, 3), 120, 2**64 - 5, "pad", "left", True),
        ([4, 2], (1, 1), 40, 99, "pad", "right", False),
        ([1, 2, 3, 4, 5, 6, 7, 8], (3, 9), 100, 5, "pad", "center", False),  # scaled
        ([8, 6, 4], (0, 20), 100, 17, "exact", "center", False),
        ([5, 5], (0, 10), 90, 3, "strict", "random", False),
    ]
    for digits, spacing, width, seed, fit, align, invert in cases:
        img = mnistseq.generate_mnist_sequence(
            digits, spacing, width, seed=seed, fit=fit, align=align, invert=invert
        )
        rc, ref, msg = raw.generate(digits, spacing, width, seed=seed, fit=fit,
                                    align=align, invert=invert)
        assert rc == 0, msg
        assert img.tobytes() == ref.tobytes(), (digits, fit, align)


def test_uint8_is_the_rounded_float_image(gen) -> None:
    for digits, width in (([3, 5, 0], 200), ([1, 2, 3, 4, 5, 6, 7, 8, 9], 120)):
        f = gen.generate(digits, (0, 6), width, seed=4, index=9)
        u = gen.generate(digits, (0, 6), width, seed=4, index=9, dtype=np.uint8)
        assert u.dtype == np.uint8 and u.shape == f.shape
        expected = np.floor(f.astype(np.float64) * 255 + 0.5).astype(np.uint8)
        assert np.array_equal(u, expected)


def test_same_seed_same_image_other_seed_other_image() -> None:
    a = mnistseq.generate_mnist_sequence([3, 5, 0], (2, 8), 200, seed=123)
    b = mnistseq.generate_mnist_sequence([3, 5, 0], (2, 8), 200, seed=123)
    c = mnistseq.generate_mnist_sequence([3, 5, 0], (2, 8), 200, seed=124)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_seed_none_draws_a_fresh_seed() -> None:
    images = [mnistseq.generate_mnist_sequence([3, 5, 0], (0, 20), 200).tobytes() for _ in range(4)]
    assert len(set(images)) == 4


def test_seed_bit_pattern_int64_and_uint64_agree() -> None:
    a = mnistseq.generate_mnist_sequence([1, 7], (0, 5), 80, seed=-1)
    b = mnistseq.generate_mnist_sequence([1, 7], (0, 5), 80, seed=2**64 - 1)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "digits",
    [
        [3, 0, 5],
        (3, 0, 5),
        "305",
        np.array([3, 0, 5], dtype=np.int64),
        np.array([3, 0, 5], dtype=np.uint8),
        [np.int32(3), np.int64(0), np.uint16(5)],
        range(3, -1, -3),  # 3, 0
    ],
)
def test_digits_are_any_list_like_or_a_string(digits) -> None:
    expected_digits = [int(d) for d in (digits if not isinstance(digits, str) else list(digits))]
    img = mnistseq.generate_mnist_sequence(digits, (1, 4), 120, seed=8)
    ref = mnistseq.generate_mnist_sequence(expected_digits, (1, 4), 120, seed=8)
    assert np.array_equal(img, ref)


def test_invert_swaps_black_and_white() -> None:
    normal = mnistseq.generate_mnist_sequence([4, 2], (0, 5), 90, seed=6)
    inverted = mnistseq.generate_mnist_sequence([4, 2], (0, 5), 90, seed=6, invert=True)
    np.testing.assert_allclose(inverted, 1.0 - normal, atol=1e-6)
    assert inverted.min() == 0.0  # black background


def test_gaps_are_uniform_over_the_inclusive_range(gen) -> None:
    seen = {}
    for index in range(300):
        sample = gen.generate_sample([1, 2, 3], (2, 5), 200, seed=77, index=index)
        assert sample.scale == 1.0
        p = sample.placements
        gaps = p["x_begin"][1:] - p["x_end"][:-1]
        for g in gaps.tolist():
            seen[g] = seen.get(g, 0) + 1
    assert sorted(seen) == [2, 3, 4, 5]
    for count in seen.values():  # 600 gaps, 150 expected each
        assert 100 < count < 200


def test_test_split_uses_test_digits() -> None:
    with mnistseq.Generator(split="test") as g:
        assert len(g) == 10000
        s = g.generate_sample([3, 5, 0], (0, 0), 84, seed=1)
    assert (s.placements["source_index"] < 10000).all()
    img = mnistseq.generate_mnist_sequence([3, 5, 0], (0, 0), 84, seed=1, split="test")
    assert np.array_equal(img, s.image)


def test_opened_data_sets_are_cached(mnist_dir) -> None:
    mnistseq.clear_cache()
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=1)
    first = mnistseq.shared_generator()
    for _ in range(3):
        mnistseq.generate_mnist_sequence([2, 3], (0, 1), 60, seed=2)
    assert mnistseq.shared_generator() is first
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=1, data=mnist_dir)
    mnistseq.generate_mnist_sequence([1], (0, 0), 28, seed=1, data=str(mnist_dir) + "/")
    assert len(sequence._cache) == 2  # (None, train) and (mnist_dir, train)
    mnistseq.clear_cache()
    assert first.closed
    assert mnistseq.shared_generator() is not first


def test_explicit_data_directory_gives_the_same_images(mnist_dir) -> None:
    a = mnistseq.generate_mnist_sequence([6, 1], (0, 3), 70, seed=5)
    b = mnistseq.generate_mnist_sequence([6, 1], (0, 3), 70, seed=5, data=mnist_dir)
    assert np.array_equal(a, b)


FASHION = pathlib.Path("/usr/share/datasets/fashion-mnist")


def test_gzip_fashion_mnist_data() -> None:
    if not (FASHION / "train-images-idx3-ubyte.gz").exists():
        pytest.skip("Debian's dataset-fashion-mnist is not installed")
    img = mnistseq.generate_mnist_sequence([1, 2], (0, 0), 56, seed=1, data=FASHION)
    ref = mnistseq.generate_mnist_sequence([1, 2], (0, 0), 56, seed=1)
    assert img.shape == (28, 56)
    assert not np.array_equal(img, ref)
