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

UIDs: `<plan-id>_<anchor>@lich.cchc.heza.gov.vn` for an item's first event; further events of
the same item add `_<YYYY-MM-DD>` (a date of a list) or `_thang-<MM>` (a month's series). Plan ids,
anchors and suffixes are lower-case letters, digits and hyphens, so `_` cannot be confused with
them, and a UID has no "/" (CalDAV servers and tools that name a file after the UID refuse one).
UIDs depend on content ids only and are public identifiers: their form does not change again.
DTSTAMP, LAST-MODIFIED and SEQUENCE come from `calendar_history.FeedState`.

Titles (SUMMARY) are read in a month cell of about 24 characters: what is due comes first (a
sub-task after its parent's words, no placeholder of an unread digit), then whose it is and in
which role, then the plan's short name (`names.short_name`). The feeds of all plans and of one plan
name the lead (a report: its sender and receiver); a unit's feed says that unit's own role
("Sở Nội vụ phối hợp với Sở Tài chính"). So an event has one SUMMARY per audience, while its UID,
dates, stamps and DESCRIPTION (the full detail) are the same in every feed: each VEVENT is folded
once, and each other title only has its SUMMARY line folded and put in its place (`EventBlock`).
Units are named by `unit_labels`: a short name that is also how another unit's name begins (two
"Văn phòng") gives way to a longer one, so no unit can be taken for another.

Every calendar holds a VTIMEZONE of Asia/Ho_Chi_Minh (the zone X-WR-TIMEZONE names), so a feed with
no deadline is still a calendar with a component (RFC 5545 §3.6) and keeps its URL. Text values,
NAME, X-WR-CALNAME and X-WR-CALDESC included, are escaped as RFC 5545 §3.3.11 says.

Reminders: with `site.reminder_days` set (content/site.yaml), every event has a DISPLAY VALARM at
09:00 that many days before it. Thunderbird shows it, Apple Calendar when "Remove Alarms" (Mac: "Remove Alerts") is off;
Google Calendar and Outlook ignore alarms of a subscribed calendar (the subscribe page says what to
do in each).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from itertools import chain, pairwise
from pathlib import Path
from typing import Any, Literal

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard, vDuration, vText

from generator import routes
from generator.engine.files import write_if_changed
from generator.errors import CalendarError
from generator.facts.items import (
    Item,
    PlanRef,
    listing_horizon,
    plan_items,
    work_calendar,
)
from generator.facts.names import EDITORIAL_TITLE, issue_date, item_label, number_read, short_name, with_unread
from generator.outputs.calendar_history import FeedState
from generator.outputs.icsbytes import component_bytes, fold
from generator.source import deadlines as dl
from generator.source.model import Content, Plan, Unit
from generator.source.workdays import DueDate, day_off_note

UID_DOMAIN = "lich.cchc.heza.gov.vn"
PRODID = "-//Ban Quan ly Khu kinh te Hai Phong//Lich han cai cach hanh chinh//VI"
TIMEZONE = "Asia/Ho_Chi_Minh"
REFRESH = timedelta(hours=12)
SIZE_LIMIT = 1_000_000  # Google Calendar stops reading larger subscriptions
CATEGORY = {"report": "Hạn báo cáo", "task": "Hạn nhiệm vụ"}
TITLE_CHARS = 160  # a title at most (the description has all of it), unless its what, whose and plan need more
TITLE_WHAT_CHARS = 80  # what is due, at the head of a title: at most this …
TITLE_WHAT_MIN = 48  # … and at least this when whose and which plan are long
TITLE_PARENT_CHARS = 45  # a sub-task's parent words before its own: at most this …
TITLE_PARENT_MIN = 36  # … and at least this (cut at a word): a title's first 30 characters are the parent's
TITLE_UNITS_CHARS = 40, 60  # the units a title names (at least one) fit in this; the last one of them in that
TITLE_OTHERS_CHARS = 24, 40  # the same for the other units a unit's own role names ("chủ trì cùng …")
# Abbreviations every officer reads at a glance (the glossary spells them out); in titles only.
TITLE_ABBREVIATIONS = {"cải cách hành chính": "CCHC", "thủ tục hành chính": "TTHC", "ủy ban nhân dân": "UBND",
                       "uỷ ban nhân dân": "UBND"}
_ABBREVIATE = re.compile("|".join(map(re.escape, TITLE_ABBREVIATIONS)), re.IGNORECASE)
_UNREAD_NUMBER = re.compile(r"[0-9?]*\?[0-9?]*")  # "47?2", "201?", "?020": a number with an unread digit

_MIN_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_MAX_DAYS = _MIN_DAYS | {2: 29}


@dataclass(frozen=True)
class FeedInfo:
    """One published calendar: where it is, its name, what it covers."""

    path: str
    title: str
    kind: Literal["all", "unit", "plan"]
    key: str

    @property
    def audience(self) -> str:
        """Whose titles the feed shows: a unit's id for a unit's feed, "" for the others (see `title`)."""
        return self.key if self.kind == "unit" else ""


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
    rrule: dict[str, Any] | None  # RRULE parts in Outlook-friendly order (FREQ first)
    months: tuple[int, ...]  # months of the year the series falls in
    dues: tuple[DueDate, ...]  # the item's computed dues this event carries


@dataclass(frozen=True)
class EventData:
    """Everything one VEVENT says except its history stamps.

    Its titles and description are written when the VEVENT is, not kept: at 10,000 plans they
    would be a gigabyte of text held while every feed is assembled."""

    uid: str
    item: Item
    series: Series
    url: str
    names: UnitNames = field(compare=False, repr=False)  # the registry, shared by every event

    def titles(self) -> dict[str, str]:
        """Its SUMMARY for each audience: "" (the feeds of all plans and of its plan), then each unit concerned."""
        return titles(self.item, self.names.labels, ("", *self.item.units))

    def description(self) -> str:
        """Its DESCRIPTION, the same in every feed."""
        return description(self.item, self.series, self.names.units, self.url)

    def fingerprint(self, organizer: str | None, reminder_days: int | None, titles: Mapping[str, str],
                    text: str) -> str:
        """A digest of what subscribers see in any feed (its `titles` and description `text`); a change means a
        new SEQUENCE, which is the event's in every feed."""
        data = [self.uid, self.series.start.isoformat(), json.dumps(self.series.rrule, default=str, sort_keys=True),
                *(f"{audience}={line}" for audience, line in sorted(titles.items())), text, self.url,
                CATEGORY[self.item.kind], organizer or "", "" if reminder_days is None else str(reminder_days)]
        return hashlib.sha256("\x1f".join(data).encode("utf-8")).hexdigest()[:20]

    @cached_property
    def last_due(self) -> date:
        """The last date the event falls on (its start when it has no computed dues); once per event,
        which the preview keeps while its plan is unchanged (the combined feed is windowed by it)."""
        return max((d.stated for d in self.series.dues), default=self.series.start)


# --- dates and recurrences ---------------------------------------------------------

def _recurrence(rule: dl.Rule) -> tuple[int, tuple[int, ...]]:
    """Day of month and months of the year of a recurring rule."""
    if isinstance(rule, dl.Monthly) and rule.day is not None:
        return rule.day, tuple(range(1, 13))
    if isinstance(rule, dl.Quarterly):
        return rule.day, tuple(q * 3 - 3 + rule.month_of_quarter for q in rule.quarters)
    if isinstance(rule, dl.Yearly):
        return rule.day, (rule.month,)
    raise ValueError(f"no day of a recurrence in {rule!r}")  # item_series asks only for one with due dates


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
    return all(b - a == step for a, b in pairwise(months))


def _month_groups(day: int, months: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """(BYMONTHDAY, months) for each RRULE needed: one when possible, else one per month."""
    values = _month_days(day, months)
    groups: list[tuple[int, tuple[int, ...]]] = []
    for value in dict.fromkeys(values[m] for m in sorted(months)):
        same = tuple(sorted(m for m in months if values[m] == value))
        groups.extend([(value, same)] if _evenly_spaced(same) else [(value, (m,)) for m in same])
    return groups


def _rrule(value: int, months: tuple[int, ...], until: date | None) -> dict[str, Any]:
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
    """Stable UID from the plan id, the item's anchor and the series suffix, joined by `_` (never `/`)."""
    tail = f"_{series.suffix}" if series.suffix else ""
    return f"{item.plan.id}_{item.anchor}{tail}@{UID_DOMAIN}"


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
    cut = text[:limit].rsplit(" ", 1)[0]
    if cut.rfind("(") > cut.rfind(")"):  # never "(số…": an aside is shown whole or not at all
        cut = cut[:cut.rfind("(")]
    return cut.rstrip(" ,;:.-–…") + "…"


def _upper_first(text: str) -> str:
    """`báo cáo` → `Báo cáo`."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _names(units: Mapping[str, Unit], ids: tuple[str, ...]) -> str:
    """Full unit names joined with semicolons (names themselves contain commas)."""
    return "; ".join(units[i].name for i in ids)


@dataclass(frozen=True)
class UnitNames:
    """The unit registry as events name it: full names in descriptions, labels in titles and calendar names."""

    units: dict[str, Unit]
    labels: dict[str, str]


def _begins(name: str, label: str) -> bool:
    """True when `name` is `label` or starts with it followed by a word's end (both casefolded)."""
    return name == label or (name.startswith(label) and not name[len(label)].isalnum())


# Abbreviations a reader of these calendars knows (titles use them too); any other word in capitals
# ("TTTU", "CVP", "PT&THHP") is the document's shorthand, which a calendar list does not explain.
KNOWN_ABBREVIATIONS = frozenset({"UBND", "HĐND", "CCHC", "TTHC"})
_WORD = re.compile(r"[^\W\d_]+")


def _plain(label: str) -> bool:
    """True when `label` has no shorthand a reader must look up: every word in capitals is a known abbreviation."""
    return all(not (len(w) > 1 and w.isupper()) or w in KNOWN_ABBREVIATIONS for w in _WORD.findall(label))


def unit_labels(units: Iterable[Unit]) -> dict[str, str]:
    """What titles and calendar names call each unit: its short name, unless another unit is also called by it
    (`Văn phòng`, the beginning of `Văn phòng UBND thành phố`); then its first alias that starts with the short
    name and is no other unit's (`Văn phòng Ban Quản lý`), or its short name under its parent's (`Các đơn vị thuộc
    Ban Quản lý`) when no other unit is called so. A name in the document's shorthand (`TTTU`, `CVP`) gives way
    to its shortest plain alias (`Chánh Văn phòng Ủy ban nhân dân thành phố`); failing all of these, the full
    name."""
    units = tuple(units)
    called = {u.id: [n.casefold() for n in (u.short, u.name, *u.aliases)] for u in units}

    def anothers(label: str, owner: str) -> bool:
        key = label.casefold()
        return any(_begins(name, key) for other, names in called.items() if other != owner for name in names)

    shorts = {u.id: u.short for u in units}
    labels = {}
    for unit in units:
        short = unit.short.casefold()
        longer = [a for a in unit.aliases if a.casefold().startswith(short) and len(a) > len(unit.short)]
        under = [f"{unit.short} thuộc {shorts[unit.parent]}"] if unit.parent in shorts else []
        plain = sorted((a for a in unit.aliases if len(a) < len(unit.name)), key=len)
        candidates = (c for c in (unit.short, *longer, *under, *plain) if _plain(c) and not anothers(c, unit.id))
        labels[unit.id] = next(candidates, unit.name)
    return labels


@lru_cache(maxsize=4)
def unit_names(units: tuple[Unit, ...]) -> UnitNames:
    """The registry and labels of a content's units, once per registry (every plan's events share them)."""
    return UnitNames({u.id: u for u in units}, unit_labels(units))


def _title_words(text: str) -> str:
    """Text as a title shows it: one line, common abbreviations, a number with an unread digit said to be unclear
    ("201?" → "(số chưa rõ)"), no closing punctuation."""
    text = _ABBREVIATE.sub(lambda m: TITLE_ABBREVIATIONS[m[0].casefold()], " ".join(text.split()))
    text = _UNREAD_NUMBER.sub(lambda m: "(số chưa rõ)" if any(c.isdigit() for c in m[0]) else m[0], text)
    return text.strip(" .,;:")


_LETTER = re.compile(r"[^\W\d_]")


def _readable(text: str) -> bool:
    """True when a task's words say something: two words with letters (not "…", "… UBND …", "… năm 2022")."""
    found = 0
    for word in text.split():
        found += _LETTER.search(word) is not None
        if found == 2:
            return True
    return False


def _what(item: Item) -> tuple[str, str]:
    """What is due, in two parts: a sub-task's parent words and its own, or "" and the whole; a task whose first
    words the scan does not show leads with its product (`Kế hoạch, Báo cáo của UBND thành phố: … dưỡng cán bộ`)."""
    own = _title_words(item.title)
    if item.kind == "report":
        return "", own if own.casefold().startswith("báo cáo") else f"Báo cáo {_lower_first(own)}"
    if parent := _title_words(item.context):
        return (_upper_first(parent), own) if _readable(own) else ("", parent)
    deliverable = _title_words(item.deliverable or "")
    if own.startswith("…") and _readable(own) and _readable(deliverable):  # its first words are not in the scan
        return _upper_first(deliverable), own
    if _readable(own):
        return "", own
    label = item_label(item.kind, item.number)
    if item.deliverable:
        return "", f"Sản phẩm: {_title_words(item.deliverable)} ({_lower_first(label)}, nội dung chưa rõ)"
    return "", f"{label}: {own}" if own else label


def _head(parts: tuple[str, str], limit: int) -> str:
    """What is due cut to about `limit` characters; a parent's words take about half of them, never fewer than
    TITLE_PARENT_MIN (so the first 30 characters are the parent's words, whole)."""
    parent, own = parts
    what = f"{_clip(parent, max(TITLE_PARENT_MIN, min(TITLE_PARENT_CHARS, limit // 2)))}: {own}" if parent else own
    return _clip(_upper_first(what), limit)


def what_is_due(item: Item, limit: int = TITLE_WHAT_CHARS) -> str:
    """The head of a title, cut to about `limit` characters: a report's name; a task's words, a sub-task's after its
    parent's (`Kiểm tra CCHC: Tối thiểu 30% …`); a task whose words the scan does not show, its product
    (`Sản phẩm: …`)."""
    return _head(_what(item), limit)


def _who(ids: tuple[str, ...], labels: Mapping[str, str], room: tuple[int, int] = TITLE_UNITS_CHARS) -> str:
    """`Sở Nội vụ`, `A; B` or `A và 2 đơn vị khác`: the first unit, and the next while they fit in `room` (the
    last one in the larger room, as naming it takes little more than counting it)."""
    named = [labels[i] for i in ids[:1]]
    for n, unit in enumerate(ids[1:], 2):
        if len("; ".join([*named, labels[unit]])) > room[n == len(ids)]:
            break
        named.append(labels[unit])
    more = len(ids) - len(named)
    return "; ".join(named) + (f" và {more} đơn vị khác" if more else "")


def _whose(item: Item, labels: Mapping[str, str]) -> str:
    """Whose the deadline is, for every reader: `Sở Nội vụ chủ trì`, `Các đơn vị gửi Văn phòng Ban Quản lý`."""
    if item.kind == "report":
        senders, receivers = _who(item.lead, labels), _who(item.recipients, labels)
        if senders and receivers:
            return f"{senders} gửi {receivers}"
        return f"gửi {receivers}" if receivers else f"{senders} gửi" if senders else ""
    for ids, role in ((item.lead, "chủ trì"), (item.implement, "thực hiện"), (item.coordinate, "phối hợp")):
        if ids:
            return f"{_who(ids, labels)} {role}"
    return ""


def _own_role(item: Item, labels: Mapping[str, str], unit: str) -> str:
    """The role of `unit` as its own feed says it: `Sở Nội vụ phối hợp với Sở Tài chính`, `Văn phòng Ban Quản lý
    nhận từ Các đơn vị`."""
    others = tuple(i for i in item.lead if i != unit)
    roles = []
    if item.kind == "task":
        if unit in item.lead:
            roles.append(f"chủ trì cùng {_who(others, labels, TITLE_OTHERS_CHARS)}" if others else "chủ trì")
        if unit in item.implement:
            roles.append(f"thực hiện ({_who(others, labels)} chủ trì)" if others else "thực hiện")
        if unit in item.coordinate and unit not in item.lead:
            roles.append(f"phối hợp với {_who(others, labels)}" if others else "phối hợp")
    else:
        receivers = tuple(i for i in item.recipients if i != unit)
        if unit in item.lead:
            roles.append(f"gửi {_who(receivers, labels)}" if receivers else "gửi báo cáo")
        if unit in item.recipients:
            roles.append(f"nhận từ {_who(others, labels)}" if others else "nhận báo cáo")
    return f"{labels[unit]} {', '.join(roles)}" if roles else _whose(item, labels)


def title(item: Item, labels: Mapping[str, str], audience: str = "") -> str:
    """An event's SUMMARY: what is due, whose and in which role for this feed's `audience` (a unit's id, or "" for
    the feeds of all plans and of one plan), the plan's short name. `Kiểm tra CCHC: Tối thiểu 30% sở, ban, ngành,
    UBND quận, huyện – Sở Nội vụ chủ trì – Quyết định 3848/QĐ-UBND`."""
    return titles(item, labels, (audience,))[audience]


def titles(item: Item, labels: Mapping[str, str], audiences: Iterable[str]) -> dict[str, str]:
    """`title` for each of `audiences`, the words of the item read once."""
    parts, plan = _what(item), short_name(item.plan.document)
    whole = " ".join(parts).casefold()
    found = {}
    for audience in audiences:
        role = _own_role(item, labels, audience) if audience else _whose(item, labels)
        said = [role] if role and role.casefold() not in whole else []  # "… gửi Sở Nội vụ" says it already
        room = TITLE_CHARS - sum(len(part) + len(" – ") for part in (*said, plan))
        found[audience] = " – ".join([_head(parts, max(TITLE_WHAT_MIN, min(TITLE_WHAT_CHARS, room))), *said, plan])
    return found


def _document_line(plan: Plan | PlanRef) -> str:
    """`Kế hoạch 1488/KH-BQL ngày 18/04/2025: <trích yếu>`."""
    doc = plan.document
    dated = "" if not number_read(doc) else " " + issue_date(doc.date)  # an unclear number's name has its date
    return f"{short_name(doc)}{dated}: {' '.join(doc.title.split())}"


def _repeat_line(series: Series, item: Item) -> str:
    """`Lặp lại: ngày 10 hằng tháng, từ 10/01/2024 đến 31/12/2024`; a series listed only to the horizon says
    how far the document runs it."""
    rrule = series.rrule
    assert rrule is not None  # only a recurring series has a repeat line
    value = rrule["BYMONTHDAY"]
    day = "ngày cuối" if value == -1 else f"ngày {value}"
    when = f"{day} hằng tháng" if len(series.months) == 12 else \
        f"{day} tháng {', '.join(str(m) for m in series.months)} hằng năm"
    until = rrule["UNTIL"]
    if item.open_ended:
        return (f"Lặp lại: {when}, từ {series.start:%d/%m/%Y}. Văn bản không nêu ngày kết thúc: lịch ghi các kỳ "
                f"đến {until:%d/%m/%Y}; sau đó việc vẫn lặp lại theo văn bản.")
    if item.listed_until:
        return (f"Lặp lại: {when}, từ {series.start:%d/%m/%Y}; văn bản nêu đến {item.ends:%d/%m/%Y}, "
                f"lịch ghi các kỳ đến {until:%d/%m/%Y}.")
    if series.start.year == until.year and len(series.months) < 12:  # some months of one year: not "hằng năm"
        return "Các kỳ: " + ", ".join(f"{d.stated:%d/%m/%Y}" for d in series.dues)
    return f"Lặp lại: {when}, từ {series.start:%d/%m/%Y} đến {until:%d/%m/%Y}"


def _workday_lines(series: Series, recurring: bool) -> list[str]:
    """Each due date of the event that is a day off, with the last working day before it."""
    off = [d for d in series.dues if d.off]
    if not recurring:
        return [f"Ngày {d.stated:%d/%m/%Y} {day_off_note(d)}." for d in off]
    return ["Kỳ hạn rơi vào ngày nghỉ:"] * bool(off) + [f"- {d.stated:%d/%m/%Y} {day_off_note(d)}" for d in off]


def description(item: Item, series: Series, units: Mapping[str, Unit], url: str) -> str:
    """Plan, task or report, units, deliverable, deadline as worded, working-day note, link."""
    lines = [_document_line(item.plan)]
    if item.kind == "task":
        if item.context:
            lines.append(item.context)
        number = f" {item.number}" if item.number else ""
        unread = item.unreadable
        lines.append(f"Nhiệm vụ{number}: {with_unread(item.title, unread.content if unread else None)}")
        for label, ids, cell in (("Chủ trì", item.lead, "lead"), ("Phối hợp", item.coordinate, "coordinate"),
                                 ("Thực hiện", item.implement, "implement")):
            said = with_unread(_names(units, ids), getattr(unread, cell) if unread else None)
            if said:
                lines.append(f"{label}: {said}")
        product = with_unread(item.deliverable or "", unread.deliverable if unread else None)
        if product:
            lines.append(f"Sản phẩm: {product}")
    else:
        lines.append(f"Báo cáo: {item.title}" + (f" ({EDITORIAL_TITLE})" if item.editorial_title else ""))
        if item.lead:
            lines.append(f"Đơn vị gửi: {_names(units, item.lead)}")
        if item.recipients:
            lines.append(f"Nơi nhận: {_names(units, item.recipients)}")
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


def item_events(content: Content, item: Item, names: UnitNames) -> tuple[EventData, ...]:
    """The events of one item, without history stamps."""
    url = item_url(content, item)
    return tuple(EventData(series_uid(item, s), item, s, url, names)
                 for s in item_series(item))


def _organizer(content: Content) -> str | None:
    """The publisher's address: with it the feeds say METHOD:PUBLISH (RFC 5546 wants an ORGANIZER)."""
    return f"mailto:{content.site.email}" if content.site.email else None


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def _trigger(days: int) -> timedelta:
    """09:00 local, `days` days before the (floating, all-day) start."""
    return timedelta(days=-days, hours=9)


def _alarm(days: int, what: str) -> Alarm:
    """A DISPLAY reminder at 09:00, `days` days before the deadline."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn {days} ngày đến hạn: {what}" if days else f"Hôm nay đến hạn: {what}")
    alarm.add("trigger", _trigger(days))
    return alarm


def _vevent(content: Content, data: EventData, state: FeedState, titles: Mapping[str, str], text: str) -> Event:
    """One VEVENT with its history from the state file, titled for the feeds of all plans and of its plan."""
    organizer, reminder_days = _organizer(content), content.site.reminder_days
    stamp = state.stamp(data.uid, data.fingerprint(organizer, reminder_days, titles, text),
                        data.item.plan.document.date.earliest())
    event = Event()
    event.add("uid", data.uid)
    event.add("dtstamp", _utc_midnight(stamp.modified))
    event.add("last-modified", _utc_midnight(stamp.modified))
    event.add("sequence", stamp.sequence)
    event.add("dtstart", data.series.start)
    event.add("dtend", data.series.start + timedelta(days=1))
    if data.series.rrule:
        event.add("rrule", {k.lower(): v for k, v in data.series.rrule.items()})
    event.add("summary", titles[""])
    event.add("description", text)
    event.add("url", data.url)
    event.add("categories", [CATEGORY[data.item.kind]])
    event.add("transp", "TRANSPARENT")
    if organizer:
        event.add("organizer", organizer, parameters={"CN": content.site.name})
    if reminder_days is not None:
        event.add_component(_alarm(reminder_days, what_is_due(data.item)))
    return event


def _summary_line(text: str) -> bytes:
    """The folded SUMMARY content line of a title, CRLF included, byte for byte as icalendar writes it."""
    return fold("SUMMARY:" + vText(text).to_ical().decode("utf-8")) + b"\r\n"


@dataclass(frozen=True)
class EventBlock:
    """One event's folded VEVENT cut around its SUMMARY line, and the SUMMARY line for each audience (see
    `FeedInfo.audience`): a feed splices head, its audience's line and tail, so the VEVENT is folded once and
    each other title only has its own line folded."""

    head: bytes
    tail: bytes
    summaries: dict[str, bytes]

    def pieces(self, audience: str) -> tuple[bytes, bytes, bytes]:
        """The VEVENT's bytes, in three pieces, as a feed for `audience` holds it."""
        return self.head, self.summaries.get(audience, self.summaries[""]), self.tail

    def size(self, audience: str) -> int:
        """Its length in bytes in a feed for `audience`."""
        return len(self.head) + len(self.summaries.get(audience, self.summaries[""])) + len(self.tail)


def event_block(content: Content, data: EventData, state: FeedState) -> EventBlock:
    """One event's VEVENT with every title it has, stamped from the history."""
    titles, text = data.titles(), data.description()
    whole = component_bytes(_vevent(content, data, state, titles, text))
    general = _summary_line(titles[""])
    at = whole.index(b"\r\n" + general) + 2  # "\r\nSUMMARY:" starts a line: folding continues with "\r\n "
    lines: dict[str, bytes] = {titles[""]: general}
    for line in titles.values():
        if line not in lines:
            lines[line] = _summary_line(line)
    return EventBlock(whole[:at], whole[at + len(general):], {audience: lines[t] for audience, t in titles.items()})


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
    """What the calendar holds, how dates are placed, and what is true of its reminders."""
    guide = routes.page_url(content.site.base_url, routes.SUBSCRIBE)
    days = content.site.reminder_days
    reminders = ("Lịch không ghi lời nhắc" if days is None else
                 f"Mỗi hạn có lời nhắc lúc 9 giờ sáng, {f'trước {days} ngày' if days else 'đúng ngày'}: Thunderbird "
                 "và Lịch của Apple (khi không xóa cảnh báo) hiện lời nhắc này, Google Calendar và Outlook thì không")
    return (f"{scope} Mỗi sự kiện là một hạn báo cáo hoặc hạn nhiệm vụ, đặt vào đúng ngày văn bản nêu; "
            "nếu ngày đó là ngày nghỉ, phần mô tả ghi ngày làm việc cuối cùng trước đó để gửi kịp. "
            f"Lịch tự cập nhật khi kế hoạch thay đổi. {reminders}; cách đặt nhắc việc trong từng ứng dụng: "
            f"{guide}. Nguồn: {content.site.name}, {content.site.base_url}")


def _event_order(event: EventData) -> tuple:
    return (event.series.start, event.uid)


@dataclass(frozen=True)
class PlanEvents:
    """The events of one plan: all of them, and those of each unit concerned."""

    events: tuple[EventData, ...]
    by_unit: dict[str, tuple[EventData, ...]]


def plan_events(content: Content, items: tuple[Item, ...]) -> PlanEvents:
    """The events of one plan's dated `items`, and which units each concerns."""
    names = unit_names(content.units)
    everything: list[EventData] = []
    by_unit: dict[str, list[EventData]] = {}
    for item in items:
        events = item_events(content, item, names)
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
               for plan, part in zip(content.plans, plans, strict=True)]
    return tuple(Feed(info, _calendar_description(scope, content), tuple(parts))
                 for info, (scope, parts) in zip(feed_catalog(content), scopes, strict=True))


