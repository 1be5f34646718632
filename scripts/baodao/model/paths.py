"""Paths inside a record: walking them (``*`` over a list), where posts sit, and wording a
problem at a path (its line comes from the record)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..problems import Problem
from ..records.dataset import Record

Path = tuple[str | int, ...]


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def field_str(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def problem(
    rec: Record,
    path: Path,
    code: str,
    severity: str,
    zh: str,
    en: str = "",
    hint: str = "",
    field: Path | None = None,
) -> Problem:
    """A problem at ``path`` (its line); ``field`` names a field that is missing there."""
    return Problem(
        rec.file, rec.line_of(path), field_str(field or path), code, severity, zh, en, hint
    )


def iter_path(data: Any, pattern: tuple[str, ...], prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Values at a dotted pattern where ``*`` walks every item of a list."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for i, item in enumerate(as_list(data)):
            yield from iter_path(item, rest, (*prefix, i))
    elif isinstance(data, dict) and head in data and data[head] is not None:
        yield from iter_path(data[head], rest, (*prefix, head))


# Where posts sit in each record type (posts are not people: a post exists when vacant).
POST_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "street": (("posts",),),
    "community": (("posts",),),
    "grid": (("posts",),),
    "branch": (("posts",), ("groups", "*", "posts")),
    "compound": (("buildings", "*", "posts"),),
    "station": (("posts",),),
    "unit": (("posts",),),
    "team": (("posts",),),
}


def iter_posts(rec: Record) -> Iterator[tuple[Path, dict]]:
    for place in POST_PLACES.get(rec.type, ()):
        for path, posts in iter_path(rec.data, place):
            for i, post in enumerate(as_list(posts)):
                if isinstance(post, dict):
                    yield (*path, i), post
