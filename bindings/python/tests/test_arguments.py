"""Argument checking seen from Python: containers whose order is meaningless
are refused, and messages name the argument as the caller wrote it."""

from __future__ import annotations

import pathlib
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
