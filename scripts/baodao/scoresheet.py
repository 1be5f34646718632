"""Evaluators' score sheets: the community assessment's scores from Excel/WPS into the evaluator's
folder, and the template to fill in (seed 003: the organisation department, each department
and each street score every community every half year).

One sheet is one evaluator's scores for one component of one half year: a column 社区 (the
community's id or name), 得分 (0–100) and optionally 说明. The import writes
``data/evaluations/community/<evaluator>/<period>.yaml``; nothing is written while any row has
an error, and each error names the sheet's row and column. The written record is then checked
by the same checks as ``baodao validate`` (a street scoring another street's community, RATE002).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .assess.communities import COMPONENTS
from .checks import ratings, references, schema
from .problems import ERROR, Problem, errors
from .repo import Repo
from .spreadsheet import ImportRefused, load_sheet

TITLE = "社区综合考核评分"
COLUMNS = {"community": ("社区", "社区编号", "community"), "score": ("得分", "分数", "score"),
           "comment": ("说明", "备注", "comment")}  # fmt: skip


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


def import_scores(repo: Repo, path: Path, period: str, evaluator: str, component: str,
                  evaluator_name: str | None = None, day: dt.date | None = None) -> ScoresReport:  # fmt: skip
    period = period.upper()
    if len(period) != 6 or not period[:4].isdigit() or period[4:] not in ("H1", "H2"):
        raise ImportRefused(f"--period 应写成如 2026H1，不是 {period}")
    if component not in COMPONENTS:
        raise ImportRefused(f"--component 只能是 {' / '.join(COMPONENTS)}，不是 {component}")
    day = day or dt.date.today()
    ds, _schemas, _problems = repo.load_and_check(day, (schema,))
    sheet = load_sheet(path, TITLE)
    report = ScoresReport(problems=list(sheet.problems))
    if sheet.problems:
        return report
    cols = {k: _column(sheet.header, names) for k, names in COLUMNS.items()}
    for key in ("community", "score"):
        if cols[key] is None:
            report.problems.append(Problem(sheet.file, sheet.header_line, "", "SCH001", ERROR,
                                           f"表头缺少“{COLUMNS[key][0]}”列", f"no '{key}' column",
                                           f"在第一行写上“{COLUMNS[key][0]}”"))  # fmt: skip
    if report.problems:
        return report
    by_name = {str(c.get("name")): c.id for c in ds.of("community").values()}
    rows, seen = [], {}
    for row in sheet.rows:

        def cell(key: str, row=row) -> str:
            n = cols[key]
            return row.cells[n].strip() if n is not None and n < len(row.cells) else ""

        where = (sheet.file, row.line)
        given = cell("community")
        cid = given if ds.get("community", given) else by_name.get(given)
        if cid is None:
            report.problems.append(Problem(*where, sheet.header[cols["community"]], "REF001", ERROR,
                                           f"未知社区 '{given}'", f"unknown community '{given}'",
                                           "写社区编号（如 cuihu）或社区的全称（如 翠湖社区）"))  # fmt: skip
        elif cid in seen:
            report.problems.append(Problem(*where, sheet.header[cols["community"]], "RATE003", ERROR,
                                           f"'{given}' 在本表中出现了两次（另见第 {seen[cid]} 行）",
                                           "this community is scored twice in the sheet",
                                           "每个社区只评一次分"))  # fmt: skip
        else:
            seen[cid] = row.line
        text = cell("score")
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 100:
            report.problems.append(Problem(*where, sheet.header[cols["score"]], "SCH005", ERROR,
                                           f"得分须是 0–100 的数（现为 '{text}'）",
                                           "score must be a number from 0 to 100", "填写 0–100 的分数"))  # fmt: skip
            continue
        if cid is not None:
            entry = {
                "community": cid,
                "score": int(score) if score == score.to_integral_value() else float(score),
            }
            if cell("comment"):
                entry["comment"] = cell("comment")
            rows.append(entry)
    if errors(report.problems) or not rows:
        if not rows and not report.problems:
            report.problems.append(Problem(sheet.file, sheet.header_line, "", "CSV001", ERROR,
                                           "表中没有评分行", "no score rows"))  # fmt: skip
        return report
    target = repo.root / "data" / "evaluations" / "community" / evaluator / f"{period.lower()}.yaml"
    record = {"period": period, "evaluator": evaluator, "evaluator_name": evaluator_name or evaluator,
              "component": component, "date": day.isoformat(), "scores": rows}  # fmt: skip
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


def write_template(out: Path, repo: Repo) -> Path:
    """An .xlsx with the header and every community (id and name) listed, scores to fill in."""
    from openpyxl import Workbook

    ds, _schemas, _problems = repo.load_and_check(dt.date.today(), (schema,))
    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    ws.append(["社区", "社区名称（参考）", "得分", "说明"])
    for c in sorted(ds.of("community").values(), key=lambda r: (str(r.get("street")), r.id)):
        ws.append([c.id, c.get("name"), None, None])
    notes = wb.create_sheet("说明")
    for line in ("每行一个社区：“社区”写编号或全称，“得分”写 0–100 的分数，“说明”可写扣分或加分理由（公开）。",
                 "导入：baodao import 本文件 --table community_scores --period 2026H1 --evaluator 评分单位编号"
                 " --component party_building|departments|street"):  # fmt: skip
        notes.append([line])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
