"""The modules of python/furong import one way, read from their source with ``ast``:

    _core -> conversion helpers -> area modules -> Network facade -> network sources
          -> plot -> report -> demo -> command line -> the package ``furong`` itself

Every import counts: at module level and inside functions, relative and absolute; only
imports under ``if TYPE_CHECKING:`` (type hints, never run) are left out. The test fails on an
import that goes against that order and on any cycle (also between modules of one layer).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "furong"

#: Layers, lowest first. A module may import modules of its own layer (if that makes no
#: cycle) or of lower layers, never of a higher one.
LAYERS: List[Tuple[str, Tuple[str, ...]]] = [
    ("compiled core", ("furong._core",)),
    ("conversion helpers", ("furong._errors", "furong._dates", "furong._files", "furong._frames", "furong._progress",
                            "furong._tables", "furong._messages")),
    ("area modules", ("furong.reachability", "furong.plan", "furong.match", "furong.ledger", "furong.dot",
                      "furong.privacy", "furong.calendar")),
    ("Network facade", ("furong.network",)),
    # Sources of networks: they build a furong.Network, so they sit above the facade.
    ("network sources", ("furong.datasets", "furong.synth", "furong.store", "furong.parquet")),
    # Runs the area modules per shard on Apache Spark, over the sources above.
    ("distributed", ("furong.spark",)),
    ("plots", ("furong.plot",)),
    ("report", ("furong.report",)),
    ("demo", ("furong.demo",)),
    ("command line", ("furong.cli", "furong.cli_*")),
    ("package", ("furong",)),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: Dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
KNOWN = set(MODULES) | {"furong._core"}


def layer_of(module: str) -> Optional[int]:
    for i, (_, names) in enumerate(LAYERS):
        for name in names:
            if module == name or (name.endswith("*") and module.startswith(name[:-1])):
                return i
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[ast.stmt]:
    """Every import statement, at any depth, except those under ``if TYPE_CHECKING:``."""
    stack: List[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _resolve(importer: str, node: ast.stmt) -> Set[str]:
    """The furong modules an import statement loads (outside modules are ignored)."""
    out: Set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == "furong" or alias.name.startswith("furong."):
                out.add(alias.name)
        return {m for m in out if m in KNOWN}
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        package = importer if MODULES.get(importer, Path()).name == "__init__.py" else importer.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if not (base == "furong" or base.startswith("furong.")):
        return out
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        out.add(sub if sub in KNOWN else base)
    return {m for m in out if m in KNOWN}


def import_graph() -> Dict[str, Dict[str, int]]:
    """module -> {imported furong module: line of the first import}."""
    graph: Dict[str, Dict[str, int]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: Dict[str, int] = {}
        for node in _imports(tree):
            for target in _resolve(name, node):
                if target != name:
                    edges.setdefault(target, node.lineno)
        graph[name] = edges
    return graph


GRAPH = import_graph()


def find_cycle(graph: Dict[str, Dict[str, int]]) -> Optional[List[str]]:
    """One import cycle as a list of modules (first == last), or None."""
    state: Dict[str, int] = {}  # 1: on the stack, 2: done
    path: List[str] = []

    def visit(v: str) -> Optional[List[str]]:
        state[v] = 1
        path.append(v)
        for w in sorted(graph.get(v, {})):
            if state.get(w) == 1:
                return path[path.index(w):] + [w]
            if w not in state:
                found = visit(w)
                if found:
                    return found
        path.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state:
            found = visit(v)
            if found:
                return found
    return None


def test_the_walk_sees_the_package() -> None:
    # The test itself: it finds the modules and their imports (a walk that saw nothing
    # would pass everything).
    assert {"furong", "furong.network", "furong.reachability", "furong.datasets", "furong.plot"} <= set(MODULES)
    assert "furong.network" in GRAPH["furong.datasets"]
    assert "furong._core" in GRAPH["furong.network"]


def test_every_module_has_a_layer() -> None:
    missing = sorted(m for m in KNOWN if layer_of(m) is None)
    assert not missing, f"modules without a layer in tests/python/test_layering.py: {missing}"


def test_imports_go_one_way() -> None:
    wrong = []
    for module, edges in sorted(GRAPH.items()):
        here = layer_of(module)
        for target, line in sorted(edges.items()):
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} ({LAYERS[here][0]}) "
                             f"imports {target} ({LAYERS[there][0]})")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_no_import_cycle() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("source, expected", [
    ("from .network import Network", {"furong.network"}),
    ("def f():\n    from . import dot, match\n", {"furong.dot", "furong.match"}),
    ("import furong.plot", {"furong.plot"}),
    ("from furong import __version__", {"furong"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .network import Network\n", set()),
    ("import numpy as np", set()),
])
def test_the_resolver(source: str, expected: Set[str]) -> None:
    found: Set[str] = set()
    for node in _imports(ast.parse(source)):
        found |= _resolve("furong.reachability", node)
    assert found == expected


def test_a_cycle_is_found() -> None:
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None
