"""双考核 feedback: one document per home party organisation, with names and individual results.

A member's participation where they live, and a unit's social-responsibility result, are fed
back to the member's own party organisation (``home_org``: a record in ``data/home-orgs/`` or a
unit in ``data/units/``), where they count in democratic evaluation and awards. The documents
carry names and individual results: they are produced locally by the organisation department
from the private root and are never published (``unsafe_out`` refuses the site's folders).

Output is self-contained, print-ready (A4) HTML rendered by Jinja2 with autoescaping, and
deterministic: no clock, every list sorted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..model.registration import is_late, rules_for_year
from ..records.dataset import Dataset
from ..repo import Repo
from . import members, units
from .engine import Assessment, SubjectResult, fmt_points

# Folders of a data repository whose content is published: the site output, the site's
# sources and staged pages, and the public records.
PUBLISHED = ("public", "site", "data", "build/docs")


class FeedbackRefused(Exception):
    pass


def unsafe_out(repo: Repo, out: Path) -> str | None:
    """Why ``out`` must not receive personal data, or None when it may."""
    target = out.resolve()
    for rel in PUBLISHED:
        folder = (repo.root / rel).resolve()
        if target == folder or folder in target.parents:
            return (
                f"{out} 在 {rel}/ 之内：{rel}/ 的内容会公开发布，而反馈材料含党员姓名和个人考核结果"
                "（个人信息），不能写到这里；请用 build/feedback 或仓库以外的目录"
            )
    return None


def number(value: float) -> str:
    """13.5 → "13.5", 3.0 → "3", 0.125 → "0.13"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class MemberRow:
    person: str
    name: str
    community: str
    date: str
    late: bool
    hours: str
    activities: int
    total: str
    grade: str
    notes: tuple[str, ...]
    points: tuple[str, ...] = ()  # per indicator of the member rules, as shown
    marks: str = ""  # 注1、注2: the notes, each written once below the table


@dataclass(frozen=True)
class RuleRow:
    """One indicator of the rules in words, so a total can be explained from the page."""

    name: str
    weight: str
    how: str


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    value: str
    points: str
    max: str


@dataclass(frozen=True)
class UnitResult:
    community: str
    date: str
    late: bool
    total: str
    max_total: str
    grade: str
    rank_community: int
    n_community: int
    rank_district: int
    n_district: int
    indicators: tuple[IndicatorRow, ...]
    notes: tuple[str, ...]


# What the score needs, nothing more: a move between communities or an organisation outside the
# district says more about a member than the employer needs to read the score (README
# "Feedback to home organisations").
PRIVATE_NOTES = ("moved", "outside_home_org")


def rule_rows(a: Assessment) -> tuple[RuleRow, ...]:
    out = []
    for i in a.rules.indicators:
        weight = fmt_points(
            a.rules.rounding.hundredths(i.weight), 0 if i.weight == int(i.weight) else 2
        )
        how = f"达到 {_plain(i.full_at)} 得满分，不足的按比例计" if i.full_at else "有即得满分"
        if i.late_factor is not None:
            how += f"；逾期的乘以 {_plain(i.late_factor)}"
        out.append(RuleRow(i.name, weight, how))
    return tuple(out)


def bands_text(a: Assessment) -> str:
    parts, higher = [], None
    for grade, low in a.rules.bands:
        parts.append(
            f"{grade} {_plain(low)} 分及以上"
            if higher is None or low > 0
            else f"{grade} 不到 {_plain(higher)} 分"
        )
        higher = low
    return "；".join(parts)


def _plain(x) -> str:
    return format(x.normalize(), "f") if hasattr(x, "normalize") else str(x)


