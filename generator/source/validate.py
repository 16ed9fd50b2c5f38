"""Checks that span fields: duplicates, dates against the plan, site addresses, the calendar history;
editors' notes as warnings. Each problem is placed at its field through the file's `Positions`."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.source import deadlines as dl
from generator.source.files import Issue, position
from generator.source.fixes import scalar_fix
from generator.source.model import DaySwap, Deadline, Plan, Reference, Revision, Site, Task, Term, Unit
from generator.source.objects import Positions, unit_by_name, unit_names, write_id_hint
from generator.source.problems import Fix, Reporter, clip, printable, quoted
from generator.source.schedule import Window, due_dates, is_recurring, plan_window
from generator.source.tasks import heading_rows, placed_tasks
from generator.source.text import suggest
from generator.source.workdays import holiday_on

YEARS = (2000, 2099)  # what the plans, calendars and holiday tables are for; 9999 overflows a due date
CITED_YEARS = (1945, 2099)  # a legal basis may be an old law
RESERVED_IDS = frozenset({"index"})  # a plan or unit page of that id would overwrite ke-hoach/ or don-vi/index.html
NOTE_CHARS = 1000  # a note is shown whole (the longest real one is 751), a pasted document is not
_NOWHERE = Positions(None)


def _out_of(years: tuple[int, int], year: int) -> bool:
    return not years[0] <= year <= years[1]


def _year_message(year: int, years: tuple[int, int] = YEARS) -> str:
    return f"năm {year} nằm ngoài khoảng {years[0]}–{years[1]}: hãy kiểm tra lại (có thể gõ nhầm chữ số)"


# --- units.yaml, glossary.yaml ----------------------------------------------------

def check_units(reporter: Reporter, path: Path, units: tuple[Unit, ...], where: Positions = _NOWHERE) -> None:
    """Unit ids are unique and not reserved, parents exist, and groups list existing members without a cycle."""
    seen: dict[str, int] = {}
    for index, unit in enumerate(units):
        field = f"units[{index}].id"
        if unit.id in seen:
            reporter.add(path, *where.of(field), field,
                         f"mã đơn vị {quoted(unit.id)} bị lặp (đã có ở dòng {seen[unit.id]})")
        elif unit.id in RESERVED_IDS:
            reporter.add(path, *where.of(field), field, f"mã {quoted(unit.id)} dành cho trang danh sách "
                                                        "don-vi/index.html: hãy đặt mã khác")
        seen.setdefault(unit.id, unit.line)
    names = None
    for index, unit in enumerate(units):
        if unit.parent and unit.parent not in seen:
            names = unit_names(units) if names is None else names
            named = unit_by_name(names, unit.parent)
            hint = f": {write_id_hint(named)}" if named else ""
            field = f"units[{index}].parent"
            reporter.add(path, *where.of(field), field,
                         f"không có đơn vị {quoted(unit.parent)} trong content/units.yaml{hint}",
                         fix=_id_fix(where, field, named))
    _check_members(reporter, path, units, seen, where)


def _id_fix(where: Positions, field: str, named: tuple[Unit, ...]) -> Fix | None:
    """`heza check --fix` writes the id of the one unit a name denotes."""
    node = where.node(field) if len(named) == 1 else None
    return scalar_fix(node, named[0].id) if node is not None else None


def _check_members(reporter: Reporter, path: Path, units: tuple[Unit, ...], known: dict[str, int],
                   where: Positions) -> None:
    """Members only of a group (kind: collective), each an existing unit, once; groups nest without a cycle."""
    names = None
    graph: dict[str, list[tuple[str, int, int]]] = {}  # group id → (member id, unit index, member index)
    for index, unit in enumerate(units):
        if not unit.members:
            continue
        if unit.kind != "collective":
            field = f"units[{index}].members"
            reporter.add(path, *where.of(field), field,
                         f"chỉ nhóm đơn vị (kind: collective) mới ghi members; đơn vị {quoted(unit.id)} là "
                         f"kind: {unit.kind}")
            continue
        listed: set[str] = set()
        for at, member in enumerate(unit.members):
            field = f"units[{index}].members[{at}]"
            if member not in known:
                names = unit_names(units) if names is None else names
                named = unit_by_name(names, member)
                guess = None if named or len(member) > 60 or reporter.full(path) else suggest(member, sorted(known))
                hint = f": {write_id_hint(named)}" if named else (f' (có phải "{guess}"?)' if guess else "")
                reporter.add(path, *where.of(field), field,
                             f"không có đơn vị {quoted(member)} trong content/units.yaml{hint}",
                             fix=_id_fix(where, field, named))
            elif member == unit.id:
                reporter.add(path, *where.of(field), field,
                             f"nhóm {quoted(unit.id)} không thể là thành viên của chính nó")
            elif member in listed:
                reporter.add(path, *where.of(field), field, f"đơn vị {quoted(member)} bị lặp trong members")
            else:
                graph.setdefault(unit.id, []).append((member, index, at))
            listed.add(member)
    _check_nesting(reporter, path, graph, where)


def _check_nesting(reporter: Reporter, path: Path, graph: dict[str, list[tuple[str, int, int]]],
                   where: Positions) -> None:
    """A group may list another group, but never one that lists it back, however deep: each cycle is reported
    once, at the member that closes it (a depth-first walk without recursion: nesting may be deep)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if start in state:
            continue
        state[start] = 1
        trail, stack = [start], [iter(graph.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[trail.pop()] = 2
                stack.pop()
                continue
            member, index, at = step
            if state.get(member) == 1:
                loop = [*trail[trail.index(member):], member]
                field = f"units[{index}].members[{at}]"
                reporter.add(path, *where.of(field), field,
                             f"các nhóm lồng nhau thành vòng: {' → '.join(loop)}; một nhóm không thể là thành viên "
                             "của nhóm thuộc chính nó")
            elif member not in state:
                state[member] = 1
                trail.append(member)
                stack.append(iter(graph.get(member, ())))


def check_glossary(reporter: Reporter, path: Path, terms: tuple[Term, ...], where: Positions = _NOWHERE) -> None:
    """Each abbreviation is explained once."""
    seen: dict[str, int] = {}
    for index, term in enumerate(terms):
        if term.abbr in seen:
            field, first = f"terms[{index}].abbr", where.of(f"terms[{seen[term.abbr]}].abbr")[0]
            reporter.add(path, *where.of(field), field, f"chữ viết tắt {quoted(term.abbr)} bị lặp (đã có ở dòng "
                                                        f"{first})")
        seen.setdefault(term.abbr, index)


# --- ngay-nghi.yaml ------------------------------------------------------------------

def check_day_swaps(reporter: Reporter, path: Path, days: tuple[DaySwap, ...], where: Positions = _NOWHERE) -> None:
    """Each day once, in range, and a swap that changes something (a working weekday needs no entry)."""
    seen: dict[date, int] = {}
    for index, day in enumerate(days):
        field = f"days[{index}].date"
        if day.date in seen:
            first = where.of(f"days[{seen[day.date]}].date")[0]
            reporter.add(path, *where.of(field), field, f"ngày {day.date:%d/%m/%Y} bị lặp (đã có ở dòng {first})")
        seen.setdefault(day.date, index)
        if _out_of(YEARS, day.date.year):
            reporter.add(path, *where.of(field), field, _year_message(day.date.year))
        weekend = day.date.weekday() >= 5
        if day.working and not weekend and not holiday_on(day.date):
            reporter.warn(path, *where.of(f"days[{index}].working"), f"days[{index}].working",
                          f"ngày {day.date:%d/%m/%Y} vốn là ngày làm việc: không cần ghi")
        elif not day.working and weekend:
            reporter.warn(path, *where.of(f"days[{index}].working"), f"days[{index}].working",
                          f"ngày {day.date:%d/%m/%Y} là {'Thứ Bảy' if day.date.weekday() == 5 else 'Chủ Nhật'}, "
                          "vốn là ngày nghỉ: không cần ghi")


# --- site.yaml -------------------------------------------------------------------

_SITE_FIELDS = {"address": "địa chỉ", "phone": "số điện thoại", "email": "thư điện tử",
                "responsible": "người chịu trách nhiệm"}
# RFC 3986 characters but quotes: a URL goes into HTML attributes, feeds and the sitemap as it is written.
_URL_CHARACTER = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


_CHARACTER_NAMES = {" ": "dấu cách", '"': 'dấu ngoặc kép (")', "'": "dấu nháy đơn (')", "\\": "dấu \\",
                    "<": "dấu <", ">": "dấu >", "`": "dấu `", "\n": "chỗ xuống dòng", "\t": "ký tự tab"}


def _character_name(char: str) -> str:
    if char in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[char]
    return f"chữ có dấu {quoted(char)}" if char.isalpha() else f"ký tự {quoted(char)}"


def url_problem(url: str) -> str | None:
    """What is wrong with an address the site links to, or None for an absolute http(s) URL."""
    bad = _URL_CHARACTER.search(url)
    if bad:
        return (f"địa chỉ có {_character_name(bad.group())} không được phép trong URL: chỉ dùng chữ không dấu, "
                "số và các dấu - . _ ~ : / ? # @ & = + % (dấu cách viết là %20)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return f"địa chỉ {quoted(url)} không đúng dạng URL, ví dụ https://heza.gov.vn/"
    if parts.scheme.lower() not in ("http", "https"):
        return f"địa chỉ phải bắt đầu bằng https:// (hoặc http://), không phải {quoted(url)}"
    if not parts.hostname or not parts.netloc:
        return f"địa chỉ {quoted(url)} thiếu tên miền, ví dụ https://heza.gov.vn/"
    return None


def check_site(reporter: Reporter, path: Path, site: Site, where: Positions = _NOWHERE) -> None:
    """Addresses are safe http(s) URLs; portal rules want the contact facts: say which are still unverified."""
    for name, label in _SITE_FIELDS.items():
        if getattr(site, name) is None:
            reporter.warn(path, *where.of(name), name, f"chưa có {label}: chân trang sẽ ghi \"(chưa cập nhật)\"")
    for name in ("base_url", "portal_url", "repository_url"):
        url = getattr(site, name)
        problem = url_problem(url) if url is not None else None
        if problem is None and name == "base_url":
            parts = urlsplit(url)
            if parts.query or parts.fragment:
                problem = "địa chỉ gốc không được có phần ?… hoặc #…"
            elif not url.endswith("/"):
                problem = "địa chỉ gốc phải kết thúc bằng dấu /"
        if problem:
            reporter.add(path, *where.of(name), name, problem)
    if site.email is not None and not _EMAIL.fullmatch(site.email):
        reporter.add(path, *where.of("email"), "email",
                     f"thư điện tử {quoted(site.email)} không đúng dạng: cần một địa chỉ như ten@haiphong.gov.vn, "
                     "không có dấu cách hay xuống dòng")
    if site.phone is not None and "\n" in site.phone:
        reporter.add(path, *where.of("phone"), "phone", "số điện thoại phải viết trên một dòng")
    if site.reminder_days is not None and not 0 <= site.reminder_days <= 365:
        reporter.add(path, *where.of("reminder_days"), "reminder_days",
                     f"số ngày báo trước phải từ 0 đến 365 (hoặc null: không nhắc), không phải {site.reminder_days}")
    _check_feedback(reporter, path, site, where)
    _check_license(reporter, path, site, where)


def _check_license(reporter: Reporter, path: Path, site: Site, where: Positions) -> None:
    """The open data's licence (du-lieu/, datapackage.json): said once the agency sets it; an http(s) address."""
    if site.license is None:
        reporter.warn(path, *where.of("license"), "license",
                      "chưa có giấy phép dùng lại dữ liệu mở: trang Dữ liệu mở và datapackage.json ghi là chưa công "
                      "bố giấy phép; khi cơ quan quyết định, hãy ghi tên (name) và địa chỉ văn bản giấy phép (url)")
        return
    problem = url_problem(site.license.url)
    if problem:
        reporter.add(path, *where.of("license.url"), "license.url", problem)


def _check_feedback(reporter: Reporter, path: Path, site: Site, where: Positions) -> None:
    """The "Góp ý, báo lỗi bản chép" link of every plan page: an e-mail address or an http(s) form."""
    if site.feedback is None:
        reporter.warn(path, *where.of("feedback"), "feedback",
                      "chưa có nơi nhận góp ý, báo lỗi bản chép: trang kế hoạch chưa có liên kết \"Góp ý, báo lỗi "
                      "bản chép\"; hãy ghi một địa chỉ thư điện tử hoặc địa chỉ trang biểu mẫu")
    elif "@" in site.feedback and "/" not in site.feedback:
        if not _EMAIL.fullmatch(site.feedback):
            reporter.add(path, *where.of("feedback"), "feedback",
                         f"thư điện tử {quoted(site.feedback)} không đúng dạng: "
                         "cần một địa chỉ như ten@haiphong.gov.vn")
    else:
        problem = url_problem(site.feedback)
        if problem:
            reporter.add(path, *where.of("feedback"), "feedback", problem)


# --- plans -------------------------------------------------------------------------

def _rule_years(rule: dl.Rule) -> list[int]:
    """The years a deadline's wording states."""
    if isinstance(rule, dl.OnDate):
        return [rule.day.year]
    if isinstance(rule, dl.DateList):
        return [d.year for d in rule.days]
    if isinstance(rule, dl.Period):
        return [rule.year] if rule.year else []
    if isinstance(rule, dl.Span):
        return _rule_years(rule.start) + _rule_years(rule.end)
    return []


_STATES_YEARS = (dl.OnDate, dl.DateList, dl.Period, dl.Span)


def _last_year(frame: Window) -> Window:
    """The frame's last 366 days: a recurrence falls due at least once a year, so its latest date is there,
    and a plan in force for a century does not list 1,200 monthly dates per deadline to find it."""
    until = frame.end or date(frame.year, 12, 31)  # as schedule.due_dates ends a recurrence without horizon
    return Window(frame.year, max(frame.start, until - timedelta(days=366)), frame.end)


# Due dates one plan may publish. Real plans have a few hundred at most; a long stated period with many
# recurring deadlines would otherwise make a build list millions of dates (and take minutes and gigabytes).
MAX_DUES_PER_PLAN = 5_000


class _Frame:
    """What every deadline of one plan is checked against, computed once per plan."""

    def __init__(self, plan: Plan, dated: bool):
        self.dated = dated  # False: the plan's own year is wrong (reported), its deadlines cannot be dated
        self.window = plan_window(plan) if dated else None
        self.recent = _last_year(self.window) if self.window is not None else None
        self.issued = plan.document.date.as_date()
        self.dues = 0  # at most how many due dates the plan's deadlines give (see MAX_DUES_PER_PLAN)

    def count(self, rule: dl.Rule) -> None:
        """Add the due dates `rule` gives in the plan's first ten years (counted from the plan alone, so the check
        does not depend on the day it runs; a build lists a series at most to the end of next year)."""
        if not is_recurring(rule):
            self.dues += len(rule.days) if isinstance(rule, dl.DateList) else 1
            return
        if self.window is None:
            return
        horizon = date(self.window.start.year + 10, 12, 31)
        until = min(self.window.end or horizon, horizon)
        months = max(0, (until.year - self.window.start.year) * 12 + until.month - self.window.start.month + 1)
        per_year = 12 if isinstance(rule, dl.Monthly) else len(rule.quarters) if isinstance(rule, dl.Quarterly) else 1
        self.dues += months * per_year // 12 + 1


def _check_deadline(reporter: Reporter, path: Path, frame: _Frame, where: str, deadline: Deadline | None) -> None:
    if deadline is None:
        return
    rule = deadline.rule
    # Every due date is a year the wording states or the plan's year or period (checked by _check_years):
    # checking those years bounds the computed dates too.
    if isinstance(rule, _STATES_YEARS):
        years = _rule_years(rule)
        if years and (min(years) < YEARS[0] or max(years) > YEARS[1]):
            reporter.add(path, deadline.line, deadline.column, where,
                         _year_message(min(years) if min(years) < YEARS[0] else max(years)))
            return
    if isinstance(rule, dl.Monthly) and rule.day is None:
        reporter.warn(path, deadline.line, deadline.column, where,
                      "định kỳ hằng tháng nhưng không nêu ngày: không có ngày trên lịch")
        return
    if frame.window is None or frame.recent is None:  # not frame.dated
        return
    frame.count(rule)
    dates = due_dates(rule, frame.recent if is_recurring(rule) else frame.window)
    if frame.issued and dates and max(dates) < frame.issued:
        reporter.warn(path, deadline.line, deadline.column, where,
                      f"thời hạn {max(dates):%d/%m/%Y} sớm hơn ngày ban hành {frame.issued:%d/%m/%Y}")


def _check_years(reporter: Reporter, path: Path, plan: Plan, where: Positions) -> bool:
    """Dates of the plan within their ranges; True when its own dates are, so its deadlines can be dated."""
    dated = True
    own = [("document.date", plan.document.date.year)] + ([("year", plan.year)] if plan.year is not None else [])
    if plan.period:
        own += [("period.start", plan.period.start.year)]
        own += [("period.end", plan.period.end.year)] if plan.period.end else []
    for field, year in own:
        if _out_of(YEARS, year):
            reporter.add(path, *where.of(field), field, _year_message(year))
            dated = False
    dated_lists: tuple[tuple[str, tuple[int, int], Sequence[Revision | Reference]], ...] = (
        ("revisions", YEARS, plan.revisions), ("legal_bases", CITED_YEARS, plan.legal_bases),
        ("implements", CITED_YEARS, plan.implements), ("proposals", CITED_YEARS, plan.proposals))
    for key, years, items in dated_lists:
        for index, item in enumerate(items):
            if item.date and _out_of(years, item.date.year):
                field = f"{key}[{index}].date"
                reporter.add(path, *where.of(field), field, _year_message(item.date.year, years))
    return dated


def _check_appendices(reporter: Reporter, path: Path, plan: Plan, where: Positions) -> None:
    numbers = [a.number for a in plan.appendices if a.number is not None]
    for index, section in enumerate(plan.sections):
        if section.appendix is None or section.appendix in numbers:
            continue
        field = f"sections[{index}].appendix"
        if numbers:
            message = (f"không có phụ lục số {quoted(section.appendix)} trong appendices của kế hoạch (các số đang có: "
                       f"{', '.join(numbers)}): appendix phải viết đúng number của một phụ lục, hoặc để null")
        else:
            message = (f"không có phụ lục số {quoted(section.appendix)}: kế hoạch chưa có phụ lục nào có number trong "
                       "appendices; hãy thêm phụ lục đó vào appendices hoặc để appendix: null")
        reporter.add(path, *where.of(field), field, message)


NOTE_WITHOUT_KIND = ("ghi chú chưa có loại: thêm kind: uncertain (chỗ bản quét chưa đọc chắc), kind: absent (phần "
                     "không có trong bản lưu) hoặc kind: editorial "
                     "(quyết định của người biên tập: đặt tên, chọn đơn vị, cách ghi)")
_CELLS = ("lead", "coordinate", "implement", "deadline", "deliverable")


def _check_task_cells(reporter: Reporter, path: Path, where: Positions, at: str, task: Task) -> None:
    """No guessed value beside an unreadable cell; a warning for a row with nothing a task has."""
    unreadable = task.unreadable
    for cell in ("deadline", "deliverable"):
        if unreadable is not None and getattr(unreadable, cell) is not None and getattr(task, cell) is not None:
            reporter.add(path, *where.of(f"{at}.{cell}"), f"{at}.{cell}",
                         f"ô này đã ghi là chưa đọc được (unreadable.{cell}): không ghi giá trị đoán, hãy để "
                         f"{cell}: null")
    said = (task.lead, task.deadline, task.deliverable)
    unread = unreadable is not None and any(getattr(unreadable, c) is not None for c in ("lead", "deadline",
                                                                                          "deliverable"))
    if not any(said) and not unread:
        reporter.warn(path, *where.of(at), at,
                      "nhiệm vụ không có đơn vị chủ trì, thời hạn và sản phẩm (cũng không ghi ô nào chưa đọc được): "
                      "nếu đây là dòng tiêu đề của các ý a), b), "
                      "hãy đặt các ý đó vào subtasks; nếu bảng này là chỉ tiêu, tiêu chí chứ không phải nhiệm vụ, "
                      "hãy ghi vào appendices[].rows")


def _check_heading_row(reporter: Reporter, path: Path, where: Positions, at: str, row: Task) -> None:
    """A row with sub-rows heads them: what a task has belongs to its sub-rows."""
    for cell in _CELLS:
        if getattr(row, cell):
            reporter.add(path, *where.of(f"{at}.{cell}"), f"{at}.{cell}",
                         "dòng này có dòng con (subtasks) nên là tiêu đề, không phải nhiệm vụ: hãy ghi "
                         f"{cell} ở từng dòng con")


def check_plan(reporter: Reporter, path: Path, plan: Plan, where: Positions = _NOWHERE) -> None:
    """Dates in range, task numbers and report ids unique, sections name real appendices, deadlines
    sensible; notes surfaced as warnings."""
    frame = _Frame(plan, _check_years(reporter, path, plan, where))
    if plan.period and plan.period.end and plan.period.end < plan.period.start:
        reporter.add(path, *where.of("period.end"), "period.end",
                     f"ngày kết thúc {plan.period.end:%d/%m/%Y} sớm hơn ngày bắt đầu {plan.period.start:%d/%m/%Y}")
    _check_appendices(reporter, path, plan, where)
    anchors: dict[str, Task] = {}
    for placed in placed_tasks(plan):
        task, at = placed.task, placed.path
        first = anchors.setdefault(placed.anchor, task)
        if first is not task:
            same = "bị lặp" if first.number == task.number else f"trùng đường dẫn với {quoted(first.number or '')}"
            reporter.add(path, *where.of(f"{at}.number"), f"{at}.number",
                         f"số thứ tự nhiệm vụ {quoted(task.number or '')} {same} (đã có ở dòng {first.line})")
        _check_deadline(reporter, path, frame, f"{at}.deadline", task.deadline)
        _check_task_cells(reporter, path, where, at, task)
    for row in heading_rows(plan):
        _check_heading_row(reporter, path, where, row.path, row.task)
    report_ids: dict[str, int] = {}
    for index, report in enumerate(plan.reports):
        at = f"reports[{index}]"
        if report.id in report_ids:
            reporter.add(path, *where.of(f"{at}.id"), f"{at}.id",
                         f"mã báo cáo {quoted(report.id)} bị lặp (đã có ở dòng {report_ids[report.id]})")
        report_ids.setdefault(report.id, report.line)
        _check_deadline(reporter, path, frame, f"{at}.deadline", report.deadline)
    if frame.dues > MAX_DUES_PER_PLAN:
        field = "period" if plan.period else "year" if plan.year is not None else "document.date"
        dues, most = (f"{n:,}".replace(",", ".") for n in (frame.dues, MAX_DUES_PER_PLAN))
        reporter.add(path, *where.of(field), field,
                     f"các thời hạn của kế hoạch cho tới {dues} ngày đến hạn (tối đa {most}): hãy kiểm tra thời gian "
                     "thực hiện và các thời hạn định kỳ")
    for index, recipient in enumerate(plan.document.recipients):
        if (recipient.unit is None) == (recipient.text is None):
            at = f"document.recipients[{index}]"
            reporter.add(path, *where.of(at), at,
                         "mỗi nơi nhận cần đúng một trong hai khóa: unit (mã đơn vị) hoặc text")
    for index, note in enumerate(plan.notes):
        field = note.field or f"notes[{index}]"
        reporter.warn(path, note.line, 1, clip(field), f"ghi chú biên tập: {clip(note.text, NOTE_CHARS)}")
        if note.kind is None:
            reporter.warn(path, note.line, 1, f"notes[{index}].kind", NOTE_WITHOUT_KIND)


def check_plan_set(reporter: Reporter, plans: list[tuple[Path, Plan]],
                   number_at: dict[Path, tuple[int, int]] | None = None) -> None:
    """No document is published twice under two plan ids (`number_at`: where each plan's document.number is)."""
    seen: dict[tuple, Path] = {}
    for path, plan in plans:
        doc = plan.document
        if doc.number is None or any(sign in doc.number for sign in "?…"):  # a partly read number may repeat
            continue
        key = (doc.number, doc.symbol, doc.date.year)
        if key in seen:
            line, column = (number_at or {}).get(path, (1, 1))
            reporter.add(path, line, column, "document.number",
                         f"văn bản {printable(clip(doc.reference))} đã có ở {reporter.display(seen[key])}: "
                         "mỗi văn bản chỉ một tệp")
        seen.setdefault(key, path)


# --- lich-su-lich.yaml (read by feedstate.parse_state during builds) -----------------

# A calendar event's SEQUENCE in the history: RFC 5545 integers are at most 2147483647, and a build raises a
# changed event's by one.
MAX_SEQUENCE = 2**31 - 1
HISTORY_ADVICE = ("tệp này do heza build tự ghi, đừng sửa tay: hãy lấy lại bản đã commit "
                  "(git checkout -- content/lich-su-lich.yaml) rồi chạy heza build")
HISTORY_LINE_FORM = ("dòng này không đúng dạng heza build ghi (tệp lịch sử lớn hơn 2 MB chỉ được kiểm tra theo "
                     f"dạng đó); {HISTORY_ADVICE}")
HISTORY_CONFLICT_ADVICE = ("với mỗi sự kiện bị xung đột hãy giữ dòng có sequence lớn hơn, xóa dòng kia và các dòng "
                           "<<<<<<<, =======, >>>>>>>, rồi chạy heza build; đừng xóa cả hai dòng (lịch đã đăng ký "
                           "sẽ không nhận thay đổi của sự kiện đó)")
# One event a line, exactly as feedstate.render_state writes it: checked line by line, with no node per value.
_ENTRY_LINE = re.compile(r'  ("[^"\\\n]*"): \{fingerprint: "[0-9a-f]{16,64}", sequence: (0|[1-9][0-9]{0,11}), '
                         r"modified: (\d{4})-(\d{2})-(\d{2})\}")
_FINGERPRINT = re.compile(r"[0-9a-f]{16,64}\n?")  # feedstate's ^…$ also takes a final newline
_HISTORY_KEYS = ("fingerprint", "sequence", "modified")


def check_written_history(text: str) -> tuple[list[Issue], list[int]]:
    """Problems of a history file in the form `heza build` writes (a day that does not exist, an event
    twice), and the lines (1-based) that are not in that form."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    head = lines[start: start + 2]
    if (head == ["version: 1", "events: {}"] and start + 2 == len(lines)) or start == len(lines):
        return [], []
    if head != ["version: 1", "events:"]:
        return [], [start + 1]
    issues: list[Issue] = []
    odd: list[int] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines[start + 2:], start + 3):
        match = _ENTRY_LINE.fullmatch(line)
        if match is None:
            odd.append(number)
            continue
        uid, sequence, year, month, day = match.groups()
        where = f"sự kiện {printable(clip(uid))}"
        if _bad_sequence(int(sequence)):
            issues.append(Issue(number, 3, f"{where}: sequence {_bad_sequence(int(sequence))}; {HISTORY_ADVICE}"))
        try:
            modified = date(int(year), int(month), int(day))
        except ValueError:
            issues.append(Issue(number, 3, f"{where}: modified {year}-{month}-{day} là ngày không tồn tại; "
                                           f"{HISTORY_ADVICE}"))
        else:
            if _bad_modified(modified):
                issues.append(Issue(number, 3, f"{where}: modified {_bad_modified(modified)}; {HISTORY_ADVICE}"))
        if uid in seen:
            issues.append(Issue(number, 3, f"{where} bị lặp (đã có ở dòng {seen[uid]}): hãy giữ dòng có sequence "
                                           "lớn hơn và xóa dòng kia"))
        seen.setdefault(uid, number)
    return issues, odd


def _scalar(constructor: yaml.constructor.SafeConstructor, node: yaml.Node) -> object:
    """The value safe_load (as feedstate reads the file) gives a scalar node, or a ValueError."""
    if not isinstance(node, yaml.ScalarNode):
        return node
    try:
        return constructor.construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        raise ValueError(str(exc)) from None


def check_history(reporter: Reporter, path: Path, root: yaml.Node | None) -> None:
    """The calendar history as feedstate.parse_state reads it, each problem at its entry."""
    if root is None:
        return
    constructor = yaml.constructor.SafeConstructor()
    if not isinstance(root, yaml.MappingNode):
        reporter.add(path, *position(root), "", f"cần hai khóa: version: 1 và events; {HISTORY_ADVICE}")
        return
    keys: dict[object, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        keys[key] = value_node
        if key not in ("version", "events"):
            reporter.add(path, *position(key_node), printable(clip(str(key))),
                         f"khóa không hợp lệ: chỉ có version và events; {HISTORY_ADVICE}")
    version = keys.get("version")
    try:
        version_ok = version is not None and _scalar(constructor, version) == 1
    except ValueError:
        version_ok = False
    if not version_ok:
        reporter.add(path, *position(version or root), "version", f"cần version: 1; {HISTORY_ADVICE}")
    events = keys.get("events")
    if events is None or (isinstance(events, yaml.ScalarNode) and events.tag == "tag:yaml.org,2002:null"):
        return
    if not isinstance(events, yaml.MappingNode):
        reporter.add(path, *position(events), "events",
                     f"events phải là bảng mã sự kiện → {{fingerprint, sequence, modified}}; {HISTORY_ADVICE}")
        return
    seen: dict[object, int] = {}
    for key_node, value_node in events.value:
        _check_event(reporter, path, constructor, key_node, value_node, seen)


def _check_event(reporter: Reporter, path: Path, constructor: yaml.constructor.SafeConstructor,
                 key_node: yaml.Node, value_node: yaml.Node, seen: dict[object, int]) -> None:
    line, column = position(key_node)
    try:
        uid = _scalar(constructor, key_node)
    except ValueError:
        uid = None
    if not isinstance(uid, str):
        reporter.add(path, line, column, "events", f"mã sự kiện phải là một chuỗi trong ngoặc kép; {HISTORY_ADVICE}")
        return
    where = f"sự kiện {quoted(uid)}"
    if uid in seen:
        reporter.add(path, line, column, "events", f"{where} bị lặp (đã có ở dòng {seen[uid]}): hãy giữ dòng có "
                                                   "sequence lớn hơn và xóa dòng kia")
        return
    seen[uid] = line
    pairs = {k.value: v for k, v in value_node.value if isinstance(k, yaml.ScalarNode)} \
        if isinstance(value_node, yaml.MappingNode) else {}
    if not isinstance(value_node, yaml.MappingNode) or len(value_node.value) != 3 or set(pairs) != set(_HISTORY_KEYS):
        reporter.add(path, line, column, "events", f"{where}: cần đúng ba khóa fingerprint, sequence, modified; "
                                                   f"{HISTORY_ADVICE}")
        return
    for key, wrong in (("fingerprint", _bad_fingerprint), ("sequence", _bad_sequence), ("modified", _bad_modified)):
        node = pairs[key]
        try:
            problem = wrong(_scalar(constructor, node))
        except ValueError:  # what safe_load (and so the build) would fail on
            problem = "là ngày không tồn tại" if key == "modified" else "không đọc được giá trị"
        if problem:
            reporter.add(path, *position(node), "events",
                         f"{where}: {key} {problem}; {HISTORY_ADVICE}")


def _bad_fingerprint(value: object) -> str | None:
    return None if isinstance(value, str) and _FINGERPRINT.fullmatch(value) else "phải là chuỗi hex"


def _bad_sequence(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_SEQUENCE
    return None if ok else f"phải là số nguyên từ 0 đến {MAX_SEQUENCE - 1}"


def _bad_modified(value: object) -> str | None:
    ok = isinstance(value, date) and not isinstance(value, datetime) and 2000 <= value.year <= 2099
    return None if ok else "phải là ngày YYYY-MM-DD từ năm 2000 đến 2099"
