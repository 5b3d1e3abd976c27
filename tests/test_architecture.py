"""The package's shape, checked from its source: no import cycle, no module over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "qe_actions"
ROOT = Path(__file__).resolve().parents[1] / "scripts" / PACKAGE
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The package module an imported name lives in (`a.b.c` -> `a.b` when c is a function of a.b)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every package module `module` imports, at top level or inside functions (both run, both can cycle)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            # `from pkg import mod` imports the module pkg.mod; `from mod import func` imports mod.
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                target = _resolve(name, known)
                if target and target != module:
                    found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports. A parent package's `__init__` is left out as a target: every
    import of `a.b` runs `a/__init__`, which would tie every module to it without a real dependency."""
    known = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        edges = _imports(module, path, known)
        graph[module] = {t for t in edges if not (known[t].name == "__init__.py" and module.startswith(t + "."))}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first repeated last), or None; iterative depth-first search."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_the_graph_sees_the_imports_it_must() -> None:
    """The graph is built from the real source: a top-level and a function-level import are both edges."""
    graph = import_graph()
    assert len(graph) > 50
    assert "qe_actions.diff" in graph["qe_actions.gitdiff"]  # top-level `from qe_actions.diff import ...`
    assert "qe_actions.readers.coverage.detect" in graph["qe_actions.load.coverage"]  # inside read_reports()


def test_find_cycle_reports_a_cycle() -> None:
    """The checker itself can fail: a three-module loop is found and printed in order."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    """No module imports, directly or through others, a module that imports it back (lazy imports included)."""
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_over_400_lines() -> None:
    """Small modules with one job: none is over 400 lines."""
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    too_long = sorted(f"{name}: {lines} lines" for name, lines in sizes.items() if lines > MAX_LINES)
    assert not too_long, "modules over 400 lines:\n" + "\n".join(too_long)


# One renderer per output format, plus the shared rows, limits, wording and escaping (issue 13, item 1).
RENDER_MODULES = {
    "__init__",
    "text",
    "markdown",
    "json_report",
    "annotations",
    "sarif",
    "rows",
    "limits",
    "wording",
    "escape",
}


def test_render_holds_one_module_per_format_plus_shared_rows() -> None:
    """`render/` is one module per output format and the shared parts: no renderer per family and format."""
    found = {path.stem for path in (ROOT / "render").glob("*.py")}
    assert found == RENDER_MODULES, (
        f"unexpected: {sorted(found - RENDER_MODULES)}, missing: {sorted(RENDER_MODULES - found)}"
    )
    assert not [p for p in (ROOT / "render").iterdir() if p.is_dir() and p.name != "__pycache__"], "no sub-packages"
