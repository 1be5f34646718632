"""The ``baodao`` command: validate · build · serve · demo · bench."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .problems import errors, render_json, render_text
from .repo import Repo
from .repo import as_of_for_command as as_of_line


class Progress:
    """Long work said as it goes: on a terminal a spinner (rich) and each finished step with its
    time; in CI or a pipe one plain line per step, nothing that redraws."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.status = None
        self.step = ""
        self.started = 0.0
        if self.live:
            from rich.console import Console

            self.console = Console(stderr=True, highlight=False)

    def __call__(self, message: str) -> None:
        if not self.live or message.startswith("按 "):  # the as-of line: said, not a step
            click.echo(message, err=True)
            return
        self._finish()
        self.step, self.started = message, time.perf_counter()
        if self.status is None:
            self.status = self.console.status(message)
            self.status.start()
        else:
            self.status.update(message)

    def _finish(self) -> None:
        if self.step:
            took = time.perf_counter() - self.started
            self.console.print(f"✓ {self.step.rstrip(' …')}（{took:.1f} 秒）", markup=False)
            self.step = ""

    def done(self) -> None:
        if self.live:
            self._finish()
            if self.status is not None:
                self.status.stop()
                self.status = None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    help="数据仓库根目录（含 data/）/ data repository root",
)
@click.option(
    "--private",
    "private",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="BAODAO_PRIVATE",
    help="私有库目录（默认环境变量 BAODAO_PRIVATE，否则 ROOT/private）/ private root",
)
@click.option(
    "--no-private", is_flag=True, help="只用公开数据（如拉取请求的检查）/ public data only"
)
@click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="schemas 目录（默认 ROOT/schemas）",
)
@click.pass_context
def main(
    ctx: click.Context, root: Path, private: Path | None, no_private: bool, schemas: Path | None
) -> None:
    """baodao：双报到双报告双考核数据的校验、考核与公开网站。"""
    ctx.obj = Repo.locate(root, private, no_private, schemas)


def as_of_option(verb: str = "") -> Callable[[Any], Any]:
    """--as-of, worded once: every command judges by the one as-of rule (repo.as_of)."""
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        help=f"按哪一天{verb}（YYYY-MM-DD；默认见 docs/user-guide.md“检查日期”）",
    )


@main.command()
@as_of_option("检查")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def validate(repo: Repo, as_of: str | None, fmt: str) -> None:
    """校验全部记录，一次报告所有问题 / validate every record."""
    from .assess.validation import problems_of

    started = time.perf_counter()
    day = as_of_line(repo, as_of, "检查")
    # What build and serve report too: the checks, then what only a recompute shows.
    progress = Progress()
    try:
        done = problems_of(repo, day, progress)
    finally:
        progress.done()
    problems = done.problems
    if fmt == "json":
        click.echo(render_json(problems))
    else:
        if problems:
            click.echo(render_text(problems))
        click.echo(
            f"已检查 {done.count} 条记录，用时 {time.perf_counter() - started:.2f} 秒", err=True
        )
        from .demo.planted import planted_note

        note = planted_note(repo.root, problems)
        if note:
            click.echo(note, err=True)
    sys.exit(1 if errors(problems) else 0)


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="public",
    help="网站输出目录 / output folder",
)
@as_of_option("生成")
@click.pass_obj
def build(repo: Repo, out: Path, as_of: str | None) -> None:
    """校验 → 公开视图 → 页面 → mkdocs build → 隐私扫描 / build the public site."""
    from .web.build import BuildRefused
    from .web.build import build as run_build

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    progress = Progress()
    try:
        report = run_build(repo, out, as_of, progress=progress)
    except BuildRefused as exc:
        progress.done()
        if exc.problems:
            click.echo(render_text(exc.problems))
        for leak in exc.leaks:
            click.echo(leak.format())
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.done()  # also on any other failure: never leave a spinner behind
    if report.warnings:
        click.echo(render_text(report.warnings))
        from .demo.planted import planted_note

        note = planted_note(repo.root, report.warnings)
        if note:
            say(note)
    t = report.timings
    say(
        f"已生成 {report.pages} 个页面到 {out}/（数据截至 {report.as_of}；校验 {t['validate']:.1f} 秒，"
        f"页面 {t['render']:.1f} 秒，mkdocs {t['mkdocs']:.1f} 秒，隐私扫描 {t['scan']:.1f} 秒）"
    )


