"""What each unit has to do: the tasks it leads, coordinates or implements and the reports it sends
or receives, in every plan."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator import routes
from generator.facts.items import Item, PlanRef, plan_ref
from generator.source.model import Deadline, Plan
from generator.source.tasks import parent_words, placed_tasks
from generator.source.workdays import DueDate

Role = Literal["lead", "coordinate", "implement", "send", "receive"]


@dataclass(frozen=True)
class Work:
    """A task or report of one plan that concerns a unit, in one role."""

    plan: PlanRef
    kind: Literal["task", "report"]
    anchor: str
    title: str
    role: Role
    deadline: Deadline | None
    item: Item | None
    number: str | None  # the task's number as printed (None for a report or an unnumbered task)
    context: str = ""  # the words of the heading rows above a task


@dataclass(frozen=True)
class UnitDue:
    """One due date of a unit's work."""

    work: Work
    due: DueDate


def plan_work(plan: Plan, items: tuple[Item, ...]) -> tuple[tuple[str, Work], ...]:
    """(unit id, work) for every unit a plan's tasks and reports concern, in document order (`items`: the
    plan's dated items)."""
    ref, dated = plan_ref(plan), {i.anchor: i for i in items}
    pairs: list[tuple[str, Work]] = []

    def add(unit_ids: Iterable[str], kind: Literal["task", "report"], anchor: str, title: str, role: Role,
            deadline: Deadline | None, number: str | None = None, context: str = "") -> None:
        one = Work(ref, kind, anchor, title, role, deadline, dated.get(anchor), number, context)
        pairs.extend((unit_id, one) for unit_id in unit_ids)

    for placed in placed_tasks(plan):
        task, context = placed.task, parent_words(placed)
        for role, units in (("lead", task.lead), ("coordinate", task.coordinate), ("implement", task.implement)):
            add(units, "task", placed.anchor, task.content, role, task.deadline, task.number, context)
    for report in plan.reports:
        anchor = routes.report_anchor(report.id)
        add(report.from_units, "report", anchor, report.title, "send", report.deadline)
        add(report.to, "report", anchor, report.title, "receive", report.deadline)
    return tuple(pairs)


def work_by_unit(per_plan: Iterable[tuple[tuple[str, Work], ...]]) -> dict[str, tuple[Work, ...]]:
    """Every unit's work from each plan's `plan_work`, plan then document order."""
    work: dict[str, list[Work]] = {}
    for pairs in per_plan:
        for unit_id, one in pairs:
            work.setdefault(unit_id, []).append(one)
    return {unit_id: tuple(items) for unit_id, items in work.items()}


def unit_dues(work: tuple[Work, ...]) -> tuple[UnitDue, ...]:
    """The dated work, one row per due date, in date order."""
    rows = [UnitDue(w, d) for w in work if w.item for d in w.item.dues]
    return tuple(sorted(rows, key=lambda r: (r.due.stated, r.work.plan.id, r.work.anchor, r.work.role)))


def coming_and_past(rows: tuple[UnitDue, ...], today: date) -> tuple[tuple[UnitDue, ...], tuple[UnitDue, ...]]:
    """Rows due today or later (in date order), and rows already past (latest first)."""
    coming = tuple(r for r in rows if r.due.stated >= today)
    past = tuple(r for r in reversed(rows) if r.due.stated < today)
    return coming, past


def undated(work: tuple[Work, ...]) -> tuple[Work, ...]:
    """Work with no calendar date (no deadline, on request, continuous …)."""
    return tuple(w for w in work if w.item is None or w.item.undated)
