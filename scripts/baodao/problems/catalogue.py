"""Every problem code, declared once: severity, what it means in Chinese and English, how to fix.

The frictionless-py habit: a code is declared in one ``Entry`` and nowhere else, and the reference
pages are rendered from the entries (``baodao editors docs`` writes ``docs/problems.md`` and the
editors' page ``site/editors/errors.md``). A message that carries values (the id, the date, the
row) is written where the problem is found; the entry says what the code means whatever the
values. ``tests/problems/test_catalogue.py`` scans the package and fails when a code is emitted
but not declared, declared but never emitted, emitted with another severity, or in no test.

The entries live in four modules by what the problems are about, each a plain tuple:
``codes_files`` (reading files, schemas: YAML LIMIT NUM CSV IMP FILE SCH DUP BLD REF), ``codes_records`` (the
records' own rules: HIER SERV POST PRIV FRESH NOTICE CAL), ``codes_assessments`` (assessment
inputs and rules: RULE ACT FROZEN REQ FUND REG LIST RATE) and ``codes_github`` (FORM PR EDIT).

To add a code: append an ``Entry`` under its family in that family's module (a new family also
gets a line in ``FAMILIES`` and goes to the module it belongs with), run ``baodao editors docs``
to regenerate the pages, and write a test that asserts the exact message.
"""

from __future__ import annotations

from . import CODE_PATTERN, ERROR, WARNING, Entry
from .codes_assessments import ENTRIES as _ASSESSMENTS
from .codes_files import ENTRIES as _FILES
from .codes_github import ENTRIES as _GITHUB
from .codes_records import ENTRIES as _RECORDS

# Code prefix -> (Chinese name, English name), in the order the reference pages list them.
FAMILIES: dict[str, tuple[str, str]] = {
    "YAML": ("读取记录文件", "reading record files"),
    "LIMIT": ("文件和内容的上限", "limits"),
    "NUM": ("数字", "numbers"),
    "CSV": ("读取表格", "reading tables"),
    "IMP": ("电子表格导入", "spreadsheet import"),
    "FILE": ("文件位置和命名", "file places and names"),
    "SCH": ("记录格式", "record format (schema)"),
    "DUP": ("编号重复", "duplicate ids"),
    "BLD": ("楼号写法", "building numbers"),
    "REF": ("引用编号", "references"),
    "HIER": ("组织层级", "hierarchy"),
    "SERV": ("楼栋的服务关系", "building assignments"),
    "POST": ("岗位和任职", "posts and terms"),
    "PRIV": ("个人信息保护", "privacy"),
    "FRESH": ("核实日期", "freshness"),
    "NOTICE": ("公示", "notices"),
    "CAL": ("工作日历", "working-day calendar"),
    "RULE": ("考核规则", "assessment rules"),
    "ACT": ("活动记录", "activity logs"),
    "FROZEN": ("已冻结的考核结果", "frozen results"),
    "INPUT": ("考核评分的录入", "assessment inputs"),
    "REQ": ("吹哨报到事项", "requests"),
    "FUND": ("经费", "funds"),
    "REG": ("报到", "report-in"),
    "LIST": ("三个清单", "the three lists"),
    "RATE": ("评星、综合考核、物业评议和 12345", "ratings"),
    "FORM": ("表单提交", "issue forms"),
    "PR": ("拉取请求", "pull requests (baodao pr check, judged by the base branch)"),
    "EDIT": ("编辑权限", "editors"),
}

ENTRIES: tuple[Entry, ...] = _FILES + _RECORDS + _ASSESSMENTS + _GITHUB


def _index(entries: tuple[Entry, ...]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for e in entries:
        # A malformed or repeated entry is a programming error: fail on import, not on a page.
        if not CODE_PATTERN.fullmatch(e.code) or e.family not in FAMILIES:
            raise ValueError(f"problem code {e.code!r}: pattern or family unknown")
        if e.code in out:
            raise ValueError(f"problem code {e.code} declared twice")
        if e.severity not in (ERROR, WARNING) or not (e.zh and e.en and e.hint):
            raise ValueError(f"problem code {e.code}: severity, zh, en and hint are required")
        out[e.code] = e
    return out


CATALOGUE: dict[str, Entry] = _index(ENTRIES)


def by_family() -> list[tuple[str, list[Entry]]]:
    """(family prefix, its entries in code order), families in ``FAMILIES`` order."""
    return [
        (fam, sorted((e for e in ENTRIES if e.family == fam), key=lambda e: e.code))
        for fam in FAMILIES
        if any(e.family == fam for e in ENTRIES)
    ]
