"""Calendar feeds against RFC 5545 and two more independent readers, and the titles staff read at a glance.

- RFC 5545, checked on the bytes of every feed of every content: TEXT values escaped (§3.3.11),
  NAME, X-WR-CALNAME and X-WR-CALDESC included; every VCALENDAR holds a component (§3.6), an empty
  feed too; UIDs without "/" in their one stable form. `rfc_problems` is shown to catch each fault.
- recurring-ical-events (used by Home Assistant, Nextcloud tools and many scripts) expands every feed
  to exactly the dates the generator computes (`Item.dues`, listed to the listing horizon).
- vobject (Radicale and many scripts) reads every calendar property and every event's text as the
  generator meant it: escaped text comes back whole, not cut at its first comma.
- Titles: what is due in the first 30 characters, whose and which role in this feed, the plan's
  short name; one SUMMARY per audience, the rest of the VEVENT the same in every feed.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from conftest import BASE_CONTENT, REPO
from generator.facts.items import all_items, listing_horizon, work_calendar
from generator.outputs import calendars
from generator.outputs.calendar_history import FeedState
from generator.outputs.calendars import feed_set, title, unit_labels, what_is_due
from test_feeds import EPOCH, _build, _by_item, _expected, _read, _real_state, _reminding, _shapes_content

REAL = REPO / "content"
DAY = date(2026, 11, 23)  # EPOCH's day: the build day of these feeds
UID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*_[a-z0-9]+(?:-[a-z0-9]+)*(?:_[a-z0-9]+(?:-[a-z0-9]+)*)?"
                 r"@lich\.cchc\.heza\.gov\.vn")
# Properties whose value is not TEXT: dates, durations, numbers, recurrence rules, URIs, addresses.
NOT_TEXT = {"BEGIN", "END", "DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "RRULE", "URL", "SOURCE", "ORGANIZER",
            "REFRESH-INTERVAL", "TRIGGER", "SEQUENCE", "TZOFFSETFROM", "TZOFFSETTO"}
TEXT_LISTS = {"CATEGORIES"}  # TEXT values separated by commas


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """(name, content, feeds by path) for the real content, every recurrence shape, and the fixture with
    reminders and without."""
    with pytest.MonkeyPatch.context() as patch:  # built before the function-scoped `_epoch` applies
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        real = _read(REAL)
        shapes = _read(_shapes_content(tmp_path_factory.mktemp("shapes")))
        base = _read(BASE_CONTENT)
        return [("real", real, _build(real, tmp_path_factory.mktemp("real"), _real_state())),
                ("shapes", shapes, _build(shapes, tmp_path_factory.mktemp("shapes-out"))),
                ("base", base, _build(base, tmp_path_factory.mktemp("base"))),
                ("base-no-reminders", _reminding(base, None),
                 _build(_reminding(base, None), tmp_path_factory.mktemp("base-none")))]


# --- RFC 5545 on the bytes ---------------------------------------------------------

def _lines(data: bytes) -> list[str]:
    """The content lines of a file, unfolded (RFC 5545 §3.1)."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def _split(line: str) -> tuple[str, str]:
    """(NAME, value) of a content line; parameter values in quotes may hold ':' and ';'."""
    quoted, at = False, None
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            at = i
            break
    assert at is not None, f"no ':' in {line!r}"
    return re.split(r"[;:]", line[:at + 1], maxsplit=1)[0].upper(), line[at + 1:]


def _text_problem(value: str, listed: bool) -> str | None:
    """What is wrong with a TEXT value as written (§3.3.11): a bare ';' (or ',' in a single value), a backslash
    that escapes nothing, a control character."""
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            if value[i + 1: i + 2] not in ("\\", ";", ",", "n", "N"):
                return f"backslash escapes nothing at {i}"
            i += 2
            continue
        if char == ";" or (char == "," and not listed):
            return f"unescaped {char!r} at {i}"
        if ord(char) < 32 and char != "\t":
            return f"control character at {i}"
        i += 1
    return None


