"""Working days from the holiday and 调休 calendar kept as data, one file per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..records.dataset import Dataset


class MissingCalendar(Exception):
    def __init__(self, year: int):
        super().__init__(f"no calendar for {year}")
        self.year = year


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # weekend days made working days (调休)
    # end_after's answers: a city's 6,000 requests share a few hundred days raised, and each
    # period walks ~40 days (0.12 s of a validate).
    _ends: dict[tuple[dt.date, int], dt.date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @classmethod
    def from_dataset(cls, ds: Dataset) -> WorkCalendar:
        return cls.from_records(rec.data for rec in ds.of("calendar").values())

    @classmethod
    def from_records(cls, records: Iterable[Mapping]) -> WorkCalendar:
        """From calendar records (data/calendar/<year>.yaml as loaded); malformed ones are skipped."""
        years, holidays, workdays = set(), set(), set()
        for data in records:
            try:
                years.add(int(data["year"]))
                for h in data.get("holidays") or []:
                    day = dt.date.fromisoformat(str(h["from"]))
                    end = dt.date.fromisoformat(str(h["to"]))
                    while day <= end:
                        holidays.add(day)
                        day += dt.timedelta(days=1)
                workdays.update(dt.date.fromisoformat(str(d)) for d in data.get("workdays") or [])
            except (KeyError, TypeError, ValueError):
                continue  # the schema check reports the malformed calendar
        return cls(frozenset(years), frozenset(holidays), frozenset(workdays))

    def is_workday(self, day: dt.date) -> bool:
        if day.year not in self.years:
            raise MissingCalendar(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def end_after(self, start: dt.date, working_days: int) -> dt.date:
        """Last day of a period of ``working_days`` working days that begins on ``start``."""
        known = self._ends.get((start, working_days))
        if known is not None:
            return known
        day, left = start, working_days
        while True:
            if self.is_workday(day):  # raises MissingCalendar: nothing kept
                left -= 1
                if left == 0:
                    self._ends[(start, working_days)] = day
                    return day
            day += dt.timedelta(days=1)

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included."""
        n, day = 0, start
        while day <= end:
            n += self.is_workday(day)
            day += dt.timedelta(days=1)
        return n
