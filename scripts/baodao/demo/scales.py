"""The demo's fixed points: "today", the district code, the two scales and the planted hard
cases (the same ids in both scales)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 11, 23)  # "today" of the demo; never the clock, so output is reproducible
STALE_BEFORE = AS_OF - dt.timedelta(days=365)  # rules/validation: stale_after_days 365
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "district"
DISTRICT_CODE = "990102"  # province 99 does not exist: fiction can never collide with a real place
PEOPLE_COLUMNS = (
    "id",
    "name",
    "community",
    "consent_name",
    "consent_phone",
    "phone",
    "consent_date",
    "note",
)

# Which ids carry each hard case. The same in both scales: these compounds and communities are
# planted first, so their ids never depend on the random draws around them.
HARD_CASES: dict[str, Any] = {
    # 1. Two compounds named 幸福小区 in different communities (cui-hu and liu-an).
    "same_name": {"name": "幸福小区", "compounds": ["xing-fu", "xing-fu-2"]},
    # 2. Aliases and old names.
    "aliases_old_names": [
        "lv-jing-hua-yuan",
        "jin-sha",
        "xing-fu-2",
        "dong-fang-ming-zhu",
        "xing-fu-li",
    ],
    # 3. Polyphonic characters read as in place names: 长 chang, 重 chong, 厦 sha, 乐 le / yue.
    "polyphonic": {
        "chang-le-hua-yuan": "长乐花园",
        "chong-hua-yuan": "重华苑",
        "jin-sha": "金厦小区",
        "yue-fu": "乐府小区",
    },
    # 4. Building numbers written in different forms (building ids stay ASCII).
    "number_forms": {
        "3号楼": "lv-jing-hua-yuan",
        "3栋": "chang-le-hua-yuan",
        "三号楼": "xing-fu",
        "3幢": "chong-hua-yuan",
        "A座": "jin-sha",
    },
    # 5. One compound split across two grids of its community.
    "split_compound": {"compound": "lv-jing-hua-yuan", "grids": ["cui-hu-g01", "cui-hu-g02"]},
    # 6. A vacant post: vacant_since set, no current holder.
    "vacant_post": {
        "type": "grid",
        "id": "cui-hu-g01",
        "post": "worker-2",
        "vacant_since": "2026-06-01",
    },
    # 7. A building whose assignment changed: two serve entries, the later one moves its grid.
    "reassigned_building": {"compound": "xing-fu", "building": "2", "from": "2025-07-01"},
    # Records last verified more than 365 days before 2026-11-23 (freshness warnings).
    "stale": [{"type": "compound", "id": "xing-fu-li"}, {"type": "grid", "id": "liu-an-g02"}],
    # A joint branch over two neighbouring compounds (as in the tiny fixture).
    "joint_branch": {
        "branch": "lv-jing-hua-yuan-zb",
        "compounds": ["lv-jing-hua-yuan", "chang-le-hua-yuan"],
    },
    # An appointment notice whose new holder took office after the notice period.
    "appointment": {"notice": "cui-hu-secretary", "community": "cui-hu", "from": "2026-09-15"},
}


@dataclass(frozen=True)
class Scale:
    communities: tuple[int, ...]  # communities per street
    compounds: int
    new_compounds: int
    buildings_new: tuple[int, int]
    buildings_old: tuple[int, int]
    buildings_per_grid: float
    micro_share: float  # chance that a community has a micro-grid
    join_old: float  # chance that an old compound shares the previous compound's branch
    join_new: float
    min_party_groups: int
    units: int
    property_companies: int
    home_orgs: int
    notices: int
    stale_share: float  # records verified more than a year ago, besides the planted ones
    # 双报到 and the three lists, per community: (fewest, most) of each, besides what the unit
    # registrations bring (their resources and needs sit in the community they register with).
    resources: tuple[int, int]
    needs: tuple[int, int]
    projects: tuple[int, int]
    wishes: tuple[int, int]
    teams: tuple[int, int]
    events: tuple[int, int]
    members: int  # 在职党员报到 rows for 2026, over the whole district


SCALES: dict[str, Scale] = {
    "demo": Scale(
        communities=(3, 3),
        compounds=60,
        new_compounds=24,
        buildings_new=(3, 12),
        buildings_old=(3, 12),
        buildings_per_grid=14,
        micro_share=0.5,
        join_old=0.35,
        join_new=0.1,
        min_party_groups=2,
        units=12,
        property_companies=5,
        home_orgs=5,
        notices=3,
        stale_share=0.0,
        resources=(1, 2),
        needs=(3, 4),
        projects=(2, 2),
        wishes=(2, 2),
        teams=(1, 1),
        events=(2, 2),
        members=150,
    ),
    # Lanshan (seed 003): 4 streets, 102 communities, 1,105 compounds of which 446 new.
    "city": Scale(
        communities=(26, 26, 25, 25),
        compounds=1105,
        new_compounds=446,
        buildings_new=(4, 20),
        buildings_old=(3, 14),
        buildings_per_grid=13.9,
        micro_share=0.3,
        join_old=0.46,
        join_new=0.17,
        min_party_groups=20,
        units=1000,
        property_companies=120,
        home_orgs=150,
        notices=20,
        stale_share=0.01,
        # Needs, resources and projects together ≈ 3,000 a year; ≈ 500 wishes, ≈ 300
        # teams, ≈ 1,000 events; ≈ 16,000 在职党员 report in (seed 003).
        resources=(1, 5),
        needs=(5, 11),
        projects=(4, 9),
        wishes=(3, 7),
        teams=(2, 4),
        events=(7, 13),
        members=16000,
    ),
}
