"""Render the Markdown pages of the site from the Jinja2 templates in theme/pages/."""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Macro
from markupsafe import Markup

from generator.engine.files import write_text_if_changed
from generator.engine.memo import NO_MEMO, Memo
from generator.facts import names, views
from generator.outputs.calendars import Window
from generator.outputs.htmltext import Abbreviations, attribute, inert_text
from generator.resources import PAGE_TEMPLATES
from generator.source.model import (
    AREA_NAMES,
    DOCUMENT_TYPE_NAMES,
    Content,
    PartialDate,
    Plan,
)
from generator.source.text import slugify
from generator.source.workdays import day_off_note, weekday_name

TEMPLATES = PAGE_TEMPLATES
# Where the content files live in the repository (the edit links open them there).
CONTENT_ROOT = "content"
SITE_FILE = f"{CONTENT_ROOT}/site.yaml"
UNITS_FILE = f"{CONTENT_ROOT}/units.yaml"
GLOSSARY_FILE = f"{CONTENT_ROOT}/glossary.yaml"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")  # for link titles, where Markdown reads backslash escapes
# A paragraph that starts with one of these would become a list or a numbered list.
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))")
# YAML front matter: characters that YAML reads as line breaks, and those a raw-HTML reader of the
# Markdown file could take for markup, are written as \u escapes (JSON and YAML share them).
_FRONT_MATTER_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u0085\u2028\u2029"}


# --- filters ---------------------------------------------------------------------

def escape_md(text: Any) -> Markup:
    """Content text made inert in Markdown and HTML, on one line (safe in a table cell)."""
    return Markup(re.sub(r"\s*\r?\n\s*", "<br>", inert_text(text).strip()))


def escape_md_block(text: Any) -> Markup:
    """A paragraph of content text: escaped, and never read as a list, heading, admonition or code block."""
    text = str(escape_md(text))
    match = _BLOCK_START.match(text)
    if match:  # "- Nâng cao …" and "1. …" are the document's own wording, not Markdown lists
        marker = match.group(2)
        rest = text[match.end(1):]
        if marker.isdigit():  # "1." stays "1.", with the dot as a reference
            return Markup(marker + f"&#{ord(rest[len(marker)])};" + rest[len(marker) + 1:])
        return Markup(f"&#{ord(marker)};" + rest[1:])
    return Markup(text)


def finalize(value: Any) -> Any:
    """What `{{ value }}` prints in a page template: trusted markup as it is, anything else as inert
    Markdown text, so a value printed without a filter can never become a link, a list or HTML."""
    if isinstance(value, Markup) or value is None:
        return value
    return escape_md(value)


def attribute_text(value: Any) -> Markup:
    """Content text for a double-quoted HTML attribute (in an HTML block, which Markdown leaves alone)."""
    return attribute(value)


def link_title(value: Any) -> Markup:
    """Content text for the double-quoted title of a Markdown link: on one line, inert, and neither
    quote can end it (Python-Markdown also reads a title as single-quoted)."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return Markup(html.escape(text, quote=True))


def yaml_string(value: Any) -> Markup:
    """A YAML scalar (JSON string syntax) for front matter, on one line and free of markup characters."""
    return Markup(json.dumps(str(value), ensure_ascii=False).translate(_FRONT_MATTER_ESCAPES))


def code_span(value: Any) -> Markup:
    """Text shown as typed, in a Markdown code span (Markdown escapes its HTML characters itself)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def heading_marks(level: int) -> Markup:
    """The `###` that opens a Markdown heading of this level."""
    return Markup("#" * level)


def oneline(text: Any) -> Markup:
    """Rendered macro output joined onto one line, for a table cell."""
    return Markup(re.sub(r"\s*\n\s*", " ", str(text)).strip())


def vn_date(day: date | PartialDate) -> str:
    """`24/01/2024`; a partial date keeps its unknown parts as `…`."""
    if isinstance(day, PartialDate):
        return "/".join([f"{day.day:02d}" if day.day else "…", f"{day.month:02d}" if day.month else "…",
                         str(day.year)])
    return f"{day:%d/%m/%Y}"


def long_date(day: PartialDate) -> str:
    """`ngày 24 tháng 01 năm 2024`, with `…` for what the scan does not show."""
    dd = f"{day.day:02d}" if day.day else "…"
    mm = f"{day.month:02d}" if day.month else "…"
    return f"ngày {dd} tháng {mm} năm {day.year}"


@pass_context
def href(context, target: str, anchor: str = "") -> Markup:
    """A link from the page being rendered to `target` (a docs path such as `ke-hoach/x.md`)."""
    path = _relative(target, context["page_path"]) if target else ""
    return Markup(path + (f"#{anchor}" if anchor else ""))


