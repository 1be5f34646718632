"""Peak memory of the build (web/memory.py, issue 17): the records and the public view are let
go before MkDocs runs, MkDocs runs in a child process that gives its memory back, and a failure
in that child reaches the build as the same exception."""

from __future__ import annotations

import gc
import gzip
import os
from pathlib import Path

import pytest

from baodao.records.dataset import Dataset
from baodao.web import build as build_module
from baodao.web.build import build
from baodao.web.memory import ChildFailed, in_child, in_children
from baodao.web.publicview import PublicView


def _live(kind: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_records_and_view_are_let_go_before_mkdocs_runs(tiny, tmp_path, monkeypatch):
    alive: list[tuple[int, int, int]] = []
    real = build_module.build_site

    def spy(*args):
        gc.collect()
        # Any object of the view's own classes (compounds, units …): the page memo held them.
        parts = sum(1 for o in gc.get_objects() if type(o).__module__ == PublicView.__module__)
        alive.append((os.getpid(), _live(Dataset), _live(PublicView), parts))
        return real(*args)

    monkeypatch.setattr(build_module, "build_site", spy)
    build(tiny.repo(), tmp_path / "public", "2026-11-23", work=tmp_path / "work")
    assert alive == [(os.getpid(), 0, 0, 0)]
    assert (tmp_path / "public" / "x" / "lvjing" / "index.html").is_file()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_a_step_in_a_child_writes_what_the_parent_then_reads(tmp_path):
    target = tmp_path / "out.txt"
    in_child(_write, target, "子进程写的")
    assert target.read_text("utf-8") == "子进程写的"


def _fail(message: str) -> None:
    raise ValueError(message)


def test_an_exception_in_the_child_is_raised_in_the_parent_as_it_was():
    with pytest.raises(ValueError, match="^mkdocs 配置有误$"):
        in_child(_fail, "mkdocs 配置有误")


def _die() -> None:
    os._exit(3)


def test_a_child_that_dies_without_a_word_is_a_failure_with_its_exit_code():
    with pytest.raises(ChildFailed, match="退出码 3"):
        in_child(_die)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_every_child_runs_to_its_end_and_the_first_failure_given_is_raised(tmp_path):
    log = tmp_path / "log.txt"
    with pytest.raises(ValueError, match="^第一个$"):
        in_children([(_fail, ("第一个",)), (_append, (log, "b")), (_fail, ("第二个",))])
    assert log.read_text("utf-8") == "b"


def _files(base: Path) -> dict[str, bytes]:
    """Each file's bytes; a gzip file's content (its header carries the time of the run)."""
    return {
        p.relative_to(base).as_posix(): (
            gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        )
        for p in base.rglob("*")
        if p.is_file()
    }


def test_dropping_each_page_source_after_render_changes_no_output_byte(tiny, tmp_path):
    import yaml

    from baodao.web.mkdocsrun import run_mkdocs

    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    config = yaml.safe_load((work / "mkdocs.yml").read_text("utf-8"))
    assert [Path(h).name for h in config["hooks"]] == ["mkdocshooks.py"]
    del config["hooks"]
    config["site_dir"] = str(tmp_path / "plain")
    plain = tmp_path / "plain.yml"
    plain.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run_mkdocs(plain)
    with_hook = {k: v for k, v in _files(out).items() if not k.startswith("pagefind")}
    with_hook.pop("404.html")  # ours, written after MkDocs (web/notfound.py)
    without = _files(tmp_path / "plain")
    without.pop("404.html")
    assert sorted(with_hook) == sorted(without)
    assert [k for k in without if with_hook[k] != without[k]] == []
    assert "<title>绿景花园" in without["x/lvjing/index.html"].decode("utf-8")
