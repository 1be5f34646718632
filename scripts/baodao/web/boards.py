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

import segno
from markupsafe import Markup

from ..records.cache import code_version
from .publicview import Building, Community, Compound, PublicView

Page = Callable[..., tuple[str, str | None]]  # None: kept as staged (web/pagememo.py)
FOLDER = "p"


@dataclass(frozen=True)
class Board:
    compound: Compound
    building: Building
    url: str  # the building's answer in the lookup, "" without a site address
    qr: Markup  # inline SVG of the QR code of ``url``


def answer_url(site_url: str, compound_id: str, building_id: str) -> str:
    """The lookup's answer for one building (lookup.js reads ?x= and ?b=)."""
    if not site_url:
        return ""
    return f"{site_url}x/?x={quote(compound_id, safe='')}&b={quote(building_id, safe='')}"


# Drawn codes by (url, title): drawing is most of the page generation's time at city size
# (10,000 boards), and a build keeps them in its cache folder for the next one (load_qr_memo).
_DRAWN: dict[tuple[str, str], str] = {}
_USED: set[tuple[str, str]] = set()


def load_qr_memo(path: Path) -> None:
    """The codes a previous build drew with this code version (records/cache.py), if any.
    JSON, not a pickle: a planted file can only hold wrong codes, which the version check and
    the (url, title) key keep out (and the scan reads the pages they end up in)."""
    _DRAWN.clear()
    _USED.clear()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("version") == code_version():
        for url, title, svg in data.get("codes", []):
            if isinstance(url, str) and isinstance(title, str) and isinstance(svg, str):
                _DRAWN[(url, title)] = svg


def save_qr_memo(path: Path) -> None:
    """Keep the codes this build used (a demolished building's code is dropped)."""
    kept = [[u, t, svg] for (u, t), svg in sorted(_DRAWN.items()) if (u, t) in _USED]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"version": code_version(), "codes": kept}, ensure_ascii=False),
            encoding="utf-8",
        )
        tmp.replace(path)
    except OSError:
        return


def forget_qr_memo() -> None:
    """Let the drawn codes go once the pages are written (a city's 10,000 codes pin ~300 MB of
    the heap the records leave behind: web/memory.py)."""
    _DRAWN.clear()
    _USED.clear()


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, scaled by CSS; a title for screen readers."""
    if not url:
        return Markup("")
    _USED.add((url, title))
    drawn = _DRAWN.get((url, title))
    if drawn is None:
        drawn = _DRAWN[(url, title)] = _draw(url, title)
    return Markup(drawn)


def _draw(url: str, title: str) -> str:
    # A fixed mask: choosing the best of eight (ISO 18004's penalty rules) is 80 % of segno's
    # time, minutes over a city's ten thousand buildings, and every mask is a valid code that
    # readers decode; the test decodes each board's code with an independent reader.
    code = segno.make(url, error="m", micro=False, mask=0)
    # svg_inline() leaves out the XML declaration; the quiet zone (border 4) is part of the code.
    svg = code.svg_inline(
        scale=1, border=4, title=title, svgclass="bd-qr", lineclass=None, omitsize=True
    )
    return svg


def board_path(x: Compound, b: Building) -> str:
    return f"{FOLDER}/{x.id}/{b.id}.md"


def boards_of(view: PublicView, x: Compound) -> list[Board]:
    out = []
    for b in x.buildings:
        url = answer_url(view.site_url, x.id, b.id)
        out.append(Board(x, b, url, qr_svg(url, f"扫码查看{x.name}{b.number}的党支部和网格服务")))
    return out


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