def rfc_problems(data: bytes) -> list[str]:
    """Every RFC 5545 fault the generator must never write: unescaped TEXT, a calendar with no component,
    a UID with "/" or not in its stable form, a UID twice."""
    problems: list[str] = []
    lines = _lines(data)
    if not lines or lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        return ["not one VCALENDAR"]
    depth, components, uids = 0, 0, []
    for line in lines:
        name, value = _split(line)
        if name == "BEGIN":
            depth += 1
            components += depth == 2
        elif name == "END":
            depth -= 1
        elif name == "UID":
            uids.append(value)
            if "/" in value or not UID.fullmatch(value):
                problems.append(f"UID {value!r} is not <plan-id>_<anchor>[_<suffix>]@lich.cchc.heza.gov.vn")
        if name not in NOT_TEXT:
            problem = _text_problem(value, name in TEXT_LISTS)
            if problem:
                problems.append(f"{name}: {problem} in {value[:60]!r}")
    if components == 0:
        problems.append("VCALENDAR without a component (RFC 5545 §3.6)")
    if len(uids) != len(set(uids)):
        problems.append("a UID twice")
    return problems


def test_every_feed_keeps_rfc_5545(cases):
    for name, _, feeds in cases:
        for path, data in feeds.items():
            assert rfc_problems(data) == [], f"{name}:{path}"


