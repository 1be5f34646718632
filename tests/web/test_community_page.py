"""A community page on a phone: a jump list to its sections, upcoming events apart and first,
past events newest first with the older ones folded."""

from __future__ import annotations

import re

from baodao.web.build import build

EVENT = "data/qinghe/cuihu/lists/events/cuihu-e01.yaml"


def test_jump_list_and_events_in_order(tiny, tmp_path):
    base = tiny.read(EVENT)
    # Twelve past events (2026-01-05 … 2026-12-… before the build date), one upcoming.
    for i, day in enumerate(
        [
            "2026-01-05",
            "2026-02-05",
            "2026-03-05",
            "2026-04-05",
            "2026-05-05",
            "2026-06-05",
            "2026-07-05",
            "2026-08-05",
            "2026-09-05",
            "2026-10-05",
            "2026-11-05",
            "2026-12-05",
        ],
        start=2,
    ):
        tiny.write(
            f"data/qinghe/cuihu/lists/events/cuihu-e{i:02d}.yaml",
            {**base, "id": f"cuihu-e{i:02d}", "name": f"活动{day}", "date": day},
        )
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    page = (out / "c" / "cuihu" / "index.html").read_text("utf-8")
    jump = re.search(r'<nav class="bd-jump" aria-label="本页目录">(.*?)</nav>', page).group(1)
    targets = re.findall(r'href="#([a-z-]+)"', jump)
    assert targets[:4] == ["stations", "compounds", "grids", "branches"] and "events" in targets
    assert all(f'id="{t}"' in page for t in targets)
    events = page[page.index('id="events"') :]
    names = re.findall(r"<li><b>(活动[\d-]+|老旧楼栋水电义诊)</b>", events)
    assert names == [
        "活动2026-12-05",  # upcoming, under 即将举行
        "活动2026-11-05",
        "活动2026-10-05",
        "活动2026-09-05",
        "活动2026-08-05",
        "活动2026-07-05",
        "老旧楼栋水电义诊",
        "活动2026-06-05",
        "活动2026-05-05",
        "活动2026-04-05",
        "活动2026-03-05",  # the ten latest
        "活动2026-02-05",
        "活动2026-01-05",
    ]
    assert events.index("即将举行") < events.index("活动2026-12-05") < events.index("最近的活动")
    assert "更早的活动（2 项）" in events
