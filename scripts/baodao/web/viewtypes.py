"""The small value types every part of the public view shares: a post as shown, a station, a
reference to a record by id and name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    role: str  # Chinese role name, e.g. 专职网格员
    name: str | None  # holder's name, only with consent
    phone: str | None  # consented personal phone, else work phone, else station phone
    vacant: bool
    vacant_since: str | None = None
    unit: str | None = None  # a concurrent member's unit (大党委/大工委)
    duties: tuple[str, ...] = ()
    # Whose phone it is, shown beside it (本人 / 岗位 / 服务站 / 街道): a station's number beside a
    # person with no public phone of their own must not read as that person's.
    phone_of: str | None = None


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    level: str
    address: str
    phone: str
    hours: tuple[str, ...]
    area_m2: float | None
    stale: bool
    verified_at: str = ""
    hours_data: str = ""  # "1-5 08:30-17:30;6 09:00-12:00" for live.js (open now)
    holidays: str = ""  # public_holidays: closed / open / "" (not stated)


@dataclass(frozen=True)
class Ref:
    id: str
    name: str
