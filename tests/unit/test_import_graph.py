"""The house plan, checked on the code itself (#13): no import circle, no arrow from the store backends up to the layers
that use them, and no backend test (`kind ==`) outside core/store."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

from tests.conftest import ROOT

PACKAGE = "almelo_atlas_plugin"
# what core/store may never import: the layers above it and the faces
ABOVE_STORE = (f"{PACKAGE}.core.figures", f"{PACKAGE}.core.output", f"{PACKAGE}.core.sources", f"{PACKAGE}.core.edits",
               f"{PACKAGE}.core.atlas", f"{PACKAGE}.cli", f"{PACKAGE}.gui", f"{PACKAGE}.processing", f"{PACKAGE}.plugin",
               f"{PACKAGE}.sample")


def _modules() -> Dict[str, Path]:
    out = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: Set[str]) -> Iterator[Tuple[str, int]]:
    """Every module of the package `name` imports (also inside functions), with its line."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                yield t, node.lineno


def _graph() -> Dict[str, Dict[str, int]]:
    mods = _modules()
    known = set(mods)
    return {name: dict(_imports(name, path, known)) for name, path in mods.items()}


def _cycle(graph: Dict[str, Dict[str, int]]) -> List[str]:
    """One import circle (the modules in order), or [] when there is none."""
    state: Dict[str, int] = {}
    stack: List[str] = []

    def visit(n: str) -> List[str]:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, {}):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return []

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return []


def test_the_import_graph_has_no_circle():
    # packages import nothing themselves here, so a circle is between modules
    graph = {n: {m: line for m, line in deps.items() if not _is_package(m)} for n, deps in _graph().items()}
    assert _cycle(graph) == []


def _is_package(name: str) -> bool:
    return (ROOT / Path(*name.split("."))).is_dir()


def test_no_arrow_from_the_store_up_to_figures_output_sources_edits_or_the_faces():
    wrong = [f"{n} → {m} (regel {line})" for n, deps in _graph().items() if n.startswith(f"{PACKAGE}.core.store")
             for m, line in deps.items() if m.startswith(ABOVE_STORE)]
    assert wrong == []


def test_the_two_backends_do_not_import_each_other():
    graph = _graph()
    gpkg, pg = f"{PACKAGE}.core.store.geopackage", f"{PACKAGE}.core.store.postgis"
    assert pg not in graph[gpkg] and gpkg not in graph[pg]


def _compares_kind(node: ast.AST) -> bool:
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    equality = all(isinstance(op, (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)) for op in node.ops)
    return equality and any(isinstance(s, ast.Attribute) and s.attr == "kind" for s in sides)


def test_no_backend_test_outside_core_store():
    """Backend differences are methods of the backends: nothing else asks which backend it has."""
    wrong = []
    for name, path in _modules().items():
        if name.startswith(f"{PACKAGE}.core.store"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            asks = _compares_kind(node) or (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance"
                and any(isinstance(a, ast.Name) and a.id in ("GeoPackageStore", "PostgisStore") for a in ast.walk(node)))
            if asks:
                wrong.append(f"{name}:{node.lineno}")
    assert wrong == []


def test_the_checks_above_would_see_a_circle_and_a_kind_test():
    assert _cycle({"a": {"b": 1}, "b": {"a": 2}}) == ["a", "b", "a"]
    assert _compares_kind(ast.parse("store.kind == 'gpkg'").body[0].value)
