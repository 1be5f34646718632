"""render: the public view as plain Markdown files (raw HTML bodies, every value escaped).

Pages are plain ``.md`` files so the site engine can change (MkDocs 1.x is unmaintained,
Material ends 2027-05-05). Bodies are HTML blocks produced by Jinja2 with autoescaping, so no
record text becomes markup; links inside them are written as final relative URLs because MkDocs
does not rewrite links in raw HTML.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .publicview import Compound, PublicView, Service


@dataclass(frozen=True)
class Here:
    """The page being written: turns a docs path into a URL relative to this page."""

    page: str  # docs path, e.g. "x/lvjing.md"

    @staticmethod
    def _dir(page: str) -> str:
        stem = page.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"

    def link(self, target: str) -> str:
        rel = posixpath.relpath(self._dir(target) or ".", self._dir(self.page) or ".")
        return "./" if rel == "." else rel + "/"


def safe_title(text: str) -> Markup:
    """Front-matter title: HTML-escaped, because the theme prints ``page.title`` unescaped.

    Material writes ``<title>{{ page.title | striptags }}``; striptags unescapes entities, so
    the override in ``site/overrides/main.html`` prints the escaped title without it.
    """
    # A JSON string is a valid YAML scalar; Markup keeps Jinja from escaping it a second time.
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("baodao", "templates/site"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _service_groups(x: Compound) -> list[tuple[list[str], Service | None, str]]:
    """Buildings with the same service shown once: '1号楼、2号楼' share a card."""
    groups: dict[Service | None, tuple[list[str], str]] = {}
    for b in x.buildings:
        numbers, first = groups.setdefault(b.service, ([], b.id))
        numbers.append(b.number)
    return [(numbers, s, first) for s, (numbers, first) in groups.items()]


def render_pages(view: PublicView) -> Iterator[tuple[str, str]]:
    """(docs path, Markdown text) of every generated page."""
    env = _env()
    by_street = {s.id: [c for c in view.communities if c.street.id == s.id] for s in view.streets}
    compounds_by_community: dict[str, list[Compound]] = {}
    for x in view.compounds:
        compounds_by_community.setdefault(x.community.id, []).append(x)
    common = {
        "v": view,
        "by_street": by_street,
        "n_branches": sum(len(c.branches) for c in view.communities),
        "n_grids": sum(len(c.grids) for c in view.communities),
        "n_units": sum(len(c.units) for c in view.communities),
    }

    def page(template: str, path: str, title: str, **kw) -> tuple[str, str]:
        text = env.get_template(template).render(
            here=Here(path), title_json=safe_title(title), **common, **kw
        )
        return path, text

    yield page("home.md.j2", "index.md", view.site_title)
    yield page("org.md.j2", "org/index.md", "组织架构")
    yield page("units.md.j2", "u/index.md", "驻区单位")
    yield page(
        "compounds.md.j2", "x/index.md", "有事找支部", compounds_by_community=compounds_by_community
    )
    for c in view.communities:
        yield page("community.md.j2", f"c/{c.id}.md", c.name, c=c)
    for x in view.compounds:
        groups = _service_groups(x)
        yield page("compound.md.j2", f"x/{x.id}.md", f"{x.name}（{x.community.name}）", x=x,
                   groups=[(n, s) for n, s, _ in groups], ids=[i for _, _, i in groups])  # fmt: skip


def write_pages(view: PublicView, docs: Path) -> int:
    n = 0
    for path, text in render_pages(view):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        n += 1
    return n
