"""The task tables of a plan page: heading rows over their sub-rows, each task with its anchor."""
from __future__ import annotations

from dataclasses import dataclass

from generator import routes
from generator.source.model import Appendix, Plan, Section, Task
from generator.source.tasks import placed_tasks


@dataclass(frozen=True)
class TableRow:
    """One row of a task table: a task with its anchor, or a heading row of the sub-rows below it."""

    task: Task
    anchor: str | None  # None for a heading row
    depth: int  # 0 for a row of the table, 1 for a sub-row …

    @property
    def heading(self) -> bool:
        return self.anchor is None


@dataclass(frozen=True)
class TaskTable:
    """The rows of one section's task table, and whether any task names implementers (a column then)."""

    rows: tuple[TableRow, ...]
    implement: bool


def task_table(plan: Plan, section: Section) -> TaskTable:
    """The table of a section's tasks, heading rows and sub-rows in document order."""
    anchors = {id(placed.task): placed.anchor for placed in placed_tasks(plan) if placed.section is section}
    rows: list[TableRow] = []

    def walk(tasks: tuple[Task, ...], depth: int) -> None:
        for task in tasks:
            rows.append(TableRow(task, None if task.subtasks else anchors[id(task)], depth))
            walk(task.subtasks, depth + 1)

    walk(section.tasks, 0)
    return TaskTable(tuple(rows), any(r.task.implement for r in rows))


def appendix_anchor(appendix: Appendix, position: int) -> str:
    """The id of an appendix's heading on its plan page (by its place when it has no number)."""
    return routes.appendix_anchor(appendix.number, position)


def section_anchor(plan: Plan, section: Section) -> str:
    """The id of a section's heading on its plan page (a section of an appendix's table under its appendix)."""
    for position, appendix in enumerate(plan.appendices, start=1):
        if any(s is section for s in appendix.sections):
            return routes.section_anchor(section.number, section.title, appendix_anchor(appendix, position))
    return routes.section_anchor(section.number, section.title)
