"""The repository as a whole: no file anywhere in it holds a private table (PRIV008)."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_SCHEMAS

PRIV008 = (
    "docs/huiyi/qiandao.csv:1: 错误 PRIV008 表头与私有库的表格“在职党员活动记录”相同：公开仓库里不能有私有表格"
    " / a file in the public repository has the header of a private table (在职党员活动记录)"
    "\n    修改建议：把文件移到私有库，用 git rm --cached 取消跟踪，并从 git 历史中清除"
)


def _validate(tiny):
    return CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "--schemas",
            str(CODE_SCHEMAS),
            "validate",
            "--as-of",
            "2026-11-23",
        ],
    )


def test_a_private_table_outside_data_is_refused(tiny):
    # Named for a meeting's sign-in sheet, but its header is the activity log's.
    tiny.write(
        "docs/huiyi/qiandao.csv",
        "person,date,activity,service_type,hours,verified_by\np-0005,2026-05-01,x,volunteer,2,cuihu\n",
    )
    done = _validate(tiny)
    assert done.exit_code == 1 and PRIV008 in done.output


def test_in_a_git_work_tree_the_tracked_files_count(tiny):
    tiny.write("docs/huiyi/qiandao.csv", "person,date,activity,service_type,hours,verified_by\n")
    subprocess.run(["git", "init", "-q", str(tiny.root)], check=True)
    tiny.write(".gitignore", "/private/\n/docs/huiyi/\n")
    assert _validate(tiny).exit_code == 0  # ignored: never in the repository
    tiny.write(".gitignore", "/private/\n")
    done = _validate(tiny)  # untracked but not ignored: the next `git add -A` publishes it
    assert done.exit_code == 1 and PRIV008 in done.output
