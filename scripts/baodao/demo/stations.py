"""The demo's service centres and stations: holidays, rooms, regular activities and the 六有 check.

Runs after the rest of the district is drawn, with its own random stream, so every earlier draw
(and so every other record) is unchanged. Larger centres get more rooms; about one station in
six misses an item or two of the 六有 standard (seed 003: 阵地 "覆盖达标" is what a district
reports, so the shortfalls are what a resident and an inspector want to see).
"""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

ROOMS = (
    ("党员活动室", "主题党日、党员学习", (20, 60)),
    ("居民议事室", "居民议事、民情恳谈", (10, 30)),
    ("图书阅览室", "阅读、自习", (10, 40)),
    ("多功能厅", "讲座、文艺排练、培训", (40, 150)),
    ("四点半课堂", "放学后学生托管、作业辅导", (15, 40)),
    ("老年活动室", "棋牌、健身、聊天", (15, 40)),
    ("调解室", "邻里纠纷调解", (4, 10)),
    ("一站式服务窗口", "社保、民政、证明事项帮办代办", (4, 12)),
)
ACTIVITIES = (
    ("主题党日", "每月第一个周五下午", "members"),
    ("民情恳谈会", "每月 15 日上午", "all"),
    ("在职党员服务日", "每季度最后一个周六", "registered"),
    ("健康义诊", "每月第二个周三上午", "all"),
    ("法律咨询", "每周二下午", "all"),
    ("广场舞培训", "每周四晚上", "all"),
    ("四点半课堂", "工作日 16:30–18:00", "all"),
)
SIX_HAVES = ("area", "signage", "atmosphere", "deliberation", "activities", "archives")
ROOMS_BY_LEVEL = {"district": (6, 8), "street": (5, 7), "community": (3, 6), "compound": (1, 3)}


def enrich(stations: list[dict[str, Any]], seed: int, as_of: dt.date) -> None:
    """Add public_holidays, rooms, activities and six_haves to each station record, in place."""
    r = Random(seed * 31 + 7)
    for st in stations:
        low, high = ROOMS_BY_LEVEL[st["level"]]
        extra: dict[str, Any] = {}
        if st["level"] != "compound" or r.random() < 0.6:
            extra["public_holidays"] = "closed" if r.random() < 0.85 else "open"
        rooms = []
        for name, use, (s_low, s_high) in sorted(
            r.sample(ROOMS, r.randint(low, high)), key=ROOMS.index
        ):
            room: dict[str, Any] = {"name": name, "use": use}
            if r.random() < 0.7:
                room["seats"] = r.randint(s_low, s_high)
            rooms.append(room)
        extra["rooms"] = rooms
        n_act = r.randint(1, 4) if st["level"] != "compound" else r.randint(0, 2)
        acts = sorted(r.sample(ACTIVITIES, n_act), key=ACTIVITIES.index)
        if acts:
            extra["activities"] = [{"name": a, "when": w, "open_to": o} for a, w, o in acts]
        met = list(SIX_HAVES)
        if r.random() < 0.17:
            for miss in r.sample(SIX_HAVES[1:], r.randint(1, 2)):
                met.remove(miss)
        checked = as_of - dt.timedelta(days=r.randint(20, 400))
        # Checked yearly: the earlier check is what counts for a half year that ended before
        # the latest one (assess/stars.py, evidence by its own date).
        # A copy: one list in two places would be written as a YAML alias, which the loader refuses.
        earlier = {"checked_at": (checked - dt.timedelta(days=365)).isoformat(), "met": list(met)}
        extra["six_haves"] = {"checked_at": checked.isoformat(), "met": met, "history": [earlier]}
        # Keep verified_at (and the note) last, where an editor expects them.
        tail = {k: st.pop(k) for k in ("posts", "verified_at", "note") if k in st}
        st.update(extra)
        st.update(tail)
