"""The demo's planted examples, announced: a fresh clone's ``baodao validate`` warns about records
the generator makes stale or late, or leaves unevaluated, on purpose (docs/demo: HARD_CASES,
report_in_cases, ratings.py's one compound a quarter without a property evaluation), and says so
in one line instead of leaving a new editor to wonder what they broke."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from ..problems import WARNING, Problem

# What the generator writes into the demo's site description (places.py): the mark of the demo.
DEMO_MARK = "虚构的演示区"
# Warning codes the demo plants, and what they show.
PLANTED = {
    "FRESH001": "超期未核实的记录",
    "INPUT001": "缺物业服务评议的小区（每季每社区一个）",
    "REG004": "逾期报到",
}


def planted_note(root: Path, problems: list[Problem]) -> str | None:
    """One line naming the planted warnings of the demo data; None for any other repository."""
    try:
        district = yaml.safe_load((root / "data" / "district.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    site = district.get("site") if isinstance(district, dict) else None
    if not isinstance(site, dict) or not str(site.get("description", "")).startswith(DEMO_MARK):
        return None
    counts = Counter(p.code for p in problems if p.severity == WARNING and p.code in PLANTED)
    if not counts:
        return None
    shown = "、".join(f"{PLANTED[code]} {n} 个（{code}）" for code, n in sorted(counts.items()))
    return f"演示数据：{shown}是有意保留的示例，不是你改出来的问题 / planted demo examples"
