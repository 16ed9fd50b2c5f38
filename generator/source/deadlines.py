"""Vietnamese deadline grammar: the document's wording ⇄ a structured rule.

`parse` is strict: every form the signed plans use is accepted, anything else is a
DeadlineError with a Vietnamese message, which offers the closest accepted wording built
from what was typed when there is one (`nearest`: "Trước 15/3" → "Trước ngày 15/3").
`render` writes a rule back in canonical wording, and `parse(render(rule)) == rule` for
every rule.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.source.text import WORD_QUOTES, fold, nfc


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

    start: Period | OnDate
    end: Period | OnDate


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


Rule = OnDate | DayInYear | DateList | Period | Span | Monthly | Quarterly | Yearly | Undated

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
    if any(len(i) == 2 for i in items):
        if shared is None:
            raise DeadlineError("danh sách ngày thiếu năm: thêm \"năm 2023\" hoặc viết đủ ngày/tháng/năm")
        items = [i if len(i) == 3 else (*i, shared) for i in items]
    days = tuple(_date(*i) for i in items)
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
    # A span runs between dated points or periods; a day with no year ("ngày 10/6") is not read as one.
    if not isinstance(start, (OnDate, Period)) or not isinstance(end, (OnDate, Period)):
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


def _read(normal: str) -> Rule | None:
    for parser in _PARSERS:
        rule = parser(normal)
        if rule is not None:
            return rule
    return None


def parse(text: str) -> Rule:
    """The rule a deadline's wording states; DeadlineError if it states none (offering the nearest
    accepted wording when one can be built from what was typed)."""
    normal = _normalise(text)
    if not normal:
        raise DeadlineError("thời hạn để trống")
    rule = _read(normal)
    if rule is not None:
        return rule
    candidate = _nearest(normal)
    if candidate is None:
        raise DeadlineError(f'không hiểu thời hạn "{normal}"; hãy viết như văn bản, ví dụ: {EXAMPLES}')
    try:
        meant = _read(candidate)
    except DeadlineError as exc:  # what was typed names an impossible day: say that, not "write it so"
        raise DeadlineError(f'không hiểu thời hạn "{normal}": {exc}') from None
    if meant is None:  # cannot happen (a test parses every suggestion); the examples then
        raise DeadlineError(f'không hiểu thời hạn "{normal}"; hãy viết như văn bản, ví dụ: {EXAMPLES}')
    yearless = isinstance(meant, DayInYear) or (isinstance(meant, Period) and meant.year is None)
    note = " (không ghi năm là năm của kế hoạch)" if yearless else ""
    quotes = " bỏ ngoặc kép," if any(q in normal for q in WORD_QUOTES + '"') else ""
    raise DeadlineError(f'không hiểu thời hạn "{normal}";{quotes} có phải "{candidate}"?{note}')


# --- the nearest accepted wording ------------------------------------------------------
# Matched on the wording folded (lower case, no diacritics: "truoc ngay 15/3"), so that a wording typed
# without Vietnamese accents is understood too; each form is built in the grammar's own words from the
# numbers typed, and `parse` reads it (tests/test_deadlines.py parses every suggestion).

_D, _M = r"(?P<d>\d{1,2})", r"(?P<m>\d{1,2})"
_SEP = r"\s*[/.-]\s*"
_BEFORE = r"(?P<before>(?:(?:hoan thanh|xong|gui|nop|bao cao) )?truoc)"
_BY = r"(?:cham nhat(?: la)?|han(?: chot| cuoi)?(?: la)?|den(?: het)?|trong|vao)"
_ON = rf"(?:{_BEFORE} |{_BY} )?(?:ngay ?)?"
_END_OF = r"(?:(?:cuoi|het|trong|den het|den cuoi|truoc khi het) )?"
_YEAR_AFTER = r"(?:\s*(?:/|-|\.|nam)\s*(?P<y>\d{4}))?"
_POINTS = (  # a day, a month, a quarter, a half-year or a year: what a span runs between
    ("date", re.compile(_ON + _D + _SEP + _M + r"(?:" + _SEP + r"(?P<y>\d{4}|\d{2})| nam (?P<y2>\d{4}))?")),
    ("date", re.compile(_ON + _D + r" thang " + _M + r"(?: nam (?P<y>\d{4}))?")),
    ("quarter", re.compile(_END_OF + r"(?:quy|qui|q)\.? ?(?P<q>[1-4]|iv|i{1,3})" + _YEAR_AFTER)),
    ("month", re.compile(_END_OF + r"thang ?(?P<m>\d{1,2})" + _YEAR_AFTER)),
    ("month", re.compile(_END_OF + r"t(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")),  # "T3/2025"
    ("year", re.compile(_END_OF + r"(?:ca )?(?:nam ?)?(?P<y>\d{4})")),
    ("whole-year", re.compile(_END_OF + r"(?:ca )?nam(?: nay)?")),
    ("half", re.compile(r"(?:(?:trong|cuoi|het) )?(?:(?:6|06|sau) thang|nua) (?P<h>dau|cuoi) nam"
                        r"(?:\s*[/-]?\s*(?P<y>\d{4}))?")),
)
_REPEATS = (
    ("monthly", re.compile(r"(?P<periodic>dinh ky )?(?:(?P<pre>truoc|vao) )?(?:ngay (?P<d>\d{1,2}) )?"
                           r"(?:hang|moi) thang")),
    ("quarterly", re.compile(r"(?P<periodic>dinh ky )?(?:(?P<pre>truoc|vao) )?ngay (?P<d>\d{1,2}) (?:cua )?thang "
                             r"(?P<w>dau|giua|cuoi) (?:(?:cua|moi|hang) )?(?:quy|qui)")),
    ("yearly", re.compile(r"(?P<periodic>dinh ky )?(?:(?P<pre>truoc|vao) )?(?:ngay )?(?P<d>\d{1,2})/(?P<m>\d{1,2}) "
                          r"(?:hang|moi) nam")),
)
_UNDATED_FORMS = (("thuong xuyen", "Thường xuyên", False), ("khi co yeu cau", "Khi có yêu cầu", False),
                  ("theo yeu cau cua", "Theo yêu cầu của", True), ("theo yeu cau", "Theo yêu cầu", True),
                  ("theo chi dao cua", "Theo chỉ đạo của", True), ("theo chi dao", "Theo chỉ đạo", True),
                  ("theo quy dinh", "Theo quy định", True))
_QUARTER_OF = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_OF = {"dau": "đầu", "giua": "giữa", "cuoi": "cuối", "truoc": "trước", "vao": "vào"}
_SPAN_WORDS = re.compile(r"(?:tu )?(?P<a>.+?) (?:den|-) (?P<b>.+)")
_QUOTES = WORD_QUOTES + "\"'«»"


def _point(folded: str) -> str | None:
    """The grammar's wording of a day, month, quarter, half-year or year typed loosely (folded)."""
    for kind, form in _POINTS:
        match = form.fullmatch(folded)
        if match is None:
            continue
        found = match.groupdict()
        year = found.get("y") or found.get("y2")
        if kind == "date":
            year = f"20{year}" if year and len(year) == 2 else year
            head = "trước ngày " if found.get("before") else "ngày "
            return head + f"{int(found['d'])}/{int(found['m'])}" + (f"/{year}" if year else "")
        if kind == "quarter":
            return f"Quý {ROMAN_OF[_QUARTER_OF[found['q']]]}" + (f"/{year}" if year else "")
        if kind == "month":
            return f"Tháng {int(found['m']):02d}" + (f"/{year}" if year else "")
        if kind == "year":
            return f"{'Cả năm' if folded.startswith('ca ') else 'Năm'} {year}"
        if kind == "whole-year":
            return "Cả năm"
        return f"6 tháng {_WORD_OF[found['h']]} năm" + (f" {year}" if year else "")
    return None


