"""Hierarchy: parent chains end (HIER009); a calendar is the year its file names (FILE002)."""

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


def test_a_calendar_whose_year_is_not_its_file_name_is_named(tiny):
    # The folder check skips records that name neither a street nor a community: a calendar
    # names neither, and its own check must still run.
    tiny.replace("data/calendar/2026.yaml", "year: 2026", "year: 2025")
    assert tiny.messages("FILE002") == [
        "data/calendar/2026.yaml:1: year: 错误 FILE002 year 2025 与文件名 2026.yaml 不一致"
        " / year disagrees with the file name"
    ]
