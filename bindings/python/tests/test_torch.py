"""mnistseq.torch: a map-style Dataset whose item i depends on (seed, i)
only, with DataLoader workers."""

from __future__ import annotations

import os
import re
import pathlib
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import mnistseq  # noqa: E402
from mnistseq.torch import SequenceDataset  # noqa: E402
from conftest import PACKAGE_DIR, run_isolated, small_dataset  # noqa: E402


@pytest.fixture()
def dataset(mnist_dir: pathlib.Path) -> SequenceDataset:
    return SequenceDataset(64, 120, spacing_range=(0, 6), seed=2024, length_range=(2, 4),
                           data=mnist_dir)


def test_items_are_images_and_labels(dataset, gen) -> None:
    assert len(dataset) == 64
    image, label = dataset[5]
    assert isinstance(image, torch.Tensor) and image.dtype == torch.float32
    assert image.shape == (1, 28, 120)
    assert isinstance(label, str) and 2 <= len(label) <= 4 and label.isdigit()
    expected = gen.generate_batch(1, None, (0, 6), 120, seed=2024, first_index=5,
                                  length_range=(2, 4))
    assert np.array_equal(image.numpy()[0], expected.images[0])
    assert label == expected.labels[0]


def test_item_is_a_pure_function_of_seed_and_index(dataset, mnist_dir) -> None:
    again = SequenceDataset(64, 120, spacing_range=(0, 6), seed=2024, length_range=(2, 4),
                            data=mnist_dir)
    for i in (0, 17, 63):
        a, la = dataset[i]
        b, lb = again[i]
        assert torch.equal(a, b) and la == lb
        c, lc = dataset[i]
        assert torch.equal(a, c) and la == lc
    other = SequenceDataset(64, 120, spacing_range=(0, 6), seed=2025, length_range=(2, 4),
                            data=mnist_dir)
    assert not torch.equal(dataset[3][0], other[3][0])
    shifted = SequenceDataset(10, 120, spacing_range=(0, 6), seed=2024, length_range=(2, 4),
                              data=mnist_dir, first_index=60)
    assert torch.equal(shifted[2][0], dataset[62][0])


def test_indexing(dataset) -> None:
    assert torch.equal(dataset[-1][0], dataset[63][0])
    with pytest.raises(IndexError):
        dataset[64]
    with pytest.raises(IndexError):
        dataset[-65]


def test_fixed_digits_and_transforms(mnist_dir) -> None:
    ds = SequenceDataset(8, 100, digits="042", spacing_range=(1, 3), seed=1, data=mnist_dir,
                         transform=lambda t: t * 2, target_transform=lambda s: [int(c) for c in s])
    image, target = ds[3]
    assert target == [0, 4, 2]
    plain = SequenceDataset(8, 100, digits=[0, 4, 2], spacing_range=(1, 3), seed=1, data=mnist_dir)
    assert torch.equal(image, plain[3][0] * 2)


def test_bad_arguments_fail_at_construction_naming_the_argument(mnist_dir) -> None:
    message = r"^spacing_range=\(5, 1\): the minimum 5 is greater than the maximum 1$"
    with pytest.raises(mnistseq.InvalidArgumentError, match=message):
        SequenceDataset(4, 100, spacing_range=(5, 1), seed=1, data=mnist_dir)
    with pytest.raises(TypeError):
        SequenceDataset(4, 100, digits=[1.5], data=mnist_dir)


def _collect(loader):
    images, labels = [], []
    for batch_images, batch_labels in loader:
        images.append(batch_images)
        labels.extend(batch_labels)
    return torch.cat(images), labels


@pytest.mark.parametrize("context", ["fork", "spawn"])
def test_two_workers_with_shuffle_equal_one_process(dataset, context) -> None:
    def loader(workers: int):
        kwargs = dict(batch_size=5, shuffle=True, num_workers=workers,
                      generator=torch.Generator().manual_seed(7))
        if workers:
            kwargs["multiprocessing_context"] = context
        return torch.utils.data.DataLoader(dataset, **kwargs)

    images0, labels0 = _collect(loader(0))
    images2, labels2 = _collect(loader(2))
    assert images0.shape == (64, 1, 28, 120)
    assert torch.equal(images0, images2)
    assert labels0 == labels2
    # and the order really is shuffled, over exactly the dataset's items
    index_of = {}
    for i in range(len(dataset)):
        image, label = dataset[i]
        index_of[(image.numpy().tobytes(), label)] = i
    order = [index_of[(img.numpy().tobytes(), label)] for img, label in zip(images2, labels2)]
    assert sorted(order) == list(range(64))
    assert order != list(range(64))


def test_explicit_sampler_with_workers(dataset) -> None:
    order = [9, 3, 60, 0, 33, 12, 47, 5]
    loader = torch.utils.data.DataLoader(dataset, batch_size=3, sampler=order, num_workers=2)
    images, labels = _collect(loader)
    for k, i in enumerate(order):
        image, label = dataset[i]
        assert torch.equal(images[k], image) and labels[k] == label


