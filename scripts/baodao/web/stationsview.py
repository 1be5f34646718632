"""The public view of the service centres and stations (党群服务中心/站): the directory.

Part of the public view (see publicview.py): a station's level, address, work phone, weekly hours
(as text, and as data for "open now" in the browser), rooms, regular activities, events held
there, and its check against the 六有 standard, whose items are the code list
``data/codes/six-haves.yaml`` (the standard is data, so a district that adds a seventh item
changes a file, not the code). Station staff appear nowhere here: a station is reached by phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import registry
from ..model.codelists import items_of
from ..records.dataset import Dataset, Record
from .viewtypes import Ref, Station


class _Named(Protocol):
    id: str
    name: str


class _StreetOfView(Protocol):
    """What the directory needs of the view's streets: their ids, names and communities."""

    id: str
    name: str
    communities: Sequence[_Named]


OPEN_TO_ZH = registry.default().labels("event", "open_to")
ACTIVITY_OPEN_TO_ZH = registry.default().labels("station", "activities", "*", "open_to")
LEVEL_ORDER = {"district": 0, "street": 1, "community": 2, "compound": 3}


@dataclass(frozen=True)
class Room:
    name: str
    seats: int | None
    use: str


@dataclass(frozen=True)
class Activity:
    name: str
    when: str
    open_to: str


@dataclass(frozen=True)
class Check:
    """One item of the 六有 standard and whether the station met it at its last check."""

    name: str
    description: str
    met: bool


@dataclass(frozen=True)
class Event:
    date: str
    name: str
    open_to: str


@dataclass(frozen=True)
class StationEntry:
    s: Station
    level: str  # district / street / community / compound
    street: Ref | None
    community: Ref | None
    rooms: tuple[Room, ...]
    activities: tuple[Activity, ...]
    six: tuple[Check, ...]  # empty when never checked
    six_checked_at: str
    events: tuple[Event, ...]  # held here, newest first (at most 10)

    @property
    def six_met(self) -> int:
        return sum(c.met for c in self.six)


@dataclass(frozen=True)
class CommunityStations:
    community: Ref
    entries: tuple[StationEntry, ...]


@dataclass(frozen=True)
class StreetStations:
    street: Ref
    centres: tuple[StationEntry, ...]
    communities: tuple[CommunityStations, ...]


@dataclass(frozen=True)
class StationDirectory:
    district: tuple[StationEntry, ...]
    streets: tuple[StreetStations, ...]
    entries: tuple[StationEntry, ...]  # every station, district first, then by street and community
    standard: tuple[tuple[str, str], ...]  # the 六有 items: (name, description)

    def count(self, level: str) -> int:
        return sum(e.level == level for e in self.entries)


def build_stations(
    ds: Dataset,
    station: Callable[[Record], Station],
    view_streets: Sequence[_StreetOfView],
    as_of: dt.date,
) -> StationDirectory:
    standard = [(i["code"], i["name"], i.get("description", "")) for i in items_of(ds, "six-haves")]
    events: dict[str, list[Event]] = {}
    for ev in ds.of("event").values():
        if isinstance(ev.get("station"), str):
            events.setdefault(ev.get("station"), []).append(
                Event(
                    str(ev.get("date", "")),
                    ev.get("name", ""),
                    OPEN_TO_ZH.get(ev.get("open_to"), ""),
                )
            )

    def ref(type_name: str, rid: object) -> Ref | None:
        rec = ds.get(type_name, rid)
        return Ref(rec.id, rec.get("name", rec.id)) if rec else None

    def entry(rec: Record) -> StationEntry:
        six = rec.get("six_haves") or {}
        met = set(six.get("met") or [])
        checks = (
            tuple(Check(name, desc, code in met) for code, name, desc in standard) if six else ()
        )
        evs = sorted(events.get(rec.id, []), key=lambda e: (e.date, e.name), reverse=True)[:10]
        return StationEntry(
            station(rec),
            rec.get("level", ""),
            ref("street", rec.get("street")),
            ref("community", rec.get("community")),
            tuple(
                Room(r.get("name", ""), r.get("seats"), r.get("use", ""))
                for r in rec.get("rooms") or []
            ),
            tuple(
                Activity(
                    a.get("name", ""),
                    a.get("when", ""),
                    ACTIVITY_OPEN_TO_ZH.get(a.get("open_to"), ""),
                )
                for a in rec.get("activities") or []
            ),
            checks,
            str(six.get("checked_at") or ""),
            tuple(evs),
        )

    entries = sorted(
        (entry(r) for r in ds.of("station").values()),
        key=lambda e: (LEVEL_ORDER.get(e.level, 9), e.s.name, e.s.id),
    )
    streets = []
    for st in view_streets:
        centres = tuple(
            e for e in entries if e.level == "street" and e.street and e.street.id == st.id
        )
        comms = []
        for c in st.communities:
            here = tuple(
                e
                for e in entries
                if e.level in ("community", "compound") and e.community and e.community.id == c.id
            )
            if here:
                comms.append(CommunityStations(c, here))
        streets.append(StreetStations(Ref(st.id, st.name), centres, tuple(comms)))
    district = tuple(e for e in entries if e.level == "district")
    ordered = [
        *district,
        *(e for s in streets for e in (*s.centres, *(x for c in s.communities for x in c.entries))),
    ]
    seen = {e.s.id for e in ordered}
    ordered += [e for e in entries if e.s.id not in seen]  # a station whose street is unknown
    return StationDirectory(
        district, tuple(streets), tuple(ordered), tuple((n, d) for _c, n, d in standard)
    )
