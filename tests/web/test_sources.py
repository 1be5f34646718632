"""A score's records in words and as links: expected labels and pages written out by hand."""

from __future__ import annotations

from baodao.web.sources import Source, source, sources


def test_each_kind_of_record_has_a_label_and_its_page():
    cases = {
        "data/qing-he/cui-hu/registrations/2026-bai-sheng.yaml:1": Source(
            "报到登记（2026 年）", "u/bai-sheng.md"
        ),
        "data/qing-he/cui-hu/unit-reports/2026-bai-sheng.yaml:1": Source(
            "履责报告（2026 年）", "u/bai-sheng.md"
        ),
        "data/qing-he/cui-hu/evaluations/2026-bai-sheng.yaml:3": Source(
            "社区评价（2026 年）", "u/bai-sheng.md"
        ),
        "data/qing-he/cui-hu/lists/events/e-1.yaml:1": Source("活动记录", "c/cui-hu.md", "#events"),
        "data/qing-he/cui-hu/compounds/lv-jing.yaml:1": Source("小区信息", "x/lv-jing.md"),
        "data/qing-he/cui-hu/stations/cui-hu-zhan.yaml:1": Source("服务站信息", "s/cui-hu-zhan.md"),
        "data/dong-qu/bin-he/branch-reviews/2025h2.yaml:10": Source(
            "2025年下半年支部评议", "c/bin-he.md"
        ),
        "data/qing-he/cui-hu/property-evaluations/2025q3.yaml:8": Source(
            "2025年第三季度物业服务评议", "c/cui-hu.md"
        ),
        "data/evaluations/community/zuzhibu/2024h1.yaml:13": Source(
            "2024年上半年社区考核评分（区委组织部）", None
        ),
        "data/hotline/2026.csv:208": Source("2026年 12345 工单记录", None),
        "data/units/shui-wu-ju.yaml:1": Source("单位信息", "u/shui-wu-ju.md"),
    }
    assert {path: source(path) for path in cases} == cases
    assert source(
        "data/evaluations/community/dong-qu/2024h1.yaml:7", {"dong-qu": "东渠街道"}
    ) == Source("2024年上半年社区考核评分（东渠街道）", None)


def test_sources_are_grouped_with_a_count():
    ev = [
        "data/hotline/2026.csv:1",
        "data/qing-he/cui-hu/lists/events/a.yaml:1",
        "data/hotline/2026.csv:9",
        "data/qing-he/cui-hu/lists/events/b.yaml:1",
    ]
    assert sources(ev) == [
        Source("2026年 12345 工单记录", None, "", 2),
        Source("活动记录", "c/cui-hu.md", "#events", 2),
    ]
