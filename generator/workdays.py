"""Working days in Việt Nam: weekends and public holidays (Tết included), for due dates.

Bộ luật Dân sự 2015, Điều 148 khoản 5: when a period ends on a weekend day or public
holiday it ends at the end of the next working day. Nothing is moved silently: callers
show both the date the document states and the effective working day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=None)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=[year], language="vi")


def holiday_name(day: date) -> str | None:
    """The Vietnamese name of the public holiday on `day`, if any."""
    return _holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """True unless the day is a weekend day or public holiday (make-up Saturdays count as working)."""
    if day in getattr(_holidays(day.year), "weekend_workdays", ()):
        return True
    return day.weekday() < 5 and holiday_name(day) is None


@dataclass(frozen=True)
class DueDate:
    """A due date as stated, and the working day it effectively falls on."""

    stated: date
    effective: date
    reason: str | None  # "weekend" or "holiday" when effective differs
    holiday: str | None = None

    @property
    def moved(self) -> bool:
        return self.effective != self.stated


def due(day: date) -> DueDate:
    """Flag a stated due date that is not a working day and find the next working day."""
    if is_working_day(day):
        return DueDate(day, day, None)
    name = holiday_name(day)
    effective = day + timedelta(days=1)
    while not is_working_day(effective):
        effective += timedelta(days=1)
    return DueDate(day, effective, "holiday" if name else "weekend", name)
