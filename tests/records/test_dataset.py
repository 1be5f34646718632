"""The dataset's tables (records/dataset.py): which are whole, and the records outside them."""

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
    assert {rows[0].type for rows in whole.values()} >= {"activity", "person"}
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
    assert not any(r[0].type == "activity" for r in whole.values())
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
    activities = [rows for rows in whole.values() if rows[0].type == "activity"]
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
