"""The editor's notes on a transcription, as readers meet them: each note numbered, said with the part of
the document it concerns (in words, never a field path), and marked at that part of the page."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator import routes
from generator.facts.names import item_label
from generator.facts.tables import appendix_anchor, section_anchor
from generator.source.model import Appendix, Note, Plan
from generator.source.tasks import placed_tasks

NoteKind = Literal["uncertain", "absent", "editorial"]

# The parts of the document a note may concern, in words; the key is the first name of its field.
_PARTS = {
    "document.number": "Số văn bản", "document.date": "Ngày ban hành", "document.signature": "Phần ký",
    "document.recipients": "Nơi nhận", "document.header": "Các dòng đầu văn bản", "document.title": "Trích yếu",
    "document.plan_title": "Tên kế hoạch", "document.issuer": "Cơ quan ban hành", "document.place": "Địa danh",
    "document": "Phần đầu văn bản", "period": "Thời gian thực hiện", "year": "Năm kế hoạch",
    "legal_bases": "Căn cứ", "proposals": "Văn bản đề nghị", "implements": "Văn bản được triển khai",
    "purposes": "Mục đích", "requirements": "Yêu cầu", "targets": "Chỉ tiêu", "sections": "Nội dung, nhiệm vụ",
    "reports": "Chế độ báo cáo", "budget": "Kinh phí", "implementation": "Tổ chức thực hiện",
    "appendices": "Phụ lục", "decision_articles": "Quyết định", "preamble": "Phần mở đầu",
    "footnotes": "Chú thích", "headings": "Tiêu đề các phần",
}
# Where each part is on the plan page: the id of its heading (None: the facts at the top of the page).
_PART_ANCHORS = {
    "document.signature": "noi-nhan", "document.recipients": "noi-nhan", "legal_bases": "can-cu",
    "proposals": "can-cu", "implements": "trien-khai", "purposes": "muc-dich", "requirements": "yeu-cau",
    "targets": "chi-tieu", "sections": "nhiem-vu", "reports": "bao-cao", "budget": "kinh-phi",
    "implementation": "to-chuc-thuc-hien", "appendices": "phu-luc", "decision_articles": "quyet-dinh",
    "footnotes": "chu-thich",
}
_HEADER_FACTS = frozenset({"period", "year", "headings"})
_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class NotePlace:
    """The part of the document a note concerns: its name in words and where it is on the page."""

    label: str
    key: str  # what the page marks: a heading's id, or a fact of the header ("document.date")

    @property
    def anchor(self) -> str | None:
        """The id of the part on the page; None for a fact of the header, which has none."""
        return None if "." in self.key or self.key in _HEADER_FACTS else self.key


@dataclass(frozen=True)
class TranscriptionNote:
    """One note as the page shows it: its number on the page, what it says, and the part it concerns."""

    number: int
    kind: NoteKind
    text: str
    place: NotePlace | None

    @property
    def anchor(self) -> str:
        return routes.note_anchor(self.number)


def _steps(field: str) -> list[tuple[str, int | None]]:
    return [(m[1], int(m[2]) if m[2] is not None else None) for m in _STEP.finditer(field)]


def note_place(plan: Plan, field: str | None) -> NotePlace | None:
    """The part of `plan` a note's `field` names, in words; None for a note on the whole document."""
    if not field:
        return None
    steps = _steps(field)
    if not steps:
        return None
    task = _task_at(plan, field)
    if task is not None:
        return task
    head, index = steps[0]
    dotted = ".".join(name for name, _ in steps[:2])
    if head == "sections" and index is not None and index < len(plan.sections):
        return _section_place(plan, index, steps[1:])
    if head == "reports" and index is not None and index < len(plan.reports):
        report = plan.reports[index]
        return NotePlace(f"Báo cáo “{report.title}”", routes.report_anchor(report.id))
    if head == "appendices" and index is not None and index < len(plan.appendices):
        appendix = plan.appendices[index]
        return NotePlace(appendix_name(appendix), appendix_anchor(appendix, index + 1))
    duty = steps[1][1] if len(steps) > 1 and steps[1][0] == "duties" else None
    if head == "implementation" and plan.implementation and duty is not None \
            and duty < len(plan.implementation.duties):
        label = plan.implementation.duties[duty].label
        return NotePlace(f"Tổ chức thực hiện, điểm {label}" if label else "Tổ chức thực hiện", "to-chuc-thuc-hien")
    key = dotted if dotted in _PARTS else head
    label = _PARTS.get(key) or _PARTS.get(head)
    if label is None:
        return None
    anchor = _PART_ANCHORS.get(key) or _PART_ANCHORS.get(head)
    if anchor is None:
        return NotePlace(label, key)
    return NotePlace(label, _shown_anchor(plan, anchor))


