"""Full-text search of the whole site: Pagefind (extended, npm 1.6.0) indexes the built pages.

Chosen by measurement on the city site (docs/site-engine.md, "Full-text search"): Material's search index is
one 11.9 MB file (0.97 MB gzip) that every search downloads; Pagefind splits its index and a first
search fetches about 90 KB, and npm 1.6.0 found every page for the two-character place names
where PyPI's 1.5.2 found 9–33 % (pagefind#1237). The binary comes from the npm registry (the
``@pagefind/<platform>`` package that ``make tools`` installs from ``tools/package-lock.json``);
it runs offline, and its output is the same bytes for the same pages.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

from ..repo import CODE_ROOT

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


def index_site(out: Path) -> bool:
    """Write out/pagefind/; False when no Pagefind is installed (the site then has no full-text
    search, and the search page says so)."""
    binary = pagefind_binary()
    if binary is None:
        return False
    # The article only: the navigation is on every page and would match every query.
    subprocess.run(
        [
            str(binary),
            "--site",
            str(out),
            "--root-selector",
            "article",
            "--force-language",
            "zh",
            "--quiet",
        ],
        check=True,
        timeout=600,
        capture_output=True,
    )
    return True
