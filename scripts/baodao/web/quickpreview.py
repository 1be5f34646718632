"""The preview's quick path: the pages an edit changed, served before the full build finishes.

``baodao serve`` is long-running, so it keeps what a build would read again in memory: the
parsed files (the load's cache, in memory: only the saved file is parsed again), the last
dataset, and the public view's parts with the records each read (web/viewmemo.py). After an
edit to a record file, first (``first``) the edited records' own pages:

1. read the saved files again and patch the dataset with them (records/load.py's
   ``reload_files``: only when that is what a load of every file gives, without an error);
2. build the view's core (publicview.build_view's ``core``: no assessments, lists, ratings,
   governance, notices, stations; of the compounds only the edited ones and those of an edited
   community) and render the edited records' pages whose templates read only the core
   (render.render_pages' ``owned``), keeping those whose text differs from the staged one;
3. build them alone with MkDocs, scan them (the needles carried over from the last dataset
   when the edit cannot change them: web/scan.py's ``needles_after``), serve them if clean.

Then (``run``) every other page the edit changed:

1. load the records (unchanged files from memory; the patched dataset when the first step made
   one) — any load error: no quick path;
2. build the public view, its parts reused where their records did not change;
3. render only the pages whose inputs changed (web/pagememo.py, against the staged docs of the
   last full build) and keep those whose text differs from the staged one;
4. build those pages alone with MkDocs (the site's config and nav pages, in a folder of their
   own) and run the privacy scan over them: a page with a leak is never served;
5. put the built pages into the served folder.

Then the full build runs as before (validate, every page, open data, Pagefind, the scan): its
problems replace the site in the page, and its output is the reference, byte for byte what
``baodao build`` makes. The quick path does not write the full build's state (staged docs, page
memo, incremental state): whatever it put in the served folder, the full build checks again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..model.rules import rules_in_force
from ..problems import Problem, errors
from ..records.cache import FileCache, cache_dir, tree_hash
from ..records.dataset import Dataset
from ..records.load import load
from ..records.reload import reload_files
from ..records.schemas import SchemaSet
from ..repo import Repo
from .boards import forget_qr_memo, load_qr_memo
from .incremental import output_of
from .mkdocsrun import run_mkdocs
from .pagememo import PageMemo
from .publicview import build_view
from .render import render_pages
from .scan import Detectors, Leak, detectors, needles, needles_after, scan_with
from .viewmemo import ViewMemo

# The lines a kept scan reader remembers (web/scan.py): past this, a new reader (memory bound).
KEEP_LINES = 200_000


class Quick:
    """What the preview keeps between rebuilds (one per ``baodao serve``)."""

    def __init__(self, repo: Repo, out: Path, work: Path):
        self.repo, self.out, self.work = repo, out, work
        self.view_memo = ViewMemo()  # shared with the full builds (web/build.py's view_memo)
        self.schemas: SchemaSet | None = None
        self.cache: FileCache | None = None
        self.schema_hash = ""  # of the schemas the files in ``cache`` were parsed with
        self.ds: Dataset | None = None  # the last load without errors, for reload_files
        self.secret: dict[str, str] | None = None  # the scan's needles of ``ds`` (web/scan.py)
        self.scanner: tuple | None = None  # what the first step scans with (_scanner)

    def prime(self) -> None:
        """Parse every file once into memory (after the first full build)."""
        self.schemas = SchemaSet.load(self.repo.schemas_dir)
        self.schema_hash = tree_hash(self.repo.schemas_dir)
        self.cache = FileCache(None, "")  # in memory only: never saved
        self._load()
        docs, cfg = self.work / "docs", self.work / "mkdocs.yml"
        if docs.is_dir() and cfg.is_file():
            # The full build's MkDocs runs in helper processes (web/mkdocsrun.py): the theme's
            # templates are compiled here once, for the quick steps (web/themecache.py).
            # Should it fail, only time is lost: the first step compiles them.
            with contextlib.suppress(Exception):
                self._mkdocs(cfg, docs, {})

    def parsed_files(self) -> FileCache | None:
        """The files parsed in memory, for the full build to read through (web/build.py's
        ``parsed``): it then holds the records kept here, not a second copy unpickled from the
        cache on disk (the city's preview peaked at 1.8 GiB). None before ``prime`` or after
        the schemas changed (a file is parsed by them: a table's cells are typed)."""
        if self.cache is None or tree_hash(self.repo.schemas_dir) != self.schema_hash:
            return None
        return self.cache

    def _load(self) -> tuple[Dataset, list[Problem]]:
        assert self.schemas is not None and self.cache is not None
        ds, problems = load(self.repo.root, self.repo.private_root, self.schemas, self.cache)
        self.ds = None if errors(problems) else ds
        self.secret = needles(ds, self.schemas) if self.ds is not None else None
        self.cache.retain(ds.entries.values())  # the files as they were before go
        return ds, problems

    def _stale(self, ds: Dataset, as_of: dt.date) -> dt.date | None:
        days = rules_in_force(ds, "rules_validation", as_of, "校验规则").value("stale_after_days")
        return as_of - dt.timedelta(days=days) if isinstance(days, int) else None

    def first(self, changed: set[str], as_of: dt.date) -> list[str] | None:
        """Phase 1: the edited records' own pages (docs paths) served; None when there are
        none to serve (the other pages, the leaks and the problems: phase 2, then the full
        build).

        Only when every edited file reads again as the record it was (records/load.py's
        ``reload_files``: no load error, and the dataset patched as a load would make it),
        from the view's core (publicview.build_view's ``core``), the pages of those records
        whose templates read nothing else (render.render_pages' ``owned``); built alone with
        MkDocs and scanned: any finding, and nothing is served here."""
        ds_before, self.ds = self.ds, None  # current again only once patched
        if ds_before is None or self.schemas is None or self.cache is None:
            return None
        docs, cfg = self.work / "docs", self.work / "mkdocs.yml"
        if not docs.is_dir() or not cfg.is_file():
            return None
        paths = [Path(p) for p in sorted(changed)]
        reloaded = reload_files(ds_before, paths, self.schemas, self.cache)
        if reloaded is None:
            return None  # phase 2 loads every file again
        ds, edits = reloaded
        self.ds = ds
        secret = (
            needles_after(self.secret, edits, self.schemas) if self.secret is not None else None
        )
        self.secret = needles(ds, self.schemas) if secret is None else secret
        if not edits:
            return None
        keys = {(r.type, r.id) for _, r in edits}
        try:
            # The compounds whose pages can be the edited records' own: theirs, and those of
            # an edited community (its boards' print page, web/boards.py).
            view = build_view(
                ds,
                as_of,
                self._stale(ds, as_of),
                core=True,
                compounds=lambda r: bool(
                    {("compound", r.id), ("community", r.get("community"))} & keys
                ),
            )
        except Exception:  # noqa: BLE001 — unchecked records may break the view: phase 2
            return None
        pages: dict[str, str] = {}
        try:
            for path, text in render_pages(view, owned=lambda t, i: (t, i) in keys):
                staged = docs / path
                if text is not None and (not staged.is_file() or staged.read_text("utf-8") != text):
                    pages[path] = text
        finally:
            forget_qr_memo()
        if not pages:
            return None
        site = self._mkdocs(cfg, docs, pages)
        files = [Path(output_of(p)) for p in pages]
        found, reader = self._scanner(ds, view.public_phones, view.consented_names)
        if scan_with(site, found, files, reader):
            return None  # phase 2 scans them again, with the full view, and shows the leaks
        self._serve(site, files)
        return sorted(pages)

    def _scanner(
        self, ds: Dataset, phones: frozenset[str], names: frozenset[str]
    ) -> tuple[Detectors, Any]:
        """The first step's detectors and their reader, kept while what they are made of is
        the same: the registry (the same map: records/reload.py's ``reload_files`` keeps the map
        of a type it did not change), the needles, the phones and names the view allows."""
        assert self.schemas is not None
        persons, kept = ds.of("person"), self.scanner
        if (
            kept is not None
            and kept[0] is persons
            and kept[1] is self.secret
            and (kept[2], kept[3]) == (phones, names)
            and len(kept[5].seen) < KEEP_LINES
        ):
            return kept[4], kept[5]
        found = detectors(ds, self.schemas, phones, names, self.secret, keyed=False)
        reader = found.reader()
        self.scanner = (persons, self.secret, phones, names, found, reader)
        return found, reader

    def forget(self, changed: set[str]) -> None:
        """An edit that takes no quick path: the dataset kept no longer says what the files
        hold; after the schemas, neither do the parsed files."""
        self.ds = None
        if any(Path(p).is_relative_to(self.repo.schemas_dir) for p in changed):
            self.cache = None  # parsed again after the full build (prime)

    def covers(self, changed: set[str]) -> bool:
        """Whether every edited path is a record file (schemas, site sources: full build only)."""
        roots = [self.repo.root / "data"]
        if self.repo.private_root is not None:
            roots.append(self.repo.private_root)
        return (
            self.cache is not None
            and bool(changed)
            and all(any(Path(p).is_relative_to(r) for r in roots) for p in changed)
        )

    def run(self, as_of: dt.date) -> tuple[list[str], list[Leak]] | None:
        """(docs paths of the pages served anew, leaks); None when there is no quick path."""
        if self.ds is not None:
            ds, problems = self.ds, []  # phase 1 read the edited files again
        else:
            ds, problems = self._load()
        if errors(problems):
            return None  # the full build reports them
        try:
            view = build_view(ds, as_of, self._stale(ds, as_of), self.view_memo)
        except Exception:  # noqa: BLE001 — unchecked records may break the view: full build
            return None
        docs = self.work / "docs"
        cfg = self.work / "mkdocs.yml"
        if not docs.is_dir() or not cfg.is_file():
            return None
        memo = PageMemo.read(self.work)
        changed: dict[str, str] = {}
        # The boards' QR codes as the full build keeps them (drawing 10,000 again: ~10 s).
        qr = cache_dir(self.repo.root)
        if qr is not None:
            load_qr_memo(qr / "qr.json")
        try:
            for path, text in render_pages(view, memo, docs):
                if text is None:
                    continue
                staged = docs / path
                if not staged.is_file() or staged.read_text("utf-8") != text:
                    changed[path] = text
        finally:
            forget_qr_memo()
        if not changed:
            return [], []
        site = self._mkdocs(cfg, docs, changed)
        files = [Path(output_of(p)) for p in changed]
        found = detectors(ds, self.schemas, view.public_phones, view.consented_names, self.secret)
        leaks = scan_with(site, found, files)
        if leaks:
            return [], leaks
        self._serve(site, files)
        return sorted(changed), []

    def _serve(self, site: Path, files: list[Path]) -> None:
        for rel in files:
            target = self.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            # Moved from the quick build's folder beside the served one (the same file system):
            # a reader gets the old page or the new one, never half, and no temporary file is
            # ever left in the served folder.
            os.replace(site / rel, target)

    def _mkdocs(self, cfg: Path, docs: Path, changed: dict[str, str]) -> Path:
        """Build ``changed`` alone: the same config, its nav pages taken from the staged docs."""
        base = self.work / "quick"
        shutil.rmtree(base, ignore_errors=True)
        qdocs, site = base / "docs", base / "site"
        config = yaml.safe_load(cfg.read_text("utf-8"))
        for page in _nav_pages(config.get("nav") or []):
            if (docs / page).is_file():
                (qdocs / page).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(docs / page, qdocs / page)
        for path, text in changed.items():
            (qdocs / path).parent.mkdir(parents=True, exist_ok=True)
            (qdocs / path).write_text(text, encoding="utf-8")
        config["docs_dir"], config["site_dir"] = str(qdocs), str(site)
        qcfg = base / "mkdocs.yml"
        qcfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
        # The nav pages' links to pages not copied here (about.md → editors/) are fine: quiet.
        log = logging.getLogger("mkdocs")
        level = log.level
        log.setLevel(logging.ERROR)
        try:
            run_mkdocs(qcfg)
        finally:
            log.setLevel(level)
        return site


def _nav_pages(nav: object) -> list[str]:
    """The docs paths of a MkDocs nav (a list of pages, ``title: page`` and sections)."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []
