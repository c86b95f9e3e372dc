"""readme_snippets.py catches each way a README snippet can drift from its
example, and --update brings the README back in line."""

import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).with_name("readme_snippets.py")

EXAMPLE = """\
#include <stdio.h>
int main(void) {
    // [readme:c]
    puts("one");
    // [end]
    return 0;
}
# [readme:c]
extra
# [end]
"""

README = """\
# Title

<!-- snippet: ex/a.c readme:c -->
```c
puts("one");

extra
```
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECKER), str(root), *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "a.c").write_text(EXAMPLE)
    (tmp_path / "README.md").write_text(README)
    return tmp_path


def test_matching_snippets_pass(root: Path) -> None:
    r = run(root)
    assert r.returncode == 0, r.stderr
    assert "1 snippets" in r.stdout


def test_a_changed_example_line_fails_with_a_diff(root: Path) -> None:
    (root / "ex" / "a.c").write_text(EXAMPLE.replace('"one"', '"two"'))
    r = run(root)
    assert r.returncode == 1
    assert "README.md:5: the snippet differs from ex/a.c [readme:c]" in r.stderr
    assert '-puts("two");' in r.stderr and '+puts("one");' in r.stderr


def test_a_changed_readme_line_fails(root: Path) -> None:
    (root / "README.md").write_text(README.replace("extra", "extra!"))
    assert run(root).returncode == 1


def test_a_missing_region_or_file_fails(root: Path) -> None:
    (root / "README.md").write_text(README.replace("readme:c", "readme:d"))
    r = run(root)
    assert r.returncode == 1 and "ex/a.c has no region [readme:d]" in r.stderr
    (root / "README.md").write_text(README.replace("ex/a.c", "ex/b.c"))
    r = run(root)
    assert r.returncode == 1 and "ex/b.c does not exist" in r.stderr


def test_a_region_shown_nowhere_fails(root: Path) -> None:
    (root / "ex" / "a.c").write_text(EXAMPLE + "// [readme:e]\nx\n// [end]\n")
    r = run(root)
    assert r.returncode == 1 and "region [readme:e] is shown by no README.md snippet" in r.stderr


def test_no_marker_fails(root: Path) -> None:
    (root / "README.md").write_text("# Title\n")
    assert run(root).returncode == 1


@pytest.mark.parametrize("bad, message", [
    ("// [readme:c]\nx\n", "has no [end]"),
    ("// [end]\n", "[end] without a region"),
    ("// [readme:c]\n// [readme:c]\n// [end]\n", "inside [readme:c]"),
])
def test_malformed_regions_fail(root: Path, bad: str, message: str) -> None:
    (root / "ex" / "a.c").write_text(EXAMPLE + bad)
    r = run(root)
    assert r.returncode == 1 and message in r.stderr


def test_update_rewrites_the_snippet(root: Path) -> None:
    (root / "ex" / "a.c").write_text(EXAMPLE.replace('"one"', '"two"'))
    assert run(root, "--update").returncode == 0
    assert (root / "README.md").read_text() == README.replace('"one"', '"two"')
    assert run(root).returncode == 0
