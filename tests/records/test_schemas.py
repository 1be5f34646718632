"""The schemas themselves: documented fields, a privacy class on each, two validators that agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baodao.records.schemas import SchemaSet
from baodao.repo import CODE_SCHEMAS

SCHEMA_FILES = sorted(CODE_SCHEMAS.glob("*.schema.json"))
PRIVACY = {"public", "masked", "internal"}


def _properties(node, path=""):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            if key != "properties":
                yield from _properties(sub, f"{path}/{key}")
        for name, sub in (node.get("properties") or {}).items():
            yield from _properties(sub, f"{path}.{name}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{path}[{i}]")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_field_has_a_chinese_title_description_and_privacy_class(path: Path):
    schema = json.loads(path.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    missing = [
        f"{where}: {key}"
        for where, field in _properties(schema)
        for key in ("title", "description", "x-privacy")
        if key not in field
    ]
    assert missing == []
    bad = [w for w, f in _properties(schema) if f.get("x-privacy") not in PRIVACY]
    assert bad == []


def test_table_schema_fields_are_documented_with_a_privacy_class():
    pkg = json.loads((CODE_SCHEMAS / "datapackage.json").read_text("utf-8"))
    for res in pkg["resources"]:
        for f in res["schema"]["fields"]:
            assert f.get("title") and f.get("description") and f.get("x-privacy") in PRIVACY, f[
                "name"
            ]


def test_person_ids_and_names_are_not_public_in_records():
    schemas = SchemaSet.load(CODE_SCHEMAS)
    holder = schemas.schemas["grid"]["$defs"]["holder"]["properties"]["person"]
    assert holder["x-privacy"] == "internal"


def test_fast_and_full_validators_agree_on_good_and_bad_records(tiny):
    schemas = SchemaSet.load(CODE_SCHEMAS)
    ds = tiny.repo().load_and_check(__import__("datetime").date(2026, 11, 23))[0]
    checked = 0
    for rec in ds.all():
        if rec.type not in schemas.schemas:
            continue
        good = dict(rec.data)
        assert list(schemas._full_of(rec.type).iter_errors(good)) == []
        schemas._fast_of(rec.type)(good)  # raises if the draft-07 rendering disagrees
        bad = {**good, "verified_at": "2026-02-30", "unknown_field": 1}
        assert list(schemas.errors(rec.type, bad)), rec.file
        checked += 1
    assert checked >= 14


def test_frictionless_agrees_with_the_fast_csv_checks(tiny, tmp_path):
    """frictionless validates the person registry with the same Table Schema, independently."""
    from frictionless import Package

    pkg = json.loads((CODE_SCHEMAS / "datapackage.json").read_text("utf-8"))
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] == "people"]
    for res in pkg["resources"]:
        res["path"] = "people/qinghe.csv"  # relative to the private root, as frictionless requires
        for key in [k for k in res if k.startswith("x-")]:
            res.pop(key)
    descriptor = tiny.path("private/datapackage.json")
    descriptor.write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # A bad row is caught by both.
    tiny.replace(
        "private/people/qinghe.csv", "p-0005,孙秀英,cuihu,false", "p-0005,孙秀英,cuihu,maybe"
    )
    report = Package(str(descriptor)).validate()
    assert not report.valid
    descriptor.unlink()
    assert [p.code for p in tiny.problems()] == ["SCH003"]
