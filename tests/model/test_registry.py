"""The record-type registry and the metadata it reads from the schemas.

The oracles are written out by hand: the file counts per type are those the hand-kept layout
table classified in the committed demo before the locations moved into the schemas, and the
sample paths below are typed from the README's description of the data repository.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baodao.model import registry
from baodao.records import layout
from baodao.records.layout import (
    PRIVATE,
    PUBLIC,
    RECORD_TYPES,
    RESERVED,
    classify,
    location_regex,
)
from baodao.repo import CODE_ROOT

SCHEMAS = CODE_ROOT / "schemas"


def _schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob("*.json"))


def _enums(node: Any, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every node with a string ``enum`` (or a Table Schema field whose constraints have one)."""
    out: list[tuple[tuple, dict]] = []
    if isinstance(node, dict):
        enum = node.get("enum")
        if isinstance(enum, list) and all(isinstance(v, str) for v in enum):
            out.append((path, node))
        cons = node.get("constraints")
        if isinstance(cons, dict) and isinstance(cons.get("enum"), list):
            out.append((path, {**cons, "x-labels": node.get("x-labels")}))
        for key, sub in node.items():
            if key not in ("enum", "constraints", "x-labels"):
                out += _enums(sub, (*path, key))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            out += _enums(sub, (*path, i))
    return out


@pytest.mark.parametrize("path", _schema_files(), ids=lambda p: p.name)
def test_every_enum_has_chinese_labels(path):
    found = _enums(json.loads(path.read_text("utf-8")))
    for where, node in found:
        labels = node.get("x-labels")
        assert isinstance(labels, dict), f"{path.name} {where}: enum without x-labels"
        assert list(labels) == list(node["enum"]), f"{path.name} {where}: labels ≠ enum values"
        assert all(isinstance(v, str) and v.strip() for v in labels.values()), where


def test_the_walk_finds_the_enums():
    # The test above would pass on a walk that finds nothing.
    counts = {p.name: len(_enums(json.loads(p.read_text("utf-8")))) for p in _schema_files()}
    assert counts["compound.schema.json"] == 2  # type, age
    assert counts["datapackage.json"] == 1  # requests: evaluation
    assert sum(counts.values()) >= 50


def test_every_x_ref_names_a_record_type():
    reg = registry.default()
    refs = [(t, f.path, f.ref) for t, f in reg.all_fields() if f.ref]
    assert len(refs) >= 50
    assert [r for r in refs if r[2] not in reg.types] == []


def test_every_x_codelist_names_a_code_list_of_the_demo():
    lists = {p.stem for p in (CODE_ROOT / "data" / "codes").glob("*.yaml")}
    used = {f.codelist for _t, f in registry.default().all_fields() if f.codelist}
    assert used == {
        "concurrent-duties",
        "departments",
        "hotline-categories",
        "need-categories",
        "post-roles",
        "request-categories",
        "resource-categories",
        "service-types",
        "six-haves",
    }
    assert used - lists == set()


def test_references_read_from_the_schemas():
    reg = registry.default()
    assert reg["compound"].refs == (
        (("community",), "community"),
        (("property", "company"), "property_company"),
        # The company of each earlier quarter, and the compounds a merged one succeeds.
        (("property", "history", "*", "company"), "property_company"),
        (("buildings", "*", "serve", "*", "grid"), "grid"),
        (("buildings", "*", "serve", "*", "branch"), "branch"),
        (("buildings", "*", "serve", "*", "station"), "station"),
        (("succeeds", "*"), "compound"),
    )
    assert reg["resource"].codelists == (
        (("category",), "resource-categories"),
        (("serves", "*"), "need-categories"),
    )
    assert reg["activity"].refs == ((("person",), "person"),)
    assert (("post", "unit"), "unit") in reg["defs"].refs


def test_one_chinese_name_per_type():
    reg = registry.default()
    assert reg.title("station") == "党群服务中心/站"
    assert reg.title("property_company") == "物业服务企业"
    assert reg.title("person") == "人员名册"
    assert reg.title("hotline_ticket") == "12345 热线工单汇总"


def test_labels():
    reg = registry.default()
    assert reg.labels("compound", "type") == {
        "commercial": "商品房小区",
        "resettlement": "还建小区",
        "work_unit": "单位家属院",
        "mixed": "混合型小区",
    }
    assert reg.labels("defs", "party_org", "kind")["general_branch"] == "党总支"
    assert reg.labels("request", "evaluation")["basic"] == "基本满意"
    with pytest.raises(KeyError):
        reg.labels("compound", "name")


