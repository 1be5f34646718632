"""MkDocs shared between processes (web/mkdocsrun.py, web/mkdocshooks.py): each process writes
its own pages, only one the theme's files, and together they write byte for byte what a single
MkDocs process writes."""

from __future__ import annotations

from pathlib import Path

import yaml
from sitefiles import site_files

from baodao.records.children import Child, wait_all
from baodao.web import mkdocsrun
from baodao.web.build import build


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
