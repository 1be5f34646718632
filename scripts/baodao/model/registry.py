"""The record-type registry: what the schemas say about each record type, in one place.

``schemas/*.schema.json`` and ``schemas/datapackage.json`` carry, besides the shape of a record,
the facts the rest of the program needs about it (the Open Referral HSDS habit of metadata in
the schema): the type's Chinese name (``title``), where its files live (``x-location``, read by
:mod:`baodao.records.layout`), which fields name a record of another type (``x-ref``), which take
a code from ``data/codes/<id>.yaml`` (``x-codelist``) and the Chinese words of every enum value
(``x-labels``). Validation, forms, the site and the demo read these facts here instead of
keeping their own copies.

A field is addressed by its path in the record: property names, ``"*"`` for every item of a
list (``("buildings", "*", "serve", "*", "grid")``). The shared definitions of
``defs.schema.json`` are addressed as type ``"defs"`` with the definition's name first
(``("post", "role")``); a record schema's path never enters them, so a reference inside a shared
definition is listed once, under ``defs``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..records.schemas import SCHEMAS_DIR, locations

FieldPath = tuple[str, ...]
SHARED = "defs"  # the pseudo-type of defs.schema.json


@dataclass(frozen=True)
class FieldMeta:
    """The metadata of one field: what it references, its code list, its enum labels."""

    path: FieldPath
    ref: str | None = None
    codelist: str | None = None
    labels: Mapping[str, str] | None = None


@dataclass(frozen=True)
class TypeInfo:
    name: str
    title: str  # the type's one Chinese name
    locations: tuple[str, ...]  # as written in x-location ("data/units/{id}.yaml")
    table: str | None = None  # CSV: the datapackage resource
    fields: tuple[FieldMeta, ...] = ()

    @property
    def refs(self) -> tuple[tuple[FieldPath, str], ...]:
        """(path, referenced type) of every ``x-ref`` field, in schema order."""
        return tuple((f.path, f.ref) for f in self.fields if f.ref)

    @property
    def codelists(self) -> tuple[tuple[FieldPath, str], ...]:
        """(path, code list id) of every ``x-codelist`` field, in schema order."""
        return tuple((f.path, f.codelist) for f in self.fields if f.codelist)

    def labels(self, *path: str) -> Mapping[str, str]:
        """Enum value → Chinese words of the field at ``path`` (KeyError when it has none)."""
        for f in self.fields:
            if f.path == path and f.labels is not None:
                return f.labels
        raise KeyError(f"{self.name}: no x-labels at {'.'.join(path)}")


@dataclass(frozen=True)
class Registry:
    types: Mapping[str, TypeInfo]
    shared: TypeInfo = field(default_factory=lambda: TypeInfo(SHARED, "共用定义", ()))

    def __getitem__(self, name: str) -> TypeInfo:
        return self.shared if name == SHARED else self.types[name]

    def __contains__(self, name: object) -> bool:
        return name in self.types

    def title(self, name: str) -> str:
        """The Chinese name of record type ``name``."""
        return self.types[name].title

    def labels(self, type_name: str, *path: str) -> Mapping[str, str]:
        return self[type_name].labels(*path)

    def folder(self, type_name: str) -> str:
        """Where a community's record of ``type_name`` lives, below the community's folder."""
        for loc in self.types[type_name].locations:
            head = "data/{street}/{community}/"
            if loc.startswith(head) and loc.endswith("/{id}.yaml"):
                return loc.removeprefix(head).removesuffix("/{id}.yaml")
        raise KeyError(f"{type_name} does not live in a community folder")

    def all_fields(self) -> Iterator[tuple[str, FieldMeta]]:
        for t in (*self.types.values(), self.shared):
            for f in t.fields:
                yield t.name, f


def _walk(root: dict, node: Any, path: FieldPath, seen: frozenset[str]) -> Iterator[FieldMeta]:
    """The annotated fields under ``node``, following the schema's own ``$defs`` only."""
    if not isinstance(node, dict):
        return
    if any(k in node for k in ("x-ref", "x-codelist", "x-labels")):
        yield FieldMeta(path, node.get("x-ref"), node.get("x-codelist"), node.get("x-labels"))
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/") and ref not in seen:
        yield from _walk(root, root["$defs"][ref[8:]], path, seen | {ref})
    for key, sub in node.get("properties", {}).items():
        yield from _walk(root, sub, (*path, key), seen)
    if isinstance(node.get("items"), dict):
        yield from _walk(root, node["items"], (*path, "*"), seen)
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in node.get(key, ()):
            yield from _walk(root, sub, path, seen)


def _unique(fields: Iterator[FieldMeta]) -> tuple[FieldMeta, ...]:
    # A local definition used twice (a status before and after a change) is one field per path.
    return tuple({(f.path, f.ref, f.codelist): f for f in fields}.values())


def load(directory: Path = SCHEMAS_DIR) -> Registry:
    """The registry of the schemas in ``directory``."""
    # x-location has one reader (records/schemas.py, which the file layout uses as well).
    where: dict[str, list[str]] = {}
    for loc in locations(directory):
        where.setdefault(loc.type, []).append(loc.path)
    types: dict[str, TypeInfo] = {}
    shared = TypeInfo(SHARED, "共用定义", ())
    for path in sorted(directory.glob("*.schema.json")):
        name = path.name.removesuffix(".schema.json")
        schema = json.loads(path.read_text("utf-8"))
        if name == SHARED:
            fields = (
                f
                for key, sub in schema["$defs"].items()
                for f in _walk(schema, sub, (key,), frozenset({f"#/$defs/{key}"}))
            )
            shared = TypeInfo(SHARED, schema.get("title", name), (), None, _unique(fields))
            continue
        types[name] = TypeInfo(
            name,
            schema.get("title", name),
            tuple(where.get(name, ())),
            None,
            _unique(_walk(schema, schema, (), frozenset())),
        )
    pkg = directory / "datapackage.json"
    if pkg.exists():
        for res in json.loads(pkg.read_text("utf-8")).get("resources", []):
            fields = tuple(
                FieldMeta((f["name"],), f.get("x-ref"), f.get("x-codelist"), f.get("x-labels"))
                for f in res["schema"]["fields"]
                if any(k in f for k in ("x-ref", "x-codelist", "x-labels"))
            )
            types[res["x-type"]] = TypeInfo(
                res["x-type"],
                res.get("title", res["name"]),
                tuple(where.get(res["x-type"], ())),
                res["name"],
                fields,
            )
    return Registry(types, shared)


@cache
def of(directory: Path) -> Registry:
    """The registry of the schemas in ``directory``, read once per directory."""
    return load(directory)


def default() -> Registry:
    """The registry of the schemas that ship with the code."""
    return of(SCHEMAS_DIR)
