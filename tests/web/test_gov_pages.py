"""治理公开 on the site: every part from data with its explanation; people only as suppressed counts."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from baodao.web.build import build

REQ = "data/qinghe/cuihu/requests/2026.csv"
FUNDS = "data/qinghe/cuihu/funds/2026-cuihu.yaml"


def _visible(path: Path) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def _site(tiny, tmp_path: Path) -> Path:
    tiny.path("private/qinghe/cuihu/requests/2026-totals.csv").unlink()
    tiny.write(
        REQ,
        "id,grid,compound,category,summary,raised,department,responded,closed,evaluation\n"
        "cuihu-2026-0001,cuihu-g01,lvjing,facilities,路灯不亮,2026-09-30,shizheng,2026-10-08,2026-10-13,satisfied\n",
    )
    tiny.write(
        FUNDS,
        {
            "id": "2026-cuihu",
            "community": "cuihu",
            "period": "2026",
            "funds": [
                {
                    "kind": "service",
                    "budget": 2000,
                    "spent": 500,
                    "uses": [{"date": "2026-05-01", "purpose": "老年助餐补贴", "amount": 500}],
                }
            ],
        },
    )
    tiny.edit("data/qinghe/cuihu/community.yaml", lambda d: d.update(households=96))
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def test_governance_pages_and_dashboard(tiny, tmp_path):
    out = _site(tiny, tmp_path)
    index = _visible(out / "gov" / "index.html")
    assert "吹哨报到、接诉即办（2026 年） 1 件，按时办结率 100.0%，满意率 100.0%" in index
    for page in ("requests-2026", "force-2026", "coverage", "funds-2026", "admission"):
        assert (out / "gov" / page / "index.html").is_file(), page
    requests = _visible(out / "gov" / "requests-2026" / "index.html")
    assert "一般事项 5 个工作日内办结" in requests and "在时限最后一天办结的算按时" in requests
    force = _visible(out / "gov" / "force-2026" / "index.html")
    # 2 members, 1 concurrent member, 1 grid worker: counts under 5; 动值 and 失值 hidden, so the index too.
    assert "翠湖社区 96 少于 5 少于 5 8 少于 5 12 每百户 12.5 人 40.00 分 — — 分" in force
    assert "足值 = 力量人数 ÷ 户数 × 100" in force and "种子004" in force
    coverage = _visible(out / "gov" / "coverage" / "index.html")
    assert "物业项目党组织覆盖率 100.0% 90.2%" in coverage
    funds = _visible(out / "gov" / "funds-2026" / "index.html")
    assert "服务群众专项经费 2,000.00 500.00 25.0%" in funds and "老年助餐补贴 500.00" in funds
    admission = _visible(out / "gov" / "admission" / "index.html")
    assert "负面清单（社区不承担、不出具）（10 项）" in admission and "无犯罪记录证明" in admission
    community = json.loads((out / "dashboard" / "community" / "cuihu.json").read_text("utf-8"))
    assert community["requests"]["on_time_rate"] == "100.0%"
    assert community["force"]["members"] == "少于 5" and community["force"]["index"] == "—"
    assert community["coverage"]["grids"] == "100.0%"
    district = json.loads((out / "dashboard" / "district" / "district.json").read_text("utf-8"))
    assert (
        district["registrations"]["units_reported"] == 1
        and district["unit_assessment"]["units"] == 1
    )
    assert set(district) >= {"requests", "force", "coverage", "funds", "member_assessment"}
    assert (out / "dashboard" / "street" / "qinghe.json").is_file()
    # The nav holds the one index page; the record pages hang off it.
    assert 'href="gov/"' in (out / "index.html").read_text("utf-8")
