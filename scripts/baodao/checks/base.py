"""What every check shares: the context it reads and how it words a problem."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import attrgetter

from ..model.codelists import code_lists
from ..model.paths import as_list
from ..model.rules import RulesInForce
from ..problems import Problem
from ..records.dataset import Dataset, Record
from ..records.schemas import SchemaSet


@dataclass(frozen=True)
class Context:
    ds: Dataset
    schemas: SchemaSet
    as_of: dt.date
    rules: RulesInForce  # validation rules in force on as_of

    @cached_property
    def groups(self) -> dict[str, tuple[Record, int]]:
        """Building group id -> (its branch, index in ``groups``)."""
        out: dict[str, tuple[Record, int]] = {}
        for br in self.ds.of("branch").values():
            for i, g in enumerate(as_list(br.data.get("groups"))):
                if isinstance(g, dict) and isinstance(g.get("id"), str):
                    out.setdefault(g["id"], (br, i))
        return out

    @cached_property
    def _codes(self) -> dict[str, dict[str, str]]:
        return code_lists(self.ds)

    def codes(self, list_id: str) -> dict[str, str]:
        """Code → Chinese name of a code list in data/codes/ (empty if the list is missing)."""
        return self._codes.get(list_id, {})


def by_file(records: Iterable[Record]) -> Iterator[tuple[str, list[Record]]]:
    """``records`` in runs of one file (a table's rows come one after another)."""
    for file, run in groupby(records, key=attrgetter("file")):
        yield file, list(run)


def digest(parts: Iterable[str]) -> bytes:
    """A digest of strings in their order (what a check read elsewhere: ids, codes …)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.digest()


def in_tables(
    ctx: Context,
    check: str,
    files: Mapping[str, Sequence[Record]],
    state: bytes,
    find: Callable[[Sequence[Record]], Iterable[Problem]],
) -> Iterator[Problem]:
    """What ``find`` finds in each table's rows (``Dataset.whole_tables``), given ``state``: a
    digest of everything else it reads (the ids it looks up, …), made by the check. Kept in the
    parse cache (records/cache.py ``FileCache.found``) by the file's bytes and ``state``: a run
    that reads the same finds the same, so a city's 300,000 rows are not looked at again after
    an edit elsewhere. Without a cache, found each time."""
    for file, rows in files.items():
        yield from in_file(ctx, check, file, rows, state, find)


def in_file(
    ctx: Context,
    check: str,
    file: str,
    rows: Sequence[Record],
    state: bytes,
    find: Callable[[Sequence[Record]], Iterable[Problem]],
) -> Iterator[Problem]:
    """What ``find`` finds in ``rows``, the records of ``file``, given ``state`` (``in_tables``):
    kept by the file's bytes, ``check`` and ``state``; found each time without a cache. Rows
    not read yet (records/dataset.Rows) are read only when nothing was kept."""
    cache, key = ctx.ds.cache, ctx.ds.sources.get(file)
    if cache is None or key is None:
        yield from find(rows)
        return
    held = cache.found(check, key, state)
    if held is None:
        held = list(find(rows))
        cache.keep(check, key, state, held)
    yield from held
