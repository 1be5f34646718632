"""楼栋公示牌: a printable board per building, and one page per community to print them all.

Seed 003's offline half of 亮明身份: "以楼栋为单位，公示支部情况、党员信息和网格服务等内容" —
at each building's door, its branch, group leader, the central households who consented, the
grid worker, and the station with its hours and phone, with the date the facts were verified and
a QR code that opens the building's answer in the lookup. Everything comes from the public view
(the same names and phones the compound page shows, each phone saying whose it is), so the
board publishes nothing the site does not; the build's privacy scan reads these pages too.

The QR code is drawn at build time by segno (pure Python) as inline SVG: no image service, and
it prints sharp at any size. It needs the site's full address (district.yaml ``site.url``);
without one the board says so instead of printing a code that opens nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..records.cache import code_version, read_text_memo, write_text_memo
from ..records.children import Child, wait_all
from .memory import jobs
from .publicview import Building, Community, Compound, PublicView
from .qrsvg import DRAWING, draw, svg

Page = Callable[..., tuple[str, str | None]]  # None: kept as staged (web/pagememo.py)
FOLDER = "p"


@dataclass(frozen=True)
class Board:
    compound: Compound
    building: Building
    url: str  # the building's answer in the lookup, "" without a site address
    title: str  # of its QR code, for screen readers

    @property
    def qr(self) -> Markup:
        """Inline SVG of the QR code of ``url``: drawn (or taken from the memo) when a page
        shows it, so a page found current (web/pagememo.py) neither draws nor hashes it."""
        return qr_svg(self.url, self.title)


def answer_url(site_url: str, compound_id: str, building_id: str) -> str:
    """The lookup's answer for one building (lookup.js reads ?x= and ?b=)."""
    if not site_url:
        return ""
    return f"{site_url}x/?x={quote(compound_id, safe='')}&b={quote(building_id, safe='')}"


# Drawn codes by address (qrsvg.draw; the title is put in when a page shows one): drawing is
# most of the page generation's time at city size (10,000 boards), and a build keeps them in its
# cache folder for the next one (load_qr_memo).
_DRAWN: dict[str, str] = {}
_USED: set[str] = set()
# The codes the memo file held when read: a build that used exactly those does not write the
# file again (a city's is ~20 MB of JSON, 0.2 s to write): renaming a compound or renumbering a
# building changes its codes' titles, not their drawings, and leaves the file as it was.
_READ: set[str] = set()


def load_qr_memo(path: Path) -> None:
    """The codes a previous build drew with this code version (records/cache.py), if any.
    JSON, not a pickle, and each drawing only believed if it is strokes (qrsvg.DRAWING): a
    planted file can hold wrong codes, but no markup for the pages."""
    forget_qr_memo()  # a build that failed half-way may have left helpers drawing
    codes = read_text_memo(path, code_version())
    for code in codes if isinstance(codes, list) else ():
        if isinstance(code, list) and len(code) == 2 and all(isinstance(v, str) for v in code):
            url, drawing = code
            if DRAWING.fullmatch(drawing):
                _DRAWN[url] = drawing
    _READ.update(_DRAWN)


def save_qr_memo(path: Path) -> None:
    """Keep the codes this build used (a demolished building's code is dropped); nothing is
    written when those are the codes the file held (read by ``load_qr_memo``, this version's)."""
    if _USED == _READ and path.is_file():
        return
    kept = [[url, drawing] for url, drawing in sorted(_DRAWN.items()) if url in _USED]
    write_text_memo(path, code_version(), kept)


def forget_qr_memo() -> None:
    """Let the drawn codes go once the pages are written (a city's 10,000 codes pin ~300 MB of
    the heap the records leave behind: web/memory.py)."""
    for _chunk, child in _PENDING:
        child.stop()
    _PENDING.clear()
    _DRAWN.clear()
    _USED.clear()
    _READ.clear()


# Codes to draw, from which on they are drawn by helper processes while this one writes the
# other pages (fewer: starting the processes costs more than drawing them here).
DRAW_APART_FROM = 500
_PENDING: list[tuple[list[str], Child]] = []


