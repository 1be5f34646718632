"""Privacy: no ID numbers, bank cards or stray mobiles anywhere, no unconsented name in public text.

The detectors are ``model.personal``'s, the same ones intake, ``pr check`` and the build's scan
use. Every string of every record is read (YAML fields, CSV cells, a notice's text), and so is
the text of every file in the public root that is no record (FILE001 refuses those too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from ..model.paths import field_str
from ..model.personal import (
    BANK_CARD,
    COMPAT_UTF8,
    ID_NUMBER,
    MOBILE,
    NAME,
    Finding,
    NameFinder,
    appointees,
    find_numbers,
    line_of,
    name_finder,
    normalise,
)
from ..model.personal import findings_by_line as _by_line
from ..problems import ERROR, Problem
from ..records.dataset import Record
from ..records.layout import PUBLIC
from .base import Context, by_file, digest, in_file, in_tables

# A cheap filter on a whole record first: a number needs 11 digits (ASCII or full-width), each
# pair at most one separator apart. Most records hold no such run at all.
_LONG_NUMBER = re.compile(r"[0-9０-９](?:[ \-.－　]?[0-9０-９]){10}")
# A table's bytes with every ASCII digit as "0", its separators deleted, anything else "x".
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x78 for b in range(256))


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


def check(ctx: Context) -> Iterator[Problem]:
    phone_fields = ctx.schemas.phone_fields()
    names = name_finder(ctx.ds, appointees(ctx.ds))
    # A private table: its rows' numbers alone are reported (names are searched in public
    # records only), so what it holds depends on it alone (base.in_tables).
    private = {f: rows for f, rows in ctx.ds.whole_tables().items() if rows.root != PUBLIC}
    find = partial(_in_records, ctx, phone_fields, names)
    yield from in_tables(ctx, "privacy_private_rows", private, b"", find)
    # The others, by file (a table's rows come one after another): what a file's records hold
    # depends on them and on the names looked for (base.in_file, kept by the names' key), so
    # a build after an edit elsewhere searches only the edited file (a city's 25,000 public
    # records took 0.2 s).
    for file, run in by_file(ctx.ds.outside(private)):
        state = digest([names.key.hex(), *(rec.id for rec in run)])
        yield from in_file(ctx, f"privacy_public {run[0].type}", file, run, state, find)
    # The second record of an id is not in the dataset (DUP001), but it is in its file: what
    # it holds is reported all the same (its file's kept results are the first record's).
    for rec in ctx.ds.shadowed:
        yield from _found(rec, record_numbers(rec, phone_fields), names)
    for file, text in ctx.ds.strays:
        if text is not None:
            for line, f in _by_line(text, names):
                yield _problem(file, line, "", f)
    for rec in ctx.ds.of("person").values():
        yield from _consent(rec)


def _in_records(
    ctx: Context, phone_fields: frozenset[str], names: NameFinder, run: Sequence[Record]
) -> Iterator[Problem]:
    """The problems of one file's records (a run of ``by_file``)."""
    # The numbers a record holds depend on it alone: kept with its file's cache entry
    # (records/cache.py, made where the file is read: checks/perfile.py); the names come from
    # the registry and are searched each time.
    entry = ctx.ds.entries.get(run[0].file)
    memo = None if entry is None else entry.checks.setdefault("privacy_numbers", {})
    whole = memo is not None and ALL_LOOKED_AT in memo  # the others hold none (perfile.facts)
    touched = False
    for rec in run:
        if memo is None:
            numbers = record_numbers(rec, phone_fields)
        else:
            numbers = memo.get((rec.type, rec.id))
            if numbers is None and whole:
                numbers = ()
            elif numbers is None:
                numbers = memo[(rec.type, rec.id)] = record_numbers(rec, phone_fields)
                if not touched:
                    ctx.ds.cache.touch(entry)
                    touched = True
        yield from _found(rec, numbers, names)


def _found(rec: Record, numbers: tuple[NumberAt, ...], names: NameFinder) -> Iterator[Problem]:
    """The problems of one record: its ``numbers`` (``record_numbers``), and the registry's
    names in it."""
    for path, line, f in numbers:
        if path is None:
            yield _problem(rec.file, _body_line(rec, line), "正文", f)
        else:
            yield _problem(rec.file, rec.line_of(path), field_str(path), f)
    # Names are searched in public records only: the registry is where they belong.
    if rec.root != PUBLIC or not names or not _may_hold_name(rec, names):
        return
    for path, text in _strings(dict(rec.data)):
        for f in names.find(normalise(text)):
            yield _problem(rec.file, rec.line_of(path), field_str(path), f)
    if rec.body:
        body = normalise(rec.body)
        for f in names.find(body):
            yield _problem(rec.file, _body_line(rec, line_of(body, f.start)), "正文", f)


# In a file's kept numbers (its cache entry's "privacy_numbers"): every record of the file was
# looked at when it was read (checks/perfile.py), and those not listed hold no number.
ALL_LOOKED_AT = ("*", "*")

