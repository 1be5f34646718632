"""The demo's planted warnings are announced in one line (issue 15): a fresh clone's validate
says the stale and late examples are on purpose; any other repository gets no such line."""

from __future__ import annotations

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_ROOT


def test_validate_on_the_demo_announces_its_planted_examples():
    result = CliRunner().invoke(
        main, ["--root", str(CODE_ROOT), "validate", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    # INPUT001: demo/ratings.py leaves one compound a quarter unevaluated in each community with
    # more than two property-managed compounds (5 of the 6), for the 7 quarters 2025Q1–2026Q3
    # whose 15-day deadline has passed by 2026-11-23: 5 × 7 = 35.
    assert "共 0 个错误，42 个警告 / 0 errors, 42 warnings" in result.output
    assert result.stderr.splitlines()[-1] == (
        "演示数据：超期未核实的记录 2 个（FRESH001）、"
        "缺物业服务评议的小区（每季每社区一个） 35 个（INPUT001）、逾期报到 5 个（REG004）"
        "是有意保留的示例，不是你改出来的问题 / planted demo examples"
    )


def test_another_repository_gets_no_demo_line(tiny):
    tiny.replace(
        "data/qinghe/cuihu/grids/cuihu-g01.yaml",
        "verified_at: 2026-09-01",
        "verified_at: 2020-01-01",
    )
    result = CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "--schemas",
            str(CODE_ROOT / "schemas"),
            "validate",
            "--as-of",
            "2026-11-23",
        ],
    )
    assert "FRESH001" in result.output
    assert "演示数据" not in result.output