def _shown_anchor(plan: Plan, anchor: str) -> str:
    """The heading a part is under on this plan's page: a decision's bases are under "Quyết định"; a part the
    document leaves empty has no heading (the note then names it without a link)."""
    if anchor == "can-cu" and plan.decision_articles:
        return "quyet-dinh"
    present = {"can-cu": plan.legal_bases or plan.proposals, "trien-khai": plan.implements,
               "muc-dich": plan.purposes, "yeu-cau": plan.requirements, "chi-tieu": plan.targets,
               "nhiem-vu": plan.sections, "bao-cao": plan.reports, "kinh-phi": plan.budget,
               "to-chuc-thuc-hien": plan.implementation, "phu-luc": plan.appendices, "chu-thich": plan.footnotes,
               "quyet-dinh": plan.decision_articles}
    return anchor if present.get(anchor, True) else f"{anchor}.absent"


def appendix_name(appendix: Appendix) -> str:
    """`Phụ lục 01`, or by its title when the document does not number it."""
    return f"Phụ lục {appendix.number}" if appendix.number else f"Phụ lục “{appendix.title}”"


def _task_at(plan: Plan, field: str) -> NotePlace | None:
    """The task a field path is in (the task itself or one of its cells)."""
    for placed in placed_tasks(plan):
        if field == placed.path or field.startswith(placed.path + "."):
            where = f"mục {placed.section.number}" if placed.section.number else f"mục “{placed.section.title}”"
            if placed.appendix is not None:  # by its number only: an appendix title can be a paragraph long
                number = placed.appendix.number
                where = f"{where} của phụ lục {number}" if number else f"{where} của phụ lục"
            return NotePlace(f"{item_label('task', placed.number)} ({where})", placed.anchor)
    return None


def _section_place(plan: Plan, index: int, rest: list[tuple[str, int | None]]) -> NotePlace:
    section = plan.sections[index]
    name = f"Mục {section.number}" if section.number else f"Mục “{section.title}”"
    if rest and rest[0][0] == "paragraphs" and rest[0][1] is not None:
        return NotePlace(f"{name}, đoạn {rest[0][1] + 1}", section_anchor(plan, section))
    return NotePlace(name, section_anchor(plan, section))


def transcription_notes(plan: Plan) -> tuple[TranscriptionNote, ...]:
    """The plan's notes as its page shows them: the uncertain readings first, then what the copy lacks, then the
    editor's decisions."""
    ordered = sorted(plan.notes, key=lambda n: _ORDER[_kind(n)])  # stable: document order within each
    return tuple(TranscriptionNote(number, _kind(note), note.text, note_place(plan, note.field))
                 for number, note in enumerate(ordered, start=1))


_ORDER = {"uncertain": 0, "absent": 1, "editorial": 2}


def _kind(note: Note) -> NoteKind:
    return note.kind or "uncertain"  # an unclassified note is not certain


def notes_at(notes: tuple[TranscriptionNote, ...]) -> dict[str, tuple[TranscriptionNote, ...]]:
    """The notes on each marked part of the page (by the part's key)."""
    found: dict[str, list[TranscriptionNote]] = {}
    for note in notes:
        if note.place is not None:
            found.setdefault(note.place.key, []).append(note)
    return {key: tuple(notes) for key, notes in found.items()}
