"""The Jinja2 environment of the page templates (theme/pages/): filters, the functions templates may
call, and the scope every page shares (site, units, glossary, build day).

Templates read only their page's variables, the scope and pure functions of those; a template module
imported without context (`{% import "_rows.j2" as rows %}`) sees no page at all, so links inside
it are made relative to the page it is given (`here`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator import routes
from generator.facts.agenda import UPCOMING_DAYS, Occurrence, next_due
from generator.facts.items import Item
from generator.facts.names import ROLE_NAMES, document_name, item_label, number_label, section_label
from generator.facts.notes import notes_at, transcription_notes
from generator.facts.order import revisions_newest_first
from generator.facts.plans import last_updated, uncertain_notes
from generator.facts.summary import every_deadline, plan_summary, upcoming_deadlines
from generator.facts.tables import appendix_anchor, section_anchor, task_table
from generator.facts.work import coming_and_past, undated, unit_dues
from generator.outputs import filters
from generator.resources import PAGE_TEMPLATES
from generator.source.model import AREA_NAMES, DOCUMENT_TYPE_NAMES, Content, Site, Unit
from generator.source.text import slugify
from generator.source.workdays import day_off_note, weekday_name


@dataclass(frozen=True)
class Scope:
    """What every page of a build shares; a page's output depends on it and on the page's variables."""

    site: Site
    units: tuple[Unit, ...]
    glossary: tuple[tuple[str, str], ...]  # (abbreviation, expansion)
    today: date

    @classmethod
    def of(cls, content: Content, today: date) -> Scope:
        """The scope of a build of `content` on `today`."""
        return cls(content.site, content.units, tuple((t.abbr, t.expansion) for t in content.glossary), today)


def rel(target: str, here: str, anchor: str = "") -> Markup:
    """A Markdown link target from the page `here` to the docs path `target` (MkDocs makes `.md` `.html`)."""
    return Markup(routes.relative(target, here) + (f"#{anchor}" if anchor else ""))


def rel_html(target: str, here: str, anchor: str = "") -> Markup:
    """A link target written as HTML (MkDocs rewrites none): the published file, relative to `here`."""
    return rel(routes.published(target), here, anchor)


@pass_context
def href(context: Context, target: str, anchor: str = "") -> Markup:
    """`rel` from the page being rendered."""
    return rel(target, context["page_path"], anchor) if target else Markup(f"#{anchor}")


@pass_context
def html_text(context: Context, text: Any) -> Markup:
    """Content text inside an HTML block: escaped, one line, glossary abbreviations marked."""
    abbreviations: filters.Abbreviations = context["abbreviations"]
    return abbreviations(text)


def feedback_link(site: Site, plan: Any) -> str | None:
    """The "Góp ý, báo lỗi bản chép" address of a plan page: site.yaml's `feedback`; until it is set, the agency's
    e-mail, else its portal (whose own contact page a reader can find)."""
    address = site.feedback or site.email
    if address is None:
        return site.portal_url
    return routes.feedback_url(address, f"Góp ý bản chép: {document_name(plan.document)}")


def feedback_address(site: Site) -> str:
    """The site's feedback address as a link: mailto: for an e-mail address."""
    return routes.feedback_url(site.feedback or "", "Góp ý về trang kế hoạch cải cách hành chính")


def deadline_data(occurrences: Iterable[Occurrence]) -> str:
    """Due dates as a page carries them for the browser to pick those still to come: JSON rows of
    [date, day-off note, label, anchor, title]."""
    rows = [[o.due.stated.isoformat(), day_off_note(o.due) if o.due.off else "", item_label(o.item.kind, o.item.number),
             o.item.anchor, _shortened(o.item.title)] for o in occurrences]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def due_dates_data(item: Item) -> str:
    """An item's due dates as a page carries them for the browser to pick the next: JSON [date, day-off note]."""
    return json.dumps([[d.stated.isoformat(), day_off_note(d) if d.off else ""] for d in item.dues],
                      ensure_ascii=False, separators=(",", ":"))


def _shortened(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def plan_name(plan: Any) -> str:
    """`Kế hoạch số 330/KH-BQL` for a plan or a reference to one (see names.document_name)."""
    return document_name(plan.document)


def environment(scope: Scope, folder: Path = PAGE_TEMPLATES,
                environment_class: type[Environment] = Environment) -> Environment:
    """A Jinja2 environment of the page templates with the filters and functions they may use and the
    build's `scope`."""
    env = environment_class(loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=True,
                            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                            comment_start_string="{##", comment_end_string="##}",  # `{#id}` is attr_list
                            finalize=filters.finalize)
    env.filters.update(md=filters.escape_md, md_block=filters.escape_md_block, h=html_text, attr=filters.attribute,
                       link_title=filters.link_title, code=filters.code_span, yaml=filters.yaml_string,
                       oneline=filters.oneline, footnote_links=filters.footnote_links, vn_date=filters.vn_date,
                       long_date=filters.long_date,
                       weekday=weekday_name, slug=slugify)
    units = {u.id: u for u in scope.units}
    env.globals.update(
        # the build's shared facts
        site=scope.site, today=scope.today, find_unit=units.__getitem__,
        abbreviations=filters.Abbreviations(dict(scope.glossary)),
        # where things are
        routes=routes, rel=rel, rel_html=rel_html, href=href, section_anchor=section_anchor,
        appendix_anchor=appendix_anchor,
        # pure functions of what a page is given
        heading_marks=filters.heading_marks, day_off_note=day_off_note, document_name=plan_name,
        item_label=item_label, next_due=next_due, task_table_of=task_table, last_updated=last_updated,
        revisions_newest_first=revisions_newest_first, uncertain_notes=uncertain_notes, unit_dues=unit_dues,
        coming_and_past=coming_and_past, undated=undated, plan_summary=plan_summary,
        transcription_notes=transcription_notes, notes_at=notes_at, upcoming_deadlines=upcoming_deadlines,
        every_deadline=every_deadline, deadline_data=deadline_data, number_label=number_label,
        section_label=section_label,
        feedback_address=feedback_address, due_dates_data=due_dates_data, feedback_link=feedback_link,
        # names
        AREA_NAMES=AREA_NAMES, DOCUMENT_TYPE_NAMES=DOCUMENT_TYPE_NAMES, ROLE_NAMES=ROLE_NAMES,
        UPCOMING_DAYS=UPCOMING_DAYS)
    return env


def template_stamp(folder: Path = PAGE_TEMPLATES) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every page template (a change re-renders every page)."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file())
