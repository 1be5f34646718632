"""The dataset's tables (records/dataset.py): which are whole, the records outside them, and
rows read from the cache only when something reads them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

from baodao.records.dataset import Record

AS_OF = dt.date(2026, 11, 23)


def _filtered(ds, whole, type_name=None):
    """The oracle: every record looked at, in the dataset's order."""
    records = ds.all() if type_name is None else ds.of(type_name).values()
    return [rec for rec in records if rec.file not in whole]


def test_the_records_outside_tables_are_those_a_filter_of_every_record_finds(tiny):
    ds = tiny.repo().load_and_check(AS_OF)[0]
    whole = ds.whole_tables()
    assert {rows.type for rows in whole.values()} >= {"activity", "person"}
    assert ds.outside(whole) == _filtered(ds, whole)
    for name in ds.records:
        assert ds.outside(whole, name) == _filtered(ds, whole, name)
    one = dict([next(iter(whole.items()))])  # some of the tables only
    assert ds.outside(one) == _filtered(ds, one)
    assert ds.outside({}) == list(ds.all())
    assert ds.outside(whole, "no-such-type") == []


def test_a_copy_with_other_rows_has_none_of_their_tables_whole(tiny):
    ds = tiny.repo().load_and_check(AS_OF)[0]
    rows = {rid: replace(rec, data={**rec.data}) for rid, rec in ds.of("activity").items()}
    copy = replace(ds, records=MappingProxyType({**ds.records, "activity": rows}))
    whole = copy.whole_tables()
    assert not any(r.type == "activity" for r in whole.values())
    assert copy.outside(whole, "activity") == list(rows.values())


class _Watched(Record):
    """A row that notes each time one of its fields is read."""

    read: list[int] = []

    def __getattribute__(self, name: str):
        _Watched.read.append(id(self))
        return object.__getattribute__(self, name)


def test_the_rows_of_a_type_all_in_whole_tables_are_not_gone_through(tiny):
    # A build after an edit elsewhere must not pay for going through 200,000 unchanged rows.
    ds = tiny.repo().load_and_check(AS_OF)[0]
    whole = ds.whole_tables()
    activities = [rows for rows in whole.values() if rows.type == "activity"]
    rows = [rec for table in activities for rec in table]
    assert len(rows) > len(activities)  # tables of more than one row
    for rec in rows:
        object.__setattr__(rec, "__class__", _Watched)
    try:
        _Watched.read.clear()
        outside_activities = ds.outside(whole, "activity")
        outside_all = ds.outside(whole)
        read = set(_Watched.read)
    finally:
        for rec in rows:
            object.__setattr__(rec, "__class__", Record)
    assert outside_activities == []
    assert outside_all == _filtered(ds, whole)
    assert read <= {id(table[0]) for table in activities}  # a table's type, from its first row


def _fields(records) -> list[tuple]:
    return [(r.type, r.id, r.file, r.root, r.line, dict(r.folder), r.data) for r in records]


def test_a_warm_load_keeps_the_tables_rows_unread_and_gives_what_a_load_without_cache_gives(
    tiny, monkeypatch
):
    from baodao.records.dataset import LazyRecords

    tiny.problems()  # fills the cache
    warm = tiny.repo().load_and_check(AS_OF)[0]
    assert isinstance(warm.records["activity"], LazyRecords)
    unread = {file for file, rows in warm.tables.items() if not rows.loaded}
    assert "private/qinghe/cuihu/activities/2026.csv" in unread
    monkeypatch.setenv("BAODAO_CACHE", "off")
    cold = tiny.repo().load_and_check(AS_OF)[0]
    for name in cold.records:  # each type's records, in the load's order
        assert len(warm.of(name)) == len(cold.of(name))
        assert list(warm.of(name)) == list(cold.of(name))
        assert _fields(warm.of(name).values()) == _fields(cold.of(name).values())
    assert _fields(warm.all()) == _fields(cold.all())


def test_a_tables_rows_pickle_apart_and_are_unpickled_when_first_read():
    import pickle

    from baodao.records.dataset import Rows

    made = [
        Record.row("activity", f"a-{i}", {"hours": str(i)}, "x/2026.csv", "private", {}, i + 2)
        for i in range(3)
    ]
    rows = Rows.of(made)
    blob = pickle.dumps(rows)
    back = pickle.loads(blob)
    assert not back.loaded
    assert (back.type, back.file, back.root, back.ids, len(back)) == (
        "activity",
        "x/2026.csv",
        "private",
        ("a-0", "a-1", "a-2"),
        3,
    )
    assert pickle.dumps(back) == blob and not back.loaded  # saved again as it came
    assert _fields(back) == _fields(made) and back.loaded
    assert back[-1].line == 4 and [r.id for r in back[1:]] == ["a-1", "a-2"]


def test_rows_that_hold_more_than_a_tables_row_pickle_as_records():
    """A table's rows pickle as columns (what Record.row is made of); records with a text, a
    body or lines found (not a table's) keep all of it."""
    import pickle

    from baodao.records.dataset import Rows

    made = [
        Record(
            "notice",
            "n-1",
            {"title": "停水"},
            "data/n/n-1.md",
            "public",
            {},
            2,
            "title: 停水\n",
            "正文",
        ),
        Record("notice", "n-2", {"title": "停电"}, "data/n/n-1.md", "public", {}, 9),
    ]
    made[1].lines[("title",)] = 9
    back = pickle.loads(pickle.dumps(Rows.of(made)))
    assert not back.loaded
    assert [(r.source, r.body, r.lines) for r in back] == [
        ("title: 停水\n", "正文", {}),
        (None, "", {("title",): 9}),
    ]
    assert _fields(back) == _fields(made)


def test_a_type_with_an_id_twice_across_tables_is_read_the_same_warm_and_without_cache(
    tiny, monkeypatch
):
    # Its rows are then read at once (load._add keeps the first and reports the second).
    people = tiny.root / "private/people/qinghe.csv"
    header, *rows = people.read_text("utf-8").splitlines()
    (tiny.root / "private/people/a-first.csv").write_text(f"{header}\n{rows[2]}\n", "utf-8")
    cold = [p.format() for p in tiny.problems()]
    assert any("DUP001" in m for m in cold)
    warm_ds, _r, warm = tiny.repo().load_and_check(AS_OF)
    assert [p.format() for p in warm] == cold
    monkeypatch.setenv("BAODAO_CACHE", "off")
    plain_ds, _r, plain = tiny.repo().load_and_check(AS_OF)
    assert [p.format() for p in plain] == cold
    assert _fields(warm_ds.of("person").values()) == _fields(plain_ds.of("person").values())
    assert _fields(warm_ds.shadowed) == _fields(plain_ds.shadowed) != []
    assert warm_ds.shadowed[0].file == "private/people/qinghe.csv"
