"""Build typed model objects from YAML nodes, driven by the model's type hints.

One declarative source (the dataclasses in model.py) gives validation here, the JSON
Schema (`json_schema`) and the README's content reference (docs.py). Every problem is
reported with its line and field path; building goes on after a problem so that one run
reports them all.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from datetime import date
from typing import Annotated, Any, Literal, Union

import yaml

from . import deadlines as dl
from .errors import Severity
from .model import YAML_NAMES, Deadline, PartialDate, Ref, SlugMark
from .text import is_slug, legacy_encoding_sample, nfc, suggest
from .yamlsource import position


class Invalid:
    """Marker for a value that could not be built; the problem is already reported."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()
_NULL = "tag:yaml.org,2002:null"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


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
    return f'giá trị "{node.value}"'


def _expected(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _expected(typing.get_args(tp)[0])
    if origin is tuple:
        return "một danh sách"
    if dataclasses.is_dataclass(tp) and tp is not PartialDate and tp is not Deadline:
        return "các cặp khóa: giá trị"
    return {int: "một số", bool: "true hoặc false", date: "một ngày dạng YYYY-MM-DD"}.get(tp, "một đoạn văn bản")


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


class Builder:
    """Builds model objects from one file's nodes and reports problems to `reporter`."""

    def __init__(self, reporter, path, unit_ids=None, plan_ids=None, file_stem: str = ""):
        self.reporter = reporter
        self.path = path
        self.unit_ids = unit_ids
        self.plan_ids = plan_ids
        self.file_stem = file_stem

    def error(self, node: yaml.Node, path: str, message: str, severity=Severity.ERROR) -> Invalid:
        line, column = position(node)
        self.reporter.add(self.path, line, column, path, message, severity)
        return INVALID

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
        if dataclasses.is_dataclass(tp):
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
        sample = legacy_encoding_sample(text)
        if sample:
            return self.error(node, path, f'văn bản có vẻ đang ở bảng mã cũ TCVN3/VNI ("{sample}"): '
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
            return self.error(node, path, f'cần true hoặc false, không phải "{value}"')
        if tp is int:
            if re.fullmatch(r"\d+", value):
                return int(value)
            return self.error(node, path, f'cần một số, không phải "{value}"')
        if tp is date:
            return self._date(node, path)
        raise TypeError(f"model type {tp!r} has no builder")

    def _date(self, node: yaml.ScalarNode, path: str) -> date | Invalid:
        value = node.value.strip()
        if not value:
            return self.error(node, path, "để trống: cần một ngày dạng YYYY-MM-DD, ví dụ 2024-01-24")
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            return self.error(node, path, f'"{value}" không phải ngày dạng YYYY-MM-DD, ví dụ 2024-01-24')
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return self.error(node, path, f"ngày {value} không tồn tại")

    def _partial_date(self, node: yaml.Node, path: str) -> PartialDate | Invalid:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self._wrong(date, node, path)
        value = node.value.strip()
        if not value:
            return self.error(node, path, "để trống: cần một ngày dạng YYYY-MM-DD, ví dụ 2024-01-24")
        match = _PARTIAL.fullmatch(value)
        if not match:
            return self.error(node, path, f'"{value}" không phải ngày dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY khi '
                                          "bản gốc không rõ ngày)")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            return self.error(node, path, f"ngày {value} không tồn tại")
        return PartialDate(year, month, day)

    def _deadline(self, node: yaml.Node, path: str) -> Deadline | Invalid:
        text = self._text(node, path)
        if text is INVALID:
            return INVALID
        try:
            rule = dl.parse(text)
        except dl.DeadlineError as exc:
            return self.error(node, path, str(exc))
        line, column = position(node)
        return Deadline(text, rule, line, column)

    def _choice(self, choices: tuple[str, ...], node: yaml.Node, path: str) -> str | Invalid:
        if not isinstance(node, yaml.ScalarNode) or is_null(node):
            return self.error(node, path, f"cần một trong các giá trị: {', '.join(choices)}")
        value = node.value.strip()
        if value in choices:
            return value
        hint = suggest(value, choices)
        guess = f' (có phải "{hint}"?)' if hint else ""
        return self.error(node, path, f'giá trị "{value}" không hợp lệ{guess}; các giá trị được phép: '
                                      f"{', '.join(choices)}")

    def _annotated(self, base: Any, marks: list, node: yaml.Node, path: str) -> Any:
        value = self.build(base, node, path)
        if value is INVALID:
            return value
        for mark in marks:
            if isinstance(mark, SlugMark) and not is_slug(value):
                return self.error(node, path, f'mã "{value}" chỉ được gồm chữ thường không dấu, số và dấu '
                                              "gạch ngang, ví dụ \"so-noi-vu\"")
            if isinstance(mark, Ref):
                return self._reference(mark.kind, value, node, path)
        return value

    def _reference(self, kind: str, value: str, node: yaml.Node, path: str) -> str | Invalid:
        known = self.unit_ids if kind == "unit" else self.plan_ids
        if known is None or value in known:
            return value
        hint = suggest(value, sorted(known))
        guess = f' (có phải "{hint}"?)' if hint else ""
        where = "content/units.yaml" if kind == "unit" else "content/plans/"
        noun = "đơn vị" if kind == "unit" else "kế hoạch"
        return self.error(node, path, f'không có {noun} "{value}" trong {where}{guess}')

    def _sequence(self, item_type: Any, node: yaml.Node, path: str) -> tuple | Invalid:
        if is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode):
                return self.error(node, path, f'cần một danh sách, không phải {_shape(node)}: '
                                              f'viết [{node.value}] hoặc mỗi mục một dòng bắt đầu bằng "- "')
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
                self.error(key_node, field_path(path, key), f'khóa "{key}" bị lặp (đã có ở dòng {first})')
            elif key not in allowed:
                hint = suggest(key, sorted(allowed))
                guess = f' (có phải "{hint}"?)' if hint else f"; các khóa được phép: {', '.join(sorted(allowed))}"
                self.error(key_node, field_path(path, key), f'khóa "{key}" không hợp lệ{guess}')
                guessed.add(hint)
            else:
                found[key] = (key_node, value_node)
        return found, guessed

    def _object(self, cls: type, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._wrong(cls, node, path)
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
