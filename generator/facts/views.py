"""What the pages show, computed from the model: dated occurrences, months, a unit's work, areas,
revisions, edit links and the open-data columns."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Literal
from urllib.parse import quote

from generator.engine.memo import NO_MEMO, Memo
from generator.facts.items import (
    Item,
    listing_horizon,
    plan_items,
    report_anchor,
    work_calendar,
)
from generator.outputs import opendata
from generator.source.model import (
    Appendix,
    Area,
    Content,
    Deadline,
    Note,
    Plan,
    Revision,
    Section,
    Site,
    Task,
)
from generator.source.tasks import parent_words, placed_tasks
from generator.source.text import slugify
from generator.source.workdays import DueDate

UPCOMING_DAYS = 60
Role = Literal["lead", "coordinate", "implement", "send", "receive"]
ROLE_NAMES = {"lead": "Chủ trì", "coordinate": "Phối hợp", "implement": "Thực hiện", "send": "Gửi báo cáo",
              "receive": "Nhận báo cáo"}


@dataclass(frozen=True)
class Occurrence:
    """One due date of one item."""

    item: Item
    due: DueDate

    @property
    def key(self) -> tuple:
        return (self.due.stated, self.item.plan.id, self.item.kind, self.item.anchor)


@dataclass(frozen=True)
class Month:
    """The occurrences falling due in one month (the document's dates)."""

    year: int
    month: int
    occurrences: tuple[Occurrence, ...]

    @property
    def anchor(self) -> str:
        return f"thang-{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"Tháng {self.month:02d}/{self.year}"


@dataclass(frozen=True)
class Agenda:
    """Every item of every plan, read once with one horizon for recurrences with no stated end."""

    today: date
    horizon: date
    items: tuple[Item, ...]

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Item]:
        return {(i.plan.id, i.anchor): i for i in self.items}

    def label(self, item: Item) -> str:
        """`Nhiệm vụ 1a` or `Báo cáo`: what an item is, for lists outside its plan page."""
        return item_label(item.kind, item.number)

    def item(self, plan: Plan, anchor: str) -> Item | None:
        """The dated item of a plan's task or report, or None when it has no deadline."""
        return self._by_key.get((plan.id, anchor))

    @cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """All due dates in date order."""
        return tuple(sorted((Occurrence(i, d) for i in self.items for d in i.dues), key=lambda o: o.key))

    @property
    def upcoming_end(self) -> date:
        """The last day of the upcoming window."""
        return self.today + timedelta(days=UPCOMING_DAYS)

    def upcoming(self, days: int = UPCOMING_DAYS) -> tuple[Occurrence, ...]:
        """Due dates from today to `days` ahead."""
        end = self.today + timedelta(days=days)
        return tuple(o for o in self.occurrences if self.today <= o.due.stated <= end)


def item_label(kind: str, number: str | None) -> str:
    """`Nhiệm vụ 1a`, `Nhiệm vụ` (the document numbers it not) or `Báo cáo`."""
    if kind == "report":
        return "Báo cáo"
    return f"Nhiệm vụ {number}" if number else "Nhiệm vụ"


def make_agenda(content: Content, today: date, memo: Memo = NO_MEMO) -> Agenda:
    """The agenda of all plans; recurrences with no stated end are listed up to `listing_horizon(today)`."""
    horizon, calendar = listing_horizon(today), work_calendar(content)
    items = tuple(i for p in content.plans
                  for i in memo.of("agenda", p, lambda p=p: plan_items(p, calendar, horizon)))
    return Agenda(today, horizon, items)


def by_month(occurrences: tuple[Occurrence, ...]) -> tuple[Month, ...]:
    """Occurrences grouped by the month of their date, in date order."""
    groups: dict[tuple[int, int], list[Occurrence]] = {}
    for occ in occurrences:
        groups.setdefault((occ.due.stated.year, occ.due.stated.month), []).append(occ)
    return tuple(Month(y, m, tuple(o)) for (y, m), o in sorted(groups.items()))


@dataclass(frozen=True)
class Year:
    """The dated deadlines of one year, by month: the page lich/<year>.md."""

    year: int
    months: tuple[Month, ...]

    @property
    def path(self) -> str:
        return f"lich/{self.year}.md"

    @property
    def count(self) -> int:
        return sum(len(m.occurrences) for m in self.months)


