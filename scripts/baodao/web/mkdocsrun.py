"""Running MkDocs: in a child process that gives its memory back, shared between processes when
there are many pages to render.

MkDocs renders one page after another in one process, ~25 s for a city's 13,551 pages. A build
with many pages to write runs it in ``jobs`` forked processes at once, each rendering its share
of the pages (web/mkdocshooks.py): on 2 cores the MkDocs step of a cold city build takes about
half as long. Every process reads the same config, files and nav, so a page is written exactly
as a single process writes it (tests/web/test_mkdocsrun.py compares the two byte for byte).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .memory import in_children, jobs
from .mkdocshooks import SHARE

# Below this many pages to write, a second process costs more than it saves (each reads the
# config, every file's entry and the nav, ~2 s for a city).
SHARED_FROM = 500


def run_mkdocs(cfg: Path, dirty: bool = False) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if dirty:
        # MkDocs warns that dirty builds may show stale navigation: true of pages listed in the
        # nav by their own titles, not of this site, whose nav titles are in mkdocs.yml (the
        # test suite compares a dirty build with a full one byte for byte).
        logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)
    mkdocs_build(load_config(str(cfg)), dirty=dirty)


def _share(cfg: Path, k: int, n: int) -> None:
    os.environ[SHARE] = f"{k}/{n}"  # in the forked child only
    run_mkdocs(cfg, dirty=True)


def build_site(cfg: Path, site: Path, dirty: bool, pages: int, n: int | None = None) -> None:
    """MkDocs over ``cfg`` into ``site``, in child processes: ``pages`` is how many pages have
    to be written (every page for a full build), ``n`` the processes (default: ``jobs()``)."""
    n = jobs() if n is None else n
    if n < 2 or pages < SHARED_FROM:
        in_children([(run_mkdocs, (cfg, dirty))], small=True)
        return
    if not dirty:
        from mkdocs.utils import clean_directory

        clean_directory(str(site))  # what MkDocs' full build does first; each share is dirty
    in_children([(_share, (cfg, k, n)) for k in range(n)], small=True)
