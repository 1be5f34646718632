"""The README stays a front page, and every relative link in it and in docs/ leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baodao.repo import CODE_ROOT

README_LIMIT = 16 * 1024  # bytes: what it is, the two commands, the commands, where to read on
# [text](target) outside code; an optional "title" after the target is not part of it.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _pages() -> list[Path]:
    return [CODE_ROOT / "README.md", *sorted((CODE_ROOT / "docs").glob("*.md"))]


def _without_code(text: str) -> str:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def relative_links(text: str) -> list[str]:
    return [
        t
        for t in LINK.findall(_without_code(text))
        if not re.match(r"[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")
    ]


def test_the_readme_is_at_most_16_kb():
    size = len((CODE_ROOT / "README.md").read_bytes())
    assert size <= README_LIMIT, f"README.md is {size} bytes: move sections to docs/"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(CODE_ROOT).as_posix())
def test_every_relative_link_resolves(page):
    broken = [
        t
        for t in relative_links(page.read_text("utf-8"))
        if not (page.parent / t.split("#")[0]).exists()
    ]
    assert broken == []


def test_every_docs_page_is_reachable_from_the_readme():
    readme = (CODE_ROOT / "README.md").read_text("utf-8")
    linked = {(CODE_ROOT / t.split("#")[0]).resolve() for t in relative_links(readme)}
    unlinked = [p.name for p in _pages()[1:] if p.resolve() not in linked]
    assert unlinked == []


def test_the_link_reader_finds_what_it_claims():
    text = (
        "[a](docs/a.md) [b](../b.md#x) [web](https://example.org) [mail](mailto:x@y) [top](#t)\n"
        '`[not](code.md)` [t](e.md "title")\n```\n[no](block.md)\n```\n'
    )
    assert relative_links(text) == ["docs/a.md", "../b.md#x", "e.md"]
