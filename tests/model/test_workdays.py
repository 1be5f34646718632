"""Working days from the calendar kept as data (model/workdays.py): a period's last day, counted
over holidays and 调休 working weekends, with the answers kept and never a missing year's."""

from __future__ import annotations

import datetime as dt

import pytest

from baodao.model.workdays import MissingCalendar, WorkCalendar

# National Day 2026 as a calendar file says it: 10-01..10-07 off, Saturday 10-10 worked.
CAL = {
    "year": 2026,
    "holidays": [{"from": "2026-10-01", "to": "2026-10-07"}],
    "workdays": ["2026-10-10"],
}

# Counted by hand on a wall calendar: Wednesday 09-30 is the first working day; the holiday
# week is skipped; Thursday 10-08, Friday 10-09, Saturday 10-10 (调休) follow, then Sunday
# 10-11 is off and Monday 10-12 is the fifth.
ENDS = [
    ("2026-09-30", 1, "2026-09-30"),
    ("2026-09-30", 2, "2026-10-08"),
    ("2026-09-30", 3, "2026-10-09"),
    ("2026-09-30", 4, "2026-10-10"),
    ("2026-09-30", 5, "2026-10-12"),
    ("2026-10-03", 1, "2026-10-08"),  # a period raised in the holiday starts after it
    ("2026-10-11", 1, "2026-10-12"),
]


@pytest.mark.parametrize(("start", "days", "end"), ENDS)
def test_a_period_ends_on_its_last_working_day(start, days, end):
    cal = WorkCalendar.from_records([CAL])
    first = cal.end_after(dt.date.fromisoformat(start), days)
    again = cal.end_after(dt.date.fromisoformat(start), days)  # the kept answer
    assert first == again == dt.date.fromisoformat(end)


def test_every_kept_answer_is_the_one_a_new_calendar_gives():
    cal = WorkCalendar.from_records([CAL])
    starts = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(0, 300, 3)]
    for start in starts * 2:  # the second round is answered from what was kept
        for days in (1, 5, 30):
            assert cal.end_after(start, days) == WorkCalendar.from_records([CAL]).end_after(
                start, days
            )


def test_a_period_running_into_a_year_without_calendar_says_so_each_time():
    cal = WorkCalendar.from_records([CAL])
    for _ in range(2):
        with pytest.raises(MissingCalendar) as err:
            cal.end_after(dt.date(2026, 12, 31), 5)
        assert err.value.year == 2027
