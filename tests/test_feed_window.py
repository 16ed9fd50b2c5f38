"""Feeds over Google's 1 MB keep only deadlines from a cutoff near the build day, and say so."""
from datetime import date

from conftest import REPO

from generator.outputs import calendars as feeds
from generator.source.reader import read_content

DAY = date(2026, 11, 23)  # the build day: sets how far series with no stated end are listed


def test_oversized_feed_keeps_recent_deadlines_and_states_the_window():
    content = read_content(REPO / "content")[0]
    everything = feeds.feed_set(content, DAY)[0]
    sizes = {e.uid: 40_000 for e in everything.events}  # as if each event were 40 KB: far over 1 MB
    fitted = feeds.fit(everything, sizes, 2_000, date(2022, 7, 1))
    assert 0 < len(fitted.events) < len(everything.events)
    assert sum(sizes[e.uid] for e in fitted.events) <= feeds.SIZE_LIMIT
    assert all(e.last_due >= date(2022, 7, 1) for e in fitted.events)
    assert fitted.window == feeds.Window(date(2022, 7, 1), max(feeds._next_due(e, date(2022, 7, 1))
                                                                for e in fitted.events))
    assert fitted.description.endswith(f"Do giới hạn 1 MB của Google Calendar, lịch này chỉ gồm các hạn từ ngày "
                                       f"01/07/2022 đến ngày {fitted.window.end:%d/%m/%Y}; trang của từng kế hoạch "
                                       "ghi đủ mọi hạn.")


def test_feed_under_the_limit_is_unchanged():
    content = read_content(REPO / "content")[0]
    everything = feeds.feed_set(content, DAY)[0]
    sizes = {e.uid: 1_000 for e in everything.events}
    assert feeds.fit(everything, sizes, 2_000, date(2022, 7, 1)) is everything
