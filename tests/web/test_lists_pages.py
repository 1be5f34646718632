"""Report-in status and the three lists on the site, without exposing any member."""

from __future__ import annotations

import re

import pytest

from baodao.web.build import build


def _visible(path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text("utf-8")))


@pytest.fixture
def site(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def test_community_page_shows_report_in_status_and_lists(site):
    page = _visible(site / "c" / "cuihu" / "index.html")
    assert "2026 年双报到" in page
    assert "驻区单位已报到 1 个；在职党员报到 少于 5 名" in page
    assert "青禾区水务局 2026-03-10" in page
    assert (
        "长乐里楼道照明维修 已对接" in page
        and "设施维修 · 长乐里 · 2026-04-01 · 较急；长乐里" in page
    )
    assert "已满足 0 / 提出 1 项（0%）" in page
    assert (
        "水电维修志愿服务" in page
        and "长乐里楼道照明共建 实施中" in page
        and "契约化共建项目" in page
    )
    assert "一台助听器 待认领" in page
    assert "翠湖水电志愿队" in page and "队员 8 人" in page
    assert "老旧楼栋水电义诊 所有居民" in page


def test_micro_wish_never_shows_the_household(site):
    for page in site.rglob("*.html"):
        assert "独居老人" not in page.read_text("utf-8"), page


def test_concurrent_member_shows_unit_and_duties(site):
    page = _visible(site / "c" / "cuihu" / "index.html")
    assert "兼职委员（青禾区水务局，共建项目跟办员、资源共享促进员） 郑华" in page


def test_unit_page_counts_members_without_naming_them(site):
    page = _visible(site / "u" / "qh-shuiwu" / "index.html")
    assert "2026 年：向 翠湖社区 报到（2026-03-10）" in page
    assert "本单位在职党员在居住地社区报到：少于 5 名（单位党员 45 名）" in page
    assert "水电维修志愿服务" in page and "长乐里楼道照明共建" in page
    assert "吴刚" not in page and "周明" not in page


def test_a_unit_that_did_not_report_is_listed(tiny, tmp_path):
    tiny.path("data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml").unlink()
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    page = _visible(out / "c" / "cuihu" / "index.html")
    assert "驻区单位已报到 0 个，未报到 1 个" in page and "尚未报到： 青禾区水务局" in page
    assert "尚无报到记录" in _visible(out / "u" / "qh-shuiwu" / "index.html")


def test_street_concurrent_members_on_the_organisation_page(site):
    page = _visible(site / "org" / "index.html")
    assert (
        "兼职委员（青禾区水务局，辖区工作参议员、社情民意收集员） 王建国 岗位电话 0999-6102003"
        in page
    )
