"""Evaluators' score sheets: ratings' scores from Excel/WPS into the evaluator's folder, and the
templates to fill in (seed 003: every half year each evaluator scores every community, each
community reviews its branches; every quarter it evaluates each compound's property service).

One sheet is one evaluator's scores for one period:

- ``community_scores``: 社区 (id or name), 得分, 说明 → ``data/evaluations/community/<evaluator>/<period>.yaml``
  (with ``--component`` party_building / departments / street);
- ``branch_reviews``: 支部, 得分, 实体化运行 (是/否), 说明 → ``<street>/<community>/branch-reviews/<period>.yaml``;
- ``property_evaluations``: 小区, 物业公司, 社区评分, 支部评分, 说明 →
  ``<street>/<community>/property-evaluations/<period>.yaml``.

Nothing is written while any row has an error, and each error names the sheet's row and column.
The written record is then checked by the same checks as ``baodao validate`` (RATE001–005), and
removed again if they refuse it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .assess.communities import COMPONENTS
from .checks import ratings, references, schema
from .problems import ERROR, Problem, errors
from .records.dataset import Dataset
from .repo import Repo
from .spreadsheet import ImportRefused, load_sheet

_YES, _NO = frozenset({"是", "true", "yes", "y", "√"}), frozenset({"否", "false", "no", "n", "×"})


@dataclass(frozen=True)
class Col:
    key: str
    names: tuple[str, ...]  # accepted headers; the first is the template's
    kind: str  # "ref:<record type>", "score", "bool" or "text"
    required: bool = True


@dataclass(frozen=True)
class Spec:
    title: str  # the sheet's title in the template
    period: str  # a regex of the period
    example: str
    rows_key: str  # the record's list of rows
    cols: tuple[Col, ...]
    owner: str  # the option naming whose file it is: evaluator or community


SPECS = {
    "community_scores": Spec(
        "社区综合考核评分",
        r"\d{4}H[12]",
        "2026H1",
        "scores",
        (
            Col("community", ("社区", "社区编号", "community"), "ref:community"),
            Col("score", ("得分", "分数", "score"), "score"),
            Col("comment", ("说明", "备注", "comment"), "text", False),
        ),
        "evaluator",
    ),
    "branch_reviews": Spec(
        "支部评议",
        r"\d{4}H[12]",
        "2026H1",
        "reviews",
        (
            Col("branch", ("支部", "支部编号", "branch"), "ref:branch"),
            Col("score", ("得分", "分数", "score"), "score"),
            Col("operating", ("实体化运行", "operating"), "bool"),
            Col("comment", ("说明", "备注", "comment"), "text", False),
        ),
        "community",
    ),
    "property_evaluations": Spec(
        "物业服务评议",
        r"\d{4}Q[1-4]",
        "2026Q3",
        "evaluations",
        (
            Col("compound", ("小区", "小区编号", "compound"), "ref:compound"),
            Col("company", ("物业公司", "company"), "ref:property_company"),
            Col("community_score", ("社区评分", "community_score"), "score"),
            Col("branch_score", ("支部评分", "branch_score"), "score"),
            Col("comment", ("说明", "备注", "comment"), "text", False),
        ),
        "community",
    ),
}
REF_ZH = {"community": "社区", "branch": "支部", "compound": "小区", "property_company": "物业公司"}


@dataclass
class ScoresReport:
    target: Path | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for n, h in enumerate(header):
        if h.strip().lstrip("*＊").strip() in names:
            return n
    return None


def _target(repo: Repo, ds: Dataset, table: str, period: str, owner: str) -> Path:
    if table == "community_scores":
        return repo.root / "data" / "evaluations" / "community" / owner / f"{period.lower()}.yaml"
    community = ds.get("community", owner)
    if community is None:
        raise ImportRefused(f"未知社区 '{owner}'：--community 写社区编号")
    folder = "branch-reviews" if table == "branch_reviews" else "property-evaluations"
    return (
        repo.root
        / "data"
        / str(community.get("street"))
        / owner
        / folder
        / f"{period.lower()}.yaml"
    )


def import_sheet(
    repo: Repo,
    path: Path,
    table: str,
    period: str,
    owner: str,
    extra: dict[str, Any] | None = None,
    day: dt.date | None = None,
) -> ScoresReport:
    """Import one evaluator's sheet of ``table`` for ``period``; ``owner`` is the evaluator (or
    the community) whose file it is; ``extra`` holds the record's other fields."""
    spec = SPECS[table]
    period = period.upper()
    if not re.fullmatch(spec.period, period):
        raise ImportRefused(f"--period 应写成如 {spec.example}，不是 {period}")
    day = day or dt.date.today()
    ds, _schemas, _problems = repo.load_and_check(day, (schema,))
    target = _target(repo, ds, table, period, owner)
    sheet = load_sheet(path, spec.title)
    report = ScoresReport(problems=list(sheet.problems))
    if sheet.problems:
        return report
    cols = {c.key: _column(sheet.header, c.names) for c in spec.cols}
    for c in spec.cols:
        if c.required and cols[c.key] is None:
            report.problems.append(
                Problem(
                    sheet.file,
                    sheet.header_line,
                    "",
                    "SCH001",
                    ERROR,
                    f"表头缺少“{c.names[0]}”列",
                    f"no '{c.key}' column",
                    f"在第一行写上“{c.names[0]}”",
                )
            )
    if report.problems:
        return report
    rows, seen = [], {}
    for row in sheet.rows:
        entry, ok = {}, True
        for c in spec.cols:
            n = cols[c.key]
            text = row.cells[n].strip() if n is not None and n < len(row.cells) else ""
            value, problem = _value(
                ds, c, text, (sheet.file, row.line, sheet.header[n] if n is not None else "")
            )
            if problem is not None:
                report.problems.append(problem)
                ok = False
            elif value not in (None, ""):
                entry[c.key] = value
        first = spec.cols[0]
        key = entry.get(first.key)
        if key is not None and key in seen:
            report.problems.append(
                Problem(
                    sheet.file,
                    row.line,
                    sheet.header[cols[first.key]],
                    "RATE003",
                    ERROR,
                    f"'{key}' 在本表中出现了两次（另见第 {seen[key]} 行）",
                    f"this {first.key} is scored twice in the sheet",
                    f"每个{REF_ZH[first.kind[4:]]}只评一次",
                )
            )
            ok = False
        elif key is not None:
            seen[key] = row.line
        if ok:
            rows.append(entry)
    if errors(report.problems):
        return report
    if not rows:
        report.problems.append(
            Problem(
                sheet.file,
                sheet.header_line,
                "",
                "CSV001",
                ERROR,
                "表中没有评分行",
                "no score rows",
                "每个评分对象写一行",
            )
        )
        return report
    record = {"period": period, **(extra or {}), "date": day.isoformat(), spec.rows_key: rows}
    before = target.read_bytes() if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rel = target.relative_to(repo.root).as_posix()
    found = [p for p in repo.load_and_check(day, (schema, references, ratings))[2] if p.file == rel]
    if errors(found):
        # The checks of the written record refuse it: put back what was there.
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
        report.problems.extend(found)
        return report
    report.target, report.rows = target, len(rows)
    return report


