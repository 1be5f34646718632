"""Every rules type covers its time once: an overlap (RULE002) and a gap (RULE006) are refused
for each of them, with the exact message the editor sees."""

from __future__ import annotations

import pytest

HINT = "\n    修改建议："

# folder → (record type, title, first file's start): written out, not read from the code.
TYPES = {
    "validation": ("rules_validation", "校验规则", "2024-01-01"),
    "registration": ("rules_registration", "报到规则", "2024-01-01"),
    "member-assessment": ("rules_member_assessment", "在职党员考核规则", "2024-01-01"),
    "unit-assessment": ("rules_unit_assessment", "驻区单位考核规则", "2024-01-01"),
    "branch-stars": ("rules_branch_stars", "小区党支部评星定级规则", "2025-01-01"),
    "community-assessment": ("rules_community_assessment", "社区综合考核规则", "2024-01-01"),
    "property-evaluation": ("rules_property_evaluation", "物业服务评议规则", "2025-01-01"),
    "hotline": ("rules_hotline", "12345 热线工单规则", "2025-01-01"),
    "requests": ("rules_requests", "吹哨报到规则", "2024-01-01"),
    "force-index": ("rules_force_index", "“3+1”指数规则", "2024-01-01"),
    "coverage": ("rules_coverage", "组织覆盖规则", "2024-01-01"),
}


def _coverage(tiny) -> list[str]:
    return [m for m in tiny.messages() if " RULE002 " in m or " RULE006 " in m]


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_overlapping_rules_are_refused(tiny, folder):
    _type, title, start = TYPES[folder]
    first = f"data/rules/{folder}/{start}.yaml"
    second = f"data/rules/{folder}/2025-06-01.yaml"
    data = tiny.read(first)
    data["in_force"] = {"from": "2025-06-01", "to": "2025-06-30"}
    tiny.write(second, data)
    assert _coverage(tiny) == [
        f"{second}:2: in_force.from: 错误 RULE002 {title}的生效期与 {first} 重叠 / rules overlap with {first}"
        f"{HINT}给 {first} 写上 in_force.to（早于 2025-06-01）"
    ]


@pytest.mark.parametrize("folder", sorted(TYPES))
def test_a_gap_between_rules_files_is_refused(tiny, folder):
    type_name, title, start = TYPES[folder]
    year = int(start[:4])
    first = f"data/rules/{folder}/{start}.yaml"
    second = f"data/rules/{folder}/{year + 1}-03-01.yaml"
    data = tiny.read(first)
    end = data["in_force"].get("to")
    tiny.edit(first, lambda d: d["in_force"].update(to=f"{year}-12-31"))
    data["in_force"] = {"from": f"{year + 1}-03-01", **({"to": end} if end else {})}
    tiny.write(second, data)
    assert _coverage(tiny) == [
        f"{first}:3: in_force.to: 错误 RULE006 {title}在 {year + 1}-01-01 至 {year + 1}-02-28 没有生效的规则文件"
        f"（{first} 到 {year}-12-31 为止，{second} 从 {year + 1}-03-01 起） / no {type_name} rules in force from"
        f" {year + 1}-01-01 to the day before {year + 1}-03-01"
        f"{HINT}把 {first} 的 in_force.to 改为 {year + 1}-02-28，或添加一份覆盖这段时间的规则文件"
    ]


def test_rules_ending_before_the_as_of_date_leave_a_gap(tiny):
    first = "data/rules/unit-assessment/2024-01-01.yaml"
    tiny.edit(first, lambda d: d["in_force"].update(to="2025-12-31"))
    assert _coverage(tiny) == [
        f"{first}:3: in_force.to: 错误 RULE006 驻区单位考核规则在 2026-01-01 以后没有生效的规则文件（{first} 到 2025-12-31 为止）"
        f" / no rules_unit_assessment rules in force after 2025-12-31"
        f"{HINT}添加一份从 2026-01-01 起生效的规则文件，或删去 {first} 的 in_force.to"
    ]


def test_an_overlap_with_a_long_earlier_file_is_found_past_a_shorter_one(tiny):
    """2024-01-01 (open-ended) covers both later files: each later one overlaps it."""
    first = "data/rules/hotline/2025-01-01.yaml"
    data = tiny.read(first)
    for start, end in (("2025-03-01", "2025-03-31"), ("2025-05-01", "2025-05-31")):
        tiny.write(
            f"data/rules/hotline/{start}.yaml", {**data, "in_force": {"from": start, "to": end}}
        )
    assert [m.split(" / ")[0] for m in _coverage(tiny)] == [
        f"data/rules/hotline/2025-03-01.yaml:2: in_force.from: 错误 RULE002 12345 热线工单规则的生效期与 {first} 重叠",
        f"data/rules/hotline/2025-05-01.yaml:2: in_force.from: 错误 RULE002 12345 热线工单规则的生效期与 {first} 重叠",
    ]
