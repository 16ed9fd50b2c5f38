"""Weekend and public-holiday flags (Bộ luật Dân sự 2015, Điều 148): flagged, never moved silently."""
from datetime import date

import pytest

from generator.workdays import due

CASES = [
    # stated, effective, reason, holiday
    (date(2024, 1, 24), date(2024, 1, 24), None, None),              # Wednesday
    (date(2025, 5, 10), date(2025, 5, 12), "weekend", None),         # Saturday → Monday
    (date(2024, 2, 10), date(2024, 2, 15), "holiday", "Tết Nguyên Đán"),  # Tết 2024, then back Thursday
    (date(2023, 9, 3), date(2023, 9, 5), "weekend", None),           # Sunday, then Quốc khánh on Monday
    (date(2024, 9, 2), date(2024, 9, 4), "holiday", "Quốc khánh"),
    (date(2024, 5, 4), date(2024, 5, 4), None, None),                # make-up working Saturday
]


@pytest.mark.parametrize("stated,effective,reason,holiday", CASES, ids=[c[0].isoformat() for c in CASES])
def test_due_date_is_flagged_with_next_working_day(stated, effective, reason, holiday):
    result = due(stated)
    assert (result.stated, result.effective, result.reason, result.holiday) == (stated, effective, reason, holiday)
    assert result.moved == (stated != effective)
