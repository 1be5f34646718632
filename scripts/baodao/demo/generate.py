"""A complete fictional district: the public data root and a synthetic private root.

``generate(out, scale, seed)`` writes ``out/data/`` (every record type the validator knows) and
``out/private/people/`` (the person registry). The same scale and seed always write the same
bytes: one ``random.Random(seed)`` drives every choice, everything is visited in a fixed order,
and nothing reads the clock, so a demo site or a benchmark can be rebuilt exactly.

Place names are invented. The division code starts with province 99, which does not exist, so
no code can name a real place; phone numbers use the fictional area code 0999 and mobile
numbers a visibly fake ``13x0000xxxx`` pattern. No record holds anything that looks like a
resident ID number.

The hard cases the lookup and the validator must handle (two compounds with one name,
aliases, polyphonic characters, building numbers written four ways, a compound split across
grids, a vacant post, a building whose assignment changed, stale records) are planted at the
same ids in both scales; :data:`HARD_CASES` names them.

The 双报到 report-in records come last, so they leave every draw before them unchanged: unit
registrations for 2026 (and 2025 for about 30 % of units), each community's lists (resources,
needs, projects, wishes, teams, events), 大党委 concurrent members with their appointment
notices, and the members' registrations in ``out/private/<street>/<community>/members/``. Their
planted cases depend on the seed's draws (the units are drawn too), so
:func:`report_in_cases` names them: units that did not report in for 2026, registrations made
elsewhere with a reason, late unit registrations (REG004 warnings, as are about 3 % of the
member rows) and members who moved house during the year. The demo has exactly one of each.

The 双报告 records come after those, again leaving every earlier draw unchanged: each registered
member's activity rows in ``out/private/<street>/<community>/activities/2026.csv`` (about 8 %
none, the rest 1–20 rows, so the member grades spread; a member who moved also has rows in the
old community's file), the units' 履责报告 (``unit-reports/``, about 85 % of the units
registered for 2026) and their report-in community's evaluations (``evaluations/``, about
90 %). :func:`assessment_cases` names the members without activities, the moved members with
rows in both communities, and the units without a report or without an evaluation.

The phases live in one module each, mixed into :class:`_Generator` and run by its ``build`` in
draw order: :mod:`.places` (district, streets, communities, compounds), :mod:`.grids` (grids,
branches, stations, posts), :mod:`.units` (units, home organisations, notices), :mod:`.reportin`
(双报到) and :mod:`.doublereport` (双报告); :mod:`.base` holds the shared state and small draws,
:mod:`.vocab` and :mod:`.pools` what is drawn from, :mod:`.scales` the two scales and the
planted cases.
"""

from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path
from typing import Any

from ..records.layout import PUBLIC, classify
from . import ratings
from .common import _bool, _calendar, _compound_record, _dump, _expect, _non_empty
from .doublereport import _DoubleReport
from .editors import editors_yaml as demo_editors
from .grids import _Grids
from .places import _Places
from .pools import ACTIVITY_COLUMNS, LIST_FOLDERS, MEMBER_COLUMNS, REPORT_YEAR
from .published import write_lock
from .reportin import _ReportIn
from .scales import AS_OF, HARD_CASES, PEOPLE_COLUMNS, SCALES, TEMPLATES
from .stations import enrich as enrich_stations
from .units import _Units


def hard_cases(scale: str = "demo") -> dict[str, Any]:
    """The ids that carry each hard case in data generated at ``scale`` (same for every seed)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return copy.deepcopy(HARD_CASES)


def report_in_cases(scale: str = "demo", seed: int = 20261123) -> dict[str, list[str]]:
    """The planted report-in cases of data generated at ``scale`` with ``seed``.

    ``not_registered`` and ``elsewhere``/``late`` name units and registration ids;
    ``moved_member`` names the persons whose registration row has ``moved_from``.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    g = _Generator(SCALES[scale], seed)
    g.build()
    return copy.deepcopy(g.report_in_cases)


