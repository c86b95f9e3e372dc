#!/usr/bin/env python3
"""The README's code snippets are excerpts of the example programs.

A snippet in README.md is a fenced code block right after a marker line

    <!-- snippet: examples/generate.c readme:c -->

naming a file (relative to the repository root) and a region. In that file
the region is every span between a line ``// [readme:c]`` (or ``# [...]``
in Python) and the next ``// [end]``; the snippet is those spans, each
dedented and stripped of blank lines at its ends, joined by one blank line.

    readme_snippets.py ROOT            exit 1, naming each snippet that differs
                                       from its region or whose region is gone
    readme_snippets.py ROOT --update   rewrite README.md's snippets from the
                                       examples

Every region of a file that the README names must be shown by a snippet, so
that a region cannot be left behind when a snippet is removed.
"""

import difflib
import re
import sys
import textwrap
from pathlib import Path
from typing import Dict, List, Optional, Tuple

MARKER = re.compile(r"^<!-- snippet: (\S+) (readme:[\w-]+) -->$")
REGION = re.compile(r"^\s*(?://|#)\s*\[(readme:[\w-]+|end)\]\s*$")


class SnippetError(Exception):
    """A malformed marker or region, with the file and line at fault."""


def regions(path: Path) -> Dict[str, str]:
    """The regions of one example file: name -> snippet text."""
    spans: Dict[str, List[str]] = {}
    name: Optional[str] = None  # the region being read
    start, body = 0, []  # type: Tuple[int, List[str]]
    for number, line in enumerate(path.read_text().splitlines(), 1):
        m = REGION.match(line)
        if not m:
            if name is not None:
                body.append(line)
            continue
        if m.group(1) != "end":
            if name is not None:
                raise SnippetError(
                    f"{path}:{number}: [{m.group(1)}] inside [{name}] (line {start})")
            name, start, body = m.group(1), number, []
        elif name is None:
            raise SnippetError(f"{path}:{number}: [end] without a region")
        else:
            spans.setdefault(name, []).append(textwrap.dedent("\n".join(body)).strip("\n"))
            name = None
    if name is not None:
        raise SnippetError(f"{path}:{start}: [{name}] has no [end]")
    return {k: "\n\n".join(v) + "\n" for k, v in spans.items()}


def snippets(readme: List[str]) -> List[Tuple[str, str, int, int]]:
    """The README's snippets: (file, region, first and last line index of
    the code between the fences)."""
    found = []
    for i, line in enumerate(readme):
        m = MARKER.match(line.rstrip("\n"))
        if not m:
            continue
        if i + 1 >= len(readme) or not readme[i + 1].startswith("```"):
            raise SnippetError(
                f"README.md:{i + 1}: the marker is not followed by a ``` code block")
        end = i + 2
        while end < len(readme) and not readme[end].startswith("```"):
            end += 1
        if end == len(readme):
            raise SnippetError(f"README.md:{i + 2}: the code block is not closed")
        found.append((m.group(1), m.group(2), i + 2, end))
    return found


def main(argv: List[str]) -> int:
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--update"):
        print(__doc__, file=sys.stderr)
        return 2
    root, update = Path(argv[1]), len(argv) == 3
    readme_path = root / "README.md"
    readme = readme_path.read_text().splitlines(keepends=True)
    problems: List[str] = []
    try:
        blocks = snippets(readme)
        named = sorted({b[0] for b in blocks})
        files = {f: regions(root / f) for f in named if (root / f).is_file()}
    except SnippetError as e:
        print(f"readme_snippets: {e}", file=sys.stderr)
        return 1
    if not blocks:
        problems.append("README.md has no snippet marker (<!-- snippet: FILE REGION -->)")
    shown = set()
    for file, name, first, end in reversed(blocks):  # reversed: --update keeps indexes valid
        shown.add((file, name))
        if file not in files:
            problems.append(f"README.md:{first - 1}: {file} does not exist")
            continue
        if name not in files[file]:
            problems.append(f"README.md:{first - 1}: {file} has no region [{name}]")
            continue
        want, have = files[file][name], "".join(readme[first:end])
        if want == have:
            continue
        if update:
            readme[first:end] = want.splitlines(keepends=True)
            continue
        diff = difflib.unified_diff(
            want.splitlines(keepends=True), have.splitlines(keepends=True),
            f"{file} [{name}]", f"README.md line {first + 1}")
        problems.append(f"README.md:{first + 1}: the snippet differs from {file} [{name}]"
                        f" (run {Path(argv[0]).name} ROOT --update):\n" + "".join(diff))
    for file, names in files.items():
        for name in sorted(set(names) - {n for f, n in shown if f == file}):
            problems.append(f"{file}: region [{name}] is shown by no README.md snippet")
    if update:
        readme_path.write_text("".join(readme))
    for p in problems:
        print(f"readme_snippets: {p}", file=sys.stderr)
    if not problems:
        print(f"readme_snippets: {len(blocks)} snippets of README.md match their examples")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
