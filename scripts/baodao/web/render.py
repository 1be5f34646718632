"""render: the public view as plain Markdown files (raw HTML bodies, every value escaped).

Pages are plain ``.md`` files so the site engine can change (MkDocs 1.x is unmaintained,
Material ends 2027-05-05). Bodies are HTML blocks produced by Jinja2 with autoescaping, so no
record text becomes markup; links inside them are written as final relative URLs because MkDocs
does not rewrite links in raw HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .boards import board_pages
from .charts import figure
from .pagememo import READS_ALL, PageMemo, template_reads
from .portal import portal_pages
from .publicview import HEAVY, HEAVY_NAMES, Compound, PublicView, Service
from .snippets import phone, post, posts
from .sources import sources
from .tables import phone_tables
from .viewtypes import Post, Ref, Station


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
        rel = relative(self._dir(target), self._dir(self.page))
        return "./" if rel == "." else rel + "/"

    def asset(self, target: str) -> str:
        """A file (not a page) of the built site, e.g. ``assets/baodao/live.js``, relative to here."""
        return relative(target, self._dir(self.page))


@lru_cache(maxsize=1 << 16)
def relative(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for the site's own paths (relative, no ``..``; ""
    is the root), without its two ``os.getcwd()`` per call: a city's pages make 80,000 links."""
    t = [p for p in target.split("/") if p and p != "."]
    s = [p for p in start.split("/") if p and p != "."]
    same = 0
    while same < min(len(t), len(s)) and t[same] == s[same]:
        same += 1
    parts = [".."] * (len(s) - same) + t[same:]
    return "/".join(parts) if parts else "."


def safe_title(text: str) -> Markup:
    """Front-matter title: HTML-escaped, because the theme prints ``page.title`` unescaped.

    Material writes ``<title>{{ page.title | striptags }}``; striptags unescapes entities, so
    the override in ``site/overrides/main.html`` prints the escaped title without it.
    """
    # A JSON string is a valid YAML scalar; Markup keeps Jinja from escaping it a second time.
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


@cache  # one per process: its templates compiled once (the preview renders many times)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("baodao", "templates/web"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["chart"] = figure  # an SVG bar chart followed by its data table
    env.globals["meta_text"] = safe_title  # front-matter text the theme prints unescaped
    env.globals["sources"] = sources  # a score's records as links in words
    env.globals.update(phone=phone, post=post, posts=posts)  # web/snippets.py
    return env


@dataclass
class _Group:
    ref: Ref
    leaders: tuple[Post, ...]
    numbers: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)


@dataclass
class _Branch:
    ref: Ref
    kind: str
    secretary: Post | None
    groups: dict[str, _Group] = field(default_factory=dict)


@dataclass
class _Grid:
    ref: Ref
    posts: tuple[Post, ...]
    numbers: list[str] = field(default_factory=list)


@dataclass
class _Station:
    station: Station
    numbers: list[str] = field(default_factory=list)


@dataclass
class _Line:
    """Buildings served by the same branch, group, grid and station, listed together."""

    numbers: list[str]
    service: Service | None


@dataclass
class CompoundPage:
    """A compound's page: a line per set of buildings served alike, each body described once."""

    lines: list[_Line]
    building_posts: list[tuple[str, tuple[Post, ...]]]
    branches: list[_Branch]
    grids: list[_Grid]
    stations: list[_Station]


def compound_page(x: Compound) -> CompoundPage:
    branches: dict[str, _Branch] = {}
    grids: dict[str, _Grid] = {}
    stations: dict[str, _Station] = {}
    lines: dict[tuple | None, _Line] = {}
    building_posts = []
    for b in x.buildings:
        s = b.service
        key = (
            (
                s.branch.id,
                s.group.id if s.group else None,
                s.grid.id,
                s.station.id if s.station else None,
            )
            if s
            else None
        )
        lines.setdefault(key, _Line([], s)).numbers.append(b.number)
        if s is None:
            continue
        if s.building_posts:
            building_posts.append((b.number, s.building_posts))
        br = branches.setdefault(s.branch.id, _Branch(s.branch, s.branch_kind, s.secretary))
        if s.group is not None:
            g = br.groups.setdefault(s.group.id, _Group(s.group, s.group_leaders))
            g.numbers.append(b.number)
            g.households.extend(s.central_households)
        grids.setdefault(s.grid.id, _Grid(s.grid, s.grid_posts)).numbers.append(b.number)
        if s.station is not None:
            stations.setdefault(s.station.id, _Station(s.station)).numbers.append(b.number)
    return CompoundPage(
        list(lines.values()),
        building_posts,
        list(branches.values()),
        list(grids.values()),
        list(stations.values()),
    )


# What a template must not read to be rendered from a core view (publicview.build_view's core),
# whose compounds may be only some of them (its ``compounds`` filter).
_NOT_CORE = frozenset(
    {f"v.{name}" for name in HEAVY} | HEAVY_NAMES | {f"v.{READS_ALL}", "v.compounds"}
)
_CORE: dict[str, bool] = {}


def reads_core_only(env: Environment, template: str) -> bool:
    """Whether the template (and what it includes) reads nothing a core view leaves out."""
    ok = _CORE.get(template)
    if ok is None:
        ok = _CORE[template] = not (template_reads(env, template) & _NOT_CORE)
    return ok


Owned = Callable[[str, str], bool]  # (record type, id): is it one of the edited records?


# The pages in two shares, which the build may write in two processes at once (web/build.py):
# the compounds' pages with their boards and the two pages that list every compound (a board
# reads its building, and a list its compounds, as the compound's page read them: each hashed
# once for all of them, web/pagememo.py), and all the others.
PLACES, OTHERS = "places", "others"


