"""A building board's QR code as inline SVG (web/boards.py), drawn by segno (pure Python).

A code is drawn once per address (``draw``: its size and strokes, which depend on the address
alone) and given its title when a page shows it (``svg``): renaming a compound changes its
codes' titles, not their drawings. ``python -m baodao.web.qrsvg`` draws the addresses it reads
as a JSON list from stdin and writes a JSON list of drawings: the build's helper processes
(web/boards.py start_drawing).
This module imports nothing of the package but itself, so such a helper holds ~20 MB.
"""

from __future__ import annotations

import html
import json
import re
import sys

import segno

_BORDER = 4  # the quiet zone, part of the code
_DARK = re.compile(rb"\x01+")


def draw(url: str) -> str:
    """The code of ``url`` as "<size> <path>" (``strokes``), for ``svg`` to title."""
    # A fixed mask: choosing the best of eight (ISO 18004's penalty rules) is 80 % of segno's
    # time, minutes over a city's ten thousand buildings, and every mask is a valid code that
    # readers decode; the test decodes each board's code with an independent reader.
    code = segno.make(url, error="m", micro=False, mask=0)
    return strokes(code.matrix)


# A drawing as ``strokes`` writes it: the only text a kept drawing may hold (web/boards.py reads
# them back from the cache folder, and a drawing goes into the page as it is).
DRAWING = re.compile(r"[1-9][0-9]* M[0-9hm. -]*")


def svg(drawing: str, title: str) -> str:
    """The inline SVG of a ``draw``-n code with its title for screen readers."""
    size, path = drawing.split(" ", 1)
    return (
        f'<svg viewBox="0 0 {size} {size}" class="bd-qr"><title>{html.escape(title, quote=False)}'
        f'</title><path stroke="#000" d="{path}"/></svg>'
    )


def strokes(matrix: tuple[bytearray, ...]) -> str:
    """ "<size> <path>": the width of the code with its quiet zone, and the path's strokes.
    With ``svg``, the code as segno's ``svg_inline(scale=1, border=4, title=…, svgclass="bd-qr",
    lineclass=None, omitsize=True)`` writes it, byte for byte, in half its time (0.18 ms against
    0.34 ms a code, a third of the drawing's): one horizontal stroke per run of dark modules,
    each from where the last ended (tests/web/test_boards.py compares the two)."""
    size = len(matrix) + 2 * _BORDER
    runs: list[str] = []
    pen_x, pen_y = 0, 0.0
    y = _BORDER + 0.5  # a stroke runs along the middle of its row
    for row in matrix:
        for run in _DARK.finditer(row):
            x1, x2 = _BORDER + run.start(), _BORDER + run.end()
            dy = y - pen_y
            move = "m" if runs else "M"
            runs.append(f"{move}{x1 - pen_x} {int(dy) if dy == int(dy) else dy}h{x2 - x1}")
            pen_x, pen_y = x2, y
        y += 1
    return f"{size} {''.join(runs)}"


def main() -> None:
    given = json.loads(sys.stdin.buffer.read())
    drawn = [draw(url) for url in given]
    sys.stdout.buffer.write(json.dumps(drawn, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    main()
