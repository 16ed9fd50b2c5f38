"""How documents are named wherever the site names them: pages, calendars, news feeds.

A number the scan does not let us read in full ("47?2", "…05", or none) never stands in a name as if it were a
number: the name then gives the symbol and the date, and says the number is unclear.
"""
from __future__ import annotations

from generator.source.model import DOCUMENT_TYPE_NAMES, DocumentHeader, PartialDate

UNREAD_SIGNS = "?…"  # in a number as transcribed: "?" an unread digit, "…" an unread part of unknown length


def number_read(document: DocumentHeader) -> bool:
    """True when the document's number is read in full."""
    return bool(document.number) and not any(sign in (document.number or "") for sign in UNREAD_SIGNS)


def issue_date(day: PartialDate) -> str:
    """`ngày 21/09/2023`, `tháng 09/2023` or `năm 2023`: what the scan shows of an issue date."""
    if day.day and day.month:
        return f"ngày {day.day:02d}/{day.month:02d}/{day.year}"
    return f"tháng {day.month:02d}/{day.year}" if day.month else f"năm {day.year}"


def document_name(document: DocumentHeader) -> str:
    """`Kế hoạch số 330/KH-BQL`; with an unclear number `Kế hoạch KH-BQL ngày 21/09/2023 (số chưa rõ)`."""
    kind = DOCUMENT_TYPE_NAMES[document.type]
    if number_read(document):
        return f"{kind} số {document.reference}"
    return f"{kind} {document.symbol} {issue_date(document.date)} (số chưa rõ)"


def short_name(document: DocumentHeader) -> str:
    """`Kế hoạch 330/KH-BQL` (for calendar names); with an unclear number as `document_name` gives it."""
    if number_read(document):
        return f"{DOCUMENT_TYPE_NAMES[document.type]} {document.reference}"
    return document_name(document)


def number_label(document: DocumentHeader) -> str:
    """`Số 330/KH-BQL`; with an unclear number `Số chưa rõ trong bản quét (47?2/KH-BQL)`, `(…/KH-BQL)` when no
    part of it is legible."""
    if number_read(document):
        return f"Số {document.reference}"
    return f"Số chưa rõ trong bản quét ({document.reference if document.number else '…/' + document.symbol})"


ROLE_NAMES = {"lead": "Chủ trì", "coordinate": "Phối hợp", "implement": "Thực hiện", "send": "Gửi báo cáo",
              "receive": "Nhận báo cáo"}


def item_label(kind: str, number: str | None) -> str:
    """`Nhiệm vụ 1a`, `Nhiệm vụ` (the document numbers it not) or `Báo cáo`; a number with a sign the scan does
    not show says so (`Nhiệm vụ 2? (số thứ tự chưa đọc rõ)`)."""
    if kind == "report":
        return "Báo cáo"
    if number and "?" in number:
        return f"Nhiệm vụ {number} (số thứ tự chưa đọc rõ)"
    return f"Nhiệm vụ {number}" if number else "Nhiệm vụ"


def section_label(number: str) -> str:
    """A section's number as the document prints it before the heading: the last part of its place (the model keeps
    the whole place, "II.1.a", for anchors): `II` → `II.`, `II.1` → `1.`, `II.1.a` → `a)`."""
    last = number.rsplit(".", 1)[-1]
    return f"{last})" if last.isalpha() and last.islower() else f"{last}."


EDITORIAL_TITLE = "tên do người biên tập đặt"  # said after a name the document does not print
UNREAD = "chưa đọc được trong bản quét"  # a cell the scan has but that cannot be read: never "not stated"


def with_unread(shown: str, legible: str | None) -> str:
    """A cell as data files and calendars write it: `shown` (what was read), then, when the scan holds more that
    cannot be read (`legible`: its readable part, "…" for none), `chưa đọc được trong bản quét (đọc được: “…”)`."""
    if legible is None:
        return shown
    unread = UNREAD + (f" (đọc được: “{legible}”)" if legible.strip(" …") else "")
    shown = "" if shown.strip(" …") == "" else shown
    return f"{shown}; {unread}" if shown else unread
