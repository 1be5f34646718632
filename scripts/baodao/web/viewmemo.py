"""Parts of the public view reused by the records they read (``baodao serve``'s preview).

The public view is built in parts (the assessments, each rating period, the lists, governance,
notices …), each a function of the dataset and the as-of day. Run through a :class:`ViewMemo`,
a part sees the dataset through a recorder that notes every record it reads: one by id
(``ds.get("compound", "x")``) or a whole type (iterating ``ds.of("compound")``). The next time,
the part's previous result is reused when every record it read is the same — the same object,
or a record of equal content (type, id, file, line, data, body), so a dataset loaded again from
the files compares equal where the files did not change. A part that iterated over every type
is never reused.

The preview keeps its memo in memory (web/serve.py). ``baodao build`` keeps one between runs
in the cache folder (:class:`SavedViewMemo`): there a record is known unchanged by the cache key
of the file it was read from (its place and the hash of its bytes, Dataset.sources), as a
record is a function of its file; of a small type (compounds, units, communities …), the part
is known by the fields it read of its records (and their place, where it cites file:line), so a
part that went through every compound for their buildings is reused after one was renamed. A
city build after one compound was renamed takes the assessments (1.3 s to compute), the branch
stars and governance (1 s) from it. A build without a cache (``BAODAO_CACHE=off``) builds
every part, and stays the reference the tests compare both memos' output with.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ..records.cache import memo_key, read_sealed, write_sealed
from ..records.dataset import Dataset, Record

T = TypeVar("T")
_EVERY = "**"  # every type was iterated: no reuse


@dataclass
class _Reads:
    types: set[str] = field(default_factory=set)  # iterated: every record of the type
    ids: set[tuple[str, str]] = field(default_factory=set)  # looked up one by one
    every: bool = False
    # Of a small type (SMALL_TYPE records at most), the fields its records were read by (get);
    # a type in ``whole`` had a record used otherwise (its data, file, line …): all of it counts.
    fields: dict[str, set[str]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)
    seen: dict[int, _Fields] = field(default_factory=dict)  # one stand-in per record
    # Of a small type, its records' stand-ins in order, made once: a part that goes through a
    # type for each period (the property evaluations, 7 quarters) made them again each time.
    listed: dict[str, tuple[Any, ...]] = field(default_factory=dict)


# A type of at most this many records is followed field by field (a city's compounds, units,
# communities, branches: ~1,000 each); a larger one (registrations, reports: up to ~300,000) by
# its files, as hashing its fields would cost more than the parts it could save.
SMALL_TYPE = 5000


# A record's place, read like a field. The fields noted are those the code asks for, and no
# code asks a record for "@file": the two cannot be taken for each other.
_PLACE = {name: f"@{name}" for name in ("file", "line", "folder", "root")}


def _same_record(rec: Record) -> Record:
    return rec


class _Fields:
    """A record as a part sees it: ``get`` notes the field read, ``file`` and ``line`` its place;
    anything else of it (its data, text, a line inside it) notes that the part read the whole
    record."""

    __slots__ = ("_rec", "_fields", "_reads")

    def __init__(self, rec: Record, reads: _Reads, fields: set[str]):
        self._rec, self._reads, self._fields = rec, reads, fields

    @property
    def id(self) -> str:
        return self._rec.id

    @property
    def type(self) -> str:
        return self._rec.type

    def get(self, key: str, default: Any = None) -> Any:
        self._fields.add(key)
        return self._rec.data.get(key, default)

    # Where it is (evidence cites file:line): known like a field. Properties, as every part
    # asks for them often (a city's view: ~180,000 times).
    @property
    def file(self) -> str:
        self._fields.add("@file")
        return self._rec.file

    @property
    def line(self) -> int:
        self._fields.add("@line")
        return self._rec.line

    def __getattr__(self, name: str) -> Any:
        if name in _PLACE:
            self._fields.add(_PLACE[name])
        else:
            self._reads.whole.add(self._rec.type)
        return getattr(self._rec, name)

    def __reduce__(self) -> tuple:
        # Kept in a result, the record is pickled as itself, and all of it was read.
        self._reads.whole.add(self._rec.type)
        return (_same_record, (self._rec,))


class _TypeReads(Mapping):
    def __init__(self, name: str, records: Mapping[str, Record], reads: _Reads):
        self._name, self._m, self._reads = name, records, reads
        self._small = len(records) <= SMALL_TYPE
        self._stand_ins = reads.seen

    def _seen(self, rec: Record) -> Any:
        if not self._small:
            return rec
        stand_in = self._stand_ins.get(id(rec))
        if stand_in is None:
            fields = self._reads.fields.setdefault(self._name, set())
            stand_in = self._stand_ins[id(rec)] = _Fields(rec, self._reads, fields)
        return stand_in

    def __getitem__(self, key: str) -> Record:
        self._reads.ids.add((self._name, key))
        return self._seen(self._m[key])

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, str):
            self._reads.ids.add((self._name, key))
        found = self._m.get(key)
        return default if found is None else self._seen(found)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._reads.ids.add((self._name, key))
        return key in self._m

    def __iter__(self) -> Iterator[str]:
        self._reads.types.add(self._name)
        return iter(self._m)

    def __len__(self) -> int:
        self._reads.types.add(self._name)
        return len(self._m)

    # Mapping's own would look each record up by id through __getitem__ (noting every id of a
    # type already noted as a whole): a city's ratings and governance took 0.5 s more so.
    def keys(self) -> Any:
        self._reads.types.add(self._name)
        return self._m.keys()

    def values(self) -> Any:
        self._reads.types.add(self._name)
        if not self._small:
            return self._m.values()
        listed = self._reads.listed.get(self._name)
        if listed is None:
            listed = self._reads.listed[self._name] = tuple(map(self._seen, self._m.values()))
        return listed

    def items(self) -> Any:
        self._reads.types.add(self._name)
        if not self._small:
            return self._m.items()
        return [(k, self._seen(r)) for k, r in self._m.items()]


class _RecordsReads(Mapping):
    def __init__(self, records: Mapping[str, Mapping[str, Record]], reads: _Reads):
        self._m, self._reads = records, reads

    def __getitem__(self, name: str) -> _TypeReads:
        return _TypeReads(name, self._m[name], self._reads)

    def get(self, name: Any, default: Any = None) -> Any:
        inner = self._m.get(name)
        if inner is None:
            self._reads.types.add(name)  # absent: its appearing changes the part
            return default
        return _TypeReads(name, inner, self._reads)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._reads.types.add(name)
        return name in self._m

    def __iter__(self) -> Iterator[str]:
        self._reads.every = True
        return iter(self._m)

    def __len__(self) -> int:
        self._reads.every = True
        return len(self._m)


def _same(a: Record | None, b: Record | None) -> bool:
    if a is b:
        return True
    if a is None or b is None:
        return False
    return (a.type, a.id, a.file, a.line, a.root, a.body, a.data, a.folder) == (
        b.type,
        b.id,
        b.file,
        b.line,
        b.root,
        b.body,
        b.data,
        b.folder,
    )


Deps = tuple[dict[str, tuple[Record, ...]], dict[tuple[str, str], Record | None]]


def _deps(ds: Dataset, reads: _Reads) -> Deps | None:
    if reads.every:
        return None
    types = {t: tuple(ds.of(t).values()) for t in reads.types}
    ids = {(t, i): ds.get(t, i) for t, i in reads.ids if t not in types}
    return types, ids


def _still(ds: Dataset, deps: Deps) -> bool:
    types, ids = deps
    for t, old in types.items():
        now = ds.of(t)
        if len(now) != len(old) or not all(
            _same(a, b) for a, b in zip(old, now.values(), strict=True)
        ):
            return False
    return all(_same(old, ds.get(t, i)) for (t, i), old in ids.items())


def _recorded(ds: Dataset, part: Callable[[Dataset], T]) -> tuple[T, _Reads]:
    """The part's result, and what it read of ``ds``."""
    reads = _Reads()
    return part(replace(ds, records=_RecordsReads(ds.records, reads))), reads


