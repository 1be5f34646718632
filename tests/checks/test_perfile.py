"""Per-file check results made where a file is read (checks/perfile.py, records/load.py's
workers): the problems are the same as when each check computes them itself, in forked
workers or not, cold, warm, and from the entries the workers pickled into the cache."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baodao import repo as repo_module
from baodao.assess.validation import problems_of
from baodao.checks import privacy
from baodao.checks.perfile import facts
from baodao.records import workers
from baodao.records.cache import FileCache, tree_hash
from baodao.records.csvio import read_table
from baodao.records.dataset import Record
from baodao.records.load import load
from baodao.records.schemas import SchemaSet
from baodao.repo import CODE_SCHEMAS

AS_OF = dt.date(2026, 11, 23)
LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _plant(tiny) -> None:
    # Line 2: an unknown field (SCH002); line 6: a mobile number among the old names
    # (PRIV003); line 22: an unknown grid (REF001; line 21 before the insertion).
    tiny.replace(LVJING, "id: lvjing\n", "id: lvjing\ncolour: 红\n")
    tiny.replace(LVJING, "old_names: [化肥厂宿舍]", 'old_names: [化肥厂宿舍, "13912345678"]')
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")


PLANTED = [
    (LVJING, 2, "colour", "SCH002"),
    (LVJING, 6, "old_names[1]", "PRIV003"),
    (LVJING, 22, "buildings[0].serve[0].grid", "REF001"),
]


def _where(problems) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.field, p.code) for p in problems]


def test_problems_are_the_same_with_per_file_results_from_forked_workers(tiny, monkeypatch):
    _plant(tiny)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # the tiny repository's files in workers
    pools: list[int] = []
    real = workers.ProcessPoolExecutor

    def counted(*args, **kwargs):
        pools.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", counted)
    monkeypatch.setenv("BAODAO_CACHE", "off")  # each check computes its own results
    uncached = problems_of(tiny.repo(), AS_OF).problems
    monkeypatch.delenv("BAODAO_CACHE")
    cold = problems_of(tiny.repo(), AS_OF)  # the workers' results, in fresh entries
    assert cold.ds is not None
    (tiny.root / ".cache" / "memo.pickle").unlink()
    from_cache = problems_of(tiny.repo(), AS_OF)  # the entries the workers pickled, read back
    assert from_cache.ds is not None
    warm = problems_of(tiny.repo(), AS_OF)  # the memo
    assert warm.ds is None
    assert [p.format() for p in cold.problems] == [p.format() for p in uncached]
    assert from_cache.problems == warm.problems == cold.problems
    found = _where(cold.problems)
    assert [w for w in found if w[0] == LVJING] == PLANTED
    assert len(pools) == 2  # uncached and cold (from the cache and the memo: nothing to read)


def test_workers_results_are_kept_in_the_files_entry(tiny, monkeypatch):
    _plant(tiny)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    problems_of(tiny.repo(), AS_OF)
    cache = FileCache(tiny.root / ".cache", tree_hash(CODE_SCHEMAS))
    ds, _problems = load(tiny.root, tiny.root / "private", SchemaSet.load(CODE_SCHEMAS), cache)
    entry = ds.entries[LVJING]
    schema = entry.checks["schema"][("compound", "lvjing")]
    assert [(p.line, p.field, p.code) for p in schema] == [(2, "colour", "SCH002")]
    numbers = entry.checks["privacy_numbers"][("compound", "lvjing")]
    assert [(path, f.kind, f.value) for path, _line, f in numbers] == [
        (("old_names", 1), "mobile", "13912345678")
    ]
    facts_of = entry.checks["references"][("compound", "lvjing")]
    assert ("ref", "grid", ("buildings", 0, "serve", 0, "grid"), "cuihu-g07") in facts_of
    assert cache.misses == 0  # every file came from the cache the workers filled


def test_a_files_second_record_of_one_id_does_not_replace_the_first_ones_result():
    schemas = SchemaSet.load(CODE_SCHEMAS)
    folder = {"street": "qinghe", "community": "cuihu", "year": "2026"}
    first = Record(
        "request", "r-1", {"id": "r-1", "summary": "楼道灯坏了"}, "f.csv", "public", folder
    )
    second = Record(
        "request", "r-1", {"id": "r-1", "summary": "电话 13912345678"}, "f.csv", "public", folder, 3
    )
    found = facts([first, second], schemas)
    # The Dataset keeps the first record of an id (load reports the second, DUP001); a record
    # that holds no number is not listed, the file is marked as looked at whole.
    assert found["privacy_numbers"] == {privacy.ALL_LOOKED_AT: ()}
    numbers = facts([second, first], schemas)["privacy_numbers"]
    assert set(numbers) == {privacy.ALL_LOOKED_AT, ("request", "r-1")}
    (((path, _line, f),),) = [numbers[("request", "r-1")]]
    assert (path, f.kind, f.value) == (("summary",), "mobile", "13912345678")


def test_a_cold_run_without_workers_gives_what_a_run_with_them_gives(tiny, monkeypatch):
    _plant(tiny)
    inline = problems_of(tiny.repo(), AS_OF).problems  # 30-odd files: read here
    shutil.rmtree(tiny.root / ".cache")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    assert problems_of(tiny.repo(), AS_OF).problems == inline


# A table's cells, as editors type them: digits of both widths, the separators a number may
# have, quotes (doubled inside a quoted cell), commas, newlines, text.
GROUP = st.text(alphabet="0123456789", min_size=1, max_size=5)
SEPARATOR = st.sampled_from(["", " ", "-", ".", "－", "　", "  ", "-.", ",", '"', "１"])
NUMBERISH = st.lists(st.tuples(GROUP, SEPARATOR), min_size=1, max_size=6).map(
    lambda parts: "".join(g + s for g, s in parts)
)
CELL = st.text(alphabet='0123456789１２ -.－　",\n号a', max_size=24) | NUMBERISH
TABLE_SCHEMA = {
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "n", "type": "integer"},
        {"name": "s", "type": "string"},
    ]
}


def _table(rows: list[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "n", "s"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _rows_scanned(raw: bytes) -> list[bool]:
    rows, _problems = read_table(raw.decode("utf-8"), "t.csv", TABLE_SCHEMA)
    folder: dict[str, str] = {}
    return [
        privacy.may_hold_number(Record.row("t", f"r{i}", r.values, "t.csv", "public", folder, 1))
        for i, r in enumerate(rows)
    ]


@settings(max_examples=3_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(CELL, st.integers(0, 10**12).map(str) | CELL, CELL), max_size=6))
def test_a_table_the_prescan_passes_has_no_row_the_row_scan_would_stop(rows):
    raw = _table(rows)
    if any(_rows_scanned(raw)):
        assert privacy.table_may_hold_number(raw)


def test_tables_with_and_without_a_long_number():
    # Written out: which tables may hold a number, by their bytes alone.
    for mobile in ("138-1234-5678", "138.1234.5678", "138 1234 5678", "13812345678"):
        assert privacy.table_may_hold_number(_table([("r1", "", f"电话 {mobile}")]))
    assert privacy.table_may_hold_number(_table([("r1", "1234567890", "")]))  # int > 10^9
    assert privacy.table_may_hold_number(_table([("r1", "", "１３８")]))  # full width: scan
    assert not privacy.table_may_hold_number(_table([("r1", "123456789", "2026-09-30")]))
    assert not privacy.table_may_hold_number(_table([("r1", "", '说"12345""67890"')]))


def test_a_cold_load_leaves_every_table_rows_result_in_its_entry(tiny, monkeypatch):
    # The tables are checked alone where they are read: the checks across records then find
    # every row's result, and touch no table's entry (which would pickle it a second time).
    touched: list[str] = []
    real = FileCache.touch

    def spy(self, entry=None):
        touched.extend(f for f, e in ds_entries.items() if e is entry)
        return real(self, entry)

    ds_entries: dict = {}
    real_load = load

    def loading(*args, **kwargs):
        ds, problems = real_load(*args, **kwargs)
        ds_entries.update(ds.entries)
        return ds, problems

    monkeypatch.setattr(FileCache, "touch", spy)
    monkeypatch.setattr(repo_module, "load", loading)
    problems_of(tiny.repo(), AS_OF)
    table = "data/qinghe/cuihu/requests/2026.csv"
    entry = ds_entries[table]
    with tiny.path(table).open(encoding="utf-8") as fh:
        ids = {("request", row["id"]) for row in csv.DictReader(fh)}
    numbers = entry.checks["privacy_numbers"]
    assert privacy.ALL_LOOKED_AT in numbers  # every row looked at; those listed hold a number
    assert set(numbers) - {privacy.ALL_LOOKED_AT} <= ids
    assert [f for f in touched if f.endswith(".csv")] == []


def test_a_number_in_a_table_row_is_reported_from_the_kept_results_as_found_afresh(
    tiny, monkeypatch
):
    # Kept numbers list only the rows that hold one: the row with a mobile is still reported
    # on a run from the cache (and an edit elsewhere), as a run without cache reports it.
    table = "data/qinghe/cuihu/requests/2026.csv"
    tiny.replace(table, "路灯不亮", "路灯不亮 13912345678")
    cold = [p for p in tiny.problems() if p.code == "PRIV003"]
    assert [(p.file, p.line, p.field) for p in cold] == [(table, 2, "summary")]
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新苑")
    warm = tiny.problems()
    assert [p for p in warm if p.code == "PRIV003"] == cold
    monkeypatch.setenv("BAODAO_CACHE", "off")
    assert warm == tiny.problems()
