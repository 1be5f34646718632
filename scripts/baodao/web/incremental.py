"""Work in proportion to the change: what a build keeps in its work folder for the next one.

- The staged docs (``build/docs``) are synced, not rewritten: a page whose bytes did not change
  keeps its file and its modification time, so MkDocs' dirty mode renders only the pages that
  did (``sync_tree``), and a page that disappeared takes its output with it.
- A *global fingerprint* (the MkDocs config as staged, site/ with the theme overrides, the code
  version with the libraries', the output folder) decides whether the previous output can be
  built upon at all: anything global changed, and the build is a full one (``fingerprint``).
- The output manifest (each file's size, modification time and content hash) tells which
  output files changed: Pagefind runs only if a page changed, and the privacy scan reads only
  files whose content it has not already found clean with the same private values
  (``Manifest``).

The state is written only after a build succeeded (scan clean); a build that fails or stops
half-way leaves none, and the next build is a full one. A full build stays the reference: the
test suite compares an incremental build with a full one byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records.cache import code_version, tree_hash
from ..records.walk import walk_files

STATE = "incremental.json"
_FORMAT = 1


def fingerprint(config_text: str, site_src: Path, out: Path) -> str:
    """What every page's output depends on besides its own source."""
    h = hashlib.blake2b(digest_size=16)
    for part in (
        str(_FORMAT),
        code_version(),
        tree_hash(site_src),
        str(out.resolve()),
        config_text,
    ):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def files_of(base: Path) -> dict[str, str]:
    """Every file under ``base``: its path relative to ``base`` ("/"), to its path. Strings, not
    Paths: a city site's 33,000 files as Paths cost ~0.4 s a listing, and a build lists four."""
    return {rel: full for full, rel in walk_files(base)}


def _same(a: str | Path, b: str | Path) -> bool:
    if os.stat(a).st_size != os.stat(b).st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


