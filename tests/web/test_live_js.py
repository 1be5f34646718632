"""live.js (days left on a notice, "open now" at a station) agrees with the Python figures.

The functions are pure and run here under Node with a stub DOM; the real-browser test drives the
built pages. Skipped where Node is not installed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from baodao.model.workdays import WorkCalendar
from baodao.repo import CODE_ROOT, Repo

LIVE = CODE_ROOT / "site" / "assets" / "baodao" / "live.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node not installed")

HARNESS = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf-8"));
function el(data) {
  const live = { textContent: "" };
  return { dataset: Object.assign({}, data), live, querySelector: () => live };
}
const nodes = { daysleft: (input.daysleft || []).map(el), open: (input.open || []).map(el) };
global.window = {};
global.document = {
  readyState: "loading", addEventListener() {},
  getElementById: () => ({ dataset: input.cal }),
  querySelectorAll: (sel) => (sel === ".bd-daysleft" ? nodes.daysleft : nodes.open),
};
if (input.now) Date.now = () => input.now;
require(input.live);
const b = window.baodao, cal = new b.Calendar(input.cal.years, input.cal.off, input.cal.on);
const out = { days: (input.days || []).map(([s, e, t]) => b.daysLeft(cal, s, e, t)),
  open: (input.opens || []).map(([h, c, d, t]) => b.openAt(cal, h, c, d, t)) };
if (input.now) { b.run(); out.run = [...nodes.daysleft, ...nodes.open].map((n) => ({ data: n.dataset, text: n.live.textContent })); }
process.stdout.write(JSON.stringify(out));
"""


def _node(payload: dict) -> dict:
    payload = {"live": str(LIVE), **payload}
    res = subprocess.run(
        [NODE, "-e", HARNESS],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def demo_calendar():
    ds = Repo.locate(CODE_ROOT).load_and_check(dt.date(2026, 11, 23))[0]
    cal = WorkCalendar.from_dataset(ds)
    data = {
        "years": " ".join(map(str, sorted(cal.years))),
        "off": " ".join(d.isoformat() for d in sorted(cal.holidays)),
        "on": " ".join(d.isoformat() for d in sorted(cal.workdays)),
    }
    return ds, cal, data


def test_days_left_agrees_with_the_python_calendar_on_every_day(demo_calendar):
    ds, cal, data = demo_calendar
    periods = [
        (dt.date(2026, 9, 30), 5),
        (dt.date(2026, 2, 12), 5),
        (dt.date(2026, 4, 30), 7),
        (dt.date(2025, 12, 29), 10),
    ]
    periods += [
        (dt.date.fromisoformat(r.get("start")), r.get("working_days"))
        for r in ds.of("notice").values()
        if r.get("working_days")
    ]
    cases, expected = [], []
    for start, n in periods:
        end = cal.end_after(start, n)
        day = start - dt.timedelta(days=2)
        while day <= end + dt.timedelta(days=2):
            cases.append([start.isoformat(), end.isoformat(), day.isoformat()])
            state = "upcoming" if day < start else "closed" if day > end else "active"
            expected.append(
                {"state": state, "left": cal.count(day, end) if state == "active" else None}
            )
            day += dt.timedelta(days=1)
    assert len(cases) > 80
    assert _node({"cal": data, "days": cases})["days"] == expected


def test_days_left_is_unknown_outside_the_calendar():
    cal = {"years": "2026", "off": "", "on": ""}
    assert _node({"cal": cal, "days": [["2026-12-28", "2027-01-08", "2026-12-30"]]})["days"] == [
        {"state": "active", "left": None}
    ]


def test_open_now_by_weekday_time_and_public_holiday(demo_calendar):
    _ds, _cal, data = demo_calendar
    h = "1-5 08:30-17:30;6 09:00-12:00"
    cases = [
        [h, True, "2026-11-23", "10:00"],  # Monday morning
        [h, True, "2026-11-23", "17:30"],  # closing time: closed, next tomorrow
        [h, True, "2026-11-23", "07:59"],  # before opening: later today
        [h, True, "2026-11-28", "12:00"],  # Saturday noon: next is Monday
        [h, True, "2026-10-01", "10:00"],  # National Day, closed on holidays
        [h, False, "2026-10-01", "10:00"],  # … or open when the station says so
        ["1,3,5 18:30-20:30;6 09:00-11:30", True, "2026-11-25", "19:00"],  # Wednesday evening
        ["1-5 09:00-11:30;1-5 14:30-17:30", True, "2026-11-24", "12:00"],  # lunch break
    ]
    assert _node({"cal": data, "opens": cases})["open"] == [
        {"state": "open", "until": "17:30"},
        {"state": "closed", "next": {"day": "2026-11-24", "time": "08:30", "offset": 1}},
        {"state": "closed", "next": {"day": "2026-11-23", "time": "08:30", "offset": 0}},
        {"state": "closed", "next": {"day": "2026-11-30", "time": "08:30", "offset": 2}},
        {"state": "closed", "next": {"day": "2026-10-08", "time": "08:30", "offset": 7}},
        {"state": "open", "until": "17:30"},
        {"state": "open", "until": "20:30"},
        {"state": "closed", "next": {"day": "2026-11-24", "time": "14:30", "offset": 0}},
    ]


def test_run_updates_the_elements_in_china_time(demo_calendar):
    _ds, _cal, data = demo_calendar
    # 2026-09-03 01:30 UTC is 09:30 on Thursday 09-03 in Beijing.
    now = dt.datetime(2026, 9, 3, 1, 30, tzinfo=dt.UTC).timestamp() * 1000
    out = _node(
        {
            "cal": data,
            "now": now,
            "daysleft": [{"start": "2026-09-01", "end": "2026-09-07", "state": "closed"}],
            "open": [
                {"hours": "1-5 08:30-17:30;6 09:00-12:00", "holidays": "closed"},
                {"hours": "6 09:00-12:00", "holidays": ""},
            ],
        }
    )
    assert out["run"] == [
        {
            "data": {
                "start": "2026-09-01",
                "end": "2026-09-07",
                "state": "active",
                "left": "3",
                "today": "2026-09-03",
            },
            "text": "剩余 3 个工作日（含今天 2026-09-03）",
        },
        {
            "data": {
                "hours": "1-5 08:30-17:30;6 09:00-12:00",
                "holidays": "closed",
                "state": "open",
                "today": "2026-09-03 09:30",
            },
            "text": "现在开放，今天 17:30 关门",
        },
        {
            "data": {
                "hours": "6 09:00-12:00",
                "holidays": "",
                "state": "closed",
                "today": "2026-09-03 09:30",
            },
            "text": "现在不开放，下次开放：周六 09:00",
        },
    ]
