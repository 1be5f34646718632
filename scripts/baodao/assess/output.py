"""Assessment output files: JSON with every breakdown, and CSV tables, both reproducible.

Every column name is unique (an indicator named ``community`` must not collide with the
community column): indicator points are ``points_<indicator id>``. A second list of the same
period (the property companies) gets its own CSV, ``<name>-<period>-<kind>.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from ..records.cellsafe import safe_cell
from .communities import YearStanding
from .engine import Assessment, SubjectResult, as_dict, fmt_points
from .stamp import Stamp


def _json_lines(items: list) -> list[str]:
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "," for r in items]
    if lines:
        lines[-1] = lines[-1][:-1]
    return lines


def _csv(a: Assessment, results: tuple[SubjectResult, ...], stamp: Stamp) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    ids = [i.id for i in a.rules.indicators] if results is a.results else []
    w.writerow(
        [
            "subject",
            "name",
            "community",
            "total",
            "grade",
            "outcome",
            "rank_community",
            "rank_district",
            *(f"points_{i}" for i in ids),
            "notes",
        ]
    )
    for r in results:
        pts = {i.id: a.fmt(i.points) for i in r.indicators}
        # Names and notes come from records: neutralised for spreadsheets (cellsafe); the
        # points are numbers and stay numbers, negative ones too.
        text = [safe_cell(v) for v in (r.subject, r.name, r.community)]
        w.writerow(
            [
                *text,
                safe_cell(a.fmt(r.total), numeric=True),
                safe_cell(r.grade),
                safe_cell(r.outcome),
                r.rank_community,
                r.rank_district,
                *(safe_cell(pts.get(i, ""), numeric=True) for i in ids),
                safe_cell("；".join(r.notes)),
            ]
        )
    return f"# {stamp.line()}; rules {a.rules.file}; as of {a.as_of}\n" + buf.getvalue()


def write(a: Assessment, out: Path, stamp: Stamp) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"{a.name}-{a.period}"
    data = as_dict(a, stamp.commit, stamp.inputs)
    json_path = base.with_suffix(".json")
    head = {k: v for k, v in data.items() if k not in ("results", a.group_kind)}
    # One result per line: diffable, and compact enough for 16,000 members with their evidence.
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "results": [']
    lines += _json_lines(data["results"])
    if a.groups:
        lines.append(f'], "{a.group_kind}": [')
        lines += _json_lines(data[a.group_kind])
    json_path.write_text("\n".join(lines) + "\n]}\n", encoding="utf-8")
    csv_path = base.with_suffix(".csv")
    csv_path.write_text(_csv(a, a.results, stamp), encoding="utf-8")
    if a.groups:
        path = out / f"{a.name}-{a.period}-{a.group_kind}.csv"
        path.write_text(_csv(a, a.groups, stamp), encoding="utf-8")
    return json_path, csv_path


def write_standing(s: YearStanding, out: Path, stamp: Stamp) -> tuple[Path, Path]:
    """A year's community standing (the basis of "bottom 10 % two years running", seed 003)."""
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"communities-{s.year}-standing"
    fmt = s.rules.rounding

    def shown(x: Decimal | None) -> str:
        return fmt_points(fmt.hundredths(x), fmt.places) if x is not None else ""

    rows = [
        {
            "subject": r.subject,
            "name": r.name,
            "first_half": shown(r.first),
            "second_half": shown(r.second),
            "year": shown(r.total),
            "rank": r.rank,
            "bottom": r.bottom,
        }
        for r in s.rows
    ]
    head = {
        "assessment": "communities",
        "title": "社区综合考核年度排名",
        "year": s.year,
        "standing": s.how,
        "commit": stamp.commit,
        "inputs": stamp.inputs,
        "rules": s.rules.file,
    }
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "results": [', *_json_lines(rows)]
    json_path = base.with_suffix(".json")
    json_path.write_text("\n".join(lines) + "\n]}\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "name", "first_half", "second_half", "year", "rank", "bottom"])
    for r in rows:
        w.writerow(
            [
                safe_cell(r["subject"]),
                safe_cell(r["name"]),
                r["first_half"],
                r["second_half"],
                r["year"],
                r["rank"],
                "yes" if r["bottom"] else "",
            ]
        )
    csv_path = base.with_suffix(".csv")
    csv_path.write_text(
        f"# {stamp.line()}; rules {s.rules.file}; standing {s.how}\n" + buf.getvalue(),
        encoding="utf-8",
    )
    return json_path, csv_path
