"""Facts about plans as wholes: when they last changed, which notes are uncertain."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator.source.model import Note, Plan


def last_updated(plan: Plan) -> date | None:
    """The date of the plan's latest revision; None when it was never changed after publication."""
    return max((r.date for r in plan.revisions), default=None)


def changed_on(plan: Plan) -> date | None:
    """The last day the plan's content changed: its latest revision, else its issue date when the scan shows
    the day; None when neither is known."""
    updated = last_updated(plan)
    if updated is not None:
        return updated
    issued = plan.document.date
    return date(issued.year, issued.month, issued.day) if issued.day and issued.month else None


def newest_change(plans: Iterable[Plan]) -> date | None:
    """The last day any of `plans` changed (what pages listing them say in sitemap.xml)."""
    return max((day for day in map(changed_on, plans) if day is not None), default=None)


def uncertain_notes(plan: Plan) -> tuple[Note, ...]:
    """Notes on readings of the scan that are not certain (not what the copy lacks nor editorial decisions;
    unclassified ones count)."""
    return tuple(n for n in plan.notes if n.kind not in ("editorial", "absent"))