@main.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="只预览一个已生成的网站文件夹（如拉取请求的预览），不监视、不重新生成",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="build/preview",
    help="预览网站的输出目录 / preview output folder",
)
@as_of_option("生成")
@click.option("--port", type=int, default=8000)
@click.pass_obj
def serve(repo: Repo, directory: Path | None, out: Path, as_of: str | None, port: int) -> None:
    """本机预览：生成网站，监视 data/ 和私有库，保存后自动重新生成并刷新浏览器 / live preview on 127.0.0.1."""
    from .web.serve import Preview, Watcher, make_server, watched

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    if directory is not None:
        if not (directory / "index.html").is_file():
            raise click.ClickException(
                f"{directory}/ 里没有网站，先运行 baodao build（或 make site）"
            )
        preview = Preview(None, directory)
    else:
        preview = Preview(repo, out, as_of, say)
        preview.rebuild()
        watcher = Watcher(preview, watched(repo))
        watcher.start()
    with make_server(preview, port) as httpd:
        click.echo(f"预览：http://127.0.0.1:{port}/ （保存记录后自动刷新；Ctrl+C 结束）")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            click.echo("预览已结束", err=True)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--table",
    required=True,
    help="表格：member_registrations（在职党员报到）、activity_log（活动记录）、people（人员名册）、"
    "hotline_tickets（12345 工单汇总）、request_totals（吹哨报到汇总）进私有库；requests（吹哨报到事项）、community_scores（社区综合考核评分）、branch_reviews（支部评议）、property_evaluations（物业评议）或 unit_evaluations（社区对单位的评价）写入公开库",
)
@click.option(
    "--community",
    default=None,
    help="社区编号（导入在职党员报到、活动记录、吹哨报到、支部评议、物业评议、单位评价时必填）",
)
@click.option("--street", default=None, help="街道编号（导入人员名册时必填）")
@click.option("--year", type=int, default=None, help="年份（默认取表中日期或月份的年份）")
@click.option(
    "--period", default=None, help="评分的考核期：如 2026H1、2026Q3；unit_evaluations 写年份"
)
@click.option("--evaluator", default=None, help="community_scores：评分单位编号（文件夹名）")
@click.option(
    "--evaluator-name", "evaluator_name", default=None, help="community_scores：评分单位名称"
)
@click.option(
    "--component",
    default=None,
    help="community_scores：party_building 党建 / departments 部门 / street 街道",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    help="community_scores：评分日期（默认 BAODAO_AS_OF，否则今天）",
)
@click.pass_obj
def import_(
    repo: Repo,
    file: Path,
    table: str,
    community: str | None,
    street: str | None,
    year: int | None,
    period: str | None,
    evaluator: str | None,
    evaluator_name: str | None,
    component: str | None,
    as_of: str | None,
) -> None:
    """把 Excel/WPS 表格或 CSV 导入表格（个人信息进私有库，工单汇总和评分进公开库）；有错误时不写入 / import a spreadsheet."""
    from .scoresheet import SPECS
    from .spreadsheet import ImportRefused, import_table

    if table in SPECS:
        from .scoresheet import import_scores, import_sheet

        day = as_of_line(repo, as_of, "导入", pending=True)
        try:
            if table == "community_scores":
                if not (period and evaluator and component):
                    raise ImportRefused(
                        "导入社区综合考核评分须写明 --period、--evaluator 和 --component"
                    )
                scored = import_scores(
                    repo, file, period, evaluator, component, evaluator_name, day
                )
            else:
                if not (period and community):
                    raise ImportRefused(f"导入{SPECS[table].title}须写明 --period 和 --community")
                scored = import_sheet(repo, file, table, period, community, None, day)
        except ImportRefused as exc:
            raise click.ClickException(str(exc)) from exc
        if scored.problems:
            click.echo(render_text(scored.problems))
        if scored.target is None:
            click.echo("有错误，未写入任何文件 / errors: nothing written", err=True)
            sys.exit(1)
        click.echo(
            f"已导入 {scored.rows} 行评分到 {scored.target.relative_to(repo.root).as_posix()}"
        )
        return

    try:
        report = import_table(repo, file, table, community=community, year=year, street=street)
    except ImportRefused as exc:
        raise click.ClickException(str(exc)) from exc
    if report.problems:
        click.echo(render_text(report.problems))
    if report.target is None:
        click.echo("有错误，未写入任何文件 / errors: nothing written", err=True)
        sys.exit(1)
    try:
        shown = report.target.relative_to(repo.root).as_posix()
    except ValueError:
        shown = str(report.target)
    click.echo(f"已导入 {report.rows} 行到 {shown}（新增 {report.added}，替换 {report.replaced}）")


