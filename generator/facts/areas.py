"""Tasks and sections by reform area (Nghị quyết 76/NQ-CP), the way the area pages list them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator import routes
from generator.facts.items import Item, PlanRef, plan_ref
from generator.facts.notes import TranscriptionNote, notes_at, transcription_notes
from generator.source.model import Area, Plan, Section, Task
from generator.source.tasks import parent_words, placed_tasks


@dataclass(frozen=True)
class AreaTask:
    """A task, with its plan and section, filed under a reform area."""

    plan: PlanRef
    section: Section
    task: Task
    item: Item | None
    anchor: str
    context: str = ""  # the words of the heading rows above it ("" for a task with none)
    notes: tuple[TranscriptionNote, ...] = ()  # the notes on the transcription that concern it (on its plan page)


@dataclass(frozen=True)
class AreaSection:
    """A section with text or tasks, filed under its area, and where it is on its plan page."""

    plan: PlanRef
    section: Section
    anchor: str


@dataclass(frozen=True)
class PlanAreas:
    """One plan's tasks and sections by area."""

    tasks: dict[Area, tuple[AreaTask, ...]]
    sections: dict[Area, tuple[AreaSection, ...]]


def task_area(section: Section, task: Task) -> Area:
    """The task's own area, else its section's."""
    return task.area or section.area


def plan_areas(plan: Plan, items: tuple[Item, ...]) -> PlanAreas:
    """One plan's tasks and sections filed by area (`items`: its dated items)."""
    ref, dated, marks = plan_ref(plan), {i.anchor: i for i in items}, notes_at(transcription_notes(plan))
    tasks: dict[Area, list[AreaTask]] = {}
    for placed in placed_tasks(plan):
        section, task = placed.section, placed.task
        tasks.setdefault(task_area(section, task), []).append(
            AreaTask(ref, section, task, dated.get(placed.anchor), placed.anchor, parent_words(placed),
                     marks.get(placed.anchor, ())))
    sections: dict[Area, list[AreaSection]] = {}
    for section, appendix in section_places(plan):
        if section.paragraphs or section.tasks:
            anchor = routes.section_anchor(section.number, section.title, appendix)
            sections.setdefault(section.area, []).append(AreaSection(ref, section, anchor))
    return PlanAreas({a: tuple(t) for a, t in tasks.items()}, {a: tuple(s) for a, s in sections.items()})


def section_places(plan: Plan) -> Iterable[tuple[Section, str | None]]:
    """Every section that may hold tasks, with the anchor of the appendix whose table holds it (None: body)."""
    for section in plan.sections:
        yield section, None
    for position, appendix in enumerate(plan.appendices, start=1):
        for section in appendix.sections:
            yield section, routes.appendix_anchor(appendix.number, position)


def by_area(per_plan: Iterable[PlanAreas]) -> PlanAreas:
    """Every plan's areas joined, plans in the order given."""
    tasks: dict[Area, list[AreaTask]] = {}
    sections: dict[Area, list[AreaSection]] = {}
    for areas in per_plan:
        for area, found in areas.tasks.items():
            tasks.setdefault(area, []).extend(found)
        for area, where in areas.sections.items():
            sections.setdefault(area, []).extend(where)
    return PlanAreas({a: tuple(t) for a, t in tasks.items()}, {a: tuple(s) for a, s in sections.items()})


def by_plan(tasks: tuple[AreaTask, ...]) -> tuple[tuple[PlanRef, tuple[AreaTask, ...]], ...]:
    """Area tasks grouped by plan, plans in first-seen order."""
    groups: dict[str, list[AreaTask]] = {}
    for t in tasks:
        groups.setdefault(t.plan.id, []).append(t)
    return tuple((g[0].plan, tuple(g)) for g in groups.values())
