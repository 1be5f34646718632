"""The demo generator's small pieces: ids, pinyin slugs, the in-memory district (streets,
communities, compounds, buildings, people) and helpers without random draws of their own
(or drawing only from the stream they are given)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml
from pypinyin import lazy_pinyin

from ..model.codelists import read_code_list
from ..model.workdays import WorkCalendar
from ..records.layout import RESERVED
from ..records.yamlio import Loader
from .scales import TEMPLATES
from .vocab import _READINGS, ROAD_ROOTS, SURNAMES

_HANZI_DIGITS = "零一二三四五六七八九"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_PERSON_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def hanzi_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (as written in 第三网格, 三号楼)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _HANZI_DIGITS[tens] + "十")
    return head + (_HANZI_DIGITS[ones] if ones else "")


def slug(name: str, max_len: int = 56) -> str:
    """ASCII id from a Chinese name: pinyin syllables joined by '-' (绿景花园 → lv-jing-hua-yuan)."""
    for phrase, reading in _READINGS.items():
        name = name.replace(phrase, f" {reading} ")
    parts: list[str] = []
    for piece in lazy_pinyin(name):
        parts.extend(re.findall(r"[a-z0-9]+", piece.lower().replace("ü", "v")))
    out = "-".join(parts) or "x"
    if len(out) > max_len:
        # Cut at a syllable boundary so the id still reads as pinyin.
        out = out[:max_len].rsplit("-", 1)[0]
    return out


def _iso(day: dt.date) -> str:
    return day.isoformat()


# --- model -------------------------------------------------------------------------------------


@dataclass
class _Street:
    id: str
    name: str
    code: str
    phone: str
    address: dict[str, str]
    communities: list[_Community] = field(default_factory=list)
    station: str = ""
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Community:
    id: str
    name: str
    street: _Street
    code: str
    roads: list[str]
    phone: str
    station: str  # the community's 党群服务中心, claimed with the community
    compounds: list[_Compound] = field(default_factory=list)
    grids: list[dict[str, Any]] = field(default_factory=list)
    branches: list[dict[str, Any]] = field(default_factory=list)
    stations: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)
    registrations: list[dict[str, Any]] = field(default_factory=list)  # unit registrations
    # The community's lists by type (resource, need, project, wish, team, event), in id order.
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    members: list[list[str]] = field(default_factory=list)  # 在职党员报到 rows (private)
    activities: list[list[str]] = field(default_factory=list)  # activity rows (private)
    unit_reports: list[dict[str, Any]] = field(default_factory=list)  # 履责报告 (public)
    evaluations: list[dict[str, Any]] = field(default_factory=list)  # 社区评价 (public)


@dataclass
class _Building:
    id: str
    number: str
    entrances: int
    households: int
    first_from: str
    grid: str = ""
    old_grid: str = ""  # grid before a re-drawing, when the assignment changed
    moved: str = ""  # date of that change
    branch: str = ""
    group: str = ""
    station: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Compound:
    id: str
    name: str
    community: _Community
    age: str
    type: str
    form: str
    aliases: list[str]
    old_names: list[str]
    built: int
    addresses: list[dict[str, str]]
    property: dict[str, Any]
    owners_committee: dict[str, Any]
    buildings: list[_Building]
    planted: bool
    verified_at: str
    station: str = ""


@dataclass
class _Person:
    id: str
    name: str
    community: str
    consent_name: bool
    consent_phone: bool
    phone: str
    consent_date: str
    note: str


@dataclass
class _Where:
    """Where a person is registered: the street file and the community they live in."""

    street: str
    community: str = ""


class _Ids:
    """Ids unique per record type; a taken id gets -2, -3 … (幸福小区 → xing-fu, xing-fu-2)."""

    def __init__(self) -> None:
        self.taken: dict[str, dict[str, None]] = {}

    def claim(self, type_name: str, base: str) -> str:
        taken = self.taken.setdefault(type_name, {})
        if type_name in ("street", "community"):
            # A street or community id is a folder name; it must not read as a reserved folder.
            taken.update(dict.fromkeys(sorted(RESERVED | {"compounds", "grids", "branches"})))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken[candidate] = None
        return candidate


def _party_org_kind(members: int) -> tuple[str, str]:
    """党委 from 100 members, 党总支 from 50, else 党支部 (the usual thresholds), with the name suffix."""
    if members >= 100:
        return "committee", "委员会"
    if members >= 50:
        return "general_branch", "总支部委员会"
    return "branch", "支部委员会"


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise RuntimeError(f"demo generator lost the planted hard case: {what}")


_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_CUM: list[int] = []
for _s, _w in SURNAMES:
    _SURNAME_CUM.append((_SURNAME_CUM[-1] if _SURNAME_CUM else 0) + _w)

_TYPE_WEIGHTS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "new": (("commercial", "resettlement", "mixed"), (85, 12, 3)),
    "old": (("work_unit", "mixed", "commercial", "resettlement"), (40, 25, 20, 15)),
}
_FORM_WEIGHTS: tuple[tuple[str, ...], tuple[int, ...]] = (
    ("hao-lou", "dong", "zhuang", "hanzi-hao-lou", "hao", "lettered"),
    (45, 25, 8, 10, 5, 7),
)


def _number_label(form: str, n: int) -> str:
    return {
        "hao-lou": f"{n}号楼",
        "dong": f"{n}栋",
        "zhuang": f"{n}幢",
        "hanzi-hao-lou": f"{hanzi_number(n)}号楼",
        "hao": f"{n}号",
    }[form]


def _group_label(form: str, buildings: list[_Building]) -> str:
    """3号楼 or 1、2号楼: a group's name lists its buildings as the compound writes them."""
    if form == "lettered":
        return "、".join(b.number.removesuffix("座") for b in buildings) + "座"
    unit = {
        "hao-lou": "号楼",
        "dong": "栋",
        "zhuang": "幢",
        "hanzi-hao-lou": "号楼",
        "hao": "号楼",
    }[form]
    numbers = [
        b.number.removesuffix("号楼").removesuffix("栋").removesuffix("幢").removesuffix("号")
        for b in buildings
    ]
    return "、".join(numbers) + unit


