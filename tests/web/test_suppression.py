"""Complementary suppression: no withheld count comes back by subtraction from shown figures.

The checks here read only what is published (the strings of the rows, and the scope totals the
dashboards show) and apply the criterion themselves: among a published sum's total and parts,
the ones that are not numbers are never exactly one; and no shown number is 1–4.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baodao.demo.generate import generate
from baodao.repo import CODE_ROOT, Repo
from baodao.web.assessview import build_assessments
from baodao.web.govview import build_governance
from baodao.web.listsview import member_counts, protect_member_counts
from baodao.web.publicview import build_view
from baodao.web.ratingsview import build_ratings
from baodao.web.suppression import Line, protect

AS_OF = dt.date(2026, 11, 23)
NUMBER = re.compile(r"\d+|\d{1,3}(,\d{3})+")  # 21,162 as the pages write it


def test_the_seed_case_207_minus_204():
    # 停车交通 3 in a row of total 207: withholding only the 3 leaves 207 − 204 = 3.
    values = {"parking": 3, "noise": 100, "property": 104, "total": 207}
    assert protect(values, [Line("total", ("parking", "noise", "property"))]) == {
        "parking",
        "noise",  # the smallest other non-zero cell
    }


def test_a_small_row_total_cascades_to_the_community_total():
    # Row r1 totals 3 (withheld), so the community's 50 would give it away as 50 − 47: the
    # smallest other row total (r2, 12) is withheld too; r2 = 6 + 6 would then come back by
    # addition, so one of its cells goes as well (r2a: ties by key).
    values = {"r1a": 3, "r1": 3, "r2a": 6, "r2b": 6, "r2": 12, "r3": 35, "c": 50}
    lines = [Line("r1", ("r1a",)), Line("r2", ("r2a", "r2b")), Line("c", ("r1", "r2", "r3"))]
    assert protect(values, lines) == {"r1a", "r1", "r2", "r2a"}


def test_registration_counts_protect_the_district_sum():
    # 翠湖 3, 长乐 20, 绿景 30 members: the grade page's district 53 would give 翠湖's 3 back as
    # 53 − 50, so the smallest other community (长乐, 20) is withheld on its page too.
    counts = member_counts({"cuihu": 3, "changle": 20, "lvjing": 30}, {"u1": 53})
    assert protect_member_counts(counts) == {
        (("community", "cuihu"), "reported"),
        (("community", "changle"), "reported"),
    }
    # The grade page already withholds 绿景's figure: withheld here as well, and then enough.
    elsewhere = [(("community", "lvjing"), "reported")]
    assert protect_member_counts(counts, elsewhere) == {
        (("community", "cuihu"), "reported"),
        (("community", "lvjing"), "reported"),
    }


def _lines_ok(shown: dict, lines: list[tuple]) -> list:
    """This test's own criterion: total = Σ parts is one equation, so among a line's total and
    parts the ones that are not numbers are never exactly one (it would be that difference)."""
    bad = []
    for total, parts in lines:
        hidden = [p for p in (total, *parts) if not isinstance(shown[p], int)]
        if len(hidden) == 1:
            bad.append(hidden[0])
    return bad


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=5), min_size=1, max_size=4),
        min_size=1,
        max_size=4,
    )
)
def test_protection_holds_on_generated_hierarchies(streets):
    # streets → communities → rows of category counts; totals at every level, as on the site.
    values, lines = {}, []
    street_keys = []
    for s, communities in enumerate(streets):
        community_keys = []
        for c, cells in enumerate(communities):
            keys = [("cell", s, c, i) for i in range(len(cells))]
            values.update(zip(keys, cells, strict=True))
            values[("row", s, c)] = sum(cells)
            lines.append((("row", s, c), keys))
            community_keys.append(("row", s, c))
        values[("street", s)] = sum(values[k] for k in community_keys)
        lines.append((("street", s), community_keys))
        street_keys.append(("street", s))
    values["district"] = sum(values[k] for k in street_keys)
    lines.append(("district", street_keys))
    withheld = protect(values, [Line(t, tuple(p)) for t, p in lines])
    shown = {k: ("不公开" if k in withheld else v) for k, v in values.items()}
    assert _lines_ok(shown, lines) == []
    assert not [v for v in shown.values() if isinstance(v, int) and 1 <= v <= 4]


def _published(root: Path, private: Path | None = None):
    ds = Repo.locate(root, private, schemas=CODE_ROOT / "schemas").load_and_check(AS_OF)[0]
    hotline = [p for p in build_ratings(ds, AS_OF).periods if p.kind == "hotline"]
    members = [p for p in build_assessments(ds, AS_OF).periods if p.members is not None]
    return hotline, build_governance(ds, AS_OF).force, members, ds


def _as_shown(text: str) -> int | str:
    return int(text.replace(",", "")) if NUMBER.fullmatch(text) else text


def _check_period(p) -> None:
    shown: dict = {}
    lines = []
    by_community: dict[str, list] = {}
    street_of: dict[str, str] = {}
    for r in p.rows:
        parts = []
        for s in r.breakdown:
            if s.name == "去年同期":
                key = ("last", r.id)
            else:
                key = ("cell", r.id, s.name)
                parts.append(key)
            shown[key] = _as_shown(s.value)
        shown[("total", r.id)] = _as_shown(r.total)
        lines.append((("total", r.id), parts))
        by_community.setdefault(r.community_id, []).append(("total", r.id))
        street_of[r.community_id] = r.street_id
        if not isinstance(shown[("total", r.id)], int) or not isinstance(
            shown.get(("last", r.id), 0), int
        ):
            assert r.notes == (), r.notes  # a change in % would give the withheld count away
    for scope, text in p.sums.items():  # (level, id) → the dashboards' figure
        shown[scope] = _as_shown(text)
    by_street: dict[str, list] = {}
    for cid, totals in by_community.items():
        lines.append((("community", cid), totals))
        by_street.setdefault(street_of[cid], []).append(("community", cid))
    for sid, communities in by_street.items():
        lines.append((("street", sid), communities))
    lines.append((("district", ""), [("street", sid) for sid in by_street]))
    assert _lines_ok(shown, lines) == []
    small = [k for k, v in shown.items() if isinstance(v, int) and 1 <= v <= 4]
    assert small == []
    # Sums shown are the sums of what they add up (the same figure on another page).
    for total, parts in lines:
        if isinstance(shown[total], int) and all(isinstance(shown[q], int) for q in parts):
            assert shown[total] == sum(shown[q] for q in parts)


COLUMNS = ("members", "concurrent", "volunteers", "grid_staff")


def _check_force(f, ds) -> None:
    """The force page: each row's four counts add up to its total; each column's street figure
    to its communities', the district's to its streets'."""
    shown, lines = {}, []
    rows = [f.district, *f.streets, *f.communities]
    for r in rows:
        key = (r.level, r.id)
        for col in (*COLUMNS, "total"):
            shown[(*key, col)] = _as_shown(getattr(r, col))
        lines.append(((*key, "total"), [(*key, c) for c in COLUMNS]))
        if not isinstance(shown[(*key, "total")], int):
            # per hundred households × the households shown would give the total back
            assert not any("每百户" in words for _name, words, _points in r.parts), r.parts
    by_street: dict[str, list[str]] = {}
    for r in f.communities:
        by_street.setdefault(ds.get("community", r.id).get("street"), []).append(r.id)
    for col in (*COLUMNS, "total"):
        for sid, cids in by_street.items():
            lines.append((("street", sid, col), [("community", c, col) for c in cids]))
        lines.append((("district", "district", col), [("street", s.id, col) for s in f.streets]))
    assert _lines_ok(shown, lines) == []
    assert not [k for k, v in shown.items() if isinstance(v, int) and 1 <= v <= 4]
    for total, parts in lines:
        if isinstance(shown[total], int) and all(isinstance(shown[q], int) for q in parts):
            assert shown[total] == sum(shown[q] for q in parts)


