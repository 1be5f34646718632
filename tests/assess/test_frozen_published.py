"""Frozen is published, end to end on a tiny git repository: freeze units, communities and stars,
build (no false LEAK001), then change a frozen input: ``validate`` and ``pr check`` fail with
FROZEN001, and the site still shows the frozen figure. Figures worked out by hand:

- unit qh-shuiwu 2026: 15 + 15 + 90/100 × 40 + 1/2 × 20 + 25/50 × 10 = 81.00 (良好); with the
  community's evaluation lowered to 50: 15 + 15 + 20 + 10 + 5 = 65.00 (合格).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from baodao.cli import main
from baodao.github.prcheck import check_pr
from baodao.web.build import build
from conftest import AS_OF, TinyRepo

sys.path.insert(0, str(Path(__file__).parents[1] / "github"))
from prrepo import make_repo  # noqa: E402
from test_ratings import _communities, _half, _star_inputs  # noqa: E402

EVALUATION = "data/qinghe/cuihu/evaluations/2026-qh-shuiwu.yaml"
DAY = "2026-11-23"


def _cli(root: Path, *args: str):
    return CliRunner().invoke(
        main, ["--root", str(root), "--no-private", *args], catch_exceptions=False
    )


def _visible(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_freeze_build_then_a_changed_frozen_input_is_caught_and_the_site_keeps_the_frozen_figure(
    tmp_path,
):
    repo = make_repo(tmp_path / "repo")
    tiny = TinyRepo(repo.root)
    tiny.write(
        "data/qinghe/cuihu/unit-reports/2026-qh-shuiwu.yaml",
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "submitted": "2026-11-10",
            "summary": "参与楼道照明共建",
            "projects": ["cuihu-p01"],
            "person_times": 25,
        },
    )
    tiny.write(
        EVALUATION,
        {
            "id": "2026-qh-shuiwu",
            "year": 2026,
            "unit": "qh-shuiwu",
            "community": "cuihu",
            "date": "2026-11-20",
            "score": 90,
            "comment": "积极",
        },
    )
    _star_inputs(tiny)
    _half(tiny, "2026H1", _communities(tiny, 10), (80, 70, 90), (60, 60, 60))
    repo.commit("inputs")

    for name, period in (("units", "2026"), ("communities", "2026H1"), ("stars", "2026H1")):
        done = _cli(
            repo.root,
            "assess",
            name,
            "--period",
            period,
            "--as-of",
            DAY,
            "--out",
            str(tmp_path / "a"),
            "--freeze",
        )
        assert done.exit_code == 0, done.output
    frozen = json.loads(tiny.path("data/results/unit-assessment/2026.json").read_text("utf-8"))
    assert [(r["subject"], r["total"], r["grade"]) for r in frozen["results"]] == [
        ("qh-shuiwu", "81.00", "良好")
    ]
    assert len(frozen["commit"]) == 40 and frozen["inputs"].startswith("sha256:")
    repo.commit("freeze")

    assert _cli(repo.root, "validate", "--as-of", DAY).exit_code == 0
    out = tmp_path / "public"
    build(tiny.repo(private=False), out, DAY, work=tmp_path / "work")  # raises on LEAK001
    page = _visible((out / "a" / "communities-2026h1" / "index.html").read_text("utf-8"))
    assert "已定稿：公示期满后于 2026-11-23 冻结" in page
    # The rules' treatment of a missing review (missing: zero in the template rules) is said.
    stars_page = _visible((out / "a" / "stars-2026h1" / "index.html").read_text("utf-8"))
    assert "缺评分的处理：按 0 分计（见各项结果的说明）" in stars_page

    repo.branch("topic")
    tiny.replace(EVALUATION, "score: 90", "score: 50")
    repo.commit("lower the evaluation")
    done = _cli(repo.root, "validate", "--as-of", DAY)
    assert done.exit_code == 1
    message = (
        "data/results/unit-assessment/2026.json:1: results: 错误 FROZEN001 重新计算的单位党组织履行社会责任考核（2026）"
        "与冻结结果不一致：qh-shuiwu：总分 81.00 → 65.00，等级 良好 → 合格（evaluation 36.00 → 20.00）"
        " / recomputed results differ from the frozen record in 1 places"
        "\n    修改建议：找出改动了哪条记录或规则；确需更正的，用 baodao assess --freeze --amend 原因 记录更正"
    )
    assert message in done.output
    report = check_pr(repo.root, "main", "topic", "qinghe-kaohe", as_of=AS_OF)
    assert report.trust == [] and not report.ok
    assert [p.format() for p in report.problems if p.code == "FROZEN001"] == [message]

    out2 = tmp_path / "public2"
    # The build still publishes (the frozen figures), and reports the FROZEN001 it found.
    report2 = build(tiny.repo(private=False), out2, DAY, work=tmp_path / "work2")
    assert [p.format() for p in report2.warnings if p.severity == "error"] == [message]
    unit = _visible((out2 / "a" / "index.html").read_text("utf-8"))
    assert "81.00" in unit and "65.00" not in unit
    rules = _visible((out2 / "a" / "units-2026" / "index.html").read_text("utf-8"))
    assert "报到社区的评价分达到 100 分得满分，按比例给分；社区未评价的按 0 分计" in rules

    # The documented correction: --freeze --amend REASON, then approved by the department.
    done = _cli(
        repo.root,
        "assess",
        "units",
        "--period",
        "2026",
        "--as-of",
        DAY,
        "--out",
        str(tmp_path / "b"),
        "--freeze",
        "--amend",
        "社区复核后更正评价分",
    )
    assert done.exit_code == 0, done.output
    repo.commit("amend the frozen unit result")
    unapproved = check_pr(repo.root, "main", "topic", "qinghe-kaohe", as_of=AS_OF)
    assert sorted(p.code for p in unapproved.trust) == ["PR002", "PR004"]
    approved = check_pr(
        repo.root, "main", "topic", "qinghe-kaohe", approvals=["zuzhibu-admin"], as_of=AS_OF
    )
    assert approved.trust == [] and approved.ok, [p.format() for p in approved.problems]
