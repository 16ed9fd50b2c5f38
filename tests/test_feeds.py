"""Calendar feeds (lich/*.ics): golden files, stable identity, size, and real parsers.

Real clients: Mozilla's ical.js (Thunderbird) through tests/calendar/icaljs_expand.mjs and
libical (Evolution/GNOME) through tests/calendar/libical_expand.py run with Debian's
/usr/bin/python3. Both must parse every feed and expand it to exactly the dates the generator
computes; libical's RFC 5546 restriction check must report nothing. Under CI (CI=true) a
missing tool fails the test instead of skipping it. recurring-ical-events and vobject, the RFC 5545
checks and the titles are in tests/test_calendar_standards.py.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from conftest import BASE_CONTENT, REPO, TESTS, update_golden
from generator.facts.items import all_items, listing_horizon, work_calendar
from generator.outputs.calendar_history import (
    STATE_FILE,
    FeedState,
    HistoryError,
    build_day,
    parse_state,
)
from generator.outputs.calendars import SIZE_LIMIT, feed_catalog, write_feeds
from generator.source.reader import read_content

GOLDEN = TESTS / "golden" / "feeds"
CALENDAR = TESTS / "calendar"
SYSTEM_PYTHON = "/usr/bin/python3"
REAL = REPO / "content"
EPOCH = "1795392000"  # 2026-11-23 (UTC): the build day, which sets the listing horizon of endless series


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

# Recurrence shapes the seeds do not use but editors may write: short months, quarter subsets,
# 29 February, lists of dates, multi-year periods and a plan that states no end.
SHAPES = {
    "2024-2-kh-bql": ("2024-01-15", "period:\n  start: 2024-01-01\n  end: 2026-06-30\n", [
        "định kỳ vào ngày 31 hằng tháng", "định kỳ vào ngày 30 hằng tháng", "ngày 29 hằng tháng",
        "Quý I, Quý III gửi trước ngày 10 tháng cuối của quý", "Quý II, Quý IV gửi trước ngày 31 tháng đầu quý",
        "Quý I, Quý II, Quý IV gửi trước ngày 15 tháng giữa quý", "trước ngày 30 tháng cuối quý",
        "trước ngày 31 tháng cuối quý", "Quý II gửi trước ngày 31 tháng giữa quý", "trước ngày 29/02 hằng năm",
        "trước ngày 05/12 hằng năm", "trước ngày 03/3, 03/6, 03/9 năm 2024", "10/02/2024", "Quý II/2025",
        "định kỳ hằng tháng và khi có yêu cầu", "Theo yêu cầu của Sở Nội vụ"]),
    "2024-3-kh-bql": ("2024-05-20", "", [
        "định kỳ vào ngày 30 hằng tháng", "Quý I, Quý II, Quý IV gửi trước ngày 15 tháng giữa quý",
        "Quý II, Quý IV gửi trước ngày 31 tháng đầu quý", "trước ngày 29/02 hằng năm",
        "định kỳ vào ngày 10 hằng tháng", "trước ngày 10 tháng cuối quý"]),
}


# --- helpers -----------------------------------------------------------------------

def _plan_yaml(number: str, issued: str, period: str, deadlines: list[str]) -> str:
    reports = "".join(f"  - id: bao-cao-{i}\n    title: Báo cáo dạng {i}\n    from: [van-phong-bql]\n"
                      f"    to: [so-noi-vu]\n    deadline: \"{wording}\"\n" for i, wording in enumerate(deadlines, 1))
    return (f"document:\n  type: ke-hoach\n  issuer: ban-quan-ly\n  number: \"{number}\"\n  symbol: KH-BQL\n"
            f"  place: Hải Phòng\n  date: {issued}\n  title: Thử các dạng thời hạn\n  signature:\n"
            f"    authority: KT.\n    authority_of: TRƯỞNG BAN\n    position: PHÓ TRƯỞNG BAN\n"
            f"    signer: Nguyễn Văn Thử\n{period}"
            "sections:\n  - number: \"I\"\n    title: Nhiệm vụ\n    area: chi-dao-dieu-hanh\n    tasks:\n"
            "      - number: \"1\"\n        content: Hoàn thành báo cáo chuyên đề\n        lead: [van-phong-bql]\n"
            "        coordinate: [cac-so-ban-nganh]\n        deadline: \"trước ngày 01/9, 02/9 năm 2025\"\n"
            f"reports:\n{reports}")


def _shapes_content(folder: Path) -> Path:
    """The base fixture plus two plans that use every recurrence shape."""
    content = folder / "content"
    shutil.copytree(BASE_CONTENT, content)
    for plan_id, (issued, period, deadlines) in SHAPES.items():
        number = plan_id.split("-")[1]
        (content / "plans" / f"{plan_id}.yaml").write_text(_plan_yaml(number, issued, period, deadlines),
                                                           encoding="utf-8")
    return content


def _ten_times(folder: Path) -> Path:
    """The real content with nine more copies of every plan under new ids and document numbers."""
    content = folder / "content"
    shutil.copytree(REAL, content)
    for path in sorted((content / "plans").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for n in range(1, 10):
            copy = re.sub(r"^(  number: )(['\"]?)([^'\"\n]*)\2$",
                          lambda m, n=n: m[0] if m[3] == "null" else f'{m[1]}"{m[3]}.{n}"', text, count=1, flags=re.M)
            (content / "plans" / f"{path.stem}-ban-sao-{n}.yaml").write_text(copy, encoding="utf-8")
    return content


def _read(content_dir: Path):
    return read_content(content_dir)[0]


def _reminding(content, days: int | None):
    """The content with `site.reminder_days` set to `days`."""
    return dataclasses.replace(content, site=dataclasses.replace(content.site, reminder_days=days))


def _build(content, out: Path, state: FeedState | None = None) -> dict[str, bytes]:
    """Feeds written for `content`, keyed by path under out; the history saved as a successful build saves it."""
    state = state if state is not None else FeedState()
    written = write_feeds(content, out, state)
    state.save()
    return {w.info.path: (out / w.info.path).read_bytes() for w in written}


def _real_state() -> FeedState:
    """The committed event history, never written back by a test."""
    return FeedState.for_content(REAL).detached()


def _horizon(content) -> date:
    """How far the feeds, pages and data list a series with no stated end (they say it goes on)."""
    return listing_horizon(build_day())


def _expected(content, horizon: date, path: str) -> dict[str, list[str]]:
    """Item → stated due dates the generator computes, for the items one feed covers."""
    kind, _, key = path.removeprefix("lich/").removesuffix(".ics").partition("/")
    items = all_items(content, work_calendar(content), horizon)
    if kind == "don-vi":
        items = [i for i in items if key in i.units]
    elif kind == "ke-hoach":
        items = [i for i in items if i.plan.id == key]
    return {f"{i.plan.id}_{i.anchor}": sorted({d.stated.isoformat() for d in i.dues}) for i in items if i.dues}


def _by_item(uid_dates: dict[str, list[str]]) -> dict[str, list[str]]:
    """Occurrences grouped by item (UID without its series suffix); no date twice within an item."""
    grouped: dict[str, list[str]] = {}
    for uid, dates in uid_dates.items():
        grouped.setdefault("_".join(uid.split("@")[0].split("_")[:2]), []).extend(dates)
    for key, dates in grouped.items():
        assert len(dates) == len(set(dates)), f"{key}: one date in two events"
    return {key: sorted(dates) for key, dates in grouped.items()}


def _events(data: bytes) -> dict[str, str]:
    """UID → the raw text of its VEVENT."""
    text = data.decode("utf-8").replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S)
    return {re.search(r"^UID:(.*)$", b, re.M)[1].strip(): b for b in blocks}


def _prop(block: str, name: str) -> str | None:
    match = re.search(rf"^{name}(?:;[^:\r\n]*)?:(.*?)\r?$", block, re.M)
    return match[1] if match else None


def _missing_tool(why: str):
    """Skip on a developer machine; fail under CI, where every tool must be installed."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI=true: the real-client tests must run; `make test` installs the tools)")
    pytest.skip(why)


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO)