@main.command()
@click.argument("table")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="输出的 .xlsx 文件",
)
@click.option(
    "--community",
    default=None,
    help="只列出该社区的支部、小区、网格或报到单位（下拉选项也只列本社区的）",
)
@click.pass_obj
def template(repo: Repo, table: str, out: Path, community: str | None) -> None:
    """生成填报用的 Excel 模板（中文表头、下拉选项、文本格式）/ write an .xlsx template."""
    from .scoresheet import SPECS
    from .scoresheet import write_template as scores_template
    from .spreadsheet import ImportRefused
    from .spreadsheet.template import write_template

    try:
        if table in SPECS:
            click.echo(f"已生成模板 {scores_template(out, repo, table, community)}")
            return
        write_template(table, out, repo, community)
    except ImportRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已生成模板 {out}")


@main.command()
@click.option("--check", is_flag=True, help="只检查表单是否与 schema 一致 / check only")
@click.pass_obj
def forms(repo: Repo, check: bool) -> None:
    """由 schema 生成 GitHub issue 表单（报到、需求、资源）/ write the issue forms."""
    from .github.forms import check_forms, write_forms

    if check:
        stale = check_forms(repo)
        for rel in stale:
            click.echo(f"表单与 schema 不一致：{rel}；运行 baodao forms 重新生成")
        sys.exit(1 if stale else 0)
    for rel in write_forms(repo):
        click.echo(f"已写入 {rel}")


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option(
    "--form",
    "form_name",
    required=True,
    type=click.Choice(["unit_registration", "need", "resource"]),
)
@click.option(
    "--date", "day", default=None, help="提交日期（YYYY-MM-DD，默认 BAODAO_AS_OF，否则今天）"
)
@click.option("--author", default=None, help="提交人的 GitHub 账号（只用于拉取请求）")
@click.option("--write", is_flag=True, help="通过后写入数据文件 / write the record")
@click.pass_obj
def intake(
    repo: Repo, file, form_name: str, day: str | None, author: str | None, write: bool
) -> None:
    """把 issue 表单提交的内容转为记录并校验 / turn an issue-form body into a record."""
    from .github.intake import intake as run_intake

    try:
        body = file.read().decode("utf-8")
    except UnicodeDecodeError:
        click.echo("提交的内容不是 UTF-8 文字；修改建议：用 UTF-8 编码保存后重新提交")
        sys.exit(1)
    submitted = as_of_line(repo, day, "检查提交的内容", pending=True)
    result = run_intake(body, form_name, repo, submitted, author)
    if not result.ok:
        for msg in result.messages:
            click.echo(msg)
        sys.exit(1)
    for msg in result.messages:
        click.echo(msg, err=True)
    click.echo(result.text, nl=False)
    if write:
        target = repo.root / (result.path or "")
        if target.exists():
            raise click.ClickException(f"{result.path} 已存在，不覆盖")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text or "", encoding="utf-8")
        click.echo(f"已写入 {result.path}", err=True)


