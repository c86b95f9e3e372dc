#!/usr/bin/env python3
"""Speed of augmentation against the same pipeline in OpenCV and torchvision.

Every row compares two figures measured in the same run, on the same job
(5 digits, gaps 0-10, width 160, MNIST test split, uint8 images: about half
of the strips are wider than 160 and scaled down), and prints: case,
figure, ratio, target, met/MISSED.

  medium       the ``medium`` preset's per-digit modules (mnistseq.h,
               mseq_preset): rotation +-10 degrees, shear +-12 degrees,
               scale 1 +- 0.1, aspect 1 +- 0.1, vertical shift +-2 px,
               stroke thickness +-0.6 px.
  + elastic    the same plus an elastic field per digit (alpha 34,
               sigma 4, MNIST's usual values).

mnistseq is timed through its Python binding on one thread:
``Generator.generate_batch`` per image (batches of --batch) and
``Generator.generate`` per call. The baselines are written here, each in
its library's idiom, with every choice in their favour (glyphs converted
and indexed by class once, at load time; one thread each):

  OpenCV       per digit: grey dilation or erosion with a 3 x 3 cross
               blended by the fractional thickness, one ``cv2.warpAffine``
               (bilinear) for the affine map about the cell's centre, and
               for elastic a noise field smoothed by ``cv2.GaussianBlur``
               and applied by ``cv2.remap``; then the cells composited by
               maximum ink with the drawn gaps, a wider strip shrunk by
               ``cv2.resize(INTER_AREA)``, padded to 28 x 160.
               Target: mnistseq >= 10x faster.
  torchvision  per digit: thickness by ``max_pool2d`` (dilation or its
               dual erosion) blended by the fraction,
               ``RandomAffine(degrees, translate, scale, shear)`` (it has
               no aspect), ``ElasticTransform(alpha, sigma)``; the strip
               composited with ``torch.maximum``, shrunk by
               ``interpolate(mode="area")``. Target: mnistseq >= 30x faster.

Run with the library and data (Debian's python3-opencv and
python3-torchvision):

  MNISTSEQ_LIBRARY=build/libmnistseq.so.1 PYTHONPATH=bindings/python \\
  MNISTSEQ_DATA=<mnist dir> /usr/bin/python3 tests/bench/bench_augment.py

``--smoke`` runs each pipeline a few times and checks its images (shape,
type, that augmentation changed them) instead of timing: the test suite
runs it, so that the baselines measured are working pipelines.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from typing import Callable, Dict, List, Sequence, Tuple

import cv2
import numpy as np
import torch
import torch.nn.functional as tnf
import torchvision.transforms as tvt

import mnistseq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_python import Rounds, Row, at_least, print_table  # noqa: E402
from reference_numpy import read_idx  # noqa: E402

GLYPH = 28
DIGITS = [3, 1, 4, 1, 5]
SPACING = (0, 10)
WIDTH = 160
#: The medium preset's half-widths (mnistseq.h, mseq_preset).
MEDIUM = dict(rotate=10.0, shear=12.0, digit_scale=0.1, aspect=0.1, shift_y=2.0,
              thickness=0.6)
ELASTIC = dict(elastic_alpha=34.0, elastic_sigma=4.0)

Pipeline = Callable[[Sequence[int]], np.ndarray]


class Glyphs:
    """The MNIST test split as float32 ink (0 paper .. 1 ink), by class."""

    def __init__(self, folder: str, seed: int) -> None:
        images = read_idx(folder, "t10k-images-idx3-ubyte")
        labels = read_idx(folder, "t10k-labels-idx1-ubyte")
        self.ink = (images.astype(np.float32) / 255).astype(np.float32)
        self.tensors = torch.from_numpy(self.ink).unsqueeze(1)  # N x 1 x 28 x 28
        self.by_class = [np.flatnonzero(labels == d) for d in range(10)]
        self.rng = np.random.default_rng(seed)

    def pick(self, digit: int) -> int:
        choices = self.by_class[digit]
        return int(choices[self.rng.integers(len(choices))])

    def gaps(self, count: int) -> np.ndarray:
        return self.rng.integers(SPACING[0], SPACING[1] + 1, max(count - 1, 0))


def strip_to_image(cells: Sequence[np.ndarray], gaps: np.ndarray) -> np.ndarray:
    """Cells composited by maximum ink with the gaps, fitted to WIDTH as
    mnistseq's pad policy does (centred; a wider strip shrunk by the area
    average), as uint8 black ink on white."""
    total = GLYPH * len(cells) + int(gaps.sum())
    strip = np.zeros((GLYPH, total), np.float32)
    x = 0
    for i, cell in enumerate(cells):
        np.maximum(strip[:, x:x + GLYPH], cell, out=strip[:, x:x + GLYPH])
        x += GLYPH + (int(gaps[i]) if i < len(gaps) else 0)
    image = np.zeros((GLYPH, WIDTH), np.float32)
    if total > WIDTH:
        rows = max(1, round(GLYPH * WIDTH / total))
        small = cv2.resize(strip, (WIDTH, rows), interpolation=cv2.INTER_AREA)
        top = (GLYPH - rows) // 2
        image[top:top + rows] = small
    else:
        left = (WIDTH - total) // 2
        image[:, left:left + total] = strip
    result: np.ndarray = ((1.0 - image) * 255 + 0.5).astype(np.uint8)
    return result


class OpenCVPipeline:
    """The per-digit modules with OpenCV (see the module's docstring)."""

    CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))

    def __init__(self, glyphs: Glyphs, elastic: bool) -> None:
        self.glyphs = glyphs
        self.elastic = elastic
        grid = np.arange(GLYPH, dtype=np.float32)
        self.grid_x, self.grid_y = np.meshgrid(grid, grid)

    def warp(self, ink: np.ndarray) -> np.ndarray:
        rng = self.glyphs.rng
        u = rng.uniform(-1.0, 1.0, 6)
        t = MEDIUM["thickness"] * u[5]
        if t != 0:
            moved = (cv2.dilate if t > 0 else cv2.erode)(ink, self.CROSS)
            ink = ink + abs(t) * (moved - ink)
        angle = np.radians(MEDIUM["rotate"] * u[0])
        shear = np.tan(np.radians(MEDIUM["shear"] * u[1]))
        scale = 1 + MEDIUM["digit_scale"] * u[2]
        sx = scale * (1 + MEDIUM["aspect"] * u[3])
        c, s = np.cos(angle), np.sin(angle)
        linear = np.array([[c, s], [-s, c]]) @ np.array([[1, -shear], [0, 1]]) \
            @ np.diag([sx, scale])
        centre = np.array([GLYPH / 2 - 0.5, GLYPH / 2 - 0.5])
        offset = centre - linear @ centre + np.array([0, MEDIUM["shift_y"] * u[4]])
        matrix = np.hstack([linear, offset[:, None]]).astype(np.float32)
        out: np.ndarray = cv2.warpAffine(ink, matrix, (GLYPH, GLYPH), flags=cv2.INTER_LINEAR)
        if self.elastic:
            sigma, alpha = ELASTIC["elastic_sigma"], ELASTIC["elastic_alpha"]
            noise = rng.uniform(-1.0, 1.0, (2, GLYPH, GLYPH)).astype(np.float32)
            dx = cv2.GaussianBlur(noise[0], (0, 0), sigma) * alpha
            dy = cv2.GaussianBlur(noise[1], (0, 0), sigma) * alpha
            out = cv2.remap(out, self.grid_x + dx, self.grid_y + dy, cv2.INTER_LINEAR)
        return out

    def __call__(self, digits: Sequence[int]) -> np.ndarray:
        cells = [self.warp(self.glyphs.ink[self.glyphs.pick(d)]) for d in digits]
        return strip_to_image(cells, self.glyphs.gaps(len(digits)))