def _value(
    ds: Dataset, c: Col, text: str, where: tuple[str, int, str]
) -> tuple[Any, Problem | None]:
    if not text:
        if c.required:
            return None, Problem(
                *where,
                "SCH001",
                ERROR,
                f"“{c.names[0]}”不能为空",
                f"'{c.key}' is empty",
                f"填写{c.names[0]}",
            )
        return None, None
    if c.kind.startswith("ref:"):
        type_name = c.kind[4:]
        if ds.get(type_name, text) is not None:
            return text, None
        by_name = [r.id for r in ds.of(type_name).values() if r.get("name") == text]
        if len(by_name) == 1:
            return by_name[0], None
        what = REF_ZH[type_name]
        return None, Problem(
            *where,
            "REF001",
            ERROR,
            f"未知{what} '{text}'",
            f"unknown {type_name} '{text}'",
            f"写{what}编号或{what}的全称",
        )
    if c.kind == "score":
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 100:
            return None, Problem(
                *where,
                "SCH005",
                ERROR,
                f"{c.names[0]}须是 0–100 的数（现为 '{text}'）",
                "score must be a number from 0 to 100",
                "填写 0–100 的分数",
            )
        return (int(score) if score == score.to_integral_value() else float(score)), None
    if c.kind == "bool":
        low = text.lower()
        if low in _YES or low in _NO:
            return low in _YES, None
        return None, Problem(
            *where,
            "SCH003",
            ERROR,
            f"{c.names[0]}须填“是”或“否”（现为 '{text}'）",
            "must be yes or no",
            "填写 是 或 否",
        )
    return text, None


def import_scores(
    repo: Repo,
    path: Path,
    period: str,
    evaluator: str,
    component: str,
    evaluator_name: str | None = None,
    day: dt.date | None = None,
) -> ScoresReport:
    if component not in COMPONENTS:
        raise ImportRefused(f"--component 只能是 {' / '.join(COMPONENTS)}，不是 {component}")
    extra = {
        "evaluator": evaluator,
        "evaluator_name": evaluator_name or evaluator,
        "component": component,
    }
    return import_sheet(repo, path, "community_scores", period, evaluator, extra, day)


# What a template lists, one row per object to score: the first column's records.
_LISTED: dict[str, Callable[[Dataset, str | None], list[list[Any]]]] = {
    "community_scores": lambda ds, _c: [
        [r.id, r.get("name")]
        for r in sorted(ds.of("community").values(), key=lambda r: (str(r.get("street")), r.id))
    ],
    "branch_reviews": lambda ds, c: [
        [r.id, r.get("name")]
        for r in sorted(ds.of("branch").values(), key=lambda r: r.id)
        if c is None or r.get("community") == c
    ],
    "property_evaluations": lambda ds, c: [
        [r.id, r.get("name"), (r.get("property") or {}).get("company")]
        for r in sorted(ds.of("compound").values(), key=lambda r: r.id)
        if (c is None or r.get("community") == c) and (r.get("property") or {}).get("company")
    ],
}


def write_template(
    out: Path, repo: Repo, table: str = "community_scores", community: str | None = None
) -> Path:
    """An .xlsx with the header and every object to score listed (id, name for reference)."""
    from openpyxl import Workbook

    spec = SPECS[table]
    ds, _schemas, _problems = repo.load_and_check(dt.date.today(), (schema,))
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    first, *rest = spec.cols
    header = [first.names[0], "名称（参考）"]
    if table == "property_evaluations":
        header.append(rest[0].names[0])
        rest = rest[1:]
    ws.append(header + [c.names[0] for c in rest])
    for listed in _LISTED[table](ds, community):
        ws.append(listed + [None] * len(rest))
    notes = wb.create_sheet("说明")
    notes.append(
        [f"每行一个{REF_ZH[first.kind[4:]]}：写编号或全称；得分写 0–100 的分数；“说明”公开。"]
    )
    notes.append(
        [f"导入：baodao import 本文件 --table {table} --period {spec.example} --{spec.owner} 编号"]
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
