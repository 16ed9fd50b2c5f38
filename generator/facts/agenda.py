"""The agenda of all plans: every due date in date order, by month and by year."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from generator import routes
from generator.facts.items import Item
from generator.source.workdays import DueDate

UPCOMING_DAYS = 60


@dataclass(frozen=True)
class Occurrence:
    """One due date of one item."""

    item: Item
    due: DueDate

    @property
    def key(self) -> tuple[date, str, str, str]:
        """Its place in date order (ties by plan, kind, anchor)."""
        return (self.due.stated, self.item.plan.id, self.item.kind, self.item.anchor)


@dataclass(frozen=True)
class Month:
    """The occurrences falling due in one month (the document's dates)."""

    year: int
    month: int
    occurrences: tuple[Occurrence, ...]

    @property
    def anchor(self) -> str:
        return routes.month_anchor(self.year, self.month)

    @property
    def label(self) -> str:
        return f"Tháng {self.month:02d}/{self.year}"


@dataclass(frozen=True)
class Year:
    """The dated deadlines of one year, by month: one page."""

    year: int
    months: tuple[Month, ...]

    @property
    def path(self) -> str:
        return routes.year_page(self.year)

    @property
    def count(self) -> int:
        return sum(len(m.occurrences) for m in self.months)

    def next_month(self, today: date) -> Month | None:
        """The first month with a deadline on or after `today` (a month whose dates have all passed is not)."""
        return next((m for m in self.months if any(o.due.stated >= today for o in m.occurrences)), None)


@dataclass(frozen=True)
class Agenda:
    """Every item of every plan, read once with one horizon for recurrences with no stated end."""

    today: date
    horizon: date
    items: tuple[Item, ...]

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Item]:
        return {(i.plan.id, i.anchor): i for i in self.items}

    def item(self, plan_id: str, anchor: str) -> Item | None:
        """The dated item of a plan's task or report, or None when it has no deadline."""
        return self._by_key.get((plan_id, anchor))

    @cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """All due dates in date order."""
        return tuple(sorted((Occurrence(i, d) for i in self.items for d in i.dues), key=lambda o: o.key))

    @property
    def upcoming_end(self) -> date:
        """The last day of the upcoming window."""
        return self.today + timedelta(days=UPCOMING_DAYS)

    def upcoming(self, days: int = UPCOMING_DAYS) -> tuple[Occurrence, ...]:
        """Due dates from today to `days` ahead."""
        end = self.today + timedelta(days=days)
        return tuple(o for o in self.occurrences if self.today <= o.due.stated <= end)


LATER_ROWS = 400  # dates a page carries past its window, for the browser when days have passed since the build


def later(agenda: Agenda, days: int = UPCOMING_DAYS, limit: int = LATER_ROWS) -> tuple[Occurrence, ...]:
    """The first `limit` due dates after the upcoming window: what the window shows once days have passed
    since the build (the browser moves it with its own clock)."""
    end = agenda.today + timedelta(days=days)
    found = [o for o in agenda.occurrences if o.due.stated > end]
    return tuple(found[:limit])


def by_month(occurrences: tuple[Occurrence, ...]) -> tuple[Month, ...]:
    """Occurrences grouped by the month of their date, in date order."""
    groups: dict[tuple[int, int], list[Occurrence]] = {}
    for occ in occurrences:
        groups.setdefault((occ.due.stated.year, occ.due.stated.month), []).append(occ)
    return tuple(Month(y, m, tuple(o)) for (y, m), o in sorted(groups.items()))


def by_year(occurrences: tuple[Occurrence, ...]) -> tuple[Year, ...]:
    """Months grouped by year, so no deadlines page grows with the years the site has published."""
    years: dict[int, list[Month]] = {}
    for month in by_month(occurrences):
        years.setdefault(month.year, []).append(month)
    return tuple(Year(y, tuple(m)) for y, m in sorted(years.items()))


def next_due(item: Item | None, today: date) -> DueDate | None:
    """The first due date on or after today."""
    if item is None:
        return None
    return next((d for d in item.dues if d.stated >= today), None)
