"""Build typed model objects from YAML nodes, driven by the model's type hints.

One declarative source (the dataclasses in model.py) gives validation here, the JSON
Schema (`json_schema`) and the README's content reference (docs.py). Every problem is
reported with its line and field path; building goes on after a problem so that one run
reports them all.
"""
from __future__ import annotations

import calendar
import dataclasses
import difflib
import functools
import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml

from generator.source import deadlines as dl
from generator.source.files import FORBIDDEN_IN_TEXT, character_problem, escape_position, position
from generator.source.fixes import scalar_fix
from generator.source.model import (
    YAML_NAMES,
    CodeMark,
    Deadline,
    PartialDate,
    Ref,
    SlugMark,
    Unit,
)
from generator.source.problems import EXCERPT_CHARS, Fix, Reporter, Severity, clip, printable, quoted
from generator.source.text import (
    MAX_ID_CHARS,
    WORD_QUOTES_CAUSE,
    fold,
    has_word_quotes,
    is_slug,
    legacy_encoding_sample,
    nfc,
    slugify,
    strip_word_quotes,
    suggest,
)


class Invalid:
    """Marker for a value that could not be built; the problem is already reported."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()
_NULL = "tag:yaml.org,2002:null"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
MAX_DEADLINE_CHARS = 300  # longer is prose, not a deadline; and the grammar's expressions never see it
_SUGGEST_CHARS = 60  # difflib is quadratic-ish: no did-you-mean for a value longer than any id or key
_QUOTED_LONG = re.compile(rf'"([^"]{{{EXCERPT_CHARS + 1},}})"')
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_NAME_CUTOFF = 0.8  # a name this close to a unit's name, short name or alias is offered as that unit


def yaml_name(cls: type, name: str) -> str:
    """The key an editor writes for a dataclass attribute."""
    return YAML_NAMES.get((cls, name), name)


def field_path(parent: str, key: str | int) -> str:
    """`sections[1].tasks[3].lead` style paths."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def is_null(node: yaml.Node) -> bool:
    # only a plain scalar resolves to null ("null" in quotes is text), whichever parser composed it
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _shape(node: yaml.Node) -> str:
    if is_null(node):
        return "để trống"
    if isinstance(node, yaml.SequenceNode):
        return "một danh sách"
    if isinstance(node, yaml.MappingNode):
        return "các cặp khóa: giá trị"
    return f"giá trị {quoted(node.value)}"


