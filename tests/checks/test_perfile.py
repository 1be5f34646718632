"""Per-file check results made where a file is read (checks/perfile.py, records/load.py's
workers): the problems are the same as when each check computes them itself, in forked
workers or not, cold, warm, and from the entries the workers pickled into the cache."""

from __future__ import annotations

import datetime as dt
import shutil

from baodao.assess.validation import problems_of
from baodao.checks.perfile import facts
from baodao.records import workers
from baodao.records.cache import FileCache, tree_hash
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
    assert entry.checks["privacy_number"][("compound", "lvjing")] is True
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
    # The Dataset keeps the first record of an id (load reports the second, DUP001).
    assert found["privacy_number"] == {("request", "r-1"): False}
    assert facts([second, first], schemas)["privacy_number"] == {("request", "r-1"): True}


def test_a_cold_run_without_workers_gives_what_a_run_with_them_gives(tiny, monkeypatch):
    _plant(tiny)
    inline = problems_of(tiny.repo(), AS_OF).problems  # 30-odd files: read here
    shutil.rmtree(tiny.root / ".cache")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    assert problems_of(tiny.repo(), AS_OF).problems == inline