def by_year(occurrences: tuple[Occurrence, ...]) -> tuple[Year, ...]:
    """Months grouped by year, so no deadlines page grows with the years the site has published."""
    years: dict[int, list[Month]] = {}
    for month in by_month(occurrences):
        years.setdefault(month.year, []).append(month)
    return tuple(Year(y, tuple(m)) for y, m in sorted(years.items()))


def next_due(item: Item | None, today: date) -> DueDate | None:
    """The first due date on or after today."""
    if item is None:
        return None
    return next((d for d in item.dues if d.stated >= today), None)


# --- a unit's work ---------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    """A task or report of one plan that concerns a unit, in one role."""

    plan: Plan
    kind: Literal["task", "report"]
    anchor: str
    title: str
    role: Role
    deadline: Deadline | None
    item: Item | None
    number: str | None  # the task's number as printed (None for a report or an unnumbered task)
    context: str = ""  # the words of the heading rows above a task

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]

    @cached_property
    def shown(self) -> tuple:
        """Everything a unit page shows of this work, for the preview to tell whether the page changed.

        Work compares its whole plan: editing one task of a plan made every unit page that lists
        another of its tasks render again, unchanged (84 of 87 pages per edit at 1,000 plans)."""
        document = self.plan.document
        return (self.plan.id, document.type, document.reference, self.kind, self.anchor, self.number, self.title,
                self.context, self.role, self.deadline, self.item.dues if self.item else None)

    @property
    def label(self) -> str:
        """`Nhiệm vụ 1a` or `Báo cáo`."""
        return item_label(self.kind, self.number)


@dataclass(frozen=True)
class UnitDue:
    """One due date of a unit's work."""

    work: Work
    due: DueDate


def _plan_work(plan: Plan, agenda: Agenda) -> tuple[tuple[str, Work], ...]:
    """(unit id, work) for every unit a plan's tasks and reports concern, in document order."""
    pairs: list[tuple[str, Work]] = []

    def add(unit_ids, kind, anchor, title, role, deadline, number=None, context=""):
        item = agenda.item(plan, anchor)
        pairs.extend((unit_id, Work(plan, kind, anchor, title, role, deadline, item, number, context))
                     for unit_id in unit_ids)

    for placed in placed_tasks(plan):
        task, context = placed.task, parent_words(placed)
        for role, units in (("lead", task.lead), ("coordinate", task.coordinate), ("implement", task.implement)):
            add(units, "task", placed.anchor, task.content, role, task.deadline, task.number, context)
    for report in plan.reports:
        anchor = report_anchor(report)
        add(report.from_units, "report", anchor, report.title, "send", report.deadline)
        add(report.to, "report", anchor, report.title, "receive", report.deadline)
    return tuple(pairs)


def work_by_unit(content: Content, agenda: Agenda, memo: Memo = NO_MEMO) -> dict[str, tuple[Work, ...]]:
    """Every unit's tasks (lead, coordinate, implement) and reports (send, receive), in one pass over all plans."""
    work: dict[str, list[Work]] = {}
    for plan in content.plans:
        for unit_id, one in memo.of("work", plan, lambda plan=plan: _plan_work(plan, agenda)):
            work.setdefault(unit_id, []).append(one)
    return {unit_id: tuple(items) for unit_id, items in work.items()}  # plan, then document order


def unit_dues(work: tuple[Work, ...]) -> tuple[UnitDue, ...]:
    """The dated work, one row per due date, in date order."""
    rows = [UnitDue(w, d) for w in work if w.item for d in w.item.dues]
    return tuple(sorted(rows, key=lambda r: (r.due.stated, r.work.plan.id, r.work.anchor, r.work.role)))


def coming_and_past(rows: tuple[UnitDue, ...], today: date) -> tuple[tuple[UnitDue, ...], tuple[UnitDue, ...]]:
    """Rows due today or later (in date order), and rows already past (latest first)."""
    coming = tuple(r for r in rows if r.due.stated >= today)
    past = tuple(r for r in reversed(rows) if r.due.stated < today)
    return coming, past


def undated(work: tuple[Work, ...]) -> tuple[Work, ...]:
    """Work with no calendar date (no deadline, on request, continuous …)."""
    return tuple(w for w in work if w.item is None or w.item.undated)


# --- reform areas ---------------------------------------------------------------

@dataclass(frozen=True)
class AreaTask:
    """A task, with its plan and section, filed under a reform area."""

    plan: Plan
    section: Section
    task: Task
    item: Item | None
    anchor: str


