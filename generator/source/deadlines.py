"""Vietnamese deadline grammar: the document's wording ⇄ a structured rule.

`parse` is strict: every form the signed plans use is accepted, anything else is a
DeadlineError with a Vietnamese message. `render` writes a rule back in canonical
wording, and `parse(render(rule)) == rule` for every rule.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, Union

from generator.source.text import nfc


class DeadlineError(ValueError):
    """The wording is not a deadline the grammar knows, or names an impossible date."""


@dataclass(frozen=True)
class OnDate:
    """A single calendar date: `10/01/2022`, `trước ngày 10/01/2022`, `2022-01-10`."""

    day: date
    before: bool = False


@dataclass(frozen=True)
class DayInYear:
    """A day and month whose year is the plan's: `trước ngày 10/6` in a plan for 2022."""

    month: int
    day: int
    before: bool = False


@dataclass(frozen=True)
class DateList:
    """Several dates: `trước ngày 03/3, 03/6, 03/9 năm 2023`."""

    days: tuple[date, ...]
    before: bool = False


@dataclass(frozen=True)
class Period:
    """A month, quarter, half-year or year, due at its last day; year None = the plan's year."""

    unit: Literal["month", "quarter", "half", "year"]
    index: int  # month 1–12, quarter 1–4, half 1–2; 1 for a year
    year: int | None


@dataclass(frozen=True)
class Span:
    """From one period or date to another: `Quý IV/2022 đến Quý I/2023`; due at the end."""

    start: Union[Period, OnDate]
    end: Union[Period, OnDate]


@dataclass(frozen=True)
class Monthly:
    """Every month on `day` (`định kỳ vào ngày 10 hằng tháng`); day None has no calendar date."""

    day: int | None
    on_request: bool = False  # "… và khi có yêu cầu"


@dataclass(frozen=True)
class Quarterly:
    """Every quarter on `day` of its first, middle or last month (`trước ngày 10 tháng cuối quý`)."""

    day: int
    month_of_quarter: int  # 1, 2 or 3
    quarters: tuple[int, ...] = (1, 2, 3, 4)  # "báo cáo Quý I, Quý III gửi trước ngày 10 tháng cuối của quý"


@dataclass(frozen=True)
class Yearly:
    """Every year on the same day: `trước ngày 05/12 hằng năm`."""

    month: int
    day: int


@dataclass(frozen=True)
class Undated:
    """No calendar date: on request, on direction, or continuous work."""

    kind: Literal["request", "direction", "regulation", "continuous"]
    by: str | None = None


Rule = Union[OnDate, DayInYear, DateList, Period, Span, Monthly, Quarterly, Yearly, Undated]

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
ROMAN_OF = {v: k for k, v in ROMAN.items()}
_WHICH_MONTH = {"đầu": 1, "giữa": 2, "cuối": 3}
_WHICH_NAME = {v: k for k, v in _WHICH_MONTH.items()}
_HALF = {"đầu": 1, "cuối": 2}
_HALF_NAME = {v: k for k, v in _HALF.items()}

EXAMPLES = ('"10/01/2022", "trước ngày 10/01/2022", "Tháng 12/2021", "Quý II/2022", "Cả năm 2022", '
            '"6 tháng đầu năm 2022", "định kỳ vào ngày 10 hằng tháng", "trước ngày 05/12 hằng năm", '
            '"Theo yêu cầu của Bộ Nội vụ"')

_YEAR = r"(?:/|\s+năm\s+)(?P<year>\d{4})"
_EACH = r"(?:hằng|hàng|mỗi)"
_AT_DAY = r"(?:định kỳ\s+)?(?:(?:trước|vào)\s+)?ngày\s+(?P<day>\d{1,2})"


def _normalise(text: str) -> str:
    text = nfc(text).replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().rstrip(".;").strip()


