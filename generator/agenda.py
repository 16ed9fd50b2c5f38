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
from .workdays import DueDate, due


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

    @cached_property
    def units(self) -> tuple[str, ...]:
        """Every unit concerned, in order, without repeats."""
        return tuple(dict.fromkeys(self.lead + self.coordinate + self.recipients))

    @property
    def undated(self) -> bool:
        """True when the deadline gives no calendar date (on request, monthly with no day …)."""
        return not self.dues


def _dues(plan: Plan, rule: dl.Rule, horizon: date | None) -> tuple[DueDate, ...]:
    return tuple(due(d) for d in due_dates(rule, window(plan), horizon))


def plan_items(plan: Plan, horizon: date | None = None) -> tuple[Item, ...]:
    """A plan's items in document order: tasks first, then reports; items with no deadline are left out."""
    items = []
    end_known = plan.period is not None and plan.period.end is not None
    for task in plan.tasks:
        if task.deadline:
            rule = task.deadline.rule
            items.append(Item(plan, "task", task_anchor(task), task.content, task.deadline, task.lead,
                              task.coordinate, (), task.deliverable, _dues(plan, rule, horizon),
                              is_recurring(rule), is_recurring(rule) and not end_known))
    for report in plan.reports:
        if report.deadline:
            rule = report.deadline.rule
            items.append(Item(plan, "report", report_anchor(report), report.title, report.deadline,
                              report.from_units, (), report.to, None, _dues(plan, rule, horizon),
                              is_recurring(rule), is_recurring(rule) and not end_known))
    return tuple(items)


def all_items(content: Content, horizon: date | None = None) -> tuple[Item, ...]:
    """Items of every plan, plans in id order."""
    return tuple(item for plan in content.plans for item in plan_items(plan, horizon))
