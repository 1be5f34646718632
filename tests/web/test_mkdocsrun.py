"""MkDocs shared between processes (web/mkdocsrun.py, web/mkdocshooks.py): each process writes
its own pages, only one the theme's files, and together they write byte for byte what a single
MkDocs process writes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from sitefiles import site_files

from baodao.records.children import Child, wait_all
from baodao.web import mkdocsrun
from baodao.web.build import build
from baodao.web.incremental import output_of
from baodao.web.themecache import CACHE


def _config_into(work: Path, site: Path) -> Path:
    """The build's staged config, writing into ``site``."""
    config = yaml.safe_load((work / "mkdocs.yml").read_text("utf-8"))
    config["site_dir"] = str(site)
    cfg = work / f"{site.name}.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return cfg


def _staged(tiny, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    build(tiny.repo(), tmp_path / "public", "2026-11-23", work=work)
    return work


def test_two_processes_write_what_one_writes_byte_for_byte(tiny, tmp_path):
    work = _staged(tiny, tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    mkdocsrun.build_site(_config_into(work, one), one, dirty=False, pages=10**6, n=1)
    mkdocsrun.build_site(_config_into(work, two), two, dirty=False, pages=10**6, n=2)
    single, shared = site_files(one), site_files(two)
    assert len(single) > 20  # a real site: pages, theme assets, sitemap
    assert sorted(shared) == sorted(single)
    assert [rel for rel in single if shared[rel] != single[rel]] == []


def test_each_share_writes_its_own_pages_and_only_the_first_the_themesite_files(tiny, tmp_path):
    work = _staged(tiny, tmp_path)
    one = tmp_path / "one"
    mkdocsrun.build_site(_config_into(work, one), one, dirty=False, pages=10**6, n=1)
    single = site_files(one)
    shares = []
    for k in (0, 1):
        site = tmp_path / f"share{k}"
        cfg = _config_into(work, site)
        wait_all([Child("baodao.web.mkdocsrun", str(cfg), "--share", f"{k}/2")])  # alone
        shares.append(site_files(site))
    pages = [{rel for rel in s if rel.endswith(".html")} - {"404.html"} for s in shares]
    assert pages[0] and pages[1]  # both did work
    assert pages[0] & pages[1] == set()  # no page written twice
    assert not any(rel.startswith("assets/") for rel in shares[1])
    assert "sitemap.xml" in shares[0] and "sitemap.xml" not in shares[1]
    union = {**shares[0], **shares[1]}
    assert sorted(union) == sorted(single)
    assert [rel for rel in single if union[rel] != single[rel]] == []


def test_few_pages_to_write_use_one_process(monkeypatch, tmp_path):
    started: list[tuple[str, ...]] = []
    monkeypatch.setattr(mkdocsrun, "Child", lambda module, *args: started.append(args))
    monkeypatch.setattr(mkdocsrun, "wait_all", lambda children: [])
    cfg = tmp_path / "mkdocs.yml"
    mkdocsrun.build_site(cfg, tmp_path / "site", dirty=True, pages=mkdocsrun.SHARED_FROM - 1, n=2)
    assert started == [(str(cfg), "--dirty")]
    started.clear()
    mkdocsrun.build_site(cfg, tmp_path / "site", dirty=True, pages=mkdocsrun.SHARED_FROM, n=2)
    assert started == [(str(cfg), "--share", "0/2"), (str(cfg), "--share", "1/2")]


def _pages(work: Path) -> list[str]:
    docs = work / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def test_a_dirty_build_writes_again_the_pages_it_is_told_and_those_without_output(tiny, tmp_path):
    """Told which docs files changed, MkDocs does not compare modification times: a page not
    told of keeps its output even with a newer source; a told page and a missing output are
    written."""
    work = _staged(tiny, tmp_path)
    public = tmp_path / "public"
    told, newer, gone = _pages(work)[:3]
    for rel in (told, newer):
        doc = work / "docs" / rel
        doc.write_text(doc.read_text("utf-8").replace("</", "<!-- 改 --></", 1), "utf-8")
    (public / output_of(gone)).unlink()
    listed = tmp_path / "changed.json"
    listed.write_text(json.dumps([told]), "utf-8")
    before = {rel: (public / output_of(rel)).read_bytes() for rel in (told, newer)}
    mkdocsrun.build_site(work / "mkdocs.yml", public, dirty=True, pages=1, n=1, changed=listed)
    assert (public / output_of(told)).read_bytes() != before[told]
    assert "<!-- 改 -->" in (public / output_of(told)).read_text("utf-8")
    assert (public / output_of(newer)).read_bytes() == before[newer]
    assert (public / output_of(gone)).is_file()


def test_a_process_on_standby_writes_what_a_fresh_one_writes(tiny, tmp_path):
    work = _staged(tiny, tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    mkdocsrun.build_site(_config_into(work, one), one, dirty=False, pages=10**6, n=1)
    ready = mkdocsrun.standby(work / "mkdocs.yml")
    mkdocsrun.build_site(_config_into(work, two), two, dirty=False, pages=10**6, n=1, ready=ready)
    single, warmed = site_files(one), site_files(two)
    assert len(single) > 20
    assert sorted(warmed) == sorted(single)
    assert [rel for rel in single if warmed[rel] != single[rel]] == []


def test_on_standby_the_themes_templates_are_compiled_from_the_last_config(tiny, tmp_path):
    work = _staged(tiny, tmp_path)
    CACHE.code.clear()
    mkdocsrun._ready(str(work / "mkdocs.yml"))
    compiled = {key for key in CACHE.code}
    assert len(compiled) > 20  # Material's main, base, partials …, and the site's overrides
    CACHE.code.clear()
    mkdocsrun._ready(None)  # no last build: MkDocs imported, nothing compiled
    assert CACHE.code == {}


def test_a_process_on_standby_that_is_not_needed_ends_without_error():
    assert mkdocsrun.standby(None).result() == b""
