"""Assessment output files: JSON with every breakdown, and a CSV table, both reproducible."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..records.cellsafe import safe_cell
from .engine import Assessment, as_dict


def write(a: Assessment, out: Path, commit: str) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"{a.name}-{a.period}"
    data = as_dict(a, commit)
    json_path = base.with_suffix(".json")
    # One result per line: diffable, and compact enough for 16,000 members with their evidence.
    lines = [
        json.dumps({k: v for k, v in data.items() if k != "results"}, ensure_ascii=False)[:-1]
        + ', "results": ['
    ]
    lines += [
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "," for r in data["results"]
    ]
    if data["results"]:
        lines[-1] = lines[-1][:-1]
    json_path.write_text("\n".join(lines) + "\n]}\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    ids = [i.id for i in a.rules.indicators]
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
            *ids,
            "notes",
        ]
    )
    for r in a.results:
        pts = {i.id: a.fmt(i.points) for i in r.indicators}
        # Names and notes come from records: neutralised for spreadsheets (cellsafe); the
        # points are numbers and stay numbers, negative ones too.
        text = [safe_cell(v) for v in (r.subject, r.name, r.community)]
        w.writerow([*text, safe_cell(a.fmt(r.total), numeric=True), safe_cell(r.grade), safe_cell(r.outcome),
                    r.rank_community, r.rank_district, *(safe_cell(pts.get(i, ""), numeric=True) for i in ids),
                    safe_cell("；".join(r.notes))])  # fmt: skip
    csv_path = base.with_suffix(".csv")
    csv_path.write_text(
        f"# commit {commit}; rules {a.rules.file}; as of {a.as_of}\n" + buf.getvalue(),
        encoding="utf-8",
    )
    return json_path, csv_path