def feed_catalog(content: Content) -> tuple[FeedInfo, ...]:
    """Every feed `write_feeds` writes: the all-plans feed, then units (registry order), then plans (id order)."""
    plans = tuple(FeedInfo(routes.plan_feed(plan.id),
                           f"Hạn CCHC – {short_name(plan.document)}",
                           "plan", plan.id) for plan in content.plans)
    labels = unit_names(content.units).labels
    return (FeedInfo(routes.ALL_FEED, "Hạn CCHC – Tất cả kế hoạch", "all", ""),
            *(FeedInfo(routes.unit_feed(unit.id), f"Hạn CCHC – {labels[unit.id]}", "unit", unit.id)
              for unit in content.units), *plans)


def _timezone() -> Timezone:
    """Asia/Ho_Chi_Minh as a VTIMEZONE: UTC+7 since 13/06/1975, no daylight saving. Written out here, not taken
    from the tz database installed, so the bytes are the same on every machine."""
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=7))
    standard.add("tzname", "+07")
    zone = Timezone()
    zone.add("tzid", TIMEZONE)
    zone.add_component(standard)
    return zone


def _calendar(content: Content, feed: Feed) -> Calendar:
    """The VCALENDAR of one feed with its VTIMEZONE, without its events (write_feeds splices those in after it).

    NAME, X-WR-CALNAME and X-WR-CALDESC are TEXT (RFC 7986, and RFC 5545 §3.8.8.2 for X- properties), so their
    commas, semicolons, backslashes and new lines are escaped: vobject, libical, Apple and Google read them so.
    ical.js, which does not know these properties, hands them on as written."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if _organizer(content):
        cal.add("method", "PUBLISH")
    cal.add("name", vText(feed.info.title))
    cal.add("x-wr-calname", vText(feed.info.title))
    cal.add("description", feed.description)
    cal.add("x-wr-caldesc", vText(feed.description))
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode("ascii"))
    cal.add("source", content.site.base_url + feed.info.path, parameters={"VALUE": "URI"})
    cal.add_component(_timezone())
    return cal


_END = b"END:VCALENDAR\r\n"


def _spliced(empty_calendar: bytes, event_pieces: list[bytes]) -> bytes:
    """A calendar's bytes with its events' bytes inserted before END:VCALENDAR."""
    assert empty_calendar.endswith(_END)
    return empty_calendar[: -len(_END)] + b"".join(event_pieces) + _END


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
    the nearest coming deadlines that fit, whole days of them. `day` is the build day, so the window is
    deterministic. An event is kept when any of its occurrences falls in the window: the occurrences
    are the item's dues, listed to the horizon pages and data use (`items.listing_horizon`), so a
    series with no stated end that still runs is kept (with its earlier dates, as its RRULE has them).
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
            left_out = _next_due(event, day)
            whole_days = [e for e in kept if _next_due(e, day) < left_out]
            kept = whole_days or kept  # a day that alone is over 1 MB keeps what fits of it
            break
        kept.append(event)
        used += sizes[event.uid]
    return _with_events(feed, kept, Window(day, max((_next_due(e, day) for e in kept), default=day)))


def event_blocks(content: Content, events: tuple[EventData, ...], state: FeedState) -> dict[str, EventBlock]:
    """UID → the VEVENT of each of `events` (one plan's), stamped from the history, with its title for each feed."""
    check_reminder_days(content.site.reminder_days)
    return {e.uid: event_block(content, e, state) for e in events}


def feed_bytes(content: Content, feed: Feed, blocks: Mapping[str, EventBlock], day: date) -> tuple[bytes, WrittenFeed]:
    """A feed's file (cut to fit 1 MB around `day` when it must be) and what it holds.

    Each VEVENT is folded once and spliced into every feed that holds it, with the title of the feed's
    audience: the bytes are those Calendar.to_ical() writes, without serialising an event once per feed."""
    audience = feed.info.audience
    sizes = _Sizes(blocks, audience)
    feed = fit(feed, sizes, len(component_bytes(_calendar(content, feed))), day)
    data = _spliced(component_bytes(_calendar(content, feed)),
                    [piece for e in feed.events for piece in blocks[e.uid].pieces(audience)])
    if len(data) > SIZE_LIMIT:
        raise CalendarError(f"{feed.info.path}: {len(data)} byte, quá giới hạn {SIZE_LIMIT} byte của Google Calendar")
    return data, WrittenFeed(feed.info, len(feed.events), feed.window)


class _Sizes(Mapping[str, int]):
    """The byte size of each event's VEVENT in a feed for one audience, read from the blocks when asked."""

    def __init__(self, blocks: Mapping[str, EventBlock], audience: str) -> None:
        self._blocks = blocks
        self._audience = audience

    def __getitem__(self, uid: str) -> int:
        return self._blocks[uid].size(self._audience)

    def __iter__(self) -> Iterator[str]:
        return iter(self._blocks)

    def __len__(self) -> int:
        return len(self._blocks)


def check_reminder_days(reminder_days: int | None) -> None:
    """ValueError unless `reminder_days` is None or a whole number of days from 0 to 365."""
    if reminder_days is not None and not (isinstance(reminder_days, int) and 0 <= reminder_days <= 365):
        raise ValueError("reminder_days must be a whole number of days from 0 to 365")


def write_feeds(content: Content, out_dir: Path, state: FeedState,
                feeds: tuple[Feed, ...] | None = None) -> tuple[WrittenFeed, ...]:
    """Write every feed under out_dir/lich/ and update the event history (the caller saves it once the site
    is built); returns what each file holds. Reminders follow `content.site.reminder_days`."""
    out_dir = Path(out_dir)
    feeds = feeds if feeds is not None else feed_set(content, state.day())
    blocks: dict[str, EventBlock] = {}
    for feed in feeds:
        if feed.info.kind == "plan":  # every event is in the feed of its plan
            blocks.update(event_blocks(content, feed.events, state))
    written = []
    for feed in feeds:
        data, holds = feed_bytes(content, feed, blocks, state.day())
        write_if_changed(out_dir / feed.info.path, data)
        written.append(holds)
    remove_stale_feeds(out_dir, {out_dir / w.info.path for w in written})
    return tuple(written)