class TorchvisionPipeline:
    """The per-digit modules with torchvision (see the module's docstring)."""

    def __init__(self, glyphs: Glyphs, elastic: bool) -> None:
        self.glyphs = glyphs
        scale = MEDIUM["digit_scale"]
        shear = MEDIUM["shear"]
        steps: List[torch.nn.Module] = [tvt.RandomAffine(
            degrees=MEDIUM["rotate"], translate=(0.0, MEDIUM["shift_y"] / GLYPH),
            scale=(1 - scale, 1 + scale), shear=(-shear, shear),
            interpolation=tvt.InterpolationMode.BILINEAR)]
        if elastic:
            steps.append(tvt.ElasticTransform(alpha=ELASTIC["elastic_alpha"],
                                              sigma=ELASTIC["elastic_sigma"]))
        self.transform = tvt.Compose(steps)

    def warp(self, ink: torch.Tensor) -> torch.Tensor:
        t = MEDIUM["thickness"] * float(self.glyphs.rng.uniform(-1.0, 1.0))
        if t != 0:
            batch = ink.unsqueeze(0)
            moved = tnf.max_pool2d(batch if t > 0 else -batch, 3, 1, 1)
            moved = (moved if t > 0 else -moved).squeeze(0)
            ink = ink + abs(t) * (moved - ink)
        warped: torch.Tensor = self.transform(ink)
        return warped

    def __call__(self, digits: Sequence[int]) -> np.ndarray:
        cells = [self.warp(self.glyphs.tensors[self.glyphs.pick(d)]) for d in digits]
        gaps = self.glyphs.gaps(len(digits))
        total = GLYPH * len(cells) + int(gaps.sum())
        strip = torch.zeros((1, GLYPH, total))
        x = 0
        for i, cell in enumerate(cells):
            strip[:, :, x:x + GLYPH] = torch.maximum(strip[:, :, x:x + GLYPH], cell)
            x += GLYPH + (int(gaps[i]) if i < len(gaps) else 0)
        image = torch.zeros((GLYPH, WIDTH))
        if total > WIDTH:
            rows = max(1, round(GLYPH * WIDTH / total))
            small = tnf.interpolate(strip.unsqueeze(0), size=(rows, WIDTH), mode="area")
            top = (GLYPH - rows) // 2
            image[top:top + rows] = small[0, 0]
        else:
            left = (WIDTH - total) // 2
            image[:, left:left + total] = strip[0]
        result: np.ndarray = ((1.0 - image) * 255 + 0.5).to(torch.uint8).numpy()
        return result