# --- fixtures ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return _read(REAL)


@pytest.fixture(scope="module")
def real_feeds(real, tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path_factory.mktemp("real")
    return out, _build(real, out, _real_state())


@pytest.fixture(scope="module")
def client_cases(real, real_feeds, tmp_path_factory):
    """(name, content, folder, feeds) for every content the real clients must read."""
    shapes_dir = tmp_path_factory.mktemp("shapes")
    shapes = _read(_shapes_content(shapes_dir))
    base_dir = tmp_path_factory.mktemp("base-no-reminders")
    base = _reminding(_read(BASE_CONTENT), None)
    return [("real", real, *real_feeds),
            ("shapes", shapes, shapes_dir / "out", _build(shapes, shapes_dir / "out")),
            ("base-no-reminders", base, base_dir, _build(base, base_dir))]


@pytest.fixture(scope="module")
def icaljs():
    if shutil.which("node") is None or not (REPO / "node_modules" / "ical.js" / "package.json").is_file():
        _missing_tool("node or node_modules/ical.js is missing (make node_modules/.installed)")

    def expand(files: list[Path], until: date) -> dict:
        result = _run(["node", str(CALENDAR / "icaljs_expand.mjs"), until.isoformat(), *map(str, files)])
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return expand


@pytest.fixture(scope="module")
def libical():
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    if not Path(SYSTEM_PYTHON).is_file() or _run([SYSTEM_PYTHON, "-c", probe]).returncode != 0:
        _missing_tool("libical for /usr/bin/python3 is missing (apt-get install libical3 gir1.2-ical-3.0 python3-gi)")

    def expand(files: list[Path], until: date) -> dict:
        result = _run([SYSTEM_PYTHON, str(CALENDAR / "libical_expand.py"), until.isoformat(), *map(str, files)])
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return expand


# --- golden files and catalog ----------------------------------------------------------

def test_fixture_feeds_match_golden_files(tmp_path):
    feeds = _build(_read(BASE_CONTENT), tmp_path)
    if update_golden():
        shutil.rmtree(GOLDEN / "lich", ignore_errors=True)
        for path, data in feeds.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*.ics"))}
    assert sorted(feeds) == sorted(golden)
    for path, data in feeds.items():
        assert data == golden[path], \
            f"{path} differs from tests/golden/feeds (UPDATE_GOLDEN=1 after a deliberate change)"


def test_catalog_lists_every_feed_written(real, real_feeds, tmp_path):
    _out, feeds = real_feeds
    catalog = feed_catalog(real)
    assert [f.path for f in catalog] == list(feeds)
    written = {w.info.path: w for w in write_feeds(real, tmp_path, _real_state())}
    assert [written[f.path].info for f in catalog] == list(catalog)
    assert catalog[0].path == "lich/tat-ca.ics" and catalog[0].kind == "all" and catalog[0].key == ""
    assert [f.key for f in catalog if f.kind == "unit"] == [u.id for u in real.units]
    assert [f.key for f in catalog if f.kind == "plan"] == [p.id for p in real.plans]
    for info in catalog:
        assert written[info.path].event_count == feeds[info.path].count(b"BEGIN:VEVENT\r\n")
        assert written[info.path].window is None
        assert info.title.startswith("Hạn CCHC – ")
        calendar = vobject.readOne(feeds[info.path].decode("utf-8"))  # reads NAME and X-WR-* as the TEXT they are
        assert calendar.contents["x-wr-calname"][0].value == calendar.contents["name"][0].value == info.title
    by_key = {w.info.key: w for w in written.values()}
    assert by_key["2024-330-kh-bql"].event_count == 0  # "định kỳ hằng tháng" names no day
    assert by_key["so-noi-vu"].event_count > 0


def test_removed_feed_files_are_deleted(tmp_path):
    stale = tmp_path / "lich" / "don-vi" / "don-vi-da-xoa.ics"
    stale.parent.mkdir(parents=True)
    stale.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (tmp_path / "lich" / "index.md").write_text("trang đăng ký")
    _build(_read(BASE_CONTENT), tmp_path)
    assert not stale.exists() and (tmp_path / "lich" / "index.md").exists()


# --- what the events say ---------------------------------------------------------------

def test_seed_deadlines_on_their_dates(real_feeds):
    events = _events(real_feeds[1]["lich/tat-ca.ics"])
    uid = "{}@lich.cchc.heza.gov.vn".format
    dtstart = {u: _prop(b, "DTSTART") for u, b in events.items()}
    assert dtstart[uid("2025-1488-kh-bql_bc-bao-cao-so-ket-gui-so-noi-vu")] == "20250515"
    assert dtstart[uid("2025-1488-kh-bql_nv-muc-iii-1")] == "20250510"  # the one task; the document numbers it not
    assert dtstart[uid("2021-3848-qd-ubnd_bc-bao-cao-6-thang")] == "20220610"
    assert dtstart[uid("2021-3848-qd-ubnd_bc-bao-cao-nam")] == "20221205"
    quarterly = events[uid("2021-3848-qd-ubnd_bc-bao-cao-quy")]  # quarters I and III only
    assert (_prop(quarterly, "DTSTART"), _prop(quarterly, "RRULE")) == (
        "20220310", "FREQ=MONTHLY;UNTIL=20221231;INTERVAL=6;BYMONTHDAY=10")
    dates = {_prop(b, "DTSTART") for u, b in events.items() if "2023-tuyen-truyen-cchc-kh-bql_bc-" in u}
    assert dates == {"20230303", "20230603", "20230903", "20231103"}
    assert uid("2023-tuyen-truyen-cchc-kh-bql_bc-bao-cao-quy_2023-06-03") in events  # a list's later dates
    monthly = events[uid("2023-par-index-sipas-papi-kh-bql_bc-bao-cao-hang-thang")]  # plan states no end
    assert (_prop(monthly, "DTSTART"), _prop(monthly, "RRULE")) == (
        "20231010", "FREQ=MONTHLY;UNTIL=20271231;BYMONTHDAY=10")
    assert not any("2024-330-kh-bql_" in u for u in events)  # monthly with no day: no event


def test_summary_description_url_categories(real_feeds):
    feed = Calendar.from_ical(real_feeds[1]["lich/tat-ca.ics"])
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    report = events["2025-1488-kh-bql_bc-bao-cao-so-ket-gui-so-noi-vu@lich.cchc.heza.gov.vn"]
    # what is due first; "gửi Sở Nội vụ" is in the report's name already (the document names no sender)
    assert str(report["SUMMARY"]) == "Báo cáo sơ kết của Ban Quản lý gửi Sở Nội vụ – Kế hoạch 1488/KH-BQL"
    assert report["CATEGORIES"].cats == ["Hạn báo cáo"]
    url = "https://heza.gov.vn/cchc/ke-hoach/2025-1488-kh-bql.html#bc-bao-cao-so-ket-gui-so-noi-vu"
    assert str(report["URL"]) == url
    text = str(report["DESCRIPTION"])
    for part in ("Kế hoạch 1488/KH-BQL ngày 18/04/2025", "Nơi nhận: Sở Nội vụ",
                 "Thời hạn theo văn bản: trước ngày 15/5/2025", f"Chi tiết: {url}"):
        assert part in text
    task = events["2025-1488-kh-bql_nv-muc-iii-1@lich.cchc.heza.gov.vn"]
    assert task["CATEGORIES"].cats == ["Hạn nhiệm vụ"]
    assert str(task["SUMMARY"]).startswith("Sơ kết công tác CCHC giai đoạn 2021-2025")
    # two units are called "Văn phòng": the title names this one so it cannot be taken for the other
    assert str(task["SUMMARY"]).endswith(" – Văn phòng Ban Quản lý chủ trì – Kế hoạch 1488/KH-BQL")
    text = str(task["DESCRIPTION"])
    assert "Chủ trì: Văn phòng Ban Quản lý Khu kinh tế Hải Phòng" in text and "Thực hiện: " in text
    assert "Phối hợp: " not in text  # the document names implementers, not coordinators
    # 10/5/2025 is a Saturday: the date stays, the note gives the last working day before it
    assert "Ngày 10/05/2025 rơi vào Thứ Bảy, ngày nghỉ; nên gửi trước Thứ Sáu 09/05/2025." in text
    assert "12/05/2025" not in text


def test_calendar_properties(real_feeds, tmp_path):
    for path, data in real_feeds[1].items():
        cal = Calendar.from_ical(data)
        for name in ("PRODID", "NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC"):
            assert cal.get(name), f"{path}: no {name}"
        assert (str(cal["VERSION"]), str(cal["CALSCALE"]), str(cal["X-WR-TIMEZONE"])) == (
            "2.0", "GREGORIAN", "Asia/Ho_Chi_Minh")
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data and b"X-PUBLISHED-TTL:PT12H\r\n" in data
        assert b"METHOD:" not in data  # real site.yaml has no email: no ORGANIZER, so no METHOD
        # DATE values and UTC stamps only: the one VTIMEZONE (so an empty feed still has a component) is
        # referred to by no property
        assert data.count(b"BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n") == 1 and b";TZID=" not in data
    base = _build(_read(BASE_CONTENT), tmp_path)["lich/tat-ca.ics"]
    assert b"METHOD:PUBLISH\r\n" in base
    assert base.count(b"BEGIN:VEVENT") == base.replace(b"\r\n ", b"").count(b"ORGANIZER;CN=")


def _lint(path: str, data: bytes) -> None:
    """The shapes NOTES.md says every client honours."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), f"{path}: line longer than 75 octets"
    for uid, block in _events(data).items():
        start, end = _prop(block, "DTSTART"), _prop(block, "DTEND")
        assert "DTSTART;VALUE=DATE:" in block and "DTEND;VALUE=DATE:" in block, uid
        assert (datetime.strptime(end, "%Y%m%d") - datetime.strptime(start, "%Y%m%d")).days == 1, uid
        assert _prop(block, "TRANSP") == "TRANSPARENT" and _prop(block, "SEQUENCE") is not None, uid
        assert re.fullmatch(r"\d{8}T000000Z", _prop(block, "DTSTAMP")) and \
            _prop(block, "LAST-MODIFIED") == _prop(block, "DTSTAMP"), uid
        rule = _prop(block, "RRULE")
        if rule is None:
            continue
        parts = dict(p.split("=") for p in rule.split(";"))
        assert "," not in rule and "COUNT" not in parts and parts["FREQ"] in ("MONTHLY", "YEARLY"), uid
        assert re.fullmatch(r"\d{8}", parts.get("UNTIL", "00000000")), f"{uid}: UNTIL must be a DATE"
        day = int(parts["BYMONTHDAY"])
        if parts["FREQ"] == "MONTHLY" and "INTERVAL" not in parts:
            assert day == -1 or 1 <= day <= 28, f"{uid}: BYMONTHDAY={day} skips or clamps by client"
        assert int(start[6:]) == day or day == -1, f"{uid}: DTSTART is not the first occurrence"


def test_feeds_use_only_shapes_every_client_honours(client_cases):
    for name, _, _, feeds in client_cases:
        for path, data in feeds.items():
            _lint(f"{name}:{path}", data)


def test_reminders_follow_site_yaml_and_do_not_change_identity(real, real_feeds, tmp_path):
    base = _read(BASE_CONTENT)
    assert base.site.reminder_days == 3 and real.site.reminder_days == 3  # the default, and content/site.yaml's
    for path, data in real_feeds[1].items():
        assert data.count(b"BEGIN:VALARM") == data.count(b"BEGIN:VEVENT"), path
    plain, reminded = _build(_reminding(base, None), tmp_path / "a"), _build(_reminding(base, 2), tmp_path / "b")
    assert b"VALARM" not in plain["lich/tat-ca.ics"]
    data = reminded["lich/tat-ca.ics"]
    assert data.count(b"BEGIN:VALARM") == data.count(b"BEGIN:VEVENT") > 0
    assert b"TRIGGER:-P1DT15H\r\n" in data and b"ACTION:DISPLAY\r\n" in data  # 09:00, two days before
    assert "DESCRIPTION:Còn 2 ngày đến hạn: Báo cáo tháng\r\n".encode() in data
    same_day = _build(_reminding(base, 0), tmp_path / "d")["lich/tat-ca.ics"]
    assert b"TRIGGER:PT9H\r\n" in same_day and "DESCRIPTION:Hôm nay đến hạn: ".encode() in same_day
    assert {u: (_prop(b, "DTSTART"), _prop(b, "RRULE")) for u, b in _events(data).items()} == {
        u: (_prop(b, "DTSTART"), _prop(b, "RRULE")) for u, b in _events(plain["lich/tat-ca.ics"]).items()}
    for wrong in (-1, 366):
        with pytest.raises(ValueError):
            _build(_reminding(base, wrong), tmp_path / "c")


def test_reminder_days_is_checked_in_site_yaml(tmp_path, heza):
    shutil.copytree(BASE_CONTENT, tmp_path / "content")
    site = tmp_path / "content" / "site.yaml"
    for value, code in (("0", 0), ("365", 0), ("null", 0), ("366", 1), ("-1", 1), ("ba", 1)):
        site.write_text(site.read_text(encoding="utf-8").split("reminder_days")[0].rstrip("\n")
                        + f"\nreminder_days: {value}\n", encoding="utf-8")
        run = heza("check", "--content", "content", cwd=tmp_path)
        assert run.code == code, (value, run.out, run.err)
        if code:
            assert "site.yaml" in run.out + run.err and "reminder_days" in run.out + run.err


# --- identity: byte-identical builds, updates not duplicates -------------------------------

def test_two_builds_are_byte_identical(real, tmp_path):
    assert _build(real, tmp_path / "a", _real_state()) == _build(real, tmp_path / "b", _real_state())
    work = tmp_path / "content"
    shutil.copytree(REAL, work)
    state_path = work / STATE_FILE
    first = _build(real, tmp_path / "c", FeedState.load(state_path, day=date(2026, 1, 1)))
    before = state_path.read_bytes() if state_path.exists() else None
    state = FeedState.load(state_path, day=date(2026, 1, 2))
    assert _build(real, tmp_path / "d", state) == first
    assert not state.changed and (state_path.read_bytes() if state_path.exists() else None) == before


def test_changed_deadline_is_an_update_not_a_duplicate(tmp_path):
    work = tmp_path / "content"
    shutil.copytree(REAL, work)
    state_path = work / STATE_FILE
    state_path.unlink()  # a history that starts on the test's own days (the committed one has later stamps)
    before = _build(_read(work), tmp_path / "a", FeedState.load(state_path, day=date(2025, 6, 1)))
    plan = work / "plans" / "2025-1488-kh-bql.yaml"
    text = plan.read_text(encoding="utf-8")
    edited, count = re.subn(r"^(\s*deadline: )(['\"]?)trước ngày 15/5/2025\2$", r"\1\2trước ngày 16/5/2025\2", text,
                           flags=re.M)
    assert count == 1
    plan.write_text(edited, encoding="utf-8")
    after = _build(_read(work), tmp_path / "b", FeedState.load(state_path, day=date(2025, 6, 2)))
    changed = "2025-1488-kh-bql_bc-bao-cao-so-ket-gui-so-noi-vu@lich.cchc.heza.gov.vn"
    assert sorted(before) == sorted(after)
    for path in before:
        old, new = _events(before[path]), _events(after[path])
        assert sorted(old) == sorted(new), f"{path}: UIDs changed"
        for uid in old:
            if uid != changed:
                assert old[uid] == new[uid], f"{path}: {uid} changed"
        if changed in old:
            assert int(_prop(new[changed], "SEQUENCE")) == int(_prop(old[changed], "SEQUENCE")) + 1
            assert _prop(new[changed], "DTSTAMP") == _prop(new[changed], "LAST-MODIFIED") == "20250602T000000Z"
            assert _prop(new[changed], "DTSTART") == "20250516"
    assert parse_state(state_path.read_text(encoding="utf-8"))[changed].sequence >= 1


def test_new_event_is_stamped_with_its_plan_issue_date(tmp_path):
    data = _build(_read(BASE_CONTENT), tmp_path)["lich/tat-ca.ics"]
    for block in _events(data).values():
        assert (_prop(block, "DTSTAMP"), _prop(block, "SEQUENCE")) == ("20240124T000000Z", "0")


def test_build_day_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 3, 5, 23, tzinfo=UTC).timestamp())))
    assert build_day() == date(2026, 3, 5)
    state = FeedState({"u@x": parse_state("version: 1\nevents:\n  u@x: {fingerprint: \"aaaaaaaaaaaaaaaa\", "
                                          "sequence: 2, modified: 2025-01-01}\n")["u@x"]})
    assert state.stamp("u@x", "b" * 16, date(2020, 1, 1)).modified == date(2026, 3, 5)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm nay")
    with pytest.raises(HistoryError):
        build_day()


def test_state_file_round_trips_and_rejects_bad_files(tmp_path):
    state = FeedState(path=tmp_path / STATE_FILE, day=date(2025, 1, 1))
    assert not state.save() and not (tmp_path / STATE_FILE).exists()  # nothing changed, nothing written
    state.stamp("a_b@x", "0" * 16, date(2024, 1, 24))
    state.stamp("a_c@x", "1" * 16, date(2024, 1, 24))
    assert state.save()
    loaded = FeedState.load(tmp_path / STATE_FILE)
    assert loaded.entries == state.entries and loaded.text() == state.text() and not loaded.changed
    assert loaded.stamp("a_b@x", "2" * 16, date(2024, 1, 24)).sequence == 1
    for bad in ("events: [", "version: 2\nevents: {}\n", "version: 1\nevents:\n  u: {fingerprint: xyz}\n",
                "version: 1\nevents:\n  u: {fingerprint: \"abcdefabcdefabcd\", sequence: -1, modified: 2025-01-01}\n"):
        (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
        with pytest.raises(HistoryError):
            FeedState.load(tmp_path / "bad.yaml")
    assert FeedState.for_content(REAL).entries is not None  # the committed file reads


def test_retired_uids_leave_the_history(tmp_path):
    """UIDs with "/" are no longer published: read, the history drops them and is saved again without them."""
    path = tmp_path / STATE_FILE
    path.write_text('version: 1\nevents:\n  "p/nv-1@x": {fingerprint: "aaaaaaaaaaaaaaaa", sequence: 4, '
                    'modified: 2025-01-01}\n  "p_nv-1@x": {fingerprint: "bbbbbbbbbbbbbbbb", sequence: 1, '
                    'modified: 2025-02-01}\n', encoding="utf-8")
    state = FeedState.load(path)
    assert list(state.entries) == ["p_nv-1@x"] and state.changed
    assert state.save() and "p/nv-1" not in path.read_text(encoding="utf-8")
    assert not FeedState.load(path).changed


def test_committed_history_holds_the_published_uids_only_in_their_current_form(real_feeds):
    """content/lich-su-lich.yaml (written by `heza build`, committed) has every published event, and only UIDs of
    the current form: the retired ones with "/" do not linger."""
    entries = parse_state((REAL / STATE_FILE).read_text(encoding="utf-8"))
    assert set(_events(real_feeds[1]["lich/tat-ca.ics"])) <= set(entries)
    assert not any("/" in uid for uid in entries)


def test_check_never_writes_the_state_file(tmp_path, heza):
    shutil.copytree(BASE_CONTENT, tmp_path / "content")
    assert heza("check", "--content", "content", cwd=tmp_path).code == 0
    assert not (tmp_path / "content" / STATE_FILE).exists()


# --- size --------------------------------------------------------------------------

def test_every_feed_stays_under_google_limit(real, real_feeds, tmp_path):
    largest = max(len(d) for d in real_feeds[1].values())
    big = _read(_ten_times(tmp_path))
    assert len(big.plans) == 10 * len(real.plans)
    feeds = _build(_reminding(big, 1), tmp_path / "out")
    assert feeds["lich/tat-ca.ics"].count(b"BEGIN:VEVENT") == 10 * real_feeds[1]["lich/tat-ca.ics"].count(
        b"BEGIN:VEVENT")
    largest_big = max(len(d) for d in feeds.values())
    print(f"largest feed: real content {largest} bytes, ten times {largest_big} bytes (with reminders)")
    assert largest < SIZE_LIMIT and largest_big < SIZE_LIMIT


# --- parsers ---------------------------------------------------------------------------

def test_icalendar_round_trips_every_feed(client_cases):
    for name, _, _, feeds in client_cases:
        for path, data in feeds.items():
            assert Calendar.from_ical(data).to_ical() == data, f"{name}:{path}"


def test_icaljs_expands_exactly_the_computed_dates(client_cases, icaljs):
    for name, content, folder, feeds in client_cases:
        horizon = _horizon(content)
        result = icaljs([folder / p for p in feeds], horizon)
        for path in feeds:
            assert _by_item(result[str(folder / path)]) == _expected(content, horizon, path), f"{name}:{path}"


def test_libical_expands_exactly_the_computed_dates_and_finds_no_rfc5546_problem(client_cases, libical):
    for name, content, folder, feeds in client_cases:
        horizon = _horizon(content)
        result = libical([folder / p for p in feeds], horizon)
        assert result["errors"] == {}, name
        for path in feeds:
            assert _by_item(result["feeds"][str(folder / path)]) == _expected(content, horizon, path), f"{name}:{path}"


def test_both_clients_agree_event_by_event(real_feeds, icaljs, libical, real):
    folder, feeds = real_feeds
    files, horizon = [folder / p for p in feeds], _horizon(real)
    assert icaljs(files, horizon) == libical(files, horizon)["feeds"]


def test_unclear_document_number_never_stands_in_a_calendar_name(real_feeds):
    """Regression: OCR placeholders reached calendar names ("Hạn CCHC – Kế hoạch 47?2/KH-BQL")."""
    data = real_feeds[1]["lich/ke-hoach/2023-par-index-sipas-papi-kh-bql.ics"]
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Hạn CCHC – Kế hoạch KH-BQL ngày 21/09/2023 (số chưa rõ)"
    for path, feed in real_feeds[1].items():
        unfolded = feed.replace(b"\r\n ", b"").decode("utf-8")
        assert "47?2" not in unfolded and "?05" not in unfolded, path