def assessment_cases(scale: str = "demo", seed: int = 20261123) -> dict[str, list[str]]:
    """The planted 双报告 cases of data generated at ``scale`` with ``seed`` (ids sorted).

    ``no_activity`` names members who reported in for 2026 but have no activity row;
    ``moved_with_activities`` members who moved (``moved_from``) and have rows in both the old
    and the new community's file; ``no_report`` and ``no_evaluation`` units registered for 2026
    without a 履责报告, or without their report-in community's evaluation (never both).
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    g = _Generator(SCALES[scale], seed)
    g.build()
    return copy.deepcopy(g.assessment_cases)


# --- the generator -----------------------------------------------------------------------------


class _Generator(_Places, _Grids, _Units, _ReportIn, _DoubleReport):
    """Every phase in one object; :meth:`build` runs them in draw order."""

    # --- build ---

    def build(self) -> None:
        self.make_district()
        self.make_property_companies()
        self.make_streets()
        self.make_compounds()
        for street in self.streets:
            for c in street.communities:
                self.make_grids(c)
        clusters = self.make_clusters()
        for street in self.streets:
            for c in street.communities:
                self.make_compound_stations(c)
                self.make_branches(c, clusters[c.id])
                self.make_grid_posts(c)
                self.make_community_record(c)
        self.make_street_records()
        self.make_units()
        self.make_home_orgs()
        self.make_notices()
        self.check_hard_cases()
        # Report-in and the lists come last: every draw before them is unchanged, so the rest of
        # the district is the same as without them.
        self.make_report_in()
        # 双报告 after that, for the same reason.
        self.make_double_report()

    # --- self-check ---

    def check_hard_cases(self) -> None:
        """Fail loudly if a change to the generator silently drops a planted hard case."""
        compounds = {cp.id: cp for st in self.streets for c in st.communities for cp in c.compounds}
        hc = HARD_CASES
        a, b = (compounds[i] for i in hc["same_name"]["compounds"])
        _expect(
            a.name == b.name == hc["same_name"]["name"] and a.community is not b.community,
            "same_name",
        )
        _expect(
            all(compounds[i].aliases or compounds[i].old_names for i in hc["aliases_old_names"]),
            "aliases",
        )
        _expect(all(compounds[i].name == n for i, n in hc["polyphonic"].items()), "polyphonic")
        for label, cid in hc["number_forms"].items():
            _expect(
                any(bl.number == label for bl in compounds[cid].buildings), f"number form {label}"
            )
        split = compounds[hc["split_compound"]["compound"]]
        _expect(
            sorted({bl.grid for bl in split.buildings}) == hc["split_compound"]["grids"],
            "split_compound",
        )
        vp = hc["vacant_post"]
        grid = next(
            g for st in self.streets for c in st.communities for g in c.grids if g["id"] == vp["id"]
        )
        post = next(p for p in grid["posts"] if p["id"] == vp["post"])
        _expect(post.get("vacant_since") == vp["vacant_since"], "vacant_post")
        rb = hc["reassigned_building"]
        moved = next(bl for bl in compounds[rb["compound"]].buildings if bl.id == rb["building"])
        _expect(moved.moved == rb["from"] and moved.old_grid != moved.grid, "reassigned_building")
        jb = hc["joint_branch"]
        branch = next(
            br
            for st in self.streets
            for c in st.communities
            for br in c.branches
            if br["id"] == jb["branch"]
        )
        _expect(
            branch["kind"] == "joint" and branch["compounds"] == jb["compounds"], "joint_branch"
        )

    # --- output ---

    def all_stations(self) -> list[dict[str, Any]]:
        """Every station record in output order: the district's, each street's, each community's."""
        out = [self.district_station]
        for st in self.streets:
            out.append(self.street_stations[st.id])
            out.extend(s for c in st.communities for s in c.stations)
        return out

    def records(self) -> list[tuple[str, str, dict[str, Any] | str]]:
        """(type, path under data/, record or notice text), in a fixed order."""
        out: list[tuple[str, str, dict[str, Any] | str]] = [
            ("district", "district.yaml", self.district)
        ]
        out.append(
            ("station", f"stations/{self.district_station['id']}.yaml", self.district_station)
        )
        for st in self.streets:
            out.append(("street", f"{st.id}/street.yaml", st.record))
            station = self.street_stations[st.id]
            out.append(("station", f"{st.id}/stations/{station['id']}.yaml", station))
            for c in st.communities:
                base = f"{st.id}/{c.id}"
                out.append(("community", f"{base}/community.yaml", c.record))
                for cp in c.compounds:
                    out.append(("compound", f"{base}/compounds/{cp.id}.yaml", _compound_record(cp)))
                for g in c.grids:
                    out.append(("grid", f"{base}/grids/{g['id']}.yaml", g))
                for br in c.branches:
                    out.append(("branch", f"{base}/branches/{br['id']}.yaml", br))
                for s in c.stations:
                    out.append(("station", f"{base}/stations/{s['id']}.yaml", s))
                for reg in sorted(c.registrations, key=lambda x: x["id"]):
                    out.append(("unit_registration", f"{base}/registrations/{reg['id']}.yaml", reg))
                for rep in c.unit_reports:
                    out.append(("unit_report", f"{base}/unit-reports/{rep['id']}.yaml", rep))
                for ev in c.evaluations:
                    out.append(("unit_evaluation", f"{base}/evaluations/{ev['id']}.yaml", ev))
                for type_name, folder in LIST_FOLDERS:
                    for item in c.lists.get(type_name, []):
                        out.append((type_name, f"{base}/lists/{folder}/{item['id']}.yaml", item))
        for u in self.units:
            out.append(("unit", f"units/{u['id']}.yaml", u))
        for h in self.home_orgs:
            out.append(("home_org", f"home-orgs/{h['id']}.yaml", h))
        for p in self.property_companies:
            out.append(("property_company", f"property-companies/{p['id']}.yaml", p))
        for front, body in self.notices:
            text = "---\n" + _dump(front) + "---\n" + body.rstrip("\n") + "\n"
            out.append(("notice", f"notices/{front['start']}-{front['id']}.md", text))
        return out


