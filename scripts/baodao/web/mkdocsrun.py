"""Running MkDocs: in helper processes that give their memory back, shared between two of them
when there are many pages to render.

MkDocs renders one page after another in one process, ~25 s for a city's 13,551 pages, and keeps
every page it rendered until it returns (~360 MB for a city). So it runs in a fresh process
(records/children.py) that gives all of it back before Pagefind starts; a build with many pages
to write runs ``jobs()`` of them at once, each rendering its share of the pages
(web/mkdocshooks.py): on 2 cores the MkDocs step of a cold city build takes about half as long.
Every process reads the same config, files and nav, so a page is written exactly as a single
process writes it (tests/web/test_mkdocsrun.py compares the two byte for byte).

A dirty build is told which docs files changed (``--changed FILE``, a JSON list written by the
build): its other pages count as unmodified when their output is there (web/mkdocshooks.py),
without comparing two modification times per page (~0.2 s of a city's 13,551). The first
process starts on standby when the build starts (``--standby [LAST CONFIG]``, records/children.py
``Child.go``): it imports MkDocs and compiles the theme's templates (web/themecache.py) from the
last build's config on the other core while the build validates, then waits for its arguments.

``python -m baodao.web.mkdocsrun CONFIG [--dirty] [--share K/N] [--changed FILE]`` is one such
process.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from pathlib import Path

from ..records.children import Child, wait_all
from .memory import jobs
from .mkdocshooks import CHANGED, SHARE

STANDBY = "--standby"

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


def standby(last: Path | None = None) -> Child:
    """The first MkDocs process, started now and made ready (see the module's doc) from
    ``last``, the config of the last build if there is one; :func:`build_site` tells it to go."""
    return Child(__spec__.name, STANDBY, *([str(last)] if last else []), standby=True)


def build_site(
    cfg: Path,
    site: Path,
    dirty: bool,
    pages: int,
    n: int | None = None,
    changed: Path | None = None,
    ready: Child | None = None,
) -> None:
    """MkDocs over ``cfg`` into ``site``, in helper processes: ``pages`` is how many pages have
    to be written (every page for a full build), ``n`` the processes (default: ``jobs()``);
    ``changed``: the docs files a dirty build changed (a JSON list); ``ready``: a process on
    standby (:func:`standby`), made the first."""
    n = jobs() if n is None else n
    told = ["--changed", str(changed)] if dirty and changed is not None else []

    def start(*args: str) -> Child:
        nonlocal ready
        if ready is None:
            return Child(__spec__.name, *args)
        first, ready = ready, None
        return first.go(*args)

    if n < 2 or pages < SHARED_FROM:
        wait_all([start(str(cfg), *(["--dirty"] if dirty else []), *told)])
        return
    if not dirty:
        from mkdocs.utils import clean_directory

        clean_directory(str(site))  # what MkDocs' full build does first; each share is dirty
    wait_all([start(str(cfg), "--share", f"{k}/{n}", *told) for k in range(n)])


def _ready(last: str | None) -> None:
    """MkDocs imported, and the theme's templates compiled into this process's cache
    (web/themecache.py) from the last build's config: what the build's own config then asks
    for is compiled already, unless its source changed (Jinja checks each one's checksum).
    Only a head start: whatever fails here is done again, and said, by the build itself."""
    import logging
    import warnings

    from mkdocs.commands.build import build  # noqa: F401 - imported now, used after go
    from mkdocs.config import load_config

    from .themecache import CACHE

    if last is None or not Path(last).is_file():
        return
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            env = load_config(last).theme.get_env()
            env.bytecode_cache = CACHE
            for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))):
                # One by one: a few need a plugin's filters (the blog's), not loaded here.
                with contextlib.suppress(Exception):
                    env.get_template(name)
    except Exception:  # noqa: BLE001, S110 - a head start only (see above)
        pass
    finally:
        logging.disable(logging.NOTSET)


def main(argv: list[str]) -> int:
    if argv[:1] == [STANDBY]:
        _ready(argv[1] if len(argv) > 1 else None)
        line = sys.stdin.readline()
        if not line.strip():
            return 0  # not needed after all (the build stopped before MkDocs)
        argv = json.loads(line)
    cfg, rest = Path(argv[0]), argv[1:]
    if "--changed" in rest:
        os.environ[CHANGED] = rest[rest.index("--changed") + 1]  # read by web/mkdocshooks.py
    if "--share" in rest:
        os.environ[SHARE] = rest[rest.index("--share") + 1]  # read by web/mkdocshooks.py
        run_mkdocs(cfg, dirty=True)
    else:
        run_mkdocs(cfg, dirty="--dirty" in rest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
