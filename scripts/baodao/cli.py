"""The ``baodao`` command: validate · build · serve · demo · bench."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .problems import errors, render_json, render_text
from .repo import Repo, resolve_as_of


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=".",
              help="数据仓库根目录（含 data/）/ data repository root")  # fmt: skip
@click.option("--private", "private", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="私有库目录（默认 ROOT/private）/ private root")  # fmt: skip
@click.option(
    "--no-private", is_flag=True, help="只用公开数据（如拉取请求的检查）/ public data only"
)
@click.option("--schemas", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="schemas 目录（默认 ROOT/schemas）")  # fmt: skip
@click.pass_context
def main(
    ctx: click.Context, root: Path, private: Path | None, no_private: bool, schemas: Path | None
) -> None:
    """baodao：双报到双报告双考核数据的校验、考核与公开网站。"""
    ctx.obj = Repo.locate(root, private, no_private, schemas)


@main.command()
@click.option("--as-of", "as_of", default=None, help="按哪一天检查（YYYY-MM-DD，默认今天）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def validate(repo: Repo, as_of: str | None, fmt: str) -> None:
    """校验全部记录，一次报告所有问题 / validate every record."""
    started = time.perf_counter()
    ds, _schemas, problems = repo.load_and_check(resolve_as_of(as_of))
    if fmt == "json":
        click.echo(render_json(problems))
    else:
        if problems:
            click.echo(render_text(problems))
        click.echo(
            f"已检查 {ds.count()} 条记录，用时 {time.perf_counter() - started:.2f} 秒", err=True
        )
    sys.exit(1 if errors(problems) else 0)


@main.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default="public",
              help="网站输出目录 / output folder")  # fmt: skip
@click.option("--as-of", "as_of", default=None, help="按哪一天生成（默认提交日期）")
@click.pass_obj
def build(repo: Repo, out: Path, as_of: str | None) -> None:
    """校验 → 公开视图 → 页面 → mkdocs build → 隐私扫描 / build the public site."""
    from .site.build import BuildRefused
    from .site.build import build as run_build

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    try:
        report = run_build(repo, out, as_of, progress=say)
    except BuildRefused as exc:
        if exc.problems:
            click.echo(render_text(exc.problems))
        for leak in exc.leaks:
            click.echo(leak.format())
        raise click.ClickException(str(exc)) from exc
    if report.warnings:
        click.echo(render_text(report.warnings))
    t = report.timings
    say(f"已生成 {report.pages} 个页面到 {out}/（数据截至 {report.as_of}；校验 {t['validate']:.1f} 秒，"
        f"页面 {t['render']:.1f} 秒，mkdocs {t['mkdocs']:.1f} 秒，隐私扫描 {t['scan']:.1f} 秒）")  # fmt: skip


@main.command()
@click.option(
    "--dir", "directory", type=click.Path(path_type=Path, file_okay=False), default="public"
)
@click.option("--port", type=int, default=8000)
def serve(directory: Path, port: int) -> None:
    """在本机预览已生成的网站 / preview the built site on 127.0.0.1."""
    import functools
    import http.server

    if not (directory / "index.html").is_file():
        raise click.ClickException(f"{directory}/ 里没有网站，先运行 baodao build（或 make site）")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        click.echo(f"预览：http://127.0.0.1:{port}/ （Ctrl+C 结束）")
        httpd.serve_forever()


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


if __name__ == "__main__":
    main()
