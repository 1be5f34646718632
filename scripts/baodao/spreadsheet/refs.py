"""What a sheet may name: the ids, names and aliases of the records of the current dataset.

An import checks every reference of every row before anything is written (issue 15), but it
must stay fast on a city (16,000 rows): the ids come from the files' places alone (the layout
of schemas' ``x-location``; a glob, no parsing), and a record's names are read only when a cell
is not an id. People are named by their opaque id only: a person is never guessed from a name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model.suggest import closest
from ..problems import ERROR, Problem
from ..records.layout import PRIVATE, PUBLIC, RECORD_TYPES, RESERVED

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]+)?\}")
# "绿景花园（lvjing）" or "lvjing 绿景花园": what a drop-down shows when two records share a name.
_LABELLED = re.compile(r"(?P<name>.+?)\s*[（(]\s*(?P<id>[a-z0-9][a-z0-9-]*)\s*[)）]")
_ID_FIRST = re.compile(r"(?P<id>[a-z0-9][a-z0-9-]*)\s+(?P<name>\S.*)")


def key(text: str) -> str:
    """A name as compared: full-width folded (NFKC), no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Found:
    """A cell's reference: the id it names, or why not (Chinese, for the message)."""

    id: str | None
    why: str = ""  # "unknown" | "ambiguous" | "outside"
    tail_zh: str = ""  # （是否应为 'lvjing'（绿景花园）？）
    tail_en: str = ""
    others: tuple[str, ...] = ()  # the ids a name matches more than once, or the id outside


