"""The stations directory (level, address, hours, open now data, rooms, activities, 六有) and 核实于 marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baodao.web.build import build

S = "data/qinghe/cuihu/stations/cuihu-zhan.yaml"
C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _build(tiny, tmp_path: Path, as_of: str = "2026-11-23") -> Path:
    out = tmp_path / "public"
    build(tiny.repo(), out, as_of, work=tmp_path / "work")
    return out


@pytest.fixture
def built(tiny, tmp_path):
    return _build(tiny, tmp_path)


def test_the_directory_lists_every_station_by_street_and_community(built):
    html = (built / "s" / "index.html").read_text("utf-8")
    page = _visible(html)
    assert "社区级 1 个" in page and "青禾街道" in page and "翠湖社区" in page
    assert (
        '<a href="cuihu-zhan/">翠湖社区党群服务中心</a> <span class="bd-tag">社区级</span>' in html
    )
    assert "沂河路20号" in page and 'href="tel:09996101000"' in html
    assert "周一至周五 08:30–17:30；周六 09:00–12:00" in page
    assert (
        '<span class="bd-open" data-hours="1-5 08:30-17:30;6 09:00-12:00" data-holidays="closed">'
        in html
    )
    assert '<div id="bd-cal" hidden data-years="2026"' in html and "live.js" in html
    # Every page body is one raw HTML block (no stray paragraph from the front matter).
    for path in built.rglob("index.html"):
        assert '<div class="bd-page"></p>' not in path.read_text("utf-8"), path


def test_a_station_page_has_hours_rooms_activities_events_and_the_six_haves(built):
    html = (built / "s" / "cuihu-zhan" / "index.html").read_text("utf-8")
    page = _visible(html)
    for expected in [
        "社区级党群服务中心 · 面积 450 平方米",
        "地址：沂河路20号",
        "周一至周五 08:30–17:30",
        "周六 09:00–12:00",
        "法定节假日闭馆",
        "党员活动室 （可容纳 40 人） 主题党日、党员学习",
        "四点半课堂",
        "主题党日 每月第一个周五下午 · 面向党员",
        "民情恳谈会 每月 15 日上午 · 面向所有居民",
        "2026-06-13 老旧楼栋水电义诊 · 面向所有居民",
        "2026-10-10 核查：达标 5 / 6 项",
        "✗ 未达标 有议事制度",
        "✓ 达标 有一定面积",
        "核实于 2026-09-01",
    ]:
        assert expected in page, expected
    assert page.count("✓ 达标") == 5 and page.count("✗ 未达标") == 1
    assert 'data-hours="1-5 08:30-17:30;6 09:00-12:00"' in html
    # The station manager's person never appears: a station is reached by its phone.
    assert "p-0" not in html


def test_stations_without_the_new_fields_still_get_a_page(tiny, tmp_path):
    tiny.edit(
        S, lambda d: [d.pop(k) for k in ("public_holidays", "rooms", "activities", "six_haves")]
    )
    out = _build(tiny, tmp_path)
    page = _visible((out / "s" / "cuihu-zhan" / "index.html").read_text("utf-8"))
    assert (
        "节假日开放时间请先电话确认" in page
        and "尚未对照“六有”标准核查" in page
        and "功能室 未登记" in page
    )


def test_an_unknown_six_haves_item_is_a_reference_error(tiny):
    tiny.edit(S, lambda d: d["six_haves"]["met"].append("parking"))
    messages = tiny.messages("REF001")
    assert len(messages) == 1 and "six_haves.met[5]" in messages[0] and "'parking'" in messages[0]


def test_compound_and_community_pages_link_their_station_and_say_when_verified(built):
    html = (built / "x" / "lvjing" / "index.html").read_text("utf-8")
    assert '<a href="../../s/cuihu-zhan/">开放时间、功能室和活动</a>' in html
    page = _visible(html)
    assert "核实于 2026-09-01 · 数据截至 2026-11-23" in page and "未核实" not in page
    community = _visible((built / "c" / "cuihu" / "index.html").read_text("utf-8"))
    assert "核实于 2026-09-01" in community
    unit = _visible((built / "u" / "qh-shuiwu" / "index.html").read_text("utf-8"))
    assert "核实于" in unit


def test_stale_records_are_marked_with_the_rules_threshold(tiny, tmp_path):
    tiny.edit(C, lambda d: d.update(verified_at="2024-06-01"))
    tiny.edit(S, lambda d: d.update(verified_at="2024-06-01"))
    out = _build(tiny, tmp_path)
    page = _visible((out / "x" / "lvjing" / "index.html").read_text("utf-8"))
    assert "本页信息 2024-06-01 以来已超过 365 天未核实，可能已有变化。" in page
    assert "核实于 2024-06-01 已超过 365 天未核实，信息可能已有变化" in page
    station = _visible((out / "s" / "cuihu-zhan" / "index.html").read_text("utf-8"))
    assert "核实于 2024-06-01 已超过 365 天未核实" in station
    assert "待核实" in _visible((out / "s" / "index.html").read_text("utf-8"))


def test_the_threshold_is_data_not_code(tiny, tmp_path):
    tiny.edit(C, lambda d: d.update(verified_at="2024-06-01"))
    tiny.replace(
        "data/rules/validation/2024-01-01.yaml", "stale_after_days: 365", "stale_after_days: 1000"
    )
    out = _build(tiny, tmp_path)
    page = _visible((out / "x" / "lvjing" / "index.html").read_text("utf-8"))
    assert "核实于 2024-06-01" in page and "未核实" not in page
