#!/usr/bin/env python3
"""Runs one example program in a fresh folder and checks what it promises.

    run_example.py c|python|rust|train FOLDER -- COMMAND [ARG...]

FOLDER is emptied (created if missing), COMMAND runs there and must exit 0;
then its files are decoded (PNGs with Pillow, arrays with numpy) and
compared with images generated here through the Python binding, with the
parameters that the example documents:

- every example but train: 3-5-0.png, an 8-bit grayscale PNG of 200 x 28 pixels,
  equal to the digits 3, 5, 0 with gaps 2-8, seed 42, sample index 0, and
  (when MNISTSEQ_TEST_CLI names mnistseq-cli) byte for byte the file that
  `mnistseq-cli 350 2 8 200 --seed 42` writes;
- c: the placements it prints are the library's;
- python: batch.npy and batch-labels.txt are the batch of 1000 random
  sequences of 3-5 digits (gaps 0-6, width 160, seed 7); loader.npy and
  loader-labels.txt hold 64 distinct items of that dataset (the DataLoader
  over SequenceDataset(1000, 160, ...) with the same parameters);
- rust: batch-I-DIGITS.png for I = 0..3 are images 0..3 of that batch (as
  8-bit) and DIGITS their labels;
- train (examples/train_ctc.py): train-report.json says the model trained
  on the medium preset and learnt: the CTC loss of its last 50 steps below
  half that of its first 50, and on clean test-split sequences a sequence
  accuracy of at least 30% and a character error rate of at most 30%
  (an untrained model reads nothing right).

The binding is found as the tests find it: MNISTSEQ_LIBRARY, PYTHONPATH and
MNISTSEQ_DATA name the library, the package and the data.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict, List

import numpy as np
from PIL import Image

import mnistseq

SPACING, WIDTH, SEED = (2, 8), 200, 42  # the single image: 3-5-0
BATCH = dict(spacing_range=(0, 6), image_width=160, seed=7, length_range=(3, 5))


class Failure(Exception):
    """What an example did not do, in its own terms."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def png(path: Path, width: int, height: int) -> np.ndarray:
    """The pixels of an 8-bit grayscale PNG of the given size."""
    expect(path.is_file(), f"{path.name} was not written")
    with Image.open(path) as image:
        expect(image.format == "PNG", f"{path.name} is not a PNG but {image.format}")
        expect(image.mode == "L", f"{path.name} is not 8-bit grayscale but mode {image.mode}")
        expect(image.size == (width, height),
               f"{path.name} is {image.size[0]} x {image.size[1]}, not {width} x {height}")
        return np.asarray(image)


def batch(gen: mnistseq.Generator, n: int, dtype: type) -> mnistseq.Batch:
    b = BATCH
    return gen.generate_batch(n, None, b["spacing_range"], b["image_width"], seed=b["seed"],
                              length_range=b["length_range"], dtype=dtype)


def check_350(folder: Path, gen: mnistseq.Generator) -> None:
    want = gen.generate([3, 5, 0], SPACING, WIDTH, seed=SEED, dtype=np.uint8)
    have = png(folder / "3-5-0.png", WIDTH, gen.height)
    expect(np.array_equal(have, want), "3-5-0.png differs from the image of 3-5-0 "
           f"(gaps {SPACING}, width {WIDTH}, seed {SEED}) in "
           f"{int(np.count_nonzero(have != want))} pixels")
    cli = os.environ.get("MNISTSEQ_TEST_CLI")
    if cli:
        command = [cli, "350", "2", "8", str(WIDTH), "--seed", str(SEED), "-o", "-"]
        written = subprocess.run(command, stdout=subprocess.PIPE, check=True).stdout
        # The CLI's PNG also carries its recipe (text chunks): same pixels.
        with Image.open(io.BytesIO(written)) as image:
            expect(np.array_equal(np.asarray(image), have),
                   f"3-5-0.png differs from the image of `{' '.join(command)}`")


def check_c(folder: Path, gen: mnistseq.Generator, stdout: str) -> None:
    sample = gen.generate_sample([3, 5, 0], SPACING, WIDTH, seed=SEED, dtype=np.uint8)
    printed = re.findall(r"^digit (\d): columns \[(\d+), (\d+)\), rows \[(\d+), (\d+)\), "
                         r"source image (\d+)$", stdout, re.M)
    fields = ("label", "x_begin", "x_end", "y_begin", "y_end", "source_index")
    want = [tuple(str(int(p[k])) for k in fields) for p in sample.placements]
    expect(printed == want, f"the placements printed are {printed}, the library's {want}")


