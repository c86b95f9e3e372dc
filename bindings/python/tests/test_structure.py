"""The package's module structure: every module imports on its own, and the
modules import each other without a cycle."""

from __future__ import annotations

import ast
import os
import pathlib
import subprocess
import sys
from typing import Dict, List, Set

import pytest

from conftest import PACKAGE_DIR

PACKAGE = PACKAGE_DIR / "mnistseq"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))


def _imports(path: pathlib.Path) -> Set[str]:
    """The package modules that a module imports, anywhere in it (also in
    functions and under ``if TYPE_CHECKING:``)."""
    found: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module is None:  # from . import x
                found.update(alias.name for alias in node.names)
            elif node.level == 1:  # from .x import y
                found.add(node.module.split(".")[0])
            elif node.level == 0 and (node.module or "").startswith("mnistseq."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mnistseq."):
                    found.add(alias.name.split(".")[1])
    return found & set(MODULES)


def _graph() -> Dict[str, Set[str]]:
    return {name: _imports(PACKAGE / f"{name}.py") for name in MODULES}


def _cycle(graph: Dict[str, Set[str]]) -> List[str]:
    """A cycle of ``graph`` as the list of its modules, or []."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(name: str) -> List[str]:
        state[name] = 1
        path.append(name)
        for child in sorted(graph[name]):
            if state.get(child) == 1:
                return path[path.index(child):] + [child]
            if child not in state:
                found = visit(child)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return []

    for name in sorted(graph):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_import_scanner_sees_every_form(tmp_path: pathlib.Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from . import _capi, params as p\n"
        "from .writer import DatasetWriter\n"
        "import mnistseq.stream\n"
        "if TYPE_CHECKING:\n    from .generator import Generator\n"
        "def f():\n    from .dask import write_dataset\n"
        "import numpy\nfrom .. import other\n"
    )
    assert _imports(module) == {"_capi", "params", "writer", "stream", "generator", "dask"}


def test_the_package_modules_import_each_other_without_a_cycle() -> None:
    graph = _graph()
    assert len(graph) >= 15
    assert graph["generator"] >= {"writer", "stream", "params"}
    assert _cycle(graph) == [], "import cycle: " + " -> ".join(_cycle(graph))


def test_lower_modules_do_not_know_the_generator() -> None:
    # the writer, the stream and the integrations reach the Generator only
    # through the objects they are given
    graph = _graph()
    for name in ("writer", "stream", "dataset_spec", "params", "_source", "_table"):
        assert "generator" not in graph[name], name


def _private_uses_of_a_generator(path: pathlib.Path) -> List[str]:
    """``gen._x`` and ``self._gen._x``: private attributes read on a
    Generator held by another object."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else (
                owner.attr if isinstance(owner, ast.Attribute) else "")
            if name in ("gen", "_gen", "generator"):
                found.append(f"{path.name}:{node.lineno}: {name}.{node.attr}")
    return found


def test_no_module_reads_private_generator_attributes() -> None:
    found = [use for name in MODULES for use in _private_uses_of_a_generator(
        PACKAGE / f"{name}.py")]
    assert found == []


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_alone_in_a_fresh_interpreter(name: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_DIR))
    module = "mnistseq" if name == "__init__" else f"mnistseq.{name}"
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
