"""Due dates are the document's dates: a day off is flagged with the last working day before it, never
moved later. The committed table of official day swaps (content/ngay-nghi.yaml) comes before the
`holidays` package."""
from datetime import date, timedelta

import pytest

from generator.source.model import DaySwap
from generator.source.workdays import PLAIN, WorkCalendar, day_off_note

# Công văn 12729/VPCP-KGVX ngày 25/12/2025 (the example reported in issue 17).
VPCP_2026 = "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
SWAPS = WorkCalendar((DaySwap(date=date(2026, 1, 2), working=False, document=VPCP_2026),
                      DaySwap(date=date(2026, 1, 10), working=True, document=VPCP_2026)))

CASES = [
    # calendar, stated, off (kind, name) or None, send by
    (PLAIN, date(2024, 1, 24), None, None),                                          # Wednesday
    (PLAIN, date(2025, 5, 10), ("weekend", "Thứ Bảy"), date(2025, 5, 9)),           # Saturday → Friday before
    (PLAIN, date(2024, 2, 10), ("holiday", "Tết Nguyên Đán"), date(2024, 2, 7)),    # Tết 2024: back to Wednesday
    (PLAIN, date(2023, 9, 3), ("weekend", "Chủ Nhật"), date(2023, 8, 31)),          # Sunday; Friday 1/9 is Quốc khánh
    (PLAIN, date(2024, 9, 2), ("holiday", "Quốc khánh"), date(2024, 8, 30)),        # Monday holiday → Friday
    (PLAIN, date(2024, 5, 4), None, None),                                          # make-up working Saturday
    (PLAIN, date(2022, 12, 31), ("weekend", "Thứ Bảy"), date(2022, 12, 30)),        # "Cả năm 2022" stays in 2022
    (PLAIN, date(2026, 1, 2), None, None),                                          # the package alone: a Friday
    (PLAIN, date(2026, 1, 10), ("weekend", "Thứ Bảy"), date(2026, 1, 9)),
    (SWAPS, date(2026, 1, 2), ("holiday", f"ngày nghỉ theo {VPCP_2026}"), date(2025, 12, 31)),
    (SWAPS, date(2026, 1, 3), ("weekend", "Thứ Bảy"), date(2025, 12, 31)),          # Fri 2 is off now
    (SWAPS, date(2026, 1, 10), None, None),                                         # a make-up working Saturday
    (SWAPS, date(2026, 1, 11), ("weekend", "Chủ Nhật"), date(2026, 1, 10)),         # … so it is the day to send by
]


@pytest.mark.parametrize("calendar,stated,off,send_by", CASES,
                         ids=[f"{'swaps' if c[0] is SWAPS else 'plain'}-{c[1].isoformat()}" for c in CASES])
def test_due_date_stays_the_documents_and_a_day_off_gives_the_working_day_before(calendar, stated, off, send_by):
    result = calendar.due(stated)
    assert result.stated == stated
    assert (result.off.kind, result.off.name) == off if off else result.off is None
    assert result.send_by == send_by
    assert send_by is None or (send_by < stated and calendar.is_working_day(send_by))


def test_no_due_date_is_ever_later_than_the_document():
    day = date(2022, 1, 1)
    while day < date(2027, 1, 1):
        result = SWAPS.due(day)
        assert result.stated == day and (result.send_by is None or result.send_by < day)
        day += timedelta(days=1)


def test_day_off_note_says_why_and_when_to_send():
    assert day_off_note(PLAIN.due(date(2025, 5, 10))) == "rơi vào Thứ Bảy, ngày nghỉ; nên gửi trước Thứ Sáu 09/05/2025"
    assert day_off_note(PLAIN.due(date(2024, 2, 10))) == \
        "rơi vào Tết Nguyên Đán, ngày nghỉ; nên gửi trước Thứ Tư 07/02/2024"
    assert day_off_note(SWAPS.due(date(2026, 1, 2))) == \
        f"rơi vào ngày nghỉ theo {VPCP_2026}; nên gửi trước Thứ Tư 31/12/2025"
    assert day_off_note(PLAIN.due(date(2024, 1, 24))) is None