def _check_members(p) -> None:
    """Members' grade distributions: each group's grades add up to its members reported in;
    each grade of the district to the same grade of its communities."""
    shown, lines = {}, []
    groups = {("district", ""): p.members}
    groups.update({("community", c): cp.members for c, cp in p.communities.items()})
    groups.update({("unit", u): part for u, part in p.by_unit.items()})
    for key, part in groups.items():
        shown[(*key, "reported")] = _as_shown(part.reported)
        for bar in part.grades:
            shown[(*key, bar.label)] = _as_shown(bar.text)
        lines.append(((*key, "reported"), [(*key, b.label) for b in part.grades]))
    for bar in p.members.grades:
        lines.append(
            (("district", "", bar.label), [("community", c, bar.label) for c in p.communities])
        )
    lines.append(
        (("district", "", "reported"), [("community", c, "reported") for c in p.communities])
    )
    assert _lines_ok(shown, lines) == []
    assert not [k for k, v in shown.items() if isinstance(v, int) and 1 <= v <= 4]


def _check_registrations(view, ds) -> None:
    """The registration pages' members reported in (community and unit pages, the dashboards
    and open data show the same strings): no 1–4; the district's figure on the grade page is
    the sum of the communities', and of the units' when every member's home organisation is a
    unit; and a figure the grade page of the year shows or withholds reads the same here."""
    year = view.as_of[:4]
    period = next(
        (p for p in view.assessments.periods if p.period == year and p.members is not None), None
    )
    shown: dict = {("district",): _as_shown(period.members.reported) if period else "不公开"}
    for cid, lists in view.community_lists.items():
        shown[("community", cid)] = _as_shown(lists.members_reported)
    for uid, act in view.unit_activity.items():
        shown[("unit", uid)] = _as_shown(act.members_reported)
    regs = [r for r in ds.of("member_registration").values() if r.folder.get("year") == year]
    assert regs
    lines = [(("district",), [k for k in shown if k[0] == "community"])]
    if all(r.get("home_org") in view.unit_activity for r in regs):
        lines.append((("district",), [k for k in shown if k[0] == "unit"]))
    assert _lines_ok(shown, lines) == []
    assert not [k for k, v in shown.items() if isinstance(v, int) and 1 <= v <= 4]
    if period is not None:
        grade_page = {("community", c): cp.members.reported for c, cp in period.communities.items()}
        grade_page.update({("unit", u): part.reported for u, part in period.by_unit.items()})
        differ = [
            (k, shown[k], text)
            for k, text in grade_page.items()
            if isinstance(shown[k], int) != isinstance(_as_shown(text), int)
        ]
        assert differ == []


