"""The generator's engine: content → facts → pages, calendars, data and news feeds under the docs folder.

What each output shows is said in generator.facts and generator.outputs; this module decides only how
much of it to compute. A full build computes everything (where it can, in two processes: see
engine.parallel). A preview Session keeps results between builds in its Memo: each plan's facts,
events and data while the reader hands back the same Plan object, and each output whose declared
inputs (a page's template and variables, a calendar's events, a data file's parts) equal the previous
build's is not written again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from generator import routes
from generator.engine.files import remove_others, write_if_changed, write_pieces_if_changed, write_text_if_changed
from generator.engine.folders import DOCS_MARK, mark_as_built
from generator.engine.heap import release_free_memory
from generator.engine.memo import NO_MEMO, Memo
from generator.engine.parallel import SharedWalk, beside, can_fork
from generator.engine.rows import RowEnvironment
from generator.facts.items import listing_horizon, work_calendar
from generator.facts.names import document_name
from generator.facts.order import units_by_name
from generator.facts.site import SiteFacts, plan_facts, site_facts
from generator.outputs.calendar_history import STATE_FILE, EventStamp, FeedState
from generator.outputs.calendars import (
    EventBlock,
    WrittenFeed,
    event_blocks,
    feed_bytes,
    feed_catalog,
    feed_set,
    plan_events,
    remove_stale_feeds,
)
from generator.outputs.newsfeeds import write_news_feeds
from generator.outputs.opendata import data_files, plan_data
from generator.outputs.pages import FeedLink, Page, catalog, page_variables
from generator.outputs.templates import Scope, environment, template_stamp
from generator.source.model import Content
from generator.source.reader import PlanCache
from generator.website.plugin import HezaPlugin


@dataclass
class Session:
    """What the builds of one preview keep between them: the plans read and the results computed."""

    plans: PlanCache = field(default_factory=PlanCache)
    memo: Memo = field(default_factory=Memo)
    theme: object = None  # the Material overrides and mkdocs.yml as last built (see website.run.theme_stamp)
    website: HezaPlugin = field(default_factory=HezaPlugin)  # its search sections and index, kept between builds
    templates: tuple[object, RowEnvironment] | None = None  # (scope and template stamp, environment)
    history: tuple[object, dict[str, EventStamp]] | None = None  # (file stamp, entries) of the calendar history

    def calendar_history(self, content_dir: Path, today: date) -> FeedState:
        """The calendar history as a preview uses it (never saved), read again only when its file changed."""
        path = content_dir / STATE_FILE
        try:
            stat = path.stat()
            stamp: object = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        if self.history is None or self.history[0] != stamp:
            self.history = (stamp, FeedState.for_content(content_dir).entries)
        return FeedState(self.history[1], day=today)

    def environment(self, key: object, scope: Scope) -> RowEnvironment:
        """The template environment of this scope, kept while neither it nor a template changes."""
        if self.templates is None or self.templates[0] != key:
            self.templates = (key, _environment(scope, self.memo))
        return self.templates[1]


@dataclass(frozen=True)
class Generated:
    """The generated docs of one build: every file, and how many pages and feeds."""

    files: tuple[Path, ...]
    pages: int
    feeds: int
    history: str | None = None  # the calendar history's new text when an event changed (saved after MkDocs)


def _environment(scope: Scope, memo: Memo) -> RowEnvironment:
    env = environment(scope, environment_class=RowEnvironment)
    assert isinstance(env, RowEnvironment)
    env.memo = memo
    return env


def feed_links(content: Content) -> tuple[FeedLink, ...]:
    """Every calendar as the pages link it (before it is written)."""
    plans = {p.id: p for p in content.plans}
    units = {u.id: u for u in content.units}
    links = []
    for info in feed_catalog(content):
        page, label = None, ""
        if info.kind == "plan":
            page, label = routes.plan_page(info.key), document_name(plans[info.key].document)
        elif info.kind == "unit":
            page, label = routes.unit_page(info.key), units[info.key].name
        links.append(FeedLink(info.path, info.title, info.kind, info.key, content.site.base_url, page, label))
    by_name = {u.id: n for n, u in enumerate(units_by_name(content.units))}  # units as every list orders them
    return tuple(sorted(links, key=lambda f: (f.kind != "all", f.kind == "plan",
                                              by_name[f.key] if f.kind == "unit" else 0)))


def written_links(links: tuple[FeedLink, ...], written: tuple[WrittenFeed, ...]) -> tuple[FeedLink, ...]:
    """The calendars as written: each link with the events its file holds and its window."""
    held = {w.info.path: w for w in written}
    return tuple(FeedLink(f.path, f.title, f.kind, f.key, f.base_url, f.page, f.label,
                          held[f.path].event_count, held[f.path].window) for f in links)


class _Generation:
    """One build's outputs from its content, facts and memo."""

    def __init__(self, content: Content, docs_dir: Path, state: FeedState, memo: Memo,
                 env: RowEnvironment) -> None:
        self.content, self.docs_dir, self.state, self.memo, self.env = content, docs_dir, state, memo, env
        self.today = state.day()
        calendar, horizon = work_calendar(content), listing_horizon(self.today)
        per_plan = {p.id: memo.per_object("facts", p, partial(plan_facts, p, calendar, horizon))
                    for p in content.plans}
        self.facts: SiteFacts = site_facts(content, self.today, horizon, per_plan)
        self.links = feed_links(content)
        self.pages = catalog(content, self.facts, self.links)

    def calendars(self) -> tuple[FeedLink, ...]:
        """Write every calendar under lich/ (stale ones removed); returns them as written. Each plan's events and
        their VEVENTs (one fold per event, one SUMMARY line per title it has in some feed) are kept per plan
        object; a feed is written again when its inputs changed (its catalog entry, which names its audience,
        its description and its events)."""
        content, memo, state = self.content, self.memo, self.state
        events = {p.id: memo.per_object("events", p, partial(plan_events, content, self.facts.items[p.id]))
                  for p in content.plans}
        blocks: dict[str, EventBlock] = {}
        for p in content.plans:
            blocks.update(memo.per_object("vevents", p, partial(event_blocks, content, events[p.id].events, state)))
        written = []
        for feed in feed_set(content, self.today, events):
            inputs = (feed.info, feed.description, feed.parts)
            if memo.fresh(feed.info.path, inputs):
                written.append(memo.result(feed.info.path))
                continue
            data, holds = feed_bytes(content, feed, blocks, self.today)
            write_if_changed(self.docs_dir / feed.info.path, data)
            memo.record(feed.info.path, inputs, holds)
            written.append(holds)
        remove_stale_feeds(self.docs_dir, {self.docs_dir / w.info.path for w in written})
        return written_links(self.links, tuple(written))

    def data(self) -> tuple[Path, ...]:
        """Write the open data files and the news feeds."""
        content, memo = self.content, self.memo
        shares = {p.id: memo.per_object("data", p, partial(plan_data, content, p, self.facts.items[p.id]))
                  for p in content.plans}
        files = []
        for data_file in data_files(content, shares):
            files.append(self.docs_dir / data_file.path)
            if not memo.fresh(data_file.path, data_file.parts):
                write_pieces_if_changed(self.docs_dir / data_file.path, data_file.pieces)
                memo.record(data_file.path, data_file.parts)
        return tuple(files) + write_news_feeds(content, self.docs_dir)

    def history(self) -> str | None:
        """The calendar history's new text when writing the calendars changed it."""
        return self.state.text() if self.state.changed else None

    def render(self, take: Callable[[str], bool] = lambda path: True,
               calendars: tuple[FeedLink, ...] | None = None) -> tuple[Path, ...]:
        """Write the pages `take` accepts; a page that shows the calendars only when given them (and then
        whatever `take` says). Returns the pages written or unchanged."""
        written = []
        for page in self.pages:
            if page.shows_calendars:
                if calendars is None:
                    continue
            elif not take(page.path):
                continue
            written.append(self.docs_dir / page.path)
            self._render(page, calendars or ())
        return tuple(written)

    def _render(self, page: Page, calendars: tuple[FeedLink, ...]) -> None:
        inputs = (page.template, page.variables, page.source, calendars if page.shows_calendars else None)
        if self.memo.fresh(page.path, inputs):
            return
        text = self.env.get_template(page.template).render(page_variables(self.content, page, calendars))
        write_text_if_changed(self.docs_dir / page.path, text)
        self.memo.record(page.path, inputs)


