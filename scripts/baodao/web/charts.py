"""charts: small inline SVG bar charts drawn at build time, each followed by its data table.

No JavaScript, no web fonts (``font-family: sans-serif`` picks the reader's system font), no
outside host. A value that is not published (a count under 5 people, hours of fewer than 5
people) is drawn as an empty bar carrying its text ("少于 5", "—"), never as a length. The
output is a pure function of the input: integers only, no ids or clocks, every text escaped.
``figure`` is the one entry point for pages: it always puts the table with the same numbers
right after the picture, for screen readers and for readers who want the numbers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

ROW = 28  # px per bar
BAR = 18  # bar thickness
WIDTH = 320  # viewBox width
FONT = 14  # px, scaled with the picture
CHAR = 15  # width allowed per character of a label (CJK glyphs are about 1 em)
TEXT_ROOM = 64  # room right of the longest bar for its number
FILL = "#b71c1c"  # the site's primary colour, 7:1 against white
INK = "#1a1a1a"
EMPTY = "#757575"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the number drawn (None when not published) and the text shown."""

    label: str
    value: float | None
    text: str


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _label_width(bars: Sequence[Bar]) -> int:
    longest = max((len(b.label) for b in bars), default=1)
    return min(max(longest, 2) * CHAR + 8, WIDTH // 2)


def bar_chart(title: str, bars: Sequence[Bar]) -> Markup:
    """A horizontal bar chart as an inline ``<svg role="img">`` with a ``<title>``."""
    left = _label_width(bars)
    span = WIDTH - left - TEXT_ROOM
    top = max((b.value for b in bars if b.value is not None), default=0) or 0
    height = ROW * max(len(bars), 1) + 4
    out = [
        f'<svg class="bd-bars" role="img" aria-label="{_e(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="{FONT}" '
        f'fill="{INK}"><title>{_e(title)}</title>'
    ]
    for n, b in enumerate(bars):
        y = 2 + n * ROW
        mid = y + ROW // 2 + FONT // 2 - 2
        out.append(f'<text x="{left - 6}" y="{mid}" text-anchor="end">{_e(b.label)}</text>')
        if b.value is None:
            # Not published: an outlined bar of fixed length with its text, never a measure.
            w = min(span, 16)
            out.append(
                f'<rect x="{left}" y="{y + (ROW - BAR) // 2}" width="{w}" height="{BAR}" fill="none" '
                f'stroke="{EMPTY}" stroke-dasharray="3 2"/>'
                f'<text x="{left + w + 4}" y="{mid}" fill="#404040">{_e(b.text)}</text>'
            )
            continue
        w = round(span * b.value / top) if top > 0 else 0
        if b.value > 0:
            w = max(w, 1)
        out.append(
            f'<rect x="{left}" y="{y + (ROW - BAR) // 2}" width="{w}" height="{BAR}" fill="{FILL}"/>'
            f'<text x="{left + w + 4}" y="{mid}">{_e(b.text)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def table(caption: str, head: tuple[str, str], bars: Sequence[Bar]) -> Markup:
    """The chart's numbers as a table: the same labels, the same texts."""
    rows = "".join(
        f'<tr><th scope="row">{_e(b.label)}</th><td>{_e(b.text)}</td></tr>' for b in bars
    )
    return Markup(
        f'<table><caption>{_e(caption)}</caption><thead><tr><th scope="col">{_e(head[0])}'
        f'</th><th scope="col">{_e(head[1])}</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def figure(title: str, head: tuple[str, str], bars: Sequence[Bar]) -> Markup:
    """Chart and data table together: pages use only this, so no chart is without its table."""
    if not bars:
        return Markup("")
    return Markup(
        f'<figure class="bd-chart">{bar_chart(title, bars)}{table(title, head, bars)}</figure>'
    )