class References:
    """The records of ``types`` in both roots, read lazily and once per import."""

    def __init__(self, root: Path, private_root: Path | None):
        self.private_root = private_root
        self._bases = {PUBLIC: root / "data", PRIVATE: private_root}
        self._ids: dict[str, dict[str, dict[str, str]]] = {}
        self._paths: dict[str, dict[str, Path]] = {}
        self._names: dict[str, dict[str, list[str]]] = {}
        self._scoped: dict[tuple, frozenset[str]] = {}
        self._data: dict[str, dict[str, dict]] = {}
        self._guesses = 0
        self._lookups: dict[tuple[str, ...], tuple[dict[str, set[str]], dict[str, str]]] = {}

    def ids(self, type_name: str) -> dict[str, dict[str, str]]:
        """id -> the folder groups of its file (street, community …)."""
        if type_name not in self._ids:
            self._read(type_name)
        return self._ids[type_name]

    def _read(self, type_name: str) -> None:
        ids: dict[str, dict[str, str]] = {}
        paths: dict[str, Path] = {}
        for rt in RECORD_TYPES:
            base = self._bases[rt.root]
            if rt.name != type_name or base is None or not base.is_dir():
                continue
            if rt.fmt == "csv":
                if type_name == "person":  # ids are the register's first column
                    for path in sorted(base.glob(_PLACEHOLDER.sub("*", rt.location))):
                        ids.update(dict.fromkeys(_first_column(path), {}))
                continue
            for path in sorted(base.glob(_PLACEHOLDER.sub("*", rt.location))):
                m = rt.pattern.match(path.relative_to(base).as_posix())
                if m is None:
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                if groups.get("street") in RESERVED:
                    continue
                rid = groups.get("id") or groups.get(type_name)
                if rid:
                    ids[rid] = groups
                    paths[rid] = path
        self._ids[type_name] = ids
        self._paths[type_name] = paths

    def record(self, type_name: str, rid: str) -> dict:
        """The record's YAML data ({} when unreadable: validate reports that file)."""
        cache = self._data.setdefault(type_name, {})
        if rid not in cache:
            path = self._paths.get(type_name, {}).get(rid) if rid in self.ids(type_name) else None
            data = None
            if path is not None:
                try:
                    data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    data = None
            cache[rid] = data if isinstance(data, dict) else {}
        return cache[rid]

    def names(self, type_name: str) -> dict[str, list[str]]:
        """id -> its name, then its aliases and old names (read from the files on first use)."""
        if type_name not in self._names:
            self._names[type_name] = {
                rid: self._names_of(type_name, rid) for rid in self.ids(type_name)
            }
        return self._names[type_name]

    def in_scope(self, type_name: str, scope: dict[str, str]) -> frozenset[str]:
        """The ids of ``type_name`` whose folder agrees with ``scope`` (e.g. a community's)."""
        cache = (type_name, *sorted(scope.items()))
        if cache not in self._scoped:
            self._scoped[cache] = frozenset(
                rid
                for rid, groups in self.ids(type_name).items()
                if all(groups.get(k, v) == v for k, v in scope.items())
            )
        return self._scoped[cache]

    def valid(self, types: tuple[str, ...], scope: dict[str, str]) -> frozenset[str]:
        """The ids a cell of ``types`` may hold as they are: the fast path of a city import."""
        out: set[str] = set()
        for t in types:
            out |= self.in_scope(t, scope) if scope and t not in _GLOBAL else set(self.ids(t))
        return frozenset(out)

    def choices(self, types: tuple[str, ...], scope: dict[str, str]) -> list[str]:
        """What a template's drop-down offers: each record's name; "名称（id）" when two share
        a name (the import reads both forms back to the id)."""
        listed = [(t, rid) for t in types for rid in sorted(self.in_scope(t, scope))]
        named = [(rid, (self.names(t).get(rid) or [rid])[0]) for t, rid in listed]
        count: dict[str, int] = {}
        for _, name in named:
            count[name] = count.get(name, 0) + 1
        return [name if count[name] == 1 else f"{name}（{rid}）" for rid, name in named]

    def resolve(self, types: tuple[str, ...], text: str, scope: dict[str, str]) -> Found:
        """The id ``text`` names among ``types``: an id; an exact name, alias or old name (those
        in ``scope`` first); "名称（id）". Otherwise why not, with a close match if one is unique."""
        for t in types:
            if text in self.ids(t):
                if scope and t not in _GLOBAL and text not in self.in_scope(t, scope):
                    return Found(None, "outside", others=(text,))
                return Found(text)
        if "person" in types:
            return Found(None, "unknown")  # never guess a person (see checks/references.py)
        m = _LABELLED.fullmatch(text) or _ID_FIRST.fullmatch(text)
        if m is not None and any(m["id"] in self.ids(t) for t in types):
            return self.resolve(types, m["id"], scope)
        want = key(text)
        # The sheet's community's own records first: reading a few files, not the city's.
        local = {
            rid
            for t in types
            if scope and t not in _GLOBAL
            for rid in self.in_scope(t, scope)
            if want in map(key, self._names_of(t, rid))
        }
        if len(local) == 1:
            return Found(local.pop())
        by_name, shown = self._lookup(types)
        if not local:
            local = {
                rid
                for rid in by_name.get(want, ())
                if not scope
                or any(t in _GLOBAL and rid in self.ids(t) for t in types)
                or any(rid in self.in_scope(t, scope) for t in types)
            }
        if len(local) == 1:
            return Found(local.pop())
        if len(local) > 1:
            return Found(None, "ambiguous", others=tuple(sorted(local)))
        matches = by_name.get(want, set())
        if matches:  # a name of a record outside the scope (another community's compound)
            return Found(None, "outside", others=tuple(sorted(matches)))
        self._guesses += 1
        if self._guesses > _MAX_GUESSES:  # a sheet of wrong cells: report them, fast
            return Found(None, "unknown")
        guess = closest(text, shown)  # the id or a name, whichever is close: both are shown
        if guess is None:
            return Found(None, "unknown")
        return Found(
            None, "unknown", f"（是否应为 {shown[guess]}？）", f" (did you mean {shown[guess]}?)"
        )

    def _names_of(self, type_name: str, rid: str) -> list[str]:
        if type_name in self._names:
            return self._names[type_name].get(rid, [])
        data = self.record(type_name, rid)
        found = [data.get("name")]
        for extra in ("aliases", "old_names"):
            if isinstance(data.get(extra), list):
                found.extend(data[extra])
        return [str(n) for n in found if isinstance(n, str) and n.strip()]

    def _lookup(self, types: tuple[str, ...]) -> tuple[dict[str, set[str]], dict[str, str]]:
        """Once per column type: name -> ids, and what a guess may be (an id or a name naming
        one record) -> "id（名称）" as the message shows it."""
        if types not in self._lookups:
            by_name: dict[str, set[str]] = {}
            for t in types:
                for rid, names in self.names(t).items():
                    for name in names:
                        by_name.setdefault(key(name), set()).add(rid)
            shown: dict[str, str] = {}
            for t in types:
                for rid, names in self.names(t).items():
                    label = f"{rid}（{names[0]}）" if names else rid
                    shown.setdefault(rid, label)
                    for name in names:
                        if len(by_name.get(key(name), ())) == 1:
                            shown.setdefault(name, label)
            self._lookups[types] = (by_name, shown)
        return self._lookups[types]


