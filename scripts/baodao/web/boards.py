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

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

import segno
from markupsafe import Markup

from .publicview import Building, Community, Compound, PublicView

Page = Callable[..., tuple[str, str]]
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


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, scaled by CSS; a title for screen readers."""
    if not url:
        return Markup("")
    # A fixed mask: choosing the best of eight (ISO 18004's penalty rules) is 80 % of segno's
    # time, minutes over a city's ten thousand buildings, and every mask is a valid code that
    # readers decode; the test decodes each board's code with an independent reader.
    code = segno.make(url, error="m", micro=False, mask=0)
    # svg_inline() leaves out the XML declaration; the quiet zone (border 4) is part of the code.
    svg = code.svg_inline(
        scale=1, border=4, title=title, svgclass="bd-qr", lineclass=None, omitsize=True
    )
    return Markup(svg)


def board_path(x: Compound, b: Building) -> str:
    return f"{FOLDER}/{x.id}/{b.id}.md"


def boards_of(view: PublicView, x: Compound) -> list[Board]:
    out = []
    for b in x.buildings:
        url = answer_url(view.site_url, x.id, b.id)
        out.append(Board(x, b, url, qr_svg(url, f"扫码查看{x.name}{b.number}的党支部和网格服务")))
    return out


def board_pages(view: PublicView, page: Page) -> Iterator[tuple[str, str]]:
    by_community: dict[str, list[Board]] = {}
    for x in view.compounds:
        for board in boards_of(view, x):
            by_community.setdefault(x.community.id, []).append(board)
            title = f"{x.name}{board.building.number}楼栋公示牌"
            yield page(
                "board.md.j2", board_path(x, board.building), title, boards=[board], one=True
            )
    for c in view.communities:
        boards = by_community.get(c.id, [])
        if boards:
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