def _compound_record(cp: _Compound) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": cp.id, "name": cp.name, "community": cp.community.id}
    if cp.aliases:
        rec["aliases"] = list(cp.aliases)
    if cp.old_names:
        rec["old_names"] = list(cp.old_names)
    rec.update(
        {
            "type": cp.type,
            "age": cp.age,
            "built": cp.built,
            "addresses": cp.addresses,
            "households": sum(b.households for b in cp.buildings),
            "property": cp.property,
            "owners_committee": cp.owners_committee,
        }
    )
    buildings = []
    for b in cp.buildings:
        serve: list[dict[str, str]] = []
        for start, grid in (
            ((b.first_from, b.old_grid), (b.moved, b.grid))
            if b.moved
            else ((b.first_from, b.grid),)
        ):
            a = {"from": start, "grid": grid, "branch": b.branch}
            if b.group:
                a["group"] = b.group
            a["station"] = b.station
            serve.append(a)
        item: dict[str, Any] = {
            "id": b.id,
            "number": b.number,
            "entrances": b.entrances,
            "households": b.households,
            "serve": serve,
        }
        if b.posts:
            item["posts"] = b.posts
        buildings.append(item)
    rec["buildings"] = buildings
    rec["verified_at"] = cp.verified_at
    return rec


def _roads() -> list[str]:
    suffixes = ("路", "路", "路", "街", "路", "大道", "路", "街")
    return [root + suffixes[i % len(suffixes)] for i, root in enumerate(ROAD_ROOTS)]


def _spread(r: Random, total: int, n: int) -> list[int]:
    """``total`` split over ``n`` parts of varied size (largest remainder, so the sum is exact)."""
    weights = [r.uniform(0.55, 1.45) for _ in range(n)]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _skewed(r: Random, n: int) -> int:
    """An index in 0..n-1 where low indexes are more likely: a few property firms manage many compounds."""
    return min(n - 1, int(n * r.random() ** 1.8))


def _calendar() -> WorkCalendar:
    """The template calendars (notices start on working days)."""
    paths = sorted((TEMPLATES / "calendar").glob("*.yaml"))
    return WorkCalendar.from_records(yaml.load(p.read_text("utf-8"), Loader=Loader) for p in paths)


def _code_list(list_id: str) -> dict[str, str]:
    """Code → name of one of the template code lists, in list order."""
    found = read_code_list(TEMPLATES / "codes" / f"{list_id}.yaml")
    if found is None:
        raise FileNotFoundError(f"template code list {list_id} is missing")
    return found[1]


def _apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, so the sum is exact)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# libyaml's emitter writes the same bytes as yaml.safe_dump (compared on every record of the city
# scale) about five times faster; the pure-Python dumper stands in where libyaml is missing.
_BASE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _DUMPER(_BASE_DUMPER):  # type: ignore[misc,valid-type]
    """Never anchors and aliases: one list used twice is written twice, since the loader refuses
    aliases (YAML005) and editors never write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )


def _non_empty(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def _bool(value: bool) -> str:
    return "true" if value else "false"