# Where a number stands in a record: (path, 0) in its fields, (None, line) in a notice's text.
NumberAt = tuple[tuple | None, int, Finding]


def record_numbers(rec: Record, phone_fields: frozenset[str]) -> tuple[NumberAt, ...]:
    """The ID numbers, bank cards and stray mobiles in one record (a mobile in a phone field is
    where it belongs): what ``check`` reports of it, whatever the registry says."""
    if not may_hold_number(rec):
        return ()
    found: list[NumberAt] = []
    for path, text in _strings(dict(rec.data)):
        for f in find_numbers(normalise(text)):
            if f.kind == MOBILE and path and path[-1] in phone_fields:
                continue
            found.append((path, 0, f))
    if rec.body:
        found.extend((None, line, f) for line, f in _by_line(rec.body))
    return tuple(found)


def _may_hold_name(rec: Record, names: NameFinder) -> bool:
    if rec.source is not None:
        return bool(names.find(normalise(rec.source + rec.body)))
    return any(isinstance(v, str) and names.find(normalise(v)) for v in rec.data.values())


def _body_line(rec: Record, line: int) -> int:
    """A notice's text: lines count from the front matter's first line (a line for each of the
    two --- lines around it)."""
    return rec.line + (rec.source or "").count("\n") + line


def table_may_hold_number(raw: bytes) -> bool:
    """False when no row of the table whose bytes these are can hold a number (a city's 342
    tables of 346, in 0.06 s rather than 0.35 s row by row), so its rows need no scan.

    A row's values are its cells' texts, stripped, or integers read from ASCII digits alone
    (records/csvio.py); a cell's text is the table's UTF-8 but for a quote doubled, and a quote
    is neither digit nor separator. So a value ``may_hold_number`` finds, 11 digits with at most
    one of `` -.`` between two of them or an integer above 10^9, leaves 10 ASCII digits in a
    row once the table's ASCII separators are deleted, unless it has a character that
    ``normalise`` turns into a digit or a separator (１, ①, 𝟏, the ideographic space …): then
    every row is scanned."""
    if COMPAT_UTF8.search(raw):
        return True
    return b"0" * 10 in raw.translate(_DIGITS, b" -.")


def may_hold_number(rec: Record) -> bool:
    """Whether a record's text may hold an ID number, a bank card or a mobile: 11 digits or
    more once normalised (as the detectors read it), each at most one separator from the next."""
    search = _LONG_NUMBER.search
    if rec.source is None:  # a CSV row: its few long values only
        # One plain loop (300,000 rows in a city): two generator passes cost four times more.
        for v in rec.data.values():
            if isinstance(v, str):
                if not v.isascii():
                    v = normalise(v)  # １, ① or 𝟏 are digits to the detectors
                if len(v) >= 11 and search(v):
                    return True
            elif isinstance(v, int) and v > 10**9:
                return True
        return False
    return bool(search(normalise(rec.source)) or (rec.body and search(normalise(rec.body))))


# kind -> (code, Chinese, English, fix hint); the message names the masked value only.
_WORDING = {
    ID_NUMBER: (
        "PRIV002",
        "疑似居民身份证号 {v}：数据库不得保存身份证号",
        "resident ID number: never stored here",
        "删除该号码；人员只用人员编号（p-…）标识，并从 git 历史中清除",
    ),
    MOBILE: (
        "PRIV003",
        "手机号 {v} 出现在非电话字段中",
        "mobile number outside a phone field",
        "个人手机号不得录入；工作电话写在 work_phone 中",
    ),
    BANK_CARD: (
        "PRIV006",
        "疑似银行卡号 {v}：数据库不得保存银行卡号",
        "bank card number: never stored here",
        "删除该号码；经费往来只写金额和用途，并从 git 历史中清除",
    ),
    NAME: (
        "PRIV007",
        "出现了未同意公开的姓名 {v}（人员名册中此人未同意公开姓名）",
        "name of a person who has not consented to be named",
        "删除姓名，改写职务或“一名党员”；或取得本人书面同意后在人员名册中把 consent_name 改为 true",
    ),
}


def _problem(file: str, line: int, field: str, f: Finding) -> Problem:
    code, zh, en, hint = _WORDING[f.kind]
    return Problem(file, line, field, code, ERROR, zh.format(v=f.masked), en, hint)


def _consent(rec: Record) -> Iterator[Problem]:
    data = rec.data
    if data.get("phone") and not data.get("consent_phone"):
        yield Problem(
            rec.file,
            rec.line,
            "phone",
            "PRIV004",
            ERROR,
            "本人未同意公开电话（consent_phone 不是 true），不得录入个人电话",
            "personal phone without consent",
            "删除该电话；或取得书面同意后把 consent_phone 改为 true 并填写 consent_date",
        )
    if (data.get("consent_name") or data.get("consent_phone")) and not data.get("consent_date"):
        yield Problem(
            rec.file,
            rec.line,
            "consent_date",
            "PRIV005",
            ERROR,
            "记录了同意公开，但没有同意日期（consent_date）",
            "consent without a consent date",
            "填写签署同意书的日期 YYYY-MM-DD",
        )