def generate(out: Path, scale: str = "demo", seed: int = 20261123) -> dict[str, int]:
    """Write a fictional district into ``out/data`` and ``out/private``; return counts per record type."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    out = Path(out)
    for part in ("data", "private"):
        if _non_empty(out / part):
            raise FileExistsError(
                f"{out / part} 不是空文件夹，不会覆盖已有数据 / {out / part} is not empty; refusing to overwrite"
            )
    g = _Generator(SCALES[scale], seed)
    g.build()
    enrich_stations(g.all_stations(), seed, AS_OF)  # rooms, activities, 六有 (own random stream)
    extra = ratings.generate(g, seed)  # 12345, reviews, scores, evaluations (own random stream)
    data = out / "data"
    counts: dict[str, int] = {}
    for type_name, rel, rec in [*g.records(), *extra.records]:
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # newline="\n": the same bytes on every platform, not only the same records.
        path.write_text(rec if isinstance(rec, str) else _dump(rec), encoding="utf-8", newline="\n")
        counts[type_name] = counts.get(type_name, 0) + 1
    write_lock(out, g.notices)  # the demo's notices are published
    counts["notice_lock"] = 1
    shutil.copytree(TEMPLATES, data, dirs_exist_ok=True)
    ratings.scale_rules(data, sum(len(c.compounds) for st in g.streets for c in st.communities))
    (data / "editors.yaml").write_text(
        demo_editors(
            [(s.id, s.name, [(c.id, c.name) for c in s.communities]) for s in g.streets],
            [(u["id"], u["name"]) for u in g.units],
        ),
        encoding="utf-8",
        newline="\n",
    )
    counts["editors"] = 1
    for path in sorted(TEMPLATES.rglob("*")):
        match = classify(PUBLIC, path.relative_to(TEMPLATES).as_posix()) if path.is_file() else None
        if match is not None:
            counts[match.type.name] = counts.get(match.type.name, 0) + 1
    from . import governance  # 吹哨报到 requests and funds

    for type_name, n in governance.write(
        data, g.streets, TEMPLATES, _calendar(), AS_OF, seed, scale, _dump
    ).items():
        counts[type_name] = counts.get(type_name, 0) + n
    counts["member_registration"] = 0
    for street in g.streets:
        for c in street.communities:
            if not c.members:
                continue
            path = out / "private" / street.id / c.id / "members" / f"{REPORT_YEAR}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(MEMBER_COLUMNS)
                writer.writerows(c.members)
            counts["member_registration"] += len(c.members)
    counts["activity"] = 0
    for street in g.streets:
        for c in street.communities:
            if not c.activities:
                continue
            path = out / "private" / street.id / c.id / "activities" / f"{REPORT_YEAR}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(ACTIVITY_COLUMNS)
                writer.writerows(c.activities)
            counts["activity"] += len(c.activities)
    for year, rows in sorted(extra.hotline.items()):
        path = out / "private" / "hotline" / f"{year}.csv"  # small counts: private root
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(("month", "compound", "category", "tickets"))
            writer.writerows(rows)
        counts["hotline_ticket"] = counts.get("hotline_ticket", 0) + len(rows)
    counts.setdefault("unit_report", 0)
    counts.setdefault("unit_evaluation", 0)
    people_dir = out / "private" / "people"
    people_dir.mkdir(parents=True, exist_ok=True)
    for street in g.streets:
        rows = g.people.get(street.id, [])
        with (people_dir / f"{street.id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(PEOPLE_COLUMNS)
            for p in rows:
                writer.writerow(
                    [
                        p.id,
                        p.name,
                        p.community,
                        _bool(p.consent_name),
                        _bool(p.consent_phone),
                        p.phone,
                        p.consent_date,
                        p.note,
                    ]
                )
        counts["person"] = counts.get("person", 0) + len(rows)
    return counts
