"""Evaluators' score sheets: ratings' scores from Excel/WPS into the evaluator's folder, and the
templates to fill in (seed 003: every half year each evaluator scores every community, each
community reviews its branches; every quarter it evaluates each compound's property service;
every year it evaluates the units that reported to it).

One sheet is one evaluator's scores for one period:

- ``community_scores``: 社区 (id or name), 得分, 说明 → ``data/evaluations/community/<evaluator>/<period>.yaml``
  (with ``--component`` party_building / departments / street);
- ``branch_reviews``: 支部, 得分, 实体化运行 (是/否), 评语 → ``<street>/<community>/branch-reviews/<period>.yaml``;
- ``property_evaluations``: 小区, 物业公司, 社区评分, 支部评分, 评语 →
  ``<street>/<community>/property-evaluations/<period>.yaml``;
- ``unit_evaluations``: 单位, 评价分, 评语 → one file per unit,
  ``<street>/<community>/evaluations/<year>-<unit>.yaml`` (``--period`` is the year).

Every reference is checked against the current data and names (or aliases) become ids
(spreadsheet/refs.py); nothing is written while any row has an error, and each error names the
sheet's cell (``表名!B3``). The written records are then checked by the same checks as
``baodao validate`` (RATE001–006 …), and removed again if they refuse them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .assess.communities import COMPONENTS
from .checks import hierarchy, ratings, references, schema
from .model.suggest import did_you_mean
from .problems import ERROR, Problem, errors, sort_problems
from .repo import Repo
from .spreadsheet import ImportRefused, load_sheet
from .spreadsheet.refs import RefColumn, References, cell_problem
from .spreadsheet.sheet import LISTS_SHEET, NOTES_SHEET

_YES, _NO = frozenset({"是", "true", "yes", "y", "√"}), frozenset({"否", "false", "no", "n", "×"})
TEMPLATE_ROWS = 300  # rows formatted as text, with drop-downs, below the listed ones
_COMMENT = ("评语", "说明", "备注", "comment")


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
    rows_key: str | None  # the record's list of rows (None: one file per row)
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
            Col("comment", ("说明", "备注", "评语", "comment"), "text", False),
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
            Col("score", ("得分", "评议分", "分数", "score"), "score"),
            Col("operating", ("实体化运行", "operating"), "bool"),
            Col("comment", _COMMENT, "text", False),
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
            Col("comment", _COMMENT, "text", False),
        ),
        "community",
    ),
    "unit_evaluations": Spec(
        "社区对单位的评价",
        r"\d{4}",
        "2026",
        None,
        (
            Col("unit", ("单位", "单位编号", "unit"), "ref:unit"),
            Col("score", ("评价分", "得分", "分数", "score"), "score"),
            Col("comment", _COMMENT, "text", False),
        ),
        "community",
    ),
}
REF_ZH = {
    "community": "社区",
    "branch": "支部",
    "compound": "小区",
    "property_company": "物业公司",
    "unit": "单位",
}


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


def _folder(refs: References, table: str, owner: str) -> Path:
    """The evaluator's folder (relative to data/): the evaluator's own, or the community's."""
    if table == "community_scores":
        return Path("evaluations") / "community" / owner
    communities = refs.ids("community")
    if owner not in communities:
        guess, _ = did_you_mean(owner, communities)
        raise ImportRefused(f"未知社区 '{owner}'{guess}：--community 写社区编号")
    folder = {
        "branch_reviews": "branch-reviews",
        "property_evaluations": "property-evaluations",
        "unit_evaluations": "evaluations",
    }[table]
    return Path(communities[owner]["street"]) / owner / folder


def _records(
    spec: Spec, period: str, owner: str, extra: dict, day: dt.date, rows: list[dict]
) -> dict[str, dict]:
    """File name -> record: one file of rows, or (unit evaluations) one file per row."""
    if spec.rows_key is not None:
        record = {"period": period, **extra, "date": day.isoformat(), spec.rows_key: rows}
        return {f"{period.lower()}.yaml": record}
    out = {}
    for row in rows:
        rid = f"{period}-{row['unit']}"
        out[f"{rid}.yaml"] = {
            "id": rid,
            "year": int(period),
            "unit": row["unit"],
            "community": owner,
            "date": day.isoformat(),
            **{k: v for k, v in row.items() if k != "unit"},
        }
    return out


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
    refs = References(repo.root, repo.private_root)
    folder = repo.root / "data" / _folder(refs, table, owner)
    scope = {} if table == "community_scores" else {"community": owner}
    sheet = load_sheet(path, spec.title)
    report = ScoresReport(problems=list(sheet.problems))
    if sheet.problems:
        return report
    cols = {c.key: _column(sheet.header, c.names) for c in spec.cols}
    at = {sheet.header[n]: n for n in cols.values() if n is not None}
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
        report.problems = sheet.place(report.problems, at)
        return report
    rows, seen = [], {}
    first = spec.cols[0]
    for row in sheet.rows:
        entry, ok = {}, True
        for c in spec.cols:
            n = cols[c.key]
            text = row.cells[n].strip() if n is not None and n < len(row.cells) else ""
            where = (sheet.file, row.line, sheet.header[n] if n is not None else "")
            value, problem = _value(refs, scope, c, text, where)
            if problem is not None:
                report.problems.append(problem)
                ok = False
            elif value not in (None, ""):
                entry[c.key] = value
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
    if not rows and not errors(report.problems):
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
    if errors(report.problems):
        ordered = sorted(set(report.problems), key=lambda p: (p.line, at.get(p.field, -1), p))
        report.problems = sheet.place(ordered, at)
        return report
    records = _records(spec, period, owner, extra or {}, day, rows)
    before = {n: (folder / n).read_bytes() if (folder / n).exists() else None for n in records}
    folder.mkdir(parents=True, exist_ok=True)
    for name, record in records.items():
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    written = {(folder / n).relative_to(repo.root).as_posix() for n in records}
    checks = (schema, references, hierarchy, ratings)
    found = [p for p in repo.load_and_check(day, checks)[2] if p.file in written]
    if errors(found):
        # The checks of the written records refuse them: put back what was there.
        for name, old in before.items():
            if old is None:
                (folder / name).unlink()
            else:
                (folder / name).write_bytes(old)
        report.problems.extend(sort_problems(found))
        return report
    report.target = folder / next(iter(records)) if len(records) == 1 else folder
    report.rows = len(rows)
    return report