@pass_context
def html_href(context, target: str, anchor: str = "") -> Markup:
    """`href` for a link written as HTML (MkDocs does not rewrite those): the built page's address."""
    return href(context, target[:-3] + ".html" if target.endswith(".md") else target, anchor)


@pass_context
def html_text(context, text: Any) -> Markup:
    """Content text inside an HTML block: escaped, one line, glossary abbreviations marked."""
    return context["abbreviations"](text)


def _call(source: object, extra: Hashable, macro: Macro, *args) -> Markup:
    """`reuse` of a normal build: nothing is kept, so the macro is simply called."""
    return macro(*args)


def _call_rows(macro: Macro, rows: Iterable, source: str | None = None, extra: str | None = None) -> Markup:
    """`reuse_rows` of a normal build: the macro of each row, one per line."""
    return Markup("\n".join(macro(row) for row in rows))


def _reuse(memo: Memo) -> tuple[Callable, Callable]:
    """The `reuse` and `reuse_rows` globals of the page templates."""
    if memo is NO_MEMO:
        return _call, _call_rows

    @pass_context
    def reuse(context, source: object, extra: Hashable, macro: Macro, *args) -> Markup:
        """`macro(*args)`: a row or block built from `source` (a plan, an item, a unit's work); the
        preview reuses it while `source` is the same object and `extra` and the page's folder equal."""
        folder = context["page_path"].rpartition("/")[0]
        return memo.of((macro.name, folder, extra), source, lambda: macro(*args))

    @pass_context
    def reuse_rows(context, macro: Macro, rows: Iterable, source: str | None = None,
                   extra: str | None = None) -> Markup:
        """`macro(row)` of each row, one per line, each reused as `reuse` would with the row's attributes
        `source` (None: the row itself) and `extra` (one call from the template instead of one per row)."""
        folder, of = context["page_path"].rpartition("/")[0], memo.of
        return Markup("\n".join(
            of((macro.name, folder, getattr(row, extra) if extra else None), getattr(row, source) if source else row,
               lambda row=row: macro(row))
            for row in rows))
    return reuse, reuse_rows


def _relative(target: str, page_path: str) -> str:
    """`target` relative to the folder of `page_path` (both docs paths)."""
    return _relative_to_folder(target, page_path.rpartition("/")[0])


@lru_cache(maxsize=1 << 16)  # pages of one folder link the same plans and units over and over
def _relative_to_folder(target: str, folder: str) -> str:
    here = folder.split("/") if folder else []
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


# --- pages -----------------------------------------------------------------------

SUBSCRIBE_PAGE = "lich/dang-ky.md"


@dataclass(frozen=True)
class Page:
    """One Markdown file to write: its docs path, template, variables and the content file that feeds it."""

    path: str
    template: str
    variables: dict = field(default_factory=dict)
    source: str | None = None  # repository path of the YAML behind the page ("Sửa trang này"); None: several
    # What the page shows beyond the build's scope (site, units, glossary, day): with the same inputs
    # a preview does not render it again. None: rendered every build (pages that summarise everything;
    # every page of a full build, which keeps nothing between builds).
    inputs: object = None


@dataclass(frozen=True)
class FeedLink:
    """A calendar feed as the pages show it (from generator.outputs.calendars.feed_catalog), with its subscribe URLs;
    once it is written, also the events its file holds and its window when it was cut to 1 MB."""

    path: str
    title: str
    kind: str
    key: str
    base_url: str
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
        """Outlook on the web's subscribe link."""
        return Markup("https://outlook.office.com/calendar/0/addfromweb?url=" + quote(self.https, safe="")
                      + "&name=" + quote(self.title, safe=""))


def page_list(content: Content, shared: dict, memo: Memo = NO_MEMO) -> tuple[Page, ...]:
    """Every page of the site, in a fixed order, with the inputs of each plan, unit, area and year page.

    The longest pages (deadlines by year, areas) come first: two processes that share the list out
    as they go (build.SharedWalk) then end on short pages, together."""
    fixed = (Page("index.md", "home.md.j2"), Page("ke-hoach/index.md", "plans.md.j2"),
             Page("don-vi/index.md", "units.md.j2", source=UNITS_FILE), Page("lich/index.md", "deadlines.md.j2"),
             Page(SUBSCRIBE_PAGE, "subscribe.md.j2"), Page("linh-vuc/index.md", "areas.md.j2"),
             Page("chu-viet-tat.md", "glossary.md.j2", source=GLOSSARY_FILE),
             Page("du-lieu/index.md", "opendata.md.j2"),
             Page("gioi-thieu.md", "about.md.j2", source=SITE_FILE), Page("so-do-trang.md", "sitemap.md.j2"),
             Page("tim-kiem.md", "search.md.j2"))
    feed, work_of = shared["feed"], shared["work_of"]
    keyed = memo.keeps  # a full build keeps no inputs: a unit page's would be 30 MB per 1,000 plans
    plans = tuple(Page(f"ke-hoach/{p.id}.md", "plan.md.j2", {"plan": p}, f"{CONTENT_ROOT}/plans/{p.id}.yaml",
                       (p, feed("plan", p.id)) if keyed else None) for p in content.plans)
    units = tuple(Page(f"don-vi/{u.id}.md", "unit.md.j2", {"unit": u}, UNITS_FILE,
                       (u, tuple(w.shown for w in work_of(u.id)), feed("unit", u.id)) if keyed else None)
                  for u in content.units)
    areas = tuple(Page(f"linh-vuc/{a}.md", "area.md.j2", {"area": a},
                       inputs=(a, shared["tasks_in"](a), shared["sections_in"](a)) if keyed else None)
                  for a in AREA_NAMES)
    deadlines = tuple(Page(y.path, "deadlines-year.md.j2", {"year": y}, inputs=y if keyed else None)
                      for y in shared["years"])
    return deadlines + areas + fixed + plans + units


