"""The first site: who serves each building, escaping, privacy scan, reproducibility."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from baodao.web import build as build_module
from baodao.web.build import BuildRefused, build
from baodao.web.scan import external_loads, scan

C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _text(path: Path) -> str:
    return path.read_text("utf-8")


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def built(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def test_compound_page_shows_who_serves_each_building(built):
    page = _visible(_text(built / "x" / "lvjing" / "index.html"))
    # Building 3栋: branch and its secretary, building group and leader role, grid worker, station.
    for expected in [
        "3栋",
        "绿景花园联合党支部",
        "书记 赵长安",
        "3号楼党小组",
        "党小组长 （姓名未公开）",
        "翠湖社区第一网格",
        "专职网格员 李娜 本人电话 13900002222",
        "兼职网格员 空缺（自 2026-06-01）",
        "翠湖社区党群服务中心",
        "0999-6101000",
        "周一至周五 08:30–17:30",
    ]:
        assert expected in page, expected
    # The old name and alias are on the page so a resident can find it by them.
    assert "曾用名 化肥厂宿舍" in page and "又名 绿景" in page


def test_phones_are_tel_links(built):
    html = _text(built / "x" / "lvjing" / "index.html")
    assert '<a class="bd-tel" href="tel:09996101000">0999-6101000</a>' in html


def test_names_without_consent_never_appear(built):
    for page in built.rglob("*.html"):
        text = _text(page)
        assert "金丝雀甲" not in text and "孙秀英" not in text and "p-0004" not in text, page


def test_every_compound_and_community_reachable_from_index_pages(built):
    index = _text(built / "x" / "index.html")
    assert 'href="../x/lvjing/"' in index or 'href="lvjing/"' in index
    assert 'href="changle/"' in index or 'href="../x/changle/"' in index
    org = _text(built / "org" / "index.html")
    assert 'href="../c/cuihu/"' in org


def test_nav_lists_only_index_pages(built):
    html = _text(built / "index.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "lvjing" not in nav and "/c/" not in nav


def test_record_text_is_escaped_everywhere(tiny, tmp_path):
    evil = "</title><script>alert(1)</script>绿景"
    tiny.edit(C, lambda d: d.update(name=evil, aliases=["<img src=x onerror=alert(2)>"]))
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    for page in out.rglob("*.html"):
        text = _text(page)
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
    html = _text(out / "x" / "lvjing" / "index.html")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;绿景（翠湖社区） - " in html
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;绿景</h1>" in html


def test_refuses_to_build_on_validation_errors(tiny, tmp_path):
    tiny.replace(C, "grid: cuihu-g01", "grid: cuihu-g99")
    out = tmp_path / "public"
    with pytest.raises(BuildRefused) as exc:
        build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert str(exc.value) == "有 1 个错误，不生成网站；先运行 baodao validate 修正"
    assert exc.value.problems[0].code == "REF001"
    assert not out.exists()


def test_scan_finds_planted_canaries(tiny, built):
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    assert (
        scan(built, ds, schemas, frozenset({"13900002222", "13800001111"}), frozenset({"李娜"}))
        == []
    )
    leak = built / "x" / "leak.html"
    leak.write_text(
        "<p>楼长：金丝雀甲</p><p>CANARY-NOTE-7Q3Z</p><p>p-0004</p><p>13712345678</p>"
        "<p>11010519491231002X</p>\n<p>负责人金丝雀甲同志</p>",
        encoding="utf-8",
    )
    found = sorted(
        lk.format()
        for lk in scan(built, ds, schemas, frozenset({"13900002222"}), frozenset({"李娜"}))
    )
    assert found == [
        "x/leak.html: 错误 LEAK001 人员编号 p***** 出现在公开网站中 / private value in public output",
        "x/leak.html: 错误 LEAK001 内部备注 C*************** 出现在公开网站中 / private value in public output",
        "x/leak.html:1: 错误 LEAK001 未公开的手机号 137******78 出现在公开网站中 / private value in public output",
        "x/leak.html:1: 错误 LEAK001 未同意公开的姓名 金*** 出现在公开网站中 / private value in public output",
        "x/leak.html:1: 错误 LEAK001 身份证号 110*************2X 出现在公开网站中 / private value in public output",
        "x/leak.html:2: 错误 LEAK001 未同意公开的姓名 金*** 出现在公开网站中 / private value in public output",
    ]


def test_a_leaking_renderer_fails_the_build_and_removes_the_output(tiny, tmp_path, monkeypatch):
    real = build_module.write_pages

    def leaky(view, docs, *memo):
        n = real(view, docs, *memo)
        (docs / "oops.md").write_text("# 名单\n\n金丝雀甲\n", encoding="utf-8")
        return n

    monkeypatch.setattr(build_module, "write_pages", leaky)
    out = tmp_path / "public"
    with pytest.raises(BuildRefused) as exc:
        build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert [lk.kind for lk in exc.value.leaks] == ["未同意公开的姓名"]
    assert not out.exists()


def test_nothing_is_loaded_from_another_host(built):
    assert external_loads(built) == []
    (built / "bad.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">', encoding="utf-8"
    )
    assert [lk.kind for lk in external_loads(built)] == ["外部资源"]


def test_the_build_scan_reports_a_page_loading_from_another_host(tiny, built):
    """The build's one scan reports external loads from the text it reads for privacy (the
    build no longer runs external_loads as a second pass)."""
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    (built / "bad.html").write_text(
        '<script src="//cdn.example.com/a.js"></script>', encoding="utf-8"
    )
    leaks = scan(built, ds, schemas, frozenset({"13900002222", "13800001111"}), frozenset({"李娜"}))
    assert [(lk.file, lk.kind, lk.value) for lk in leaks] == [
        ("bad.html", "外部资源", '<script src="//')
    ]


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_two_builds_of_one_commit_are_identical(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build(tiny.repo(), tmp_path / "a", None, work=tmp_path / "w1")
    build(tiny.repo(), tmp_path / "b", None, work=tmp_path / "w2")
    assert _tree_hash(tmp_path / "a") == _tree_hash(tmp_path / "b")


def test_internal_fields_of_public_records_never_reach_the_site(tiny, tmp_path, monkeypatch):
    tiny.edit(C, lambda d: d.update(note="INTERNAL-CANARY-41 住户反映三单元楼道灯长期损坏"))
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert not [p for p in out.rglob("*.html") if "INTERNAL-CANARY-41" in p.read_text("utf-8")]
    # …and the scan would have caught it.
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    (out / "leak.html").write_text("<p>INTERNAL-CANARY-41</p>", encoding="utf-8")
    leaks = scan(out, ds, schemas, frozenset(), frozenset())
    assert [lk.kind for lk in leaks if lk.file == "leak.html"] == ["内部字段"]


def test_public_only_build_shows_roles_without_names(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(private=False), out, "2026-11-23", work=tmp_path / "work")
    page = _visible(_text(out / "x" / "lvjing" / "index.html"))
    assert "书记 （姓名未公开）" in page and "赵长安" not in page and "李娜" not in page
    # Without the registry no personal phone is known: the post's work phone stands in.
    assert "专职网格员 （姓名未公开） 岗位电话 13800001111" in page


def test_site_title_from_the_district_record_is_escaped(tiny, tmp_path):
    tiny.edit(
        "data/district.yaml", lambda d: d["site"].update(title="青禾<script>alert(3)</script>")
    )
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    for page in out.rglob("*.html"):
        assert "<script>alert(3)" not in _text(page), page
    assert "青禾&lt;script&gt;alert(3)&lt;/script&gt;" in _text(out / "index.html")
