"""Hostile files: each refused with its file, line and a message, never a hang or a traceback.

The cases are the ones of docs/problems.md (LIMIT001–003, YAML005–006, NUM001);
every expected message below is written out by hand.
"""

from __future__ import annotations

import time

import pytest

GRID = "data/qinghe/cuihu/grids/cuihu-g01.yaml"
ACTIVITY = "private/qinghe/cuihu/activities/2026.csv"
PEOPLE = "private/people/qinghe.csv"
# What refers to grid cuihu-g01 in the tiny repository: three building assignments (REF001)
# and the request row (REQ002); all follow from the grid's file when it cannot be read.
GRID_FOLDED = "\n    另有 4 个问题由此引起，先修正上面这一处 / 4 more problems follow from this one: fix it first"


def _only(tiny) -> list[str]:
    start = time.process_time()  # CPU, not the wall clock of a shared machine
    msgs = tiny.messages()
    assert time.process_time() - start < 20
    return msgs


def test_anchor_and_alias_refused(tiny):
    tiny.replace(GRID, "kind: grid", "kind: &k grid\nnote: *k")
    assert _only(tiny) == [
        f"{GRID}:4: 错误 YAML005 不能使用 YAML 锚点和引用（& 和 *） / YAML anchors and aliases are not allowed"
        f"\n    修改建议：把被引用的内容直接写出来{GRID_FOLDED}"
    ]