def _bulk_parts(ds, period: str) -> dict:
    """Each page row's part from the private bulk counts, summed here from the rows: late is
    closed − on time, pending raised − closed − overdue (the table's own definitions)."""
    street_of = {c.id: c.get("street") for c in ds.of("community").values()}
    out: dict = {}
    for row in ds.of("request_total").values():
        if not str(row.get("month")).startswith(period):
            continue
        raised, closed, on_time = (int(row.get(k) or 0) for k in ("raised", "closed", "on_time"))
        overdue = int(row.get("overdue_open") or 0)
        parts = {
            "raised": raised,
            "on_time": on_time,
            "late": closed - on_time,
            "overdue": overdue,
            "pending": raised - closed - overdue,
        }
        community = row.folder.get("community")
        for group in (
            ("district", "district"),
            ("departments", row.get("department")),
            ("communities", community),
            ("streets", street_of[community]),
            ("categories", row.get("category")),
        ):
            for m, n in parts.items():
                out[(*group, m)] = out.get((*group, m), 0) + n
    return out


REQUEST_COUNTS = ("raised", "on_time", "late", "overdue", "pending")


def _check_requests(r, ds) -> None:
    """The 吹哨报到 page: singles are public records, so a row's shown count minus them is its
    bulk part, which is never 1–4; each row's counts add up to its raised, each group of rows
    to the district's (and a street's communities to the street's)."""
    bulk = _bulk_parts(ds, r.period)
    assert bulk, "the data has bulk counts"
    rows = {("district", "district"): r.district}
    for level in ("departments", "streets", "communities", "categories"):
        rows.update({(level, x.id): x for x in getattr(r, level)})
    shown = {(*k, m): getattr(x, m) for k, x in rows.items() for m in REQUEST_COUNTS}
    small = [k for k, v in shown.items() if isinstance(v, int) and 0 < bulk.get(k, 0) < 5]
    assert small == []
    lines = [((*k, "raised"), [(*k, m) for m in REQUEST_COUNTS[1:]]) for k in rows]
    street_of = {c.id: c.get("street") for c in ds.of("community").values()}
    for m in REQUEST_COUNTS:
        for level in ("departments", "streets", "communities", "categories"):
            lines.append(
                (("district", "district", m), [(level, x.id, m) for x in getattr(r, level)])
            )
        for s in r.streets:
            cells = [("communities", x.id, m) for x in r.communities if street_of[x.id] == s.id]
            lines.append((("streets", s.id, m), cells))
    assert _lines_ok(shown, lines) == []
    for x in rows.values():
        if any(not isinstance(getattr(x, m), int) for m in REQUEST_COUNTS):
            assert (x.on_time_rate, x.satisfaction_rate, x.response_rate) == ("不公开",) * 3


