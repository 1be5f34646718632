"""build: validate → public view → pages → mkdocs build → privacy scan.

Incremental (web/incremental.py): pages whose bytes did not change are not rendered again
(MkDocs' dirty mode), Pagefind runs only when a page changed, and the scan reads only files it
has not found clean before; anything global changed (config, site/, code) makes a full build.

Refuses to build on validation errors, and removes its output when the scan finds a leak, so a
site with a private value in it is never left behind to be published.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import pickle
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..assess.validation import validate
from ..model.rules import rules_in_force
from ..problems import Problem, errors
from ..records.cache import FileCache, cache_dir
from ..records.children import Child, Forked, can_fork
from ..records.git import commit_epoch
from ..repo import CODE_ROOT, AsOf, Repo
from ..repo import as_of as resolve
from .boards import forget_qr_memo, load_qr_memo, save_qr_memo, start_drawing
from .dashboard import write_dashboards
from .fulltext import PARTS_FILE, index_site, part_of
from .incremental import (
    Manifest,
    Staging,
    State,
    empty_later,
    fingerprint,
    remove_outputs,
    sync_tree,
)
from .lookup import write_lookup
from .memory import jobs, release_memory
from .mkdocsrun import build_site, standby
from .notfound import write_not_found
from .pagememo import PageMemo
from .pinyin import Readings
from .pinyin import helper as pinyin_helper
from .portal import write_files
from .publicview import PublicView, build_view
from .render import OTHERS, PLACES, write_pages
from .scan import Leak, detectors, needles, scan_with
from .viewmemo import SavedViewMemo, ViewMemo, direct

HOOKS = "mkdocshooks.py"  # MkDocs hooks of every build (web/mkdocshooks.py)
READINGS = "readings.json"  # the names' pinyin, in the cache (web/pinyin.py Readings)
CHANGED_FILE = "changed.json"  # the docs files a dirty build changed, for MkDocs (mkdocsrun.py)
PAGEFIND = "pagefind"  # every part's bundle: pagefind/, pagefind-x1/ … (web/fulltext.py)


class BuildRefused(Exception):
    def __init__(
        self, message: str, problems: list[Problem] | None = None, leaks: list[Leak] | None = None
    ):
        super().__init__(message)
        self.problems = problems or []
        self.leaks = leaks or []


@dataclass
class BuildReport:
    pages: int
    as_of: dt.date
    epoch: int
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    as_of_source: str = ""


def _site_sources(root: Path) -> tuple[Path, Path]:
    """mkdocs.yml and site/ of the data repository, else those that ship with the code."""
    for base in (root, CODE_ROOT):
        if (base / "mkdocs.yml").is_file() and (base / "site").is_dir():
            return base / "mkdocs.yml", base / "site"
    raise BuildRefused("找不到 mkdocs.yml 和 site/ / no mkdocs.yml and site/")


def stage(
    repo: Repo,
    view: PublicView,
    work: Path,
    out: Path,
    memo: PageMemo | None = None,
    reader: Child | None = None,
) -> tuple[Path, int, list[str], list[str]]:
    """Write build/docs (site/ + generated pages) and build/mkdocs.yml; return the config, the
    page count, and the docs files changed and removed since the last build (web/incremental.py:
    a file whose bytes are the same keeps its modification time, so MkDocs' dirty mode skips it).
    ``reader``: the pinyin helper (web/pinyin.py), for names no earlier build read.
    """
    config_src, site_src = _site_sources(repo.root)
    docs = work / "docs"
    fresh = work / "docs.new"
    if fresh.exists():
        shutil.rmtree(fresh)
    shutil.copytree(site_src, fresh, ignore=shutil.ignore_patterns("overrides"))
    # The pages the memo finds current in docs: not written.
    kept = memo.kept if memo is not None else set()
    # Files whose staged bytes are the same stay as they are; some are not even made again.
    beside = Staging(fresh, docs, kept, memo.unchanged if memo is not None else None)

    def others() -> tuple[int, dict[str, str], set[str]]:
        n = write_pages(view, fresh, memo, docs, OTHERS)
        write_dashboards(view, beside)  # dashboard/<level>/<id>.json (docs/assessments.md)
        write_files(view, beside, repo.root)  # the notices' feed and the open data
        return n, dict(memo.keys) if memo is not None else {}, set(kept)

    # The compounds' pages, their boards and the lookup here; the other pages and files
    # meanwhile in a copy of this process (records/children.py, Forked), on the second core.
    apart = None
    if jobs() > 1 and can_fork():
        with contextlib.suppress(OSError):  # no fork to be had (memory, processes): in turn
            apart = Forked(others, "pages")
    try:
        pages = write_pages(view, fresh, memo, docs, PLACES)
        cache = cache_dir(repo.root)
        readings = Readings(cache / READINGS if cache is not None else None, reader)
        # The 有事找支部 search index and answers (JSON, not pages).
        write_lookup(view, beside, readings)
        readings.save()
        n, keys, also = apart.result() if apart is not None else others()
    finally:
        if apart is not None:
            apart.stop()
    pages += n
    if memo is not None:
        memo.keys.update(keys)
    kept |= also
    changed, removed = sync_tree(fresh, docs, kept)
    config = yaml.safe_load(config_src.read_text("utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(out.resolve())
    # site_name is printed unescaped by the theme; the title comes from an editor's record.
    config["site_name"] = html.escape(view.site_title)
    # The meta description of pages without their own (printed unescaped by the theme too).
    config["site_description"] = html.escape(view.site_description or view.site_title)
    config["theme"]["custom_dir"] = str(site_src / "overrides")
    config.pop("exclude_docs", None)
    config["hooks"] = [*(config.get("hooks") or []), str(Path(__file__).with_name(HOOKS))]
    cfg = work / "mkdocs.yml"
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    if not cfg.is_file() or cfg.read_text("utf-8") != text:
        cfg.write_text(text, encoding="utf-8")
    return cfg, pages, changed, removed


def build(
    repo: Repo,
    out: Path,
    as_of_text: str | None = None,
    work: Path | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    view_memo: ViewMemo | None = None,
    parsed: FileCache | None = None,
) -> BuildReport:
    """``view_memo``: the preview's (web/viewmemo.py), which keeps the public view's parts;
    ``parsed``: the files it keeps parsed in memory (web/quickpreview.py), read through instead
    of the parse cache on disk, so that the build holds no second copy of the records."""
    t0 = time.perf_counter()
    when = resolve(repo, as_of_text)  # the rule every command shares (docs/user-guide.md)
    as_of = when.day
    epoch = commit_epoch(repo.root)
    if epoch is None:
        epoch = int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC).timestamp())
    progress(when.line("生成网站"))
    # The build stamps its output with SOURCE_DATE_EPOCH (mkdocs, the open data) and gives it
    # back afterwards: a later command in the same process (baodao serve's next rebuild) must
    # not take this build's stamp for an as-of date.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return _build(repo, out, when, epoch, work, progress, t0, view_memo, parsed)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _build(
    repo: Repo,
    out: Path,
    when: AsOf,
    epoch: int,
    work: Path | None,
    progress: Callable[[str], None],
    t0: float,
    view_memo: ViewMemo | None = None,
    parsed: FileCache | None = None,
) -> BuildReport:
    work = work or repo.root / "build"
    # MkDocs' first process, made ready on the other core while this one validates.
    ready = standby(work / "mkdocs.yml" if (work / "mkdocs.yml").is_file() else None)
    helpers = [ready]  # and those the build starts: none outlives it
    try:
        return _built(repo, out, when, epoch, work, progress, t0, ready, view_memo, parsed, helpers)
    finally:
        for child in helpers:
            child.stop()  # done by then, unless the build stopped before it was needed


def _built(
    repo: Repo,
    out: Path,
    when: AsOf,
    epoch: int,
    work: Path,
    progress: Callable[[str], None],
    t0: float,
    ready: Child,
    view_memo: ViewMemo | None,
    parsed: FileCache | None,
    helpers: list[Child],
) -> BuildReport:
    as_of = when.day
    ds, schemas, problems = validate(repo, as_of, progress, parsed)  # what validate reports
    # A recompute that differs from a frozen period (FROZEN001) fails validate and pr check,
    # but the site publishes the frozen figures, not the recompute: it still builds, and the
    # report carries the error (issue 13: publishing must not stop behind a frozen record).
    blocking = [p for p in errors(problems) if p.code != "FROZEN001"]
    if blocking:
        raise BuildRefused(
            f"有 {len(blocking)} 个错误，不生成网站；先运行 baodao validate 修正", problems
        )
    t1 = time.perf_counter()
    cache = cache_dir(repo.root)
    reader = None
    if cache is not None and (cache / READINGS).is_file() and ds.cache and ds.cache.misses:
        # A record file read anew may bring a name no earlier build read (a compound renamed):
        # pypinyin is imported for it by a helper on the other core while the view is made
        # (web/pinyin.py). A first build reads every name here: one import either way.
        reader = pinyin_helper()
        helpers.append(reader)
    if cache is not None:
        load_qr_memo(cache / "qr.json")
    else:
        forget_qr_memo()  # none from an earlier build in this process (baodao serve)
    days = rules_in_force(ds, "rules_validation", as_of, "校验规则").value("stale_after_days")
    stale_before = as_of - dt.timedelta(days=days) if isinstance(days, int) else None
    saved = None  # the view's parts kept between builds (web/viewmemo.py): not the preview's
    if view_memo is None and cache is not None and ds.sources:
        saved = SavedViewMemo(cache, ds)
    parts = view_memo if view_memo is not None else saved
    view = build_view(ds, as_of, stale_before, parts)
    secret = needles(ds, schemas, parts.run if parts is not None else direct)
    if saved is not None:
        saved.save()
    del parts, saved  # they read the records: those go below
    # What the rest of the build needs from the records, taken now; then the records go (a
    # city's ~500 MB) before the pages are written, and the view once they are, before MkDocs
    # and Pagefind add theirs (issue 17: < 1 GiB). The problems and the detectors go across as
    # bytes: kept as they are, their small objects (and the records' own strings they share,
    # such as person ids) lie among the records' and would hold much of the freed heap in
    # place (memory.release_memory).
    found = detectors(ds, schemas, view.public_phones, view.consented_names, secret)
    kept = pickle.dumps((problems, found), protocol=pickle.HIGHEST_PROTOCOL)
    del ds, problems, found
    release_memory()
    start_drawing(view)  # the boards' QR codes, by helper processes while the pages render
    work.mkdir(parents=True, exist_ok=True)
    previous = State.take(work)  # gone until this build succeeds: a failed build leaves none
    memo = PageMemo.take(work)  # the same
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # before stage: the open data is stamped with it
    progress("生成公开视图和页面 …")
    try:
        cfg, pages, restaged, removed = stage(repo, view, work, out, memo, reader)
        if cache is not None:
            save_qr_memo(cache / "qr.json")
    finally:
        forget_qr_memo()  # and stops any helper still drawing codes (web/boards.py)
    memo.forget_values()
    t2 = time.perf_counter()
    fp = fingerprint(cfg.read_text("utf-8"), _site_sources(repo.root)[1], out)
    dirty = previous.fingerprint == fp and out.is_dir()
    title = view.site_title
    del view
    release_memory()
    problems, found = pickle.loads(kept)
    del kept
    progress(f"生成 {pages} 个页面，运行 mkdocs build{'（增量）' if dirty else ''} …")
    if dirty:
        remove_outputs(out, removed)  # a page that is gone takes its output with it
    # In child processes: MkDocs keeps every page it rendered until it returns (~360 MB for a
    # city); a child gives all of it back when it ends, before Pagefind starts. Many pages to
    # write (a full build): shared between processes (web/mkdocsrun.py).
    to_write = sum(1 for rel in restaged if rel.endswith(".md")) if dirty else pages
    # A full build starts from an empty folder; the old output is deleted meanwhile.
    emptying = None if dirty else empty_later(out)
    told = None
    if dirty:
        told = work / CHANGED_FILE  # the docs files changed: the other pages' output is current
        told.write_text(json.dumps(restaged), encoding="utf-8")
    build_site(cfg, out, dirty, to_write, changed=told, ready=ready)
    write_not_found(title, out)  # replaces Material's 404.html, whose links only work at /
    t3 = time.perf_counter()
    manifest = previous.manifest if dirty else Manifest()
    before = {rel: v[2] for rel, v in manifest.files.items()}
    pages_now = manifest.refresh(out, skip=PAGEFIND)
    # Pagefind indexes again only the parts whose pages changed (all of them after a full build).
    changed = {
        part_of(rel)
        for rel in set(pages_now) ^ set(before)
        | {r for r in pages_now if before.get(r) != pages_now[r]}
        if rel.endswith(".html") and not rel.startswith(PAGEFIND)
    }
    changed.discard(None)  # the boards: in no part
    parts = None if not dirty or not (out / PARTS_FILE).is_file() else changed
    if parts is None or parts:
        progress("建立全文搜索索引（Pagefind）…")
    # Full-text search (Pagefind); its index is scanned too.
    if (parts is None or parts) and not index_site(out, parts):
        progress(
            "未安装 Pagefind（make tools），网站没有全文搜索 / no Pagefind: no full-text search"
        )
    t4 = time.perf_counter()
    progress("检查公开网站中是否有个人信息 …")
    hashes = manifest.refresh(out, only=PAGEFIND)
    if found.key != manifest.scan_key:
        manifest.clean, manifest.scan_key = set(), found.key
    todo = [Path(rel) for rel, h in sorted(hashes.items()) if h not in manifest.clean]
    leaks = scan_with(out, found, files=todo)
    if leaks:
        shutil.rmtree(out, ignore_errors=True)
        raise BuildRefused(
            f"公开网站中发现 {len(leaks)} 处不应公开的内容，已删除输出 {out}", leaks=leaks
        )
    manifest.clean |= {hashes[str(rel)] for rel in todo}
    if emptying is not None:
        emptying.join()  # the old output gone before the build says it is done
    State(fp, manifest).save(work)
    memo.save(work, work / "docs")
    timings = {
        "validate": t1 - t0,
        "render": t2 - t1,
        "mkdocs": t3 - t2,
        "search": t4 - t3,
        "scan": time.perf_counter() - t4,
    }
    return BuildReport(pages, as_of, epoch, timings, problems, when.source)