def task_area(section: Section, task: Task) -> Area:
    """The task's own area, else its section's."""
    return task.area or section.area


def _plan_area_tasks(plan: Plan, agenda: Agenda) -> dict[Area, list[AreaTask]]:
    found: dict[Area, list[AreaTask]] = {}
    for placed in placed_tasks(plan):
        section, task = placed.section, placed.task
        found.setdefault(task_area(section, task), []).append(
            AreaTask(plan, section, task, agenda.item(plan, placed.anchor), placed.anchor))
    return found


def tasks_by_area(content: Content, agenda: Agenda, memo: Memo = NO_MEMO) -> dict[Area, tuple[AreaTask, ...]]:
    """Every area's tasks, plans in id order, in one pass over all plans."""
    found: dict[Area, list[AreaTask]] = {}
    for plan in content.plans:
        for area, tasks in memo.of("area tasks", plan, lambda plan=plan: _plan_area_tasks(plan, agenda)).items():
            found.setdefault(area, []).extend(tasks)
    return {area: tuple(tasks) for area, tasks in found.items()}


def by_plan(tasks: tuple[AreaTask, ...]) -> tuple[tuple[Plan, tuple[AreaTask, ...]], ...]:
    """Area tasks grouped by plan, plans in first-seen order."""
    groups: dict[str, list[AreaTask]] = {}
    for t in tasks:
        groups.setdefault(t.plan.id, []).append(t)
    return tuple((g[0].plan, tuple(g)) for g in groups.values())


def sections_by_area(content: Content) -> dict[Area, tuple[tuple[Plan, Section, str], ...]]:
    """Every area's sections with text or tasks (plan, section, its anchor on the plan page), plans in id order."""
    found: dict[Area, list[tuple[Plan, Section, str]]] = {}
    for p in content.plans:
        for s in p.task_sections:
            if s.paragraphs or s.tasks:
                found.setdefault(s.area, []).append((p, s, section_anchor(p, s)))
    return {area: tuple(sections) for area, sections in found.items()}


def plans_newest_first(content: Content) -> tuple[Plan, ...]:
    """Plans by issue date, newest first (a partial date counts from its earliest day)."""
    return tuple(sorted(content.plans, key=lambda p: (p.document.date.earliest(), p.id), reverse=True))


# --- changes to a published plan ------------------------------------------------