class Staging:
    """Where a build writes the files beside its pages (the lookup's answers, the open data,
    the dashboards' JSON): into ``fresh``, unless the staged copy in ``staged`` already holds
    these bytes. Then nothing is written: the staged file stays as it is (its modification time
    too) and is noted in ``kept``, which ``sync_tree`` leaves alone like the pages the memo kept.
    A city's ~1,300 such files: reading them is ~0.05 s, writing them again was ~0.6 s."""

    def __init__(
        self,
        fresh: Path,
        staged: Path,
        kept: set[str],
        unchanged: Callable[[Path, str, str | None], bool] | None = None,
    ):
        self.fresh, self.staged, self.kept = fresh, staged, kept
        self.unchanged = unchanged  # the page memo's (web/pagememo.py PageMemo.unchanged)

    def write_made(self, rel: str, key: str | None, make: Callable[[], str]) -> None:
        """``make()``'s text at ``rel``, made only when ``key`` (a digest of all it is made of)
        is not the one the last build wrote there or the staged file is no longer the one it
        wrote (the page memo's rule): a city's open data tables took 0.4 s to write out."""
        if self.unchanged is not None and self.unchanged(self.staged, rel, key):
            return
        self.write(rel, make())

    def write(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        try:
            if (self.staged / rel).read_bytes() == data:
                self.kept.add(rel)
                return
        except OSError:
            pass  # none yet, or a folder where the file goes: written fresh below
        target = self.fresh / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def sync_tree(new: Path, old: Path, keep: set[str] | None = None) -> tuple[list[str], list[str]]:
    """Make ``old`` hold exactly ``new``'s files and its ``keep`` files (pages the memo found
    current, web/pagememo.py: not written again), moving only files whose bytes differ (the
    others keep their modification time); ``new`` is consumed. Returns (changed, removed)."""
    keep = keep or set()
    if not old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
        new.rename(old)
        return sorted(files_of(old)), []
    fresh, stale = files_of(new), files_of(old)
    changed = []
    for rel, path in sorted(fresh.items()):
        target = old / rel
        if rel in stale and _same(path, target):
            continue
        if target.is_dir():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        changed.append(rel)
    removed = sorted(set(stale) - set(fresh) - keep)
    for rel in removed:
        (old / rel).unlink(missing_ok=True)
    _prune_empty(old)
    shutil.rmtree(new)
    return changed, removed


def _prune_empty(base: Path) -> None:
    """Remove the folders left empty, deepest first (a non-empty one refuses: kept)."""
    for dirpath, _dirs, _names in os.walk(base, topdown=False):
        if Path(dirpath) != base:
            with contextlib.suppress(OSError):
                Path(dirpath).rmdir()


def output_of(doc: str) -> str:
    """The built file of a docs file (use_directory_urls): ``x/a.md`` → ``x/a/index.html``."""
    if not doc.endswith(".md"):
        return doc
    stem = doc[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def remove_outputs(site: Path, removed: list[str]) -> None:
    """Delete the built files of docs files that are gone, and the folders left empty."""
    for rel in removed:
        target = site / output_of(rel)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != site and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


TRASH = ".old-"  # a folder's entries moved aside by empty_later: ".<name>.old-<pid>-<ns>"


def empty_later(folder: Path) -> threading.Thread | None:
    """Empty ``folder`` at once (its entries but hidden ones, as MkDocs' clean does), and delete
    what it held in a background thread, returned to be joined. Deleting is slow where every
    deleted block is trimmed (ext4 mounted with ``discard``: 43 s for a city site's 33,000
    files); moving the entries aside is a rename each. What a killed build left aside is
    deleted by the next one."""
    if not folder.is_dir():
        return None
    prefix = f".{folder.name}{TRASH}"
    leftovers = [p for p in folder.parent.glob(prefix + "*") if p.is_dir()]
    trash = folder.parent / f"{prefix}{os.getpid()}-{time.monotonic_ns()}"
    trash.mkdir()
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                os.rename(entry.path, trash / entry.name)

    def delete() -> None:
        for old in [*leftovers, trash]:
            shutil.rmtree(old, ignore_errors=True)

    worker = threading.Thread(target=delete, name="baodao-empty", daemon=True)
    worker.start()
    return worker


# A folder's entries are taken from the last listing only if its modification time is the one
# that listing saw and older than the listing by this much: a change to a folder's entries sets
# its time to the clock's (file systems keep it to 1 ns–2 s), so one made while or after the
# last listing began shows, whatever the granularity ("racily clean", as git's index says).
_SETTLED_NS = 3_000_000_000


def list_site(
    site: Path, before: dict[str, int], files_before: Iterable[str], settled_ns: int
) -> tuple[dict[str, str], dict[str, int]]:
    """Every file under ``site`` (relative path with "/" → its path), as ``walk_files`` lists
    them (dot entries too; a linked folder not followed), and each folder's modification time
    (relative path, "" for ``site`` → ns). A folder whose time is its time in ``before`` and
    earlier than ``settled_ns`` holds what it held then: its entries are ``files_before``'s
    and ``before``'s in it, not read again (a city site is 13,600 folders of one page each:
    listing them all took 0.37 s, a stat each 0.05 s)."""
    known_files: dict[str, list[str]] = {}
    for rel in files_before:
        folder, _, name = rel.rpartition("/")
        known_files.setdefault(folder, []).append(name)
    known_dirs: dict[str, list[str]] = {}
    for rel in before:
        if rel:
            folder, _, name = rel.rpartition("/")
            known_dirs.setdefault(folder, []).append(name)
    top = os.fspath(site).rstrip("/") or "/"
    files: dict[str, str] = {}
    dirs: dict[str, int] = {}
    todo = [""]
    while todo:
        rel = todo.pop()
        full = f"{top}/{rel}" if rel else top
        mtime = os.stat(full).st_mtime_ns
        dirs[rel] = mtime
        prefix = rel + "/" if rel else ""
        if before.get(rel) == mtime and mtime < settled_ns:
            names, subdirs = known_files.get(rel, []), known_dirs.get(rel, [])
        else:
            names, subdirs = [], []
            with os.scandir(full) as entries:
                for entry in entries:
                    if not entry.is_dir():
                        names.append(entry.name)
                    elif not entry.is_symlink():  # as os.walk: a linked folder not followed
                        subdirs.append(entry.name)
        for name in sorted(names):
            files[prefix + name] = f"{full}/{name}"
        todo.extend(prefix + name for name in sorted(subdirs, reverse=True))
    return files, dirs


@dataclass
class Manifest:
    """Each output file's (size, mtime_ns, hash), and the hashes the scan found clean; each
    folder's mtime_ns, and when the listing that saw them began (``list_site``)."""

    files: dict[str, list] = field(default_factory=dict)
    clean: set[str] = field(default_factory=set)
    scan_key: str = ""
    dirs: dict[str, int] = field(default_factory=dict)
    listed_ns: int = 0

    def refresh(
        self, site: Path, skip: str | None = None, only: str | None = None
    ) -> dict[str, str]:
        """Hash what changed since the last manifest (by size and mtime); returns every file's
        hash (but those under ``skip``), and keeps the new manifest. With ``only``, the site's
        entries under that prefix are looked at again and the others taken from the last
        refresh (after Pagefind, which writes nothing else: a second walk of a city's 33,000
        files cost 0.3 s)."""
        if only is not None:
            files = {rel: v for rel, v in self.files.items() if not rel.startswith(only)}
            listing = {}
            with os.scandir(site) as entries:
                for entry in entries:
                    if not entry.name.startswith(only):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        for rel, full in files_of(Path(entry.path)).items():
                            listing[f"{entry.name}/{rel}"] = full
                    else:
                        listing[entry.name] = entry.path
            return self._hashed(files, listing, skip)
        started = time.time_ns()
        try:
            settled = self.listed_ns - _SETTLED_NS
            listing, dirs = list_site(site, self.dirs, self.files, settled)
            hashes = self._hashed({}, listing, skip)
        except FileNotFoundError:  # gone since the last listing said it was there: read all
            listing, dirs = list_site(site, {}, (), 0)
            hashes = self._hashed({}, listing, skip)
        self.dirs, self.listed_ns = dirs, started
        return hashes

    def _hashed(
        self, files: dict[str, list], listing: dict[str, str], skip: str | None
    ) -> dict[str, str]:
        """``files`` with the entries of ``listing``'s files (hashed again when their size or
        mtime changed), kept as the manifest's; every file's hash but those under ``skip``."""
        for rel, path in listing.items():
            if skip and rel.startswith(skip):
                if rel in self.files:
                    files[rel] = self.files[rel]  # not looked at now, kept for the next refresh
                continue
            st = os.stat(path)
            old = self.files.get(rel)
            if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                files[rel] = old
                continue
            with open(path, "rb") as fh:
                digest = hashlib.file_digest(fh, "blake2b").hexdigest()[:40]
            files[rel] = [st.st_size, st.st_mtime_ns, digest]
        self.files = files
        return {rel: v[2] for rel, v in files.items() if not (skip and rel.startswith(skip))}


def take_json(path: Path) -> Any:
    """A state file's JSON, the file removed from disk until the build that took it succeeds
    (a build that fails or stops half-way leaves none); None when missing or unreadable."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raw = None
    path.unlink(missing_ok=True)
    return raw


@dataclass
class State:
    fingerprint: str = ""
    manifest: Manifest = field(default_factory=Manifest)

    @classmethod
    def take(cls, work: Path) -> State:
        """The previous build's state, removed from disk until this build succeeds."""
        raw = take_json(work / STATE)
        try:
            m = raw["manifest"]
            manifest = Manifest(m["files"], set(m["clean"]), m["scan_key"])
            dirs, listed = m.get("dirs", {}), m.get("listed_ns", 0)
            if isinstance(dirs, dict) and isinstance(listed, int):
                manifest.dirs, manifest.listed_ns = dirs, listed
            return cls(raw["fingerprint"], manifest)
        except (KeyError, TypeError, AttributeError):
            return cls()

    def save(self, work: Path) -> None:
        m = self.manifest
        current = {v[2] for v in m.files.values()}
        data = {
            "fingerprint": self.fingerprint,
            "manifest": {
                "files": m.files,
                "clean": sorted(m.clean & current),  # only what the output still holds
                "scan_key": m.scan_key,
                "dirs": m.dirs,
                "listed_ns": m.listed_ns,
            },
        }
        tmp = work / (STATE + ".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        tmp.replace(work / STATE)
