"""No page, calendar, CSV or JSON file gives a date later than the document's: every due date written is
a date the document states, and the day to send by (when that date is a day off) comes before it.

Regression: a due date on a weekend or holiday was published with a later "hạn thực tế" (next working
day): `trước ngày 10/5/2025` as 12/05/2025, `Cả năm 2022` as 03/01/2023, listed under 2023.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import REPO, generate_docs
from generator.facts.items import all_items, listing_horizon, work_calendar
from generator.source.reader import read_content

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real content's calendars, data files and page Markdown (no MkDocs: the dates are in these)."""
    content, _ = read_content(REPO / "content")
    out = tmp_path_factory.mktemp("dates")
    generate_docs(REPO / "content", out, TODAY)
    items = all_items(content, work_calendar(content), listing_horizon(TODAY))
    stated = {d.stated for i in items for d in i.dues}
    return out, stated, items


def test_items_send_by_comes_before_the_stated_day(built):
    _, _, items = built
    for item in items:
        for due in item.dues:
            assert (due.off is None) == (due.send_by is None)
            assert due.send_by is None or due.send_by < due.stated


def test_due_csv_gives_only_stated_dates(built):
    out, stated, _ = built
    rows = list(csv.DictReader(io.StringIO((out / "du-lieu/han.csv").read_text(encoding="utf-8-sig"))))
    assert rows
    for row in rows:
        day = date.fromisoformat(row["han_theo_van_ban"])
        assert day in stated
        assert not row["gui_truoc_ngay"] or date.fromisoformat(row["gui_truoc_ngay"]) < day
    assert "han_thuc_te" not in rows[0]


def test_json_gives_only_stated_dates(built):
    out, stated, _ = built
    for plan in json.loads((out / "du-lieu/ke-hoach.json").read_text(encoding="utf-8"))["plans"]:
        for due in plan["due_dates"]:
            day = date.fromisoformat(due["stated"])
            assert day in stated
            assert due["send_by"] is None or date.fromisoformat(due["send_by"]) < day


def test_calendar_events_start_on_stated_dates(built):
    out, stated, _ = built
    for feed in (out / "lich").rglob("*.ics"):
        for event in Calendar.from_ical(feed.read_bytes()).walk("VEVENT"):
            assert event.decoded("DTSTART") in stated, (feed.name, str(event["UID"]))
            text = str(event["DESCRIPTION"])
            assert "ngày làm việc tiếp theo" not in text and "hạn thực tế" not in text.lower()


def test_pages_name_no_later_working_day(built):
    out, stated, _ = built
    for page in Path(out).rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "hạn thực tế" not in text.lower() and "ngày làm việc tiếp theo" not in text, page
        for flag in re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">[^<]*</time>\s*<span class="heza-flag">'
                               r"rơi vào [^<]*nên gửi trước [^<]* (\d{2})/(\d{2})/(\d{4})</span>", text):
            due, send_by = date.fromisoformat(flag[0]), date(int(flag[3]), int(flag[2]), int(flag[1]))
            assert due in stated and send_by < due, page


def test_year_2022_deadlines_are_listed_under_2022(built):
    """`Cả năm 2022` is due 31/12/2022, a Saturday: flagged, and on the 2022 page, not January 2023."""
    out, _, _ = built
    page = (out / "lich/2022.md").read_text(encoding="utf-8")
    assert '<time datetime="2022-12-31">31/12/2022</time>' in page
    assert "rơi vào Thứ Bảy, ngày nghỉ; nên gửi trước Thứ Sáu 30/12/2022" in page
    january = (out / "lich/2023.md").read_text(encoding="utf-8") if (out / "lich/2023.md").exists() else ""
    assert "2022-12-31" not in january and "2023-01-03" not in january


def test_official_day_swaps_come_before_the_holiday_library(built):
    """Regression: lich/2026.html showed Saturday 10/01/2026 as a day off, though Công văn
    12729/VPCP-KGVX makes it a working day (content/ngay-nghi.yaml)."""
    out, _, _ = built
    page = (out / "lich/2026.md").read_text(encoding="utf-8")
    assert '<time datetime="2026-01-10">10/01/2026</time>\n<br>' in page
    assert "<time datetime=\"2026-01-10\">10/01/2026</time>\n<span class=\"heza-flag\">" not in page
