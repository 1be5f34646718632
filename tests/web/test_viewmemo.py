"""The view's parts kept between builds (web/viewmemo.py, SavedViewMemo): a part is reused only
when every record it read comes from a file with the same bytes at the same place, and the site
is then byte for byte the one a build without any cache makes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from unittest import mock

from sitefiles import tree_bytes

from baodao.records.dataset import Dataset, Record
from baodao.web import publicview
from baodao.web.build import build
from baodao.web.viewmemo import ABSENT, SMALL_TYPE, SavedViewMemo, _Reads, _recorded, _Sources

COMPOUND = "data/qinghe/cuihu/compounds/lvjing.yaml"
UNIT = "data/units/qh-shuiwu.yaml"


def _reference(tiny, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The site of a build that keeps nothing (no parse cache, no saved parts)."""
    out = tmp_path / f"{name}-public"
    with mock.patch.dict(os.environ, {"BAODAO_CACHE": "off"}):
        build(tiny.repo(), out, "2026-11-23", work=tmp_path / f"{name}-work")
    return tree_bytes(out)


def _counting(monkeypatch, part: str = "build_assessments") -> list[int]:
    calls: list[int] = []
    real = getattr(publicview, part)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(publicview, part, counted)
    return calls


def _same(after: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(after) == sorted(full)
    assert [rel for rel in full if after[rel] != full[rel]] == []


def test_a_part_that_read_nothing_edited_is_reused_and_the_site_is_a_full_builds(
    tiny, tmp_path, monkeypatch
):
    out, work = tmp_path / "public", tmp_path / "work"
    calls = _counting(monkeypatch)
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == 1 and (tiny.root / ".cache" / SavedViewMemo.FILE).is_file()
    # The assessments read no compound: renaming one leaves them as they were.
    tiny.replace(COMPOUND, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == 1
    after = tree_bytes(out)
    assert "绿景新园" in after["x/lvjing/index.html"].decode("utf-8")
    _same(after, _reference(tiny, tmp_path, "full"))


def test_a_part_that_read_the_edited_record_is_built_again(tiny, tmp_path, monkeypatch):
    out, work = tmp_path / "public", tmp_path / "work"
    calls = _counting(monkeypatch)
    build(tiny.repo(), out, "2026-11-23", work=work)
    tiny.replace(UNIT, "name: 青禾区水务局", "name: 青禾区水利局")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == 2  # the assessments name every unit they assess
    after = tree_bytes(out)
    assert any(
        "青禾区水利局" in b.decode("utf-8", "replace") for r, b in after.items() if r[:2] == "a/"
    )
    _same(after, _reference(tiny, tmp_path, "full"))


def test_a_name_whose_consent_is_withdrawn_leaves_every_page_built_upon_saved_parts(tiny, tmp_path):
    # 郑华 shows on the community page (a consented name, from the private registry). The
    # private file's edit must reach every page, whichever part of the view shows the name: no
    # part kept from before it may show it any more.
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert "郑华" in (out / "c" / "cuihu" / "index.html").read_text("utf-8")
    tiny.replace(
        "private/people/qinghe.csv",
        "p-0008,郑华,cuihu,true,false,,2026-08-20,",
        "p-0008,郑华,cuihu,false,false,,,",
    )
    build(tiny.repo(), out, "2026-11-23", work=work)
    after = tree_bytes(out)
    assert [rel for rel, b in after.items() if "郑华".encode() in b] == []
    _same(after, _reference(tiny, tmp_path, "full"))


def test_a_part_that_read_other_fields_of_the_edited_record_is_reused(tiny, tmp_path, monkeypatch):
    # Governance goes through every compound but reads their buildings, community, property and
    # owners' committee, not their names: a rename leaves it as it was; an edit of the owners'
    # committee does not.
    out, work = tmp_path / "public", tmp_path / "work"
    calls = _counting(monkeypatch, "build_governance")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == 1
    tiny.replace(COMPOUND, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == 1
    _same(tree_bytes(out), _reference(tiny, tmp_path, "renamed"))
    tiny.replace(COMPOUND, "has_party_org: true", "has_party_org: false")
    before = len(calls)  # the reference build above ran it too
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert len(calls) == before + 1
    _same(tree_bytes(out), _reference(tiny, tmp_path, "committee"))


def test_a_saved_view_not_sealed_here_is_not_read(tiny, tmp_path, monkeypatch):
    out = tmp_path / "public"
    calls = _counting(monkeypatch)
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    saved = tiny.root / ".cache" / SavedViewMemo.FILE
    saved.write_bytes(b"\0" * 32 + b"not a pickle of ours")  # planted, or torn
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert len(calls) == 2
    _same(tree_bytes(out), _reference(tiny, tmp_path, "full"))


# The fingerprints on their own, over datasets made by hand: the expected values are the keys
# written here, not what the code computes.


def _rec(type_: str, id_: str, file: str) -> Record:
    return Record(type_, id_, {}, file, "data", {})


def _ds(sources: dict[str, bytes], *records: Record) -> Dataset:
    by_type: dict[str, dict[str, Record]] = {}
    for rec in records:
        by_type.setdefault(rec.type, {})[rec.id] = rec
    ds = Dataset.of_types(Path("/r"), None, by_type)
    return Dataset(
        ds.root,
        ds.private_root,
        ds.records,
        ds.broken,
        ds.strays,
        sources=MappingProxyType(sources),
    )


def _reads(types: set[str] = frozenset(), ids: set[tuple[str, str]] = frozenset()) -> _Reads:
    return _Reads(set(types), set(ids))


def test_a_record_read_by_id_is_known_by_its_files_key_or_as_absent():
    ds = _ds({"a.yaml": b"A1"}, _rec("unit", "u1", "a.yaml"))
    fp = _Sources(ds).fingerprint(_reads(ids={("unit", "u1"), ("unit", "u2")}))
    assert fp == ({}, {("unit", "u1"): b"A1", ("unit", "u2"): ABSENT}, {})
    # u2 appears (in a new file): the part read its absence, so it is not current any more.
    now = _ds(
        {"a.yaml": b"A1", "b.yaml": b"B1"},
        _rec("unit", "u1", "a.yaml"),
        _rec("unit", "u2", "b.yaml"),
    )
    assert not _Sources(now).still(fp)
    # Another file of the same type changed: a part that read only u1 is still current.
    other = _ds(
        {"a.yaml": b"A1", "c.yaml": b"C2"},
        _rec("unit", "u1", "a.yaml"),
        _rec("unit", "u3", "c.yaml"),
    )
    assert _Sources(other).still(fp)
    edited = _ds({"a.yaml": b"A2"}, _rec("unit", "u1", "a.yaml"))
    assert not _Sources(edited).still(fp)


def test_a_type_iterated_changes_with_any_of_its_files_and_not_with_other_types():
    recs = (_rec("act", "1", "t.csv"), _rec("act", "2", "t.csv"), _rec("unit", "u1", "u.yaml"))
    base = _ds({"t.csv": b"T1", "u.yaml": b"U1"}, *recs)
    fp = _Sources(base).fingerprint(_reads(types={"act"}))
    assert fp is not None and set(fp[0]) == {"act"} and fp[1] == {}
    assert _Sources(_ds({"t.csv": b"T1", "u.yaml": b"U2"}, *recs)).still(fp)
    assert not _Sources(_ds({"t.csv": b"T2", "u.yaml": b"U1"}, *recs)).still(fp)
    more = _ds(
        {"t.csv": b"T1", "t2.csv": b"T9", "u.yaml": b"U1"}, *recs, _rec("act", "3", "t2.csv")
    )
    assert not _Sources(more).still(fp)


def test_many_ids_of_one_type_are_taken_as_the_type_and_a_file_without_key_saves_nothing():
    recs = [_rec("act", str(i), f"f{i // 100}.csv") for i in range(300)]
    ds = _ds({f"f{i}.csv": bytes([i]) for i in range(3)}, *recs)
    fp = _Sources(ds).fingerprint(_reads(ids={("act", str(i)) for i in range(300)}))
    assert fp is not None and set(fp[0]) == {"act"} and fp[1] == {}
    unknown = _ds({}, _rec("unit", "u1", "a.yaml"))
    assert _Sources(unknown).fingerprint(_reads(ids={("unit", "u1")})) is None
    assert _Sources(unknown).fingerprint(_Reads(every=True)) is None


def _compound(id_: str, file: str, **data) -> Record:
    return Record("compound", id_, data, file, "data", {})


def _fields_fp(ds: Dataset, part) -> tuple:
    result, reads = _recorded(ds, part)
    return result, _Sources(ds).fingerprint(reads)


def test_a_small_type_read_by_fields_is_known_by_those_fields_values_not_its_files():
    a = _compound("a", "a.yaml", name="甲", buildings=["1"])
    b = _compound("b", "b.yaml", name="乙", buildings=["2"])
    ds = _ds({"a.yaml": b"A1", "b.yaml": b"B1"}, a, b)

    def count_buildings(d: Dataset) -> int:
        return sum(len(c.get("buildings") or []) for c in d.of("compound").values())

    result, fp = _fields_fp(ds, count_buildings)
    assert result == 2
    assert fp is not None and fp[1] == {} and list(fp[2]) == ["compound"]
    assert fp[2]["compound"][0] == ("buildings",)
    # The name and the file's bytes changed, the buildings did not: still current.
    renamed = _compound("a", "a.yaml", name="丙", buildings=["1"])
    assert _Sources(_ds({"a.yaml": b"A2", "b.yaml": b"B1"}, renamed, b)).still(fp)
    # A building more, or one compound more (its id is read with the type), is not.
    grown = _compound("a", "a.yaml", name="甲", buildings=["1", "2"])
    assert not _Sources(_ds({"a.yaml": b"A2", "b.yaml": b"B1"}, grown, b)).still(fp)
    c = _compound("c", "c.yaml", buildings=[])
    assert not _Sources(_ds({"a.yaml": b"A1", "b.yaml": b"B1", "c.yaml": b"C"}, a, b, c)).still(fp)
    # A field that is absent is not one that is there and empty.
    emptied = _compound("b", "b.yaml", name="乙", buildings=None)
    missing = _compound("b", "b.yaml", name="乙")
    fp_e = _fields_fp(_ds({"a.yaml": b"A1", "b.yaml": b"B"}, a, emptied), count_buildings)[1]
    assert not _Sources(_ds({"a.yaml": b"A1", "b.yaml": b"B2"}, a, missing)).still(fp_e)
    # The same files: the fields are not even looked at (a record is a function of its file).
    assert _Sources(_ds({"a.yaml": b"A1", "b.yaml": b"B"}, a, missing)).still(fp_e)


def test_a_record_read_whole_or_kept_in_the_result_is_known_by_its_file_again():
    a = _compound("a", "a.yaml", name="甲", buildings=["1"])
    ds = _ds({"a.yaml": b"A1"}, a)
    renamed = _ds({"a.yaml": b"A2"}, _compound("a", "a.yaml", name="丙", buildings=["1"]))
    for part in (
        lambda d: [c.data.get("buildings") for c in d.of("compound").values()],
        lambda d: [c.body for c in d.of("compound").values()],
    ):
        fp = _fields_fp(ds, part)[1]
        assert fp is not None and fp[2] == {} and fp[0] == {"compound": fp[0]["compound"]}
        assert not _Sources(renamed).still(fp)
    # Its place (evidence cites file:line) is read like a field: the same after a rename, not
    # when the record moved down its file.
    fp = _fields_fp(ds, lambda d: [f"{c.file}:{c.line}" for c in d.of("compound").values()])[1]
    assert fp is not None and fp[2]["compound"][0] == ("@file", "@line")
    assert _Sources(renamed).still(fp)
    moved = Record(
        "compound", "a", {"name": "甲", "buildings": ["1"]}, "a.yaml", "data", {}, line=3
    )
    assert not _Sources(_ds({"a.yaml": b"A3"}, moved)).still(fp)
    # A part that keeps the record itself: pickled as the record, and all of it counts.
    memo_dir = Path(tempfile.mkdtemp())
    memo = SavedViewMemo(memo_dir, ds)
    kept = memo.run(ds, "kept", lambda d: (d.get("compound", "a"),))
    assert type(kept[0]) is Record and kept[0].get("name") == "甲"
    assert memo.parts["kept"][0][2] == {}
    assert memo.parts["kept"][0][1] == {("compound", "a"): b"A1"}


def test_a_large_type_is_known_by_its_files_and_its_records_given_as_they_are():
    many = [_compound(str(i), f"f{i % 3}.yaml", name=str(i)) for i in range(SMALL_TYPE + 1)]
    ds = _ds({f"f{i}.yaml": bytes([i]) for i in range(3)}, *many)
    seen: list[type] = []

    def part(d: Dataset) -> int:
        seen.extend(type(c) for c in d.of("compound").values())
        return len(seen)

    fp = _fields_fp(ds, part)[1]
    assert set(seen) == {Record} and fp is not None and fp[2] == {}
