"""The ratings and the lists computed over stand-ins for the names of places, the names put in
after (web/labels.py): the same as computed from the named records, no stand-in left anywhere
in the view, and a rename that leaves every rating part and the lists to the memo."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baodao.demo.generate import generate
from baodao.records.dataset import Dataset
from baodao.repo import Repo
from baodao.web.labels import Labels, unnamed
from baodao.web.listsview import build_lists
from baodao.web.publicview import build_view
from baodao.web.ratingsview import KINDS, RatingsView, _one, _periods, build_ratings
from baodao.web.viewmemo import ViewMemo

AS_OF = dt.date(2026, 11, 23)
JIN_XIU = "data/dong-qu/bin-he/compounds/jin-xiu.yaml"  # 锦绣小区, in the demo's ratings


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo"
    generate(root, "demo")
    return root


def _load(root: Path) -> Dataset:
    ds, _schemas, _problems = Repo.locate(root).load_and_check(AS_OF)
    return ds


def _named(ds: Dataset) -> RatingsView:
    """The oracle: each period rated from the records with their names, as before labels."""
    periods = (
        _one(ds, kind, p, AS_OF) for kind in KINDS for p in reversed(_periods(ds, kind, AS_OF))
    )
    return RatingsView(tuple(p for p in periods if p is not None))


def _strings(value: Any, seen: set[int]) -> list[str]:
    """Every string in a view, through dataclasses, mappings and sequences."""
    if isinstance(value, str):
        return [value]
    if id(value) in seen or value is None or isinstance(value, int | float | bool):
        return []
    seen.add(id(value))
    if dataclasses.is_dataclass(value):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict) or hasattr(value, "items"):
        items = [x for kv in value.items() for x in kv]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        return []
    return [s for item in items for s in _strings(item, seen)]


def test_the_ratings_are_those_of_the_named_records(demo):
    ds = _load(demo)
    ratings = build_ratings(ds, AS_OF)
    assert ratings == _named(ds)
    kinds = {p.kind for p in ratings.periods}
    assert kinds == {"stars", "communities", "property", "hotline"}
    property_rows = [r for p in ratings.of("property") for r in p.rows]
    assert {"锦绣小区", "清风雅苑", "绿景花园"} <= {r.name for r in property_rows}
    assert {"滨河社区", "春晖社区"} <= {r.community for r in property_rows}
    assert any(p.companies for p in ratings.of("property"))
    assert any(p.standing for p in ratings.of("communities"))


def test_no_stand_in_is_left_anywhere_in_the_view(demo):
    ds = _load(demo)
    strings = _strings(build_view(ds, AS_OF, None), set())
    assert "锦绣小区" in strings
    assert [s for s in strings if "\x00" in s] == []


def test_the_stand_ins_leave_the_records_but_their_names(demo):
    ds = _load(demo)
    blind, labels = unnamed(ds)
    rec, kept = blind.get("compound", "jin-xiu"), ds.get("compound", "jin-xiu")
    assert rec.get("name") != "锦绣小区" and labels.text(rec.get("name")) == "锦绣小区"
    assert {k: v for k, v in rec.data.items() if k != "name"} == {
        k: v for k, v in kept.data.items() if k != "name"
    }
    assert (rec.file, rec.line) == (kept.file, kept.line)
    assert labels.text("物业：" + rec.get("name") + "。") == "物业：锦绣小区。"
    assert ds.get("compound", "jin-xiu").get("name") == "锦绣小区"  # the records are untouched


def test_a_rename_leaves_every_rating_to_the_memo(demo):
    memo = ViewMemo()
    build_ratings(_load(demo), AS_OF, memo.run)
    parts = sorted(memo.parts)
    assert any(name.startswith("rating property") for name in parts)
    # Which periods have inputs too: a kind's periods go through all its records.
    assert {name for name in parts if name.startswith("periods ")} == {
        f"periods {kind} {AS_OF}" for kind in KINDS
    }
    with _renamed(demo):
        ds = _load(demo)
        memo.reused.clear()
        ratings = build_ratings(ds, AS_OF, memo.run)
        assert sorted(memo.reused) == parts
        assert ratings == _named(ds)
        names = {r.name for p in ratings.of("property") for r in p.rows}
        assert "锦绣家园" in names and "锦绣小区" not in names


@contextlib.contextmanager
def _renamed(demo: Path) -> Iterator[None]:
    """锦绣小区 renamed 锦绣家园 while the block runs."""
    path = demo / JIN_XIU
    text = path.read_text("utf-8")
    path.write_text(text.replace("name: 锦绣小区\n", "name: 锦绣家园\n"), "utf-8")
    try:
        yield
    finally:
        path.write_text(text, "utf-8")


def _lists_named(ds: Dataset, view) -> tuple:
    """The oracle for the lists: made from the records with their names."""
    year = next((p for p in view.assessments.periods if p.period == str(AS_OF.year)), None)
    return build_lists(ds, AS_OF, year.withheld if year else ())


def test_the_lists_are_those_of_the_named_records(demo):
    ds = _load(demo)
    view = build_view(ds, AS_OF, None)
    assert (view.community_lists, view.unit_activity) == _lists_named(ds, view)
    named = _strings((view.community_lists, view.unit_activity), set())
    assert any("社区" in s for s in named)  # community names are in the unit registrations
    assert [s for s in named if "\x00" in s] == []


def test_a_rename_leaves_the_lists_to_the_memo(demo):
    memo = ViewMemo()
    build_view(_load(demo), AS_OF, None, memo)
    with _renamed(demo):
        ds = _load(demo)
        memo.reused.clear()
        view = build_view(ds, AS_OF, None, memo)
        assert any(name.startswith("lists ") for name in memo.reused)
        assert (view.community_lists, view.unit_activity) == _lists_named(ds, view)


def test_the_names_are_put_into_every_string_of_a_result():
    """Labels.everywhere, by hand: through dataclasses, named tuples, lists and dict values
    (keys are ids: left as they are); what is not a string is left as it is."""
    import collections

    @dataclasses.dataclass(frozen=True)
    class Row:
        name: str
        count: int

    Pair = collections.namedtuple("Pair", "id name")
    mark = "\x00compound:x\x00"
    labels = Labels({"compound:x": "绿景花园"})
    value = {mark: [Row(f"物业：{mark}。", 3), Pair("x", mark), (mark, 1.5)]}
    assert labels.everywhere(value) == {
        mark: [Row("物业：绿景花园。", 3), Pair("x", "绿景花园"), ("绿景花园", 1.5)]
    }
    assert type(labels.everywhere(Pair("x", mark))) is Pair
