"""The README's content reference, written from the model so it cannot drift from validation."""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from generator.source.model import (
    DaySwaps,
    Deadline,
    Glossary,
    PartialDate,
    Plan,
    Ref,
    Site,
    SlugMark,
    Units,
)
from generator.source.objects import yaml_name

START = "<!-- content-reference:start (tạo bởi `heza schema`, đừng sửa tay) -->"
END = "<!-- content-reference:end -->"


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *marks = typing.get_args(tp)
        for mark in marks:
            if isinstance(mark, Ref):
                return "mã đơn vị" if mark.kind == "unit" else "mã kế hoạch"
            if isinstance(mark, SlugMark):
                return "mã (a-z, 0-9, -)"
        return _type_name(base)
    if origin in (Union, types.UnionType):
        arms = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_name(arms[0]) + " hoặc null"
    if origin is Literal:
        return " \\| ".join(f"`{v}`" for v in typing.get_args(tp))
    if origin is tuple:
        return "danh sách " + _type_name(typing.get_args(tp)[0])
    names = {str: "văn bản", int: "số", bool: "true/false", date: "ngày YYYY-MM-DD",
             PartialDate: "ngày (có thể thiếu ngày/tháng)", Deadline: "thời hạn (lời văn bản)"}
    return names.get(tp, f"[{getattr(tp, '__name__', tp)}](#{getattr(tp, '__name__', '').lower()})")


def _nested(tp: Any) -> list[type]:
    found = []
    for arg in typing.get_args(tp) or ():
        found += _nested(arg)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in (PartialDate, Deadline):
        found.append(tp)
    return found


def _table(cls: type) -> list[str]:
    hints = typing.get_type_hints(cls, include_extras=True)
    lines = [f"#### {cls.__name__}", "", "| khóa | kiểu | bắt buộc | ý nghĩa |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        if f.metadata.get("source"):
            continue
        required = "có" if f.default is dataclasses.MISSING else ""
        doc = f.metadata.get("doc", "").replace("|", "\\|")
        lines.append(f"| `{yaml_name(cls, f.name)}` | {_type_name(hints[f.name])} | {required} | {doc} |")
    return [*lines, ""]


def reference() -> str:
    """Markdown tables of every file and object editors write."""
    seen: list[type] = []
    queue = [Site, Units, Glossary, DaySwaps, Plan]
    while queue:
        cls = queue.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        hints = typing.get_type_hints(cls, include_extras=True)
        queue += [n for f in dataclasses.fields(cls) for n in _nested(hints[f.name])]
    body = [line for cls in seen for line in _table(cls)]
    return "\n".join([START, "", *body, END])


def update_readme(readme: Path) -> bool:
    """Rewrite the reference block of the README; True if it changed."""
    text = readme.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: reference(), text, flags=re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