def _expected(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _expected(typing.get_args(tp)[0])
    if origin is tuple:
        return "một danh sách"
    if dataclasses.is_dataclass(tp) and tp is not PartialDate and tp is not Deadline:
        return "các cặp khóa: giá trị"
    return {int: "một số", bool: "true hoặc false", date: "một ngày dạng YYYY-MM-DD"}.get(tp, "một đoạn văn bản")


_SLIP = re.compile(r"[^\s:]+:(\S)")


def _key_slip(text: str) -> str:
    """Why `title:"x"` or `title:\u00a0x` (pasted from Word) was read as one word, if it was."""
    slip = _SLIP.match(text)
    if slip is None:
        return ""
    if slip.group(1) == "\u00a0":
        return ": sau dấu hai chấm là dấu cách không ngắt (U+00A0, thường do chép từ Word), hãy gõ lại dấu cách thường"
    return ": thiếu dấu cách sau dấu hai chấm"


def _key_hint(key: str) -> str:
    """A hint for a key that holds what an editor cannot see, or a colon without its space."""
    if "\u00a0" in key:
        return "; khóa có dấu cách không ngắt (U+00A0, thường do chép từ Word): hãy gõ lại bằng dấu cách thường"
    if _SLIP.match(key):
        return "; có lẽ thiếu dấu cách sau dấu hai chấm"
    return ""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class Positions:
    """Line and column of the field paths of one file, looked up in its node tree only when a check
    reports something (nothing is indexed: the tree is dropped with this object after the file)."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def of(self, path: str) -> tuple[int, int]:
        """Where the value at `path` (`sections[1].appendix`) is, else its nearest written parent."""
        node = self.nearest(path)
        return (1, 1) if node is None else position(node)

    def node(self, path: str) -> yaml.Node | None:
        """The node of the value at `path` itself, or None when it is not written."""
        return self.nearest(path, exact=True)

    def nearest(self, path: str, exact: bool = False) -> yaml.Node | None:
        """The node at `path`, else its nearest written parent (`exact`: else None)."""
        node = self.root
        if node is None:
            return None
        for name, index in _PATH_PART.findall(path):
            child = None
            if name and isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)
            elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
                child = node.value[int(index)]
            if child is None:
                return None if exact else node
            node = child
        return node


def name_key(text: str) -> str:
    """How a unit name is compared: NFC, case and diacritics folded, spaces collapsed."""
    return " ".join(fold(nfc(text)).split())


def unit_names(units: tuple[Unit, ...]) -> dict[str, tuple[Unit, ...]]:
    """Units by every name an editor may write for them (name, short, aliases), folded."""
    named: dict[str, dict[str, Unit]] = {}
    for unit in units:
        for name in (unit.name, unit.short, *unit.aliases):
            named.setdefault(name_key(name), {}).setdefault(unit.id, unit)
    return {key: tuple(by_id.values()) for key, by_id in named.items()}


def unit_by_name(names: dict[str, tuple[Unit, ...]], value: str) -> tuple[Unit, ...]:
    """The units `value` names exactly: by name, short name or alias (case, diacritics and spacing aside, and
    without Word's curly quotes), or as its id written with diacritics and spaces ("Văn phòng BQL")."""
    bare = strip_word_quotes(value)
    named = names.get(name_key(bare))
    if named:
        return named
    slug = slugify(bare)
    return tuple(u for units in names.values() for u in units if u.id == slug)[:1]


def _within(short: list[str], long: list[str]) -> bool:
    """True when the words of `short` appear in `long` in the same order ("sở nội vụ hải phòng" in "sở nội vụ
    thành phố hải phòng")."""
    rest = iter(long)
    return all(word in rest for word in short)


def unit_like_name(names: dict[str, tuple[Unit, ...]], value: str) -> tuple[Unit, ...]:
    """The units (at most three) whose name, short name or alias is close to `value`: the same words with
    some left out ("Sở Nội vụ Hải Phòng"), or a slip of the keyboard."""
    key = name_key(strip_word_quotes(value))
    if not key or len(key) > 2 * _SUGGEST_CHARS:
        return ()
    words = key.split()
    found: dict[str, Unit] = {}
    if len(words) >= 2:
        for name, units in names.items():
            if _within(words, name.split()):
                found.update((u.id, u) for u in units)
    if not found:
        for close in difflib.get_close_matches(key, list(names), n=1, cutoff=_NAME_CUTOFF):
            found.update((u.id, u) for u in names[close])
    return tuple(found.values())[:3] if len(found) <= 3 else ()


def write_id_hint(units: tuple[Unit, ...]) -> str:
    """Tell an editor who wrote a unit's name which id to write instead."""
    if len(units) == 1:
        return f"hãy viết mã {units[0].id} (tên của đơn vị {quoted(units[0].name)})"
    listed = ", ".join(f"{u.id} ({quoted(u.name)})" for u in units)
    return f"tên này dùng cho nhiều đơn vị, hãy viết mã của đơn vị đúng: {listed}"


NEW_UNIT_HINT = ("ở đây cần mã đơn vị, không phải tên; nếu cơ quan này chưa có trong danh mục, hãy thêm một mục vào "
                 "content/units.yaml (id, name, short, kind) rồi viết id của nó")


def near_name_hint(units: tuple[Unit, ...]) -> str:
    """Tell an editor who wrote a name close to a unit's which unit it may be, and its id."""
    listed = ", ".join(f"{u.id} ({quoted(u.name)})" for u in units)
    return f"có phải đơn vị {listed}? nếu đúng, hãy viết mã đó"


def _iso_hint(value: str) -> str:
    """`: hãy viết 2024-01-24 …` for a day written day/month/year, as documents print it."""
    match = _DAY_MONTH_YEAR.fullmatch(strip_word_quotes(value))
    if not match:
        return ""
    day, month, year = (int(g) for g in match.groups())
    try:
        return f": hãy viết {date(year, month, day).isoformat()} (năm-tháng-ngày)"
    except ValueError:
        return f"; ngày {day}/{month}/{year} cũng không tồn tại{_why_no_day(year, month, day)}"


def _why_no_day(year: int, month: int, day: int) -> str:
    """`: không có tháng 13` or `: tháng 02/2024 chỉ có 29 ngày`, for a date that does not exist."""
    if not 1 <= month <= 12:
        return f": không có tháng {month} (tháng từ 01 đến 12)"
    if day < 1:
        return ": không có ngày 0"
    last = calendar.monthrange(year, month)[1]
    return f": tháng {month:02d}/{year} chỉ có {last} ngày"


class Builder:
    """Builds model objects from one file's nodes and reports problems to `reporter`."""

    def __init__(self, reporter: Reporter, path: Path, unit_ids: set[str] | None = None,
                 plan_ids: set[str] | None = None, file_stem: str = "",
                 unit_names: dict[str, tuple[Unit, ...]] | None = None, escapes: bool = True,
                 source: str | None = None):
        self.reporter = reporter
        self.escapes = escapes  # False: the file has no backslash, so no value needs the escape check
        self.source = source  # the file's text when it has escapes: an escaped control character is located
        self.path = path
        self.unit_ids = unit_ids
        self.plan_ids = plan_ids
        self.file_stem = file_stem
        self.unit_names = unit_names or {}

    def _suggest(self, value: str, choices: list[str] | tuple[str, ...]) -> str | None:
        """A did-you-mean, unless nobody will read it (the file's cap is reached) or the value is too long."""
        if len(value) > _SUGGEST_CHARS or self.reporter.full(self.path):
            return None
        return suggest(value, choices)

    def error(self, node: yaml.Node, path: str, message: str, severity: Severity = Severity.ERROR,
              fix: Fix | None = None) -> Invalid:
        line, column = position(node)
        self.reporter.add(self.path, line, column, path, message, severity, fix)
        return INVALID

    def _word_quoted(self, node: yaml.Node, path: str, value: str, what: str, *, text: bool = True) -> Invalid:
        """A value valid once Word's curly quotes around it are gone: say so, and offer that fix."""
        bare = strip_word_quotes(value)
        return self.error(node, path, f"{what} {quoted(value)} có {WORD_QUOTES_CAUSE}: hãy viết {bare}",
                          fix=scalar_fix(node, bare, text=text))

    def build(self, tp: Any, node: yaml.Node, path: str = "") -> Any:
        """The value of type `tp` that `node` holds, or INVALID after reporting why."""
        origin = typing.get_origin(tp)
        if origin is Annotated:
            base, *marks = typing.get_args(tp)
            return self._annotated(base, marks, node, path)
        if origin in (Union, types.UnionType):
            arms = [a for a in typing.get_args(tp) if a is not type(None)]
            if is_null(node):
                return None
            return self.build(arms[0], node, path)
        if origin is Literal:
            return self._choice(typing.get_args(tp), node, path)
        if origin is tuple:
            return self._sequence(typing.get_args(tp)[0], node, path)
        if tp is Deadline:
            return self._deadline(node, path)
        if tp is PartialDate:
            return self._partial_date(node, path)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self._object(tp, node, path)
        return self._scalar(tp, node, path)

    def _wrong(self, tp: Any, node: yaml.Node, path: str) -> Invalid:
        if is_null(node):
            return self.error(node, path, f"để trống: cần {_expected(tp)}")
        return self.error(node, path, f"cần {_expected(tp)}, không phải {_shape(node)}")

    def _text(self, node: yaml.Node, path: str) -> str | Invalid:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self._wrong(str, node, path)
        text = nfc(node.value).strip()
        if not text:
            return self.error(node, path, "để trống: cần một đoạn văn bản")
        # the file itself has none (yamlsource); only escapes in double quotes ("\0", "\v") bring them
        bad = FORBIDDEN_IN_TEXT.search(text) if self.escapes and node.style == '"' else None
        if bad:
            message = f"văn bản có {character_problem(bad.group(), escaped=True)}"
            at = escape_position(self.source, node.start_mark.index, node.end_mark.index, bad.group()) \
                if self.source is not None else None
            if at is None:
                return self.error(node, path, message)
            self.reporter.add(self.path, *at, path, message)
            return INVALID
        sample = legacy_encoding_sample(text)
        if sample:
            return self.error(node, path, f"văn bản có vẻ đang ở bảng mã cũ TCVN3/VNI ({quoted(sample)}): "
                                          "hãy chuyển sang Unicode dựng sẵn")
        return text

    def _scalar(self, tp: Any, node: yaml.Node, path: str) -> Any:
        if tp is str:
            return self._text(node, path)
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self._wrong(tp, node, path)
        value = node.value.strip()
        if tp is bool:
            if node.tag == "tag:yaml.org,2002:bool" and value.lower() in ("true", "false"):
                return value.lower() == "true"
            return self.error(node, path, f"cần true hoặc false, không phải {quoted(value)}")
        if tp is int:
            if re.fullmatch(r"[0-9]{1,9}", value):
                return int(value)
            if re.fullmatch(r"[0-9]+", value):
                return self.error(node, path, f"số quá lớn ({len(value)} chữ số): cần một số dưới 1 tỷ")
            return self.error(node, path, f"cần một số, không phải {quoted(value[:40])}")
        if tp is date:
            return self._date(node, path)
        raise TypeError(f"model type {tp!r} has no builder")

    def _date(self, node: yaml.ScalarNode, path: str) -> date | Invalid:
        value = node.value.strip()
        if not value:
            return self.error(node, path, "để trống: cần một ngày dạng YYYY-MM-DD, ví dụ 2024-01-24")
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            if has_word_quotes(value) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", strip_word_quotes(value)):
                return self._word_quoted(node, path, value, "ngày", text=False)
            return self.error(node, path, f"{quoted(value)} không phải ngày dạng YYYY-MM-DD, ví dụ 2024-01-24"
                                          f"{_iso_hint(value)}")
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return self.error(node, path, f"ngày {value} không tồn tại{_why_no_day(*map(int, match.groups()))}")

    def _partial_date(self, node: yaml.Node, path: str) -> PartialDate | Invalid:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self._wrong(date, node, path)
        value = node.value.strip()
        if not value:
            return self.error(node, path, "để trống: cần một ngày dạng YYYY-MM-DD, ví dụ 2024-01-24")
        match = _PARTIAL.fullmatch(value)
        if not match:
            if has_word_quotes(value) and _PARTIAL.fullmatch(strip_word_quotes(value)):
                return self._word_quoted(node, path, value, "ngày", text=False)
            return self.error(node, path, f"{quoted(value)} không phải ngày dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY khi "
                                          f"bản gốc không rõ ngày){_iso_hint(value)}")
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        month, day = (int(g) if g else None for g in (month_text, day_text))
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            return self.error(node, path, f"ngày {value} không tồn tại{_why_no_day(year, month or 1, day or 1)}")
        return PartialDate(year, month, day)

    def _deadline(self, node: yaml.Node, path: str) -> Deadline | Invalid:
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_DEADLINE_CHARS \
                and len(node.value.strip()) > MAX_DEADLINE_CHARS:
            return self.error(node, path, f"thời hạn dài {len(node.value.strip())} ký tự (tối đa "
                                          f"{MAX_DEADLINE_CHARS}): hãy ghi đúng lời thời hạn trong văn bản, ví dụ "
                                          "\"Quý II/2024\"; phần giải thích đưa vào nội dung nhiệm vụ hoặc ghi chú")
        text = self._text(node, path)
        if isinstance(text, Invalid):
            return INVALID
        try:
            rule = dl.parse(text)
        except dl.DeadlineError as exc:  # the grammar quotes the whole wording: clip it as every message does
            return self.error(node, path, _QUOTED_LONG.sub(lambda m: f'"{clip(m.group(1))}"', str(exc)))
        line, column = position(node)
        return Deadline(text, rule, line, column)

    def _choice(self, choices: tuple[str, ...], node: yaml.Node, path: str) -> str | Invalid:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self.error(node, path, f"cần một trong các giá trị: {', '.join(choices)}")
        value: str = node.value.strip()
        if value in choices:
            return value
        if has_word_quotes(value) and strip_word_quotes(value) in choices:
            return self._word_quoted(node, path, value, "giá trị")
        hint = self._suggest(value, choices)
        guess = f' (có phải "{hint}"?)' if hint else ""
        return self.error(node, path, f"giá trị {quoted(value)} không hợp lệ{guess}; các giá trị được phép: "
                                      f"{', '.join(choices)}")

    def _annotated(self, base: Any, marks: list, node: yaml.Node, path: str) -> Any:
        value = self.build(base, node, path)
        if value is INVALID:
            return value
        for mark in marks:
            if isinstance(mark, SlugMark) and not is_slug(value):
                if has_word_quotes(value) and is_slug(strip_word_quotes(value)):
                    return self._word_quoted(node, path, value, "mã")
                return self.error(node, path, f"mã {quoted(value[:60])} chỉ được gồm chữ thường không dấu, số và dấu "
                                              "gạch ngang, ví dụ \"so-noi-vu\"")
            if isinstance(mark, CodeMark) and has_word_quotes(value) and strip_word_quotes(value):
                return self._word_quoted(node, path, value, "số, ký hiệu")
            if isinstance(mark, SlugMark) and len(value) > MAX_ID_CHARS:
                return self.error(node, path, f"mã dài {len(value)} ký tự: tối đa {MAX_ID_CHARS} ký tự")
            if isinstance(mark, Ref):
                return self._reference(mark.kind, value, node, path)
        return value

    def _reference(self, kind: str, value: str, node: yaml.Node, path: str) -> str | Invalid:
        known = self.unit_ids if kind == "unit" else self.plan_ids
        if known is None or value in known:
            return value
        if self.reporter.full(self.path):  # counted only: no wording nobody will read
            return self.error(node, path, "")
        where = "content/units.yaml" if kind == "unit" else "content/plans/"
        noun = "đơn vị" if kind == "unit" else "kế hoạch"
        if has_word_quotes(value) and strip_word_quotes(value) in known:
            return self._word_quoted(node, path, value, f"mã {noun}")
        if kind == "unit" and len(value) <= 2 * _SUGGEST_CHARS:
            named = unit_by_name(self.unit_names, value)
            if named:  # the editor wrote the unit's name: give the id to write (and to --fix when it is one)
                fix = scalar_fix(node, named[0].id) if len(named) == 1 else None
                return self.error(node, path, f"không có đơn vị {quoted(value)} trong {where}: {write_id_hint(named)}",
                                  fix=fix)
            if not is_slug(value):  # a name, not a mistyped id: the closest name, or how to add the unit
                like = unit_like_name(self.unit_names, value)
                advice = near_name_hint(like) if like else NEW_UNIT_HINT
                return self.error(node, path, f"không có đơn vị {quoted(value)} trong {where}: {advice}")
        hint = self._suggest(value, sorted(known))
        guess = f' (có phải "{hint}"?)' if hint else ""
        return self.error(node, path, f"không có {noun} {quoted(value)} trong {where}{guess}")

    def _sequence(self, item_type: Any, node: yaml.Node, path: str) -> tuple | Invalid:
        if is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode):
                return self.error(node, path, f"cần một danh sách, không phải {_shape(node)}: "
                                              f'viết [{printable(clip(node.value))}] hoặc mỗi mục một dòng bắt đầu '
                                              'bằng "- "')
            return self._wrong(tuple[str, ...], node, path)
        items = [self.build(item_type, child, field_path(path, i)) for i, child in enumerate(node.value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)

    def _keys(self, cls: type, node: yaml.MappingNode, path: str) -> tuple[dict, set[str]]:
        """Known keys with their nodes, and the keys that mistyped keys were taken for."""
        allowed = {yaml_name(cls, f.name): f for f in dataclasses.fields(cls) if not f.metadata.get("source")}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        guessed: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or not isinstance(key, str):
                self.error(key_node, path, "khóa phải là một từ, ví dụ title")
            elif key in found:
                first = position(found[key][0])[0]
                self.error(key_node, field_path(path, clip(key)), f"khóa {quoted(key)} bị lặp (đã có ở dòng {first})")
            elif key not in allowed:
                hint = self._suggest(key, sorted(allowed))
                guess = f' (có phải "{hint}"?)' if hint else f"; các khóa được phép: {', '.join(sorted(allowed))}"
                self.error(key_node, field_path(path, clip(key)),
                           f"khóa {quoted(key)} không hợp lệ{guess}{_key_hint(key)}")
                if hint is not None:
                    guessed.add(hint)
            else:
                found[key] = (key_node, value_node)
        return found, guessed

    def _object(self, cls: type, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            slip = _key_slip(node.value) if isinstance(node, yaml.ScalarNode) and not is_null(node) else ""
            return self._wrong(cls, node, path) if not slip else self.error(
                node, path, f"cần các cặp khóa: giá trị, không phải {_shape(node)}{slip}")
        hints = _hints(cls)
        found, guessed = self._keys(cls, node, path)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            source = f.metadata.get("source")
            key = yaml_name(cls, f.name)
            if source == "line":
                values[f.name] = position(node)[0]
            elif source == "file-stem":
                values[f.name] = self.file_stem
            elif key in found:
                values[f.name] = self.build(hints[f.name], found[key][1], field_path(path, key))
            elif f.default is dataclasses.MISSING:
                # a mistyped key already reported with its did-you-mean: one mistake, one message
                values[f.name] = INVALID if key in guessed else self.error(node, path, f'thiếu trường bắt buộc "{key}"')
        if any(v is INVALID for v in values.values()):
            return INVALID
        return cls(**values)
