"""A content-addressed cache of what reading one data file gives (records, problems) and of the
per-file check results, so a second ``validate`` or ``build`` parses only the files that changed;
and a memo of whole validations, so a validate of unchanged files checks nothing again.

Where: ``$BAODAO_CACHE``, else ``<repository>/.cache/`` (git-ignored; the folder carries its own
``.gitignore`` of ``*`` because it holds parsed private records). Safe to delete at any time.

Key of one file: the BLAKE2 hash of its bytes, with its root and path (a record knows its file).
An entry holds the file's result and what checks found in it alone (schema problems, the privacy
number scan, the ids and codes it names) and the lines its records' messages needed
(``Record.lines``: a file is composed for line numbers once, not on every run).
The whole cache is dropped when the code version (every source file of the package and the
versions of the libraries that parse) or the schemas change: it is never trusted across
versions. Sixteen pickle files hold every entry (``records-00.pickle`` … by the key's first
byte), each entry pickled on its own inside one: a few reads of ~6 MB are faster than thousands
of small files (measured in docs/benchmark.md), an entry is unpickled only when its file is
read, a save pickles only the entries that are new or grew, and rewrites only the files that
hold one (one compound edited in a city: 6 MB written, not 90).
A cache file that cannot be read is ignored and rewritten. A pickle is code: every file is sealed
with an HMAC whose key lives outside every repository (``~/.cache/baodao/cache-key``), so a cache
file committed to or planted in a repository is never unpickled. Checks across records run on
every load, from the records and those per-file facts, unless the memo (``Memo``,
``memo.pickle``: keyed by the code, schemas, every file of both roots, the as-of date and the
checks) already holds their problems.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

ENV = "BAODAO_CACHE"
# What turns the same bytes into other records or other pages: part of the code version.
_LIBRARIES = (
    "PyYAML",
    "jsonschema",
    "ruamel.yaml",
    "segno",
    "Jinja2",
    "Markdown",
    "mkdocs",
    "mkdocs-material",
)
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # scripts/baodao


@cache
def code_version() -> str:
    """Hash of every file of the package (code and templates) and of the parsing libraries."""
    h = hashlib.blake2b(digest_size=16)
    libraries = "|".join(_version(n) for n in _LIBRARIES)
    h.update(f"{_FORMAT}|{sys.version}|{libraries}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def tree_hash(base: Path) -> str:
    """Hash of a folder's files (names and bytes), e.g. the schemas."""
    h = hashlib.blake2b(digest_size=16)
    if base.is_dir():
        for path in sorted(base.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(base).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.hexdigest()


def content_hash(raw: bytes) -> bytes:
    """A file's bytes, hashed (once per file and run: its key and the load's inputs digest)."""
    return hashlib.blake2b(raw, digest_size=20).digest()


def file_key(root_kind: str, file: str, content: bytes) -> bytes:
    """A file's key: its bytes (``content_hash``), and where it is (its records and problems
    name the file)."""
    h = hashlib.blake2b(content, digest_size=20)
    h.update(f"\0{root_kind}\0{file}".encode())
    return h.digest()


def cache_dir(root: Path) -> Path | None:
    """$BAODAO_CACHE (a folder), else ``<root>/.cache``; None when $BAODAO_CACHE says off.

    The words of a switch are read as one, not as a folder named ``on`` or ``0`` in whatever
    directory the command runs from (the private registry's records would land there)."""
    chosen = (os.environ.get(ENV) or "").strip()
    if chosen.lower() in _OFF:
        return None
    if not chosen or chosen.lower() in _ON:
        return root / ".cache"
    return Path(chosen)


_OFF = {"off", "0", "false", "no"}
_ON = {"on", "1", "true", "yes"}


_SEAL = 32
# HMAC-SHA-256: twice blake2b's speed where the processor has SHA instructions (most x86 since
# 2017, ARMv8), and a change build reads ~100 MB of sealed files (0.11 s -> 0.06 s).
_MAC = "sha256"


def _seal(key: bytes, body: bytes) -> bytes:
    return hmac.digest(key, body, _MAC)[:_SEAL]


def key_path() -> Path:
    """A secret of this user on this machine, outside every repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baodao" / "cache-key"


def machine_key(create: bool = False) -> bytes | None:
    """This machine's secret that seals every cache file (``key_path``), made if asked; None
    when there is none and it may not or cannot be made."""
    path = key_path()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    except FileExistsError:
        pass  # another process made it first (pr check's two trees): use theirs
    except OSError:
        return None
    return machine_key(create=False)


FOUND = "found.pickle"  # FileCache.found

# The cache's files: one edit rewrites the one that holds its entry (~6 MB of a city's 90).
SHARDS = 16


def _shard(key: bytes) -> int:
    """A key's file: keys are hashes, so their first byte spreads them evenly."""
    return key[0] % SHARDS


@dataclass
class Entry:
    """What reading one file gave (``result``), and per-file check results by check name."""

    result: Any
    checks: dict[str, Any] = field(default_factory=dict)


class FileCache:
    """The entries of one code version and schema set, loaded from and saved to ``SHARDS``
    files (``shard_path``), each entry in the one its key's first byte names.

    Each entry is pickled on its own inside its file: a save after an edit pickles only the
    entries that are new or grew (check results, lines found) and copies the others' bytes, and
    an entry is unpickled only when its file is read (one compound edited in the city: the save
    went from 2–4 s of pickling 90 MB to the few entries that changed), and writes only the
    files whose entries changed. Whoever adds to an entry says so with ``touch(entry)``."""

    def __init__(self, directory: Path | None, schema_hash: str) -> None:
        self.directory = directory
        self.version = f"{code_version()}-{schema_hash}"
        self.old: dict[bytes, bytes] = {}  # key → the pickled entry
        self.used: dict[bytes, Entry] = {}
        self._grown: set[int] = set()  # ids of old entries that gained check results or lines
        self._all_grown = False
        self.changed = False
        self.hits = 0
        self.misses = 0
        # What each shard file holds on disk (key → its bytes, the very objects read): a shard
        # whose entries are these is not written again. A shard file that could not be trusted
        # is rewritten whatever it then holds.
        self._on_disk: list[dict[bytes, bytes]] = [{} for _ in range(SHARDS)]
        self._untrusted: set[int] = set()
        # What a check found in one file given what it read elsewhere (``found``): by (check,
        # file key), read from FOUND when first asked.
        self._found: dict[tuple[str, bytes], tuple[bytes, Any]] | None = None
        self._found_changed = False
        if directory is not None:
            for i in range(SHARDS):
                self._on_disk[i] = self._read(i)
                self.old.update(self._on_disk[i])

    def shard_path(self, i: int) -> Path:
        assert self.directory is not None
        return self.directory / f"records-{i:02d}.pickle"

    def _read(self, i: int) -> dict[bytes, bytes]:
        path = self.shard_path(i)
        loaded = read_sealed(path)
        if loaded is None:
            if path.exists():
                self.changed = True
                self._untrusted.add(i)
            return {}
        try:
            version, entries = loaded
        except (TypeError, ValueError):
            version, entries = None, None
        if version != self.version or not isinstance(entries, dict):
            self.changed = True  # another code version or schema set: never trusted
            self._untrusted.add(i)
            return {}
        return entries

    def get(self, key: bytes) -> Entry | None:
        entry = self.used.get(key)
        if entry is None:
            blob = self.old.get(key)
            if blob is not None:
                try:
                    entry = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - sealed by us, so only a torn write; reparse
                    entry = None
            if not isinstance(entry, Entry):
                self.misses += 1
                return None
            self.used[key] = entry
        self.hits += 1
        return entry

    def put(self, key: bytes, result: Any) -> Entry:
        entry = Entry(result)
        self.used[key] = entry
        self.old.pop(key, None)  # pickled again when saved
        self.changed = True
        return entry

    def adopt(self, key: bytes, entry: Entry, blob: bytes) -> Entry:
        """A new entry and its pickled bytes, made where its file was read (load's workers):
        saved as those bytes unless something is added to it first (``touch``). A cache kept
        in memory only (no directory: web/quickpreview.py) keeps no bytes."""
        self.used[key] = entry
        if self.directory is not None:
            self.old[key] = blob
        else:
            self.old.pop(key, None)
        self._grown.discard(id(entry))
        self.changed = True
        return entry

    def finish(self, key: bytes, entry: Entry) -> None:
        """``entry`` (``put`` earlier) is complete: pickled now rather than when saved (a cold
        load reads its tables while the workers still parse; the save comes after the checks,
        when nothing else runs)."""
        if self.directory is not None and self.used.get(key) is entry:
            self.adopt(key, entry, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def drop(self, entry: Entry) -> None:
        """Forget ``entry`` (the old bytes of a file read again: web/quickpreview.py)."""
        for key in [k for k, e in self.used.items() if e is entry]:
            del self.used[key]

    def retain(self, entries: Iterable[Entry]) -> None:
        """Keep only ``entries`` of those read (a long-running preview's cache in memory:
        the entries of files as they were before edits go)."""
        live = {id(e) for e in entries}
        self.used = {k: e for k, e in self.used.items() if id(e) in live}
        if self._found is not None:
            self._found = {k: v for k, v in self._found.items() if k[1] in self.used}

    def touch(self, entry: Entry | None = None) -> None:
        """A per-file check result (or a line, Record.lines) was added to ``entry`` (to any
        entry when None): save it."""
        if entry is None:
            self._all_grown = True
        else:
            self._grown.add(id(entry))
        self.changed = True

    def found(self, check: str, key: bytes, state: bytes) -> Any | None:
        """What ``check`` found in the file of ``key`` when what else it read was ``state`` (a
        digest the check makes of it), if a run kept it (``keep``); else None.

        Kept apart from the file's entry: a change elsewhere (a person added: every activity
        table's ``state``) makes them all new, and one small file is written again, not the
        sixteen that hold the tables' entries."""
        if self._found is None:
            self._found = {}
            loaded = read_sealed(self.directory / FOUND) if self.directory is not None else None
            if (
                isinstance(loaded, tuple)
                and len(loaded) == 2
                and loaded[0] == self.version
                and isinstance(loaded[1], dict)
            ):
                self._found = loaded[1]
        held = self._found.get((check, key))
        return held[1] if held is not None and held[0] == state else None

    def keep(self, check: str, key: bytes, state: bytes, value: Any) -> None:
        """``value``: what ``check`` found in the file of ``key`` given ``state`` (``found``)."""
        if self._found is None:
            self.found(check, key, state)
        assert self._found is not None
        self._found[(check, key)] = (state, value)
        self._found_changed = True

    def _save_found(self) -> None:
        """Write FOUND when a check kept something new: the files read in this run only (a file
        changed or gone takes its results with it)."""
        if self._found is None or not self._found_changed or self.directory is None:
            return
        current = {k: v for k, v in self._found.items() if k[1] in self.used}
        if write_sealed(self.directory, FOUND, (self.version, current)):
            self._found_changed = False

    def close(self) -> None:
        """Saved and done: let the pickled bytes go (the cache's files, ~90 MB for a city,
        held while the records live: through a build's pages). Entries already read stay with
        their records; a later ``save`` does nothing, so it can never write a cache emptied here."""
        self.directory = None
        self.old = {}
        self._on_disk = [{} for _ in range(SHARDS)]

    def save(self) -> None:
        """Write the entries used in this run, and as many unused older ones at most (another
        branch's files), atomically: a reader never sees half a file."""
        self._save_found()
        if self.directory is None or not self.changed:
            return
        # Pickling allocates as it goes, and with a city's records alive each collection walks
        # them all: the collector off, a cold city save took 0.9 s of CPU instead of 2.1 s.
        was_on = gc.isenabled()
        gc.disable()
        try:
            self._save()
        finally:
            if was_on:
                gc.enable()

    def _save(self) -> None:
        assert self.directory is not None
        keep: list[dict[bytes, bytes]] = [{} for _ in range(SHARDS)]
        for key, entry in self.used.items():
            blob = self.old.get(key)
            if blob is None or self._all_grown or id(entry) in self._grown:
                blob = self.old[key] = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            keep[_shard(key)][key] = blob
        used = [len(k) for k in keep]
        for key, blob in self.old.items():  # and as many unused older ones at most, per shard
            i = _shard(key)
            if len(keep[i]) < 2 * used[i]:
                keep[i].setdefault(key, blob)
        self._grown.clear()
        self._all_grown = False
        written = True
        for i, entries in enumerate(keep):
            disk = self._on_disk[i]
            same = len(entries) == len(disk) and all(
                disk.get(key) is blob for key, blob in entries.items()
            )
            if same and i not in self._untrusted:
                continue
            if write_sealed(self.directory, self.shard_path(i).name, (self.version, entries)):
                self._on_disk[i] = entries
                self._untrusted.discard(i)
            else:
                written = False
        # The single file of earlier versions (~90 MB nothing reads any more).
        (self.directory / "records.pickle").unlink(missing_ok=True)
        if written:
            self.changed = False


def read_sealed(path: Path) -> Any | None:
    """The object pickled in ``path`` if this machine's baodao sealed it, else None."""
    # Unpickling creates a few hundred thousand objects (the city's table rows), all kept:
    # the cyclic collector would walk them again and again for nothing (5.0 s → 2.0 s).
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    view = memoryview(raw)  # no copy of a 90 MB body to cut its seal off
    seal, body = view[:_SEAL], view[_SEAL:]
    key = machine_key()
    if key is None or not hmac.compare_digest(seal, _seal(key, body)):
        # Not written by this machine's baodao (e.g. a committed or planted file): a pickle
        # is code, never loaded unless sealed with the key kept outside the repository.
        return None
    was_on = gc.isenabled()  # the caller may have paused it already (repo.collector_paused)
    gc.disable()
    try:
        return pickle.loads(body)
    except Exception:  # noqa: BLE001 - a torn or foreign file is no reason to fail a build
        return None
    finally:
        if was_on:
            gc.enable()


class _Sealing:
    """A file that pickle writes into while its HMAC is computed: no second copy of the body
    in memory (the city's records pickle to ~90 MB)."""

    def __init__(self, fh: Any, key: bytes) -> None:
        self.fh = fh
        self.mac = hmac.new(key, digestmod=_MAC)

    def write(self, data: Any) -> int:
        self.mac.update(data)
        return self.fh.write(data)


def write_sealed(directory: Path, name: str, value: Any) -> bool:
    """Pickle ``value`` to ``directory/name``, sealed, atomically (a reader never sees half a
    file); False when it cannot be written (a read-only repository works without a cache)."""
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            # Parsed private records: never to be committed, whatever the repository ignores.
            ignore.write_text("# baodao 缓存，可随时删除 / baodao cache, safe to delete\n*\n")
        key = machine_key(create=True)
        if key is None:
            return False
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{Path(name).stem}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(bytes(_SEAL))  # the seal's place, written once the body is
            sealing = _Sealing(fh, key)
            pickle.dump(value, sealing, protocol=pickle.HIGHEST_PROTOCOL)
            fh.seek(0)
            fh.write(sealing.mac.digest()[:_SEAL])
        os.replace(tmp, directory / name)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    return True


class Memo:
    """Whole results by a key of everything they depend on (``memo.pickle``, sealed like the
    records): a validate of files that did not change since a run with the same code, schemas,
    as-of date, checks and roots gives that run's problems without checking again, and without
    even unpickling the records when only the problems are wanted (repo.Repo.check)."""

    KEEP = 8  # e.g. validate and build's selection, a few as-of dates, with and without private

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._items: dict[bytes, Any] | None = None

    @property
    def path(self) -> Path:
        return self.directory / "memo.pickle"

    def _all(self) -> dict[bytes, Any]:
        if self._items is None:
            loaded = read_sealed(self.path)
            self._items = loaded if isinstance(loaded, dict) else {}
        return self._items

    def __bool__(self) -> bool:
        """Whether the memo holds any result at all."""
        return bool(self._all())

    def get(self, key: bytes) -> Any | None:
        return self._all().get(key)

    def put(self, key: bytes, value: Any) -> None:
        items = self._all()
        items.pop(key, None)
        items[key] = value  # newest last: the oldest go first
        while len(items) > self.KEEP:
            del items[next(iter(items))]
        write_sealed(self.directory, self.path.name, items)


def read_text_memo(path: Path, version: str) -> Any | None:
    """The value ``write_text_memo`` kept in ``path`` for ``version``; None if there is none.
    JSON, not a pickle, and unsealed: for public text only (the boards' QR codes, the names'
    pinyin), where a planted file can hold no code; the caller checks each value's shape."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("value") if isinstance(data, dict) and data.get("version") == version else None


def write_text_memo(path: Path, version: str, value: Any) -> None:
    """Keep ``value`` (JSON) in ``path`` for ``version``, atomically; a read-only folder keeps
    nothing (the next build computes it again)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"version": version, "value": value}, ensure_ascii=False), "utf-8"
        )
        tmp.replace(path)
    except OSError:
        return


def memo_key(*parts: str | bytes) -> bytes:
    """One key of many parts (each told apart from the next, so ``a|bc`` is not ``ab|c``)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(code_version().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()