def test_rfc_check_catches_each_fault(cases):
    _, _, feeds = cases[0]
    good = feeds["lich/tat-ca.ics"]
    empty = feeds["lich/ke-hoach/2024-330-kh-bql.ics"]  # "định kỳ hằng tháng" names no day: no event
    assert b"BEGIN:VEVENT" not in empty and rfc_problems(empty) == []
    name = re.search(rb"\r\nX-WR-CALNAME:[^\r]*\r\n", feeds["lich/don-vi/cac-so-ban-nganh.ics"])[0]
    assert b"\\," in name
    bare_comma = feeds["lich/don-vi/cac-so-ban-nganh.ics"].replace(name, name.replace(b"\\,", b","))
    assert any("X-WR-CALNAME: unescaped ','" in p for p in rfc_problems(bare_comma))
    bare_semicolon = good.replace(b"\\;", b";", 1)
    assert any("unescaped ';'" in p for p in rfc_problems(bare_semicolon))
    no_component = re.sub(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", b"", empty, flags=re.S)
    assert rfc_problems(no_component) == ["VCALENDAR without a component (RFC 5545 §3.6)"]
    slash = good.replace(b"UID:2025-1488-kh-bql_", b"UID:2025-1488-kh-bql/")
    assert any("UID '2025-1488-kh-bql/" in p for p in rfc_problems(slash))


def test_empty_feeds_keep_their_url_with_a_time_zone_only(cases):
    """A unit or plan with no deadline still has its feed (a URL never disappears): a VTIMEZONE, no fake event."""
    for name, content, feeds in cases:
        paths = [f.info.path for f in feed_set(content, DAY)]
        assert sorted(paths) == sorted(feeds), name
        for path, data in feeds.items():
            calendar = Calendar.from_ical(data)
            assert [c.name for c in calendar.subcomponents if c.name != "VEVENT"] == ["VTIMEZONE"], path
            zone = calendar.walk("VTIMEZONE")[0]
            assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh" and "COMMENT" not in zone, path
            assert [str(s["TZNAME"]) for s in zone.walk("STANDARD")] == ["+07"] and not zone.walk("DAYLIGHT"), path
    empties = [p for p, d in cases[0][2].items() if b"BEGIN:VEVENT" not in d]
    assert "lich/ke-hoach/2024-330-kh-bql.ics" in empties and len(empties) > 10


# --- recurring-ical-events --------------------------------------------------------

def test_recurring_ical_events_expands_exactly_the_computed_dates(cases):
    for name, content, feeds in cases:
        horizon = listing_horizon(DAY)
        for path, data in feeds.items():
            found: dict[str, list[str]] = {}
            for occurrence in recurring_ical_events.of(Calendar.from_ical(data)).between(
                    date(2000, 1, 1), horizon + timedelta(days=1)):
                start = occurrence["DTSTART"].dt
                assert type(start) is date, f"{name}:{path}: {occurrence['UID']} is not all-day"
                assert occurrence["DTEND"].dt == start + timedelta(days=1)
                found.setdefault(str(occurrence["UID"]), []).append(start.isoformat())
            assert _by_item(found) == _expected(content, horizon, path), f"{name}:{path}"


# --- vobject ------------------------------------------------------------------------

def _event_data(content) -> dict[str, calendars.EventData]:
    return {e.uid: e for feed in feed_set(content, DAY) for e in feed.events}


def test_vobject_reads_every_property_as_written(cases):
    for name, content, feeds in cases:
        events = _event_data(content)
        described = {f.info.path: f for f in feed_set(content, DAY)}
        for path, data in feeds.items():
            calendar = vobject.readOne(data.decode("utf-8"))
            feed = described[path]
            properties = {key: [line.value for line in lines] for key, lines in calendar.contents.items()
                          if key not in ("vevent", "vtimezone")}
            assert properties["name"] == properties["x-wr-calname"] == [feed.info.title], f"{name}:{path}"
            assert properties["description"] == properties["x-wr-caldesc"] == [feed.description], f"{name}:{path}"
            assert properties["x-wr-timezone"] == ["Asia/Ho_Chi_Minh"] and properties["version"] == ["2.0"]
            assert all(isinstance(v, str) and v for key, values in properties.items() for v in values
                       if key not in ("refresh-interval",)), f"{name}:{path}"
            for event in calendar.contents.get("vevent", []):
                data_ = events[event.uid.value]
                assert event.summary.value == data_.titles()[feed.info.audience], f"{name}:{path}"
                assert event.description.value == data_.description(), f"{name}:{path}"
                assert event.dtstart.value == data_.series.start
                alarms = event.contents.get("valarm", [])
                assert len(alarms) == (content.site.reminder_days is not None)
                for alarm in alarms:
                    assert alarm.description.value.endswith(what_is_due(data_.item))


# --- titles --------------------------------------------------------------------------

def _titles(feeds: dict[str, bytes]) -> dict[str, dict[str, str]]:
    """Feed path → UID → SUMMARY, as vobject reads it."""
    found = {}
    for path, data in feeds.items():
        calendar = vobject.readOne(data.decode("utf-8"))
        found[path] = {e.uid.value: e.summary.value for e in calendar.contents.get("vevent", [])}
    return found


def test_titles_say_what_is_due_first_then_whose_then_the_plan(cases):
    _, real, feeds = cases[0]
    events = _event_data(real)
    labels = unit_labels(real.units)
    for path, titles in _titles(feeds).items():
        audience = next(f.info.audience for f in feed_set(real, DAY) if f.info.path == path)
        for uid, text in titles.items():
            item = events[uid].item
            assert not text.startswith("Hạn"), text  # no boilerplate in the 24 characters a month cell shows
            heads = {what_is_due(item, n) for n in range(calendars.TITLE_WHAT_MIN, calendars.TITLE_WHAT_CHARS + 1)}
            assert text.split(" – ")[0] in heads, text  # what is due comes first, cut to the room the rest leaves
            assert text.endswith(" – " + calendars.short_name(item.plan.document))
            assert not re.search(r"\d\?|\?\d", text), text  # "47?2", "201?": an unread digit says so in words
            assert len(text) <= 180, text  # TITLE_CHARS, unless whose and which plan need more room
            if item.context:  # a sub-task carries its parent's words
                assert text.startswith(item.context.split()[0]), text
            if audience:  # a unit's feed names the unit and says its own role
                assert f" – {labels[audience]} " in text or labels[audience] in what_is_due(item), text
    everything = feeds["lich/tat-ca.ics"].replace(b"\r\n ", b"").decode("utf-8")
    assert "47?2" not in everything and "Hạn nhiệm vụ:" not in everything


def test_a_units_feed_says_that_units_role(cases):
    """Regression: a unit's feed showed "… – Sở Tài chính" for a task it only coordinates."""
    feeds = cases[0][2]
    titles = _titles(feeds)
    uid = "2021-3848-qd-ubnd_nv-32@lich.cchc.heza.gov.vn"  # Sở Tài chính leads, the departments coordinate
    assert titles["lich/tat-ca.ics"][uid].endswith(" – Sở Tài chính chủ trì – Quyết định 3848/QĐ-UBND")
    assert titles["lich/don-vi/so-tai-chinh.ics"][uid].endswith(" – Sở Tài chính chủ trì – Quyết định 3848/QĐ-UBND")
    assert titles["lich/don-vi/cac-so-ban-nganh.ics"][uid].endswith(
        " – Các sở, ban, ngành thành phố Hải Phòng phối hợp với Sở Tài chính – Quyết định 3848/QĐ-UBND")
    report = "2021-3848-qd-ubnd_bc-bao-cao-6-thang@lich.cchc.heza.gov.vn"
    assert " – Sở Nội vụ nhận từ Các sở, ban, ngành thành phố Hải Phòng" in titles["lich/don-vi/so-noi-vu.ics"][report]
    assert " – Các sở, ban, ngành thành phố Hải Phòng gửi Sở Nội vụ – " in \
        titles["lich/don-vi/cac-so-ban-nganh.ics"][report]
    sub_task = "2021-3848-qd-ubnd_nv-1a@lich.cchc.heza.gov.vn"  # "Thành phố" under "Ban hành Kế hoạch … 2022:"
    assert titles["lich/tat-ca.ics"][sub_task].startswith("Ban hành Kế hoạch CCHC năm 2022: Thành phố – ")


def test_no_title_starts_with_an_unread_mark_or_cuts_a_parent_within_30_characters(cases):
    """Regression: tasks 28 and 30 of the 2022 plan began "… dưỡng cán bộ" (their first words are not in the
    scan), and in a unit's feed a sub-task's parent was cut to "Ban hành và triển khai…: Kế ho"."""
    for path, titles in _titles(cases[0][2]).items():
        for text in titles.values():
            assert not text.startswith("…") and "…:" not in text[:31], (path, text)
    titles = _titles(cases[0][2])["lich/don-vi/so-noi-vu.ics"]
    assert titles["2021-3848-qd-ubnd_nv-28@lich.cchc.heza.gov.vn"].startswith(
        "Kế hoạch, Báo cáo của UBND thành phố: … dưỡng cán bộ, công chức")


def test_calendars_do_not_name_a_unit_by_the_documents_shorthand():
    """Regression: calendars were called "Hạn CCHC – CVP", "– TTTU", "– CĐ ANHP"."""
    content = _read(REAL)
    labels = unit_labels(content.units)
    assert labels["chanh-van-phong-ubnd-thanh-pho"] == "Chánh Văn phòng Ủy ban nhân dân thành phố"  # a plain alias
    assert labels["thuong-truc-thanh-uy"] == "Thường trực Thành ủy Hải Phòng"  # no plain alias: the full name
    assert labels["ubnd-cac-quan-huyen"] == "UBND các quận, huyện"  # abbreviations every reader knows stay
    for label in labels.values():
        shorthand = [w for w in re.findall(r"[^\W\d_]+", label) if len(w) > 1 and w.isupper()
                     and w not in calendars.KNOWN_ABBREVIATIONS]
        unit = next(u for u in content.units if labels[u.id] == label)
        assert not shorthand or label == unit.name, label  # only when the registry has no other name


def test_only_the_title_differs_between_feeds(cases):
    """One event: the same UID, dates, stamps and description in every feed; its SUMMARY is its audience's."""
    _, _, feeds = cases[0]
    uid = b"UID:2021-3848-qd-ubnd_nv-32@lich.cchc.heza.gov.vn\r\n"

    def block(path: str) -> bytes:
        data = feeds[path]
        at = data.index(uid)
        return data[data.rindex(b"BEGIN:VEVENT", 0, at): data.index(b"END:VEVENT\r\n", at)]

    everyone, own = block("lich/tat-ca.ics"), block("lich/don-vi/cac-so-ban-nganh.ics")
    assert everyone != own and block("lich/ke-hoach/2021-3848-qd-ubnd.ics") == everyone
    without_summary = [re.sub(rb"SUMMARY:.*?\r\n(?! )", b"", b, flags=re.S) for b in (everyone, own)]
    assert without_summary[0] == without_summary[1]


def test_each_vevent_is_folded_once_and_each_title_once(monkeypatch):
    content = _read(REAL)
    events = [e for f in feed_set(content, DAY) if f.info.kind == "plan" for e in f.events]
    folds, lines = [], []
    real_bytes, real_line = calendars.component_bytes, calendars._summary_line
    monkeypatch.setattr(calendars, "component_bytes", lambda c: folds.append(c.name) or real_bytes(c))
    monkeypatch.setattr(calendars, "_summary_line", lambda t: lines.append(t) or real_line(t))
    blocks = calendars.event_blocks(content, tuple(events), FeedState(day=DAY))
    assert folds == ["VEVENT"] * len(events)
    assert len(lines) == sum(len(set(e.titles().values())) for e in events)
    for event in events:
        block = blocks[event.uid]
        assert set(block.summaries) == {"", *event.item.units}
        for audience, text in event.titles().items():
            assert block.summaries[audience] is block.summaries[next(a for a, t in event.titles().items()
                                                                    if t == text)]


def test_unit_names_tell_units_apart():
    content = _read(REAL)
    labels = unit_labels(content.units)
    assert labels["van-phong-bql"] == "Văn phòng Ban Quản lý"  # not "Văn phòng", which is also the city's
    assert labels["van-phong-ubnd-thanh-pho"] == "Văn phòng UBND thành phố" and labels["so-noi-vu"] == "Sở Nội vụ"
    names = [f.info.title for f in feed_set(content, DAY)]
    assert len(names) == len(set(names))
    for unit in content.units:
        label = labels[unit.id].casefold()
        for other in content.units:
            if other.id != unit.id and labels[unit.id] != unit.name:  # a full name is the best there is
                for said in (other.short, other.name, *other.aliases):
                    said = said.casefold()
                    assert not (said == label or (said.startswith(label) and not said[len(label)].isalnum())), \
                        (unit.id, other.id)


def test_title_of_each_role_and_shape(tmp_path):
    """Titles of the fixture, built by hand: every role a unit's feed can say."""
    content = _read(BASE_CONTENT)
    item = next(i for i in all_items(content, work_calendar(content), listing_horizon(DAY)) if i.kind == "report")
    labels = unit_labels(content.units)
    assert title(item, labels) == "Báo cáo tháng – Văn phòng gửi Sở Nội vụ – Kế hoạch 1/KH-BQL"
    assert title(item, labels, "van-phong-bql") == "Báo cáo tháng – Văn phòng gửi Sở Nội vụ – Kế hoạch 1/KH-BQL"
    assert title(item, labels, "so-noi-vu") == "Báo cáo tháng – Sở Nội vụ nhận từ Văn phòng – Kế hoạch 1/KH-BQL"
    task = dataclasses.replace(item, kind="task", title="Rà soát thủ tục hành chính năm 201?", lead=("so-noi-vu",),
                               coordinate=("van-phong-bql",), implement=("cac-so-ban-nganh",), recipients=(),
                               context="Kiểm tra cải cách hành chính:")
    assert title(task, labels) == ("Kiểm tra CCHC: Rà soát TTHC năm (số chưa rõ) – Sở Nội vụ chủ trì – "
                                   "Kế hoạch 1/KH-BQL")
    assert title(task, labels, "van-phong-bql").split(" – ")[1] == "Văn phòng phối hợp với Sở Nội vụ"
    assert title(task, labels, "cac-so-ban-nganh").split(" – ")[1] == \
        "Các sở, ban, ngành thực hiện (Sở Nội vụ chủ trì)"
    unread = dataclasses.replace(task, title="… năm 2022", context="", number="36", deliverable="Báo cáo năm")
    assert title(unread, labels).startswith("Sản phẩm: Báo cáo năm (nhiệm vụ 36, nội dung chưa rõ) – ")


def test_unread_number_never_names_a_calendar(cases):
    for name, _, feeds in cases:
        for path, data in feeds.items():
            calendar = vobject.readOne(data.decode("utf-8"))
            assert not re.search(r"\d\?|\?\d", calendar.contents["x-wr-calname"][0].value), f"{name}:{path}"