def _date(day: int, month: int, year: int) -> date:
    if not 1 <= month <= 12:
        raise DeadlineError(f"không có tháng {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(f"ngày {day:02d}/{month:02d}/{year} không tồn tại") from None


def _day_month(day: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise DeadlineError(f"không có tháng {month}")
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000 is leap: 29/02 is allowed
        raise DeadlineError(f"ngày {day:02d}/{month:02d} không tồn tại")


def _month_day(day: int) -> int:
    if not 1 <= day <= 31:
        raise DeadlineError(f"không có ngày {day} trong tháng")
    return day


def _quarter(token: str) -> int:
    token = token.upper()
    number = ROMAN.get(token) or (int(token) if token.isdigit() else 0)
    if not 1 <= number <= 4:
        raise DeadlineError(f'không có quý "{token}": quý là I, II, III hoặc IV')
    return number


def _year(match: re.Match) -> int | None:
    year = match.groupdict().get("year")
    return int(year) if year else None


def _single(text: str) -> OnDate | DayInYear | None:
    m = re.fullmatch(r"(?P<before>trước\s+)?(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", text, re.I)
    if m:
        return OnDate(_date(int(m["d"]), int(m["m"]), int(m["y"])), bool(m["before"]))
    m = re.fullmatch(r"(?P<before>trước\s+)?ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})", text, re.I)
    if m:
        _day_month(int(m["d"]), int(m["m"]))
        return DayInYear(int(m["m"]), int(m["d"]), bool(m["before"]))
    m = re.fullmatch(r"(?P<before>trước\s+)?(?:ngày\s+)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", text, re.I)
    if m:
        return OnDate(_date(int(m["d"]), int(m["m"]), int(m["y"])), bool(m["before"]))
    m = re.fullmatch(r"(?P<before>trước\s+)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
                     text, re.I)
    if m:
        return OnDate(_date(int(m["d"]), int(m["m"]), int(m["y"])), bool(m["before"]))
    return None


def _date_list(text: str) -> DateList | None:
    m = re.fullmatch(r"(?P<before>trước\s+)?(?:ngày\s+)?(?P<items>\d{1,2}/\d{1,2}(?:/\d{4})?"
                     r"(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?)+)(?:\s+năm\s+(?P<year>\d{4}))?",
                     text, re.I)
    if not m:
        return None
    items = [tuple(int(x) for x in item.split("/")) for item in re.findall(r"\d{1,2}/\d{1,2}(?:/\d{4})?", m["items"])]
    shared = int(m["year"]) if m["year"] else (items[-1][2] if len(items[-1]) == 3 else None)
    if shared is None and any(len(i) == 2 for i in items):
        raise DeadlineError("danh sách ngày thiếu năm: thêm \"năm 2023\" hoặc viết đủ ngày/tháng/năm")
    days = tuple(_date(i[0], i[1], i[2] if len(i) == 3 else shared) for i in items)
    return DateList(days, bool(m["before"]))


def _period(text: str) -> Period | None:
    m = re.fullmatch(r"(?:trong\s+)?tháng\s+(?P<m>\d{1,2})(?:" + _YEAR + r")?", text, re.I)
    if m:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise DeadlineError(f"không có tháng {month}")
        return Period("month", month, _year(m))
    m = re.fullmatch(r"(?:trong\s+)?quý\s+(?P<q>[a-z0-9]+)(?:" + _YEAR + r")?", text, re.I)
    if m:
        return Period("quarter", _quarter(m["q"]), _year(m))
    m = re.fullmatch(r"(?:trong\s+)?(?:06|6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<year>\d{4}))?", text, re.I)
    if m:
        return Period("half", _HALF[m["h"].lower()], _year(m))
    m = re.fullmatch(r"(?:(?:cả|trong)\s+)?năm\s+(?P<year>\d{4})|cả\s+năm", text, re.I)
    if m:
        return Period("year", 1, _year(m))
    return None


def _span(text: str) -> Span | None:
    m = re.fullmatch(r"(?:từ\s+)?(?P<a>.+?)\s+(?:đến|-)\s+(?P<b>.+)", text, re.I)
    if not m:
        return None
    start = _single(m["a"]) or _period(m["a"])
    end = _single(m["b"]) or _period(m["b"])
    if start is None or end is None:
        return None
    return Span(start, end)


def _recurring(text: str) -> Rule | None:
    m = re.fullmatch(r"(?:định kỳ\s+)?(?:(?:(?:trước|vào)\s+)?ngày\s+(?P<day>\d{1,2})\s+)?" + _EACH + r"\s+tháng"
                     r"(?P<req>\s+và\s+khi\s+có\s+yêu\s+cầu)?", text, re.I)
    if m:
        return Monthly(_month_day(int(m["day"])) if m["day"] else None, bool(m["req"]))
    m = re.fullmatch(r"(?:(?P<qs>quý\s+[a-z]+(?:\s*(?:,|và)\s*quý\s+[a-z]+)*)\s+(?:gửi\s+)?)?" + _AT_DAY
                     + r"\s+(?:của\s+)?tháng\s+(?P<w>đầu|giữa|cuối)\s+(?:(?:của|mỗi|hằng|hàng)\s+)?quý", text, re.I)
    if m:
        quarters = tuple(sorted({_quarter(q) for q in re.findall(r"quý\s+([a-z]+)", m["qs"], re.I)})) \
            if m["qs"] else (1, 2, 3, 4)
        return Quarterly(_month_day(int(m["day"])), _WHICH_MONTH[m["w"].lower()], quarters)
    m = re.fullmatch(_AT_DAY + r"/(?P<m>\d{1,2})\s+" + _EACH + r"\s+năm", text, re.I)
    if m:
        _day_month(int(m["day"]), int(m["m"]))
        return Yearly(int(m["m"]), int(m["day"]))
    return None


def _undated(text: str) -> Undated | None:
    m = re.fullmatch(r"theo\s+(?P<k>yêu cầu|chỉ đạo)(?:\s+của)?(?:\s+(?P<by>.+))?", text, re.I)
    if m:
        return Undated("request" if m["k"].lower() == "yêu cầu" else "direction", m["by"])
    if re.fullmatch(r"khi\s+có\s+yêu\s+cầu", text, re.I):
        return Undated("request")
    m = re.fullmatch(r"theo\s+quy\s+định(?:\s+(?P<by>.+))?", text, re.I)
    if m:
        return Undated("regulation", m["by"])
    if re.fullmatch(r"thường\s+xuyên", text, re.I):
        return Undated("continuous")
    return None


_PARSERS = (_undated, _recurring, _single, _date_list, _period, _span)


def parse(text: str) -> Rule:
    """The rule a deadline's wording states; DeadlineError if it states none."""
    normal = _normalise(text)
    if not normal:
        raise DeadlineError("thời hạn để trống")
    for parser in _PARSERS:
        rule = parser(normal)
        if rule is not None:
            return rule
    raise DeadlineError(f'không hiểu thời hạn "{normal}"; hãy viết như văn bản, ví dụ: {EXAMPLES}')


def _render_period(p: Period) -> str:
    year = f"/{p.year}" if p.year else ""
    if p.unit == "month":
        return f"Tháng {p.index:02d}{year}"
    if p.unit == "quarter":
        return f"Quý {ROMAN_OF[p.index]}{year}"
    if p.unit == "half":
        return f"6 tháng {_HALF_NAME[p.index]} năm" + (f" {p.year}" if p.year else "")
    return f"Cả năm {p.year}" if p.year else "Cả năm"


def _render_date(d: OnDate) -> str:
    return ("trước ngày " if d.before else "") + f"{d.day:%d/%m/%Y}"


def render(rule: Rule) -> str:
    """Canonical wording of a rule; parses back to the same rule."""
    if isinstance(rule, OnDate):
        return _render_date(rule)
    if isinstance(rule, DayInYear):
        return ("trước ngày " if rule.before else "ngày ") + f"{rule.day:02d}/{rule.month:02d}"
    if isinstance(rule, DateList):
        prefix = "trước ngày " if rule.before else ""
        years = {d.year for d in rule.days}
        if len(years) == 1:
            return prefix + ", ".join(f"{d:%d/%m}" for d in rule.days) + f" năm {years.pop()}"
        return prefix + ", ".join(f"{d:%d/%m/%Y}" for d in rule.days)
    if isinstance(rule, Period):
        return _render_period(rule)
    if isinstance(rule, Span):
        parts = [_render_date(p) if isinstance(p, OnDate) else _render_period(p) for p in (rule.start, rule.end)]
        return f"{parts[0]} đến {parts[1]}"
    if isinstance(rule, Monthly):
        text = f"định kỳ vào ngày {rule.day} hằng tháng" if rule.day else "định kỳ hằng tháng"
        return text + (" và khi có yêu cầu" if rule.on_request else "")
    if isinstance(rule, Quarterly):
        text = f"trước ngày {rule.day} tháng {_WHICH_NAME[rule.month_of_quarter]} quý"
        if rule.quarters == (1, 2, 3, 4):
            return text
        return ", ".join(f"Quý {ROMAN_OF[q]}" for q in rule.quarters) + " gửi " + text
    if isinstance(rule, Yearly):
        return f"trước ngày {rule.day:02d}/{rule.month:02d} hằng năm"
    if rule.kind == "continuous":
        return "Thường xuyên"
    if rule.kind == "regulation":  # the tail keeps its own preposition: "của pháp luật", "tại Nghị định …"
        return f"Theo quy định {rule.by}" if rule.by else "Theo quy định"
    head = "Theo yêu cầu" if rule.kind == "request" else "Theo chỉ đạo"
    return f"{head} của {rule.by}" if rule.by else head
