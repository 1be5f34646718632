"""What the pages compute in the reader's browser (live.js), checked in Chromium with a fixed
clock: a notice's working days left and a station's "open now", against the same calendar and
hours the build used. axe-core on a notice, the stations directory and a dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from test_axe import _violations  # the same axe run and threshold

from baodao.model.workdays import WorkCalendar
from baodao.repo import CODE_ROOT, Repo

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    ds = Repo.locate(CODE_ROOT).load_and_check(dt.date(2026, 11, 23))[0]
    return WorkCalendar.from_dataset(ds)


def _at(page, when: dt.datetime, url: str) -> None:
    page.clock.install(time=when)
    page.goto(url)
    page.wait_for_function(
        "day => document.querySelector('[data-today]').dataset.today.startsWith(day)",
        arg=when.astimezone(CST).date().isoformat(),
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        ("2026-10-30", "upcoming"),
        ("2026-11-05", "active"),
        ("2026-11-13", "active"),
        ("2026-11-16", "closed"),
    ],
)
def test_a_notices_working_days_left_follow_the_readers_day(page, site_url, calendar, today, state):
    day = dt.date.fromisoformat(today)
    _at(
        page,
        dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST),
        site_url + "n/2027-baodao-plan/",
    )
    box = page.locator(".bd-daysleft").first
    assert box.get_attribute("data-state") == state
    if state == "active":
        left = calendar.count(day, dt.date(2026, 11, 13))
        assert box.get_attribute("data-left") == str(left)
        assert f"{left}" in box.locator(".bd-live").inner_text()


@pytest.mark.parametrize(
    ("when", "state"),
    [
        (dt.datetime(2026, 11, 23, 10, 0, tzinfo=CST), "open"),  # Monday morning
        (dt.datetime(2026, 11, 23, 18, 0, tzinfo=CST), "closed"),  # Monday after 17:30
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=CST), "open"),  # Saturday 09:00-12:00
        (dt.datetime(2026, 11, 22, 10, 0, tzinfo=CST), "closed"),  # Sunday
        (dt.datetime(2026, 11, 28, 12, 30, tzinfo=CST), "closed"),  # Saturday after 12:00
        # The clock is China's whatever the device: 02:00 UTC is 10:00 in Beijing.
        (dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), "open"),
    ],
)
def test_open_now_is_computed_in_beijing_time(page, site_url, when, state):
    _at(page, when, site_url + "s/cui-hu-zhan/")
    box = page.locator(".bd-open").first
    assert box.get_attribute("data-hours") == "1-5 08:30-17:30;6 09:00-12:00"
    assert box.get_attribute("data-state") == state
    text = box.locator(".bd-live").inner_text()
    assert text.startswith("现在开放" if state == "open" else "现在不开放")


@pytest.mark.parametrize(
    "path", ["n/2027-baodao-plan/", "s/", "s/cui-hu-zhan/", "dash/", "a/stars-2026h1/"]
)
def test_no_serious_or_critical_violations_on_notices_stations_and_dashboards(page, site_url, path):
    page.goto(site_url + path)
    assert _violations(page) == []
