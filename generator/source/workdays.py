"""Working days in Việt Nam, for due dates: weekends, public holidays (Tết included) and the official
day swaps of the committed table `content/ngay-nghi.yaml`, which comes before the `holidays` package
(the Government Office announces swaps each December; a library lags behind).

A due date is always the document's date. When it falls on a day off the site says so and gives the
last working day before it as the day to send by: it never states a later date. (Bộ luật Dân sự
2015, Điều 148 moves the end of a period counted in days, weeks or months to the next working day;
a plan's own date, "trước ngày 10/5/2025", already sets the limit and is not moved.)
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

import holidays

from generator.source.model import DaySwap

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_LOOK_BACK_DAYS = 60  # far more than the longest run of days off (Tết with its weekends)


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=[year], language="vi")


def holiday_on(day: date) -> str | None:
    """The name of the public holiday the holidays package knows on `day`, if any."""
    return _holidays(day.year).get(day)


def weekday_name(day: date) -> str:
    """`Thứ Hai` … `Chủ Nhật`."""
    return WEEKDAYS[day.weekday()]


@dataclass(frozen=True)
class DayOff:
    """Why a day is not a working day."""

    kind: Literal["weekend", "holiday"]
    name: str  # "Thứ Bảy", "Tết Nguyên Đán", or the override's reason


@dataclass(frozen=True)
class DueDate:
    """A due date as the document states it; when that is a day off, why, and the day to send by."""

    stated: date
    off: DayOff | None = None
    send_by: date | None = None  # the last working day before `stated` (only when `off`)


class WorkCalendar:
    """Which days are working days: the committed swaps first, then weekends and the holidays package."""

    def __init__(self, swaps: Iterable[DaySwap] = ()):
        self._swaps = {s.date: s for s in swaps}

    def day_off(self, day: date) -> DayOff | None:
        """Why `day` is not a working day, or None when it is one."""
        swap = self._swaps.get(day)
        if swap is not None:
            return None if swap.working else DayOff("holiday", swap.name or f"ngày nghỉ theo {swap.document}")
        if day in getattr(_holidays(day.year), "weekend_workdays", ()):
            return None  # a make-up Saturday the package knows
        name = _holidays(day.year).get(day)
        if name:
            return DayOff("holiday", name)
        return DayOff("weekend", weekday_name(day)) if day.weekday() >= 5 else None

    def is_working_day(self, day: date) -> bool:
        """True unless the day is a weekend day, a public holiday or a swapped day off."""
        return self.day_off(day) is None

    def last_working_day_before(self, day: date) -> date | None:
        """The working day closest before `day` (None only past a long run of days off)."""
        for back in range(1, _LOOK_BACK_DAYS):
            candidate = day - timedelta(days=back)
            if self.is_working_day(candidate):
                return candidate
        return None

    def due(self, day: date) -> DueDate:
        """The document's date, flagged when it is a day off, with the day to send by."""
        off = self.day_off(day)
        if off is None:
            return DueDate(day)
        return DueDate(day, off, self.last_working_day_before(day))


PLAIN = WorkCalendar()  # no committed swaps: the holidays package and weekends only


def day_off_note(due: DueDate) -> str | None:
    """`rơi vào Thứ Bảy, ngày nghỉ; nên gửi trước Thứ Sáu 09/05/2025`; None when the day is a working day."""
    if due.off is None:
        return None
    what = due.off.name if "nghỉ" in due.off.name.lower() else f"{due.off.name}, ngày nghỉ"
    send = f"; nên gửi trước {weekday_name(due.send_by)} {due.send_by:%d/%m/%Y}" if due.send_by else ""
    return f"rơi vào {what}{send}"