@main.command()
@click.option("--scale", type=click.Choice(["demo", "city"]), default="demo")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--seed", type=int, default=20261123)
def demo(scale: str, out: Path, seed: int) -> None:
    """生成虚构的演示区数据（demo 约 60 个小区；city 为城区规模）/ generate a fictional district."""
    from .demo.generate import generate

    started = time.perf_counter()
    try:
        counts = generate(out, scale, seed)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    summary = "，".join(f"{k} {v}" for k, v in counts.items())
    click.echo(f"已生成 {out}：{summary}（{time.perf_counter() - started:.1f} 秒）")


@main.command()
@click.option("--community", default=None, help="只看某个社区的需求")
@as_of_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def match(repo: Repo, community: str | None, as_of: str | None, fmt: str) -> None:
    """为待认领的需求推荐资源，并说明理由 / propose resources for open needs, with reasons."""
    import json

    from .assess.matching import propose

    day = as_of_line(repo, as_of, "对接")
    ds, _schemas, problems = repo.load_and_check(day)
    if errors(problems):
        click.echo(render_text(errors(problems)))
        raise click.ClickException("记录有错误，先修正再对接")
    proposals = propose(ds, day, community)
    if fmt == "json":
        click.echo(json.dumps([p.__dict__ for p in proposals], ensure_ascii=False, indent=2))
        return
    current = None
    for p in proposals:
        if p.need != current:
            need = ds.get("need", p.need)
            click.echo(f"需求 {p.need} {need.get('name')}（{need.get('community')}）")
            current = p.need
        res = ds.get("resource", p.resource)
        click.echo(f"  {p.score:4.1f}  {p.resource} {res.get('name')}：{'；'.join(p.reasons)}")
    click.echo(f"共 {len(proposals)} 条建议；接受的对接请新建项目（lists/projects/）记录", err=True)


@main.command()
@click.argument(
    "assessment",
    required=False,
    default="all",
    type=click.Choice(
        [
            "all",
            "members",
            "units",
            "stars",
            "communities",
            "property",
            "hotline",
            "requests",
            "force",
        ]
    ),
)
@click.option(
    "--period",
    default=None,
    help="考核期：2026 / 2026H1 / 2026Q3（默认按 --as-of 所在的期；all 时为年份，跑该年每一期）",
)
@as_of_option()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="build/assess",
    help="结果文件目录（党员个人结果含个人信息，不要发布）",
)
@click.option(
    "--freeze",
    is_flag=True,
    help="公示期满后冻结结果（单位结果写入 data/results/，个人结果写入私有库）",
)
@click.option("--amend", default=None, help="冻结结果需要更正时，写明原因")
@click.pass_obj
def assess(
    repo: Repo,
    assessment: str,
    period: str | None,
    as_of: str | None,
    out: Path,
    freeze: bool,
    amend: str | None,
) -> None:
    """考核：党员、单位、支部星级、社区综合考核、物业红黑榜、12345 工单的得分、排名和依据 / run the assessments."""
    from .assess.run import AssessRefused, run
    from .checks import ASSESSMENT_INPUTS

    day = as_of_line(repo, as_of, "考核")
    ds, _schemas, problems = repo.load_and_check(day, ASSESSMENT_INPUTS)
    if errors(problems):
        click.echo(render_text(errors(problems)))
        raise click.ClickException("记录有错误，先修正再考核")
    # The records live until the command ends: the cycle collector need not walk them again
    # while the assessments allocate their results (3 s of 8 at city size).
    gc.freeze()
    try:
        failed = run(
            repo,
            ds,
            assessment,
            period,
            day,
            out,
            freeze,
            amend,
            say=click.echo,
            warn=lambda m: click.echo(m, err=True),
        )
    except AssessRefused as exc:
        raise click.ClickException(str(exc)) from exc
    if failed:
        click.echo(render_text(failed))
        sys.exit(1)


