"""Dashboards (一屏知全域) from the tiny fixture: a heading above each chart, periods in words,
no card that reads a bare "—", the data file linked in words."""

from __future__ import annotations

import re

from baodao.web.build import build
from baodao.web.ratingsview import period_zh


def test_period_names_in_words():
    assert [period_zh(p) for p in ("2026", "2026H1", "2025H2", "2026Q3")] == [
        "2026 年",
        "2026 年上半年",
        "2025 年下半年",
        "2026 年第三季度",
    ]


def test_dashboard_headings_cards_and_data_link(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    page = (out / "dash" / "index.html").read_text("utf-8")
    assert re.findall(r'<h3 id="chart-\d+">([^<]*)</h3>', page) == [
        "党组织覆盖（%）",
        "驻区单位考核等级（2026 年）",
        "各街道吹哨报到按时办结率（%）",
        "各街道 12345 工单（件）",
    ]
    # The force index withheld (cells under 5) says so in words, not "—".
    assert (
        '<span class="bd-card-label">“3+1”力量指数</span> <b class="bd-card-value">不计算</b> '
        '<span class="bd-sub">有指标涉及不足 5 人，不公开，也不计算指数；可用力量'
    ) in page
    assert 'bd-card-value">—<' not in page
    assert ">下载本页数据（JSON 格式）</a>" in page
    assert not re.search(r"20\d\d[HQ]\d", re.sub(r'href="[^"]*"|id="[^"]*"', "", page))
