"""Renders every case of cases.txt through the Python package and writes
the image bytes, in order, to the output file (see cases.txt).

Usage: dump.py CASES OUT
"""

import sys

import numpy as np

import mnistseq


def render(gens, fields):
    split, digits, spacing, width, fit, align, invert, seed, index, count, fmt = fields
    smin, smax = (int(v) for v in spacing.split("-"))
    dtype = {"f32": np.float32, "u8": np.uint8}[fmt]
    common = dict(seed=int(seed), fit=fit, align=align, invert=invert == "1", dtype=dtype)
    gen = gens.setdefault(split, mnistseq.Generator(split=split))
    if digits.startswith("random:"):
        lmin, lmax = (int(v) for v in digits[len("random:"):].split("-"))
        return gen.generate_batch(int(count), None, (smin, smax), int(width),
                                  first_index=int(index), length_range=(lmin, lmax),
                                  **common).images
    if int(count) == 1:
        return gen.generate(digits, (smin, smax), int(width), index=int(index), **common)
    return gen.generate_batch(int(count), digits, (smin, smax), int(width),
                              first_index=int(index), **common).images


def main(cases, out):
    gens = {}
    with open(cases) as f, open(out, "wb") as o:
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            o.write(np.ascontiguousarray(render(gens, fields)).tobytes())
    for g in gens.values():
        g.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
