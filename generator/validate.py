"""Checks that span fields: duplicates, dates against the plan, editors' notes as warnings."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from . import deadlines as dl
from .errors import Reporter
from .model import Deadline, Plan, Site, Task, Term, Unit
from .agenda import task_anchor, window
from .schedule import due_dates


def check_units(reporter: Reporter, path: Path, units: tuple[Unit, ...]) -> None:
    """Unit ids are unique and parents exist."""
    seen: dict[str, int] = {}
    for index, unit in enumerate(units):
        where = f"units[{index}]"
        if unit.id in seen:
            reporter.add(path, unit.line, 1, f"{where}.id", f'mã đơn vị "{unit.id}" bị lặp (đã có ở dòng {seen[unit.id]})')
        seen.setdefault(unit.id, unit.line)
    for index, unit in enumerate(units):
        if unit.parent and unit.parent not in seen:
            reporter.add(path, unit.line, 1, f"units[{index}].parent",
                         f'không có đơn vị "{unit.parent}" trong content/units.yaml')


_SITE_FIELDS = {"address": "địa chỉ", "phone": "số điện thoại", "email": "thư điện tử",
                "responsible": "người chịu trách nhiệm"}


def check_site(reporter: Reporter, path: Path, site: Site) -> None:
    """Portal rules want these in every footer: say which are still unverified."""
    for name, label in _SITE_FIELDS.items():
        if getattr(site, name) is None:
            reporter.warn(path, 1, 1, name, f"chưa có {label}: chân trang sẽ ghi \"(chưa cập nhật)\"")
    if not site.base_url.endswith("/"):
        reporter.add(path, 1, 1, "base_url", "địa chỉ gốc phải kết thúc bằng dấu /")


def check_glossary(reporter: Reporter, path: Path, terms: tuple[Term, ...]) -> None:
    """Each abbreviation is explained once."""
    seen: set[str] = set()
    for index, term in enumerate(terms):
        if term.abbr in seen:
            reporter.add(path, 1, 1, f"terms[{index}].abbr", f'chữ viết tắt "{term.abbr}" bị lặp')
        seen.add(term.abbr)


def _check_deadline(reporter: Reporter, path: Path, plan: Plan, where: str, deadline: Deadline | None) -> None:
    if deadline is None:
        return
    rule = deadline.rule
    if isinstance(rule, dl.Monthly) and rule.day is None:
        reporter.warn(path, deadline.line, deadline.column, where,
                      "định kỳ hằng tháng nhưng không nêu ngày: không có ngày trên lịch")
        return
    issued = plan.document.date.as_date()
    dates = due_dates(rule, window(plan))
    if issued and dates and max(dates) < issued:
        reporter.warn(path, deadline.line, deadline.column, where,
                      f"thời hạn {max(dates):%d/%m/%Y} sớm hơn ngày ban hành {issued:%d/%m/%Y}")


def check_plan(reporter: Reporter, path: Path, plan: Plan) -> None:
    """Task numbers and report ids unique; deadlines sensible; notes surfaced as warnings."""
    if plan.period and plan.period.end and plan.period.end < plan.period.start:
        reporter.add(path, 1, 1, "period.end", "ngày kết thúc sớm hơn ngày bắt đầu")
    anchors: dict[str, Task] = {}
    for s_index, section in enumerate(plan.sections):
        for t_index, task in enumerate(section.tasks):
            where = f"sections[{s_index}].tasks[{t_index}]"
            first = anchors.setdefault(task_anchor(task), task)
            if first is not task:
                same = "bị lặp" if first.number == task.number else f'trùng đường dẫn với "{first.number}"'
                reporter.add(path, task.line, 1, f"{where}.number",
                             f'số thứ tự nhiệm vụ "{task.number}" {same} (đã có ở dòng {first.line})')
            _check_deadline(reporter, path, plan, f"{where}.deadline", task.deadline)
    report_ids: dict[str, int] = {}
    for index, report in enumerate(plan.reports):
        where = f"reports[{index}]"
        if report.id in report_ids:
            reporter.add(path, report.line, 1, f"{where}.id",
                         f'mã báo cáo "{report.id}" bị lặp (đã có ở dòng {report_ids[report.id]})')
        report_ids.setdefault(report.id, report.line)
        _check_deadline(reporter, path, plan, f"{where}.deadline", report.deadline)
    for index, recipient in enumerate(plan.document.recipients):
        if (recipient.unit is None) == (recipient.text is None):
            reporter.add(path, recipient.line, 1, f"document.recipients[{index}]",
                         "mỗi nơi nhận cần đúng một trong hai khóa: unit (mã đơn vị) hoặc text")
    for index, note in enumerate(plan.notes):
        field = note.field or f"notes[{index}]"
        reporter.warn(path, note.line, 1, field, f"ghi chú biên tập: {note.text}")


def check_plan_set(reporter: Reporter, plans: list[tuple[Path, Plan]]) -> None:
    """No document is published twice under two plan ids."""
    seen: dict[tuple, Path] = {}
    for path, plan in plans:
        doc = plan.document
        if doc.number is None or "?" in doc.number:
            continue
        key = (doc.number, doc.symbol, doc.date.year)
        if key in seen:
            reporter.add(path, 1, 1, "document.number",
                         f"văn bản {doc.reference} đã có ở {reporter.display(seen[key])}: mỗi văn bản chỉ một tệp")
        seen.setdefault(key, path)