def revisions_newest_first(plan: Plan) -> tuple[Revision, ...]:
    """The plan's change log, newest first (same day: the entry written later first)."""
    order = sorted(enumerate(plan.revisions), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return tuple(revision for _, revision in order)


def last_updated(plan: Plan) -> date | None:
    """The date of the plan's latest revision; None when it was never changed after publication."""
    return max((r.date for r in plan.revisions), default=None)


# --- "Sửa trang này" --------------------------------------------------------------

EDIT_BRANCH = "main"


@dataclass(frozen=True)
class EditLink:
    """Where an editor changes a page: the YAML file that feeds it, opened in the repository's editor."""

    url: str
    file: str  # path in the repository, e.g. content/plans/2024-330-kh-bql.yaml


def edit_link(site: Site, source: str | None) -> EditLink | None:
    """`<repository_url>/edit/main/<source>`; None without a repository URL or a single source file."""
    if not site.repository_url or not source:
        return None
    return EditLink(f"{site.repository_url.rstrip('/')}/edit/{EDIT_BRANCH}/{quote(source)}", source)


# --- open data ------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A column of a published CSV file and what it holds."""

    name: str
    meaning: str


TASK_COLUMN_MEANINGS = {
    "ke_hoach": "Mã kế hoạch (tên tệp dữ liệu và phần cuối địa chỉ trang), ví dụ 2024-330-kh-bql.",
    "so_ky_hieu": "Số, ký hiệu văn bản như in, ví dụ 330/KH-BQL.",
    "muc": "Số mục của văn bản chứa nhiệm vụ, ví dụ II.1; để trống nếu văn bản không đánh số.",
    "stt": "Số thứ tự nhiệm vụ như in, ví dụ 1, 1a, 13b; không trùng trong một kế hoạch; để trống nếu văn bản "
           "không đánh số.",
    "noi_dung": "Nội dung công việc như in; với một dòng con (a, b, c) có cả lời của dòng tiêu đề phía trên.",
    "chu_tri": "Tên đầy đủ các cơ quan chủ trì, cách nhau bằng dấu chấm phẩy.",
    "phoi_hop": "Tên đầy đủ các cơ quan phối hợp, cách nhau bằng dấu chấm phẩy; để trống nếu không có.",
    "thuc_hien": "Tên đầy đủ các đơn vị thực hiện (khi văn bản ghi \"Đơn vị thực hiện\"), cách nhau bằng dấu "
                 "chấm phẩy; để trống nếu không có.",
    "thoi_han": "Thời hạn đúng lời văn bản, ví dụ \"Quý II/2024\"; để trống nếu văn bản không nêu.",
    "han_tinh": "Các ngày đến hạn tính được theo lời văn bản (YYYY-MM-DD, nhiều ngày cách nhau bằng dấu "
                "chấm phẩy); để trống khi thời hạn không có ngày cụ thể.",
    "san_pham": "Sản phẩm của nhiệm vụ; để trống nếu văn bản không nêu.",
    "linh_vuc": "Mã lĩnh vực cải cách của nhiệm vụ (bảng mã ở cuối trang).",
    "url": "Địa chỉ của nhiệm vụ trên trang kế hoạch.",
}
DUE_COLUMN_MEANINGS = {
    "ke_hoach": TASK_COLUMN_MEANINGS["ke_hoach"],
    "so_ky_hieu": TASK_COLUMN_MEANINGS["so_ky_hieu"],
    "loai": "nhiem-vu (nhiệm vụ) hoặc bao-cao (nghĩa vụ báo cáo).",
    "ma": "Mã của nhiệm vụ hoặc báo cáo trên trang kế hoạch, ví dụ nv-1a, bc-bao-cao-quy.",
    "tieu_de": "Nội dung nhiệm vụ hoặc tên báo cáo.",
    "thoi_han": "Thời hạn đúng lời văn bản.",
    "han_theo_van_ban": "Ngày đến hạn theo lời văn bản (YYYY-MM-DD); trang không bao giờ ghi hạn muộn hơn ngày này.",
    "ngay_nghi": "Khi ngày đến hạn là ngày nghỉ: Thứ Bảy, Chủ Nhật hoặc tên ngày lễ; để trống nếu là ngày làm việc.",
    "gui_truoc_ngay": "Khi ngày đến hạn là ngày nghỉ: ngày làm việc cuối cùng trước đó (YYYY-MM-DD), nên gửi "
                      "trước ngày này; để trống nếu không.",
    "don_vi": "Tên đầy đủ đơn vị chủ trì nhiệm vụ hoặc đơn vị gửi báo cáo, cách nhau bằng dấu chấm phẩy.",
    "url": "Địa chỉ của nhiệm vụ hoặc báo cáo trên trang kế hoạch.",
}


def columns(names: tuple[str, ...], meanings: dict[str, str]) -> tuple[Column, ...]:
    """The columns of a CSV file in file order, each explained; a column without an explanation is an error."""
    missing = [name for name in names if name not in meanings]
    if missing:
        raise ValueError(f"cột dữ liệu mở chưa có giải thích trong generator/views.py: {', '.join(missing)}")
    return tuple(Column(name, meanings[name]) for name in names)


def task_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/nhiem-vu.csv."""
    return columns(opendata.TASK_COLUMNS, TASK_COLUMN_MEANINGS)


def due_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/han.csv."""
    return columns(opendata.DUE_COLUMNS, DUE_COLUMN_MEANINGS)


# --- task tables of a plan page ------------------------------------------------------

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


def section_anchor(plan: Plan, section: Section) -> str:
    """The id of a section's heading on its plan page (a section of an appendix's table under its appendix)."""
    slug = slugify(section.number or section.title)
    for index, appendix in enumerate(plan.appendices, start=1):
        if any(s is section for s in appendix.sections):
            return f"{appendix_anchor(appendix, index)}-muc-{slug}"
    return f"muc-{slug}"


def appendix_anchor(appendix: Appendix, position: int) -> str:
    """The id of an appendix's heading: `phu-luc-01`, or by its place when it has no number."""
    return "phu-luc-" + slugify(appendix.number or str(position))


def uncertain_notes(plan: Plan) -> tuple[Note, ...]:
    """Notes on readings of the scan that are not certain (not editorial decisions; unclassified ones count)."""
    return tuple(n for n in plan.notes if n.kind != "editorial")