def _value(
    refs: References, scope: dict[str, str], c: Col, text: str, where: tuple[str, int, str]
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
        col = RefColumn(c.key, c.names[0], (type_name,))
        value, problem = cell_problem(refs, col, text, scope, where)
        return (None, problem) if problem is not None else (value, None)
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


def _listed(refs: References, table: str, community: str | None) -> list[list[Any]]:
    """What a template lists, one row per object to score: id and name (and, for property, the
    company serving now)."""
    scope = {"community": community} if community else {}

    def named(type_name: str, ids: list[str]) -> list[list[Any]]:
        return [[rid, (refs.names(type_name).get(rid) or [None])[0]] for rid in ids]

    if table == "community_scores":
        ids = refs.ids("community")
        return named("community", sorted(ids, key=lambda r: (ids[r].get("street", ""), r)))
    if table == "branch_reviews":
        return named("branch", sorted(refs.in_scope("branch", scope)))
    if table == "property_evaluations":
        out = []
        for rid, name in named("compound", sorted(refs.in_scope("compound", scope))):
            company = (refs.record("compound", rid).get("property") or {}).get("company")
            if company:
                company_names = refs.names("property_company").get(company) or [company]
                out.append([rid, name, company_names[0]])
        return out
    # Units: those that reported to the community (its registrations), else every unit.
    reported = sorted(
        {
            str(refs.record("unit_registration", r).get("unit"))
            for r in refs.in_scope("unit_registration", scope)
        }
        & set(refs.ids("unit"))
    )
    return named("unit", reported if community else sorted(refs.ids("unit")))


def write_template(
    out: Path, repo: Repo, table: str = "community_scores", community: str | None = None
) -> Path:
    """An .xlsx with the header and every object to score listed (id, name for reference);
    text-formatted cells, and drop-downs (names shown: the import maps them to ids) for the
    object, the company and 是/否 columns, from a hidden sheet of lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = SPECS[table]
    refs = References(repo.root, repo.private_root)
    if community is not None:
        _folder(refs, "branch_reviews", community)  # refuses an unknown community
    scope = {"community": community} if community else {}
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    first, *rest = spec.cols
    header: list[tuple[str, Col | None]] = [(first.names[0], first), ("名称（参考）", None)]
    header += [(c.names[0], c) for c in rest]
    listed = _listed(refs, table, community)
    ws.append([h for h, _ in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in listed:
        ws.append(row + [None] * (len(header) - len(row)))
    last = len(listed) + TEMPLATE_ROWS + 1
    n_lists = 0
    for i, (title, c) in enumerate(header, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, 2 * len(title) + 4)
        if c is None or c.kind in ("text",) or c.kind.startswith("ref:"):
            for r in range(2, last + 1):  # ids and names as text: every digit kept
                ws.cell(row=r, column=i).number_format = "@"
        if c is None:
            continue
        if c.kind == "bool":
            dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
            dv.errorTitle, dv.error = title, "请选择 是 或 否"
        elif c.kind.startswith("ref:"):
            type_name = c.kind[4:]
            names = refs.choices((type_name,), scope)
            if not names:
                continue
            n_lists += 1
            src = get_column_letter(n_lists)
            lists.cell(row=1, column=n_lists, value=title)
            for r, name in enumerate(names, start=2):
                lists.cell(row=r, column=n_lists, value=name).number_format = "@"
            formula = f"'{LISTS_SHEET}'!${src}$2:${src}${len(names) + 1}"
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.errorStyle = "warning"  # a typed id is right too: warn, do not block
            dv.errorTitle, dv.error = title, "请从下拉列表中选择，或填写编号"
        else:
            continue
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last}")
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(NOTES_SHEET)
    what = REF_ZH[first.kind[4:]]
    notes.append(
        [f"每行一个{what}：写编号或名称（可从下拉列表选）；分数写 0–100 的数；评语、说明公开。"]
    )
    owner = f"--{spec.owner} 编号"
    if spec.owner == "evaluator":
        owner += " --evaluator-name 名称 --component party_building|departments|street"
    notes.append([f"导入：baodao import 本文件 --table {table} --period {spec.example} {owner}"])
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