def start_drawing(view: PublicView) -> None:
    """Start drawing, in helper processes (records/children.py, web/qrsvg.py), every code this
    build's boards need that the memo does not hold: ~10,000 for a city without a cache, ~1 ms
    each. The boards' pages come last (web/render.py), so this process renders the others
    meanwhile. Started once the records are let go (web/build.py): the helpers' memory then
    adds to ~470 MB, not to the ~820 MB of records and view together."""
    todo = sorted(
        {url for x in view.compounds for _b, url, _title in _codes(view, x) if url} - _DRAWN.keys()
    )
    n = jobs()
    if len(todo) < DRAW_APART_FROM or n < 2:
        return  # drawn here, one by one, as the boards ask for them
    size = -(-len(todo) // n)
    for i in range(0, len(todo), size):
        chunk = todo[i : i + size]
        given = json.dumps(chunk, ensure_ascii=False).encode("utf-8")
        _PENDING.append((chunk, Child("baodao.web.qrsvg", stdin=given)))


def _code(
    site_url: str, compound_id: str, name: object, building_id: str, number: object
) -> tuple[str, str]:
    """A building's (url, title of its code)."""
    return answer_url(
        site_url, compound_id, building_id
    ), f"扫码查看{name}{number}的党支部和网格服务"


def _collect() -> None:
    try:
        drawn = wait_all([child for _chunk, child in _PENDING])
        for (chunk, _child), out in zip(_PENDING, drawn, strict=True):
            _DRAWN.update(zip(chunk, json.loads(out), strict=True))
    finally:
        _PENDING.clear()


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, scaled by CSS; a title for screen readers."""
    if not url:
        return Markup("")
    _USED.add(url)
    drawn = _DRAWN.get(url)
    if drawn is None and _PENDING:
        _collect()
        drawn = _DRAWN.get(url)
    if drawn is None:
        drawn = _DRAWN[url] = draw(url)
    return Markup(svg(drawn, title))


def board_path(x: Compound, b: Building) -> str:
    return f"{FOLDER}/{x.id}/{b.id}.md"


def _codes(view: PublicView, x: Compound) -> list[tuple[Building, str, str]]:
    """Each building's (building, url, title of its code)."""
    return [(b, *_code(view.site_url, x.id, x.name, b.id, b.number)) for b in x.buildings]


def boards_of(view: PublicView, x: Compound) -> list[Board]:
    codes = _codes(view, x)
    # Kept in the memo whether or not a page shows them this time (a board found current does
    # not ask for its code): the next build that renders it finds it drawn.
    _USED.update(url for _b, url, _title in codes if url)
    return [Board(x, b, url, title) for b, url, title in codes]


def board_pages(
    view: PublicView, page: Page, mine: Callable[[str, str, str], bool] | None = None
) -> Iterator[tuple[str, str | None]]:
    """Every board page; with ``mine`` (render.render_pages' (type, id, template) filter), the
    boards of the compounds and the print pages of the communities it accepts."""
    by_community: dict[str, list[Board]] = {}
    for x in view.compounds:
        own = mine is None or mine("compound", x.id, "board.md.j2")
        if not own and not (mine is None or mine("community", x.community.id, "board.md.j2")):
            continue  # its codes are not drawn either
        for board in boards_of(view, x):
            by_community.setdefault(x.community.id, []).append(board)
            if not own:
                continue
            title = f"{x.name}{board.building.number}楼栋公示牌"
            yield page(
                "board.md.j2", board_path(x, board.building), title, boards=[board], one=True
            )
    for c in view.communities:
        boards = by_community.get(c.id, [])
        if boards and (mine is None or mine("community", c.id, "board.md.j2")):
            yield page(
                "board.md.j2",
                f"{FOLDER}/{c.id}.md",
                f"{c.name}楼栋公示牌（全部打印）",
                boards=boards,
                one=False,
                c=c,
            )


def community_boards_path(c: Community) -> str:
    return f"{FOLDER}/{c.id}.md"
