"""The public view of notices (公示): periods in working days, amendments, the Atom feed.

The site is built once per commit, so "days left" is computed in the browser (live.js) from the
period and the working-day calendar embedded in the page; the page carries the figure as of the
build date for readers without JavaScript. The feed's dates come from the records (start dates
and amendment dates), never from the clock, so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import markdown

from ..model import registry
from ..model.paths import iter_posts
from ..model.workdays import MissingCalendar, WorkCalendar
from ..records.dataset import Dataset, Record

KIND_ZH = registry.default().labels("notice", "kind")
RELATED_PAGE = {"community": "c/{}.md", "compound": "x/{}.md", "unit": "u/{}.md"}
RELATED_ZH = registry.default().labels("notice", "related", "*", "type")
ORG_OF = registry.default().labels("defs", "party_org", "kind")
# China keeps one time zone and no daylight saving: dates in the feed are midnight in Beijing.
TZ = "+08:00"


@dataclass(frozen=True)
class Amendment:
    date: str
    reason: str
    summary: str


@dataclass(frozen=True)
class Related:
    kind: str  # Chinese
    name: str
    page: str | None  # docs path of its page, if it has one


@dataclass(frozen=True)
class Subject:
    """A person or post a notice names: the name (an appointee's, published by the notice's
    nature, or a consented one) and the post in words; nothing else about the person."""

    name: str | None
    post: str
    page: str | None  # docs path of the post's organisation, if it has a page


@dataclass(frozen=True)
class Period:
    """A period and where a day stands in it: the same rule as live.js (see its daysLeft)."""

    start: str
    end: str
    working_days: int | None  # None when the calendar misses a year (CAL001 reports it)

    def state(self, today: str) -> str:
        return "upcoming" if today < self.start else ("closed" if today > self.end else "active")


@dataclass(frozen=True)
class Notice:
    id: str
    title: str
    kind: str
    basis: str
    period: Period
    state: str  # on the build date: upcoming / active / closed
    days_left: int | None  # working days from the build date to the end, both included (active)
    body_html: str
    contact: str
    phone: str | None
    address: str | None
    email: str | None
    related: tuple[Related, ...]
    amendments: tuple[Amendment, ...]
    updated: str  # last amendment's date, else the start
    subjects: tuple[Subject, ...] = ()
    appointment: bool = False

    def status_text(self, as_of: str) -> str:
        """The build-time figure shown without JavaScript (live.js replaces it with today's)."""
        if self.state == "upcoming":
            return "尚未开始"
        if self.state == "closed":
            return "公示已结束"
        if self.days_left is None:
            return "正在公示"
        return f"截至 {as_of}，剩余 {self.days_left} 个工作日（含当天）"


@dataclass(frozen=True)
class Notices:
    items: tuple[Notice, ...]  # newest start first
    as_of: str
    calendar_years: str  # "2025 2026": years the browser may count in
    off: str  # holidays, space-separated ISO dates
    on: str  # weekend days made working days (调休)

    def of_state(self, state: str) -> list[Notice]:
        return [n for n in self.items if n.state == state]


_LINK = re.compile(r'<a href="([^"]*)"')
_IMG = re.compile(r"<img [^>]*?alt=\"([^\"]*)\"[^>]*>|<img [^>]*>")
_SAFE_HREF = re.compile(r"(https?://|mailto:|tel:|#|[^:]*$)", re.I)


def _body_html(text: str) -> str:
    """The notice's Markdown text as HTML, its raw HTML escaped first (an editor's text is data).

    Markdown still makes links and images: a link keeps only a web, mail, phone or relative
    address (no ``javascript:``), and an image becomes its alt text (nothing loads from a host).
    """
    out = markdown.markdown(html.escape(text.strip(), quote=False), output_format="html")
    out = _IMG.sub(lambda m: m.group(1) or "", out)
    return _LINK.sub(lambda m: m.group(0) if _SAFE_HREF.match(m.group(1)) else "<a", out)


def _post_text(ds: Dataset, ref: dict, roles: dict[str, str]) -> tuple[str, str | None]:
    """A post in words, 翠湖社区党委书记, and its organisation's page."""
    org = ds.get(ref.get("type"), ref.get("id"))
    if org is None:
        return str(ref.get("post", "")), None
    post = next((p for _, p in iter_posts(org) if p.get("id") == ref.get("post")), None) or {}
    role = post.get("title") or roles.get(
        post.get("role"), post.get("role") or str(ref.get("post"))
    )
    unit = ds.get("unit", post.get("unit")) if post.get("unit") else None
    where = f"（{unit.get('name')}）" if unit is not None else ""
    page = RELATED_PAGE.get(str(ref.get("type")), "").format(org.id) or None
    # The body the post belongs to, as a notice says it: 翠湖社区党委书记, 青禾街道党工委委员.
    body = org.get("name", org.id) + (
        ORG_OF.get((org.get("party_org") or {}).get("kind"), "")
        if ref.get("type") == "community"
        else "党工委"
        if ref.get("type") == "street"
        else ""
    )
    return f"{body}{role}{where}", page


def subjects_of(ds: Dataset, rec: Record) -> tuple[Subject, ...]:
    codes = ds.get("codelist", "post-roles")
    roles = {i["code"]: i["name"] for i in (codes.get("items") if codes else None) or []}
    out = []
    for s in rec.get("subjects") or []:
        if not isinstance(s, dict):
            continue
        text, page = (
            _post_text(ds, s["post"], roles) if isinstance(s.get("post"), dict) else (None, None)
        )
        out.append(Subject(s.get("name"), str(s.get("role") or text or ""), page))
    return tuple(out)


def build_notices(ds: Dataset, as_of: dt.date) -> Notices:
    cal = WorkCalendar.from_dataset(ds)
    today = as_of.isoformat()
    items = []
    for rec in ds.of("notice").values():
        start = str(rec.get("start"))
        end, days = rec.get("end"), None
        try:
            s = dt.date.fromisoformat(start)
            e = (
                dt.date.fromisoformat(end)
                if isinstance(end, str)
                else cal.end_after(s, rec.get("working_days"))
            )
            end, days = e.isoformat(), cal.count(s, e)
            state = Period(start, end, days).state(today)
            left = cal.count(as_of, e) if state == "active" else None
        except (MissingCalendar, TypeError, ValueError):
            end, state, left = str(end or ""), "active", None
        obj = rec.get("objection") or {}
        related = []
        for r in rec.get("related") or []:
            target = ds.get(r.get("type"), r.get("id"))
            page = RELATED_PAGE.get(r.get("type"), "").format(r.get("id")) or None
            related.append(
                Related(
                    RELATED_ZH.get(r.get("type"), ""),
                    target.get("name", r.get("id")) if target else str(r.get("id")),
                    page if target is not None else None,
                )
            )
        amendments = tuple(
            Amendment(str(a.get("date")), str(a.get("reason", "")), str(a.get("summary") or ""))
            for a in rec.get("amendments") or []
        )
        items.append(
            Notice(
                rec.id,
                rec.get("title", rec.id),
                KIND_ZH.get(rec.get("kind"), ""),
                rec.get("basis", ""),
                Period(start, end, days),
                state,
                left,
                _body_html(rec.body),
                obj.get("contact", ""),
                obj.get("phone"),
                obj.get("address"),
                obj.get("email"),
                tuple(related),
                amendments,
                max([start, *(a.date for a in amendments)]),
                subjects_of(ds, rec),
                rec.get("kind") == "appointment",
            )
        )
    items.sort(key=lambda n: (n.period.start, n.id), reverse=True)
    # The browser's today is never before the build date: earlier days are left out of the page.
    return Notices(
        tuple(items),
        today,
        " ".join(str(y) for y in sorted(cal.years) if y >= as_of.year),
        " ".join(d.isoformat() for d in sorted(cal.holidays) if d >= as_of),
        " ".join(d.isoformat() for d in sorted(cal.workdays) if d >= as_of),
    )


def _stamp(day: str) -> str:
    return f"{day}T00:00:00{TZ}"


def _urn(*parts: str) -> str:
    # A stable id that needs no host name: the site may move between hosts (Pages, a server in China).
    return uuid.uuid5(uuid.NAMESPACE_URL, "baodao:" + ":".join(parts)).urn


def atom_feed(notices: Notices, site_title: str, district: str, author: str) -> str:
    """Atom (RFC 4287) of every notice, newest change first; links are relative to the feed (n/)."""
    entries = sorted(notices.items, key=lambda n: (n.updated, n.id), reverse=True)
    updated = max((n.updated for n in entries), default=notices.as_of)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<id>{_urn(district, 'notices')}</id>",
        f"<title>{escape(site_title)}：公示</title>",
        f"<updated>{_stamp(updated)}</updated>",
        f"<author><name>{escape(author or site_title)}</name></author>",
        '<link rel="self" href="feed.xml"/>',
        '<link rel="alternate" type="text/html" href="./"/>',
    ]
    for n in entries:
        period = f"公示期 {n.period.start} 至 {n.period.end}"
        if n.period.working_days is not None:
            period += f"（{n.period.working_days} 个工作日）"
        summary = f"{n.kind}。{period}。意见请向{n.contact}反映{('（' + n.phone + '）') if n.phone else ''}。"
        if n.amendments:
            summary += f"已更正 {len(n.amendments)} 次，最近一次 {n.amendments[-1].date}：{n.amendments[-1].reason}。"
        out += [
            "<entry>",
            f"<id>{_urn(district, 'notice', n.id)}</id>",
            f"<title>{escape(n.title)}</title>",
            f"<published>{_stamp(n.period.start)}</published>",
            f"<updated>{_stamp(n.updated)}</updated>",
            f'<link rel="alternate" type="text/html" href={quoteattr(n.id + "/")}/>',
            f"<category term={quoteattr(n.kind)}/>",
            f"<summary>{escape(summary)}</summary>",
            f'<content type="html">{escape(n.body_html)}</content>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
