"""Parts of the public view reused by the records they read (``baodao serve``'s preview).

The public view is built in parts (the assessments, each rating period, the lists, governance,
notices …), each a function of the dataset and the as-of day. Run through a :class:`ViewMemo`,
a part sees the dataset through a recorder that notes every record it reads: one by id
(``ds.get("compound", "x")``) or a whole type (iterating ``ds.of("compound")``). The next time,
the part's previous result is reused when every record it read is the same — the same object,
or a record of equal content (type, id, file, line, data, body), so a dataset loaded again from
the files compares equal where the files did not change. A part that iterated over every type
is never reused.

Only the preview keeps a memo (web/serve.py): ``baodao build`` builds every part, and stays the
reference the test suite compares the preview's output with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..records.dataset import Dataset, Record

T = TypeVar("T")
_EVERY = "**"  # every type was iterated: no reuse


@dataclass
class _Reads:
    types: set[str] = field(default_factory=set)  # iterated: every record of the type
    ids: set[tuple[str, str]] = field(default_factory=set)  # looked up one by one
    every: bool = False


class _TypeReads(Mapping):
    def __init__(self, name: str, records: Mapping[str, Record], reads: _Reads):
        self._name, self._m, self._reads = name, records, reads

    def __getitem__(self, key: str) -> Record:
        self._reads.ids.add((self._name, key))
        return self._m[key]

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, str):
            self._reads.ids.add((self._name, key))
        return self._m.get(key, default)

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
        reads = _Reads()
        result = part(replace(ds, records=_RecordsReads(ds.records, reads)))
        deps = _deps(ds, reads)
        if deps is None:
            self.parts.pop(name, None)
        else:
            self.parts[name] = (deps, result)
        return result


Part = Callable[[Dataset, str, Callable[[Dataset], Any]], Any]


def direct(ds: Dataset, _name: str, part: Callable[[Dataset], T]) -> T:
    """No memo: the part runs on the dataset itself (``baodao build``)."""
    return part(ds)
