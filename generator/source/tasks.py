"""Where each task of a plan stands: its section (in the body or an appendix's task table), the heading
row it is a sub-row of, its anchor on the plan page and its field path in the plan file."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator import routes
from generator.source.model import Appendix, Plan, Section, Task


@dataclass(frozen=True)
class PlacedTask:
    """A task (never a heading row) with its place in the plan."""

    task: Task
    section: Section
    appendix: Appendix | None  # the appendix whose task table holds it; None in the plan's body
    parents: tuple[Task, ...]  # the heading rows above it, outermost first
    anchor: str  # stable HTML id on the plan page: "nv-1a"; an unnumbered task "nv-muc-iii-1"
    path: str  # field path in the plan file: "sections[1].tasks[3]", "appendices[0].sections[2].tasks[0].subtasks[1]"

    @property
    def number(self) -> str | None:
        """The task's number as printed (None when the document prints none)."""
        return self.task.number


@dataclass(frozen=True)
class HeadingRow:
    """A row of a task table that heads sub-rows: not a task, but their common words."""

    task: Task
    section: Section
    appendix: Appendix | None
    path: str


def _sections(plan: Plan) -> Iterator[tuple[Section, Appendix | None, str]]:
    for s_index, section in enumerate(plan.sections):
        yield section, None, f"sections[{s_index}]"
    for a_index, appendix in enumerate(plan.appendices):
        for s_index, section in enumerate(appendix.sections):
            yield section, appendix, f"appendices[{a_index}].sections[{s_index}]"


def _walk(rows: tuple[Task, ...], path: str, parents: tuple[Task, ...]) -> Iterator[tuple[Task, str, tuple[Task, ...]]]:
    for index, row in enumerate(rows):
        here = f"{path}[{index}]"
        yield row, here, parents
        yield from _walk(row.subtasks, f"{here}.subtasks", (*parents, row))


def placed_tasks(plan: Plan) -> tuple[PlacedTask, ...]:
    """Every task of the plan in document order (body, then appendices), heading rows left out."""
    found = []
    for section, appendix, path in _sections(plan):
        position = 0
        for row, row_path, parents in _walk(section.tasks, f"{path}.tasks", ()):
            if row.subtasks:
                continue
            position += 1
            anchor = routes.task_anchor(row.number, section.number, position)
            found.append(PlacedTask(row, section, appendix, parents, anchor, row_path))
    return tuple(found)


def heading_rows(plan: Plan) -> tuple[HeadingRow, ...]:
    """Every row that heads sub-rows, in document order."""
    return tuple(HeadingRow(row, section, appendix, row_path)
                 for section, appendix, path in _sections(plan)
                 for row, row_path, _ in _walk(section.tasks, f"{path}.tasks", ()) if row.subtasks)


def parent_words(placed: PlacedTask) -> str:
    """The words of the heading rows above a task, joined ("Ban hành Kế hoạch cải cách hành chính năm 2022:")."""
    return " ".join(" ".join(parent.content.split()) for parent in placed.parents)
