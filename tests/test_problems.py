"""Root cause first: what follows from one error is counted under it; output ends with counts."""

from __future__ import annotations

from baodao.problems import ERROR, WARNING, Problem, fold_causes, render_text

PEOPLE = "private/people/qinghe.csv"


def test_one_gbk_line_in_the_person_registry_is_one_error(tiny):
    # The registry is UTF-8 except its last line (pasted from a GBK file). Everything that names a
    # person follows from it: 8 post holders and central households in data/, 3 activity rows
    # and 2 report-ins in private/ (counted by hand from the fixture).
    text = tiny.path(PEOPLE).read_text("utf-8")
    *head, last = text.splitlines(True)
    assert last.startswith("p-0008,郑华,")
    tiny.path(PEOPLE).write_bytes("".join(head).encode("utf-8") + last.encode("gbk"))
    assert tiny.messages() == [
        f"{PEOPLE}:9: 错误 CSV002 第 9 行是 GBK/GB18030 编码，不是 UTF-8（其余各行是 UTF-8）"
        " / line 9 is GBK/GB18030-encoded, not UTF-8 (other lines are UTF-8)"
        "\n    修改建议：这一行多半是从别的文件粘贴来的：在 UTF-8 编辑器中重新输入这一行，或整个文件另存为 CSV UTF-8"
        "\n    另有 13 个问题由此引起，先修正上面这一处 / 13 more problems follow from this one: fix it first"
    ]


def test_several_gbk_lines_are_counted(tiny):
    text = tiny.path(PEOPLE).read_text("utf-8")
    lines = text.splitlines(True)
    raw = b"".join(line.encode("gbk" if i in (3, 5) else "utf-8") for i, line in enumerate(lines))
    tiny.path(PEOPLE).write_bytes(raw)
    (msg,) = [m for m in tiny.messages() if "CSV002" in m]
    assert msg.startswith(
        f"{PEOPLE}:4: 错误 CSV002 第 4 行等 2 行是 GBK/GB18030 编码，不是 UTF-8（其余各行是 UTF-8）"
        " / line 4 and 1 more lines: GBK/GB18030-encoded, not UTF-8 (other lines are UTF-8)"
    )


def test_a_bad_date_does_not_also_raise_serv001(tiny):
    rel = "data/qinghe/cuihu/compounds/lvjing.yaml"
    tiny.replace(rel, "      - from: 2024-01-01", "      - from: 2024-13-01")
    assert tiny.messages() == [
        f"{rel}:20: buildings[0].serve[0].from: 错误 SCH005 '2024-13-01' 不是有效日期（生效日期）"
        " / '2024-13-01' is not a valid date\n    修改建议：应写成 YYYY-MM-DD，例如 2026-03-31"
    ]


def test_changing_a_branch_id_only_is_one_error(tiny):
    rel = "data/qinghe/cuihu/branches/lvjing-zb.yaml"
    tiny.replace(rel, "id: lvjing-zb", "id: lvjing-zb2")
    (msg,) = tiny.messages()
    assert msg.startswith(
        f"{rel}:1: id: 错误 FILE002 编号 'lvjing-zb2' 与文件名 'lvjing-zb' 不一致"
    )
    assert "另有 " in msg and "REF001" not in msg and "HIER003" not in msg


def _p(file: str, line: int, code: str, cause: str = "", severity: str = ERROR) -> Problem:
    return Problem(file, line, "", code, severity, "说明", "text", "", cause)


def test_fold_counts_under_the_first_error_of_the_cause_file():
    folded = fold_causes(
        [
            _p("b.csv", 3, "REF001", cause="a.csv"),
            _p("a.csv", 9, "CSV002"),
            _p("c.yaml", 1, "REF001", cause="a.csv"),
            _p("a.csv", 12, "SCH005"),
            _p("d.yaml", 1, "REF001", cause="z.yaml"),  # no error of its own there: kept
        ]
    )
    assert [(p.file, p.line, p.code, p.folded) for p in folded] == [
        ("a.csv", 9, "CSV002", 2),
        ("a.csv", 12, "SCH005", 0),
        ("d.yaml", 1, "REF001", 0),
    ]


def test_render_ends_with_counts_by_code_then_totals():
    text = render_text(
        [
            _p("a", 1, "REF001"),
            _p("b", 1, "REF001"),
            _p("c", 1, "FRESH001", severity=WARNING),
            _p("d", 1, "CSV002"),
        ]
    )
    assert text.splitlines()[-2:] == [
        "按代码 / by code：CSV002 1，FRESH001 1，REF001 2",
        "共 3 个错误，1 个警告 / 3 errors, 1 warnings",
    ]


def test_a_long_message_is_cut():
    p = Problem("a", 1, "", "X", ERROR, "长" * 10_000, "x" * 10_000)
    assert len(p.message) == 400 and p.message.endswith("…") and len(p.message_en) == 400