# "Did you mean" costs ~10 ms against a city's names: offered for the first ones only.
_MAX_GUESSES = 200

# Types named district-wide from any community's sheet: an id outside the sheet's community
# is still the right record (a member's home organisation, the community moved from).
_GLOBAL = frozenset({"community", "street", "home_org", "unit", "property_company", "person"})


def _first_column(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh)
            next(rows, None)
            return [row[0].strip() for row in rows if row and row[0].strip()]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


# Fields that name records without an ``x-ref`` in the datapackage because validate checks them
# with words of their own (checks/references.py: a home organisation may be a unit;
# checks/governance.py: REQ002 for a request's grid and compound). The import checks them too.
_IMPLIED: dict[tuple[str, str], tuple[str, ...]] = {
    ("member_registrations", "home_org"): ("home_org", "unit"),
    ("requests", "grid"): ("grid",),
    ("requests", "compound"): ("compound",),
}
# The code validate gives a record outside the sheet's community, by table.
_OUTSIDE = {"member_registrations": "REG006", "requests": "REQ002"}


@dataclass(frozen=True)
class RefColumn:
    field: str
    title: str
    types: tuple[str, ...]
    outside: str | None = None  # the code of a record outside the sheet's community (REF001)


def ref_columns(table: str, fields: list[dict]) -> dict[str, RefColumn]:
    """The columns of ``table`` that name records: ``x-ref`` and the implied ones above."""
    out = {}
    for f in fields:
        types = (f["x-ref"],) if "x-ref" in f else _IMPLIED.get((table, f["name"]))
        if types:
            title = f.get("title") or f["name"]
            out[f["name"]] = RefColumn(f["name"], title, types, _OUTSIDE.get(table))
    return out


def cell_problem(
    refs: References, col: RefColumn, text: str, scope: dict[str, str], where: tuple[str, int, str]
) -> tuple[str, Problem | None]:
    """The id a cell names (``text`` as written when none), and the problem when none."""
    if "person" in col.types and refs.private_root is None:
        return text, None  # no private root: person ids are checked where it is loaded
    found = refs.resolve(col.types, text, scope)
    if found.id is not None:
        return found.id, None
    names = refs.names
    if found.why == "outside":
        owners = [
            (rid, (names(t).get(rid) or [rid])[0], refs.ids(t)[rid].get("community", ""))
            for rid in found.others
            for t in col.types
            if rid in refs.ids(t)
        ]
        what = "、".join(f"{rid}（{name}）属于社区 {c}" for rid, name, c in owners)
        zh = f"{col.title} '{text}' 不在本表的社区 {scope.get('community', '')}：{what}"
        en = f"'{text}' is outside the sheet's community"
        hint = (
            "党员向居住地所在社区报到：换到该小区所在社区的表格中"
            if col.outside == "REG006"
            else "填写本社区的编号或名称（模板的下拉列表只列本社区的）"
        )
        return text, Problem(*where, col.outside or "REF001", ERROR, zh, en, hint)
    if found.why == "ambiguous":
        zh = f"{col.title} '{text}' 对应多个记录：{'、'.join(found.others)}"
        en = f"'{text}' names several records: {', '.join(found.others)}"
        return text, Problem(*where, "REF001", ERROR, zh, en, "填写编号，或从下拉列表中选择")
    if "person" in col.types:
        hint = "人员编号须是人员名册（私有库 people/）中已有的编号；新成员先导入人员名册"
    else:
        hint = "填写编号或名称（全称、别名均可），或从模板的下拉列表中选择"
    zh = f"未知{col.title} '{text}'{found.tail_zh}"
    en = f"unknown {'/'.join(col.types)} '{text}'{found.tail_en}"
    return text, Problem(*where, "REF001", ERROR, zh, en, hint)
