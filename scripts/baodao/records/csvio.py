"""CSV tables, read through one reader and checked by their Frictionless Table Schema.

The everyday checks here are a fast path derived from ``schemas/datapackage.json``;
``frictionless validate`` runs on the same package in the tests as an independent cross-check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..problems import ERROR, Problem
from .yamlio import MAX_TEXT, clip, not_finite, too_long


class Row(NamedTuple):
    """One table row: its line and typed values (a tuple: 300,000 of them in a city)."""

    line: int
    values: dict[str, Any]


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    # Name the lines that are not UTF-8: a registry saved as UTF-8 with one line pasted from a
    # GBK file fails at that line only, thousands of lines in (docs/problems.md).
    bad: list[int] = []
    bad_text: list[bytes] = []
    good_non_ascii = 0
    for number, text in enumerate(raw.split(b"\n"), 1):
        if text.isascii():
            continue
        try:
            text.decode("utf-8")
            good_non_ascii += 1
        except UnicodeDecodeError:
            bad.append(number)
            bad_text.append(text)
    try:
        b"\n".join(bad_text).decode("gb18030")
        what, en = "是 GBK/GB18030 编码，不是 UTF-8", "is GBK/GB18030-encoded, not UTF-8"
    except UnicodeDecodeError:
        what, en = "不是 UTF-8 编码的文字", "is not UTF-8 text"
    line = bad[0] if bad else 1
    hint = "用 WPS 或 Excel 选“另存为 → CSV UTF-8（逗号分隔）”后重新提交"
    if good_non_ascii and len(bad) == 1:
        zh, en = (
            f"第 {line} 行{what}（其余各行是 UTF-8）",
            f"line {line} {en} (other lines are UTF-8)",
        )
        hint = "这一行多半是从别的文件粘贴来的：在 UTF-8 编辑器中重新输入这一行，或整个文件另存为 CSV UTF-8"
    elif good_non_ascii:
        zh = f"第 {line} 行等 {len(bad)} 行{what}（其余各行是 UTF-8）"
        en = f"line {line} and {len(bad) - 1} more lines: {en.removeprefix('is ')} (other lines are UTF-8)"
    else:
        line, zh, en = 1, f"文件{what}", f"file {en}"
    return None, [Problem(file, line, "", "CSV002", ERROR, zh, en, hint)]


def _convert(value: str, fdef: dict) -> tuple[Any, str | None]:
    """Typed value of one cell, or an error text (Chinese) if it does not fit its field type."""
    kind = fdef.get("type", "string")
    if value == "":
        return None, None
    if kind == "boolean":
        if value in fdef.get("trueValues", ["true"]):
            return True, None
        if value in fdef.get("falseValues", ["false"]):
            return False, None
        allowed = "、".join(fdef.get("trueValues", ["true"]) + fdef.get("falseValues", ["false"]))
        return None, f"'{clip(value)}' 不是是/否值，只能填 {allowed}"
    if kind == "integer":
        # At most 30 digits: Python refuses to convert more than 4,300 (a traceback).
        if re.fullmatch(r"-?[0-9]{1,30}", value):
            return int(value), None
        return None, f"'{clip(value)}' 不是整数"
    if kind == "number":
        if len(value) > 40:
            return None, f"'{clip(value)}' 不是数字"
        try:
            return float(value), None  # NaN and infinities pass here; read() refuses them
        except ValueError:
            return None, f"'{clip(value)}' 不是数字"
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None, f"'{clip(value)}' 不是有效日期，请写成 YYYY-MM-DD"
        if len(value) != 10:
            return None, f"'{clip(value)}' 不是有效日期，请写成 YYYY-MM-DD"
        return value, None
    return value, None


def read_table(text: str, file: str, schema: dict) -> tuple[list[Row], list[Problem]]:
    """Rows of one CSV file with typed values, and every problem of its shape and cells."""
    problems: list[Problem] = []
    fields = {f["name"]: f for f in schema["fields"]}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [
            Problem(file, 1, "", "CSV001", ERROR, "文件是空的，缺少表头", "empty file, no header")
        ]
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in fields]
    for h in unknown:
        problems.append(
            Problem(
                file,
                1,
                clip(h),
                "CSV001",
                ERROR,
                f"未知的列 '{clip(h)}'",
                f"unknown column '{clip(h)}'",
                "列名须为：" + "、".join(fields),
            )
        )
    for name, fdef in fields.items():
        if name not in header and fdef.get("constraints", {}).get("required"):
            problems.append(
                Problem(
                    file,
                    1,
                    name,
                    "CSV001",
                    ERROR,
                    f"缺少必填列 '{name}'（{fdef.get('title', '')}）",
                    f"missing required column '{name}'",
                )
            )
    columns = [_Column.of(fields[h]) if h in fields else None for h in header]
    rows: list[Row] = []
    width = len(header)
    # Whether a row holds a value is known as its cells are read, unless two columns share a
    # name (the later one's value then replaces the earlier one's): then the values are read.
    named = [c.name for c in columns if c is not None]
    one_per_name = len(set(named)) == len(named)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # A cell over the csv module's limit (128 KB) or a broken quote: the rest of the
            # file cannot be split into rows reliably, so reading stops here.
            problems.append(
                Problem(
                    file,
                    reader.line_num,
                    "",
                    "CSV001",
                    ERROR,
                    f"无法分列，后面的行未读取：{clip(str(exc))}",
                    f"cannot split into cells: {clip(str(exc))}",
                    "检查这一行的引号是否成对；超长内容不要放在表格里",
                )
            )
            break
        line = reader.line_num
        if cells and max(map(len, cells)) > MAX_TEXT:
            at = max(range(len(cells)), key=lambda i: len(cells[i]))
            zh, en, hint = too_long(cells[at])[1:]
            name = clip(header[at]) if at < len(header) else ""
            problems.append(Problem(file, line, name, "LIMIT003", ERROR, zh, en, hint))
            continue
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            problems.append(
                Problem(
                    file,
                    line,
                    "",
                    "CSV001",
                    ERROR,
                    f"本行有 {len(cells)} 格，表头有 {width} 列",
                    f"row has {len(cells)} cells, header has {width}",
                    "检查是否有多余或缺少的逗号；含逗号的内容须用英文双引号括起",
                )
            )
            continue
        values: dict[str, Any] = {}
        filled = False  # a value that is not None: a row of empty cells is no row
        for col, cell in zip(columns, cells, strict=True):
            if col is None:
                continue
            cell = cell.strip()
            if col.plain and cell:
                # Hot path at city size (200,000 activity rows): a text cell with at most a length limit.
                if col.max_length is not None and len(cell) > col.max_length:
                    value = values[col.name] = col.read(cell, file, line, problems)
                else:
                    value = values[col.name] = cell
            elif col.known is not None and cell in col.known:
                # A cell already read without a problem in this column (dates, hours, codes).
                value = values[col.name] = col.known[cell]
            else:
                before = len(problems)
                value = values[col.name] = col.read(cell, file, line, problems)
                if col.known is not None and len(problems) == before:
                    col.known[cell] = value
            if value is not None:
                filled = True
        if filled if one_per_name else any(v is not None for v in values.values()):
            rows.append(Row(line, values))
    return rows, problems


class _Column:
    """One column's checks, derived once from its Table Schema field (the hot loop at city size)."""

    __slots__ = (
        "name",
        "label",
        "fdef",
        "required",
        "simple",
        "pattern",
        "max_length",
        "seen",
        "plain",
        "known",
    )

    @classmethod
    def of(cls, fdef: dict) -> _Column:
        col = cls()
        cons = fdef.get("constraints", {})
        col.name = fdef["name"]
        col.label = f"{col.name}（{fdef.get('title', '')}）"
        col.fdef = fdef
        col.required = bool(cons.get("required"))
        col.simple = fdef.get("type", "string") == "string"
        col.pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
        col.max_length = cons.get("maxLength")
        col.seen = {} if cons.get("unique") else None
        col.plain = col.simple and col.pattern is None and col.seen is None
        # The typed value of each cell text read without a problem: a city's activity table
        # repeats a few hundred dates and hours over 200,000 rows (1.3 million cell reads, ~2 s
        # of assess). Not for unique columns: a repeat there is a problem of its own.
        col.known = {} if col.seen is None else None
        return col

    def read(self, cell: str, file: str, line: int, problems: list[Problem]) -> Any:
        name, label = self.name, self.label
        if cell == "":
            if self.required:
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        "SCH001",
                        ERROR,
                        f"{label} 不能为空",
                        f"'{name}' is required",
                    )
                )
            return None
        if self.simple:
            value: Any = cell
        else:
            value, err = _convert(cell, self.fdef)
            if err:
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        "SCH003",
                        ERROR,
                        f"{label}：{err}",
                        f"bad value for '{name}'",
                    )
                )
                return None
            if isinstance(value, float) and not math.isfinite(value):
                code, zh, en, hint = not_finite(cell)
                problems.append(Problem(file, line, name, code, ERROR, f"{label}：{zh}", en, hint))
                return None
        cons = self.fdef.get("constraints", {})
        if isinstance(value, int | float) and not isinstance(value, bool):
            low, high = cons.get("minimum"), cons.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        "SCH005",
                        ERROR,
                        f"{label}：{cell} 超出范围（{low} 至 {high}）",
                        f"{cell} out of range",
                    )
                )
        if self.pattern is not None and not self.pattern.fullmatch(cell):
            problems.append(
                Problem(
                    file,
                    line,
                    name,
                    "SCH005",
                    ERROR,
                    f"{label}：'{clip(cell)}' 格式不对",
                    f"'{clip(cell)}' does not match the pattern",
                    self.fdef.get("description", ""),
                )
            )
        if self.max_length is not None and len(cell) > self.max_length:
            problems.append(
                Problem(
                    file,
                    line,
                    name,
                    "SCH005",
                    ERROR,
                    f"{label}：长度 {len(cell)} 超过上限 {self.max_length}",
                    "too long",
                )
            )
        if self.seen is not None:
            first = self.seen.setdefault(value, line)
            if first != line:
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        "DUP001",
                        ERROR,
                        f"{label} '{clip(cell)}' 与第 {first} 行重复",
                        f"duplicate '{clip(cell)}' (line {first})",
                    )
                )
        return value


def iter_strings(row: Row) -> Iterator[tuple[str, str]]:
    for k, v in row.values.items():
        if isinstance(v, str):
            yield k, v