@dataclass
class ViewMemo:
    """Each part's result with the records it read, by the part's name (which says the day)."""

    parts: dict[str, tuple[Deps, Any]] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)  # this view's parts taken from the memo

    def run(self, ds: Dataset, name: str, part: Callable[[Dataset], T]) -> T:
        hit = self.parts.get(name)
        if hit is not None and _still(ds, hit[0]):
            self.reused.append(name)
            return hit[1]
        result, reads = _recorded(ds, part)
        deps = _deps(ds, reads)
        if deps is None:
            self.parts.pop(name, None)
        else:
            self.parts[name] = (deps, result)
        return result


# What a part read, by the files its records came from: each type it iterated (the keys of the
# files of its records, in their order), and each record it looked up by id (its file's key, or
# ABSENT). Many ids of one type are taken as the whole type: one pass instead of a big map. Of a
# type read field by field (the third part: each such type's fields, and the keys of its files
# when it was iterated), the records' ids and the values of those fields stand for the files:
# renaming a compound leaves a part that read only the compounds' buildings as it was. The
# files' keys are looked at first: the same files, the same fields (a build with nothing
# changed hashes no field).
FieldsRead = tuple[tuple[str, ...], bytes | None]
Fingerprint = tuple[dict[str, bytes], dict[tuple[str, str], bytes], dict[str, FieldsRead]]
ABSENT = b"-"
MANY_IDS = 256


