"""The baodao command: exit codes, JSON output, build refusal, as an editor runs it."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_SCHEMAS


def _run(tiny, *args):
    return CliRunner().invoke(
        main, ["--root", str(tiny.root), "--schemas", str(CODE_SCHEMAS), *args]
    )


def test_validate_clean_exits_zero(tiny):
    result = _run(tiny, "validate", "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert re.search(r"已检查 \d+ 条记录，用时", result.output)


def test_validate_reports_errors_and_exits_one(tiny):
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "grid: cuihu-g01", "grid: cuihu-g07")
    result = _run(tiny, "validate", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert (
        "lvjing.yaml:21: buildings[0].serve[0].grid: 错误 REF001 未知网格 'cuihu-g07'"
        in result.output
    )
    assert "共 1 个错误，0 个警告 / 1 errors, 0 warnings" in result.output


def test_validate_json_format(tiny):
    tiny.replace(
        "data/qinghe/cuihu/grids/cuihu-g01.yaml",
        "verified_at: 2026-09-01",
        "verified_at: 2020-01-01",
    )
    result = _run(tiny, "validate", "--as-of", "2026-11-23", "--format", "json")
    assert result.exit_code == 0  # warnings do not fail
    (p,) = json.loads(result.stdout)
    assert p == {
        "file": "data/qinghe/cuihu/grids/cuihu-g01.yaml",
        "line": 16,
        "field": "verified_at",
        "code": "FRESH001",
        "severity": "warning",
        "message": "超过 365 天未核实（上次 2020-01-01）",
        "message_en": "not verified since 2020-01-01",
        "hint": "核实后把 verified_at 改为核实当天的日期",
    }


def test_build_refuses_and_builds_nothing_on_errors(tiny, tmp_path):
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "grid: cuihu-g01", "grid: cuihu-g07")
    out = tmp_path / "public"
    result = _run(tiny, "build", "--out", str(out), "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert "错误 REF001 未知网格 'cuihu-g07'" in result.output
    assert "有 1 个错误，不生成网站；先运行 baodao validate 修正" in result.output
    assert not out.exists()


def test_build_then_serve_refuses_an_empty_folder(tiny, tmp_path):
    out = tmp_path / "public"
    result = _run(tiny, "build", "--out", str(out), "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert (out / "x" / "lvjing" / "index.html").is_file()
    result = CliRunner().invoke(main, ["serve", "--dir", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "里没有网站，先运行 baodao build（或 make site）" in result.output


def test_every_command_is_reachable_via_python_m_baodao_cli():
    """`python -m baodao.cli X` reaches the same commands as the `baodao` entry point (notices
    was registered after the module's __main__ guard and was missing)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CODE_SCHEMAS.parent / "scripts")}
    for command in (*main.commands, "notices"):
        done = subprocess.run(
            [sys.executable, "-m", "baodao.cli", command, "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr)
        assert "No such command" not in done.stderr


def _console(tiny, *args):
    """The console script as a shell runs it (``cli.run``: it ends the process itself)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CODE_SCHEMAS.parent / "scripts")}
    return subprocess.run(
        [sys.executable, "-m", "baodao.cli", "--root", str(tiny.root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_console_script_says_everything_into_a_pipe_and_exits_with_the_commands_code(tiny):
    """``run`` ends the process without freeing the records (os._exit): what was written to a
    pipe (block-buffered) is all there first, and the exit code is the command's."""
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "grid: cuihu-g01", "grid: cuihu-g07")
    done = _console(tiny, "--schemas", str(CODE_SCHEMAS), "validate", "--as-of", "2026-11-23")
    assert done.returncode == 1, done.stderr
    assert "错误 REF001 未知网格 'cuihu-g07'" in done.stdout
    assert done.stdout.endswith("共 1 个错误，0 个警告 / 1 errors, 0 warnings\n")
    assert re.search(r"已检查 \d+ 条记录，用时", done.stderr)


def test_the_console_script_exits_as_click_says(tiny):
    ok = _console(tiny, "validate", "--as-of", "2026-11-23", "--format", "json")
    assert (ok.returncode, json.loads(ok.stdout)) == (0, []), ok.stderr
    refused = _console(tiny, "validate", "--as-of", "someday")
    assert refused.returncode == 1
    assert "Error: 日期须写成 YYYY-MM-DD：Invalid isoformat string: 'someday'" in refused.stderr
    misused = _console(tiny, "validate", "--nope")
    assert misused.returncode == 2
    assert "Error: No such option '--nope'." in misused.stderr
