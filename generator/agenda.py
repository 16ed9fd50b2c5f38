"""Deadline items of every plan: what is due, from whom, when; shared by pages and feeds."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date
from typing import Literal

from . import deadlines as dl
from .model import Content, Deadline, Plan, Report, Task
from .schedule import Window, due_dates, is_recurring
from .text import slugify
from .workdays import DueDate, WorkCalendar


def work_calendar(content: Content) -> WorkCalendar:
    """The working days the content's deadlines are read against (its table of official day swaps first)."""
    return WorkCalendar(content.day_swaps)


def listing_horizon(today: date) -> date:
    """How far a series with no stated end is listed, in pages, calendars and data alike: to the end of
    next year (it moves once a year, so calendar events do not change with every daily build)."""
    return date(today.year + 1, 12, 31)


def window(plan: Plan) -> Window:
    """The frame a plan's deadlines are read in: its year and period (else from its issue date)."""
    if plan.period:
        return Window(plan.year, plan.period.start, plan.period.end)
    return Window(plan.year, plan.document.date.earliest(), None)


def task_anchor(task: Task) -> str:
    """Stable HTML id of a task on its plan page: `nv-1a`."""
    return "nv-" + slugify(task.number)


def report_anchor(report: Report) -> str:
    """Stable HTML id of a report on its plan page: `bc-bao-cao-quy`."""
    return "bc-" + report.id


@dataclass(frozen=True)
class Item:
    """One task or report deadline of one plan, with its computed due dates."""

    plan: Plan
    kind: Literal["task", "report"]
    anchor: str  # also the stable key of the item within its plan
    title: str
    deadline: Deadline
    lead: tuple[str, ...]  # unit ids: task lead, or report senders
    coordinate: tuple[str, ...]  # task coordinators
    recipients: tuple[str, ...]  # report receivers
    deliverable: str | None
    dues: tuple[DueDate, ...]
    recurring: bool
    open_ended: bool  # a recurrence whose plan states no end
    listed_until: date | None = None  # a recurrence listed only to the horizon: no stated end, or one beyond it

    @cached_property
    def units(self) -> tuple[str, ...]:
        """Every unit concerned, in order, without repeats."""
        return tuple(dict.fromkeys(self.lead + self.coordinate + self.recipients))

    @property
    def undated(self) -> bool:
        """True when the deadline gives no calendar date (on request, monthly with no day …)."""
        return not self.dues


def _dues(plan: Plan, rule: dl.Rule, calendar: WorkCalendar, horizon: date) -> tuple[DueDate, ...]:
    return tuple(calendar.due(d) for d in due_dates(rule, window(plan), horizon))


def _recurrence(rule: dl.Rule, end: date | None, horizon: date) -> tuple[bool, bool, date | None]:
    """Whether a rule recurs, whether with no stated end, and whether it is listed only to `horizon`."""
    recurring = is_recurring(rule)
    cut = recurring and (end is None or end > horizon)
    return recurring, recurring and end is None, horizon if cut else None


def plan_items(plan: Plan, calendar: WorkCalendar, horizon: date) -> tuple[Item, ...]:
    """A plan's items in document order: tasks first, then reports; items with no deadline are left out.

    A recurrence whose plan states no end is listed up to `horizon` (see `listing_horizon`)."""
    items = []
    end = plan.period.end if plan.period else None
    for task in plan.tasks:
        if task.deadline:
            rule = task.deadline.rule
            items.append(Item(plan, "task", task_anchor(task), task.content, task.deadline, task.lead,
                              task.coordinate, (), task.deliverable, _dues(plan, rule, calendar, horizon),
                              *_recurrence(rule, end, horizon)))
    for report in plan.reports:
        if report.deadline:
            rule = report.deadline.rule
            items.append(Item(plan, "report", report_anchor(report), report.title, report.deadline,
                              report.from_units, (), report.to, None, _dues(plan, rule, calendar, horizon),
                              *_recurrence(rule, end, horizon)))
    return tuple(items)


def all_items(content: Content, calendar: WorkCalendar, horizon: date) -> tuple[Item, ...]:
    """Items of every plan, plans in id order."""
    return tuple(item for plan in content.plans for item in plan_items(plan, calendar, horizon))
