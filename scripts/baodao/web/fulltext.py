"""Full-text search of the whole site: Pagefind (extended, npm 1.6.0) indexes the built pages.

Chosen by measurement on the city site (docs/site-engine.md, "Full-text search"): Material's search index is
one 11.9 MB file (0.97 MB gzip) that every search downloads; Pagefind splits its index and a first
search fetches about 90 KB, and npm 1.6.0 found every page for the two-character place names
where PyPI's 1.5.2 found 9–33 % (pagefind#1237). The binary comes from the npm registry (the
``@pagefind/<platform>`` package that ``make tools`` installs from ``tools/package-lock.json``);
it runs offline, and its output is the same bytes for the same pages.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..repo import CODE_ROOT
from .memory import jobs

ENV = "BAODAO_PAGEFIND"
_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def pagefind_binary() -> Path | None:
    """$BAODAO_PAGEFIND, else the one ``make tools`` installed, else ``pagefind_extended`` on PATH."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    arch = _ARCH.get(platform.machine().lower(), platform.machine().lower())
    system = platform.system().lower()
    local = (
        CODE_ROOT
        / "tools"
        / "node_modules"
        / "@pagefind"
        / f"{system}-{arch}"
        / "bin"
        / "pagefind_extended"
    )
    if local.is_file():
        return local
    found = shutil.which("pagefind_extended")
    return Path(found) if found else None


# The index in parts, each its own Pagefind run and bundle, merged in the browser (fulltext.js,
# Pagefind's mergeIndex): Pagefind holds a whole run's pages in memory (0.96 GB for the city's
# 2,868 indexed pages in one run, ~0.3 GB for 1,000), so parts of a few hundred pages keep the
# build under 1 GiB with the Python process alongside, and an incremental build indexes again
# only the parts whose pages changed. Compounds (x/) and units (u/) split by the first letter
# of their id. The boards (p/, 10,700 pages) are not read at all: their content is ignored
# anyway (data-pagefind-ignore: printable copies of the compound pages), so they add no page to
# the index, only minutes of parsing (the index is the same bytes without them).
# What a compound's change touches besides its own page (its community's page, the compounds'
# list, the ratings that list compounds) is in small parts of its own, so that an edit indexes
# again a few hundred kilobytes, not the big main part (stations, dashboards, governance …):
# the community pages in four parts by the first letter of their id (a community's page is
# 30-50 KB of tables: 100 of them took 0.7 s in one part, ~0.2 s in a quarter), the property
# ratings (one row per compound, in every street's page: half the ratings' bytes) apart from
# the other ratings and assessments, and the compounds' list (every rename changes it) alone.
# A glob's braces go below its first folder: braces at the top make Pagefind walk the whole
# site (18,000 files, ~0.2 s a run), a first folder named lets it walk that folder alone.
PARTS: tuple[tuple[str, str], ...] = (
    ("pagefind", "{*.html,u/*.html,about/**/*.html,[!xupca]*/**/*.html}"),
    ("pagefind-c1", "c/[a-f]*/**/*.html"),
    ("pagefind-c2", "c/[g-n]*/**/*.html"),
    ("pagefind-c3", "c/[o-w]*/**/*.html"),
    ("pagefind-c4", "c/{*.html,[!a-w]*/**/*.html}"),
    ("pagefind-a", "a/{*.html,[!p]*/**/*.html}"),
    ("pagefind-a2", "a/p*/**/*.html"),
    ("pagefind-l", "x/index.html"),
    ("pagefind-x1", "x/[a-f]*/**/*.html"),
    ("pagefind-x2", "x/[g-l]*/**/*.html"),
    ("pagefind-x3", "x/[m-s]*/**/*.html"),
    ("pagefind-x4", "x/[!a-s]*/**/*.html"),
    ("pagefind-u1", "u/[a-h]*/**/*.html"),
    ("pagefind-u2", "u/[!a-h]*/**/*.html"),
)
# The parts that hold pages, for the browser (written at the site's root).
PARTS_FILE = "pagefind-parts.json"


def part_of(rel: str) -> str | None:
    """The part an output page belongs to (the same partition as the globs of PARTS); None for
    the boards, which no part reads."""
    top, _, rest = rel.partition("/")
    if top == "p" and rest:
        return None
    if rel == "x/index.html":
        return "pagefind-l"
    if top == "a" and rest:
        return "pagefind-a2" if "/" in rest and rest.startswith("p") else "pagefind-a"
    if top == "c" and rest:
        first = rest[:1] if "/" in rest else ""  # a page of c/ itself: with the last quarter
        return "pagefind-" + _letter_part(first, (("c1", "af"), ("c2", "gn"), ("c3", "ow")), "c4")
    if top == "x" and "/" in rest:
        letters = (("x1", "af"), ("x2", "gl"), ("x3", "ms"))
        return "pagefind-" + _letter_part(rest[:1], letters, "x4")
    if top == "u" and "/" in rest:
        return "pagefind-" + _letter_part(rest[:1], (("u1", "ah"),), "u2")
    return "pagefind"


def _letter_part(first: str, ranges: tuple[tuple[str, str], ...], rest: str) -> str:
    """The part whose letter range holds ``first`` (as the globs' ``[a-f]``), else ``rest``."""
    for name, (low, high) in ranges:
        if low <= first <= high:
            return name
    return rest


def _index(binary: Path, out: Path, name: str, glob: str) -> subprocess.CompletedProcess:
    # The article only: the navigation is on every page and would match every query.
    return subprocess.run(
        [
            str(binary),
            "--site",
            str(out),
            "--output-subdir",
            name,
            "--glob",
            glob,
            "--root-selector",
            "article",
            "--force-language",
            "zh",
            "--quiet",
        ],
        timeout=600,
        capture_output=True,
    )


def index_site(out: Path, parts: set[str] | None = None) -> bool:
    """Write the index parts (all, or only ``parts``) and PARTS_FILE; False when no Pagefind is
    installed (the site then has no full-text search, and the search page says so)."""
    binary = pagefind_binary()
    if binary is None:
        return False
    todo = []
    for name, glob in PARTS:
        if parts is not None and name not in parts:
            continue
        shutil.rmtree(out / name, ignore_errors=True)
        todo.append((name, glob))
    # Two runs at once (web/memory.py jobs()): each part holds 70-220 MB for a city, and a run
    # is ~1 s, much of it reading the site's folders, so the parts take half as long.
    with ThreadPoolExecutor(max_workers=jobs()) as pool:
        done = dict(zip(todo, pool.map(lambda part: _index(binary, out, *part), todo), strict=True))
    made = []
    for name, glob in PARTS:
        if (out / name / "pagefind-entry.json").is_file():
            made.append(name)
        elif name == "pagefind" and (name, glob) in done:
            done[(name, glob)].check_returncode()  # the main part always has pages: a failure
        # Other parts may have no page (a small district): Pagefind then writes nothing.
    (out / PARTS_FILE).write_text(json.dumps(made[1:] if made[:1] == ["pagefind"] else made))
    return True
