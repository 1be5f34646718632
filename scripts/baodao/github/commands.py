"""The editors' workflow commands: ``baodao editors …``, ``baodao pr …``, ``baodao github …``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..repo import Repo, as_of_for_command


def _fail(exc: Exception) -> None:
    raise click.ClickException(str(exc)) from exc


@click.group()
def editors() -> None:
    """编辑权限：data/editors.yaml → .github/CODEOWNERS；编辑指南页面。"""


@editors.command("codeowners")
@click.option("--check", is_flag=True, help="只检查 .github/CODEOWNERS 是否与 editors.yaml 一致")
@click.pass_obj
def codeowners_cmd(repo: Repo, check: bool) -> None:
    """由 data/editors.yaml 生成 .github/CODEOWNERS / write CODEOWNERS."""
    from ..model.editors import CODEOWNERS_FILE, Editors, codeowners

    text = codeowners(Editors.load(repo.root))
    target = repo.root / CODEOWNERS_FILE
    if check:
        if not target.is_file() or target.read_text("utf-8") != text:
            click.echo(
                f"{CODEOWNERS_FILE} 与 data/editors.yaml 不一致；运行 baodao editors codeowners 重新生成"
            )
            sys.exit(1)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    click.echo(f"已写入 {CODEOWNERS_FILE}")


@editors.command("docs")
@click.option("--check", is_flag=True, help="只检查页面是否与问题目录一致")
@click.pass_obj
def docs_cmd(repo: Repo, check: bool) -> None:
    """由问题目录（scripts/baodao/problems/）生成规则代码页面和编辑指南的《校验问题说明》。"""
    from ..repo import CODE_ROOT
    from .editordocs import pages

    stale = []
    for rel, text in pages().items():
        target = CODE_ROOT / rel
        if check:
            if not target.is_file() or target.read_text("utf-8") != text:
                stale.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        click.echo(f"已写入 {rel}")
    if stale:
        click.echo(
            f"{'、'.join(stale)} 与问题目录不一致；运行 baodao editors docs 重新生成"
            f" / out of date with the problem catalogue: run baodao editors docs"
        )
        sys.exit(1)


@click.group()
def pr() -> None:
    """拉取请求：按目标分支检查权限和数据；发表检查评论。"""


@pr.command("check")
@click.option("--base", required=True, help="目标分支的提交（如 origin/main 或 SHA）")
@click.option("--head", required=True, help="拉取请求的提交")
@click.option("--author", required=True, help="拉取请求的 GitHub 账号")
@click.option("--approved-by", "approved", multiple=True, help="批准了当前提交的账号（可重复）")
@click.option(
    "--submitter",
    default=None,
    help="机器人为表单开的拉取请求：表单 issue 的作者（baodao pr submitter 从 GitHub 读出）",
)
@click.option("--pr", "number", type=int, default=None, help="拉取请求编号（写入报告，供评论使用）")
@click.option("--as-of", "as_of", default=None)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="报告 JSON 文件"
)
@click.option(
    "--markdown",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="中文报告 Markdown 文件（默认打印）",
)
@click.option(
    "--preview",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="在此目录生成合并后的预览网站",
)
@click.option("--scope-only", is_flag=True, help="只检查权限和受保护的文件（快），不校验数据")
@click.pass_obj
def check_cmd(
    repo: Repo,
    base: str,
    head: str,
    author: str,
    approved: tuple[str, ...],
    submitter: str | None,
    number: int | None,
    as_of: str | None,
    out: Path | None,
    markdown: Path | None,
    preview: Path | None,
    scope_only: bool,
) -> None:
    """按目标分支的代码、规则和 editors.yaml 检查拉取请求 / check a pull request."""
    from .comment import render
    from .prcheck import GitError, check_pr, git

    day = None  # --scope-only judges no dates
    if not scope_only:
        try:
            head_sha = git(repo.root, "rev-parse", "--verify", f"{head}^{{commit}}").strip()
        except GitError as exc:
            _fail(exc)
        # The commit judged is the pull request's head: its date, as validate on that checkout.
        day = as_of_for_command(repo, as_of, "检查拉取请求", commit=head_sha)
    try:
        report = check_pr(
            repo.root,
            base,
            head,
            author,
            list(approved),
            submitter or None,
            day,
            preview,
            validate=not scope_only,
            private=repo.private_root,
        )
    except GitError as exc:
        _fail(exc)
    if scope_only:
        from dataclasses import replace

        from ..problems import render_text
        from .safepath import shown

        # This goes to the Actions log: a file name must not start a line of its own.
        click.echo(render_text([replace(p, file=shown(p.file)) for p in report.trust]))
        sys.exit(0 if not report.trust else 1)
    data = report.to_json()
    if number is not None:
        data["pr"] = number
    if out:
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = render(data)
    if markdown:
        markdown.write_text(text, encoding="utf-8")
    else:
        click.echo(text)
    n = len(report.trust) + sum(p.severity == "error" for p in report.problems)
    click.echo(
        f"检查了 {len(report.files)} 个文件：{'通过' if report.ok else f'{n} 个错误'}", err=True
    )
    sys.exit(0 if report.ok else 1)


@pr.command("tree-report", hidden=True)
@click.option("--as-of", "as_of", required=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.pass_obj
def tree_report_cmd(repo: Repo, as_of: str, out: Path) -> None:
    """pr check 内部使用：一次读取，校验并考核一棵树 / internal: one tree's report for pr check.

    What ``validate --format json`` then ``assess`` (public data) said of the tree, from one
    load of its records when it can: JSON {"problems": [...], "results": {...} or null}."""
    import gc

    from ..assess.run import AssessRefused, run
    from ..assess.validation import validate
    from ..checks import ASSESSMENT_INPUTS
    from ..problems import errors
    from .prtrees import TreeReport, read_results

    day = as_of_for_command(repo, as_of, "检查")
    ds, _schemas, problems = validate(repo, day)
    # The assessment reads public data only and refuses on its inputs' errors (as `assess`):
    # the records just checked serve when they are exactly that, else the inputs are reloaded.
    usable = True
    if repo.private_root is not None or errors(problems):
        repo = Repo.locate(repo.root, no_private=True, schemas=repo.schemas_dir)
        ds, _schemas, inputs = repo.load_and_check(day, ASSESSMENT_INPUTS)
        usable = not errors(inputs)
    results = None
    if usable:
        gc.freeze()  # as `assess`: the records live until the end
        quiet: Callable[[str], None] = lambda _m: None  # noqa: E731 - only the results count
        try:
            failed = run(repo, ds, "all", None, day, out, False, None, say=quiet, warn=quiet)
        except AssessRefused:
            failed = None
        if failed == []:
            results = read_results(out)
    click.echo(json.dumps(TreeReport(problems, results).to_json(), ensure_ascii=False))


def _gh():
    from .client import connect

    return connect()


@pr.command("comment")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option(
    "--report", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=True
)
@click.option(
    "--event",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="GITHUB_EVENT_PATH",
    required=True,
    help="workflow_run 事件的 JSON（GitHub 写的 $GITHUB_EVENT_PATH）：拉取请求、提交和运行编号从这里读",
)
@click.option("--bot-login", default="github-actions[bot]")
@click.option("--preview-url", default="")
def comment_cmd(
    full_name: str, report: Path, event: Path, bot_login: str, preview_url: str
) -> None:
    """把检查报告发表为触发运行所属拉取请求的评论（每个拉取请求一条，原地更新）。"""
    from .client import GitHubFailed
    from .comment import post_report
    from .workflowrun import load_event

    try:
        url = post_report(
            _gh(),
            full_name,
            report.read_text("utf-8", errors="replace")[:2_000_000],
            load_event(event),
            bot_login,
            preview_url,
        )
    except GitHubFailed as exc:
        _fail(exc)
    click.echo(f"检查评论：{url}")


@pr.command("approvals")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--pr", "number", type=int, required=True)
@click.option("--head-sha", required=True)
def approvals_cmd(full_name: str, number: int, head_sha: str) -> None:
    """列出批准了当前提交的账号（每行一个）。"""
    from .client import GitHubFailed
    from .comment import approvers

    try:
        for login in approvers(_gh(), full_name, number, head_sha):
            click.echo(login)
    except GitHubFailed as exc:
        _fail(exc)


@pr.command("submitter")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--pr", "number", type=int, required=True)
def submitter_cmd(full_name: str, number: int) -> None:
    """表单拉取请求（分支 intake/issue-N）：打印表单 issue 的作者；其他拉取请求不打印。"""
    from .client import GitHubFailed
    from .intakepr import submitter_of

    try:
        login = submitter_of(_gh(), full_name, number)
    except GitHubFailed as exc:
        _fail(exc)
    if login:
        click.echo(login)


@pr.command("files")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--pr", "number", type=int, required=True)
def files_cmd(full_name: str, number: int) -> None:
    """列出拉取请求改动的全部文件（GitHub 分页返回）。"""
    from .client import GitHubFailed
    from .comment import pr_files

    try:
        for name in pr_files(_gh(), full_name, number):
            click.echo(name)
    except GitHubFailed as exc:
        _fail(exc)


@click.group("github")
def github_group() -> None:
    """在 GitHub 上：表单 → 拉取请求，公示发布，复核提醒。"""


@github_group.command("intake")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--issue", "number", type=int, required=True)
@click.option("--date", "day", default=None, help="提交日期（默认今天）")
@click.option("--bot-login", default="github-actions[bot]")
@click.pass_obj
def intake_cmd(repo: Repo, full_name: str, number: int, day: str | None, bot_login: str) -> None:
    """把表单 issue 转为记录并开拉取请求；不通过时在 issue 里列出要改的项。"""
    from .client import GitHubFailed
    from .intakepr import open_pr

    try:
        outcome = open_pr(
            _gh(),
            full_name,
            number,
            repo,
            as_of_for_command(repo, day, "检查提交的内容", pending=True),
            bot_login,
        )
    except GitHubFailed as exc:
        _fail(exc)
    click.echo(outcome.message)


@github_group.command("notices")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--as-of", "as_of", default=None)
@click.pass_obj
def notices_cmd(repo: Repo, full_name: str, as_of: str | None) -> None:
    """为公示期内的公示发布 release；公示期已结束的标为结束。"""
    from .client import GitHubFailed
    from .publish import announce_notices

    try:
        done = announce_notices(_gh(), full_name, repo, as_of_for_command(repo, as_of, "发布公示"))
    except GitHubFailed as exc:
        _fail(exc)
    click.echo(f"公示发布：新建 {len(done.created)}，标为结束 {len(done.updated)}")


@github_group.command("reverify")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--as-of", "as_of", default=None)
@click.pass_obj
def reverify_cmd(repo: Repo, full_name: str, as_of: str | None) -> None:
    """为超期未核实的记录按社区开（或更新、关闭）复核 issue。"""
    from .client import GitHubFailed
    from .publish import reverify

    try:
        done = reverify(_gh(), full_name, repo, as_of_for_command(repo, as_of, "复核"))
    except GitHubFailed as exc:
        _fail(exc)
    click.echo(
        f"复核 issue：新建 {len(done.created)}，更新 {len(done.updated)}，关闭 {len(done.closed)}"
    )


@github_group.command("settings")
@click.option("--repo", "full_name", required=True, envvar="GITHUB_REPOSITORY")
@click.option("--check", is_flag=True, help="有不符合的设置时以错误退出（用于 CI 或定期核对）")
def settings_cmd(full_name: str, check: bool) -> None:
    """核对仓库设置：默认分支的保护（代码所有者审核、必需的检查）、环境和工作流程权限。

    读取分支保护需要管理员的令牌（GITHUB_TOKEN）。"""
    from .client import GitHubFailed
    from .settings import read_settings, report

    try:
        branch, found = read_settings(_gh(), full_name)
    except GitHubFailed as exc:
        _fail(exc)
    click.echo(report(full_name, branch, found))
    if check and not all(s.ok for s in found):
        sys.exit(1)


def register(main: click.Group) -> None:
    for group in (editors, pr, github_group):
        main.add_command(group)
