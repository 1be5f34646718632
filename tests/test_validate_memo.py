"""The validate memo (records/cache.py ``Memo``, repo.Repo.check): files unchanged since a run
with the same as-of date and roots give that run's problems without checking (nor reading the
records) again, and anything a check reads invalidates it. And the line maps kept in the parse
cache: a problem's file:line is the same whether the line was composed now or remembered."""

from __future__ import annotations

import datetime as dt
import pathlib
import pickle

from click.testing import CliRunner

from baodao import repo as repo_module
from baodao.assess.validation import problems_of
from baodao.cli import main
from baodao.records import dataset as dataset_module
from baodao.records import load as load_module
from baodao.records.load import load
from baodao.records.schemas import SchemaSet
from baodao.records.walk import read_inputs
from baodao.repo import CODE_SCHEMAS

AS_OF = dt.date(2026, 11, 23)
LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"
# lvjing.yaml's first building's grid is on line 21 (tests/fixtures/tiny), counted by hand.
UNKNOWN_GRID = (LVJING, 21, "buildings[0].serve[0].grid", "REF001")


def _validate(tiny, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS), *args, "validate"]
        + ["--as-of", "2026-11-23", "--format", "json"],
    )
    return result.exit_code, result.stdout


def _formatted(tiny, private: bool = True, as_of: dt.date = AS_OF) -> list[str]:
    return [p.format() for p in problems_of(tiny.repo(private), as_of).problems]


def _where(problems) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.field, p.code) for p in problems]


def test_memo_hit_prints_exactly_what_a_run_without_cache_prints(tiny, monkeypatch):
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")  # an error, and its line
    monkeypatch.setenv("BAODAO_CACHE", "off")
    uncached = _validate(tiny)
    monkeypatch.delenv("BAODAO_CACHE")
    cold = _validate(tiny)
    assert (tiny.root / ".cache" / "memo.pickle").is_file()
    warm = _validate(tiny)
    assert warm == cold == uncached
    assert warm[0] == 1 and '"code": "REF001"' in warm[1] and '"line": 21' in warm[1]


def test_memo_hit_reads_no_records(tiny):
    first = problems_of(tiny.repo(), AS_OF)
    second = problems_of(tiny.repo(), AS_OF)
    assert first.ds is not None and second.ds is None  # the memo answered
    assert second.count == first.count == first.ds.count()
    assert second.problems == first.problems


def test_changed_file_invalidates_the_memo(tiny):
    assert not any("REF001" in m for m in _formatted(tiny))
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")
    after = problems_of(tiny.repo(), AS_OF)
    assert after.ds is not None
    assert [w for w in _where(after.problems) if w[3] == "REF001"] == [UNKNOWN_GRID]


def test_added_file_the_checks_refuse_invalidates_the_memo(tiny):
    before = _where(problems_of(tiny.repo(), AS_OF).problems)
    tiny.write("data/qinghe/notes.txt", "备忘\n")  # no record: refused (FILE001)
    after = _where(problems_of(tiny.repo(), AS_OF).problems)
    assert [w for w in after if w not in before] == [("data/qinghe/notes.txt", 0, "", "FILE001")]


def test_as_of_date_invalidates_the_memo(tiny):
    # lvjing.yaml was verified on 2026-09-01: two years later it is overdue (FRESH001).
    assert not any("FRESH001" in m and "lvjing" in m for m in _formatted(tiny))
    later = problems_of(tiny.repo(), dt.date(2028, 11, 23))
    assert later.ds is not None
    assert any(p.code == "FRESH001" and p.file.endswith("lvjing.yaml") for p in later.problems)
    # And back: the first date's problems are still remembered, not the second's.
    again = problems_of(tiny.repo(), AS_OF)
    assert again.ds is None
    assert not any(p.code == "FRESH001" and p.file.endswith("lvjing.yaml") for p in again.problems)


def test_private_root_switch_invalidates_the_memo(tiny):
    with_private = problems_of(tiny.repo(private=True), AS_OF)
    without = problems_of(tiny.repo(private=False), AS_OF)
    assert without.ds is not None  # not the private run's answer
    assert without.count < with_private.count  # the people of the private root are not read
    assert problems_of(tiny.repo(private=False), AS_OF).ds is None


def test_private_table_copied_outside_data_is_found_on_a_memo_hit(tiny):
    first = problems_of(tiny.repo(), AS_OF)
    # Outside data/: no file the memo is keyed by changes, yet the copy must be reported.
    header = "person,date,activity,service_type,hours,verified_by\n"  # the activity log's
    tiny.write("exports/qiandao.csv", header)
    done = problems_of(tiny.repo(), AS_OF)
    assert [(p.code, p.line) for p in done.problems if p.file == "exports/qiandao.csv"] == [
        ("PRIV008", 1)
    ]
    # Removed again: the memo's first answer (made without that error) holds once more.
    tiny.path("exports/qiandao.csv").unlink()
    assert problems_of(tiny.repo(), AS_OF).problems == first.problems


