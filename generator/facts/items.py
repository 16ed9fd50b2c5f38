"""Deadline items of every plan: what is due, from whom, when; shared by pages, calendars and data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from generator import routes
from generator.source import deadlines as dl
from generator.source.model import Content, Deadline, DocumentHeader, Plan, Unreadable
from generator.source.schedule import due_dates, is_recurring, plan_window
from generator.source.tasks import parent_words, placed_tasks
from generator.source.workdays import DueDate, WorkCalendar


def work_calendar(content: Content) -> WorkCalendar:
    """The working days the content's deadlines are read against (its table of official day swaps first)."""
    return WorkCalendar(content.day_swaps)


def listing_horizon(today: date) -> date:
    """How far a series with no stated end is listed, in pages, calendars and data alike: to the end of
    next year (it moves once a year, so calendar events do not change with every daily build)."""
    return date(today.year + 1, 12, 31)


@dataclass(frozen=True)
class PlanRef:
    """What lists outside a plan's page show of it: its id and its header, not its body (so a list that
    shows a plan does not change when a task elsewhere in that plan does)."""

    id: str
    document: DocumentHeader


def plan_ref(plan: Plan) -> PlanRef:
    """The plan as lists outside its page show it."""
    return PlanRef(plan.id, plan.document)


@dataclass(frozen=True)
class Item:
    """One task or report deadline of one plan, with its computed due dates."""

    plan: PlanRef
    kind: Literal["task", "report"]
    anchor: str  # also the stable key of the item within its plan
    title: str
    deadline: Deadline
    dues: tuple[DueDate, ...]
    lead: tuple[str, ...] = ()  # unit ids: task lead, or report senders
    coordinate: tuple[str, ...] = ()  # task coordinators
    implement: tuple[str, ...] = ()  # task implementers ("Đơn vị thực hiện")
    recipients: tuple[str, ...] = ()  # report receivers
    deliverable: str | None = None
    number: str | None = None  # a task's number as printed
    context: str = ""  # the words of the heading rows above a task ("Ban hành Kế hoạch … năm 2022:")
    report_text: str | None = None  # a report's sentence as the document prints it
    recurring: bool = False
    open_ended: bool = False  # a recurrence whose plan states no end
    listed_until: date | None = None  # a recurrence listed only to the horizon: no stated end, or one beyond it
    ends: date | None = None  # a recurrence's end as the plan states it (its period, or the end of its year)
    unreadable: Unreadable | None = None  # a task's cells the scan has but that cannot be read
    editorial_title: bool = False  # a report's name written by the editor (the document prints none)

    @cached_property
    def units(self) -> tuple[str, ...]:
        """Every unit concerned, in order, without repeats."""
        return tuple(dict.fromkeys(self.lead + self.coordinate + self.implement + self.recipients))

    @property
    def continues(self) -> bool:
        """True for a series listed only to the horizon that goes on after it (no stated end, or one beyond it)."""
        return self.listed_until is not None and (self.ends is None or self.ends > self.listed_until)

    @property
    def undated(self) -> bool:
        """True when the deadline gives no calendar date (on request, monthly with no day …)."""
        return not self.dues


def _dues(plan: Plan, rule: dl.Rule, calendar: WorkCalendar, horizon: date) -> tuple[DueDate, ...]:
    return tuple(calendar.due(d) for d in due_dates(rule, plan_window(plan), horizon))


def _recurrence(rule: dl.Rule, end: date | None, horizon: date) -> dict[str, Any]:
    """Whether a rule recurs, whether with no stated end, and whether it is listed only to `horizon`."""
    recurring = is_recurring(rule)
    cut = recurring and (end is None or end > horizon)
    return {"recurring": recurring, "open_ended": recurring and end is None, "listed_until": horizon if cut else None,
            "ends": end if recurring else None}


def plan_items(plan: Plan, calendar: WorkCalendar, horizon: date) -> tuple[Item, ...]:
    """A plan's items in document order: tasks first, then reports; items with no deadline are left out.

    A recurrence whose plan states no end is listed up to `horizon` (see `listing_horizon`)."""
    items = []
    ref, end = plan_ref(plan), plan_window(plan).end
    for placed in placed_tasks(plan):
        task = placed.task
        if task.deadline:
            rule = task.deadline.rule
            items.append(Item(ref, "task", placed.anchor, task.content, task.deadline,
                              _dues(plan, rule, calendar, horizon), lead=task.lead, coordinate=task.coordinate,
                              implement=task.implement, deliverable=task.deliverable, number=task.number,
                              context=parent_words(placed), unreadable=task.unreadable,
                              **_recurrence(rule, end, horizon)))
    for report in plan.reports:
        if report.deadline:
            rule = report.deadline.rule
            items.append(Item(ref, "report", routes.report_anchor(report.id), report.title, report.deadline,
                              _dues(plan, rule, calendar, horizon), lead=report.from_units, recipients=report.to,
                              report_text=report.text, editorial_title=report.editorial_title,
                              **_recurrence(rule, end, horizon)))
    return tuple(items)


def all_items(content: Content, calendar: WorkCalendar, horizon: date) -> tuple[Item, ...]:
    """Items of every plan, plans in id order."""
    return tuple(item for plan in content.plans for item in plan_items(plan, calendar, horizon))
