""" "Did you mean": the one guess at what an unknown id, code or field name was meant to be."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: object, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``value`` (difflib ratio ≥ 0.6), or None."""
    close = difflib.get_close_matches(str(value), list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: object, candidates: Iterable[str]) -> tuple[str, str]:
    """The Chinese and English tails of a message: ``（是否应为 'x'？）``, `` (did you mean 'x'?)``;
    two empty strings when nothing is close."""
    guess = closest(value, candidates)
    if guess is None:
        return "", ""
    return f"（是否应为 '{guess}'？）", f" (did you mean '{guess}'?)"