@main.command()
@click.option("--org", default=None, help="只生成某个所在党组织的材料（编号，如 shi-jiaoyuju）")
@click.option("--period", default=None, help="考核期：2026（默认按 --as-of 的年份）")
@as_of_option()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="build/feedback",
    help="反馈材料目录（含个人信息，不要发布、不要提交）",
)
@click.pass_obj
def feedback(repo: Repo, org: str | None, period: str | None, as_of: str | None, out: Path) -> None:
    """双考核结果反馈：给党员所在党组织各一份材料（含姓名和个人结果）/ feedback to home organisations."""
    from .assess.engine import RulesMissing
    from .assess.feedback import FeedbackRefused, unsafe_out, write_feedback

    if repo.private_root is None:
        raise click.ClickException(
            "反馈材料要用私有库中的党员报到记录和人员名册：不能与 --no-private 一起使用；"
            "用 --private 指定私有库"
        )
    reason = unsafe_out(repo, out)
    if reason:
        raise click.ClickException(reason)
    day = as_of_line(repo, as_of, "生成反馈材料")
    period = period or str(day.year)
    from .checks import ASSESSMENT_INPUTS

    ds, _schemas, problems = repo.load_and_check(day, ASSESSMENT_INPUTS)
    if not ds.has_private:
        raise click.ClickException(
            f"私有库 {repo.private_root} 中没有人员名册（people/*.csv），无法生成反馈材料"
        )
    if errors(problems):
        click.echo(render_text(errors(problems)))
        raise click.ClickException("记录有错误，先修正再生成反馈材料")
    try:
        paths = write_feedback(repo, ds, period, day, out, org)
    except (RulesMissing, FeedbackRefused) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已生成 {len(paths)} 份反馈材料到 {out}/（考核期 {period}，数据截至 {day}）")
    click.echo(
        "注意：反馈材料含党员姓名和个人考核结果，属于个人信息：只交给各所在党组织，"
        "不要发布到网站，不要上传或提交到任何仓库 / contains personal data: never publish or commit",
        err=True,
    )


# The editors' workflow on GitHub (docs/user-guide.md): editors, pr, github.
from .github.commands import register as _register_github  # noqa: E402

_register_github(main)


@main.group()
def notices() -> None:
    """公示 / notices."""


@notices.command("publish")
@click.pass_obj
def notices_publish(repo: Repo) -> None:
    """记录每份公示的内容哈希（data/notices/published.yaml）；未记录更正的修改会被拒绝。"""
    from .model.noticelock import publish
    from .records.load import load
    from .records.schemas import SchemaSet

    ds, _problems = load(repo.root, None, SchemaSet.load(repo.schemas_dir))
    result = publish(repo.root, ds)
    if result.problems:
        click.echo(render_text(list(result.problems)))
        raise click.ClickException(f"有已发布的公示未经更正就被修改，没有写入 {result.path}")
    click.echo(
        f"已写入 {result.path}：新发布 {len(result.added)} 份，更正后更新 {len(result.updated)} 份"
        + "".join(f"\n  新发布 {i}" for i in result.added)
        + "".join(f"\n  已更正 {i}" for i in result.updated)
    )


def run(args: list[str] | None = None) -> NoReturn:
    """The ``baodao`` command: ``main``, then the process ends without freeing what the command
    read (``os._exit``, output flushed first). A city's 317,000 records took ~0.35 s to free
    after ``validate`` had said everything; nothing a command leaves needs a finaliser (its
    files are written whole and renamed, its helper processes stopped by the command itself).
    Tests call ``main`` (click's runner): this is for the console script only."""
    try:
        main.main(args=args, prog_name="baodao")
    except SystemExit as exc:
        # Inside the handler: the exception's traceback still holds the command's frames, so
        # the records in them are not freed on the way out either.
        _end(exc.code)
    _end(0)


def _end(code: object) -> NoReturn:
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): said on stderr, as Python does
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head): said enough
            stream.flush()
    os._exit(code)


# Last, after every command is registered: `python -m baodao.cli notices` must find them all.
if __name__ == "__main__":
    run()