def pipelines(glyphs: Glyphs) -> Dict[str, Tuple[Pipeline, Pipeline]]:
    """(OpenCV, torchvision) of each case."""
    return {case: (OpenCVPipeline(glyphs, elastic), TorchvisionPipeline(glyphs, elastic))
            for case, elastic in (("medium", False), ("medium + elastic", True))}


def params(case: str) -> mnistseq.Params:
    """mnistseq's parameters of a case, uint8 images."""
    elastic = "elastic" in case
    return mnistseq.Params(
        WIDTH, spacing_range=SPACING, dtype="uint8", preset="medium",
        elastic_alpha=ELASTIC["elastic_alpha"] if elastic else None,
        elastic_sigma=ELASTIC["elastic_sigma"] if elastic else None)


def smoke(gen: mnistseq.Generator, glyphs: Glyphs) -> None:
    """Each pipeline makes 28 x 160 uint8 images that differ from call to
    call and from mnistseq's unaugmented image; mnistseq's augmented images
    differ from its plain ones."""
    plain = gen.generate(DIGITS, SPACING, WIDTH, seed=1, index=0, dtype="uint8")
    for case, (cv, tv) in pipelines(glyphs).items():
        for name, fn in (("OpenCV", cv), ("torchvision", tv)):
            a, b = fn(DIGITS), fn(DIGITS)
            assert a.shape == (GLYPH, WIDTH) and a.dtype == np.uint8, (case, name, a.shape)
            assert not np.array_equal(a, b), (case, name)
            assert (a < 128).sum() > 100, (case, name, "no ink")
        ours = gen.generate(DIGITS, params=params(case), seed=1, index=0)
        assert not np.array_equal(ours, plain), case
    print("smoke: every pipeline makes augmented 28 x 160 images")


def measure(opts: argparse.Namespace, gen: mnistseq.Generator, glyphs: Glyphs) -> List[Row]:
    rows: List[Row] = []
    n = opts.batch
    for case, (cv, tv) in pipelines(glyphs).items():
        title = f"{case}: 5 digits, gaps 0-10, 160 px"
        p = params(case)
        index = itertools.cycle(range(n))
        rounds = Rounds(opts.repeat)
        rounds.add("batch", lambda: gen.generate_batch(n, DIGITS, params=p, seed=1, threads=1),
                   1, n)
        rounds.add("generate", lambda: gen.generate(DIGITS, params=p, seed=1,
                                                    index=next(index)), opts.calls)
        rounds.add("opencv", lambda: cv(DIGITS), opts.calls // 10)
        rounds.add("torchvision", lambda: tv(DIGITS), opts.calls // 100)
        best = rounds.best()
        rows += [
            at_least(title, "generate_batch/image vs OpenCV", best["batch"], best["opencv"], 10),
            at_least(title, "generate_batch/image vs torchvision", best["batch"],
                     best["torchvision"], 30),
            at_least(title, "Generator.generate vs OpenCV", best["generate"], best["opencv"],
                     10, target=False),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="single calls per round")
    parser.add_argument("--batch", type=int, default=1000, help="images per batch")
    parser.add_argument("--repeat", type=int, default=5, help="rounds")
    parser.add_argument("--smoke", action="store_true", help="check the pipelines, no timing")
    parser.add_argument("--data", default=os.environ.get("MNISTSEQ_DATA"),
                        help="MNIST folder (default: MNISTSEQ_DATA)")
    opts = parser.parse_args()
    if not opts.data:
        parser.error("give --data or set MNISTSEQ_DATA")
    cv2.setNumThreads(1)
    torch.set_num_threads(1)
    gen = mnistseq.Generator(opts.data, split="test")
    glyphs = Glyphs(opts.data, seed=1)
    if opts.smoke:
        smoke(gen, glyphs)
        return
    print(f"mnistseq {mnistseq.library_version()}, OpenCV {cv2.__version__}, torch "
          f"{torch.__version__}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}; one thread each; best of {opts.repeat} rounds\n")
    ok = print_table(measure(opts, gen, glyphs))
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    print("\nall targets met" if ok else "\nsome targets MISSED")


if __name__ == "__main__":
    main()
