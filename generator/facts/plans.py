"""Facts about plans as wholes: when they last changed, which notes are uncertain."""
from __future__ import annotations

from datetime import date
from generator.source.model import Note, Plan


def last_updated(plan: Plan) -> date | None:
    """The date of the plan's latest revision; None when it was never changed after publication."""
    return max((r.date for r in plan.revisions), default=None)


def uncertain_notes(plan: Plan) -> tuple[Note, ...]:
    """Notes on readings of the scan that are not certain (not editorial decisions; unclassified ones count)."""
    return tuple(n for n in plan.notes if n.kind != "editorial")
