"""The names of places put into the ratings (and the lists) after they are computed.

A rating's figures do not depend on what a compound, community, street, branch or property
company is called (ranks break ties by the rules and then by id, never by name): renaming one
changes the labels of its rows, not the rating. So the ratings are computed over the dataset
with those names replaced by stand-ins (``unnamed``), which the part memo sees as unchanged
after a rename (web/viewmemo.py), and the current names are put in afterwards (``Labels``).
A city build after one compound was renamed took its seven property quarters and two months of
12345 tickets from the memo instead of computing them again (~1 s).

Every build labels this way, with a memo or without, so both give the same pages
(tests/web/test_labels.py also builds the ratings from the named records, and finds no stand-in
left anywhere in the view).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import TypeVar

from ..records.dataset import Dataset, Record

# The types whose ``name`` a rating shows as a label.
LABELLED = ("street", "community", "compound", "branch", "property_company")

# A stand-in: NUL, type, id, NUL. No record holds a NUL (YAML and CSV readers refuse it); a
# name that somehow did is left as it is (and that part is simply not reused after a rename).
_MARK = "\x00"
_STAND_IN = re.compile("\x00([^\x00]*)\x00")

T = TypeVar("T")


@dataclass(frozen=True)
class Labels:
    """The names the stand-ins stand for."""

    names: Mapping[str, str]

    def text(self, value: str) -> str:
        if _MARK not in value:
            return value
        return _STAND_IN.sub(lambda m: self.names.get(m.group(1), m.group(0)), value)

    def texts(self, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.text(v) for v in values)

    def everywhere(self, value: T) -> T:
        """``value`` with the names in every string it holds: in lists, tuples, dicts' values
        and dataclass instances, all the way down (a part's result made over stand-ins)."""
        if isinstance(value, str):
            return self.text(value)  # type: ignore[return-value]
        if isinstance(value, list):
            return [self.everywhere(v) for v in value]  # type: ignore[return-value]
        if isinstance(value, tuple):
            items = [self.everywhere(v) for v in value]
            if hasattr(value, "_fields"):  # a named tuple stays one
                return type(value)(*items)  # type: ignore[return-value]
            return tuple(items)  # type: ignore[return-value]
        if isinstance(value, dict):
            return {k: self.everywhere(v) for k, v in value.items()}  # type: ignore[return-value]
        if is_dataclass(value) and not isinstance(value, type):
            # What dataclasses.replace does, given every field it takes (fields() and replace
            # each walk the class's fields: 0.1 s of a city's lists, for each build).
            cls = type(value)
            return cls(**{n: self.everywhere(getattr(value, n)) for n in _init_fields(cls)})
        return value


@cache
def _init_fields(cls: type) -> tuple[str, ...]:
    """The fields a dataclass's constructor takes."""
    return tuple(f.name for f in fields(cls) if f.init)


def unnamed(ds: Dataset) -> tuple[Dataset, Labels]:
    """``ds`` with the names of LABELLED records replaced by stand-ins, and their labels."""
    names: dict[str, str] = {}
    records = dict(ds.records)
    for type_name in LABELLED:
        recs = ds.records.get(type_name)
        if not recs:
            continue
        blind: dict[str, Record] = {}
        for rid, rec in recs.items():
            name = rec.data.get("name")
            if isinstance(name, str) and name and _MARK not in name and _MARK not in rid:
                key = f"{type_name}:{rid}"
                names[key] = name
                rec = replace(rec, data={**rec.data, "name": f"{_MARK}{key}{_MARK}"})
            blind[rid] = rec
        records[type_name] = MappingProxyType(blind)
    return replace(ds, records=MappingProxyType(records)), Labels(MappingProxyType(names))
