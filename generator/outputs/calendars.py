"""iCalendar feeds of report and task deadlines, for Outlook, Google, Apple Calendar and Thunderbird.

Feeds (public URLs, stable once published; every unit and every plan gets one, empty or not,
so a URL never disappears while its unit or plan exists):
the combined feed, one per unit and one per plan (paths in generator/routes.py).

Each deadline is an all-day event (DATE values, exclusive DTEND, TRANSP:TRANSPARENT) on the day
the document states, never later; when that day is a day off the description says so and gives
the last working day before it to send by. Shapes follow the field notes (NOTES.md, "iCalendar
feeds that work in real clients"):

- a recurrence is one RRULE Outlook can map: `FREQ=MONTHLY;BYMONTHDAY=d`,
  `FREQ=MONTHLY;INTERVAL=3|6;BYMONTHDAY=d` or `FREQ=YEARLY;BYMONTH=m;BYMONTHDAY=d`, from its
  first occurrence, with UNTIL (a DATE) at the plan's end, or at the listing horizon of pages and
  data when the plan states none (the description says the series goes on);
  never a list, never COUNT. Months a single rule cannot cover (quarters I and II only; day 30
  of every month, which is the last day of February) become one yearly series per month.
  `BYMONTHDAY=-1` stands for a day the month does not have (the schedule reads it as the last day);
- a list of dates is one event per date; deadlines with no calendar date give no event.

UIDs: `<plan-id>/<anchor>@lich.cchc.heza.gov.vn` for an item's first event; further events of
the same item add `/<YYYY-MM-DD>` (a date of a list) or `/thang-<MM>` (a month's series). They
depend on content ids only. DTSTAMP, LAST-MODIFIED and SEQUENCE come from `feedstate.FeedState`.

Reminders (VALARM, `reminder_days`) are best effort: Google and Outlook ignore them in
subscriptions and Apple drops them by default; each calendar's description tells staff to set
a default reminder on the subscribed calendar instead.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Literal

from icalendar import Alarm, Calendar, Event, vDuration

from generator import routes
from generator.engine.files import write_if_changed
from generator.errors import CalendarError
from generator.facts.items import (
    Item,
    listing_horizon,
    plan_items,
    work_calendar,
)
from generator.facts.names import issue_date, number_read, short_name
from generator.outputs.calendar_history import FeedState
from generator.outputs.icsbytes import component_bytes
from generator.source import deadlines as dl
from generator.source.model import Content, Plan, Unit
from generator.source.workdays import DueDate, day_off_note

UID_DOMAIN = "lich.cchc.heza.gov.vn"
PRODID = "-//Ban Quan ly Khu kinh te Hai Phong//Lich han cai cach hanh chinh//VI"
TIMEZONE = "Asia/Ho_Chi_Minh"
REFRESH = timedelta(hours=12)
SIZE_LIMIT = 1_000_000  # Google Calendar stops reading larger subscriptions
CATEGORY = {"report": "Hạn báo cáo", "task": "Hạn nhiệm vụ"}
SUMMARY_TITLE_CHARS = 90
REMINDER_TEXT = "Sắp đến hạn"

_MIN_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_MAX_DAYS = _MIN_DAYS | {2: 29}


@dataclass(frozen=True)
class FeedInfo:
    """One published calendar: where it is, its name, what it covers."""

    path: str
    title: str
    kind: Literal["all", "unit", "plan"]
    key: str


@dataclass(frozen=True)
class Window:
    """The deadlines a feed over 1 MB keeps: those due from `start` on (up to `end`, when only the
    nearest coming ones fit)."""

    start: date
    end: date | None = None

    def span(self) -> str:
        """`từ ngày 01/01/2025` or `từ ngày 22/11/2026 đến ngày 15/03/2027`."""
        return f"từ ngày {self.start:%d/%m/%Y}" + (f" đến ngày {self.end:%d/%m/%Y}" if self.end else "")

    def note(self) -> str:
        """The sentence the feed's description gives."""
        return (f"Do giới hạn 1 MB của Google Calendar, lịch này chỉ gồm các hạn {self.span()}; "
                "trang của từng kế hoạch ghi đủ mọi hạn.")


