"""Small-cell suppression: counts under the threshold are not shown as numbers, and no withheld
count can be worked out by subtraction from the figures that are shown.

Primary suppression withholds every count from 1 to below the threshold (a zero says "nobody"
and names no one). Complementary suppression then looks at every published sum — a row's
total, a community's total over its compounds, a street's over its communities, on whatever
page or download it appears — as a *line*: its total and the cells it adds up, one equation. A
line with exactly one withheld member gives it away: a cell by subtraction (207 − 204 = 3), a
total by addition. So one more cell of it is withheld: the smallest other non-zero one (ties by
key, so the same records always withhold the same cells), or the total when there is none. This
repeats until no line has exactly one, since a withheld total is also a cell of the line above. docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SUPPRESS_BELOW = 5  # docs/privacy.md: cells under 5 people are suppressed
WITHHELD = "不公开"  # a count withheld so that a small one cannot be worked out by subtraction


def suppress(n: Any) -> str | None:
    if not isinstance(n, int):
        return None
    return f"少于 {SUPPRESS_BELOW}" if n < SUPPRESS_BELOW else str(n)


@dataclass(frozen=True)
class Line:
    """A published sum: ``total`` (a key of the values) adds up ``cells``."""

    total: Hashable
    cells: Sequence[Hashable]


def protect(
    values: Mapping[Hashable, int],
    lines: Iterable[Line],
    below: int = SUPPRESS_BELOW,
    forced: Iterable[Hashable] = (),
) -> frozenset[Hashable]:
    """The keys to withhold: primary cells (1 … below−1), ``forced`` ones (withheld for a reason
    of their own), and enough others that no line leaves exactly one withheld member."""
    withheld = {k for k, v in values.items() if 0 < v < below} | set(forced)
    lines = list(lines)
    changed = bool(withheld)
    while changed:
        changed = False
        for line in lines:
            # total = Σ cells ties all of them: exactly one unknown among them is known.
            if sum(m in withheld for m in (line.total, *line.cells)) != 1:
                continue
            # The smallest other non-zero cell costs the least information to withhold, else
            # the total. When the total is the one withheld and no shown cell is non-zero, a
            # zero cell (shown zeros would give the total away); a withheld total over no cells
            # at all has nothing to hide behind and tells nothing: the line is left (the loop
            # used to add the total again and again and never end).
            shown = sorted((values[c], str(c), c) for c in line.cells if c not in withheld)
            nonzero = [t for t in shown if t[0] > 0]
            pick = nonzero[0][2] if nonzero else line.total
            if pick in withheld:
                if not shown:
                    continue
                pick = shown[0][2]
            withheld.add(pick)
            changed = True
    return frozenset(withheld)
