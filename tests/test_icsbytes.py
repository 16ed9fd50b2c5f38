"""generator.outputs.icsbytes writes the bytes icalendar writes, faster."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser import Contentline

from generator.outputs.icsbytes import component_bytes, fold

CHARACTERS = st.sampled_from([*"ab \\^;,:ếđữ€😀\t", "Chủ trì: Văn phòng"])


@pytest.mark.parametrize("line", [
    "", "SUMMARY:ngắn", "X" * 74, "X" * 75, "X" * 148, "X" * 149, "D" * 73 + "\\n" + "Y" * 10,
    "D" * 72 + "ế" + "Y" * 10, "D" * 73 + "ế" + "Y" * 10, "D" * 73 + "😀" + "Y", "\\" * 200, "^" * 80,
])
def test_fold_table(line):
    assert fold(line) == Contentline(line).to_ical()


@given(st.lists(CHARACTERS, max_size=120).map("".join))
@settings(max_examples=500)
def test_fold_matches_icalendar(line):
    assert fold(line) == Contentline(line).to_ical()


def test_component_bytes_match_to_ical():
    calendar = Calendar()
    calendar.add("prodid", "-//heza//test//VI")
    event = Event()
    event.add("summary", "Hạn báo cáo quý: Văn phòng → Sở Nội vụ, Sở Tư pháp; " * 3)
    event.add("description", "Dòng 1\nDòng 2 với dấu \\ và ; và , " * 5)
    calendar.add_component(event)
    assert component_bytes(calendar) == calendar.to_ical()