def test_community_folders():
    reg = registry.default()
    assert reg.folder("unit_registration") == "registrations"
    assert reg.folder("need") == "lists/needs"
    assert reg.folder("resource") == "lists/resources"


# One path per location, typed by hand: (root, path) -> (type, folder groups).
SAMPLES = {
    (PUBLIC, "district.yaml"): ("district", {}),
    (PUBLIC, "editors.yaml"): ("editors", {}),
    (PUBLIC, "units/u1.yaml"): ("unit", {"id": "u1"}),
    (PUBLIC, "stations/s1.yaml"): ("station", {"id": "s1"}),
    (PUBLIC, "qh/stations/s2.yaml"): ("station", {"street": "qh", "id": "s2"}),
    (PUBLIC, "qh/ch/stations/s3.yaml"): (
        "station",
        {"street": "qh", "community": "ch", "id": "s3"},
    ),
    (PUBLIC, "notices/2026-09-01-n1.md"): ("notice", {"date": "2026-09-01", "id": "n1"}),
    (PUBLIC, "notices/published.yaml"): ("notice_lock", {}),
    (PUBLIC, "calendar/2026.yaml"): ("calendar", {"id": "2026"}),
    (PUBLIC, "evaluations/community/zzb/2026h1.yaml"): (
        "community_score",
        {"evaluator": "zzb", "id": "2026h1"},
    ),
    (PUBLIC, "results/branch-stars/2026.json"): (
        "frozen_result",
        {"assessment": "branch-stars", "id": "2026"},
    ),
    # 12345 counts per compound and month are mostly under 5: a private-root table.
    (PRIVATE, "hotline/2026.csv"): ("hotline_ticket", {"year": "2026"}),
    (PUBLIC, "qh/street.yaml"): ("street", {"street": "qh"}),
    (PUBLIC, "qh/ch/community.yaml"): ("community", {"street": "qh", "community": "ch"}),
    (PUBLIC, "qh/ch/lists/wishes/w1.yaml"): (
        "wish",
        {"street": "qh", "community": "ch", "id": "w1"},
    ),
    (PUBLIC, "qh/ch/requests/2026.csv"): (
        "request",
        {"street": "qh", "community": "ch", "year": "2026"},
    ),
    # Bulk request counts (e.g. a 12345 export) can be under 5 too: private as well.
    (PRIVATE, "qh/ch/requests/2026-totals.csv"): (
        "request_total",
        {"street": "qh", "community": "ch", "year": "2026"},
    ),
    (PRIVATE, "qh/ch/members/2026.csv"): (
        "member_registration",
        {"street": "qh", "community": "ch", "year": "2026"},
    ),
    (PRIVATE, "results/member-assessment/2026.json"): (
        "frozen_result",
        {"assessment": "member-assessment", "id": "2026"},
    ),
}
NOT_RECORDS = [
    (PUBLIC, "calendar/next.yaml"),  # a calendar is named by its year
    (PUBLIC, "results/member-assessment/2026.json"),  # member level: private root only
    (PUBLIC, "units/stations/community.yaml"),  # "units" is no street
    (PUBLIC, "qh/ch/lists/wishes/w1.yml"),
    (PRIVATE, "qh/ch/members/2026-extra.csv"),
]


@pytest.mark.parametrize(("where", "want"), SAMPLES.items(), ids=lambda v: str(v))
def test_sample_paths(where, want):
    match = classify(*where)
    assert match is not None
    assert (match.type.name, match.groups) == want


@pytest.mark.parametrize("where", NOT_RECORDS, ids=str)
def test_not_records(where):
    assert classify(*where) is None


def test_a_street_stations_folder_wins_over_a_community_called_stations():
    assert classify(PUBLIC, "qh/stations/community.yaml").type.name == "station"


def test_reserved_top_folders():
    assert {
        "units",
        "home-orgs",
        "property-companies",
        "stations",
        "notices",
        "calendar",
        "codes",
        "rules",
        "results",
        "evaluations",
        "admission",
    } == RESERVED


