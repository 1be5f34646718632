"""The matcher on small hand-made cases: ranking, ties, capacity, no match, explanations."""

from __future__ import annotations

import datetime as dt

from baodao.assess.matching import match_rate, propose

AS_OF = dt.date(2026, 11, 23)
N = "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml"
R = "data/qinghe/cuihu/lists/resources/cuihu-r01.yaml"


def _ds(tiny):
    return tiny.repo().load_and_check(AS_OF)[0]


def _open_need(tiny):
    tiny.replace(N, "  - {date: 2026-04-20, status: matched}\n", "")


def _resource(tiny, rid, **changes):
    data = tiny.read(R) | {"id": rid} | changes
    tiny.write(f"data/qinghe/cuihu/lists/resources/{rid}.yaml", data)


def test_matched_needs_are_not_proposed_again(tiny):
    assert propose(_ds(tiny), AS_OF) == []


def test_a_resource_serving_the_category_is_proposed_with_its_reasons(tiny):
    _open_need(tiny)
    (p,) = propose(_ds(tiny), AS_OF)
    assert (p.need, p.resource, p.score) == ("cuihu-n01", "cuihu-r01", 5.0)
    assert p.reasons == ("可服务「设施维修」类需求", "同一社区", "数量足够（可提供 12次，需要 4）")


def test_capacity_ranks_and_ties_go_to_the_resource_id(tiny):
    _open_need(tiny)
    _resource(tiny, "cuihu-r03", capacity=2)
    _resource(tiny, "cuihu-r02")
    got = [(p.resource, p.score) for p in propose(_ds(tiny), AS_OF)]
    assert got == [("cuihu-r01", 5.0), ("cuihu-r02", 5.0), ("cuihu-r03", 4.0)]
    partial = propose(_ds(tiny), AS_OF)[2]
    assert "只能部分满足（可提供 2次，需要 4）" in partial.reasons


def test_no_match_when_no_resource_serves_the_category_or_is_available(tiny):
    _open_need(tiny)
    tiny.edit(R, lambda d: d.update(serves=["legal"]))
    assert propose(_ds(tiny), AS_OF) == []
    tiny.edit(
        R,
        lambda d: d.update(
            serves=["facilities"], available={"from": "2026-01-01", "to": "2026-06-30"}
        ),
    )
    assert propose(_ds(tiny), AS_OF) == []


def test_deterministic(tiny):
    _open_need(tiny)
    _resource(tiny, "cuihu-r02")
    assert propose(_ds(tiny), AS_OF) == propose(_ds(tiny), AS_OF)


def test_match_rate_counts_met_over_raised(tiny):
    assert match_rate(_ds(tiny), "cuihu") == (0, 1)
    tiny.replace(
        N, "  - {date: 2026-04-20, status: matched}\n", "  - {date: 2026-04-20, status: met}\n"
    )
    assert match_rate(_ds(tiny), "cuihu") == (1, 1)


def test_match_command_explains_each_proposal(tiny):
    from click.testing import CliRunner

    from baodao.cli import main
    from baodao.repo import CODE_SCHEMAS

    _open_need(tiny)
    args = [
        "--root",
        str(tiny.root),
        "--schemas",
        str(CODE_SCHEMAS),
        "match",
        "--as-of",
        "2026-11-23",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "需求 cuihu-n01 长乐里楼道照明维修（cuihu）",
        "   5.0  cuihu-r01 水电维修志愿服务：可服务「设施维修」类需求；同一社区；数量足够（可提供 12次，需要 4）",
    ]
