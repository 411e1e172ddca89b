"""The import graph of ``viam/``: no circle, and no import that runs back up the layers.

Every import counts, wherever it is written: at module level, under ``if TYPE_CHECKING:``, inside
a function (a lazy import), and ``importlib.import_module("...")`` with a literal name. A lazy or
type-only import hides a circle from Python, not from the reader. docs/architecture.md draws the
same layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module may import its own layer and the ones below, never one above.
LAYERS: list[tuple[str, ...]] = [
    ("viam", "viam.errors", "viam.utils", "viam.logging", "viam.proctree", "viam.files", "viam.download",
     "viam.gen", "viam.proto"),
    ("viam.resource", "viam.config"),
    ("viam.rpc", "viam.packages", "viam.cloud"),
    ("viam.components", "viam.client", "viam.services"),
    ("viam.module", "viam.remote", "viam.web"),
    ("viam.robot",),
    ("viam.cli", "viam.agent", "viam.testing"),
]
# Generated protobuf code is not ours to arrange (it only imports protobuf and itself).
SKIPPED = ("viam.gen", "viam.proto")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line})"


def module_files(root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module of the ``viam`` package under ``root``."""
    found: dict[str, Path] = {}
    for path in sorted((root / "viam").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if not name.startswith(SKIPPED):
            found[name] = path
    return found


def _imported_names(tree: ast.AST, package: str) -> list[tuple[str, list[str], int]]:
    """(module, names imported from it, line) for every import in ``tree``."""
    out: list[tuple[str, list[str], int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.append((base, [alias.name for alias in node.names], node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append((node.args[0].value, [], node.lineno))
    return out


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` is, or is defined in (``viam.x.y.Z`` -> ``viam.x.y``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_edges(root: Path) -> list[Edge]:
    """Every import between two ``viam`` modules. ``from pkg import submodule`` counts as an
    import of the submodule, not of ``pkg/__init__`` (whose import is implicit in any submodule's)."""
    modules = module_files(root)
    edges: list[Edge] = []
    for source, path in modules.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for base, names, line in _imported_names(ast.parse(path.read_text(), str(path)), package):
            if not (base == "viam" or base.startswith("viam.")) or base.startswith(SKIPPED):
                continue
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules]
            if len(targets) < len(names) or not names:
                targets.append(base)
            for target in targets:
                owner = _owner(target, modules)
                if owner is not None and owner != source:
                    edges.append(Edge(source, owner, line))
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def layer_of(module: str) -> int:
    best, level = "", -1
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, level = prefix, number
    if level < 0:
        raise LookupError(f"{module} is in no layer of tests/core/test_import_graph.py's LAYERS: add it")
    return level


def upward(edges: list[Edge]) -> list[Edge]:
    return [e for e in edges if layer_of(e.target) > layer_of(e.source)]


def test_viam_has_no_import_cycle() -> None:
    found = cycles(import_edges(ROOT))
    assert not found, "import circles in viam/ (TYPE_CHECKING and lazy imports count):\n" + "\n".join(
        " <-> ".join(c) for c in found)


def test_no_import_runs_back_up_the_layers() -> None:
    found = upward(import_edges(ROOT))
    assert not found, "imports from a lower layer to a higher one:\n" + "\n".join(map(str, found))


def test_the_core_is_seen_whole() -> None:
    """The checks read the files the issue named, and the edges between them (a parser that
    missed TYPE_CHECKING or lazy imports would pass the checks above vacuously)."""
    edges = {(e.source, e.target) for e in import_edges(ROOT)}
    for expected in [("viam.robot.machine", "viam.module.manager"), ("viam.robot.machine", "viam.web.server"),
                     ("viam.robot.service", "viam.services.data_manager.upload_path"),
                     ("viam.module.manager", "viam.module.parent"), ("viam.rpc.router", "viam.rpc.operations")]:
        assert expected in edges


@pytest.mark.parametrize("code, expected", [
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from viam.b import X\n", [["viam.a", "viam.b"]]),
    ("def f():\n    from viam.b import X\n", [["viam.a", "viam.b"]]),
    ("import importlib\nimportlib.import_module('viam.b')\n", [["viam.a", "viam.b"]]),
    ("from viam import b\n", [["viam.a", "viam.b"]]),
    ("import os\n", []),
])
def test_the_checks_catch_hidden_circles(tmp_path: Path, code: str, expected: list[list[str]]) -> None:
    """A circle held apart by TYPE_CHECKING, a lazy import or importlib is still found."""
    (tmp_path / "viam").mkdir()
    (tmp_path / "viam" / "__init__.py").write_text("")
    (tmp_path / "viam" / "a.py").write_text(code)
    (tmp_path / "viam" / "b.py").write_text("from viam.a import Y\n")
    assert cycles(import_edges(tmp_path)) == expected


def test_an_upward_import_is_named(tmp_path: Path) -> None:
    (tmp_path / "viam" / "rpc").mkdir(parents=True)
    (tmp_path / "viam" / "robot").mkdir()
    for package in ("viam", "viam/rpc", "viam/robot"):
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "viam" / "robot" / "operations.py").write_text("")
    (tmp_path / "viam" / "rpc" / "router.py").write_text("from viam.robot.operations import Operation\n")
    assert [str(e) for e in upward(import_edges(tmp_path))] == [
        "viam.rpc.router -> viam.robot.operations (line 1)"]
