"""Hierarchy: parent chains end (HIER009)."""

from __future__ import annotations


def _grid(tiny, gid: str, number: int, parent: str) -> None:
    tiny.write(
        f"data/qinghe/cuihu/grids/{gid}.yaml",
        f"id: {gid}\nname: 翠湖社区微网格{number}\ncommunity: cuihu\nkind: micro\n"
        f"number: {number}\nparent: {parent}\nposts:\n  - id: worker-1\n    role: grid-worker-part\n"
        "    vacant_since: 2026-06-01\nverified_at: 2026-09-01\n",
    )


def test_grid_that_is_its_own_parent(tiny):
    tiny.replace(
        "data/qinghe/cuihu/grids/cuihu-g01.yaml", "kind: grid", "kind: grid\nparent: cuihu-g01"
    )
    assert tiny.messages() == [
        "data/qinghe/cuihu/grids/cuihu-g01.yaml:5: parent: 错误 HIER009 上级（parent）是它自己"
        " / parent is the record itself\n    修改建议：上级须是更大的一级：改正其中一条记录的上级，或删去该字段"
    ]


def test_grid_parents_in_a_cycle_reported_once_at_the_first_id(tiny):
    # c → a → b → c, and d hangs below the cycle (its chain never ends either, but the cycle is
    # the one thing to fix).
    _grid(tiny, "cuihu-m03", 3, "cuihu-m01")
    _grid(tiny, "cuihu-m01", 1, "cuihu-m02")
    _grid(tiny, "cuihu-m02", 2, "cuihu-m03")
    _grid(tiny, "cuihu-m04", 4, "cuihu-m02")
    assert tiny.messages() == [
        "data/qinghe/cuihu/grids/cuihu-m01.yaml:6: parent: 错误 HIER009 上级（parent）形成循环："
        "cuihu-m01 → cuihu-m02 → cuihu-m03 → cuihu-m01 / parent chain is a cycle: "
        "cuihu-m01 → cuihu-m02 → cuihu-m03 → cuihu-m01"
        "\n    修改建议：上级须是更大的一级：改正其中一条记录的上级，或删去该字段"
    ]


def test_a_chain_that_ends_is_fine(tiny):
    _grid(tiny, "cuihu-m01", 1, "cuihu-g01")
    _grid(tiny, "cuihu-m02", 2, "cuihu-m01")
    assert tiny.messages() == []