def test_package_works_without_torch(tmp_path: pathlib.Path) -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import mnistseq\n"
        "print(mnistseq.generate_mnist_sequence([1, 2], (0, 0), 56, seed=1).shape)\n"
        "try:\n"
        "    import mnistseq.torch\n"
        "except ImportError:\n"
        "    print('no torch')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_DIR))
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["(28,", "56)", "no", "torch"]


@pytest.mark.parametrize("digits", [{4, 2}, {4: 0, 2: 0}, {4: 0}.keys()],
                         ids=lambda d: type(d).__name__)
def test_unordered_digits_are_refused(mnist_dir, digits) -> None:
    message = rf"^digits must be an ordered .*not {type(digits).__name__}"
    with pytest.raises(TypeError, match=message):
        SequenceDataset(4, 100, digits=digits, data=mnist_dir)


def test_clear_cache_while_loader_threads_read_items(tmp_path: pathlib.Path) -> None:
    # items read on threads while the shared Generators are closed under
    # them: no crash, no error, the same items
    small_dataset(tmp_path / "data", count=50)
    out = run_isolated(
        """
        from mnistseq.torch import SequenceDataset
        import torch
        ds = SequenceDataset(40, 400, spacing_range=(0, 3), seed=9,
                             length_range=(10, 14), data="data")
        expected = [ds[i] for i in range(len(ds))]
        stop = time.monotonic() + 1.5
        errors, done = [], [0]

        def work():
            try:
                while time.monotonic() < stop:
                    for i, (image, label) in enumerate(expected):
                        got, got_label = ds[i]
                        assert torch.equal(got, image) and got_label == label, i
                        done[0] += 1
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        clears = 0
        while any(t.is_alive() for t in threads):
            mnistseq.clear_cache()
            clears += 1
            time.sleep(0.002)
        assert not errors, repr(errors[0])
        assert done[0] > 20 and clears > 20, (done, clears)
        print("ok")
        """,
        tmp_path,
    )
    assert out.split() == ["ok"]


RANGE = mnistseq.OutOfRangeError
INVALID = mnistseq.InvalidArgumentError
BAD_ARGUMENTS = [
    (dict(length=-1), RANGE, r"length=-1: must be 0\.\.2\*\*64-1"),
    (dict(image_width=0), INVALID, r"image_width=0: must be 1\.\.65536"),
    (dict(digits=[1, 12]), INVALID, r"digits\[1\]=12: must be a digit 0-9"),
    (dict(spacing_range=(0, 70000)), RANGE,
     r"spacing_range\[1\]=70000: must be -1023\.\.65536"),
    (dict(seed=1.5), TypeError, r"seed must be an integer, not float"),
    (dict(first_index=2**64 - 1), RANGE,
     r"first_index=18446744073709551615 \+ length=4 goes past the last sample index "
     r"2\*\*64-1"),
    (dict(length_range=(3, 2)), INVALID,
     r"length_range=\(3, 2\): the minimum 3 is greater than the maximum 2"),
    (dict(no_leading_zero="x"), TypeError, r"no_leading_zero must be a bool, not 'x'"),
    (dict(length=200, length_range=(1, 2), unique=True), RANGE,
     r"unique=True: first_index=0 and length=200 use sample indexes up to 199, but "
     r"length_range=\(1, 2\) has only 110 distinct sequences "
     r"\(sample indexes 0\.\.109\)"),
    (dict(digits="12", unique=True), INVALID,
     r"length_range, no_leading_zero and unique apply to random sequences "
     r"\(digits=None\) only"),
    (dict(fit="wide"), INVALID, r"fit='wide': must be one of 'pad', 'exact', 'strict'"),
    (dict(align="up"), INVALID,
     r"align='up': must be one of 'center', 'left', 'right', 'random'"),
    (dict(invert="x"), TypeError, r"invert must be a bool, not 'x'"),
    (dict(split="dev"), INVALID, r"split='dev': must be one of 'train', 'test'"),
    (dict(data=3), TypeError,
     r"data must be a path \(str, bytes or os\.PathLike\), not int"),
    (dict(transform=5), TypeError, r"transform must be callable, not int"),
    (dict(target_transform="x"), TypeError,
     r"target_transform must be callable, not str"),
]


@pytest.mark.parametrize("change,cls,message", BAD_ARGUMENTS,
                         ids=[next(iter(c[0])) for c in BAD_ARGUMENTS])
def test_messages_name_the_python_argument(mnist_dir, change, cls, message) -> None:
    args = dict(length=4, image_width=100, data=mnist_dir)
    args.update(change)
    with pytest.raises(cls) as info:
        SequenceDataset(args.pop("length"), args.pop("image_width"), **args)
    assert type(info.value) is cls
    assert re.fullmatch(message, str(info.value)), str(info.value)
    ds = SequenceDataset(4, 100, data=mnist_dir)
    with pytest.raises(TypeError, match="^index must be an integer, not float$"):
        ds[1.5]