@dataclass(frozen=True)
class WrittenFeed:
    """A feed as written: its catalog entry, the events its file holds, its window when cut to 1 MB."""

    info: FeedInfo
    event_count: int
    window: Window | None


@dataclass(frozen=True)
class Series:
    """The dates of one VEVENT: one day, or a recurrence from its first day."""

    suffix: str  # "" for the item's first event
    start: date
    rrule: dict | None  # RRULE parts in Outlook-friendly order (FREQ first)
    months: tuple[int, ...]  # months of the year the series falls in
    dues: tuple[DueDate, ...]  # the item's computed dues this event carries


@dataclass(frozen=True)
class EventData:
    """Everything one VEVENT says except its history stamps.

    Its summary and description are written when the VEVENT is, not kept: at 10,000 plans they
    would be a gigabyte of text held while every feed is assembled."""

    uid: str
    item: Item
    series: Series
    url: str
    units: dict[str, Unit] = field(compare=False, repr=False)  # the registry by id, shared by every event

    def texts(self) -> tuple[str, str]:
        """Its summary and description."""
        return summary(self.item, self.units), description(self.item, self.series, self.units, self.url)

    def fingerprint(self, organizer: str | None, texts: tuple[str, str]) -> str:
        """A digest of what subscribers see (`texts`: its summary and description); a change means a new SEQUENCE."""
        data = [self.uid, self.series.start.isoformat(), json.dumps(self.series.rrule, default=str, sort_keys=True),
                *texts, self.url, CATEGORY[self.item.kind], organizer or ""]
        return hashlib.sha256("\x1f".join(data).encode("utf-8")).hexdigest()[:20]

    @cached_property
    def last_due(self) -> date:
        """The last date the event falls on (its start when it has no computed dues); once per event,
        which the preview keeps while its plan is unchanged (the combined feed is windowed by it)."""
        return max((d.stated for d in self.series.dues), default=self.series.start)


# --- dates and recurrences ---------------------------------------------------------

def _recurrence(rule: dl.Rule) -> tuple[int, tuple[int, ...]]:
    """Day of month and months of the year of a recurring rule."""
    if isinstance(rule, dl.Monthly):
        return rule.day, tuple(range(1, 13))
    if isinstance(rule, dl.Quarterly):
        return rule.day, tuple(q * 3 - 3 + rule.month_of_quarter for q in rule.quarters)
    return rule.day, (rule.month,)


def _month_days(day: int, months: tuple[int, ...]) -> dict[int, int]:
    """BYMONTHDAY per month: the day, or -1 where the month may be too short and the day means its last."""
    if all(day <= _MIN_DAYS[m] for m in months):
        return {m: day for m in months}
    if all(day >= _MAX_DAYS[m] for m in months):
        return {m: -1 for m in months}
    return {m: day if day <= _MIN_DAYS[m] else -1 for m in months}


def _evenly_spaced(months: tuple[int, ...]) -> bool:
    """True when the months repeat every 12/n months, so one MONTHLY (or YEARLY) rule covers them."""
    if 12 % len(months):
        return False
    step = 12 // len(months)
    return all(b - a == step for a, b in zip(months, months[1:]))


