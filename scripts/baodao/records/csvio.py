"""CSV tables, read through one reader and checked by their Frictionless Table Schema.

The everyday checks here are a fast path derived from ``schemas/datapackage.json``;
``frictionless validate`` runs on the same package in the tests as an independent cross-check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..problems import ERROR, Problem


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    hint = "用 WPS 或 Excel 选“另存为 → CSV UTF-8（逗号分隔）”后重新提交"
    try:
        raw.decode("gb18030")
        what = "文件是 GBK/GB18030 编码，不是 UTF-8"
        en = "file is GBK/GB18030-encoded, not UTF-8"
    except UnicodeDecodeError:
        what, en = "文件不是 UTF-8 编码的文字", "file is not UTF-8 text"
    return None, [Problem(file, 1, "", "CSV002", ERROR, what, en, hint)]


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
        return None, f"'{value}' 不是是/否值，只能填 {allowed}"
    if kind == "integer":
        if re.fullmatch(r"-?\d+", value):
            return int(value), None
        return None, f"'{value}' 不是整数"
    if kind == "number":
        try:
            return float(value), None
        except ValueError:
            return None, f"'{value}' 不是数字"
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None, f"'{value}' 不是有效日期，请写成 YYYY-MM-DD"
        if len(value) != 10:
            return None, f"'{value}' 不是有效日期，请写成 YYYY-MM-DD"
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
        problems.append(Problem(file, 1, h, "CSV001", ERROR, f"未知的列 '{h}'", f"unknown column '{h}'",
                                "列名须为：" + "、".join(fields)))  # fmt: skip
    for name, fdef in fields.items():
        if name not in header and fdef.get("constraints", {}).get("required"):
            problems.append(Problem(file, 1, name, "CSV001", ERROR, f"缺少必填列 '{name}'（{fdef.get('title', '')}）",
                                    f"missing required column '{name}'"))  # fmt: skip
    rows: list[Row] = []
    patterns = {n: re.compile(f["constraints"]["pattern"]) for n, f in fields.items()
                if "pattern" in f.get("constraints", {})}  # fmt: skip
    seen_unique: dict[str, dict[Any, int]] = {n: {} for n, f in fields.items()
                                              if f.get("constraints", {}).get("unique")}  # fmt: skip
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(file, line, "", "CSV001", ERROR,
                                    f"本行有 {len(cells)} 格，表头有 {len(header)} 列",
                                    f"row has {len(cells)} cells, header has {len(header)}",
                                    "检查是否有多余或缺少的逗号；含逗号的内容须用英文双引号括起"))  # fmt: skip
            continue
        values: dict[str, Any] = {}
        for name, cell in zip(header, cells, strict=True):
            fdef = fields.get(name)
            if fdef is None:
                continue
            cell = cell.strip()
            cons = fdef.get("constraints", {})
            label = f"{name}（{fdef.get('title', '')}）"
            if cell == "":
                if cons.get("required"):
                    problems.append(Problem(file, line, name, "SCH001", ERROR, f"{label} 不能为空",
                                            f"'{name}' is required"))  # fmt: skip
                values[name] = None
                continue
            value, err = _convert(cell, fdef)
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
                continue
            if name in patterns and not patterns[name].fullmatch(cell):
                problems.append(Problem(file, line, name, "SCH005", ERROR, f"{label}：'{cell}' 格式不对",
                                        f"'{cell}' does not match the pattern", fdef.get("description", "")))  # fmt: skip
            if "maxLength" in cons and len(cell) > cons["maxLength"]:
                problems.append(Problem(file, line, name, "SCH005", ERROR,
                                        f"{label}：长度 {len(cell)} 超过上限 {cons['maxLength']}", "too long"))  # fmt: skip
            if name in seen_unique:
                if value in seen_unique[name]:
                    problems.append(Problem(file, line, name, "DUP001", ERROR,
                                            f"{label} '{cell}' 与第 {seen_unique[name][value]} 行重复",
                                            f"duplicate '{cell}' (line {seen_unique[name][value]})"))  # fmt: skip
                else:
                    seen_unique[name][value] = line
            values[name] = value
        rows.append(Row(line, values))
    return rows, problems


def iter_strings(row: Row) -> Iterator[tuple[str, str]]:
    for k, v in row.values.items():
        if isinstance(v, str):
            yield k, v