def test_billion_laughs_with_phone_numbers_is_refused_before_expansion(tiny):
    # Nine levels of nine aliases: 387 million strings of 11 digits if expanded (the privacy
    # walk used to try). Refused at its first anchor, line 2.
    lines = ["id: cuihu-g09", 'a0: &a0 ["13800001111", "13800001111"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    tiny.write("data/qinghe/cuihu/grids/cuihu-g09.yaml", "\n".join(lines) + "\n")
    assert _only(tiny) == [
        "data/qinghe/cuihu/grids/cuihu-g09.yaml:2: 错误 YAML005 不能使用 YAML 锚点和引用（& 和 *）"
        " / YAML anchors and aliases are not allowed\n    修改建议：把被引用的内容直接写出来"
    ]


def test_billion_laughs_as_text_value_is_refused(tiny):
    lines = ["id: cuihu-g09", 'a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("name: *a9")
    tiny.write("data/qinghe/cuihu/grids/cuihu-g09.yaml", "\n".join(lines) + "\n")
    (msg,) = _only(tiny)
    assert msg.startswith("data/qinghe/cuihu/grids/cuihu-g09.yaml:2: 错误 YAML005 ")


# The second name written plain, or quoted: one key either way.
@pytest.mark.parametrize("second", ["name: 第二个名字", '"name": 第二个名字'])
def test_duplicate_key_refused_at_the_second_one(tiny, second):
    tiny.replace(GRID, "kind: grid", f"kind: grid\n{second}")
    assert _only(tiny) == [
        f"{GRID}:5: 错误 YAML006 字段 'name' 重复出现 / duplicate key 'name'"
        f"\n    修改建议：同一层级的字段只能写一次：删除或合并重复的那一个{GRID_FOLDED}"
    ]


def test_a_key_too_long_is_refused_before_a_later_duplicate(tiny):
    # Keys are read in order: the first problem met is the one said (a key of 5,001 characters
    # on line 5, written as an explicit key since YAML allows no longer plain one, and a
    # duplicate name on line 7).
    tiny.replace(GRID, "kind: grid", f"kind: grid\n? {'k' * 5001}\n: 1\nname: 第二个名字")
    (msg,) = _only(tiny)
    assert msg.startswith(
        f"{GRID}:5: 错误 LIMIT003 内容有 5001 个字符，超过上限 5000：'{'k' * 19}…' / "
        "value of 5001 characters, more than 5000"
    ), msg


def test_key_that_is_not_text_refused(tiny):
    tiny.replace(GRID, "kind: grid", "kind: grid\nyes: 1")
    assert _only(tiny) == [
        f"{GRID}:5: 错误 YAML006 字段名 True 不是文字 / key True is not text"
        f"\n    修改建议：字段名用英文小写字母；像 yes、no、1 这样的字段名须加英文引号{GRID_FOLDED}"
    ]


@pytest.mark.parametrize("text", [".nan", ".NaN", ".inf", "-.Inf", "1.0e+999"])
def test_nan_and_infinity_refused_in_yaml(tiny, text):
    tiny.replace(GRID, "number: 1", f"number: {text}")
    assert _only(tiny) == [
        f"{GRID}:5: 错误 NUM001 {text} 不是有限的数字（NaN 或无穷大） / {text} is not a finite number"
        f"\n    修改建议：填写具体数字；不知道时留空或删去该字段{GRID_FOLDED}"
    ]


def test_nan_in_a_rule_weight_refused(tiny):
    rel = "data/rules/unit-assessment/2024-01-01.yaml"
    tiny.replace(rel, "weight: 15", "weight: .nan")
    assert _only(tiny) == [
        f"{rel}:13: 错误 NUM001 .nan 不是有限的数字（NaN 或无穷大） / .nan is not a finite number"
        "\n    修改建议：填写具体数字；不知道时留空或删去该字段"
    ]


@pytest.mark.parametrize("cell", ["NaN", "nan", "inf", "-Infinity", "1e999"])
def test_nan_and_infinity_refused_in_csv_numbers(tiny, cell):
    tiny.replace(ACTIVITY, "volunteer,4,", f"volunteer,{cell},")
    assert _only(tiny) == [
        f"{ACTIVITY}:2: hours: 错误 NUM001 hours（时长）：{cell} 不是有限的数字（NaN 或无穷大）"
        f" / {cell} is not a finite number\n    修改建议：填写具体数字；不知道时留空或删去该字段"
    ]


def test_negative_numbers_still_numbers_in_csv(tiny):
    tiny.replace(ACTIVITY, "volunteer,4,", "volunteer,-4,")
    (msg,) = _only(tiny)
    assert " SCH005 hours（时长）：-4 超出范围" in msg


def test_600_nested_brackets_give_a_message_not_a_recursion_error(tiny):
    tiny.replace(GRID, "kind: grid", "kind: grid\nnote: " + "[" * 600 + "]" * 600)
    assert _only(tiny) == [
        f"{GRID}:5: 错误 LIMIT002 嵌套超过 20 层 / nested deeper than 20 levels"
        f"\n    修改建议：记录的层级不会这么深：检查括号是否成对、缩进是否正确{GRID_FOLDED}"
    ]


def test_block_nesting_is_limited_too(tiny):
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(25)) + "  " * 25 + "x: 1\n"
    tiny.write(
        "data/qinghe/cuihu/grids/cuihu-g09.yaml",
        "id: cuihu-g09\nnote:\n" + deep.replace("\n", "\n  ", 1).replace("k0:", "  k0:", 1),
    )
    (msg,) = _only(tiny)
    assert msg.startswith("data/qinghe/cuihu/grids/cuihu-g09.yaml:")
    assert " 错误 LIMIT002 嵌套超过 20 层 / nested deeper than 20 levels" in msg


def test_long_value_refused_and_quoted_short(tiny):
    tiny.replace(GRID, "kind: grid", "kind: grid\nnote: " + "长" * 6000)
    assert _only(tiny) == [
        f"{GRID}:5: 错误 LIMIT003 内容有 6000 个字符，超过上限 5000：'{'长' * 19}…'"
        " / value of 6000 characters, more than 5000"
        f"\n    修改建议：长文请写在公示正文或附件中，不要写在字段里{GRID_FOLDED}"
    ]


def test_50_mb_value_refused_unread_in_a_short_message(tiny):
    tiny.replace(GRID, "kind: grid", "kind: grid\ndescription: " + "x" * (50 * 2**20))
    size = tiny.path(GRID).stat().st_size
    assert _only(tiny) == [
        f"{GRID}: 错误 LIMIT001 文件有 50.0 MB，超过上限 2 MB / file of {size} bytes, more than 2097152"
        f"\n    修改建议：检查是否误放了别的文件；长文请写在公示正文或附件中{GRID_FOLDED}"
    ]


def test_long_value_under_the_file_limit_is_not_repeated_by_the_schema_check(tiny):
    # 4,000 characters pass the loader's limit; the schema's own maxLength message (jsonschema
    # repeats the value) is cut to a quote of at most 60 characters.
    tiny.replace("data/units/qh-shuiwu.yaml", "kind: organ", "kind: " + "z" * 4000)
    (msg,) = [m for m in _only(tiny) if "SCH004" in m]
    assert len(msg.split("\n")[0]) < 400
    assert f"'{'z' * 57}…'" in msg and "z" * 58 not in msg


def test_huge_integer_refused(tiny):
    tiny.replace(GRID, "number: 1", "number: " + "9" * 5000)
    assert _only(tiny) == [
        f"{GRID}:5: 错误 LIMIT003 数字 {'9' * 59}… 超过 30 位 / number {'9' * 59}… has more than 30 digits"
        f'\n    修改建议：编号、电话和代码请加英文引号，例如 "0999-6101000"{GRID_FOLDED}'
    ]


def test_csv_cell_too_long_names_its_column(tiny):
    tiny.replace(ACTIVITY, "专职网格员,\n", "专职网格员," + "x" * 6000 + "\n")
    assert _only(tiny) == [
        f"{ACTIVITY}:2: note: 错误 LIMIT003 内容有 6000 个字符，超过上限 5000：'{'x' * 19}…'"
        " / value of 6000 characters, more than 5000\n    修改建议：长文请写在公示正文或附件中，不要写在字段里"
    ]


def test_csv_cell_over_the_csv_module_limit_is_a_message(tiny):
    tiny.replace(ACTIVITY, "专职网格员,\n", '专职网格员,"' + "x" * 200_000 + '"\n')
    assert _only(tiny) == [
        f"{ACTIVITY}:2: 错误 CSV001 无法分列，后面的行未读取：field larger than field limit (131072)"
        " / cannot split into cells: field larger than field limit (131072)"
        "\n    修改建议：检查这一行的引号是否成对；超长内容不要放在表格里"
    ]


def test_frozen_result_json_with_nan_refused(tiny):
    rel = "data/results/unit-assessment/2026.json"
    tiny.write(rel, '{"a": NaN}')
    msgs = [m for m in _only(tiny) if m.startswith(rel)]
    assert msgs == [
        f"{rel}:1: 错误 YAML001 JSON 格式错误：NaN 不是有限的数字 / not a finite number / invalid JSON"
        "\n    修改建议：用 baodao assess --freeze 重新生成，不要手工编辑"
    ]


def test_a_long_unknown_reference_is_quoted_in_60_characters(tiny):
    tiny.replace(
        "data/qinghe/cuihu/compounds/lvjing.yaml", "grid: cuihu-g01", "grid: " + "g" * 3000
    )
    msgs = [m for m in _only(tiny) if " REF001 " in m]
    assert msgs and all(f"'{'g' * 59}…'" in m and "g" * 61 not in m for m in msgs)
