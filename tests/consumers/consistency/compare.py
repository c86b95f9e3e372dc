"""Checks that the bindings' renderings of cases.txt are byte-identical.

Usage: compare.py CASES NAME=FILE NAME=FILE ...
Besides equality, it checks each file holds exactly the bytes the cases
call for and that distinct cases give distinct images, so that identical
files cannot come from identical mistakes (an empty or blank output).
"""

import sys


def sizes(cases):
    """(line, bytes) of each case, in order."""
    out = []
    for n, line in enumerate(open(cases), 1):
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        width, count, fmt = int(f[3]), int(f[9]), f[10]
        out.append((n, 28 * width * count * (4 if fmt == "f32" else 1)))
    return out


def main(cases, *outputs):
    files = [o.split("=", 1) for o in outputs]
    data = {name: open(path, "rb").read() for name, path in files}
    layout = sizes(cases)
    total = sum(b for _, b in layout)
    problems = []
    for name, blob in data.items():
        if len(blob) != total:
            problems.append(f"{name}: {len(blob)} bytes, the cases need {total}")
    ref_name, ref = files[0][0], data[files[0][0]]
    offset, chunks = 0, []
    for line, size in layout:
        chunk = ref[offset:offset + size]
        chunks.append(chunk)
        if len(set(chunk)) < 3:
            problems.append(f"cases line {line}: {ref_name}'s image is nearly blank")
        for name, blob in data.items():
            if blob[offset:offset + size] != chunk:
                problems.append(f"cases line {line}: {name} differs from {ref_name}")
        offset += size
    if len(set(chunks)) != len(chunks):
        problems.append("two cases gave the same bytes")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{', '.join(data)}: {len(layout)} cases, {total} bytes, identical")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