def _month_groups(day: int, months: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """(BYMONTHDAY, months) for each RRULE needed: one when possible, else one per month."""
    values = _month_days(day, months)
    groups = []
    for value in dict.fromkeys(values[m] for m in sorted(months)):
        same = tuple(sorted(m for m in months if values[m] == value))
        groups.extend([(value, same)] if _evenly_spaced(same) else [(value, (m,)) for m in same])
    return groups


def _rrule(value: int, months: tuple[int, ...], until: date | None) -> dict:
    """RRULE parts for a group of evenly spaced months."""
    if len(months) == 1:
        parts = {"FREQ": "YEARLY", "BYMONTH": months[0], "BYMONTHDAY": value}
    elif len(months) == 12:
        parts = {"FREQ": "MONTHLY", "BYMONTHDAY": value}
    else:
        parts = {"FREQ": "MONTHLY", "INTERVAL": 12 // len(months), "BYMONTHDAY": value}
    return parts | ({"UNTIL": until} if until else {})


def item_series(item: Item) -> tuple[Series, ...]:
    """The VEVENTs an item needs, first event first; none when the deadline has no date."""
    if not item.recurring:
        days = sorted({d.stated for d in item.dues})
        return tuple(Series("" if i == 0 else day.isoformat(), day, None, (day.month,),
                            tuple(d for d in item.dues if d.stated == day)) for i, day in enumerate(days))
    occurrences = tuple(d.stated for d in item.dues)
    if not occurrences:
        return ()
    day, months = _recurrence(item.deadline.rule)
    until = item.listed_until or item.ends
    found = []
    for value, group in _month_groups(day, months):
        starts = [d for d in occurrences if d.month in group]
        if starts:
            dues = tuple(d for d in item.dues if d.stated.month in group)
            found.append((min(starts), value, group, dues))
    found.sort(key=lambda f: f[0])
    return tuple(Series("" if i == 0 else f"thang-{group[0]:02d}", start, _rrule(value, group, until), group, dues)
                 for i, (start, value, group, dues) in enumerate(found))


def series_uid(item: Item, series: Series) -> str:
    """Stable UID from the plan id, the item's anchor and the series suffix."""
    tail = f"/{series.suffix}" if series.suffix else ""
    return f"{item.plan.id}/{item.anchor}{tail}@{UID_DOMAIN}"


# --- Vietnamese text ---------------------------------------------------------------

def _lower_first(text: str) -> str:
    """`Báo cáo quý` → `báo cáo quý`; acronyms (`UBND …`) stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _clip(text: str, limit: int) -> str:
    """The text cut at a word boundary to about `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def _names(units: dict[str, Unit], ids: tuple[str, ...], short: bool) -> str:
    """Unit names joined with semicolons (names themselves contain commas)."""
    return "; ".join(units[i].short if short else units[i].name for i in ids)


def _sender_to_receiver(senders: str, receivers: str) -> str:
    """`Văn phòng → Sở Nội vụ`, or what is known of it."""
    if senders and receivers:
        return f"{senders} → {receivers}"
    return f"gửi {receivers}" if receivers else senders


def summary(item: Item, units: dict[str, Unit]) -> str:
    """What is due and for whom: `Hạn báo cáo quý: Văn phòng → Sở Nội vụ`."""
    if item.kind == "report":
        who = _sender_to_receiver(_names(units, item.lead, True), _names(units, item.recipients, True))
        head = "Hạn " + _lower_first(_clip(item.title, SUMMARY_TITLE_CHARS))
        return f"{head}: {who}" if who else head
    head = "Hạn nhiệm vụ: " + _clip(item.title, SUMMARY_TITLE_CHARS)
    lead = _names(units, item.lead, True)
    return f"{head} – {lead}" if lead else head


def _document_line(plan: Plan) -> str:
    """`Kế hoạch 1488/KH-BQL ngày 18/04/2025: <trích yếu>`."""
    doc = plan.document
    dated = "" if not number_read(doc) else " " + issue_date(doc.date)  # an unclear number's name has its date
    return f"{short_name(doc)}{dated}: {' '.join(doc.title.split())}"


def _repeat_line(series: Series, item: Item) -> str:
    """`Lặp lại: ngày 10 hằng tháng, từ 10/01/2024 đến 31/12/2024`; a series listed only to the horizon says
    how far the document runs it."""
    value = series.rrule["BYMONTHDAY"]
    day = "ngày cuối" if value == -1 else f"ngày {value}"
    when = f"{day} hằng tháng" if len(series.months) == 12 else \
        f"{day} tháng {', '.join(str(m) for m in series.months)} hằng năm"
    until = series.rrule["UNTIL"]
    if item.open_ended:
        return (f"Lặp lại: {when}, từ {series.start:%d/%m/%Y}. Văn bản không nêu ngày kết thúc: lịch ghi các kỳ "
                f"đến {until:%d/%m/%Y}; sau đó việc vẫn lặp lại theo văn bản.")
    if item.listed_until:
        return (f"Lặp lại: {when}, từ {series.start:%d/%m/%Y}; văn bản nêu đến {item.ends:%d/%m/%Y}, "
                f"lịch ghi các kỳ đến {until:%d/%m/%Y}.")
    return f"Lặp lại: {when}, từ {series.start:%d/%m/%Y} đến {until:%d/%m/%Y}"


def _workday_lines(series: Series, recurring: bool) -> list[str]:
    """Each due date of the event that is a day off, with the last working day before it."""
    off = [d for d in series.dues if d.off]
    if not recurring:
        return [f"Ngày {d.stated:%d/%m/%Y} {day_off_note(d)}." for d in off]
    return ["Kỳ hạn rơi vào ngày nghỉ:"] * bool(off) + [f"- {d.stated:%d/%m/%Y} {day_off_note(d)}" for d in off]


def description(item: Item, series: Series, units: dict[str, Unit], url: str) -> str:
    """Plan, task or report, units, deliverable, deadline as worded, working-day note, link."""
    lines = [_document_line(item.plan)]
    if item.kind == "task":
        if item.context:
            lines.append(item.context)
        number = f" {item.number}" if item.number else ""
        lines.append(f"Nhiệm vụ{number}: {item.title}")
        if item.lead:
            lines.append(f"Chủ trì: {_names(units, item.lead, False)}")
        if item.coordinate:
            lines.append(f"Phối hợp: {_names(units, item.coordinate, False)}")
        if item.implement:
            lines.append(f"Thực hiện: {_names(units, item.implement, False)}")
        if item.deliverable:
            lines.append(f"Sản phẩm: {item.deliverable}")
    else:
        lines.append(f"Báo cáo: {item.title}")
        if item.lead:
            lines.append(f"Đơn vị gửi: {_names(units, item.lead, False)}")
        if item.recipients:
            lines.append(f"Nơi nhận: {_names(units, item.recipients, False)}")
        if item.report_text:
            lines.append(f"Văn bản nêu: {' '.join(item.report_text.split())}")
    lines.append(f"Thời hạn theo văn bản: {item.deadline.wording}")
    if series.rrule:
        lines.append(_repeat_line(series, item))
    lines += _workday_lines(series, item.recurring)
    lines.append(f"Chi tiết: {url}")
    return "\n".join(lines)


# --- events and calendars ----------------------------------------------------------

def item_url(content: Content, item: Item) -> str:
    """The task or report on its plan page, absolute."""
    return routes.page_url(content.site.base_url, routes.plan_page(item.plan.id), item.anchor)


def item_events(content: Content, item: Item, units: dict[str, Unit]) -> tuple[EventData, ...]:
    """The events of one item, without history stamps."""
    url = item_url(content, item)
    return tuple(EventData(series_uid(item, s), item, s, url, units)
                 for s in item_series(item))


def _organizer(content: Content) -> str | None:
    """The publisher's address: with it the feeds say METHOD:PUBLISH (RFC 5546 wants an ORGANIZER)."""
    return f"mailto:{content.site.email}" if content.site.email else None


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), timezone.utc)


def _trigger(days: int) -> timedelta:
    """09:00 local, `days` days before the (floating, all-day) start."""
    return timedelta(days=-days, hours=9)


def _vevent(content: Content, data: EventData, state: FeedState, reminder_days: int | None) -> Event:
    """One VEVENT with its history from the state file."""
    organizer = _organizer(content)
    texts = data.texts()
    stamp = state.stamp(data.uid, data.fingerprint(organizer, texts), data.item.plan.document.date.earliest())
    event = Event()
    event.add("uid", data.uid)
    event.add("dtstamp", _utc_midnight(stamp.modified))
    event.add("last-modified", _utc_midnight(stamp.modified))
    event.add("sequence", stamp.sequence)
    event.add("dtstart", data.series.start)
    event.add("dtend", data.series.start + timedelta(days=1))
    if data.series.rrule:
        event.add("rrule", {k.lower(): v for k, v in data.series.rrule.items()})
    event.add("summary", texts[0])
    event.add("description", texts[1])
    event.add("url", data.url)
    event.add("categories", [CATEGORY[data.item.kind]])
    event.add("transp", "TRANSPARENT")
    if organizer:
        event.add("organizer", organizer, parameters={"CN": content.site.name})
    if reminder_days is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", REMINDER_TEXT)
        alarm.add("trigger", _trigger(reminder_days))
        event.add_component(alarm)
    return event


@dataclass(frozen=True)
class Feed:
    """One calendar to write: where, its description, and the events of each plan it holds (sorted into
    feed order only when it is written)."""

    info: FeedInfo
    description: str
    parts: tuple[tuple[EventData, ...], ...]
    window: Window | None = None

    @cached_property
    def events(self) -> tuple[EventData, ...]:
        """Its events in feed order (date, then UID)."""
        return tuple(sorted(chain.from_iterable(self.parts), key=_event_order))


def _calendar_description(scope: str, content: Content) -> str:
    """What the calendar holds, how dates are placed, and the advice on reminders."""
    return (f"{scope} Mỗi sự kiện là một hạn báo cáo hoặc hạn nhiệm vụ, đặt vào đúng ngày văn bản nêu; "
            "nếu ngày đó là ngày nghỉ, phần mô tả ghi ngày làm việc cuối cùng trước đó để gửi kịp. "
            "Lịch tự cập nhật khi kế hoạch thay đổi. Nhắc việc: hãy đặt lời nhắc mặc định cho lịch này "
            f"trong ứng dụng lịch của bạn. Nguồn: {content.site.name}, {content.site.base_url}")


def _event_order(event: EventData) -> tuple:
    return (event.series.start, event.uid)


@dataclass(frozen=True)
class PlanEvents:
    """The events of one plan: all of them, and those of each unit concerned."""

    events: tuple[EventData, ...]
    by_unit: dict[str, tuple[EventData, ...]]


def plan_events(content: Content, items: tuple[Item, ...]) -> PlanEvents:
    """The events of one plan's dated `items`, and which units each concerns."""
    units = {u.id: u for u in content.units}
    everything: list[EventData] = []
    by_unit: dict[str, list[EventData]] = {}
    for item in items:
        events = item_events(content, item, units)
        everything.extend(events)
        for unit_id in item.units:
            by_unit.setdefault(unit_id, []).extend(events)
    return PlanEvents(tuple(everything), {unit_id: tuple(found) for unit_id, found in by_unit.items()})


def feed_set(content: Content, today: date, events: Mapping[str, PlanEvents] | None = None) -> tuple[Feed, ...]:
    """Every feed with its events: all plans, each unit, each plan (`events`: each plan's, by plan id; computed
    here when not given, with recurrences with no stated end up to the horizon the pages use)."""
    if events is None:
        calendar, horizon = work_calendar(content), listing_horizon(today)
        events = {p.id: plan_events(content, plan_items(p, calendar, horizon)) for p in content.plans}
    plans = [events[plan.id] for plan in content.plans]
    by_unit: dict[str, list[tuple[EventData, ...]]] = {}
    for part in plans:  # one pass, not one scan of every item per unit
        for unit_id, found in part.by_unit.items():
            by_unit.setdefault(unit_id, []).append(found)
    scopes = [(f"Hạn báo cáo và hạn nhiệm vụ của mọi kế hoạch cải cách hành chính đăng trên trang của "
               f"{content.site.name}.", [part.events for part in plans])]
    scopes += [(f"Hạn báo cáo và hạn nhiệm vụ cải cách hành chính mà {unit.name} chủ trì, phối hợp, phải gửi "
                "hoặc nhận.", by_unit.get(unit.id, [])) for unit in content.units]
    scopes += [(f"Hạn báo cáo và hạn nhiệm vụ của {_document_line(plan)}.", [part.events])
               for plan, part in zip(content.plans, plans)]
    return tuple(Feed(info, _calendar_description(scope, content), tuple(parts))
                 for info, (scope, parts) in zip(feed_catalog(content), scopes, strict=True))


def feed_catalog(content: Content) -> tuple[FeedInfo, ...]:
    """Every feed `write_feeds` writes: the all-plans feed, then units (registry order), then plans (id order)."""
    plans = tuple(FeedInfo(routes.plan_feed(plan.id),
                           f"Hạn CCHC – {short_name(plan.document)}",
                           "plan", plan.id) for plan in content.plans)
    return (FeedInfo(routes.ALL_FEED, "Hạn CCHC – Tất cả kế hoạch", "all", ""),
            *(FeedInfo(routes.unit_feed(unit.id), f"Hạn CCHC – {unit.short}", "unit", unit.id)
              for unit in content.units), *plans)


def _plain(text: str) -> str:
    """One line of text for NAME and X-WR-*, written unescaped as clients read them (ical.js shows `\\,`)."""
    return " ".join(text.replace("\\", "/").split())


def _calendar(content: Content, feed: Feed) -> Calendar:
    """The VCALENDAR of one feed, without its events (write_feeds splices those in)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if _organizer(content):
        cal.add("method", "PUBLISH")
    cal.add("name", _plain(feed.info.title))
    cal.add("x-wr-calname", _plain(feed.info.title))
    cal.add("description", feed.description)
    cal.add("x-wr-caldesc", _plain(feed.description))
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode("ascii"))
    cal.add("source", content.site.base_url + feed.info.path, parameters={"VALUE": "URI"})
    return cal


_END = b"END:VCALENDAR\r\n"


def _spliced(empty_calendar: bytes, event_blocks: list[bytes]) -> bytes:
    """A calendar's bytes with its events' bytes inserted before END:VCALENDAR."""
    assert empty_calendar.endswith(_END)
    return empty_calendar[: -len(_END)] + b"".join(event_blocks) + _END


def remove_stale_feeds(out_dir: Path, keep: set[Path]) -> None:
    """Delete .ics files of feeds that no longer exist (a removed unit or plan)."""
    root = out_dir / routes.FEEDS_DIR
    for path in sorted(root.rglob("*.ics")) if root.is_dir() else ():
        if path not in keep:
            path.unlink()


def _next_due(event: EventData, day: date) -> date:
    return min((d.stated for d in event.series.dues if d.stated >= day), default=event.last_due)


def _with_events(feed: Feed, events: list[EventData], window: Window) -> Feed:
    order = {e.uid: n for n, e in enumerate(feed.events)}
    return Feed(feed.info, f"{feed.description} {window.note()}",
                (tuple(sorted(events, key=lambda e: order[e.uid])),), window)


def fit(feed: Feed, sizes: Mapping[str, int], overhead: int, day: date) -> Feed:
    """The feed, or, when over Google's 1 MB, only its deadlines from a cutoff near `day` (said in its description).

    Cutoffs are tried in order: the start of last year, of this year, 90 days ago, today; past that,
    the nearest coming deadlines that fit. `day` is the build day, so the window is deterministic.
    """
    budget = SIZE_LIMIT - overhead - 600  # room for the sentence that states the window
    if sum(sizes[e.uid] for e in feed.events) <= budget:
        return feed
    for cutoff in (date(day.year - 1, 1, 1), date(day.year, 1, 1), day - timedelta(days=90), day):
        kept = [e for e in feed.events if e.last_due >= cutoff]
        if sum(sizes[e.uid] for e in kept) <= budget:
            return _with_events(feed, kept, Window(cutoff))
    kept, used = [], 0
    for event in sorted((e for e in feed.events if e.last_due >= day), key=lambda e: (_next_due(e, day), e.uid)):
        if used + sizes[event.uid] > budget:
            break
        kept.append(event)
        used += sizes[event.uid]
    return _with_events(feed, kept, Window(day, max((_next_due(e, day) for e in kept), default=day)))


def event_blocks(content: Content, events: tuple[EventData, ...], state: FeedState,
                 reminder_days: int | None = None) -> dict[str, bytes]:
    """UID → the folded bytes of the VEVENT of each of `events` (one plan's), stamped from the history."""
    return {e.uid: component_bytes(_vevent(content, e, state, reminder_days)) for e in events}


def feed_bytes(content: Content, feed: Feed, blocks: Mapping[str, bytes], day: date) -> tuple[bytes, WrittenFeed]:
    """A feed's file (cut to fit 1 MB around `day` when it must be) and what it holds.

    Each VEVENT is folded once and spliced into every feed that holds it: the bytes are those
    Calendar.to_ical() writes, without serialising an event once per feed."""
    sizes = _Sizes(blocks)
    feed = fit(feed, sizes, len(component_bytes(_calendar(content, feed))), day)
    data = _spliced(component_bytes(_calendar(content, feed)), [blocks[e.uid] for e in feed.events])
    if len(data) > SIZE_LIMIT:
        raise CalendarError(f"{feed.info.path}: {len(data)} byte, quá giới hạn {SIZE_LIMIT} byte của Google Calendar")
    return data, WrittenFeed(feed.info, len(feed.events), feed.window)


class _Sizes(Mapping[str, int]):
    """The byte size of each event's VEVENT, read from the blocks when asked."""

    def __init__(self, blocks: Mapping[str, bytes]) -> None:
        self._blocks = blocks

    def __getitem__(self, uid: str) -> int:
        return len(self._blocks[uid])

    def __iter__(self) -> Iterator[str]:
        return iter(self._blocks)

    def __len__(self) -> int:
        return len(self._blocks)


def check_reminder_days(reminder_days: int | None) -> None:
    """ValueError unless `reminder_days` is None or a whole number of days from 0 to 365."""
    if reminder_days is not None and not (isinstance(reminder_days, int) and 0 <= reminder_days <= 365):
        raise ValueError("reminder_days must be a whole number of days from 0 to 365")


def write_feeds(content: Content, out_dir: Path, state: FeedState, reminder_days: int | None = None,
                feeds: tuple[Feed, ...] | None = None) -> tuple[WrittenFeed, ...]:
    """Write every feed under out_dir/lich/ and update the event history (the caller saves it once the site
    is built); returns what each file holds."""
    check_reminder_days(reminder_days)
    out_dir = Path(out_dir)
    feeds = feeds if feeds is not None else feed_set(content, state.day())
    blocks: dict[str, bytes] = {}
    for feed in feeds:
        if feed.info.kind == "plan":  # every event is in the feed of its plan
            blocks.update(event_blocks(content, feed.events, state, reminder_days))
    written = []
    for feed in feeds:
        data, holds = feed_bytes(content, feed, blocks, state.day())
        write_if_changed(out_dir / feed.info.path, data)
        written.append(holds)
    remove_stale_feeds(out_dir, {out_dir / w.info.path for w in written})
    return tuple(written)
