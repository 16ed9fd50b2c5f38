"""The pages of the site: each page's docs path, its template and the variables it shows.

A page shows its variables and the build's scope (templates.Scope), nothing else: so a page whose
variables and scope are equal to the previous build's is the same page, and the engine need not render
it again. The catalog lists the longest pages first (years, areas), so that two processes sharing the
list out as they go finish on short pages, together.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from generator import routes
from generator.facts.agenda import later
from generator.facts.areas import by_plan
from generator.facts.order import newest_first, terms_by_abbreviation, units_by_name
from generator.facts.plans import changed_on, newest_change
from generator.facts.site import SiteFacts
from generator.facts.work import unit_groups, with_group_work, work_counts
from generator.outputs.calendars import Window
from generator.outputs.opendata import dataset_jsonld, due_columns, task_columns
from generator.source.model import AREA_NAMES, Content, Site


@dataclass(frozen=True)
class FeedLink:
    """A calendar as the pages show it, with its subscribe addresses; once written, also the events its
    file holds and its window when it was cut to 1 MB."""

    path: str
    title: str
    kind: str
    key: str
    base_url: str
    page: str | None = None  # docs path of the plan's or unit's page (None: the all-plans feed)
    label: str = ""  # the unit's full name or the plan's name, linked to that page
    event_count: int | None = None
    window: Window | None = None

    @property
    def https(self) -> Markup:
        """The address to paste into a calendar app."""
        return Markup(self.base_url + quote(self.path))

    @property
    def webcal(self) -> Markup:
        """The same address with the webcal scheme (opens the system calendar)."""
        return Markup("webcal://" + self.https.split("://", 1)[1])

    @property
    def google(self) -> Markup:
        """Google Calendar's add-by-URL link."""
        return Markup("https://calendar.google.com/calendar/r?cid=" + quote(self.webcal, safe=""))

    @property
    def outlook(self) -> Markup:
        """Outlook on the web's subscribe link for work and school accounts (Microsoft 365)."""
        return Markup("https://outlook.office.com/calendar/0/addfromweb?url=" + quote(self.https, safe="")
                      + "&name=" + quote(self.title, safe=""))

    @property
    def outlook_personal(self) -> Markup:
        """Outlook on the web's subscribe link for personal accounts (Outlook.com, Hotmail, Live)."""
        return Markup("https://outlook.live.com/calendar/0/addfromweb?url=" + quote(self.https, safe="")
                      + "&name=" + quote(self.title, safe=""))


@dataclass(frozen=True)
class EditLink:
    """Where an editor changes a page: the YAML file that feeds it, opened in the repository's editor."""

    url: str
    file: str  # path in the repository, e.g. content/plans/2024-330-kh-bql.yaml


@dataclass(frozen=True)
class Page:
    """One Markdown file to write: its docs path, template, variables and the content file behind it."""

    path: str
    template: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None  # repository path of the YAML behind the page ("Sửa trang này"); None: several
    shows_calendars: bool = False  # shows the calendars as written (event counts, windows): made after them


def edit_link(site: Site, source: str | None) -> EditLink | None:
    """The repository editor of a page's one content file; None without a repository URL or one source file."""
    if not site.repository_url or not source:
        return None
    return EditLink(routes.edit_url(site.repository_url, source), source)


def catalog(content: Content, facts: SiteFacts, feeds: tuple[FeedLink, ...]) -> tuple[Page, ...]:
    """Every page of the site with its variables: the longest first (see the module's docstring)."""
    feed = {(f.kind, f.key): f for f in feeds}
    plans = newest_first(content.plans)
    # A unit's pages show its work and that of the groups it belongs to (units.yaml `members`), by group.
    work, groups = with_group_work(facts.work, content.units), unit_groups(content.units)
    by_id = {u.id: u for u in content.units}
    years = tuple(Page(y.path, "deadlines-year.md.j2", {"year": y}) for y in facts.years)
    areas = tuple(Page(routes.area_page(area), "area.md.j2",
                       {"area": area, "plan_tasks": by_plan(facts.areas.tasks.get(area, ())),
                        "sections": facts.areas.sections.get(area, ())}) for area in AREA_NAMES)
    fixed = (
        Page(routes.HOME, "home.md.j2", {"plans": plans, "upcoming": facts.agenda.upcoming(),
                                         "later": later(facts.agenda), "upcoming_end": facts.agenda.upcoming_end}),
        Page(routes.PLANS, "plans.md.j2", {"plans": plans}),
        Page(routes.UNITS, "units.md.j2", {"units": units_by_name(content.units), "work_counts": work_counts(work)},
             routes.UNITS_FILE),
        Page(routes.DEADLINES, "deadlines.md.j2", {"years": facts.years}),
        Page(routes.SUBSCRIBE, "subscribe.md.j2", shows_calendars=True),
        Page(routes.AREAS, "areas.md.j2", {"counts": {a: (len(facts.areas.tasks.get(a, ())),
                                                          len(facts.areas.sections.get(a, ()))) for a in AREA_NAMES}}),
        Page(routes.GLOSSARY, "glossary.md.j2", {"terms": terms_by_abbreviation(content.glossary)},
             routes.GLOSSARY_FILE),
        Page(routes.DATA, "opendata.md.j2", {"plans": plans, "task_columns": task_columns(),
                                             "due_columns": due_columns(), "feeds": feeds,
                                             "horizon": facts.agenda.horizon, "jsonld": dataset_jsonld(content)}),
        Page(routes.ABOUT, "about.md.j2", source=routes.SITE_FILE),
        Page(routes.ACCESSIBILITY, "accessibility.md.j2", source=routes.SITE_FILE),
        Page(routes.SITEMAP, "sitemap.md.j2", {"plans": plans, "units": units_by_name(content.units)}),
        Page(routes.SEARCH, "search.md.j2"),
    )
    plan_pages = tuple(Page(routes.plan_page(p.id), "plan.md.j2",
                            {"plan": p, "items": {i.anchor: i for i in facts.items[p.id]},
                             "feed": feed.get(("plan", p.id))}, routes.plan_file(p.id)) for p in content.plans)
    unit_pages = tuple(Page(routes.unit_page(u.id), "unit.md.j2",
                            {"unit": u, "work": work.get(u.id, ()), "feed": feed.get(("unit", u.id)),
                             "children": units_by_name(c for c in content.units if c.parent == u.id),
                             "members": units_by_name(by_id[m] for m in u.members),
                             "groups": units_by_name(by_id[g] for g in groups.get(u.id, ()))}, routes.UNITS_FILE)
                       for u in content.units)
    return dated(content, years + areas + fixed + plan_pages + unit_pages)


def dated(content: Content, pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """Each page with the last day its content changed (`lastmod`, for sitemap.xml): a plan page its plan's,
    every other page the newest of all plans'."""
    newest = newest_change(content.plans)
    plans = {routes.plan_page(p.id): p for p in content.plans}
    return tuple(replace(page, variables={**page.variables,
                                          "lastmod": changed_on(plans[page.path]) if page.path in plans else newest})
                 for page in pages)


def page_variables(content: Content, page: Page, calendars: tuple[FeedLink, ...] = ()) -> dict[str, Any]:
    """What a page's template is given: its variables, where it is, its edit link, and (for a page that
    shows them) the calendars as written."""
    extra = {"calendars": calendars} if page.shows_calendars else {}
    return {**page.variables, **extra, "page_path": page.path, "edit": edit_link(content.site, page.source)}
