"""Peak memory of the build (web/memory.py, issue 17): the records and the public view are let
go before MkDocs runs (which runs in helper processes: tests/records/test_children.py)."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

from sitefiles import site_files

from baodao.records.dataset import Dataset
from baodao.repo import collector_paused
from baodao.web import build as build_module
from baodao.web.build import build
from baodao.web.memory import release_memory
from baodao.web.publicview import PublicView


def _live(kind: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_records_and_view_are_let_go_before_mkdocs_runs(tiny, tmp_path, monkeypatch):
    alive: list[tuple[int, int, int]] = []
    real = build_module.build_site

    def spy(*args, **kw):
        gc.unfreeze()  # frozen objects (web/memory.py) are not in gc.get_objects()
        gc.collect()
        # Any object of the view's own classes (compounds, units …): the page memo held them.
        parts = sum(1 for o in gc.get_objects() if type(o).__module__ == PublicView.__module__)
        alive.append((os.getpid(), _live(Dataset), _live(PublicView), parts))
        return real(*args, **kw)

    monkeypatch.setattr(build_module, "build_site", spy)
    build(tiny.repo(), tmp_path / "public", "2026-11-23", work=tmp_path / "work")
    assert alive == [(os.getpid(), 0, 0, 0)]
    assert (tmp_path / "public" / "x" / "lvjing" / "index.html").is_file()


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_what_is_read_with_the_collector_paused_is_not_walked_but_freed_on_release():
    # Frozen when the reading ends (repo.collector_paused): the collections of the rest of the
    # command never walk a city's records again (3.3 s of a build after one edit). Dropped, a
    # record with a cycle is still freed once the build releases memory.
    freed: list[str] = []
    with collector_paused():
        node = _Node()
        weakref.finalize(node, freed.append, "freed")
    assert not any(o is node for o in gc.get_objects())  # out of the collector's walks
    del node
    gc.collect()
    assert freed == []  # frozen: a plain collection leaves it
    release_memory()
    assert freed == ["freed"]


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
    with_hook = {k: v for k, v in site_files(out).items() if not k.startswith("pagefind")}
    with_hook.pop("404.html")  # ours, written after MkDocs (web/notfound.py)
    without = site_files(tmp_path / "plain")
    without.pop("404.html")
    assert sorted(with_hook) == sorted(without)
    assert [k for k in without if with_hook[k] != without[k]] == []
    assert "<title>绿景花园" in without["x/lvjing/index.html"].decode("utf-8")
