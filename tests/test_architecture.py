"""The house rules of docs/architecture.md, checked on the import graph of the package.

Every ``import`` and ``from … import`` in indicator_dsl (also those inside functions)
is an edge from one module to the module it names.  The graph has no circle, a lower
stage never imports a higher one, and no module imports another module's private name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "indicator_dsl"

# the stages, lowest first; a module may import its own stage and the stages below it
STAGES = ["base", "target", "evaluation", "frame", "tables", "spec", "reading", "cli", "api"]
BASE = {"errors", "diagnostics", "source", "version", "limits", "lazy", "messages"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "api"  # indicator_dsl itself: the public API
    head = parts[1]
    if head in BASE:
        return "base"
    if head == "__main__":
        return "cli"
    return head


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str, path: Path, known: set[str]) -> list[tuple[str, tuple[str, ...], int]]:
    """(imported module, names imported from it, line) for every import of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "indicator_dsl":
                    out.append((a.name, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_pkg else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "indicator_dsl":
                continue
            names = tuple(a.name for a in node.names)
            # `from pkg import submodule` imports the submodule
            for n in names:
                if f"{target}.{n}" in known:
                    out.append((f"{target}.{n}", (), node.lineno))
            out.append((target, tuple(n for n in names if f"{target}.{n}" not in known), node.lineno))
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, list[tuple[str, tuple[str, ...], int]]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def test_every_module_is_in_a_known_stage(graph):
    """Each module lives in a stage of the house (a new top-level name must be placed)."""
    unknown = sorted(m for m in graph if _stage(m) not in STAGES)
    assert not unknown


def test_no_upward_imports(graph):
    """A lower stage never imports a higher one (target knows nothing of tables)."""
    bad = []
    for m, edges in graph.items():
        for target, _, line in edges:
            if STAGES.index(_stage(target)) > STAGES.index(_stage(m)):
                bad.append(f"{m}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_private_names_across_modules(graph):
    """No module imports a _private name of another module."""
    bad = [f"{m}:{line} imports {n} from {t}" for m, edges in graph.items() for t, names, line in edges
           for n in names if n.startswith("_") and n != "__version__"]
    assert not bad, "\n".join(bad)


def test_no_private_modules():
    """Modules are named by what they hold; none hides behind a leading underscore."""
    assert not [p for p in PACKAGE.rglob("_*.py") if p.name not in ("__init__.py", "__main__.py")]


def test_no_import_circles(graph):
    """The import graph is acyclic, function-level imports included."""
    known = set(graph)
    edges = {m: sorted({t for t, _, _ in es if t in known and t != m}) for m, es in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in edges[m]:
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n):] + [n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_modules_stay_small():
    """Modules stay under ~400 lines (docs/architecture.md); split by concern when one grows."""
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not big


def test_every_module_is_named_in_the_architecture_page():
    """docs/architecture.md says what each module holds: a new module must be placed there."""
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                     if p.name != "__init__.py" and f"{p.stem}.py" not in page and f"`{p.stem}`" not in page)
    assert not missing
