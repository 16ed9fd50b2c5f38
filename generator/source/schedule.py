"""Due dates of a deadline rule within a plan's period."""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.source import deadlines as dl
from generator.source.model import Plan


@dataclass(frozen=True)
class Window:
    """The plan's frame for its deadlines: default year, and the period recurrences run in."""

    year: int
    start: date
    end: date | None  # None: the plan states no end


def plan_window(plan: Plan) -> Window:
    """The frame a plan's deadlines are read in: its stated period; else the year it states (from its issue
    date, or 1 January when issued the year before, to 31 December); else from its issue date, no end."""
    issued = plan.document.date.earliest()
    if plan.period:
        return Window(plan.frame_year, plan.period.start, plan.period.end)
    if plan.year:
        return Window(plan.year, max(issued, date(plan.year, 1, 1)), date(plan.year, 12, 31))
    return Window(plan.frame_year, issued, None)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end(period: dl.Period, default_year: int) -> date:
    """Last day of a month, quarter, half-year or year."""
    year = period.year or default_year
    last_month = {"month": period.index, "quarter": period.index * 3, "half": period.index * 6, "year": 12}
    return _last_day(year, last_month[period.unit])


def _point_end(point: dl.Period | dl.OnDate, default_year: int) -> date:
    return point.day if isinstance(point, dl.OnDate) else period_end(point, default_year)


def _months(start: date, until: date, months: tuple[int, ...]) -> Iterator[tuple[int, int]]:
    for year in range(start.year, until.year + 1):
        for month in months:
            yield year, month


def _on_day(year: int, month: int, day: int) -> date:
    # "ngày 31 hằng tháng" in a 30-day month is read as that month's last day.
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def is_recurring(rule: dl.Rule) -> bool:
    """True for rules that repeat (monthly, quarterly, yearly)."""
    return isinstance(rule, (dl.Monthly, dl.Quarterly, dl.Yearly))


def due_dates(rule: dl.Rule, window: Window, horizon: date | None = None) -> tuple[date, ...]:
    """Every date the rule falls due; recurrences run from the window start to its end or `horizon`."""
    if isinstance(rule, dl.OnDate):
        return (rule.day,)
    if isinstance(rule, dl.DayInYear):
        return (_on_day(window.year, rule.month, rule.day),)
    if isinstance(rule, dl.DateList):
        return tuple(sorted(rule.days))
    if isinstance(rule, dl.Period):
        return (period_end(rule, window.year),)
    if isinstance(rule, dl.Span):
        return (_point_end(rule.end, window.year),)
    if isinstance(rule, dl.Undated):
        return ()
    if isinstance(rule, dl.Monthly):
        if rule.day is None:
            return ()
        day, months = rule.day, tuple(range(1, 13))
    elif isinstance(rule, dl.Quarterly):
        day, months = rule.day, tuple(q * 3 - 3 + rule.month_of_quarter for q in rule.quarters)
    else:
        day, months = rule.day, (rule.month,)
    until = window.end or horizon or date(window.year, 12, 31)
    if horizon is not None and until > horizon:  # a stated end decades away is listed only to the horizon
        until = horizon
    candidates = (_on_day(y, m, day) for y, m in _months(window.start, until, months))
    return tuple(d for d in candidates if window.start <= d <= until)
