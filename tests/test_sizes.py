"""No module of the package is over 800 lines: a module that size usually holds more than one
concept, takes a newcomer long to read, and is where parallel edits collide."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "baodao"
MAX_LINES = 800


def test_no_module_over_800_lines():
    sizes = {
        p.relative_to(PACKAGE).as_posix(): len(p.read_text("utf-8").splitlines())
        for p in sorted(PACKAGE.rglob("*.py"))
    }
    assert len(sizes) > 50  # the walk found the package
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}
