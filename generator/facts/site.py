"""The facts the pages of one build show, gathered once from each plan's own facts."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from generator.facts.agenda import Agenda, Year, by_year
from generator.facts.areas import PlanAreas, by_area, plan_areas
from generator.facts.items import Item, plan_items
from generator.facts.work import Work, plan_work, work_by_unit
from generator.source.model import Content, Plan
from generator.source.workdays import WorkCalendar


@dataclass(frozen=True)
class PlanFacts:
    """Everything the site derives from one plan alone (the engine keeps it while the plan is the same)."""

    items: tuple[Item, ...]
    work: tuple[tuple[str, Work], ...]
    areas: PlanAreas


def plan_facts(plan: Plan, calendar: WorkCalendar, horizon: date) -> PlanFacts:
    """What the site derives from one plan: its dated items, who does what, its tasks by area."""
    items = plan_items(plan, calendar, horizon)
    return PlanFacts(items, plan_work(plan, items), plan_areas(plan, items))


@dataclass(frozen=True)
class SiteFacts:
    """What the pages of a build show, from the facts of each plan."""

    agenda: Agenda
    items: Mapping[str, tuple[Item, ...]]  # by plan id
    work: Mapping[str, tuple[Work, ...]]  # by unit id, plan then document order
    areas: PlanAreas
    years: tuple[Year, ...]


def site_facts(content: Content, today: date, horizon: date, plans: Mapping[str, PlanFacts]) -> SiteFacts:
    """The site's facts from each plan's (`plans`: by plan id, every plan of `content`)."""
    ordered = [plans[p.id] for p in content.plans]
    agenda = Agenda(today, horizon, tuple(i for facts in ordered for i in facts.items))
    return SiteFacts(agenda, {p.id: plans[p.id].items for p in content.plans},
                     work_by_unit(f.work for f in ordered), by_area(f.areas for f in ordered),
                     by_year(agenda.occurrences))
