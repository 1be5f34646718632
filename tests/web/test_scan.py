"""The build's scan reads every output file: compressed ones and Pagefind's index included."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from baodao.web.scan import scan

ID = "11010519491231002X"  # GB 11643's worked example; check digit by hand


def test_gzip_sitemaps_and_pagefind_fragments_are_read(tiny, tmp_path):
    site = tmp_path / "public"
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(f"<url>{ID}</url>".encode()))
    fragment = json.dumps({"content": "负责人孙秀英同志，电话 139 1234 5678"}, ensure_ascii=False)
    (site / "pagefind" / "fragment" / "zh_1a2b.pf_fragment").write_bytes(
        gzip.compress(b"pagefind_dcd" + fragment.encode("utf-8"))
    )
    (site / "logo.png").write_bytes(b"\x89PNG 13912345678")  # images are not text
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    found = sorted(lk.format() for lk in scan(site, ds, schemas, frozenset(), frozenset()))
    assert found == [
        "pagefind/fragment/zh_1a2b.pf_fragment:1: 错误 LEAK001 未公开的手机号 139******78 出现在公开网站中 / private value in public output",
        "pagefind/fragment/zh_1a2b.pf_fragment:1: 错误 LEAK001 未同意公开的姓名 孙** 出现在公开网站中 / private value in public output",
        "sitemap.xml.gz:1: 错误 LEAK001 身份证号 110*************2X 出现在公开网站中 / private value in public output",
    ]


MSG = "错误 LEAK001 {} 出现在公开网站中 / private value in public output"


def _scan(tiny, site, **kw) -> list[str]:
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    return [lk.format() for lk in scan(site, ds, schemas, frozenset(), frozenset(), **kw)]


def test_a_line_shared_by_many_pages_is_reported_on_each(tiny, tmp_path):
    # The scan reads each distinct line once (the navigation repeats on every page): a leak in
    # a shared line is still reported in every file and at each file's own line.
    site = tmp_path / "public"
    site.mkdir()
    nav = "<nav>联系人孙秀英 139-1234-5678</nav>"
    (site / "a.html").write_text(f"<html>\n{nav}\n<p>一</p>\n", encoding="utf-8")
    (site / "b.html").write_text(f"<html>\n<p>二</p>\n<p>三</p>\n{nav}\n{nav}\n", encoding="utf-8")
    (site / "c.html").write_text("<html>\n<p>没有</p>\n", encoding="utf-8")
    mobile, name = MSG.format("未公开的手机号 139******78"), MSG.format("未同意公开的姓名 孙**")
    assert _scan(tiny, site) == [
        f"a.html:2: {mobile}",
        f"a.html:2: {name}",
        f"b.html:4: {mobile}",
        f"b.html:5: {mobile}",
        f"b.html:4: {name}",
        f"b.html:5: {name}",
    ]


def test_long_lines_tokens_and_line_breaks(tiny, tmp_path):
    site = tmp_path / "public"
    site.mkdir()
    long_line = "x" * 5000 + " CANARY-NOTE-7Q3Z " + "一" * 10  # longer than the lines remembered
    for name in ("1.json", "2.json"):
        (site / name).write_text(long_line, encoding="utf-8")
    # A marking word on the line before does not make 周明 (two characters) a name; beside it,
    # on one line, it does. Line breaks end a number too: 139 / 1234 / 5678 on three lines.
    (site / "d.html").write_text("负责人\n周明\n139\n1234\n5678\n负责人周明\n", encoding="utf-8")
    assert _scan(tiny, site) == [
        f"1.json: {MSG.format('内部备注 C***************')}",
        f"2.json: {MSG.format('内部备注 C***************')}",
        f"d.html:6: {MSG.format('未同意公开的姓名 周*')}",
    ]


def test_only_the_files_asked_for_are_scanned(tiny, tmp_path):
    # An incremental build scans the files it wrote: absolute or relative to the site.
    site = tmp_path / "public"
    (site / "sub").mkdir(parents=True)
    for rel in ("a.html", "sub/b.html", "sub/c.html"):
        (site / rel).write_text(f"<p>{ID}</p>", encoding="utf-8")
    leak = MSG.format("身份证号 110*************2X")
    assert _scan(tiny, site, files=[site / "sub" / "b.html", Path("a.html")]) == [
        f"a.html:1: {leak}",
        f"sub/b.html:1: {leak}",
    ]
    assert _scan(tiny, site, files=[]) == []
    assert len(_scan(tiny, site)) == 3


def test_a_name_in_latin_letters_is_found_on_an_ascii_line(tiny, tmp_path):
    # Lines of ASCII alone are skipped for Chinese names only: a registry name in Latin letters
    # is searched on them too (a page of Chinese text with an ASCII line, and an ASCII file).
    people = tiny.path("private/people/qinghe.csv")
    people.write_text(people.read_text("utf-8") + "p-0009,Anna Lee,cuihu,false,false,,,\n", "utf-8")
    site = tmp_path / "public"
    site.mkdir()
    (site / "a.html").write_text("<p>翠湖社区</p>\n<p>Contact: Anna Lee</p>\n", encoding="utf-8")
    (site / "b.json").write_text('{"who": "Anna Lee"}', encoding="utf-8")
    name = MSG.format("未同意公开的姓名 A*******")
    assert _scan(tiny, site) == [f"a.html:2: {name}", f"b.json:1: {name}"]


# The needles (private tokens the scan looks for), from a dataset made by hand: person ids
# first, then the tokens of private notes, then of public records' internal fields, each of
# six characters or more, type by type in name order; a token keeps what it was first found as.


def _needles_dataset(unit_note: str, tmp_path: Path):
    from types import MappingProxyType

    from baodao.records.dataset import Dataset, Record
    from baodao.records.layout import PRIVATE, PUBLIC

    recs = [
        Record(
            "activity", "a1", {"note": "活动记录里的私人备注内容"}, "private/a.csv", PRIVATE, {}
        ),
        Record(
            "person",
            "p-0001",
            {"name": "王一", "note": "请勿公开 ZX9Q7W3K 居委会备注信息"},
            "private/people.csv",
            PRIVATE,
            {},
        ),
        Record("unit", "u1", {"id": "u1", "note": unit_note}, "data/units/u1.yaml", PUBLIC, {}),
        Record("unit", "u2", {"id": "u2", "note": "ZX9Q7W3K"}, "data/units/u2.yaml", PUBLIC, {}),
    ]
    by_type: dict = {}
    for rec in recs:
        by_type.setdefault(rec.type, {})[rec.id] = rec
    sources = {rec.file: rec.file.encode() + unit_note.encode() * (rec.id == "u1") for rec in recs}
    ds = Dataset.of_types(tmp_path, None, by_type)
    return Dataset(
        ds.root, None, ds.records, ds.broken, ds.strays, sources=MappingProxyType(sources)
    )


EXPECTED_NEEDLES = [
    ("p-0001", "人员编号"),
    ("活动记录里的私人备注内容", "内部备注"),
    ("ZX9Q7W3K", "内部备注"),
    ("居委会备注信息", "内部备注"),
    ("内部联系渠道专用", "内部字段"),
    ("QQ12345678", "内部字段"),
]


def test_needles_in_order_and_the_same_through_saved_parts(tmp_path, monkeypatch):
    from baodao.records.schemas import SchemaSet
    from baodao.repo import CODE_ROOT
    from baodao.web import scan as scan_module
    from baodao.web.viewmemo import SavedViewMemo

    schemas = SchemaSet.load(CODE_ROOT / "schemas")
    ds = _needles_dataset("内部联系渠道专用 QQ12345678", tmp_path)
    assert list(scan_module.needles(ds, schemas).items()) == EXPECTED_NEEDLES
    saved = SavedViewMemo(tmp_path / "cache", ds)
    assert list(scan_module.needles(ds, schemas, saved.run).items()) == EXPECTED_NEEDLES
    saved.save()
    # The unit's file changed: its type is gone through again, the others are taken as kept.
    gone_through: list[str] = []
    real = scan_module._type_needles

    def counted(ds, name, schemas):
        gone_through.append(name)
        return real(ds, name, schemas)

    monkeypatch.setattr(scan_module, "_type_needles", counted)
    edited = _needles_dataset("新的内部备注文字 RR87654321", tmp_path)
    again = SavedViewMemo(tmp_path / "cache", edited)
    found = list(scan_module.needles(edited, schemas, again.run).items())
    assert gone_through == ["unit"]
    assert found == [
        *EXPECTED_NEEDLES[:4],
        ("新的内部备注文字", "内部字段"),
        ("RR87654321", "内部字段"),
    ]