def test_location_regex():
    assert location_regex("{street}/x-y/{id:year}.csv") == (
        r"(?P<street>[^/]+)/x\-y/(?P<id>\d{4})\.csv"
    )
    assert location_regex("r/{a:p|q}.json") == r"r/(?P<a>p|q)\.json"


# Files per type in the committed demo, as the hand-kept layout table classified them.
DEMO_PUBLIC = {
    "admission_list": 1,
    "branch": 49,
    "branch_review": 12,
    "calendar": 2,
    "codelist": 10,
    "community": 6,
    "community_score": 30,
    "compound": 60,
    "district": 1,
    "editors": 1,
    "event": 342,
    "funds": 6,
    "grid": 35,
    "home_org": 5,
    "need": 26,
    "notice": 5,
    "notice_lock": 1,
    "project": 12,
    "property_company": 5,
    "property_evaluation": 42,
    "request": 6,
    "resource": 22,
    "rules_branch_stars": 1,
    "rules_community_assessment": 2,
    "rules_coverage": 1,
    "rules_force_index": 1,
    "rules_hotline": 1,
    "rules_member_assessment": 1,
    "rules_property_evaluation": 1,
    "rules_registration": 1,
    "rules_requests": 1,
    "rules_unit_assessment": 1,
    "rules_validation": 1,
    "station": 30,
    "street": 2,
    "team": 6,
    "unit": 12,
    "unit_evaluation": 10,
    "unit_registration": 15,
    "unit_report": 9,
    "wish": 12,
}
DEMO_PRIVATE = {
    "activity": 6,
    "member_registration": 6,
    "person": 2,
    "hotline_ticket": 2,
    "request_total": 2,
}


def _classified(root: Path, kind: str) -> Counter:
    out: Counter = Counter()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            match = classify(kind, p.relative_to(root).as_posix())
            out[match.type.name if match else None] += 1
    return out


def test_the_demo_classifies_as_before():
    assert _classified(CODE_ROOT / "data", PUBLIC) == Counter(DEMO_PUBLIC)
    private = CODE_ROOT / "private"
    if private.is_dir() and any(private.iterdir()):
        assert _classified(private, PRIVATE) == Counter(DEMO_PRIVATE)


# Path segments as editors write them: the layout's fixed folder names, placeholders' shapes
# (years, dates), names, and odd ones (empty, dots, the reserved folders).
_SEGMENTS = st.sampled_from(
    [
        *sorted({seg for rt in RECORD_TYPES for seg in rt.location.split("/") if "{" not in seg}),
        "qh",
        "ch",
        "2026",
        "2026-05-04",
        "2026-totals",
        "units",
        "stations",
        "",
        ".",
    ]
)
_FILE_NAMES = st.sampled_from(
    ["w1.yaml", "2026.yaml", "2026.csv", "2026-totals.csv", "2026-05-04-a.md", "x.json", "a.yml"]
)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from([PUBLIC, PRIVATE]), st.lists(_SEGMENTS, max_size=5), _FILE_NAMES)
def test_a_path_is_the_first_type_in_order_whose_pattern_matches(root, folders, name):
    """classify tries only the types with as many "/" as the path: the answer is the one of
    trying every type in order, as the layout defines it."""
    rel = "/".join([*folders, name])
    first = None
    for rt in RECORD_TYPES:
        m = rt.pattern.match(rel) if rt.root == root else None
        groups = {k: v for k, v in m.groupdict().items() if v is not None} if m else {}
        if m and not ("street" in groups and groups["street"] in RESERVED):
            first = (rt, groups)
            break
    match = classify(root, rel)
    assert (match.type, match.groups) == first if first else match is None


def test_a_placeholder_whose_values_hold_a_slash_is_tried_at_every_depth(monkeypatch):
    odd = RECORD_TYPES[0].__class__(
        "odd",
        "奇",
        PUBLIC,
        re.compile(location_regex("odd/{kind:a/b|c}/{id}.json") + r"\Z"),
        "json",
        location="odd/{kind:a/b|c}/{id}.json",
    )
    monkeypatch.setattr(layout, "RECORD_TYPES", (*RECORD_TYPES, odd))
    monkeypatch.setattr(layout, "_CANDIDATES", {})
    assert classify(PUBLIC, "odd/a/b/x.json").groups == {"kind": "a/b", "id": "x"}
    assert classify(PUBLIC, "odd/c/x.json").groups == {"kind": "c", "id": "x"}
