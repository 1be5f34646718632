"""Running MkDocs: in helper processes that give their memory back, shared between two of them
when there are many pages to render.

MkDocs renders one page after another in one process, ~25 s for a city's 13,551 pages, and keeps
every page it rendered until it returns (~360 MB for a city). So it runs in a fresh process
(records/children.py) that gives all of it back before Pagefind starts; a build with many pages
to write runs ``jobs()`` of them at once, each rendering its share of the pages
(web/mkdocshooks.py): on 2 cores the MkDocs step of a cold city build takes about half as long.
Every process reads the same config, files and nav, so a page is written exactly as a single
process writes it (tests/web/test_mkdocsrun.py compares the two byte for byte).

``python -m baodao.web.mkdocsrun CONFIG [--dirty] [--share K/N]`` is one such process.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ..records.children import Child, wait_all
from .memory import jobs
from .mkdocshooks import SHARE

# Below this many pages to write, a second process costs more than it saves (each reads the
# config, every file's entry and the nav, ~2 s for a city).
SHARED_FROM = 500


def run_mkdocs(cfg: Path, dirty: bool = False) -> None:
    """MkDocs in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    if dirty:
        # MkDocs warns that dirty builds may show stale navigation: true of pages listed in the
        # nav by their own titles, not of this site, whose nav titles are in mkdocs.yml (the
        # test suite compares a dirty build with a full one byte for byte).
        logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)
    mkdocs_build(load_config(str(cfg)), dirty=dirty)


def build_site(cfg: Path, site: Path, dirty: bool, pages: int, n: int | None = None) -> None:
    """MkDocs over ``cfg`` into ``site``, in helper processes: ``pages`` is how many pages have
    to be written (every page for a full build), ``n`` the processes (default: ``jobs()``)."""
    n = jobs() if n is None else n
    if n < 2 or pages < SHARED_FROM:
        wait_all([Child(__spec__.name, str(cfg), *(["--dirty"] if dirty else []))])
        return
    if not dirty:
        from mkdocs.utils import clean_directory

        clean_directory(str(site))  # what MkDocs' full build does first; each share is dirty
    wait_all([Child(__spec__.name, str(cfg), "--share", f"{k}/{n}") for k in range(n)])


def main(argv: list[str]) -> int:
    cfg, rest = Path(argv[0]), argv[1:]
    if "--share" in rest:
        os.environ[SHARE] = rest[rest.index("--share") + 1]  # read by web/mkdocshooks.py
        run_mkdocs(cfg, dirty=True)
    else:
        run_mkdocs(cfg, dirty="--dirty" in rest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
