"""A record of the wrong shape never shows the editor a traceback (SCH010): the check it
breaks says it could not finish, and every other problem is still reported."""

from __future__ import annotations

import datetime as dt
import types

import pytest

from baodao.checks import run_checks
from baodao.problems import ERROR, Problem, fold_causes

C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _buildings_as_a_number(tiny) -> None:
    text = tiny.path(C).read_text("utf-8")
    start = text.index("buildings:\n")
    end = text.index("\n", text.index("\n", start) + 1)
    rest = text[end + 1 :].split("\n")
    while rest and (rest[0].startswith(" ") or rest[0] == ""):
        rest.pop(0)  # the buildings' list items
    tiny.write(C, text[:start] + "buildings: 5\n" + "\n".join(rest))


def test_a_number_where_the_buildings_list_goes(tiny):
    """Found by the fuzz test: a branch's central household names this compound, and the
    hierarchy check iterated the number (TypeError)."""
    _buildings_as_a_number(tiny)
    messages = tiny.messages()
    assert (
        f"{C}:16: buildings: 错误 SCH010 有记录的格式不对（见 SCH 错误），“hierarchy”检查未能完成"
        "（TypeError） / the hierarchy check could not finish on records of the wrong shape\n"
        "    修改建议：先按 SCH 错误改正记录的格式，再运行 baodao validate：这项检查的问题随后才能列出"
    ) in messages
    assert any(
        m.startswith(f"{C}:16: buildings: 错误 SCH003 楼栋应为列表，实际是整数 5") for m in messages
    )


def _broken(_ctx):
    raise KeyError("a bug")
    yield  # pragma: no cover - a generator, as the checks are


def test_a_check_that_breaks_on_well_formed_records_is_a_bug_and_raises(tiny):
    from baodao.assess.validation import validate

    ds, schemas, problems = validate(tiny.repo(), dt.date(2026, 11, 23))
    assert not [p for p in problems if p.code.startswith("SCH")]
    module = types.SimpleNamespace(__name__="baodao.checks.broken", check=_broken)
    with pytest.raises(KeyError, match="a bug"):
        run_checks(ds, schemas, dt.date(2026, 11, 23), (module,))


def test_a_problem_without_a_file_folds_nothing_under_itself():
    """fold_causes once took "" (no cause) for the cause of every problem."""
    general = Problem("", 0, "", "RULE001", ERROR, "没有规则")
    own = Problem("data/a.yaml", 3, "name", "SCH001", ERROR, "缺少必填字段")
    assert fold_causes([general, own]) == [general, own]
