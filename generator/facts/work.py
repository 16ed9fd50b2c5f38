"""What each unit has to do: the tasks it leads, coordinates or implements and the reports it sends
or receives, in every plan; and, for a unit that a group stands for (units.yaml `members`), the group's
work as well, marked as by group."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from generator import routes
from generator.facts.items import Item, PlanRef, plan_ref
from generator.source.model import Deadline, Plan, Unit
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
    position: int = 0  # where the task or report stands in its plan (document order: tasks, then reports)
    via: str | None = None  # the id of the group the work is given to, when the unit has it as its member


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
            deadline: Deadline | None, position: int, number: str | None = None, context: str = "") -> None:
        one = Work(ref, kind, anchor, title, role, deadline, dated.get(anchor), number, context, position)
        pairs.extend((unit_id, one) for unit_id in unit_ids)

    placed_all = placed_tasks(plan)
    for position, placed in enumerate(placed_all):
        task, context = placed.task, parent_words(placed)
        roles: tuple[tuple[Role, tuple[str, ...]], ...] = (
            ("lead", task.lead), ("coordinate", task.coordinate), ("implement", task.implement))
        for role, units in roles:
            add(units, "task", placed.anchor, task.content, role, task.deadline, position, task.number, context)
    for position, report in enumerate(plan.reports, start=len(placed_all)):
        anchor = routes.report_anchor(report.id)
        add(report.from_units, "report", anchor, report.title, "send", report.deadline, position)
        add(report.to, "report", anchor, report.title, "receive", report.deadline, position)
    return tuple(pairs)


def work_by_unit(per_plan: Iterable[tuple[tuple[str, Work], ...]]) -> dict[str, tuple[Work, ...]]:
    """Every unit's work from each plan's `plan_work`, plan then document order."""
    work: dict[str, list[Work]] = {}
    for pairs in per_plan:
        for unit_id, one in pairs:
            work.setdefault(unit_id, []).append(one)
    return {unit_id: tuple(items) for unit_id, items in work.items()}


def group_members(units: Iterable[Unit]) -> dict[str, tuple[str, ...]]:
    """Every unit a group stands for, its nested groups' members included (units.yaml `members`), by group
    id: direct members first, in the order written, then those of nested groups. Validation refuses cycles;
    should one come anyway, each unit is still listed once."""
    direct = {u.id: u.members for u in units if u.members}
    found: dict[str, tuple[str, ...]] = {}
    for group in direct:
        seen: dict[str, None] = {}
        queue = deque(direct[group])
        while queue:
            member = queue.popleft()
            if member == group or member in seen:
                continue
            seen[member] = None
            queue.extend(direct.get(member, ()))
        found[group] = tuple(seen)
    return found


def unit_groups(units: Iterable[Unit]) -> dict[str, tuple[str, ...]]:
    """The groups each unit belongs to, directly or through a nested group, groups in registry order."""
    groups: dict[str, list[str]] = {}
    for group, members in group_members(units).items():
        for member in members:
            groups.setdefault(member, []).append(group)
    return {unit_id: tuple(found) for unit_id, found in groups.items()}


def with_group_work(work: Mapping[str, tuple[Work, ...]], units: Iterable[Unit]) -> dict[str, tuple[Work, ...]]:
    """Every unit's work (`work`: by unit id, as `work_by_unit` gives it) with the work of each group it
    belongs to, marked `via` that group, plan then document order (the unit's own work first where both
    stand at one place). A task or report that names the unit itself, in any role, brings nothing by group
    (a sở that leads a task is not also among "các sở" that coordinate it; the receiver of a report does not
    send it to itself); a role that two of its groups share is listed once (the first group in the registry)."""
    groups = unit_groups(units)
    joined: dict[str, tuple[Work, ...]] = dict(work)
    for unit_id, belongs in groups.items():
        own = work.get(unit_id, ())
        named = {(w.plan.id, w.anchor) for w in own}
        held: set[tuple[str, str, str]] = set()
        extra: list[Work] = []
        for group in belongs:
            for one in work.get(group, ()):
                key = (one.plan.id, one.anchor, one.role)
                if (one.plan.id, one.anchor) not in named and key not in held:
                    held.add(key)
                    extra.append(replace(one, via=group))
        if extra:
            joined[unit_id] = tuple(sorted(own + tuple(extra), key=lambda w: (w.plan.id, w.position)))
    return joined


def work_counts(work: Mapping[str, tuple[Work, ...]]) -> dict[str, tuple[int, int]]:
    """(own, by group) pieces of work of every unit that has any."""
    return {unit_id: (sum(1 for w in found if w.via is None), sum(1 for w in found if w.via is not None))
            for unit_id, found in work.items() if found}


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
