"""The Dataset: every record of both roots, indexed by type and id, each with its file:line."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .yamlio import line_of

# The file of each line records found by composing their YAML, since the process started: a
# loader that keeps records in its cache (records/cache.py) saves those files' entries after the
# checks, so an unchanged file is never composed again.
_found: list[str] = []


def lines_found() -> int:
    """How many lines were found by composing so far (see ``Record.lines``)."""
    return len(_found)


def files_with_lines(since: int) -> set[str]:
    """The files whose records found lines after ``lines_found()`` was ``since``."""
    return set(_found[since:])


@dataclass(frozen=True, eq=False)
class Record:
    type: str
    id: str
    data: Mapping[str, Any]
    file: str  # as shown to editors: relative to the repository root where possible
    root: str  # layout.PUBLIC or layout.PRIVATE
    folder: Mapping[str, str]  # what the path says: street, community, id, date
    line: int = 1  # first line of the record (CSV: its row's line)
    source: str | None = field(default=None, repr=False)  # YAML text, for line lookups
    body: str = field(default="", repr=False)  # Markdown body of a notice
    # Lines found for paths (the file's path → line map, filled as messages need lines):
    # composing the YAML again for each lookup is seconds at city size, and a cached record
    # (records/cache.py) keeps them for the next run; ``lines_found`` says when to save.
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, repr=False)

    @classmethod
    def row(
        cls,
        type: str,
        id: str,
        data: Mapping[str, Any],
        file: str,
        root: str,
        folder: Mapping[str, str],
        line: int,
    ) -> Record:
        """A table row's record, as ``Record(type, id, data, file, root, folder, line)`` makes
        it but without the frozen dataclass's ten ``object.__setattr__`` calls: a city reads
        300,000 rows, and those calls were ~0.9 s of its tables (tests/records/test_load.py
        checks that both give the same fields)."""
        rec = object.__new__(cls)
        rec.__dict__.update(
            type=type,
            id=id,
            data=data,
            file=file,
            root=root,
            folder=folder,
            line=line,
            source=None,
            body="",
            lines={},
        )
        return rec

    def line_of(self, path: tuple[str | int, ...] = ()) -> int:
        if self.source is None or not path:
            return self.line
        found = self.lines.get(path)
        if found is None:
            found = self.lines[path] = line_of(self.source, path, self.line)
            _found.append(self.file)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


_COLUMNS, _RECORDS = "columns", "records"  # the two forms of a Rows' pickle


class Rows(Sequence[Record]):
    """One table's rows (a CSV file's records, all of one type, file and root), as the parse
    cache keeps them: their ids at hand, the rows themselves pickled apart and unpickled when
    first read. A build after an edit elsewhere reads no row of a city's 200,000 activities
    (their checks are kept per file: checks/base.in_tables; the view keys them by file), so
    it need not make them: ~0.45 s of unpickling, their freeing and ~200 MB."""

    __slots__ = ("type", "file", "root", "ids", "_rows", "_blob")

    def __init__(
        self,
        type: str,
        file: str,
        root: str,
        ids: tuple[str, ...],
        rows: tuple[Record, ...] | None = None,
        blob: bytes | None = None,
    ) -> None:
        self.type, self.file, self.root, self.ids = type, file, root, ids
        self._rows = rows
        self._blob = blob  # the rows as the cache had them pickled (saved again as they were)

    @classmethod
    def of(cls, records: Sequence[Record]) -> Rows:
        """The rows of one file, read (``records``: at least one)."""
        first = records[0]
        return cls(first.type, first.file, first.root, tuple(r.id for r in records), tuple(records))

    @property
    def loaded(self) -> bool:
        return self._rows is not None

    @property
    def rows(self) -> tuple[Record, ...]:
        if self._rows is None:
            assert self._blob is not None
            # Like read_sealed: the collector would walk the new rows again and again.
            was_on = gc.isenabled()
            gc.disable()
            try:
                kind, *held = pickle.loads(self._blob)
            finally:
                if was_on:
                    gc.enable()
            if kind == _COLUMNS:
                datas, folders, lines = held
                self._rows = tuple(
                    Record.row(self.type, rid, data, self.file, self.root, folder, line)
                    for rid, data, folder, line in zip(self.ids, datas, folders, lines, strict=True)
                )
            else:
                self._rows = held[0]
        return self._rows

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.rows[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.rows)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rows read from a file are pickled each time an entry is (once, unless it gains check
        # results): kept, their pickles held ~50 MB more through a cold city build.
        blob = self._blob
        if blob is None:
            blob = pickle.dumps(self._held(), protocol=pickle.HIGHEST_PROTOCOL)
        return (Rows, (self.type, self.file, self.root, self.ids, None, blob))

    def _held(self) -> tuple[Any, ...]:
        """What the pickle holds: a table's rows as columns (what ``Record.row`` is made of:
        pickled in a third of the time of the records themselves, 0.46 → 0.18 s for a city's
        300,000 rows, and 46 → 29 MB), or the records themselves when they hold more."""
        rows = self._rows
        assert rows is not None
        if all(
            r.type == self.type
            and r.file == self.file
            and r.root == self.root
            and r.source is None
            and not r.body
            and not r.lines
            for r in rows
        ):
            return (
                _COLUMNS,
                [r.data for r in rows],
                [r.folder for r in rows],
                [r.line for r in rows],
            )
        return (_RECORDS, rows)


class LazyRecords(Mapping[str, Record]):
    """The records of one type by id, some of them ``Rows`` not yet read: the map is made
    (in the order of ``parts``) when anything but its length is asked. Only for parts whose
    ids are all different (load.py makes it)."""

    __slots__ = ("_parts", "_tables", "_count", "_map")

    def __init__(self, parts: list[Record | Rows], count: int) -> None:
        self._parts = parts
        self._tables = {id(p) for p in parts if isinstance(p, Rows)}
        self._count = count
        self._map: dict[str, Record] | None = None

    def holds(self, rows: Rows) -> bool:
        """Whether ``rows`` are records of this map (the very objects, once read)."""
        return id(rows) in self._tables

    @property
    def _all(self) -> dict[str, Record]:
        if self._map is None:
            out: dict[str, Record] = {}
            for part in self._parts:
                if isinstance(part, Rows):
                    out.update(zip(part.ids, part.rows, strict=True))
                else:
                    out[part.id] = part
            self._map = out
        return self._map

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key: str) -> Record:
        return self._all[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all)

    def __contains__(self, key: object) -> bool:
        return key in self._all

    def get(self, key: str, default: Any = None) -> Any:
        return self._all.get(key, default)

    def keys(self):  # type: ignore[no-untyped-def]
        return self._all.keys()

    def values(self):  # type: ignore[no-untyped-def]
        return self._all.values()

    def items(self):  # type: ignore[no-untyped-def]
        return self._all.items()


@dataclass(frozen=True)
class Dataset:
    root: Path
    private_root: Path | None
    records: Mapping[str, Mapping[str, Record]]
    # (type, id) of files that could not be read (their ids are known from the file name), or
    # (type, "*") for a table that could not be read, each with the file to blame: references
    # to them are folded under that file's own error (problems.fold_causes).
    broken: Mapping[tuple[str, str], str] = field(default_factory=lambda: MappingProxyType({}))
    # Files of the public root that are no record (file as shown, its text or None if it is not
    # text): they are refused, and their text is still scanned for personal data.
    strays: tuple[tuple[str, str | None], ...] = ()
    # Records not kept: the second of two records with one id (load reports it, DUP001). Still
    # in their files, they are scanned for personal data like the others.
    shadowed: tuple[Record, ...] = field(default=(), repr=False, compare=False)
    # The load's cache (records/cache.py) and each read file's entry, where checks keep their
    # per-file results; None when loaded without a cache.
    cache: Any = field(default=None, repr=False, compare=False)
    entries: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )
    # Each table file's rows (file as shown → its rows in order) when every one of them is in
    # the dataset (none lost its id to another record: DUP001), as load read them: what a check
    # finds in a table depends on its bytes and what the check looks up elsewhere, so it is
    # kept with the file and the rows are not looked at again (checks/base.py ``in_tables``).
    tables: Mapping[str, Rows] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )
    # records/walk.read_inputs' digest of the files the load read (empty when not made by load).
    inputs: bytes = field(default=b"", repr=False, compare=False)
    # Each record file's cache key (records/cache.file_key: its place and the hash of its bytes),
    # by the file as shown: what a file's records are is a function of it, so the view's parts
    # saved between builds are known current by these keys (web/viewmemo.py). Empty when loaded
    # without a cache.
    sources: Mapping[str, bytes] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    @classmethod
    def build(
        cls,
        root: Path,
        private_root: Path | None,
        records: list[Record],
        broken: Mapping[tuple[str, str], str] | None = None,
        strays: tuple[tuple[str, str | None], ...] = (),
    ) -> Dataset:
        by_type: dict[str, dict[str, Record]] = {}
        for rec in records:
            # The first of two records with one id wins; load() reports the duplicate.
            by_type.setdefault(rec.type, {}).setdefault(rec.id, rec)
        return cls.of_types(root, private_root, by_type, broken, strays)

    @classmethod
    def of_types(
        cls,
        root: Path,
        private_root: Path | None,
        by_type: Mapping[str, Mapping[str, Record]],
        broken: Mapping[tuple[str, str], str] | None = None,
        strays: tuple[tuple[str, str | None], ...] = (),
    ) -> Dataset:
        """``build``'s Dataset from the records already by type and id (load's own)."""
        # Records arrive in file order (a sorted walk), so iteration is already reproducible.
        frozen = {
            t: MappingProxyType(m) if isinstance(m, dict) else m for t, m in sorted(by_type.items())
        }
        return cls(
            root,
            private_root,
            MappingProxyType(frozen),
            MappingProxyType(dict(broken or {})),
            strays,
        )

    @property
    def has_private(self) -> bool:
        # A person registry that could not be read still counts: references to people are
        # then folded under its error instead of going unchecked.
        return self.private_root is not None and (
            "person" in self.records or ("person", "*") in self.broken
        )

    def of(self, type_name: str) -> Mapping[str, Record]:
        return self.records.get(type_name, MappingProxyType({}))

    def get(self, type_name: str, record_id: Any) -> Record | None:
        if not isinstance(record_id, str):
            return None
        return self.records.get(type_name, {}).get(record_id)

    def blame(self, type_name: str, record_id: str) -> str | None:
        """The file to blame when ``record_id`` of ``type_name`` is missing, if one is known."""
        return self.broken.get((type_name, record_id)) or self.broken.get((type_name, "*"))

    def all(self) -> Iterator[Record]:
        for recs in self.records.values():
            yield from recs.values()

    def count(self) -> int:
        return sum(len(m) for m in self.records.values())

    def whole_tables(self, type_name: str | None = None) -> dict[str, Rows]:
        """The tables whose rows are all in the dataset (``tables``), of one type or all. A
        table whose rows are no longer the dataset's own (a copy of the dataset with other
        records: web/labels.py) is left out: its rows are then gone through one by one."""
        return {
            file: rows
            for file, rows in self.tables.items()
            if (type_name is None or rows.type == type_name) and self._holds(rows)
        }

    def _holds(self, rows: Rows) -> bool:
        recs = self.records.get(rows.type)
        if isinstance(recs, LazyRecords):
            return recs.holds(rows)  # its rows not read for this
        if recs is None or not rows.ids:
            return False
        first, last = recs.get(rows.ids[0]), recs.get(rows.ids[-1])
        # Rows not read yet cannot be the records of a map made without them: not read for this.
        return rows.loaded and first is rows[0] and last is rows[-1]

    def outside(self, whole: Mapping[str, Rows], type_name: str | None = None) -> list[Record]:
        """The records (of one type, or of all in ``all()``'s order) that are no row of the
        tables in ``whole`` (some of ``whole_tables()``). A type whose records are all such
        rows is not gone through: a city's 200,000 activity rows are not touched by the checks
        of a build in which they did not change, nor by the saved view's keys."""
        in_whole: dict[str, int] = {}
        for rows in whole.values():
            in_whole[rows.type] = in_whole.get(rows.type, 0) + len(rows)
        types = self.records.items() if type_name is None else [(type_name, self.of(type_name))]
        out: list[Record] = []
        for name, recs in types:
            n = in_whole.get(name, 0)
            if n == 0:
                out.extend(recs.values())
            elif n < len(recs):
                out.extend(rec for rec in recs.values() if rec.file not in whole)
        return out