def check_python(folder: Path, gen: mnistseq.Generator, stdout: str) -> None:
    want = batch(gen, 1000, np.float32)
    expect((folder / "batch.npy").is_file(), "batch.npy was not written")
    have = np.load(folder / "batch.npy")
    expect(have.dtype == np.float32 and have.shape == (1000, gen.height, 160),
           f"batch.npy is {have.dtype} {have.shape}, not float32 (1000, {gen.height}, 160)")
    expect(np.array_equal(have, want.images), "batch.npy differs from the batch of seed 7")
    labels = (folder / "batch-labels.txt").read_text().split("\n")[:-1]
    expect(labels == list(want.labels), "batch-labels.txt differs from the batch's labels")

    items: Dict[bytes, int] = {img.tobytes(): i for i, img in enumerate(want.images)}
    loaded = np.load(folder / "loader.npy")
    expect(loaded.dtype == np.float32 and loaded.shape == (64, 1, gen.height, 160),
           f"loader.npy is {loaded.dtype} {loaded.shape}, not float32 (64, 1, {gen.height}, 160)")
    loader_labels = (folder / "loader-labels.txt").read_text().split("\n")[:-1]
    expect(len(loader_labels) == 64, f"loader-labels.txt has {len(loader_labels)} lines, not 64")
    seen = set()
    for k, (image, label) in enumerate(zip(loaded, loader_labels)):
        i = items.get(image[0].tobytes())
        expect(i is not None, f"loader item {k} is no item of the dataset")
        expect(label == want.labels[i], f"loader item {k} is item {i} ({want.labels[i]}) "
               f"labelled {label}")
        seen.add(i)
    expect(len(seen) == 64, f"the loader's batch repeats items: {64 - len(seen)} repeats")


def check_rust(folder: Path, gen: mnistseq.Generator, stdout: str) -> None:
    want = batch(gen, 4, np.uint8)
    names = sorted(p.name for p in folder.glob("batch-*.png"))
    expect(names == [f"batch-{i}-{want.labels[i]}.png" for i in range(4)],
           f"the batch files are {names}, the batch's labels {list(want.labels)}")
    for i, name in enumerate(names):
        expect(np.array_equal(png(folder / name, 160, gen.height), want.images[i]),
               f"{name} differs from image {i} of the batch of seed 7")


def check_train(folder: Path, gen: mnistseq.Generator, stdout: str) -> None:
    path = folder / "train-report.json"
    expect(path.is_file(), "train-report.json was not written")
    report = json.loads(path.read_text())
    expect(report["train"]["preset"] == "medium", f"trained on {report['train']}")
    expect(report["last_loss"] < report["first_loss"] / 2,
           f"the loss went from {report['first_loss']:.3f} to {report['last_loss']:.3f}")
    expect(report["sequence_accuracy"] >= 0.3,
           f"sequence accuracy {report['sequence_accuracy']:.3f} on the test items")
    expect(report["character_error_rate"] <= 0.3,
           f"character error rate {report['character_error_rate']:.3f} on the test items")


CHECKS: Dict[str, Callable[[Path, mnistseq.Generator, str], None]] = {
    "c": check_c, "python": check_python, "rust": check_rust, "train": check_train}
#: The examples that write the single image 3-5-0.png.
WRITE_350 = frozenset({"c", "python", "rust"})


def main(argv: List[str]) -> int:
    if len(argv) < 5 or argv[1] not in CHECKS or argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    kind, folder, command = argv[1], Path(argv[2]), argv[4:]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    run = subprocess.run(command, cwd=folder, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(run.stdout)
    if run.returncode != 0:
        print(f"run_example: {kind} example exited with status {run.returncode}", file=sys.stderr)
        return 1
    try:
        with mnistseq.Generator(split="train") as gen:
            if kind in WRITE_350:
                check_350(folder, gen)
            CHECKS[kind](folder, gen, run.stdout)
    except Failure as e:
        print(f"run_example: {kind} example: {e}", file=sys.stderr)
        return 1
    print(f"run_example: the {kind} example wrote what it promises in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
