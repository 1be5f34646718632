"""JSON Schemas of the YAML records and the Table Schemas of the CSV tables.

``schemas/*.schema.json`` (2020-12) are the source. Each is bundled once with the shared
definitions; records are checked first by a fastjsonschema validator compiled from a draft-07
rendering of the same schema (10x faster, but it stops at the first error), and a record that
fails is re-checked with jsonschema 2020-12 to report every problem with its field path.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .formats import FORMAT_CHECKS

DEFS_REF = "defs.schema.json#/$defs/"
# The schemas that ship with the code: the file layout (``x-location``) is read from here, since
# where a record type lives is part of the program's contract, not of one data repository.
SCHEMAS_DIR = Path(__file__).resolve().parents[3] / "schemas"


@dataclass(frozen=True)
class Location:
    """One place a record type lives: ``x-location`` of a schema or a datapackage resource."""

    type: str  # record type name
    title: str  # the type's Chinese name (the schema's or the resource's title)
    path: str  # e.g. "data/{street}/{community}/compounds/{id}.yaml"
    table: str | None = None  # CSV: the datapackage resource
    # A private table of counts (12345 tickets) is private for its small cells, not because it
    # is about members: a copy of it elsewhere is PRIV009/PRIV008's business, not PRIV001's.
    member_level: bool = True


def locations(directory: Path = SCHEMAS_DIR) -> tuple[Location, ...]:
    """Every ``x-location`` of the record schemas and of the CSV tables, in file order."""
    out: list[Location] = []
    for path in sorted(directory.glob("*.schema.json")):
        schema = json.loads(path.read_text("utf-8"))
        name = path.name.removesuffix(".schema.json")
        out += [Location(name, schema.get("title", name), p) for p in schema.get("x-location", ())]
    pkg = directory / "datapackage.json"
    if pkg.exists():
        for res in json.loads(pkg.read_text("utf-8")).get("resources", []):
            out += [
                Location(
                    res["x-type"],
                    res.get("title", res["name"]),
                    p,
                    res["name"],
                    res.get("x-member-level", True),
                )
                for p in res.get("x-location", ())
            ]
    return tuple(out)


def _rewrite_refs(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                v.replace(old, new, 1)
                if k == "$ref" and isinstance(v, str)
                else _rewrite_refs(v, old, new)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, old, new) for v in node]
    return node


def bundle(schema: dict, defs: dict) -> dict:
    """One self-contained 2020-12 schema: shared definitions copied into ``$defs``."""
    out = _rewrite_refs(schema, DEFS_REF, "#/$defs/")
    local = out.setdefault("$defs", {})
    clash = set(local) & set(defs)
    if clash:
        raise ValueError(f"schema {schema.get('$id')}: $defs clash with defs.schema.json: {clash}")
    local.update(_rewrite_refs(copy.deepcopy(defs), DEFS_REF, "#/$defs/"))
    return out


def to_draft07(schema: dict) -> dict:
    out = _rewrite_refs(schema, "#/$defs/", "#/definitions/")
    out["definitions"] = out.pop("$defs", {})
    out["$schema"] = "http://json-schema.org/draft-07/schema#"
    out.pop("$id", None)
    return out


@dataclass
class SchemaSet:
    directory: Path
    schemas: dict[str, dict] = field(default_factory=dict)  # type name -> bundled schema
    package: dict = field(default_factory=dict)  # datapackage.json
    internal_trees: dict[str, dict | bool] = field(
        default_factory=dict, repr=False
    )  # see _internal_tree

    @classmethod
    def load(cls, directory: Path) -> SchemaSet:
        defs = json.loads((directory / "defs.schema.json").read_text("utf-8"))["$defs"]
        out = cls(directory)
        for path in sorted(directory.glob("*.schema.json")):
            name = path.name.removesuffix(".schema.json")
            if name == "defs":
                continue
            out.schemas[name] = bundle(json.loads(path.read_text("utf-8")), defs)
        pkg = directory / "datapackage.json"
        if pkg.exists():
            out.package = json.loads(pkg.read_text("utf-8"))
        return out

    def table_schema(self, resource: str) -> dict:
        for res in self.package.get("resources", []):
            if res["name"] == resource:
                return res["schema"]
        raise KeyError(resource)

    # Validators compiled per type when first needed: compiling all 41 costs ~1 s, and a
    # validate whose records mostly come from the cache (records/cache.py) checks one or two.
    _fast: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _full: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # phone_fields(), found once (every file's per-file checks ask: checks/perfile.py).
    _phone_fields: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def compile_all(self) -> None:
        """Every type's fast validator, now: before load's workers fork, which then share
        them instead of each compiling its own (records/load.py)."""
        for name in self.schemas:
            self._fast_of(name)

    def _fast_of(self, type_name: str) -> Any:
        found = self._fast.get(type_name)
        if found is None:
            import fastjsonschema

            # Only whether a record is valid is asked of it (``errors``: jsonschema then says
            # why): without the details of its exceptions, compiling all 41 takes 0.09 s, not
            # 0.37 s (the generated code spells out each rule's definition in every raise).
            found = self._fast[type_name] = fastjsonschema.compile(
                to_draft07(self.schemas[type_name]),
                formats=dict(FORMAT_CHECKS),
                detailed_exceptions=False,
            )
        return found

    def _full_of(self, type_name: str) -> Any:
        found = self._full.get(type_name)
        if found is None:
            from jsonschema import Draft202012Validator, FormatChecker

            checker = FormatChecker(formats=("email",))
            for name, fn in FORMAT_CHECKS.items():
                checker.checks(name)(fn)
            found = self._full[type_name] = Draft202012Validator(
                self.schemas[type_name], format_checker=checker
            )
        return found

    def errors(self, type_name: str, data: Any) -> Iterator[Any]:
        """Every schema error of one record (jsonschema ``ValidationError``s); fast when valid."""
        import fastjsonschema

        try:
            self._fast_of(type_name)(data)
            return iter(())
        except fastjsonschema.JsonSchemaException:
            pass
        return self._full_of(type_name).iter_errors(data)

    def field_schema(self, type_name: str, path: tuple) -> dict | None:
        """The (resolved) schema of the field at ``path`` in a record of ``type_name``."""
        root = self.schemas[type_name]
        node: dict | None = root
        for step in path:
            node = self._resolve(root, node)
            if node is None:
                return None
            if isinstance(step, int):
                node = node.get("items")
            else:
                node = node.get("properties", {}).get(step)
        return self._resolve(root, node)

    @staticmethod
    def _resolve(root: dict, node: dict | None) -> dict | None:
        seen = 0
        while node is not None and "$ref" in node and seen < 20:
            target = node["$ref"].removeprefix("#/$defs/")
            merged = {k: v for k, v in node.items() if k != "$ref"}
            node = {**root["$defs"][target], **merged}
            seen += 1
        return node

    def phone_fields(self) -> frozenset[str]:
        """Property names typed as a phone anywhere: the only places a mobile may appear."""
        if self._phone_fields is None:
            self._phone_fields = self._find_phone_fields()
        return self._phone_fields

    def _find_phone_fields(self) -> frozenset[str]:
        names: set[str] = set()

        def walk(node: Any, root: dict) -> None:
            if isinstance(node, dict):
                for key, sub in node.get("properties", {}).items():
                    resolved = self._resolve(root, sub) or {}
                    if resolved.get("format") == "phone":
                        names.add(key)
                for v in node.values():
                    walk(v, root)
            elif isinstance(node, list):
                for v in node:
                    walk(v, root)

        for s in self.schemas.values():
            walk(s, s)
        for res in self.package.get("resources", []):
            for f in res["schema"]["fields"]:
                if f.get("x-format") == "phone":
                    names.add(f["name"])
        return frozenset(names)


def _internal_tree(schemas: SchemaSet, type_name: str) -> dict | bool:
    """Only the branches of a record type's schema that lead to ``x-privacy: internal`` fields.

    ``True`` marks an internal field; ``"*"`` stands for every item of a list. Computed once per
    type so the scan walks records along these few branches only.
    """
    cache = schemas.internal_trees
    if type_name in cache:
        return cache[type_name]
    root = schemas.schemas[type_name]

    def tree(node: dict | None, depth: int) -> dict | bool:
        node = SchemaSet._resolve(root, node)
        if node is None or depth > 12:
            return {}
        if node.get("x-privacy") == "internal":
            return True
        out: dict = {}
        for key, sub in node.get("properties", {}).items():
            t = tree(sub, depth + 1)
            if t:
                out[key] = t
        if "items" in node:
            t = tree(node["items"], depth + 1)
            if t:
                out["*"] = t
        return out

    cache[type_name] = tree(root, 0)
    return cache[type_name]


def internal_strings(schemas: SchemaSet, type_name: str, data: Any) -> Iterator[str]:
    """Every text value of a record that sits under a field marked ``x-privacy: internal``."""

    def all_strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from all_strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from all_strings(v)

    def walk(branch: dict | bool, value: Any) -> Iterator[str]:
        if branch is True:
            yield from all_strings(value)
        elif isinstance(value, list) and "*" in branch:
            for item in value:
                yield from walk(branch["*"], item)
        elif isinstance(value, dict):
            for key, sub in branch.items():
                if key in value:
                    yield from walk(sub, value[key])

    yield from walk(_internal_tree(schemas, type_name), data)
