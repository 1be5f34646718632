"""Privacy: no resident ID numbers anywhere, no mobile outside a phone field, phones by consent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model.paths import problem
from ..problems import ERROR, Problem
from ..records.dataset import Record
from ..records.formats import find_id_numbers, find_mobiles
from .base import Context

# A cheap filter on the whole record first: most records hold no run of 11+ digits at all.
_DIGITS = re.compile(r"\d{11}")


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))
    elif isinstance(value, int) and not isinstance(value, bool) and value > 10**9:
        yield path, str(value)  # an unquoted number can be an ID or a phone too


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def check(ctx: Context) -> Iterator[Problem]:
    phone_fields = ctx.schemas.phone_fields()
    for rec in ctx.ds.all():
        if rec.source is None:
            # A CSV row: look at its few long values only (11 digits need 11 characters).
            if not any(
                isinstance(v, str) and len(v) >= 11 and _DIGITS.search(v) for v in rec.data.values()
            ):
                continue
        elif not _DIGITS.search(rec.source) and not (rec.body and _DIGITS.search(rec.body)):
            continue
        for path, text in _strings(dict(rec.data)):
            yield from _scan(rec, path, text, phone_fields)
        if rec.body:
            yield from _scan(rec, ("正文",), rec.body, frozenset())
    for rec in ctx.ds.of("person").values():
        yield from _consent(rec)


def _scan(rec: Record, path: tuple, text: str, phone_fields: frozenset[str]) -> Iterator[Problem]:
    for number in find_id_numbers(text):
        yield problem(rec, path, "PRIV002", ERROR,
                      f"疑似居民身份证号 {_mask(number)}：数据库不得保存身份证号",
                      "resident ID number: never stored here",
                      "删除该号码；人员只用人员编号（p-…）标识，并从 git 历史中清除")  # fmt: skip
    last = path[-1] if path else None
    if last in phone_fields:
        return
    for number in find_mobiles(text):
        yield problem(rec, path, "PRIV003", ERROR,
                      f"手机号 {_mask(number)} 出现在非电话字段中",
                      "mobile number outside a phone field",
                      "个人手机号不得录入；工作电话写在 work_phone 中")  # fmt: skip


def _consent(rec: Record) -> Iterator[Problem]:
    data = rec.data
    if data.get("phone") and not data.get("consent_phone"):
        yield Problem(rec.file, rec.line, "phone", "PRIV004", ERROR,
                      "本人未同意公开电话（consent_phone 不是 true），不得录入个人电话",
                      "personal phone without consent",
                      "删除该电话；或取得书面同意后把 consent_phone 改为 true 并填写 consent_date")  # fmt: skip
    if (data.get("consent_name") or data.get("consent_phone")) and not data.get("consent_date"):
        yield Problem(rec.file, rec.line, "consent_date", "PRIV005", ERROR,
                      "记录了同意公开，但没有同意日期（consent_date）",
                      "consent without a consent date", "填写签署同意书的日期 YYYY-MM-DD")  # fmt: skip
