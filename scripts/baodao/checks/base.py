"""What every check shares: the context it reads and how it words a problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..problems import Problem
from ..records.dataset import Dataset, Record
from ..records.schemas import SchemaSet
from ..rules import RulesInForce

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    ds: Dataset
    schemas: SchemaSet
    as_of: dt.date
    rules: RulesInForce  # validation rules in force on as_of

    @cached_property
    def groups(self) -> dict[str, tuple[Record, int]]:
        """Building group id -> (its branch, index in ``groups``)."""
        out: dict[str, tuple[Record, int]] = {}
        for br in self.ds.of("branch").values():
            for i, g in enumerate(_list(br.data.get("groups"))):
                if isinstance(g, dict) and isinstance(g.get("id"), str):
                    out.setdefault(g["id"], (br, i))
        return out

    @cached_property
    def _codes(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for rec in self.ds.of("codelist").values():
            out[rec.id] = {
                i["code"]: i["name"]
                for i in _list(rec.data.get("items"))
                if isinstance(i, dict) and "code" in i and "name" in i
            }
        return out

    def codes(self, list_id: str) -> dict[str, str]:
        """Code → Chinese name of a code list in data/codes/ (empty if the list is missing)."""
        return self._codes.get(list_id, {})


def _list(value: Any) -> list:
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
        for i, item in enumerate(_list(data)):
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
            for i, post in enumerate(_list(posts)):
                if isinstance(post, dict):
                    yield (*path, i), post


def parse_date(value: Any) -> dt.date | None:
    """A record's date (YAML keeps dates as text; CSV readers may hand a date), else None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