def template_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every page template: a preview re-renders all when it changes."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(TEMPLATES.iterdir()) if p.is_file())


@lru_cache(maxsize=1)  # kept by the preview between builds; Jinja reloads a template whose file changed
def environment() -> Environment:
    """The Jinja2 environment of the page templates."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      comment_start_string="{##", comment_end_string="##}",  # `{#id}` is attr_list
                      finalize=finalize)
    env.filters.update(md=escape_md, md_block=escape_md_block, h=html_text, attr=attribute_text, link_title=link_title,
                       code=code_span,
                       yaml=yaml_string, oneline=oneline,
                       vn_date=vn_date, long_date=long_date, weekday=weekday_name, slug=slugify)
    env.globals.update(href=href, html_href=html_href, heading_marks=heading_marks, day_off_note=day_off_note,
                       AREA_NAMES=AREA_NAMES,
                       DOCUMENT_TYPE_NAMES=DOCUMENT_TYPE_NAMES, ROLE_NAMES=views.ROLE_NAMES, views=views,
                       document_name=document_name)
    return env


def _globals(content: Content, today: date, feeds: tuple[FeedLink, ...], memo: Memo) -> dict:
    agenda = views.make_agenda(content, today, memo)
    feed_index = {(f.kind, f.key): f for f in feeds}
    work = views.work_by_unit(content, agenda, memo)
    units = {u.id: u for u in content.units}
    area_tasks, area_sections = views.tasks_by_area(content, agenda, memo), views.sections_by_area(content)
    reuse, reuse_rows = _reuse(memo)
    return {"content": content, "site": content.site, "today": today,
            "abbreviations": Abbreviations({t.abbr: t.expansion for t in content.glossary}),
            "agenda": agenda, "feeds": feeds,
            "years": views.by_year(agenda.occurrences),
            "feed": lambda kind, key: feed_index.get((kind, key)), "find_unit": units.__getitem__,
            "work_of": lambda unit_id: work.get(unit_id, ()),
            "tasks_in": lambda area: area_tasks.get(area, ()), "reuse": reuse, "reuse_rows": reuse_rows,
            "sections_in": lambda area: area_sections.get(area, ()),
            "plan_by_id": {p.id: p for p in content.plans}.__getitem__}


def render_pages(content: Content, docs_dir: Path, today: date, feeds: tuple[FeedLink, ...] = (),
                 memo: Memo = NO_MEMO, only: Callable[[str], bool] | None = None,
                 calendars: tuple[FeedLink, ...] | None = None) -> tuple[Path, ...]:
    """Write every page (or those whose docs path `only` accepts) as Markdown under `docs_dir`; returns
    the files written (or kept: same inputs).

    The subscribe page is written only by the call given the `calendars` as written (their event
    counts and windows), whatever `only` says."""
    env = environment()
    shared = _globals(content, today, feeds, memo)
    written = []
    for page in page_list(content, shared, memo):
        if page.path == SUBSCRIBE_PAGE:
            if calendars is None:
                continue
            page = Page(page.path, page.template, {"calendars": calendars})
        elif only is not None and not only(page.path):
            continue
        target = docs_dir / page.path
        written.append(target)
        if page.inputs is not None and memo.up_to_date(page.path, page.inputs):
            continue
        text = env.get_template(page.template).render(shared, page_path=page.path,
                                                      edit=views.edit_link(content.site, page.source), **page.variables)
        write_text_if_changed(target, text)
        if page.inputs is not None:
            memo.written(page.path, page.inputs)
    return tuple(written)


def document_name(plan: Plan) -> str:
    """`Kế hoạch số 330/KH-BQL` (see names.document_name)."""
    return names.document_name(plan.document)
