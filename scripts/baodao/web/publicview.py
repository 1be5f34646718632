"""The public view: the only door from the records to the site.

Pages render from these typed objects, never from raw records. A person appears only as a role
on a post, named only with a recorded consent, with a personal phone only with a recorded consent
(otherwise the post's work phone, otherwise the serving station's phone); counts of people under
the suppression threshold are shown as "少于 5".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..assess.stars import subsidies_due
from ..model import registry
from ..model.assignments import assignment_on, holder_on
from ..model.codelists import code_names, items_of
from ..model.personal import appointees
from ..records.dataset import Dataset, Record
from .assessview import AssessView, build_assessments
from .govview import GovView, build_governance
from .labels import unnamed
from .listsview import CommunityLists, UnitActivity, build_lists
from .noticesview import Notices, build_notices
from .ratingsview import RatingsView, build_ratings
from .stationsview import StationDirectory, build_stations
from .suppression import suppress
from .viewmemo import Part, SavedViewMemo, ViewMemo, direct
from .viewtypes import Post, Ref, Station

# The words of each enum value, from the schemas' x-labels.
COMPOUND_TYPE = registry.default().labels("compound", "type")
COMPOUND_AGE = registry.default().labels("compound", "age")
PARTY_ORG_KIND = registry.default().labels("defs", "party_org", "kind")
BRANCH_KIND = registry.default().labels("branch", "kind")
UNIT_KIND = registry.default().labels("unit", "kind")
STATION_LEVEL = registry.default().labels("station", "level")
WEEKDAY = "一二三四五六日"


@dataclass(frozen=True)
class Service:
    """Who serves a building on the as-of date."""

    branch: Ref
    branch_kind: str
    secretary: Post | None
    group: Ref | None
    group_leaders: tuple[Post, ...]
    building_posts: tuple[Post, ...]
    # Consented names only: a count per building would be a cell of 1 or 2 people.
    central_households: tuple[str, ...]
    grid: Ref
    grid_posts: tuple[Post, ...]
    station: Station | None


@dataclass(frozen=True)
class Building:
    id: str
    number: str
    service: Service | None


@dataclass(frozen=True)
class Compound:
    id: str
    name: str
    aliases: tuple[str, ...]
    old_names: tuple[str, ...]
    community: Ref
    street: Ref
    type: str
    age: str
    addresses: tuple[str, ...]
    households: int | None
    property_company: str | None
    property_phone: str | None
    owners_committee: str
    buildings: tuple[Building, ...]
    verified_at: str
    stale: bool


@dataclass(frozen=True)
class Branch:
    id: str
    name: str
    kind: str
    compounds: tuple[Ref, ...]
    member_count: str | None
    secretary: Post | None
    groups: tuple[Ref, ...]
    central_household_count: str | None


@dataclass(frozen=True)
class Grid:
    id: str
    name: str
    kind: str
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    party_org: str
    member_count: str | None
    phone: str | None
    address: str
    community: Ref
    verified_at: str = ""
    stale: bool = False


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    street: Ref
    party_org: str
    party_org_kind: str
    member_count: str | None
    posts: tuple[Post, ...]
    address: str
    population: int | None
    compounds: tuple[Ref, ...]
    grids: tuple[Grid, ...]
    branches: tuple[Branch, ...]
    stations: tuple[Station, ...]
    units: tuple[Unit, ...]
    stale: bool
    verified_at: str = ""


@dataclass(frozen=True)
class Street:
    id: str
    name: str
    party_org: str
    phone: str | None
    communities: tuple[Ref, ...]
    stations: tuple[Station, ...]
    posts: tuple[Post, ...] = ()  # incl. 大工委 concurrent members


@dataclass(frozen=True)
class PublicView:
    district_name: str
    site_title: str
    site_description: str
    org_department: str
    org_department_phone: str | None
    as_of: str
    streets: tuple[Street, ...]
    communities: tuple[Community, ...]
    compounds: tuple[Compound, ...]
    district_stations: tuple[Station, ...]
    public_phones: frozenset[str] = field(default=frozenset())  # every phone the site may show
    consented_names: frozenset[str] = field(default=frozenset())
    community_lists: dict[str, CommunityLists] = field(default_factory=dict)
    unit_activity: dict[str, UnitActivity] = field(default_factory=dict)
    assessments: AssessView | None = None
    ratings: RatingsView | None = None
    governance: GovView | None = None  # 治理公开 (docs/assessments.md)
    stale_after_days: int | None = None  # the validation rules' threshold, for "核实于" marks
    notices: Notices | None = None
    stations: StationDirectory | None = None
    # Regexes of data/codes/building-number-forms.yaml: the lookup reads 3栋 as 3号楼 with them.
    building_forms: tuple[str, ...] = ()
    # The site's public address (district.yaml site.url): the building boards' QR codes need a
    # full address a phone's camera can open; "" when not set (the boards then print none).
    site_url: str = ""


class _Builder:
    def __init__(self, ds: Dataset, as_of: dt.date, stale_before: dt.date | None):
        self.ds = ds
        self.as_of = as_of
        self.stale_before = stale_before
        self.roles = code_names(ds, "post-roles")
        self.duties = code_names(ds, "concurrent-duties")
        self.phones: set[str] = set()
        self.names: set[str] = set()
        self.stations: dict[str, Station] = {}
        # Each post made once per fallback (``post``), with the post's own dict held so that
        # its id is not reused: a grid's, branch's or station's posts are shown on every
        # building they serve (a city's 10,588 buildings asked for 60,627 posts).
        self._made: dict[tuple[int, str | None, str], tuple[dict, Post]] = {}

    def _stale(self, rec: Record) -> bool:
        v = rec.get("verified_at")
        return bool(self.stale_before and isinstance(v, str) and v < self.stale_before.isoformat())

    def _phone(self, value: Any) -> str | None:
        if isinstance(value, str) and value:
            self.phones.add(value)
            return value
        return None

    def post(self, post: dict, fallback_phone: str | None, fallback_of: str = "服务站") -> Post:
        key = (id(post), fallback_phone, fallback_of)
        made = self._made.get(key)
        if made is None or made[0] is not post:
            made = self._made[key] = (post, self._post(post, fallback_phone, fallback_of))
        return made[1]

    def _post(self, post: dict, fallback_phone: str | None, fallback_of: str = "服务站") -> Post:
        role = post.get("title") or self.roles.get(post.get("role"), post.get("role", ""))
        holder = holder_on(post, self.as_of)
        name = phone = phone_of = None
        if holder is not None:
            person = self.ds.get("person", holder.get("person"))
            if person is not None and person.get("consent_name"):
                name = person.get("name")
                self.names.add(name)
            if person is not None and person.get("consent_phone"):
                phone = self._phone(person.get("phone"))
                phone_of = "本人" if phone else None
        if not phone and self._phone(post.get("work_phone")):
            phone, phone_of = post["work_phone"], "岗位"
        if not phone and fallback_phone:
            phone, phone_of = fallback_phone, fallback_of
        vacant = holder is None
        unit = self.ds.get("unit", post.get("unit"))
        duties = tuple(self.duties.get(d, d) for d in post.get("duties") or [])
        return Post(
            role,
            name,
            phone,
            vacant,
            post.get("vacant_since") if vacant else None,
            unit.get("name") if unit else None,
            duties,
            phone_of,
        )

    def posts(
        self, posts: Any, fallback_phone: str | None, fallback_of: str = "服务站"
    ) -> tuple[Post, ...]:
        return tuple(
            self.post(p, fallback_phone, fallback_of) for p in posts or [] if isinstance(p, dict)
        )

    def station(self, rec: Record) -> Station:
        if rec.id in self.stations:
            return self.stations[rec.id]
        hours = []
        for h in rec.get("hours") or []:
            days = sorted(set(h.get("days") or []))
            if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
                label = f"周{WEEKDAY[days[0] - 1]}至周{WEEKDAY[days[-1] - 1]}"
            else:
                label = "、".join(f"周{WEEKDAY[d - 1]}" for d in days)
            hours.append(f"{label} {h.get('open')}–{h.get('close')}")
        st = Station(
            rec.id,
            rec.get("name"),
            STATION_LEVEL.get(rec.get("level"), ""),
            _address(rec.get("address"), rec.get("location_note")),
            self._phone(rec.get("work_phone")) or "",
            tuple(hours),
            rec.get("area_m2"),
            self._stale(rec),
            str(rec.get("verified_at") or ""),
            hours_data(rec.get("hours")),
            rec.get("public_holidays") or "",
        )
        self.stations[rec.id] = st
        return st

    def ref(self, type_name: str, rid: Any) -> Ref:
        rec = self.ds.get(type_name, rid)
        return Ref(rec.id, rec.get("name", rec.id)) if rec else Ref(str(rid), str(rid))


def hours_data(hours: Any) -> str:
    """Weekly hours as live.js reads them: "1-5 08:30-17:30;6 09:00-12:00" (1 = Monday)."""
    parts = []
    for h in hours or []:
        days = sorted(set(h.get("days") or []))
        if not days:
            continue
        run = days == list(range(days[0], days[-1] + 1)) and len(days) > 1
        label = f"{days[0]}-{days[-1]}" if run else ",".join(map(str, days))
        parts.append(f"{label} {h.get('open')}-{h.get('close')}")
    return ";".join(parts)


def _address(addr: Any, note: Any = None) -> str:
    text = ""
    if isinstance(addr, dict):
        text = f"{addr.get('road', '')}{addr.get('number', '')}"
    if note:
        text = f"{text}（{note}）" if text else str(note)
    return text


# What a view built with ``core=True`` leaves out: the parts built from many records of many
# types (seconds at city size). A page whose template reads one of them (web/pagememo.py's
# reads: ``A`` is the assessments, ``RV`` the ratings) is not rendered from such a view.
HEAVY = frozenset(
    {
        "consented_names",
        "community_lists",
        "unit_activity",
        "assessments",
        "ratings",
        "governance",
        "notices",
        "stations",
    }
)
HEAVY_NAMES = frozenset({"A", "RV"})


def build_view(
    ds: Dataset,
    as_of: dt.date,
    stale_before: dt.date | None,
    memo: ViewMemo | SavedViewMemo | None = None,
    core: bool = False,
    compounds: Callable[[Record], bool] | None = None,
) -> PublicView:
    """The public view; with a ``memo`` (the preview's, or the build's saved one), the parts
    that read only records that did not change are taken from it (web/viewmemo.py). With
    ``core``, the view's core only (streets, communities, compounds, units … as the full view
    has them) and none of ``HEAVY`` (the preview's first quick step: the edited record's own
    pages, web/quickpreview.py), and with ``compounds`` too, of the compounds only those it
    accepts (their services are most of the core's time: 10,588 buildings at city size; the
    communities list every compound)."""
    assert compounds is None or core, "a full view has every compound"
    part: Part = memo.run if memo is not None else direct
    b = _Builder(ds, as_of, stale_before)
    stations_by_scope: dict[tuple[str, str], list[Station]] = {}
    for rec in ds.of("station").values():
        key = (rec.get("level"), rec.get("community") or rec.get("street") or "")
        stations_by_scope.setdefault(key, []).append(b.station(rec))

    # Central households per (branch, compound, building), to show on each building.
    households: dict[tuple[str, str], list[dict]] = {}
    for br in ds.of("branch").values():
        for ch in br.get("central_households") or []:
            households.setdefault((ch.get("compound"), str(ch.get("building"))), []).append(ch)

    built: list[Compound] = []
    compounds_by_community: dict[str, list[Ref]] = {}
    for rec in ds.of("compound").values():
        community = b.ref("community", rec.get("community"))
        compounds_by_community.setdefault(community.id, []).append(Ref(rec.id, rec.get("name")))
        if compounds is not None and not compounds(rec):
            continue
        crec = ds.get("community", community.id)
        street = b.ref("street", crec.get("street") if crec else None)
        buildings = []
        for bd in rec.get("buildings") or []:
            buildings.append(
                Building(str(bd.get("id")), str(bd.get("number")), _service(b, rec, bd, households))
            )
        prop = rec.get("property") or {}
        company = ds.get("property_company", prop.get("company"))
        oc = rec.get("owners_committee") or {}
        oc_text = (
            "未成立业主委员会"
            if not oc.get("exists")
            else ("已成立业主委员会" + ("，建有党组织" if oc.get("has_party_org") else ""))
        )
        built.append(
            Compound(
                rec.id,
                rec.get("name"),
                tuple(rec.get("aliases") or ()),
                tuple(rec.get("old_names") or ()),
                community,
                street,
                COMPOUND_TYPE.get(rec.get("type"), ""),
                COMPOUND_AGE.get(rec.get("age"), ""),
                tuple(_address(a) for a in rec.get("addresses") or []),
                rec.get("households"),
                company.get("name") if company else ("无物业" if prop.get("none") else None),
                b._phone(company.get("work_phone")) if company else None,
                oc_text if rec.get("owners_committee") else "",
                tuple(buildings),
                rec.get("verified_at", ""),
                b._stale(rec),
            )
        )

    units_by_community: dict[str, list[Unit]] = {}
    for rec in ds.of("unit").values():
        po = rec.get("party_org") or {}
        u = Unit(
            rec.id,
            rec.get("name"),
            UNIT_KIND.get(rec.get("kind"), ""),
            po.get("name", ""),
            suppress(po.get("member_count")),
            b._phone(rec.get("work_phone")),
            _address(rec.get("address")),
            b.ref("community", rec.get("community")),
            str(rec.get("verified_at") or ""),
            b._stale(rec),
        )
        units_by_community.setdefault(u.community.id, []).append(u)

    grids_by_community: dict[str, list[Grid]] = {}
    for rec in ds.of("grid").values():
        g = Grid(
            rec.id,
            rec.get("name"),
            "微网格" if rec.get("kind") == "micro" else "网格",
            b.posts(rec.get("posts"), None),
        )
        grids_by_community.setdefault(rec.get("community"), []).append(g)

    branches_by_community: dict[str, list[Branch]] = {}
    for rec in ds.of("branch").values():
        br = Branch(
            rec.id,
            rec.get("name"),
            BRANCH_KIND.get(rec.get("kind"), ""),
            tuple(b.ref("compound", c) for c in rec.get("compounds") or []),
            suppress(rec.get("member_count")),
            _secretary(b, rec.get("posts"), None),
            tuple(Ref(g.get("id"), g.get("name")) for g in rec.get("groups") or []),
            suppress(len(rec.get("central_households") or [])),
        )
        branches_by_community.setdefault(rec.get("community"), []).append(br)

    communities: list[Community] = []
    communities_by_street: dict[str, list[Ref]] = {}
    for rec in ds.of("community").values():
        po = rec.get("party_org") or {}
        stations = tuple(
            stations_by_scope.get(("community", rec.id), [])
            + stations_by_scope.get(("compound", rec.id), [])
        )
        phone = stations[0].phone if stations else None
        communities.append(
            Community(
                rec.id,
                rec.get("name"),
                b.ref("street", rec.get("street")),
                po.get("name", ""),
                PARTY_ORG_KIND.get(po.get("kind"), ""),
                suppress(po.get("member_count")),
                b.posts(rec.get("posts"), phone),
                _address(rec.get("address")),
                rec.get("population"),
                tuple(compounds_by_community.get(rec.id, [])),
                tuple(grids_by_community.get(rec.id, [])),
                tuple(branches_by_community.get(rec.id, [])),
                stations,
                tuple(units_by_community.get(rec.id, [])),
                b._stale(rec),
                str(rec.get("verified_at") or ""),
            )
        )
        communities_by_street.setdefault(rec.get("street"), []).append(Ref(rec.id, rec.get("name")))

    streets = tuple(
        Street(
            rec.id,
            rec.get("name"),
            (rec.get("party_org") or {}).get("name", ""),
            b._phone(rec.get("work_phone")),
            tuple(communities_by_street.get(rec.id, [])),
            tuple(stations_by_scope.get(("street", rec.id), [])),
            b.posts(rec.get("posts"), rec.get("work_phone"), "街道"),
        )
        for rec in ds.of("street").values()
    )
    district = ds.get("district", "district")
    dd = district.data if district else {}
    site = dd.get("site") or {}
    dept = dd.get("organisation_department") or {}
    head = PublicView(
        dd.get("name", ""),
        site.get("title") or f"{dd.get('name', '')}党建引领基层治理公开平台",
        site.get("description", ""),
        dept.get("name", ""),
        b._phone(dept.get("work_phone")),
        as_of.isoformat(),
        streets,
        tuple(communities),
        tuple(built),
        tuple(stations_by_scope.get(("district", ""), [])),
        # Every phone and consented name the core shows (the full view adds the appointees).
        public_phones=frozenset(b.phones),
        consented_names=frozenset(b.names),
        stale_after_days=(as_of - stale_before).days if stale_before else None,
        building_forms=_building_forms(ds),
        site_url=str(site.get("url") or ""),
    )
    if core:
        return head
    assessments = part(ds, f"assessments {as_of}", lambda d: build_assessments(d, as_of))
    # The registration pages' member counts are the grade pages' "reported" of the same year:
    # what one withholds the other does too (docs/privacy.md).
    withheld = next((p.withheld for p in assessments.periods if p.period == str(as_of.year)), ())
    # The lists and the ratings over stand-ins for the names of places, the names put in after
    # (web/labels.py): a compound's rename leaves both to the memo.
    blind, labels = unnamed(ds)
    community_lists, unit_activity = labels.everywhere(
        part(
            blind,
            f"lists {as_of} {sorted(map(repr, withheld))!r}",  # named by what it is given
            lambda d: build_lists(d, as_of, withheld),
        )
    )
    view = replace(
        head,
        community_lists=community_lists,
        unit_activity=unit_activity,
        assessments=assessments,
        ratings=build_ratings(ds, as_of, part, (blind, labels)),
        governance=part(
            ds, f"gov {as_of}", lambda d: build_governance(d, as_of, subsidies_due(d, as_of))
        ),
    )
    stations = build_stations(ds, b.station, view.streets, as_of)
    notices = part(ds, f"notices {as_of}", lambda d: build_notices(d, as_of))
    return replace(
        view,
        notices=notices,
        stations=stations,
        consented_names=view.consented_names | appointees(ds),
    )


def _building_forms(ds: Dataset) -> tuple[str, ...]:
    return tuple(i["pattern"] for i in items_of(ds, "building-number-forms") if i.get("pattern"))


def _secretary(b: _Builder, posts: Any, fallback: str | None) -> Post | None:
    for p in posts or []:
        if isinstance(p, dict) and p.get("role") == "secretary":
            return b.post(p, fallback)
    return None


def _service(b: _Builder, comp: Record, bd: dict, households: dict) -> Service | None:
    a = assignment_on(bd.get("serve"), b.as_of)
    if a is None:
        return None
    ds = b.ds
    st_rec = ds.get("station", a.get("station"))
    station = b.station(st_rec) if st_rec else None
    fallback = station.phone if station else None
    br = ds.get("branch", a.get("branch"))
    grid = ds.get("grid", a.get("grid"))
    group = leaders = None
    for g in (br.get("groups") or []) if br else []:
        if g.get("id") == a.get("group"):
            group = Ref(g["id"], g.get("name"))
            leaders = b.posts(g.get("posts"), fallback)
    chs = [
        ch
        for ch in households.get((comp.id, str(bd.get("id"))), [])
        if br and ch in (br.get("central_households") or [])
    ]
    names = []
    for ch in chs:
        person = ds.get("person", ch.get("person"))
        if person is not None and person.get("consent_name"):
            names.append(person.get("name"))
            b.names.add(person.get("name"))
    return Service(
        b.ref("branch", a.get("branch")),
        BRANCH_KIND.get(br.get("kind"), "") if br else "",
        _secretary(b, br.get("posts") if br else None, fallback),
        group,
        leaders or (),
        b.posts(bd.get("posts"), fallback),
        tuple(names),
        b.ref("grid", a.get("grid")),
        b.posts(grid.get("posts") if grid else None, fallback),
        station,
    )
