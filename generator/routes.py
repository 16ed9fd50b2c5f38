"""Every public path of the site, spelled once: pages, calendars, data files, anchors and edit links.

Paths are docs paths (the Markdown or file MkDocs publishes, relative to the site root); `page_url`
gives the address a page is published at. Templates reach these through the `routes` global.
"""
from __future__ import annotations

from urllib.parse import quote

from generator.source.text import slugify

# --- pages ---------------------------------------------------------------------------

HOME = "index.md"
PLANS = "ke-hoach/index.md"
UNITS = "don-vi/index.md"
DEADLINES = "lich/index.md"
SUBSCRIBE = "lich/dang-ky.md"
AREAS = "linh-vuc/index.md"
GLOSSARY = "chu-viet-tat.md"
DATA = "du-lieu/index.md"
ABOUT = "gioi-thieu.md"
ACCESSIBILITY = "kha-nang-tiep-can.md"
SITEMAP = "so-do-trang.md"
SEARCH = "tim-kiem.md"
RESERVED_ID = "index"  # a plan or unit with this id would be written over the list page of its folder


# The pages outside the navigation lead back through these (name as their heading says it, docs path).
_TRAILS = {"ke-hoach/": (("Trang chủ", HOME), ("Các kế hoạch", PLANS)),
           "don-vi/": (("Trang chủ", HOME), ("Đơn vị", UNITS)),
           "lich/": (("Trang chủ", HOME), ("Lịch thời hạn", DEADLINES)),
           "": (("Trang chủ", HOME),)}
_IN_NAVIGATION = frozenset({HOME, PLANS, UNITS, DEADLINES, SUBSCRIBE, AREAS, GLOSSARY, DATA, ABOUT, ACCESSIBILITY,
                            SITEMAP})


def breadcrumbs(path: str) -> tuple[tuple[str, str], ...]:
    """The pages above a page outside the navigation (plans, units, years, search): (name, docs path);
    none for a page of the navigation, whose menu already says where it is."""
    if path in _IN_NAVIGATION or path.startswith("linh-vuc/") or path.startswith("404"):
        return ()
    folder = path.rpartition("/")[0] + "/" if "/" in path else ""
    return _TRAILS.get(folder, ())


def plan_page(plan_id: str) -> str:
    """`ke-hoach/<plan-id>.md`."""
    return f"ke-hoach/{plan_id}.md"


def unit_page(unit_id: str) -> str:
    """`don-vi/<unit-id>.md`."""
    return f"don-vi/{unit_id}.md"


def area_page(area: str) -> str:
    """`linh-vuc/<area>.md`."""
    return f"linh-vuc/{area}.md"


def year_page(year: int) -> str:
    """`lich/<year>.md`: the deadlines of one year."""
    return f"lich/{year}.md"


def published(path: str) -> str:
    """The file MkDocs writes for a docs path: a page's `.md` becomes `.html`, other files stay."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def page_url(base_url: str, path: str, anchor: str = "") -> str:
    """The public address of a docs path (and an anchor on it) under the site's base URL."""
    return base_url + quote(published(path)) + (f"#{anchor}" if anchor else "")


def relative(target: str, here: str) -> str:
    """`target` relative to the folder of the page `here` (both docs paths)."""
    folder = here.rpartition("/")[0]
    return _relative_to_folder(target, folder)


def _relative_to_folder(target: str, folder: str) -> str:
    here = folder.split("/") if folder else []
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


# --- calendars, data, feeds ----------------------------------------------------------

FEEDS_DIR = "lich"
ALL_FEED = f"{FEEDS_DIR}/tat-ca.ics"
DATA_DIR = "du-lieu"
PLANS_JSON = f"{DATA_DIR}/ke-hoach.json"
PLANS_SCHEMA = f"{DATA_DIR}/ke-hoach.schema.json"
TASKS_CSV = f"{DATA_DIR}/nhiem-vu.csv"
DUES_CSV = f"{DATA_DIR}/han.csv"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"  # Frictionless Data Package describing every file above
RSS = "rss.xml"
ATOM = "atom.xml"
SEARCH_DIR = "search"


def unit_feed(unit_id: str) -> str:
    """`lich/don-vi/<unit-id>.ics`."""
    return f"{FEEDS_DIR}/don-vi/{unit_id}.ics"


def plan_feed(plan_id: str) -> str:
    """`lich/ke-hoach/<plan-id>.ics`."""
    return f"{FEEDS_DIR}/ke-hoach/{plan_id}.ics"


def plan_json(plan_id: str) -> str:
    """`du-lieu/ke-hoach/<plan-id>.json`."""
    return f"{DATA_DIR}/ke-hoach/{plan_id}.json"


# --- anchors on a plan page ------------------------------------------------------------

def task_anchor(number: str | None, section_number: str | None, position: int) -> str:
    """`nv-1a` from a printed task number (an unread digit "?" as x: `2?` → `nv-2x`, never task 2's); an
    unnumbered task by its section and place (`nv-muc-iii-1`)."""
    if number is not None and slugify(number.replace("?", "x")):
        return "nv-" + slugify(number.replace("?", "x"))
    return f"nv-muc-{slugify(section_number or '') or 'x'}-{position}"


def report_anchor(report_id: str) -> str:
    """`bc-<report-id>`."""
    return "bc-" + report_id


def section_anchor(section_number: str | None, section_title: str, appendix: str | None = None) -> str:
    """`muc-ii-1`; a section of an appendix's task table under its appendix (`phu-luc-1-muc-i`)."""
    own = "muc-" + slugify(section_number or section_title)
    return f"{appendix}-{own}" if appendix else own


def appendix_anchor(number: str | None, position: int) -> str:
    """`phu-luc-01`, or by its place when the appendix has no number (`phu-luc-1`)."""
    return "phu-luc-" + slugify(number or str(position))


# A row of a plan page that search shows as a result of its own (a task): its anchor and its title.
SEARCH_ROW_ANCHOR = "data-heza-tim"
SEARCH_ROW_TITLE = "data-heza-ten"


def note_anchor(number: int) -> str:
    """`ghi-chu-3`: the third note on the transcription, in the block at the end of a plan page."""
    return f"ghi-chu-{number}"


def footnote_anchor(mark: str) -> str:
    """`chu-thich-1`: a footnote of the document, in the list of footnotes at the end of a plan page."""
    return "chu-thich-" + "".join(c if c.isalnum() else "-" for c in mark.casefold())


def month_anchor(year: int, month: int) -> str:
    """`thang-2024-06` on a year page."""
    return f"thang-{year}-{month:02d}"


def feedback_url(feedback: str, subject: str) -> str:
    """Where a reader reports an error: a mail to the address with `subject`, or the form's address."""
    if "@" in feedback and "/" not in feedback:
        return f"mailto:{feedback}?subject={quote(subject)}"
    return feedback


# --- the content files behind pages ("Sửa trang này") ---------------------------------

CONTENT_ROOT = "content"
SITE_FILE = f"{CONTENT_ROOT}/site.yaml"
UNITS_FILE = f"{CONTENT_ROOT}/units.yaml"
GLOSSARY_FILE = f"{CONTENT_ROOT}/glossary.yaml"
EDIT_BRANCH = "main"


def plan_file(plan_id: str) -> str:
    """The repository path of a plan's YAML file."""
    return f"{CONTENT_ROOT}/plans/{plan_id}.yaml"


def edit_url(repository_url: str, source: str) -> str:
    """`<repository_url>/edit/main/<source>`: the repository's editor for a content file."""
    return f"{repository_url.rstrip('/')}/edit/{EDIT_BRANCH}/{quote(source)}"