def _repeat(folded: str) -> str | None:
    """The grammar's wording of a monthly, quarterly or yearly deadline typed loosely (folded)."""
    for kind, form in _REPEATS:
        match = form.fullmatch(folded)
        if match is None:
            continue
        head = ("định kỳ " if match["periodic"] else "") + (f"{_WORD_OF[match['pre']]} " if match["pre"] else "")
        if kind == "monthly":
            return head + (f"ngày {int(match['d'])} " if match["d"] else "") + "hằng tháng"
        if kind == "quarterly":
            return head + f"ngày {int(match['d'])} tháng {_WORD_OF[match['w']]} quý"
        return head + f"ngày {int(match['d'])}/{int(match['m'])} hằng năm"
    return None


def _undated_wording(folded: str, words: list[str]) -> str | None:
    """"theo yeu cau cua So Noi vu" → "Theo yêu cầu của So Noi vu": the key words accented, the rest as typed."""
    for start, wording, tail in _UNDATED_FORMS:
        if folded == start or (tail and folded.startswith(start + " ")):
            rest = " ".join(words[len(start.split()):])
            return wording + (f" {rest}" if rest else "")
    return None


def _nearest_folded(folded: str, words: list[str]) -> str | None:
    found = _point(folded) or _repeat(folded) or _undated_wording(folded, words)
    if found is None:
        match = _SPAN_WORDS.fullmatch(folded)
        start, end = (_point(match["a"]), _point(match["b"])) if match else (None, None)
        found = f"{start} đến {end}" if start and end else None
    return found


def _nearest(normal: str) -> str | None:
    """The grammar's wording nearest to `normal` (not read by the grammar), or None; not yet parsed."""
    bare = _normalise(normal.strip(_QUOTES))
    words = bare.split()
    if not words or len(words) > 40:
        return None
    found = _nearest_folded(" ".join(fold(w) for w in words), words)
    if found is None:
        return None
    return found[0].upper() + found[1:] if bare[0].isupper() else found


def nearest(text: str) -> str | None:
    """The accepted wording closest to a deadline the grammar does not read, built from what was typed
    ("Trước 15/3" → "Trước ngày 15/3", "cuối quý 2" → "Quý II"), or None; what it returns parses."""
    normal = _normalise(text)
    try:
        if not normal or _read(normal) is not None:
            return None
        candidate = _nearest(normal)
        return candidate if candidate is not None and _read(candidate) is not None else None
    except DeadlineError:  # an impossible day, typed or suggested
        return None


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