def generate(content: Content, docs_dir: Path, state: FeedState, session: Session | None = None) -> Generated:
    """Content → Markdown pages, calendars, open data and news feeds under docs_dir (stale files removed).

    With a `session`, what was computed from unchanged plans in its previous build is reused. Without
    one (a full build), where the system can fork, a second process writes the calendars and data
    files while this one renders pages, then both render the pages left.
    """
    memo = session.memo if session else NO_MEMO
    docs_dir.mkdir(parents=True, exist_ok=True)
    scope = Scope.of(content, state.day())
    key = (scope, content.day_swaps, docs_dir.resolve(), state.entries, template_stamp())
    memo.start(key)
    try:
        env = session.environment(key, scope) if session else _environment(scope, NO_MEMO)
        run = _Generation(content, docs_dir, state, memo, env)
        if session is None and can_fork():
            files, history = _in_two_processes(run)
        else:
            calendars = run.calendars()
            files = tuple(docs_dir / c.path for c in calendars) + run.data() + run.render(calendars=calendars)
            history = run.history()
        remove_others(docs_dir, set(files) | {docs_dir / DOCS_MARK})
        mark_as_built(docs_dir, DOCS_MARK)
    except BaseException:
        memo.forget()  # some files may be half-updated: the next build starts afresh
        raise
    memo.finish()
    return Generated(files, len(run.pages), len(run.links), history)


def _in_two_processes(run: _Generation) -> tuple[tuple[Path, ...], str | None]:
    """The calendars and data in a second process, the pages shared out between both as they go; the
    files written and the calendar history as the second process left it."""
    walk = SharedWalk()

    def second() -> tuple[tuple[Path, ...], str | None]:
        calendars = run.calendars()
        release_free_memory()
        data = run.data()
        release_free_memory()
        pages = run.render(walk, calendars)
        return tuple(run.docs_dir / c.path for c in calendars) + data + pages, run.history()

    with beside(second) as second_done:
        pages = run.render(walk)
    files, history = second_done()
    return files + pages, history