def test_a_small_bulk_count_is_withheld_with_enough_others(tiny):
    # 翠湖 reports 3 requests of one month in bulk (a 12345 export): its row, and every sum that
    # would give the 3 back by subtracting the public single requests, read 不公开.
    tiny.write(
        "private/qinghe/cuihu/requests/2026-totals.csv",
        "month,department,category,raised,closed,on_time,overdue_open,evaluated,satisfied\n"
        "2026-03,chengguan,order,3,3,2,0,2,2\n",
    )
    ds = tiny.repo().load_and_check(AS_OF)[0]
    assert len(ds.of("request_total")) == 1
    (r,) = build_governance(ds, AS_OF).requests
    _check_requests(r, ds)
    cuihu = next(x for x in r.communities if x.id == "cuihu")
    assert (cuihu.raised, cuihu.on_time_rate) == ("不公开", "不公开")


def test_the_demo_pages_hold():
    periods, forces, members, ds = _published(CODE_ROOT)
    assert periods and forces and members
    for p in periods:
        _check_period(p)
    for f in forces:
        _check_force(f, ds)
    for m in members:
        _check_members(m)
    _check_registrations(build_view(ds, AS_OF, None), ds)
    for r in build_governance(ds, AS_OF).requests:
        _check_requests(r, ds)
    withheld = [s for p in periods for r in p.rows for s in r.breakdown if s.value == "不公开"]
    assert withheld  # complementary cells exist in the demo


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("city") / "city"
    generate(root, "city")
    return root


def test_the_city_pages_hold(city):
    periods, forces, members, ds = _published(city, city / "private")
    assert periods and forces and members
    for p in periods:
        _check_period(p)
    for f in forces:
        _check_force(f, ds)
    for m in members:
        _check_members(m)
    _check_registrations(build_view(ds, AS_OF, None), ds)


def test_a_withheld_total_over_no_cells_ends():
    """A community with members but no compounds: its line has a total and no cells. The loop
    used to add the withheld total again and again (a small repository's build never ended)."""
    assert protect({"he-ping": 3}, [Line("he-ping", [])]) == {"he-ping"}


def test_a_withheld_total_over_zero_cells_withholds_a_zero_cell():
    # 3 = 0 + 0 would give the withheld total away: the first zero cell by key goes with it.
    values = {"t": 3, "a": 0, "b": 0}
    assert protect(values, [Line("t", ["b", "a"])]) == {"t", "a"}
