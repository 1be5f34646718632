"""The files a load reads: both roots walked in one order, each as editors see it, and a digest
of them all (the validate memo's key: records/cache.py, ``Memo``)."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import content_hash, memo_key, read_sealed, write_sealed
from .layout import PRIVATE, PUBLIC


def display_path(path: Path, repo: Path) -> str:
    """A path as editors see it in messages: relative to the repository where possible."""
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def walk_files(base: Path) -> list[tuple[str, str]]:
    """Every file (its path, and its path relative to ``base`` with "/"), dot folders and dot
    files included: a registry copied into ``data/.backup/`` is published like any other file
    (docs/privacy.md). Strings, not Paths: 19,000 Paths and ``relative_to`` cost ~0.5 s."""
    out: list[tuple[str, str]] = []
    top = os.fspath(base)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(dirnames)
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        out.extend((os.path.join(dirpath, f), prefix + f) for f in sorted(filenames))
    return out


def roots(repo: Path, private_root: Path | None) -> list[tuple[str, Path]]:
    """The public root and the private one (if any), in the order a load reads them."""
    found = [(PUBLIC, repo / "data")]
    if private_root is not None:
        found.append((PRIVATE, private_root))
    return found


@dataclass(frozen=True)
class Inputs:
    """What ``read_inputs`` found: the digest, and each file's ``content_hash`` by its path (a
    load then looks a file up in the parse cache without reading it again)."""

    digest: bytes
    contents: dict[str, bytes]


def read_inputs(repo: Path, private_root: Path | None, cache: Path | None = None) -> Inputs:
    """Hash of everything ``load`` can read: every file of both roots (as shown, with its bytes),
    ignored names included, and which roots exist. Equal digests give equal loads; it costs a
    read of the files (0.3–0.5 s at city size), no parsing. A load computes the same digest from
    its own reads (``Dataset.inputs``).

    ``cache``: the cache folder, where each file's hash is kept with what ``stat`` said of the
    file (``STAT_MEMO``); a file that ``stat`` finds the same is not read again (git's index
    does the same): a city's 19,000 files then take ~0.2 s, the memo's own read included."""
    digest = InputsHash()
    contents: dict[str, bytes] = {}
    key = memo_key("stat", str(repo), str(private_root))
    known = _stats(cache, key)
    kept: dict[str, tuple[tuple[int, ...], bytes]] = {}
    # A file changed within a clock tick of a stat may keep its stat: only files unchanged for
    # longer than any file system's tick (FAT's is 2 s) before this run are trusted next time.
    trusted_before = time.time_ns() - _TICK_NS
    for root_kind, base in roots(repo, private_root):
        digest.root(root_kind, display_path(base, repo), base.is_dir())
        for full, rel in walk_files(base) if base.is_dir() else ():
            sig = _signature(full)
            hit = known.get(full)
            if sig is not None and hit is not None and hit[0] == sig:
                content = hit[1]
                digest.add(rel, content)
            else:
                content = digest.file(rel, read_or_none(full))
            contents[full] = content
            # Stat'ed before the read: a change in between gives another stat next time.
            if sig is not None and max(sig[3], sig[4]) < trusted_before:
                kept[full] = (sig, content)
    if cache is not None and kept != known:
        write_sealed(cache, STAT_MEMO, (key, kept))
    return Inputs(digest.value(), contents)


STAT_MEMO = "stat.pickle"
_TICK_NS = 2_000_000_000


def _signature(full: str) -> tuple[int, ...] | None:
    """What a change to the file changes: its place on the disk, size, and both times (the
    change time cannot be set back by any tool, unlike the modification time)."""
    try:
        st = os.stat(full)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _stats(cache: Path | None, key: bytes) -> dict[str, tuple[tuple[int, ...], bytes]]:
    if cache is None:
        return {}
    loaded = read_sealed(cache / STAT_MEMO)
    ok = isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == key
    return loaded[1] if ok and isinstance(loaded[1], dict) else {}


class InputsHash:
    """The digest of ``read_inputs``, fed a root and then its files in walk order."""

    def __init__(self) -> None:
        self.h = hashlib.blake2b(digest_size=20)

    def root(self, root_kind: str, shown: str, exists: bool) -> None:
        self.h.update(f"\0root\0{root_kind}\0{shown}\0{exists}".encode())

    def file(self, rel: str, raw: bytes | None) -> bytes:
        """Adds one file by its bytes (None: unreadable); gives their ``content_hash``."""
        content = content_hash(b"\0unreadable" if raw is None else raw)
        self.add(rel, content)
        return content

    def add(self, rel: str, content: bytes) -> None:
        """Adds one file by its ``content_hash``."""
        self.h.update(f"\0{rel}\0".encode())
        self.h.update(content)

    def value(self) -> bytes:
        return self.h.digest()


def read_or_none(full: str) -> bytes | None:
    try:
        with open(full, "rb") as fh:
            return fh.read()
    except OSError:
        return None
