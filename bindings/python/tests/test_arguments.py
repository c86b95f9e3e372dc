"""Argument checking seen from Python: containers whose order is meaningless
are refused, and messages name the argument as the caller wrote it."""

from __future__ import annotations

import pathlib
import re
from typing import Any, Callable, Dict

import numpy as np
import pytest

import mnistseq

# digits in containers without a meaningful order
UNORDERED = [
    {3, 5},
    frozenset({3, 5}),
    {3: 0, 5: 1},
    {3: 0, 5: 1}.keys(),
    {3: 0, 5: 1}.values(),
    {3: 0, 5: 1}.items(),
    {7},  # even one digit: the type is refused, not the content
]


def _digits_callers(
    gen, mnist_dir: pathlib.Path, tmp_path: pathlib.Path
) -> Dict[str, Callable[[Any], Any]]:
    """Every public function taking ``digits``, as fn(digits)."""
    out = tmp_path / "ds"
    return {
        "generate": lambda d: gen.generate(d, (0, 2), 90, seed=1),
        "generate_sample": lambda d: gen.generate_sample(d, (0, 2), 90, seed=1),
        "generate_batch": lambda d: gen.generate_batch(2, d, (0, 2), 90, seed=1),
        "stream": lambda d: gen.stream(2, d, (0, 2), 90, seed=1, count=4),
        "generate_dataset": lambda d: gen.generate_dataset(out, 4, d, (0, 2), 90),
        "generate_mnist_sequence": lambda d: mnistseq.generate_mnist_sequence(
            d, (0, 2), 90, seed=1, data=mnist_dir
        ),
        "DatasetSpec.make": lambda d: mnistseq.DatasetSpec.make(out, 4, d, (0, 2), 90),
    }


@pytest.mark.parametrize("digits", UNORDERED, ids=lambda d: type(d).__name__)
def test_unordered_digits_are_refused(gen, mnist_dir, tmp_path, digits) -> None:
    message = rf"^digits must be an ordered .*not {type(digits).__name__}"
    for name, call in _digits_callers(gen, mnist_dir, tmp_path).items():
        with pytest.raises(TypeError, match=message) as info:
            call(digits)
        assert "order" in str(info.value), name
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize(
    "digits",
    [[3, 5], (3, 5), "35", np.array([3, 5], np.int16), range(3, 6, 2), [np.int8(3), 5]],
    ids=lambda d: type(d).__name__,
)
def test_ordered_digits_keep_working(gen, mnist_dir, tmp_path, digits) -> None:
    expected = gen.generate([3, 5], (0, 2), 90, seed=1)
    callers = _digits_callers(gen, mnist_dir, tmp_path)
    assert np.array_equal(callers["generate"](digits), expected)
    assert np.array_equal(callers["generate_mnist_sequence"](digits), expected)
    sample = callers["generate_sample"](digits)
    assert sample.label == "35" and np.array_equal(sample.image, expected)
    assert callers["generate_batch"](digits).labels.tolist() == ["35", "35"]
    assert [b.labels.tolist() for b in callers["stream"](digits)] == [["35", "35"]] * 2
    assert callers["DatasetSpec.make"](digits).digits == (3, 5)


@pytest.mark.parametrize("pair", [{1, 3}, {1: 3}, {1: 0, 3: 0}.keys()],
                         ids=lambda p: type(p).__name__)
def test_unordered_pairs_are_refused(gen, pair) -> None:
    message = rf"must be a \(min, max\) pair, not {type(pair).__name__}"
    with pytest.raises(TypeError, match="^spacing_range " + message):
        gen.generate([1], pair, 90, seed=1)
    with pytest.raises(TypeError, match="^length_range " + message):
        gen.generate_batch(2, None, (0, 0), 90, seed=1, length_range=pair)


