"""Feeds over Google's 1 MB keep only deadlines from a cutoff near the build day, and say so; an event with an
occurrence in the window is never dropped."""
import re
from datetime import date

from conftest import REPO
from generator.outputs import calendars as feeds
from generator.outputs.calendar_history import FeedState
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


def _uids(data: bytes) -> set[str]:
    return set(re.findall(r"^UID:(.*)\r$", data.replace(b"\r\n ", b"").decode("utf-8"), re.M))


def _cut(content, out, day: date, limit: int, monkeypatch) -> tuple[bytes, feeds.Window]:
    monkeypatch.setattr(feeds, "SIZE_LIMIT", limit)
    written = {w.info.path: w for w in feeds.write_feeds(content, out, FeedState(day=day))}
    data = (out / "lich/tat-ca.ics").read_bytes()
    assert len(data) <= limit and written["lich/tat-ca.ics"].window is not None
    return data, written["lich/tat-ca.ics"].window


def _holds_exactly_the_window(content, data: bytes, window: feeds.Window, day: date) -> None:
    """The feed keeps every event with an occurrence in its window, as pages and data list them, and no other."""
    for event in feeds.feed_set(content, day)[0].events:
        dues = [d.stated for d in event.series.dues]
        inside = any(window.start <= d and (window.end is None or d <= window.end) for d in dues)
        assert (event.uid in _uids(data)) == inside, (event.uid, window)


def test_cut_feed_keeps_a_live_series_with_no_stated_end(tmp_path, monkeypatch):
    """Regression: cut to fit, the combined feed dropped the monthly PAR report (its plan states no end, so it
    goes on) while its description said it held every deadline since the cut."""
    content = read_content(REPO / "content")[0]
    whole = len(feeds.feed_bytes(content, feeds.feed_set(content, DAY)[0], feeds.event_blocks(
        content, feeds.feed_set(content, DAY)[0].events, FeedState(day=DAY)), DAY)[0])
    par = "2023-par-index-sipas-papi-kh-bql_bc-bao-cao-hang-thang@lich.cchc.heza.gov.vn"
    for limit in (whole // 2, whole // 4, whole // 8):
        data, window = _cut(content, tmp_path / str(limit), DAY, limit, monkeypatch)
        assert par in _uids(data), (limit, window)
        assert window.start >= date(2025, 1, 1) and f"các hạn {window.span()}" in data.replace(
            b"\r\n ", b"").decode("utf-8").replace("\\,", ",")
        _holds_exactly_the_window(content, data, window, DAY)


def test_nearest_coming_deadlines_are_kept_by_whole_days(tmp_path, monkeypatch):
    """Past every cutoff, the feed keeps the nearest coming deadlines, and never half of a day's."""
    content = read_content(REPO / "content")[0]
    day = date(2022, 3, 1)  # many deadlines of 2022 ahead, several on one day (31/12/2022)
    for limit in (9_000, 14_000, 20_000, 30_000):
        data, window = _cut(content, tmp_path / str(limit), day, limit, monkeypatch)
        assert window.start == day and window.end is not None
        _holds_exactly_the_window(content, data, window, day)
