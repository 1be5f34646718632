"""The tiny fixture's private root, written at test time: the public repository tracks no
private table, not even a fictional one (docs/privacy.md, PRIV008). Rows as the tests expect
them: a registry of eight people of 翠湖 (three consented names, one consented phone, a canary
note), two member report-ins, three activity logs, a row of bulk request counts and two 12345
cells.

Kept as Python rows, not as CSV text: what ``git ls-files`` lists is then no table at all.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

TABLES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "people/qinghe.csv": (
        (
            "id",
            "name",
            "community",
            "consent_name",
            "consent_phone",
            "phone",
            "consent_date",
            "note",
        ),
        (
            ("p-0001", "王建国", "cuihu", "true", "false", "", "2021-05-10", ""),
            ("p-0002", "李娜", "cuihu", "true", "true", "13900002222", "2023-03-01", ""),
            ("p-0003", "赵长安", "cuihu", "true", "false", "", "2022-01-01", ""),
            ("p-0004", "金丝雀甲", "cuihu", "false", "false", "", "", "CANARY-NOTE-7Q3Z"),
            ("p-0005", "孙秀英", "cuihu", "false", "false", "", "", ""),
            ("p-0006", "周明", "cuihu", "false", "false", "", "", ""),
            ("p-0007", "吴刚", "cuihu", "false", "false", "", "", ""),
            ("p-0008", "郑华", "cuihu", "true", "false", "", "2026-08-20", ""),
        ),
    ),
    "qinghe/cuihu/activities/2026.csv": (
        ("person", "date", "activity", "service_type", "hours", "verified_by", "note"),
        (
            (
                "p-0006",
                "2026-04-10",
                "五访五问五帮入户走访",
                "volunteer",
                "4",
                "翠湖社区第一网格专职网格员",
                "",
            ),
            (
                "p-0006",
                "2026-06-13",
                "cuihu-e01",
                "expertise",
                "6",
                "翠湖社区第一网格专职网格员",
                "",
            ),
            (
                "p-0006",
                "2026-09-20",
                "法律咨询",
                "expertise",
                "3.5",
                "翠湖社区第一网格专职网格员",
                "",
            ),
        ),
    ),
    "qinghe/cuihu/members/2026.csv": (
        (
            "person",
            "date",
            "home_org",
            "compound",
            "building",
            "specialties",
            "hobbies",
            "service_types",
            "needs",
            "moved_from",
            "note",
        ),
        (
            (
                "p-0006",
                "2026-03-02",
                "shi-jiaoyuju",
                "lvjing",
                "3",
                "法律咨询",
                "书法",
                "expertise;volunteer",
                "",
                "",
                "",
            ),
            (
                "p-0007",
                "2026-03-20",
                "qh-shuiwu",
                "changle",
                "1",
                "水电维修",
                "",
                "volunteer",
                "",
                "",
                "",
            ),
        ),
    ),
    "qinghe/cuihu/requests/2026-totals.csv": (
        (
            "month",
            "department",
            "category",
            "raised",
            "closed",
            "on_time",
            "overdue_open",
            "evaluated",
            "satisfied",
        ),
        (("2026-02", "zhujian", "property", "6", "5", "4", "1", "3", "3"),),
    ),
    "hotline/2026.csv": (
        ("month", "compound", "category", "tickets"),
        (
            ("2026-01", "lvjing", "property", "6"),
            ("2026-02", "changle", "parking", "2"),
        ),
    ),
}


def write_tiny_private(root: Path) -> Path:
    """Write the tiny private root into ``root/private`` (as a district's checkout beside the
    public one would hold it) and return it."""
    private = root / "private"
    for rel, (header, rows) in TABLES.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        path = private / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out.getvalue(), encoding="utf-8")
    return private
