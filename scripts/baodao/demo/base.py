"""The generator's state and the small draws every phase uses (dates, phones, codes, people,
posts). One ``random.Random`` drives every phase, so the phases must run in the order
:meth:`baodao.demo.generate._Generator.build` calls them."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

from ..records.formats import make_uscc
from .common import (
    _PERSON_ALPHABET,
    _SURNAME_CUM,
    _SURNAME_LIST,
    _USCC_ALPHABET,
    _calendar,
    _Community,
    _Ids,
    _iso,
    _Person,
    _Street,
    _Where,
)
from .scales import AS_OF, DISTRICT_CODE, STALE_BEFORE, Scale
from .vocab import CLASSIC_GIVEN, GIVEN_CHARS

# --- the generator -----------------------------------------------------------------------------


class _Base:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.s = scale
        self.r = Random(seed)
        self.ids = _Ids()
        self.people: dict[str, list[_Person]] = {}  # street id -> rows, in creation order
        self.person_names: dict[str, str] = {}  # an appointment notice names its appointee
        self.person_ids: dict[str, None] = {}
        self.phones: dict[str, None] = {}
        self.streets: list[_Street] = []
        self.compound_names: dict[str, None] = {}
        self.property_companies: list[dict[str, Any]] = []
        self.units: list[dict[str, Any]] = []
        self.home_orgs: list[dict[str, Any]] = []
        self.notices: list[tuple[dict[str, Any], str]] = []
        self.district: dict[str, Any] = {}
        self.district_station: dict[str, Any] = {}
        self.street_stations: dict[str, dict[str, Any]] = {}
        self.usccs: dict[str, None] = {}
        self.secretary_changes: list[tuple[_Community, dt.date]] = []
        self.calendar = _calendar()
        # Which units carry the planted report-in cases (unit ids; the moved member's person id).
        self.report_in_cases: dict[str, list[str]] = {}
        # The planted 双报告 cases: members without activities, units without a report …
        self.assessment_cases: dict[str, list[str]] = {}
        self.codes: dict[str, dict[str, str]] = {}  # code lists: code -> name
        self.unit_by_id: dict[str, dict[str, Any]] = {}

    # --- small helpers ---

    def date(self, start: str | dt.date, end: str | dt.date) -> dt.date:
        a = dt.date.fromisoformat(start) if isinstance(start, str) else start
        b = dt.date.fromisoformat(end) if isinstance(end, str) else end
        return dt.date.fromordinal(self.r.randint(a.toordinal(), b.toordinal()))

    def verified(self) -> str:
        if self.s.stale_share and self.r.random() < self.s.stale_share:
            return _iso(self.date("2024-09-01", STALE_BEFORE - dt.timedelta(days=1)))
        return _iso(self.date("2025-12-01", "2026-11-01"))

    def landline(self) -> str:
        while True:
            number = f"0999-6{self.r.randint(0, 999999):06d}"
            if number not in self.phones:
                self.phones[number] = None
                return number

    def mobile(self) -> str:
        # 13x-0000-xxxx: an obviously made-up block, so no real subscriber is ever printed.
        while True:
            number = f"13{self.r.choice('56789')}0000{self.r.randint(0, 9999):04d}"
            if number not in self.phones:
                self.phones[number] = None
                return number

    def uscc(self, prefix: str) -> str:
        while True:
            body = prefix + DISTRICT_CODE + "".join(self.r.choice(_USCC_ALPHABET) for _ in range(9))
            code = make_uscc(body)
            if code not in self.usccs:
                self.usccs[code] = None
                return code

    def person_name(self) -> str:
        surname = self.r.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]
        if self.r.random() < 0.15:
            return surname + self.r.choice(CLASSIC_GIVEN)
        n = 1 if self.r.random() < 0.4 else 2
        return surname + "".join(self.r.choice(GIVEN_CHARS) for _ in range(n))

    def person(
        self,
        where: _Where,
        *,
        public: bool,
        since: dt.date,
        note: str = "",
        name_share: float | None = None,
    ) -> str:
        """Register a synthetic person and return the opaque id used in public records."""
        while True:
            pid = "p-" + "".join(self.r.choice(_PERSON_ALPHABET) for _ in range(8))
            if pid not in self.person_ids:
                self.person_ids[pid] = None
                break
        # Public-role holders mostly agree to be named (亮身份); some also publish a phone.
        # Central households are named only with consent, and never publish a phone.
        # Members who report in are named only if they agreed (``name_share``), never with a phone.
        if name_share is not None:
            consent_name, consent_phone = self.r.random() < name_share, False
        elif public:
            consent_name = self.r.random() < 0.8
            consent_phone = consent_name and self.r.random() < 0.25
        else:
            consent_name, consent_phone = self.r.random() < 0.5, False
        consent_date = ""
        if consent_name or consent_phone:
            consent_date = _iso(min(AS_OF, since + dt.timedelta(days=self.r.randint(0, 90))))
        phone = self.mobile() if consent_phone else ""
        row = _Person(
            pid,
            self.person_name(),
            where.community,
            consent_name,
            consent_phone,
            phone,
            consent_date,
            note,
        )
        self.people.setdefault(where.street, []).append(row)
        self.person_names[pid] = row.name
        return pid

    def post(
        self,
        post_id: str,
        role: str,
        where: _Where,
        start: dt.date,
        *,
        work_phone: str = "",
        history: float = 0.0,
        vacant_since: dt.date | None = None,
        holder: str = "",
    ) -> dict[str, Any]:
        """A post with its holders: maybe a predecessor, maybe a vacancy (posts are not people)."""
        post: dict[str, Any] = {"id": post_id, "role": role}
        if work_phone:
            post["work_phone"] = work_phone
        holders: list[dict[str, str]] = []
        if vacant_since is not None:
            # The last holder left the day before the vacancy began.
            began = vacant_since - dt.timedelta(days=self.r.randint(300, 2000))
            pid = self.person(where, public=True, since=began, note="已离任")
            holders.append(
                {
                    "person": pid,
                    "from": _iso(began),
                    "to": _iso(vacant_since - dt.timedelta(days=1)),
                }
            )
            post["holders"] = holders
            post["vacant_since"] = _iso(vacant_since)
            return post
        if self.r.random() < history:
            began = start - dt.timedelta(days=self.r.randint(400, 2500))
            pid = self.person(where, public=True, since=began, note="已离任")
            holders.append(
                {"person": pid, "from": _iso(began), "to": _iso(start - dt.timedelta(days=1))}
            )
        pid = holder or self.person(where, public=True, since=start)
        holders.append({"person": pid, "from": _iso(start)})
        post["holders"] = holders
        return post

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.calendar.is_workday(day):
            day += dt.timedelta(days=1)
        return day
