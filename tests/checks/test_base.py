"""What checks keep of a table's rows between runs (checks/base.py ``in_file``): after any
edit, the problems are those a run without a cache finds, and rows whose file and whose
lookups did not change are not looked at again."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from baodao.checks import references, registration

AS_OF = dt.date(2026, 11, 23)

PEOPLE = "private/people/qinghe.csv"
MEMBERS = "private/qinghe/cuihu/members/2026.csv"
ACTIVITIES = "private/qinghe/cuihu/activities/2026.csv"
SERVICE_TYPES = "data/codes/service-types.yaml"
LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _without(root: Path, rel: str, text: str) -> None:
    """The table at ``rel`` without its rows that hold ``text``."""
    path = root / rel
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if text not in line), "utf-8")


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# Each edit changes what the unchanged activity table's rows are looked up in.
EDITS: dict[str, Callable[[Path], None]] = {
    # Its rows of p-0006 name someone unknown now (REF001).
    "a person gone": lambda root: _without(root, PEOPLE, "p-0006"),
    # Its rows of p-0006 are of someone who did not report in (ACT001).
    "a report-in gone": lambda root: _without(root, MEMBERS, "p-0006"),
    # The unknown service type of one row is said with the list's new name.
    "a code list renamed": lambda root: _replace(
        root, SERVICE_TYPES, "name: 在职党员服务方式", "name: 在职党员服务的方式"
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_elsewhere_a_tables_problems_are_those_found_afresh(tiny, monkeypatch, edit):
    _replace(tiny.root, ACTIVITIES, "expertise,3.5", "expertisex,3.5")  # an unknown code
    before = tiny.problems()  # with the cache: what the activity table's rows gave is kept
    assert (tiny.root / ".cache" / "found.pickle").is_file()
    EDITS[edit](tiny.root)
    after = tiny.problems()
    monkeypatch.setenv("BAODAO_CACHE", "off")
    afresh = tiny.problems()
    assert after == afresh
    assert after != before  # the edit changed what those rows give
    mine = [p for p in after if p.file.endswith("activities/2026.csv")]
    assert mine != [p for p in before if p.file.endswith("activities/2026.csv")]


def test_the_code_lists_new_name_is_in_the_kept_rows_message(tiny):
    _replace(tiny.root, ACTIVITIES, "expertise,3.5", "expertisex,3.5")
    tiny.problems()
    EDITS["a code list renamed"](tiny.root)
    unknown = [p.message for p in tiny.problems() if "expertisex" in p.message]
    assert unknown == ["未知在职党员服务的方式代码 'expertisex'（是否应为 'expertise'？）"]


def test_rows_are_not_looked_at_again_after_an_edit_that_they_do_not_read(tiny, monkeypatch):
    tiny.problems()
    looked: list[str] = []
    rows, activities = references._rows, registration._activities

    def rows_spy(ctx, known, run):
        looked.extend(rec.file for rec in run)
        return rows(ctx, known, run)

    def activities_spy(registered, run):
        looked.extend(rec.file for rec in run)
        return activities(registered, run)

    monkeypatch.setattr(references, "_rows", rows_spy)
    monkeypatch.setattr(registration, "_activities", activities_spy)
    _replace(tiny.root, LVJING, "name: 绿景花园", "name: 绿景新苑")
    tiny.problems()
    assert looked == []
    _without(tiny.root, MEMBERS, "p-0006")  # what the activities' rows read: looked at again
    tiny.problems()
    assert "private/qinghe/cuihu/activities/2026.csv" in looked


def test_a_row_that_lost_its_id_to_another_file_is_not_reported_from_the_kept_findings(
    tiny, monkeypatch
):
    """Which of a file's rows are in the dataset can change with the file unchanged: another
    file's row of the same id, read first, takes it (DUP001)."""
    _replace(tiny.root, PEOPLE, "p-0006,周明,cuihu", "p-0006,周明,nowhere")
    assert any(p.file == PEOPLE and "nowhere" in p.message for p in tiny.problems())
    first = tiny.root / "private/people/a-first.csv"  # read before qinghe.csv
    first.write_text((tiny.root / PEOPLE).read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    with first.open("a", encoding="utf-8") as out:
        out.write("p-0006,周明,cuihu,false,false,,,\n")
    after = tiny.problems()
    assert not any(p.file == PEOPLE and "nowhere" in p.message for p in after)
    monkeypatch.setenv("BAODAO_CACHE", "off")
    assert after == tiny.problems()


def test_a_copy_of_the_dataset_with_other_rows_has_its_tables_checked_row_by_row(tiny):
    """``Dataset.tables`` are the rows as load read them: a copy of the dataset whose records
    were replaced (web/labels.py makes such copies) must not be answered from them."""
    from dataclasses import replace
    from types import MappingProxyType

    ds = tiny.repo().load_and_check(AS_OF)[0]
    assert ACTIVITIES in ds.whole_tables("activity")
    rows = {rid: replace(rec, data={**rec.data}) for rid, rec in ds.of("activity").items()}
    copy = replace(ds, records=MappingProxyType({**ds.records, "activity": rows}))
    assert ACTIVITIES not in copy.whole_tables("activity")
    assert ACTIVITIES not in copy.whole_tables()


def _warm_after_an_edit_elsewhere(tiny):
    """A load (with the per-file checks) through a cache that a run filled before the compound
    LVJING was renamed, and its schemas."""
    from baodao.checks.perfile import facts
    from baodao.records.load import load
    from baodao.records.schemas import SchemaSet

    tiny.problems()  # what is kept of the tables
    _replace(tiny.root, LVJING, "name: 绿景花园", "name: 绿景新苑")
    repo = tiny.repo()
    schemas = SchemaSet.load(repo.schemas_dir)
    ds, _problems = load(repo.root, repo.private_root, schemas, repo.cache(), facts)
    return ds, schemas


def test_after_an_edit_elsewhere_no_check_goes_through_a_tables_rows(tiny):
    """The checks of a build after an edit elsewhere read no row of an unchanged activity table,
    not even to know that the table is whole (Dataset.whole_tables), so that they cost nothing
    (a city's 200,000 rows). (The registry's rows are read: its names are what the privacy
    check looks for.)"""
    from baodao.checks import run_checks
    from baodao.records.dataset import Record
    from baodao.repo import collector_paused

    ds, schemas = _warm_after_an_edit_elsewhere(tiny)
    tables = [rows for rows in ds.whole_tables("activity").values() if len(rows) > 2]
    assert ACTIVITIES in {rows.file for rows in tables}
    every = [rec for rows in tables for rec in rows]  # read here, so that they can be watched
    read: list[int] = []  # which record was read
    names: list[str] = []  # and by whom

    class Watched(Record):
        def __getattribute__(self, name: str):
            caller = sys._getframe(1).f_code
            read.append(id(self))
            names.append(f"{caller.co_filename.rpartition('/baodao/')[2]} {caller.co_name}")
            return object.__getattribute__(self, name)

    lvjing = ds.get("compound", "lvjing")  # a record of the edited file: read, as it must be
    for rec in [*every, lvjing]:
        object.__setattr__(rec, "__class__", Watched)
    try:
        with collector_paused():
            run_checks(ds, schemas, AS_OF)
    finally:
        for rec in [*every, lvjing]:
            object.__setattr__(rec, "__class__", Record)
    assert read.count(id(lvjing)) > 0
    assert [who for who, rid in zip(names, read, strict=True) if rid != id(lvjing)] == []


def test_after_an_edit_elsewhere_no_activity_row_is_even_unpickled(tiny):
    """The rows of a table read from the cache are unpickled when something reads them
    (records/dataset.Rows): the checks after an edit elsewhere make none of the activities'
    (at city size ~0.45 s and ~200 MB)."""
    from baodao.checks import run_checks
    from baodao.records.dataset import LazyRecords

    ds, schemas = _warm_after_an_edit_elsewhere(tiny)
    activities = ds.of("activity")
    assert isinstance(activities, LazyRecords) and len(activities) > 2
    tables = ds.whole_tables("activity")
    assert ACTIVITIES in tables
    run_checks(ds, schemas, AS_OF)
    assert [rows.file for rows in tables.values() if rows.loaded] == []
    assert ds.tables[PEOPLE].loaded  # the registry's names are looked for: read, as they must


def test_a_public_records_name_findings_are_kept_until_the_names_looked_for_change(
    tiny, monkeypatch
):
    """What the privacy check finds in a public record depends on its file and on the
    registry's names (base.in_file, kept by NameFinder.key): kept after an edit elsewhere,
    found again when a person consents."""

    def named(problems):
        return [p for p in problems if p.code == "PRIV007"]

    _replace(tiny.root, LVJING, "old_names: [化肥厂宿舍]", "old_names: [化肥厂宿舍, 孙秀英家]")
    before = named(tiny.problems())
    assert [(p.file, p.field) for p in before] == [(LVJING, "old_names[1]")]
    _replace(tiny.root, "data/qinghe/cuihu/grids/cuihu-g01.yaml", "\n", "\n# 改\n")
    kept = tiny.problems()
    assert named(kept) == before
    _replace(
        tiny.root,
        PEOPLE,
        "p-0005,孙秀英,cuihu,false,false,,,",
        "p-0005,孙秀英,cuihu,true,false,,2026-11-01,",
    )
    consented = tiny.problems()
    assert named(consented) == []
    monkeypatch.setenv("BAODAO_CACHE", "off")
    assert consented == tiny.problems()
