"""A built site's files for comparing two builds (imported by tests in tests/web)."""

from __future__ import annotations

import gzip
from pathlib import Path


def site_files(base: Path) -> dict[str, bytes]:
    """Each file's bytes; a gzip file's content (its header carries the time of the run)."""
    return {
        p.relative_to(base).as_posix(): (
            gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        )
        for p in base.rglob("*")
        if p.is_file()
    }


def tree_bytes(base: Path) -> dict[str, bytes]:
    """Each file's bytes as they are (gzip headers included): builds that must be identical."""
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }
