"""Small-cell suppression: counts of people under the threshold are not shown as numbers."""

from __future__ import annotations

from typing import Any

SUPPRESS_BELOW = 5  # docs/privacy.md: cells under 5 people are suppressed


def suppress(n: Any) -> str | None:
    if not isinstance(n, int):
        return None
    return f"少于 {SUPPRESS_BELOW}" if n < SUPPRESS_BELOW else str(n)