def _field_value(rec: Record, name: str) -> bytes:
    # repr, not pickle: equal values give equal text whatever objects they are (a pickle differs
    # where one string object stands in two places).
    if name[0] == "@":
        return repr(getattr(rec, name[1:])).encode()
    data = rec.data
    return repr((name in data, data.get(name))).encode()


class _Sources:
    """Fingerprints of records in one dataset, by Dataset.sources; None where a record's file
    has no key (so the part is not saved)."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self._types: dict[tuple[str, tuple[str, ...] | None], bytes | None] = {}
        # Each (record, field)'s digest, once: several parts read the compounds' buildings.
        self._values: dict[tuple[str, str, str], bytes] = {}

    def _fields_of(self, rec: Record, fields: tuple[str, ...]) -> bytes:
        out = [rec.id.encode()]
        for name in fields:
            key = (rec.type, rec.id, name)
            value = self._values.get(key)
            if value is None:
                raw = _field_value(rec, name)
                value = self._values[key] = hashlib.blake2b(raw, digest_size=16).digest()
            out.append(value)
        return b"\0".join(out)

    def of_type(self, name: str, fields: tuple[str, ...] | None = None) -> bytes | None:
        if (name, fields) not in self._types:
            h = hashlib.blake2b(digest_size=20)
            keys, last, value = self.ds.sources, None, None
            tables = self.ds.whole_tables(name) if fields is None else {}
            if tables and not self.ds.outside(tables, name):
                # Every record is a row of these tables, which hold them in the same order:
                # the tables' keys, and their 200,000 rows (a city's activities) not touched.
                found = [keys.get(file) for file in tables]
                value = (
                    None
                    if None in found
                    else hashlib.blake2b(b"".join(found), digest_size=20).digest()
                )
                self._types[(name, fields)] = value
                return value
            for rec in self.ds.of(name).values():
                if fields is not None:
                    h.update(self._fields_of(rec, fields) + b"\1")
                elif rec.file != last:  # a table's rows, one after another: its key once
                    key = keys.get(rec.file)
                    if key is None:
                        break
                    h.update(key)
                    last = rec.file
            else:
                value = h.digest()
            self._types[(name, fields)] = value
        return self._types[(name, fields)]

    def of_record(
        self, name: str, record_id: str, fields: tuple[str, ...] | None = None
    ) -> bytes | None:
        rec = self.ds.get(name, record_id)
        if rec is None:
            return ABSENT
        if fields is not None:
            return hashlib.blake2b(self._fields_of(rec, fields), digest_size=20).digest()
        return self.ds.sources.get(rec.file)

    def fingerprint(self, reads: _Reads) -> Fingerprint | None:
        if reads.every:
            return None
        by_fields = {
            name: tuple(sorted(names))
            for name, names in reads.fields.items()
            if name not in reads.whole
        }
        many = Counter(name for name, _ in reads.ids)
        types: dict[str, bytes] = {}
        for name in sorted(reads.types | {n for n, count in many.items() if count > MANY_IDS}):
            value = self.of_type(name, by_fields.get(name))
            if value is None:
                return None
            types[name] = value
        ids: dict[tuple[str, str], bytes] = {}
        for name, record_id in reads.ids:
            if name not in types:
                value = self.of_record(name, record_id, by_fields.get(name))
                if value is None:
                    return None
                ids[(name, record_id)] = value
        read = set(types) | {name for name, _ in ids}
        return (
            types,
            ids,
            {
                name: (f, self.of_type(name) if name in types else None)
                for name, f in sorted(by_fields.items())
                if name in read
            },
        )

    def still(self, fp: Fingerprint) -> bool:
        types, ids, fields = fp
        for name, value in types.items():
            spec = fields.get(name)
            if spec is None:
                if self.of_type(name) != value:
                    return False
            elif (spec[1] is None or self.of_type(name) != spec[1]) and self.of_type(
                name, spec[0]
            ) != value:
                return False
        return all(
            self.of_record(n, i, fields[n][0] if n in fields else None) == v
            for (n, i), v in ids.items()
        )


class SavedViewMemo:
    """The parts of ``baodao build``'s view kept in the cache folder between runs (``view.pickle``,
    sealed like the records: records/cache.py), each with the fingerprint of what it read and its
    result pickled on its own, unpickled only when reused. Never trusted across code versions,
    schema sets or repository places (they are in the file's key)."""

    FILE = "view.pickle"

    def __init__(self, directory: Path, ds: Dataset):
        self.directory = directory
        version = ds.cache.version if ds.cache is not None else ""
        self.key = memo_key(version, str(ds.root), str(ds.private_root))
        loaded = read_sealed(directory / self.FILE)
        old = None
        if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == self.key:
            old = loaded[1]
        self.old: dict[str, tuple[Fingerprint, bytes]] = old if isinstance(old, dict) else {}
        self.parts: dict[str, tuple[Fingerprint, bytes]] = {}
        # Of each dataset the parts are run on (the ratings run on one with stand-ins for names:
        # web/labels.py), kept while the memo is: each knows the digests of fields it hashed.
        self._sources: dict[int, _Sources] = {}

    def run(self, ds: Dataset, name: str, part: Callable[[Dataset], T]) -> T:
        sources = self._sources.get(id(ds))
        if sources is None or sources.ds is not ds:
            sources = self._sources[id(ds)] = _Sources(ds)
        hit = self.old.get(name)
        if hit is not None and sources.still(hit[0]):
            try:
                result = pickle.loads(hit[1])
            except Exception:  # noqa: BLE001 - sealed by us, so only a torn write: build it
                pass
            else:
                self.parts[name] = hit
                return result
        result, reads = _recorded(ds, part)
        # Pickled first: a record kept in the result counts as read whole (_Fields.__reduce__).
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        fp = sources.fingerprint(reads)
        if fp is None:
            return result
        self.parts[name] = (fp, blob)
        # What a later build reuses, given now too: the pages' keys hash their values' pickles
        # (web/pagememo.py), in which values shared inside a part count, and a part made anew
        # shares other strings than one unpickled (the city's 1,161 unit pages were rendered
        # again after a build with nothing changed).
        return pickle.loads(blob)

    def save(self) -> None:
        """Keep this build's parts, and as many older ones at most (other as-of days); then let
        everything go, the dataset first (the build frees the records next: web/memory.py)."""
        keep = dict(self.parts)
        for name, value in self.old.items():
            if len(keep) >= 2 * len(self.parts):
                break
            keep.setdefault(name, value)
        write_sealed(self.directory, self.FILE, (self.key, keep))
        self.old, self.parts, self._sources = {}, {}, {}


Part = Callable[[Dataset, str, Callable[[Dataset], Any]], Any]


def direct(ds: Dataset, _name: str, part: Callable[[Dataset], T]) -> T:
    """No memo: the part runs on the dataset itself (``baodao build``)."""
    return part(ds)