@dataclass
class Org:
    id: str
    kind: str  # "home_org" or "unit"
    name: str
    party_org: str = ""
    location: str = ""
    members: list[MemberRow] = field(default_factory=list)
    unit_results: list[UnitResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the members' notes, each once


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("baodao", "templates/feedback"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _community_name(ds: Dataset, cid: str) -> str:
    rec = ds.get("community", cid)
    return (rec.get("name") if rec else None) or cid


def collect(
    ds: Dataset, period: str, as_of: dt.date
) -> tuple[dict[str, Org], Assessment, Assessment]:
    """Every home organisation of the year with its reported members and (a unit) its result."""
    year = int(period[:4])
    member_a = members.assess(ds, period, as_of)
    unit_a = units.assess(ds, period, as_of)
    reg_rules = rules_for_year(ds, year)

    def late(day: str | None) -> bool:
        if not day:
            return False
        return is_late(reg_rules, year, dt.date.fromisoformat(day))

    orgs: dict[str, Org] = {}
    for rec in ds.of("home_org").values():
        orgs[rec.id] = Org(
            rec.id, "home_org", rec.get("name") or rec.id, location=rec.get("location") or ""
        )

    def unit_org(uid: str) -> Org | None:
        # A unit id wins over a home-org record of the same id, as in members.assess.
        rec = ds.get("unit", uid)
        if rec is None:
            return None
        org = orgs.get(uid)
        if org is None or org.kind != "unit":
            party = rec.get("party_org") or {}
            org = orgs[uid] = Org(uid, "unit", rec.get("name") or uid, party.get("name") or "")
        return org

    for reg in ds.of("unit_registration").values():
        if reg.get("year") == year:
            unit_org(reg.get("unit"))

    member_results = {(r.subject, r.community): r for r in member_a.results}
    activities: dict[str, list] = {}
    for row in ds.of("activity").values():
        if row.folder.get("year") == str(year):
            activities.setdefault(row.get("person"), []).append(row)
    for reg in ds.of("member_registration").values():
        if reg.folder.get("year") != str(year):
            continue
        home = reg.get("home_org")
        org = (unit_org(home) or orgs.get(home)) if isinstance(home, str) else None
        if org is None:  # unknown organisation: validation reports it (REF001)
            continue
        person, community = reg.get("person"), reg.folder.get("community", "")
        registry = ds.get("person", person)
        rows = activities.get(person, [])
        result: SubjectResult | None = member_results.get((person, community))
        hidden = {str(member_a.rules.stated.get(k)) for k in PRIVATE_NOTES}
        org.members.append(
            MemberRow(
                person,
                (registry.get("name") if registry else None) or f"（名册中没有 {person}）",
                _community_name(ds, community),
                reg.get("date") or "",
                late(reg.get("date")),
                number(float(sum(r.get("hours") or 0 for r in rows))),
                len(rows),
                fmt_points(result.total) if result else "—",
                result.grade if result else "—",
                tuple(n for n in result.notes if n not in hidden) if result else (),
                tuple(fmt_points(i.points) for i in result.indicators) if result else (),
            )
        )

    per_community: dict[str, int] = {}
    for r in unit_a.results:
        per_community[r.community] = per_community.get(r.community, 0) + 1
    registered = {
        (reg.get("unit"), reg.get("community")): reg
        for reg in ds.of("unit_registration").values()
        if reg.get("year") == year
    }
    for r in unit_a.results:
        org = unit_org(r.subject)
        if org is None:
            continue
        reg = registered.get((r.subject, r.community))
        day = reg.get("date") if reg else ""
        org.unit_results.append(
            UnitResult(
                _community_name(ds, r.community),
                day,
                late(day),
                fmt_points(r.total),
                fmt_points(sum(i.max for i in r.indicators)),
                r.grade,
                r.rank_community,
                per_community[r.community],
                r.rank_district,
                len(unit_a.results),
                tuple(
                    IndicatorRow(i.name, number(i.value), fmt_points(i.points), fmt_points(i.max))
                    for i in r.indicators
                ),
                r.notes,
            )
        )
    for org in orgs.values():
        org.members.sort(key=lambda m: (m.community, m.date, m.person))
        # Each note once, below the table; a row carries only its marks (注1、注2).
        notes = list(dict.fromkeys(n for m in org.members for n in m.notes))
        org.notes = notes
        org.members = [
            replace(m, marks="、".join(f"注{notes.index(n) + 1}" for n in m.notes))
            for m in org.members
        ]
    return dict(sorted(orgs.items())), member_a, unit_a


def write_feedback(
    repo: Repo, ds: Dataset, period: str, as_of: dt.date, out: Path, org: str | None = None
) -> list[Path]:
    """Write ``<org-id>.html`` for every home organisation (or only ``org``); return the paths."""
    reason = unsafe_out(repo, out)
    if reason:
        raise FeedbackRefused(reason)
    orgs, member_a, unit_a = collect(ds, period, as_of)
    if org is not None:
        if org not in orgs:
            known = "、".join(orgs) or "无"
            raise FeedbackRefused(f"没有编号为 '{org}' 的所在党组织（{period} 可反馈的：{known}）")
        orgs = {org: orgs[org]}
    district = ds.get("district", "district")
    dept = (district.get("organisation_department") if district else None) or {}
    template = _env().get_template("feedback.html.j2")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for o in orgs.values():
        text = template.render(
            org=o,
            period=period,
            year=period[:4],
            as_of=as_of.isoformat(),
            district=(district.get("name") if district else None) or "本区",
            department=dept.get("name") or "",
            department_phone=dept.get("work_phone") or "",
            member_rules=member_a.rules.file,
            unit_rules=unit_a.rules.file,
            member_indicators=rule_rows(member_a),
            member_bands=bands_text(member_a),
            unit_indicators=rule_rows(unit_a),
            unit_bands=bands_text(unit_a),
            rounding=member_a.rules.rounding.describe(),
        )
        path = out / f"{o.id}.html"
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