def render_pages(
    view: PublicView,
    memo: PageMemo | None = None,
    docs: Path | None = None,
    owned: Owned | None = None,
    share: str | None = None,
) -> Iterator[tuple[str, str | None]]:
    """(docs path, Markdown text) of every generated page; the text is None for a page whose
    staged file in ``docs`` the memo found current (web/pagememo.py): it is kept as it is.

    With ``owned`` (the preview's first quick step, web/quickpreview.py), only the record pages
    of the records it accepts, and of those only the pages whose template reads nothing a core
    view leaves out (``reads_core_only``): ``view`` may be a core view. With ``share`` (PLACES
    or OTHERS), only that share's pages."""
    env = _env()
    places, others = share in (None, PLACES), share in (None, OTHERS)

    def mine(kind: str, rid: str, template: str) -> bool:
        return owned is None or (owned(kind, rid) and reads_core_only(env, template))

    by_street = {s.id: [c for c in view.communities if c.street.id == s.id] for s in view.streets}
    # Every community has an entry, even one without compounds yet: a valid repository,
    # however small, builds (a new community is entered before its compounds).
    compounds_by_community: dict[str, list[Compound]] = {c.id: [] for c in view.communities}
    for x in view.compounds:
        compounds_by_community.setdefault(x.community.id, []).append(x)
    common = {
        "v": view,
        "by_street": by_street,
        "n_branches": sum(len(c.branches) for c in view.communities),
        "n_grids": sum(len(c.grids) for c in view.communities),
        "n_units": sum(len(c.units) for c in view.communities),
        "A": view.assessments,
        "RV": view.ratings,
        "street_names": {s.id: s.name for s in view.streets},
    }

    def page(template: str, path: str, title: str, **kw) -> tuple[str, str | None]:
        if memo is not None and docs is not None:
            key = memo.key(env, template, path, title, common, kw)
            if memo.unchanged(docs, path, key):
                return path, None
        text = env.get_template(template).render(
            here=Here(path), title_json=safe_title(title), **common, **kw
        )
        return path, phone_tables(text)

    if owned is None and others:
        yield from _shared_pages(view, page)
    year = view.as_of[:4]
    for c in view.communities if others else ():
        if mine("community", c.id, "community.md.j2"):
            yield page("community.md.j2", f"c/{c.id}.md", c.name, c=c, year=year)
        for u in c.units:
            if mine("unit", u.id, "unit.md.j2"):
                yield page("unit.md.j2", f"u/{u.id}.md", u.name, u=u, a=view.unit_activity[u.id])
    for x in view.compounds if places else ():
        if mine("compound", x.id, "compound.md.j2"):
            title = f"{x.name}（{x.community.name}）"
            yield page("compound.md.j2", f"x/{x.id}.md", title, x=x, p=compound_page(x))
    if owned is None and places:
        # The pages that list every compound, after the compounds' own pages: each compound's
        # key is made by then, and is what these pages' keys are made of (web/pagememo.py).
        yield page("home.md.j2", "index.md", view.site_title)
        lists = compounds_by_community
        yield page("compounds.md.j2", "x/index.md", "有事找支部", compounds_by_community=lists)
    if owned is None and others:
        yield from portal_pages(view, page)  # notices, stations, open data
    if places:
        yield from board_pages(view, page, mine)  # 楼栋公示牌, printable


def _shared_pages(
    view: PublicView, page: Callable[..., tuple[str, str | None]]
) -> Iterator[tuple[str, str | None]]:
    """The pages of no one record but the home page and the compounds' list: indexes,
    assessments, ratings, dashboards, governance."""
    yield page("org.md.j2", "org/index.md", "组织架构")
    yield page("units.md.j2", "u/index.md", "驻区单位")
    yield page("assess_index.md.j2", "a/index.md", "考核结果")
    for p in view.assessments.periods if view.assessments else ():
        if p.unit_rules:
            title = f"{p.unit_rules.title}规则（{p.period} 年）"
            yield page("assess_rules.md.j2", f"a/units-{p.period}.md", title, R=p.unit_rules, P=p)
        if p.member_rules:
            title = f"{p.member_rules.title}规则（{p.period} 年）"
            yield page(
                "assess_rules.md.j2", f"a/members-{p.period}.md", title, R=p.member_rules, P=p
            )
    for rp in view.ratings.periods if view.ratings else ():
        title = f"{rp.title}（{rp.name}）"
        yield page("rating.md.j2", f"a/{rp.slug}.md", title, P=rp)
        if rp.kind in ("stars", "property"):  # hundreds of rows: one page per street
            for s in view.streets:
                rows = rp.street_rows(s.id)
                if rows:
                    yield page(
                        "rating_street.md.j2",
                        f"a/{rp.slug}-{s.id}.md",
                        f"{rp.title}（{rp.name}，{s.name}）",
                        P=rp.head,
                        s=s,
                        rows=rows,
                    )
    from .dashpages import dash_pages  # 一屏知全域

    for d in dash_pages(view):
        yield page("dashboard.md.j2", d.path, f"{d.name}一屏知全域", D=d)
    from .govpages import gov_pages  # 治理公开 (docs/assessments.md)

    yield from gov_pages(view, page)


def write_pages(
    view: PublicView,
    docs: Path,
    memo: PageMemo | None = None,
    staged: Path | None = None,
    share: str | None = None,
) -> int:
    """Write every page (of ``share``) into ``docs``, but those the memo finds current in
    ``staged``; returns how many pages there are."""
    n = 0
    for path, text in render_pages(view, memo, staged, share=share):
        n += 1
        if text is None:
            continue
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return n
