"""The problem catalogue against the code: every emitted code declared, every declared code
emitted with its declared severity, and every code asserted by some test.

Emissions are found by reading the source, not by running it: a string literal of the code
pattern passed to a call (``Problem(...)``, ``problem(...)`` and the modules' helpers) or first in
a tuple (the issue-form converters return ``(code, zh, en, hint)``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from baodao.problems import CODE_PATTERN, ERROR, WARNING
from baodao.problems.catalogue import CATALOGUE, ENTRIES, FAMILIES
from baodao.repo import CODE_ROOT

PACKAGE = CODE_ROOT / "scripts" / "baodao"
TESTS = CODE_ROOT / "tests"
# Helpers that emit errors only, so their calls carry no severity: prcheck._problem and the
# issue-form converters' (code, zh, en, hint) tuples.
IMPLICIT_ERROR = {"_problem", "<tuple>"}


@dataclass(frozen=True)
class Emission:
    where: str
    code: str
    severity: str | None  # None: the call does not say
    texts: int  # message arguments after the code (and severity)


def _is_code(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE_PATTERN.fullmatch(node.value) is not None
    )


def emissions(package: Path) -> list[Emission]:
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        # `p.code in ("SCH005", "FORM004")` reads codes, it does not emit them.
        compared = {
            id(n) for c in ast.walk(tree) if isinstance(c, ast.Compare) for n in c.comparators
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name, args = ast.unparse(node.func).rpartition(".")[2], node.args
            elif isinstance(node, ast.Tuple) and id(node) not in compared:
                name, args = "<tuple>", node.elts[:1]
                args = node.elts if args and _is_code(args[0]) else []
            else:
                continue
            for i, arg in enumerate(args):
                if not _is_code(arg):
                    continue
                rest = args[i + 1 :]
                severity = None
                if rest and isinstance(rest[0], ast.Name) and rest[0].id in ("ERROR", "WARNING"):
                    severity = ERROR if rest[0].id == "ERROR" else WARNING
                    rest = rest[1:]
                elif name in IMPLICIT_ERROR:
                    severity = ERROR
                texts = sum(not (isinstance(a, ast.Constant) and a.value == "") for a in rest[:2])
                where = f"{path.relative_to(package.parent)}:{node.lineno}"
                found.append(Emission(where, arg.value, severity, texts))
    return found


EMITTED = emissions(PACKAGE)


def test_the_scan_finds_the_emissions():
    # 100 codes from 159 places when the catalogue was made; fewer means the scan broke.
    assert len({e.code for e in EMITTED}) >= 100 and len(EMITTED) >= 159


def test_every_emitted_code_is_catalogued():
    missing = sorted({f"{e.code} ({e.where})" for e in EMITTED if e.code not in CATALOGUE})
    assert not missing, "declare these in scripts/baodao/problems/codes_*.py:\n" + "\n".join(
        missing
    )


def test_every_catalogued_code_is_emitted():
    emitted = {e.code for e in EMITTED}
    assert sorted(set(CATALOGUE) - emitted) == []


def test_every_emission_says_its_severity_as_the_catalogue_does():
    wrong = [
        f"{e.where}: {e.code} is {e.severity}, catalogued {CATALOGUE[e.code].severity}"
        for e in EMITTED
        if e.code in CATALOGUE and e.severity != CATALOGUE[e.code].severity
    ]
    assert not wrong, "\n".join(wrong)


def test_every_emission_has_chinese_and_english():
    short = [f"{e.where}: {e.code}" for e in EMITTED if e.texts < 2]
    assert not short, "a problem needs a Chinese and an English message:\n" + "\n".join(short)


def test_every_code_is_asserted_by_a_test():
    text = "\n".join(
        p.read_text("utf-8")
        for p in sorted(TESTS.rglob("*.py"))
        if p.parent != Path(__file__).parent
    )
    untested = [code for code in CATALOGUE if not re.search(rf"\b{code}\b", text)]
    assert untested == [], "write a test asserting the exact message of: " + ", ".join(untested)


def test_families_are_all_used_and_entries_complete():
    assert sorted({e.family for e in ENTRIES}) == sorted(FAMILIES)
    for e in ENTRIES:
        assert e.severity in (ERROR, WARNING) and e.zh and e.en and e.hint, e.code
        # Page sentences end with 。: an entry must not bring its own.
        assert not e.zh.endswith("。") and not e.hint.endswith("。"), e.code


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('Problem(f, 1, "", "NEW001", WARNING, "中文", "english", "")', ("NEW001", WARNING, 2)),
        ('problem(rec, p, "NEW002", ERROR, "中文")', ("NEW002", ERROR, 1)),
        ('x = ("NEW003", "中文", "english", "hint")', ("NEW003", ERROR, 2)),
        ('ok = p.code in ("NEW004", "NEW005")', None),
    ],
)
def test_the_scan_reads_what_it_claims(tmp_path, source, expected):
    pkg = tmp_path / "baodao"
    pkg.mkdir()
    (pkg / "m.py").write_text(source + "\n", encoding="utf-8")
    found = [(e.code, e.severity, e.texts) for e in emissions(pkg)]
    assert found == ([expected] if expected else [])
