"""MkDocs hooks of every build (``hooks:`` in the staged mkdocs.yml, web/build.py stage).

MkDocs renders every page's Markdown before it writes the first one, and keeps each page's
source beside its HTML until the build ends. Our pages are HTML already (web/rawpages.py), so
source and HTML are the same text twice: a city site held ~2 × 200 MB. The source is let go once
rendered; the title stays (MkDocs takes it from the render, or the page's metadata).

A build shared between processes (web/mkdocsrun.py) runs MkDocs once per process, each told its
share by ``BAODAO_MKDOCS_SHARE`` ("k/n"): the process renders and writes every n-th page from
the k-th (of the pages sorted by path), and only process 0 copies the static files and writes
the theme's own pages (sitemap, 404). Each process is a dirty build (MkDocs skips a page whose
``is_modified()`` is false) whose pages not in its share count as unmodified: the same mechanism
as the incremental build, whose output the test suite compares with a full build byte for byte.

A dirty build is told the docs files it changed (``BAODAO_MKDOCS_CHANGED``: a JSON list, written
by web/build.py): a page not among them is unmodified when its output file is there. The build
moves into docs only the files whose bytes changed, and no other process writes there; a build
that stops before its end leaves no state, so the next one is a full build. MkDocs' own test
(two modification times, three stats) gives the same answer, at ~0.2 s of a city's pages.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SHARE = "BAODAO_MKDOCS_SHARE"
CHANGED = "BAODAO_MKDOCS_CHANGED"


def _never() -> bool:
    return False


def on_files(files: Any, config: Any) -> Any:
    told = os.environ.get(CHANGED)
    if told:
        changed = set(json.loads(Path(told).read_text("utf-8")))
        for f in files.documentation_pages():
            if f.src_uri not in changed and os.path.isfile(f.abs_dest_path):
                f.is_modified = _never
    share = os.environ.get(SHARE)
    if not share:
        return files
    k, n = (int(x) for x in share.split("/"))
    pages = sorted(f.src_uri for f in files.documentation_pages())
    mine = set(pages[k::n])
    for f in files:
        if f.is_documentation_page() and f.src_uri in mine:
            continue  # its own is_modified: all pages after a clean, the changed ones if dirty
        if f.is_documentation_page() or k != 0:
            f.is_modified = _never
    if k != 0:
        config.theme.static_templates.clear()
    return files


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    # "" rather than None: MkDocs reads None as "not read yet" and would give the page no title.
    page.markdown = ""
    return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    # Before any template is loaded: the theme's compiled templates of this process's previous
    # builds (web/themecache.py).
    from baodao.web.themecache import CACHE

    env.bytecode_cache = CACHE
    return env
