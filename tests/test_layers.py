"""The import rule of the package, as a test: imports flow one way, down the layers, no cycles.

The layers, lowest first (a module may import modules of its own package and any lower layer;
modules on one rank never import each other):

    problems                    the problem type every layer reports with
    records                     file I/O only: layout, readers, Dataset, schemas
    model                       domain facts every layer shares (dates, rules in force, calendar,
                                assignments, scopes, code lists, the notice lock)
    checks                      validation: model + records
    repo                        load + check of a data repository
    assess                      assessments (pure): never imports checks
    web, github, demo,          the public site, GitHub, the fictional district, spreadsheet
    spreadsheet                 import and templates
    scoresheet                  evaluators' score sheets (reads sheets through spreadsheet)
    cli, browserbench           entry points
    bench                       measures the entry points

Every import counts, also one inside a function: a lazy import hides a cycle, it does not
remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "baodao"

RANK = {
    "__init__": 0,
    "problems": 0,
    "records": 1,
    "model": 2,
    "checks": 3,
    "repo": 4,
    "assess": 5,
    "web": 6,
    "github": 6,
    "demo": 6,
    "spreadsheet": 6,
    "scoresheet": 6.5,  # evaluators' score sheets, on top of the spreadsheet reader
    "cli": 7,
    "browserbench": 7,
    "benchpreview": 7.5,  # edit → preview, measured (bench calls it)
    "bench": 8,
}
# Imports that must never happen though the ranks would allow them.
FORBIDDEN = {("assess", "checks")}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``name`` imports, resolving relative imports."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            targets = [
                f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names
            ]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t.startswith("baodao") and t != name:
                found.add(t)
    return found


def top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def test_every_top_level_module_has_a_layer():
    missing = sorted({top(m) for m in modules()} - set(RANK))
    assert not missing, f"give these a rank in RANK: {missing}"


def test_imports_flow_down_the_layers():
    against = []
    for src, targets in graph().items():
        for dst in targets:
            a, b = top(src), top(dst)
            if a == b or b == "__init__":
                continue
            if (a, b) in FORBIDDEN or RANK[b] >= RANK[a]:
                against.append(f"{src} -> {dst}")
    assert not against, "imports against the flow:\n" + "\n".join(sorted(against))


def test_no_import_cycles():
    g = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g.get(node, ())):
            # Python imports a package's __init__ before any of its modules, so the edge
            # package -> its own module is how a package is made, not a cycle; the other way
            # round (a module importing its package's __init__) is counted.
            if node == nxt.rpartition(".")[0]:
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for n in sorted(g):
        if n not in state:
            visit(n)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("bad", ["cycle", "against"])
def test_the_rule_catches_what_it_claims(bad, tmp_path, monkeypatch):
    """The walk itself finds a planted cycle and a planted upward import."""
    pkg = tmp_path / "baodao"
    (pkg / "records").mkdir(parents=True)
    (pkg / "checks").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "records" / "__init__.py").write_text("")
    (pkg / "checks" / "__init__.py").write_text("")
    if bad == "cycle":
        (pkg / "records" / "a.py").write_text("from . import b\n")
        (pkg / "records" / "b.py").write_text("def f():\n    from .a import x\n")
    else:
        (pkg / "checks" / "c.py").write_text("")
        (pkg / "records" / "a.py").write_text("from ..checks import c\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    test = test_no_import_cycles if bad == "cycle" else test_imports_flow_down_the_layers
    with pytest.raises(AssertionError):
        test()
