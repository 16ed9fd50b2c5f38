"""The real content with an attack in every text field, generated from the model's type hints (a field
added to the model is covered without touching this file).

Each free-text value becomes `LEAD + value + PAYLOAD`: the original stays in the middle, so ids and
task numbers stay unique and the plans stay the same plans. Fields with a grammar of their own
(ids, choices, dates, URLs, the e-mail address and phone number, which the check validates) keep
their values; a deadline that names who asks ("Theo yêu cầu của …") carries a short payload.
"""
from __future__ import annotations

import dataclasses
import shutil
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml

from generator.source.model import CodeMark, Deadline, Glossary, PartialDate, Plan, Site, Units
from generator.source.objects import yaml_name

# A spreadsheet formula at the start of every text: a CSV cell must never start a formula.
LEAD = '=HYPERLINK("https://evil.example/","nhấn") '
# Breaks out of attributes and text; the project's own block and seal markers on lines of their own;
# Markdown links, attribute lists, abbreviation definitions, admonitions; Jinja syntax; an iCalendar
# event and an XML CDATA end; legitimate Vietnamese symbols that must survive untouched.
PAYLOAD = (' Kế hoạch " onmouseover="alert(\'X1\')" x="\'><svg onload=alert(\'X2\')>'
           '<img src=x onerror=alert(\'X3\')><script>alert(\'X4\')</script>\n'
           '<!-- heza:html -->\n<script>alert(\'X5\')</script>\n<!-- /heza:html -->\n'
           '<!--heza-sealed:0--> <!--heza-block:0-->\n'
           '[bấm](javascript:alert(\'X6\')) <javascript:alert(\'X7\')> {: onclick="alert(\'X8\')" }\n'
           '!!! danger "X9"\n*[CCHC]: <b>X10</b>\n'
           '{{ 7*191 }} {% if true %}X11{% endif %} ]]> &amp; &#x3C;b&#x3E; \\`\n'
           'BEGIN:VEVENT\nUID:hostile@evil.example\nEND:VEVENT\n'
           '«Năm dữ liệu số» 30°C Müller 2024–2025')
# What must never appear in a page as markup: each is a tag, an attribute or a URL the payload tries.
ALERT_TAGS = ("svg", "img", "script")
DEADLINE_PAYLOAD = 'Theo yêu cầu của <svg onload=alert(\'X12\')> "Bộ" [x](javascript:alert(\'X13\'))'
MARKS = tuple(f"X{n}" for n in range(1, 14))  # each alert's argument: found in the DOM only as text
KEPT = {("Site", "portal_url"), ("Site", "base_url"), ("Site", "repository_url"), ("Site", "email"), ("Site", "phone"),
        ("Site", "feedback")}
# Optional text that the real content leaves empty is filled in too, except where it excludes another
# field, must name something that exists (a section names one of the plan's appendices) or would be a
# task's value on a heading row or beside an unreadable cell (the check refuses both).
_NOT_FILLED = {("Recipient", "text"), ("Section", "appendix"), ("Task", "deliverable"), ("Task", "number"),
               ("Section", "number")}
_NOT_FILLED_IN = {"Unreadable"}


def hostile_text(value: str) -> str:
    """One free-text value with the attack around it."""
    return f"{LEAD}{value}{PAYLOAD}"


def _is_free_text(tp: Any) -> bool:
    """True for `str` (optional or not) without a mark that gives it a grammar (ids, slugs)."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        return all(_is_free_text(a) for a in typing.get_args(tp) if a is not type(None))
    if typing.get_origin(tp) is Annotated:
        return any(isinstance(m, CodeMark) for m in typing.get_args(tp)[1:])
    return tp is str


def _mutate(tp: Any, value: Any) -> Any:
    """`value` (as safe_load read it) with every free-text leaf of model type `tp` made hostile."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is Annotated and any(isinstance(m, CodeMark) for m in typing.get_args(tp)[1:]):
        return _mutate(typing.get_args(tp)[0], value)  # numbers and symbols as printed: free text
    if origin is Annotated or origin is Literal:
        return value  # ids, slugs, choices: a grammar the check enforces
    if origin in (Union, types.UnionType):
        return _mutate(next(a for a in typing.get_args(tp) if a is not type(None)), value)
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return [_mutate(item, v) for v in value]
    if tp is Deadline:
        return DEADLINE_PAYLOAD if str(value).lower().startswith("theo yêu cầu") else value
    if tp is str:
        return hostile_text(value)
    if dataclasses.is_dataclass(tp) and tp is not PartialDate:
        hints = typing.get_type_hints(tp, include_extras=True)
        out = dict(value)
        for f in dataclasses.fields(tp):
            key, where = yaml_name(tp, f.name), (tp.__name__, f.name)
            if f.metadata.get("source") or where in KEPT:
                continue
            if (out.get(key) is None and _is_free_text(hints[f.name]) and where not in _NOT_FILLED
                    and tp.__name__ not in _NOT_FILLED_IN):
                out[key] = hostile_text("")
            elif key in out:
                out[key] = _mutate(hints[f.name], out[key])
        return out
    return value


def _rewrite(path: Path, cls: type) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if cls is Plan and not data.get("revisions"):
        data["revisions"] = [{"date": data["document"]["date"] if len(str(data["document"]["date"])) == 10
                              else "2026-01-05", "text": "Sửa lỗi chép"}]
    path.write_text(yaml.dump(_mutate(cls, data), Dumper=_NoAliases, allow_unicode=True, sort_keys=False,
                              width=10_000), encoding="utf-8")


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice in full both times: the check refuses YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def hostile_content(source: Path, target: Path) -> Path:
    """A copy of the content tree `source` at `target` with every text field attacked; returns `target`."""
    shutil.copytree(source, target)
    _rewrite(target / "site.yaml", Site)
    _rewrite(target / "units.yaml", Units)
    _rewrite(target / "glossary.yaml", Glossary)
    for plan in sorted((target / "plans").glob("*.yaml")):
        _rewrite(plan, Plan)
    return target


def free_text_fields() -> list[tuple[str, str]]:
    """(class, field) of every free-text field the model has, for a test that none is forgotten."""
    found, queue, seen = [], [Site, Units, Glossary, Plan], set()
    while queue:
        cls = queue.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls, include_extras=True)
        for f in dataclasses.fields(cls):
            tp = hints[f.name]
            if _is_free_text(tp) and not f.metadata.get("source"):
                found.append((cls.__name__, f.name))
            queue += [t for t in _nested(tp) if t not in seen]
    return sorted(found)


def _nested(tp: Any) -> list[type]:
    found = [a for arg in typing.get_args(tp) for a in _nested(arg)]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in (PartialDate, Deadline):
        found.append(tp)
    return found
