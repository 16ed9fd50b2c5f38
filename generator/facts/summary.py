"""What a plan page says first, in plain words: how many tasks, who leads most, the next deadlines, and
what the scan the page was transcribed from lacks."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from generator.facts.agenda import Occurrence
from generator.facts.items import Item
from generator.facts.notes import appendix_name
from generator.source.model import Plan

TOP_LEADS = 3
NEXT_DEADLINES = 3


@dataclass(frozen=True)
class PlanSummary:
    """The facts of the summary at the top of a plan page."""

    tasks: int
    reports: int
    leads: tuple[tuple[str, int], ...]  # (unit id, tasks it leads), most first, up to TOP_LEADS
    missing: tuple[str, ...]  # what the scan lacks, one sentence each
    task_list_missing: bool  # the plan has no task because its list is not in the scan
    table_tasks: bool  # the plan states its work in appendix tables, not as a list of tasks
    prose_only: bool  # the plan states its work in its text only: no list of tasks, none missing, no tables
    unreadable: int  # tasks with a cell the scan has but that cannot be read

    @property
    def tasks_phrase(self) -> str:
        """How many tasks, in the words of the plan list and the news feeds ("12 nhiệm vụ", or why there are none)."""
        if self.task_list_missing:
            return "Chưa có nhiệm vụ nào trên trang: bản lưu không có đủ phụ lục của văn bản"
        if self.table_tasks:
            return "Không lập danh mục nhiệm vụ; phụ lục là bảng"
        if self.prose_only:
            return "Không lập danh mục nhiệm vụ"
        return f"{self.tasks} nhiệm vụ"


def plan_summary(plan: Plan) -> PlanSummary:
    """The summary facts of one plan."""
    tasks = plan.tasks
    leads = Counter(unit for task in tasks for unit in dict.fromkeys(task.lead))
    ranked = sorted(leads.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_LEADS]
    lacking = [a for a in plan.appendices if not a.included or not a.complete]
    list_missing = not tasks and bool(lacking)
    in_tables = not tasks and any(a.rows for a in plan.appendices)
    return PlanSummary(len(tasks), len(plan.reports), tuple(ranked), _missing(plan), list_missing, in_tables,
                       not tasks and not list_missing and not in_tables, sum(1 for t in tasks if t.unreadable))


def _missing(plan: Plan) -> tuple[str, ...]:
    sentences = []
    for appendix in plan.appendices:
        if not appendix.included:
            sentences.append(f"{appendix_name(appendix)} không có trong bản lưu.")
        elif not appendix.complete:
            sentences.append(f"Bản lưu chỉ có một phần của {appendix_name(appendix)}.")
    document = plan.document
    header = document.header
    if header is not None and not (header.parent or header.issuer or header.national):
        sentences.append("Bản quét không có các dòng đầu văn bản (tên cơ quan, Quốc hiệu, Tiêu ngữ).")
    if not document.recipients:
        sentences.append("Bản lưu không có phần nơi nhận.")
    signature = document.signature
    if not (signature.authority or signature.authority_of or signature.position or signature.signer):
        sentences.append("Bản lưu không có phần ký.")
    elif not signature.signer:
        sentences.append("Bản lưu không ghi họ tên người ký.")
    return tuple(sentences)


def upcoming_deadlines(items: tuple[Item, ...], today: date, count: int = NEXT_DEADLINES) -> tuple[Occurrence, ...]:
    """The plan's next `count` due dates from `today` (the build day: pages recompute them in the browser)."""
    coming = sorted((Occurrence(i, d) for i in items for d in i.dues if d.stated >= today), key=lambda o: o.key)
    return tuple(coming[:count])


def every_deadline(items: tuple[Item, ...]) -> tuple[Occurrence, ...]:
    """All the plan's due dates in date order (what the page carries for the browser to pick the next ones)."""
    return tuple(sorted((Occurrence(i, d) for i in items for d in i.dues), key=lambda o: o.key))