def test_unchanged_file_is_not_composed_again_for_its_lines(tiny, monkeypatch):
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")
    assert UNKNOWN_GRID in _where(problems_of(tiny.repo(), AS_OF).problems)
    # Another file changes (the memo misses, lvjing.yaml comes from the parse cache): its line
    # is remembered, never composed again.
    tiny.replace(
        "data/qinghe/cuihu/grids/cuihu-g01.yaml",
        "verified_at: 2026-09-01",
        "verified_at: 2026-09-02",
    )
    composed: list[tuple] = []

    def spy(text: str, path: tuple, first_line: int = 1) -> int:
        composed.append(path)
        return 0

    monkeypatch.setattr(dataset_module, "line_of", spy)
    done = problems_of(tiny.repo(), AS_OF)
    assert done.ds is not None  # checked again, not the memo's answer
    assert UNKNOWN_GRID in _where(done.problems)
    assert ("buildings", 0, "serve", 0, "grid") not in composed


class _Planted:
    """What a hostile pickle does when it is loaded: runs code."""

    def __reduce__(self):
        return (exec, ("raise SystemExit('planted memo was loaded')",))


def test_planted_memo_file_is_never_unpickled(tiny):
    # A .cache/memo.pickle committed to a repository: not sealed with this machine's key.
    path = tiny.root / ".cache" / "memo.pickle"
    path.parent.mkdir()
    path.write_bytes(b"\0" * 32 + pickle.dumps(_Planted()))
    done = problems_of(tiny.repo(), AS_OF)
    assert done.ds is not None and done.count > 0


def test_a_load_digests_its_inputs_as_a_walk_of_the_files_does(tiny):
    # Files a load reads, refuses, ignores or keeps as strays: all of them are in both digests.
    tiny.write("data/README.md", "说明\n")
    tiny.write("data/qinghe/notes.txt", "备忘\n")
    tiny.write("data/qinghe/cuihu/people.csv", "id,name,id_number\np-1,某,x\n")
    schemas = SchemaSet.load(CODE_SCHEMAS)
    for private in (tiny.root / "private", None):
        ds, problems = load(tiny.root, private, schemas)
        assert {"FILE001", "PRIV001"} <= {p.code for p in problems}
        assert ds.inputs == read_inputs(tiny.root, private).digest
    (tiny.root / "data" / "qinghe" / "notes.txt").write_text("改了\n", encoding="utf-8")
    ds, _problems = load(tiny.root, tiny.root / "private", schemas)
    assert ds.inputs == read_inputs(tiny.root, tiny.root / "private").digest
    assert ds.inputs != read_inputs(tiny.root, None).digest


def test_a_run_without_a_memo_reads_the_files_once_and_the_next_finds_its_result(tiny, monkeypatch):
    walks: list[int] = []
    real = repo_module.read_inputs

    def counted(*args):
        walks.append(1)
        return real(*args)

    monkeypatch.setattr(repo_module, "read_inputs", counted)
    cold = problems_of(tiny.repo(), AS_OF)
    assert cold.ds is not None and walks == []  # the key came from the load's own reads
    warm = problems_of(tiny.repo(), AS_OF)
    assert warm.ds is None and walks == [1]
    assert warm.problems == cold.problems


def test_after_an_edit_only_the_edited_file_is_read_again(tiny, monkeypatch):
    # The memo's key needs every file's hash; the load then finds the unchanged files in the
    # parse cache by those hashes, without reading them a second time.
    first = problems_of(tiny.repo(), AS_OF)
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")
    reads: list[str] = []

    def spy(file, *args, **kwargs):
        path = pathlib.Path(file)
        if path.is_relative_to(tiny.root / "data") or path.is_relative_to(tiny.root / "private"):
            reads.append(path.relative_to(tiny.root).as_posix())
        return open(file, *args, **kwargs)

    # What the load opens (records/load.py reads each file it parses with open()).
    monkeypatch.setattr(load_module, "open", spy, raising=False)
    again = problems_of(tiny.repo(), AS_OF)
    assert reads == [LVJING]
    assert again.ds is not None and again.count == first.count
    assert UNKNOWN_GRID in _where(again.problems)
    monkeypatch.undo()
    (tiny.root / ".cache" / "memo.pickle").unlink()
    assert problems_of(tiny.repo(), AS_OF).problems == again.problems
