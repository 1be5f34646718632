"""Schema check: every record against its JSON Schema, worded for the editor."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..model.paths import problem
from ..model.suggest import closest
from ..problems import ERROR, Problem
from ..records.dataset import Record
from ..records.schemas import SchemaSet
from .base import Context

_TYPE_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "字段映射",
    "null": "空值",
}
_PY_ZH = {
    str: "文字",
    int: "整数",
    float: "数字",
    bool: "是/否",
    list: "列表",
    dict: "字段映射",
    type(None): "空值",
}
_FORMAT_ZH = {
    "date": ("不是有效日期", "应写成 YYYY-MM-DD，例如 2026-03-31"),
    "phone": (
        "不是有效的电话号码",
        "固定电话写成 0999-6101000，手机写 11 位数字；电话请加英文引号",
    ),
    "uscc": (
        "不是有效的统一社会信用代码（长度、字符或校验位不对）",
        "对照营业执照或登记证书重新填写 18 位代码",
    ),
    "email": ("不是有效的电子邮箱", "例如 zzb@example.cn"),
}


def check(ctx: Context) -> Iterator[Problem]:
    # One record against its schema depends on nothing else: the result is kept with its
    # file's cache entry (records/cache.py, keyed by the file's bytes and the schemas). Type by
    # type: the rows of a table type (with a table schema instead, read by load) are not gone
    # through at all.
    for type_name, recs in ctx.ds.records.items():
        if type_name in ctx.schemas.schemas:
            yield from _records(ctx, recs.values())


def _records(ctx: Context, records: Iterable[Record]) -> Iterator[Problem]:
    """The schema problems of ``records``, each kept with its file's cache entry."""
    entries, cache = ctx.ds.entries, ctx.ds.cache
    for rec in records:
        entry = entries.get(rec.file)
        if entry is None:
            yield from record_problems(ctx.schemas, rec)
            continue
        memo = entry.checks.setdefault("schema", {})
        found = memo.get((rec.type, rec.id))
        if found is None:
            found = memo[(rec.type, rec.id)] = tuple(record_problems(ctx.schemas, rec))
            cache.touch(entry)
        yield from found


def record_problems(schemas: SchemaSet, rec: Record) -> Iterator[Problem]:
    """The schema problems of one record: they depend on it and the schemas alone (what
    ``check`` keeps per file; load's workers find them where the file is read, checks/perfile)."""
    errs = list(schemas.errors(rec.type, rec.data))
    # A value of the wrong type fails its format and pattern too: say it once.
    typed = {tuple(e.absolute_path) for e in errs if e.validator == "type"}
    for err in errs:
        if err.validator != "type" and tuple(err.absolute_path) in typed:
            continue
        yield from _explain(schemas, rec, err)


def _title(schemas: SchemaSet, rec: Record, path: tuple) -> tuple[str, str]:
    fs = schemas.field_schema(rec.type, path) or {}
    return fs.get("title", ""), fs.get("description", "")


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _show(value: Any) -> str:
    """A value as a message quotes it: at most 60 characters, "…" where it was cut."""
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 58 else f"'{value[:57]}…'"
    # reprlib, not repr: a value's full repr can be megabytes before it is cut.
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _fits(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= 58
    text = _REPR.repr(value)
    return len(text) <= 60 and "..." not in text


def _en(err: Any) -> str:
    # jsonschema's own message repeats the whole value: kept when the value is short, else
    # the value is cut and the rule named.
    if _fits(err.instance):
        return err.message
    return f"{_show(err.instance)}: {err.validator} {_REPR.repr(err.validator_value)}"


def _explain(schemas: SchemaSet, rec: Record, err: Any) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    kw = err.validator
    title, desc = _title(schemas, rec, path)
    label = f"（{title}）" if title else ""
    if kw == "required":
        for name in err.validator_value:
            if isinstance(err.instance, dict) and name not in err.instance:
                t, d = _title(schemas, rec, (*path, name))
                yield problem(
                    rec,
                    path,
                    "SCH001",
                    ERROR,
                    f"缺少必填字段 '{name}'（{t}）",
                    f"missing required field '{name}'",
                    d,
                    field=(*path, name),
                )
        return
    if kw == "additionalProperties":
        allowed = sorted((schemas.field_schema(rec.type, path) or {}).get("properties", {}))
        for name in sorted(k for k in err.instance if k not in allowed):
            close = closest(name, allowed)
            hint = f"是否应为 '{close}'？" if close else "可用字段：" + "、".join(allowed)
            yield problem(
                rec,
                (*path, name),
                "SCH002",
                ERROR,
                f"未知字段 '{name}'",
                f"unknown field '{name}'",
                hint,
            )
        return
    value = err.instance
    if kw == "type":
        want = (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        )
        want_zh = "或".join(_TYPE_ZH.get(w, w) for w in want)
        hint = desc
        if "string" in want and isinstance(value, int | float):
            hint = '数字开头的编号、电话和代码请加英文引号，例如 "0999-6101000"、"3"'
        yield problem(
            rec,
            path,
            "SCH003",
            ERROR,
            f"{label[1:-1] or '值'}应为{want_zh}，实际是{_PY_ZH.get(type(value), '其他')} {_show(value)}",
            f"expected {'/'.join(want)}",
            hint,
        )
    elif kw == "enum":
        allowed = "、".join(map(str, err.validator_value))
        yield problem(
            rec,
            path,
            "SCH004",
            ERROR,
            f"{_show(value)} 不是允许的值{label}；可选：{allowed}",
            f"{_show(value)} is not one of {err.validator_value}",
            desc,
        )
    elif kw == "format":
        zh, hint = _FORMAT_ZH.get(err.validator_value, ("格式不对", desc))
        label = "" if err.validator_value in ("uscc", "phone") else label  # the text names it
        yield problem(
            rec,
            path,
            "SCH005",
            ERROR,
            f"{_show(value)} {zh}{label}",
            f"{_show(value)} is not a valid {err.validator_value}",
            hint,
        )
    elif kw == "pattern":
        yield problem(
            rec,
            path,
            "SCH005",
            ERROR,
            f"{_show(value)} 格式不对{label}",
            f"{_show(value)} does not match {err.validator_value}",
            desc,
        )
    elif kw in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        zh = {
            "minLength": "长度至少为",
            "maxLength": "长度不能超过",
            "minItems": "至少要有几项：",
            "maxItems": "最多几项：",
            "minimum": "不能小于",
            "maximum": "不能大于",
        }[kw]
        yield problem(
            rec,
            path,
            "SCH005",
            ERROR,
            f"{title or '值'}{zh} {err.validator_value}（现为 {_show(value)}）",
            _en(err),
            desc,
        )
    elif kw == "oneOf" and rec.type == "notice":
        yield problem(
            rec,
            path,
            "SCH006",
            ERROR,
            "end（结束日期）和 working_days（工作日数）须填写一个，且只能填一个",
            "give exactly one of end and working_days",
            "任职公示用 working_days: 5",
        )
    else:
        yield problem(rec, path, "SCH009", ERROR, f"不符合规则 {kw}{label}", _en(err), desc)
