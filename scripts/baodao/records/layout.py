"""Where each record type lives in the two data roots.

The folder a record sits in is part of the record: ``data/<street>/<community>/`` is one
community editor's scope, so a compound copied into another community's folder is caught.
The locations are the schemas' ``x-location`` (see docs/record-model.md), read once from the
schemas that ship with the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schemas import Location, locations

PUBLIC = "public"
PRIVATE = "private"
_ROOTS = {"data": PUBLIC, "private": PRIVATE}
_FORMATS = {"yaml": "yaml", "md": "markdown", "csv": "csv", "json": "json"}
# A placeholder's shape by its name; ``{name:a|b}`` lists the values a folder may have.
_SHAPES = {"year": r"\d{4}", "date": r"\d{4}-\d{2}-\d{2}"}
_PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_]+)(?::(?P<shape>[^}]+))?\}")


@dataclass(frozen=True)
class RecordType:
    name: str
    title: str  # Chinese, for messages
    root: str  # PUBLIC or PRIVATE
    pattern: re.Pattern[str]  # relative to the root
    fmt: str  # "yaml", "markdown", "csv" or "json"
    member_level: bool = False  # member-level types never live under data/
    table: str | None = None  # CSV: the resource in schemas/datapackage.json
    location: str = ""  # the pattern as written in the schema, relative to the root


def location_regex(location: str) -> str:
    """``{street}/{community}/compounds/{id}.yaml`` as a regular expression with named groups.

    ``{year}`` is four digits, ``{date}`` an ISO date, ``{id:year}`` a name with the shape of
    another, ``{assessment:a|b}`` one of the listed folder names, any other ``{name}`` one path
    segment.
    """
    out, at = [], 0
    for m in _PLACEHOLDER.finditer(location):
        out.append(re.escape(location[at : m.start()]))
        name, shape = m.group("name"), m.group("shape")
        if shape is None:
            shape = _SHAPES.get(name, r"[^/]+")
        elif shape in _SHAPES:
            shape = _SHAPES[shape]
        else:
            shape = "|".join(re.escape(v) for v in shape.split("|"))
        out.append(f"(?P<{name}>{shape})")
        at = m.end()
    out.append(re.escape(location[at:]))
    return "".join(out)


def _specificity(rt: RecordType) -> tuple:
    """Public before private; then, segment by segment, a fixed folder name before a placeholder
    (``<street>/stations/<id>.yaml`` is a street's station, not a community called stations)."""
    segments = rt.location.split("/")
    return (rt.root != PUBLIC, tuple("{" in seg for seg in segments), rt.name, rt.location)


def record_types(locations: tuple[Location, ...]) -> tuple[RecordType, ...]:
    """The record types of the schemas' ``x-location``s, most specific location first."""
    out = []
    for loc in locations:
        top, _, rel = loc.path.partition("/")
        root = _ROOTS[top]
        out.append(
            RecordType(
                loc.type,
                loc.title,
                root,
                re.compile(location_regex(rel) + r"\Z"),
                _FORMATS[rel.rsplit(".", 1)[-1]],
                member_level=root == PRIVATE and loc.member_level,
                table=loc.table,
                location=rel,
            )
        )
    return tuple(sorted(out, key=_specificity))


RECORD_TYPES: tuple[RecordType, ...] = record_types(locations())

# Top-level folders of data/ that are not streets: the first folder of every public location
# that does not start with a street.
RESERVED = frozenset(
    rt.location.split("/", 1)[0]
    for rt in RECORD_TYPES
    if rt.root == PUBLIC and "/" in rt.location and not rt.location.startswith("{")
)

# Patterns that mark member-level data wherever it appears under data/ (PIPL: a public
# repository publishes everything in it). Checked on every file of the public root.
MEMBER_LEVEL_HINTS = re.compile(
    r"(^|/)(people|persons|members|activities|member-registrations)(/|\.)|(^|/)results/member-assessment/"
)
MEMBER_LEVEL_COLUMNS = frozenset({"person", "person_id", "id_number", "身份证号", "姓名"})


@dataclass(frozen=True)
class Match:
    type: RecordType
    groups: dict[str, str]


def _depth(rt: RecordType) -> int | None:
    """How many "/" a path of ``rt`` has; None if a placeholder's values may hold one."""
    shapes = [m.group("shape") or "" for m in _PLACEHOLDER.finditer(rt.location)]
    if any("/" in shape for shape in shapes):
        return None
    return _PLACEHOLDER.sub("", rt.location).count("/")


# The types a path may be, by root and the path's number of "/", most specific first: a path
# is tried against these few patterns, not all 50 (~0.25 s of a city's walk).
_CANDIDATES: dict[tuple[str, int], tuple[RecordType, ...]] = {}


def _candidates(root: str, depth: int) -> tuple[RecordType, ...]:
    found = _CANDIDATES.get((root, depth))
    if found is None:
        found = _CANDIDATES[root, depth] = tuple(
            rt for rt in RECORD_TYPES if rt.root == root and _depth(rt) in (depth, None)
        )
    return found


def classify(root: str, rel: str) -> Match | None:
    """The record type of a file at ``rel`` (posix, relative to its root), or None."""
    for rt in _candidates(root, rel.count("/")):
        m = rt.pattern.match(rel)
        if m is None:
            continue
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        if "street" in groups and groups["street"] in RESERVED:
            continue
        return Match(rt, groups)
    return None


def member_level_type_for(rel: str) -> RecordType | None:
    """The member-level type a public-root file would be, if it looks like one."""
    for rt in RECORD_TYPES:
        if rt.member_level and rt.pattern.match(rel):
            return rt
    return None