U64 = 2**64 - 1
A, S, W = [1, 2], (0, 2), 80  # valid digits, spacing_range, image_width
NOT_UNIQUE = (  # 110 distinct sequences of 1 or 2 digits
    "but length_range=(1, 2) has only 110 distinct sequences (sample indexes 0..109)"
)
RANGE = mnistseq.OutOfRangeError
INVALID = mnistseq.InvalidArgumentError

# (what is wrong, call(gen, mnist_dir, tmp_path), exception class, the
# whole message as a regular expression): a representative bad value of
# every argument of every public function
BAD_ARGUMENTS = [
    # generate_mnist_sequence
    ("gms digits", lambda g, d, t: mnistseq.generate_mnist_sequence(
        [1, 10], S, W, data=d), INVALID, r"digits\[1\]=10: must be a digit 0-9"),
    ("gms spacing_range", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, (0, -1024), W, data=d), INVALID,
        r"spacing_range\[1\]=-1024: must be -1023\.\.65536"),
    ("gms image_width", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, 0, data=d), INVALID, r"image_width=0: must be 1\.\.65536"),
    ("gms seed", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, seed=2**64, data=d), RANGE,
     r"seed=18446744073709551616: must be -2\*\*63\.\.2\*\*64-1"),
    ("gms split", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, split="dev", data=d), INVALID,
     r"split='dev': must be one of 'train', 'test'"),
    ("gms fit", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, fit="wide", data=d), INVALID,
     r"fit='wide': must be one of 'pad', 'exact', 'strict'"),
    ("gms align", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, align="middle", data=d), INVALID,
     r"align='middle': must be one of 'center', 'left', 'right', 'random'"),
    ("gms invert", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, invert=2, data=d), TypeError, r"invert must be a bool, not 2"),
    ("gms data", lambda g, d, t: mnistseq.generate_mnist_sequence(
        A, S, W, data=3), TypeError,
     r"data must be a path \(str, bytes or os\.PathLike\), not int"),
    # Generator
    ("Generator data", lambda g, d, t: mnistseq.Generator(3.5), TypeError,
     r"data must be a path \(str, bytes or os\.PathLike\), not float"),
    ("Generator split", lambda g, d, t: mnistseq.Generator(d, "dev"), INVALID,
     r"split='dev': must be one of 'train', 'test'"),
    # Generator.generate
    ("generate digits", lambda g, d, t: g.generate("", S, W), INVALID,
     r"digits is empty: give at least one digit 0-9"),
    ("generate spacing_range", lambda g, d, t: g.generate(A, (3, 1), W), INVALID,
     r"spacing_range=\(3, 1\): the minimum 3 is greater than the maximum 1"),
    ("generate image_width", lambda g, d, t: g.generate(A, S, 70000), RANGE,
     r"image_width=70000: must be 1\.\.65536"),
    ("generate seed", lambda g, d, t: g.generate(A, S, W, seed=1.5), TypeError,
     r"seed must be an integer, not float"),
    ("generate index", lambda g, d, t: g.generate(A, S, W, index=-1), RANGE,
     r"index=-1: must be 0\.\.2\*\*64-1"),
    ("generate dtype", lambda g, d, t: g.generate(A, S, W, dtype=np.int16), INVALID,
     r"dtype=<class 'numpy\.int16'>: must be numpy\.float32 or numpy\.uint8"),
    ("generate out", lambda g, d, t: g.generate(
        A, S, W, out=np.zeros((28, 81), np.float32)), INVALID,
     r"out has shape \(28, 81\), expected \(28, 80\)"),
    # Generator.generate_sample
    ("sample digits", lambda g, d, t: g.generate_sample([1] * 1025, S, W), RANGE,
     r"digits has 1025 digits: must be 1\.\.1024 digits long"),
    ("sample spacing_range", lambda g, d, t: g.generate_sample(A, (0, 65537), W), RANGE,
     r"spacing_range\[1\]=65537: must be -1023\.\.65536"),
    ("sample index", lambda g, d, t: g.generate_sample(A, S, W, index=2**64), RANGE,
     r"index=18446744073709551616: must be 0\.\.2\*\*64-1"),
    # Generator.generate_batch
    ("batch n", lambda g, d, t: g.generate_batch(0, A, S, W), RANGE,
     r"n=0: must be 1\.\.16777216"),
    ("batch n too big", lambda g, d, t: g.generate_batch(2**24 + 1, A, S, W), RANGE,
     r"n=16777217: must be 1\.\.16777216"),
    ("batch first_index", lambda g, d, t: g.generate_batch(2, A, S, W, first_index=U64),
     RANGE, r"first_index=18446744073709551615 \+ n=2 goes past the last sample index "
     r"2\*\*64-1"),
    ("batch length_range", lambda g, d, t: g.generate_batch(
        2, None, S, W, length_range=(1, 1025)), RANGE,
     r"length_range\[1\]=1025: must be 1\.\.1024"),
    ("batch length_range order", lambda g, d, t: g.generate_batch(
        2, None, S, W, length_range=(4, 2)), INVALID,
     r"length_range=\(4, 2\): the minimum 4 is greater than the maximum 2"),
    ("batch no_leading_zero", lambda g, d, t: g.generate_batch(
        2, None, S, W, no_leading_zero="yes"), TypeError,
     r"no_leading_zero must be a bool, not 'yes'"),
    ("batch unique too many", lambda g, d, t: g.generate_batch(
        2, None, S, W, length_range=(1, 19), unique=True), INVALID,
     r"unique=True: length_range=\(1, 19\) allows more than 2\*\*63 distinct "
     r"sequences; unique sequences need length_range\[1\] <= 18"),
    ("batch unique span", lambda g, d, t: g.generate_batch(
        20, None, S, W, first_index=100, length_range=(1, 2), unique=True), RANGE,
     r"unique=True: first_index=100 and n=20 use sample indexes up to 119, "
     + re.escape(NOT_UNIQUE)),
    ("batch random-only options", lambda g, d, t: g.generate_batch(
        2, A, S, W, unique=True), INVALID,
     r"length_range, no_leading_zero and unique apply to random sequences "
     r"\(digits=None\) only"),
    ("batch threads", lambda g, d, t: g.generate_batch(2, A, S, W, threads=1025), RANGE,
     r"threads=1025: must be 0\.\.1024"),
    ("batch strict fit", lambda g, d, t: g.generate_batch(
        2, "123", S, 60, fit="strict"), mnistseq.NoFitError,
     r"sample 0 \(index 0\): fit='strict': the strip of 3 digits and gaps is \d+ "
     r"pixels wide, more than image_width=60"),
    # Generator.stream
    ("stream batch_size", lambda g, d, t: g.stream(-1, A, S, W), RANGE,
     r"batch_size=-1: must be 1\.\.16777216"),
    ("stream count", lambda g, d, t: g.stream(2, A, S, W, count=-1), RANGE,
     r"count=-1: must be 0\.\.2\*\*64-1"),
    ("stream first_index + count", lambda g, d, t: g.stream(
        2, A, S, W, first_index=U64 - 1, count=5), RANGE,
     r"first_index=18446744073709551614 \+ count=5 goes past the last sample index "
     r"2\*\*64-1"),
    ("stream image_width", lambda g, d, t: g.stream(2, A, S, -3), INVALID,
     r"image_width=-3: must be 1\.\.65536"),
    ("stream unique endless", lambda g, d, t: g.stream(
        2, None, S, W, length_range=(1, 2), unique=True), RANGE,
     r"unique=True: an endless stream \(count=None\) from first_index=0 uses every "
     r"sample index up to 2\*\*64-1, " + re.escape(NOT_UNIQUE)),
    # Generator.random_sequence
    ("random_sequence index", lambda g, d, t: g.random_sequence(
        110, seed=1, length_range=(1, 2), unique=True), RANGE,
     r"unique=True: index=110, " + re.escape(NOT_UNIQUE)),
    ("random_sequence length_range", lambda g, d, t: g.random_sequence(
        0, seed=1, length_range=(0, 2)), INVALID,
     r"length_range\[0\]=0: must be 1\.\.1024"),
    # Generator.generate_dataset (and DatasetSpec.make)
    ("dataset directory", lambda g, d, t: g.generate_dataset("", 10, A, S, W), INVALID,
     r"directory='': an empty path"),
    ("dataset directory type", lambda g, d, t: g.generate_dataset(7, 10, A, S, W),
     TypeError, r"directory must be a path \(str, bytes or os\.PathLike\), not int"),
    ("dataset count", lambda g, d, t: g.generate_dataset(t / "x", 0, A, S, W), INVALID,
     r"count=0: must be 1\.\.999999999"),
    ("dataset count too big", lambda g, d, t: g.generate_dataset(
        t / "x", 10**9, A, S, W), RANGE, r"count=1000000000: must be 1\.\.999999999"),
    ("dataset format", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                          format="zip"), INVALID,
     r"format='zip': must be one of 'png', 'npy', 'tar'"),
    ("dataset shard_size", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                              shard_size=0), INVALID,
     r"shard_size=0: must be 1\.\.16777216"),
    ("dataset shards", lambda g, d, t: g.generate_dataset(t / "x", 2_000_000, A, S, W,
                                                          shard_size=1), RANGE,
     r"count=2000000 with shard_size=1 makes 2000000 shards, more than 1000000: use a "
     r"shard_size of at least 2"),
    ("dataset png_level", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                             png_level=10), RANGE,
     r"png_level=10: must be -1\.\.9"),
    ("dataset threads", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                           threads=-1), INVALID,
     r"threads=-1: must be 0\.\.1024"),
    ("dataset unique", lambda g, d, t: g.generate_dataset(
        t / "x", 200, None, S, W, length_range=(1, 2), unique=True), RANGE,
     r"unique=True: count=200 uses sample indexes up to 199, " + re.escape(NOT_UNIQUE)),
    ("dataset dtype", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                         dtype="int8"), INVALID,
     r"dtype='int8': must be numpy\.float32 or numpy\.uint8"),
    ("dataset force", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                         force="yes"), TypeError,
     r"force must be a bool, not 'yes'"),
    ("dataset progress", lambda g, d, t: g.generate_dataset(t / "x", 10, A, S, W,
                                                            progress=5), TypeError,
     r"progress must be callable, not int"),
    # DatasetWriter
    ("writer shard", lambda g, d, t: mnistseq.DatasetWriter(
        g, mnistseq.DatasetSpec.make(t / "x", 30, A, S, W, shard_size=10)
    ).shard_range(3), RANGE, r"shard=3: must be 0\.\.2 \(the dataset has 3 shards\)"),
    ("writer shard type", lambda g, d, t: mnistseq.DatasetWriter(
        g, mnistseq.DatasetSpec.make(t / "x", 30, A, S, W)).write_shard("0"), TypeError,
     r"shard must be an integer, not str"),
    # write_png
    ("write_png level", lambda g, d, t: mnistseq.write_png(
        t / "x.png", np.zeros((2, 2), np.uint8), level=10), RANGE,
     r"level=10: must be -1\.\.9"),
    ("write_png image", lambda g, d, t: mnistseq.write_png(
        t / "x.png", np.zeros((0, 2), np.uint8)), INVALID,
     r"image has shape \(0, 2\): both sides must be at least 1"),
]


@pytest.mark.parametrize("call,cls,message", [c[1:] for c in BAD_ARGUMENTS],
                         ids=[c[0] for c in BAD_ARGUMENTS])
def test_messages_name_the_python_argument(gen, mnist_dir, tmp_path, call, cls,
                                           message) -> None:
    with pytest.raises(cls) as info:
        call(gen, mnist_dir, tmp_path)
    assert type(info.value) is cls
    text = str(info.value)
    assert re.fullmatch(message, text), text
    assert "MSEQ" not in text and "mseq" not in text
    if isinstance(info.value, mnistseq.MnistSeqError):
        assert info.value.message == text
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.png").exists()
