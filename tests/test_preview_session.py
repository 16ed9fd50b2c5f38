"""The preview's incremental builds (a Session) write exactly what a fresh build writes.

After each edit of a copy of the real content (or of the page templates), the docs generated with the
session's plan cache and memo are compared byte for byte with the docs of a build that starts from
nothing. Most edits are generated rather than picked by hand: every kind of field of the plans, the units
and the glossary (a field path with its list indices left out, `sections[].tasks[].lead[]`) is edited
once, to another value the content allows, and every page template is changed once. The edits pile up in
one session, as an editor's saves do.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import pytest
import yaml

from conftest import generate_docs
from generator.engine import generate as engine
from generator.engine.generate import Session
from generator.outputs import templates
from generator.source import deadlines as dl
from generator.source.model import (
    YAML_NAMES,
    Appendix,
    Deadline,
    Glossary,
    PartialDate,
    Plan,
    Ref,
    Section,
    SlugMark,
    Unit,
    Units,
)
from generator.source.problems import ContentError
from generator.source.reader import read_content

REPO = Path(__file__).resolve().parent.parent
PLAN = "plans/2021-3848-qd-ubnd.yaml"
TODAY = date(2026, 11, 23)
SUFFIX = " (sửa)"  # appended to free text: still valid, and visible wherever the text is shown
FILLED = "Bổ sung (sửa)"  # free text where every file leaves the field null
COVERED = 0.8  # the share of the kinds of fields that must be edited and compared


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _reword_task(content: Path) -> None:
    _replace(content / PLAN, "content: Xây dựng Báo cáo xác định chỉ số", "content: Xây dựng báo cáo xác định chỉ số")


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


@pytest.fixture
def pages(tmp_path, monkeypatch) -> Path:
    """A copy of the page templates that every build of the test renders (and stamps) instead of theme/pages."""
    folder = tmp_path / "pages"
    shutil.copytree(templates.PAGE_TEMPLATES, folder)
    monkeypatch.setattr(engine, "environment", partial(templates.environment, folder=folder))
    monkeypatch.setattr(engine, "template_stamp", partial(templates.template_stamp, folder))
    return folder


def _fresh(content: Path, docs: Path, today: date) -> dict[str, bytes]:
    shutil.rmtree(docs, ignore_errors=True)
    generate_docs(content, docs, today)
    return _files(docs)


# --- replaying edits in one session ---------------------------------------------------

@dataclass(frozen=True)
class Edit:
    name: str
    apply: Callable[[], object]  # returns what it did, for the messages


@dataclass
class Replay:
    """What became of a list of edits replayed in one session."""

    compared: list[str] = field(default_factory=list)  # built incrementally and compared with a fresh build
    refused: list[tuple[str, str]] = field(default_factory=list)  # the content became invalid: (edit, problems)
    differing: list[tuple[str, list[str]]] = field(default_factory=list)  # (edit, files the two builds differ in)
    unseen: list[str] = field(default_factory=list)  # compared, but the docs did not change

    def summary(self, title: str, kinds: int | None = None, skipped: dict[str, str] | None = None) -> str:
        lines = [f"{title}: {len(self.compared)} edits compared"
                 + (f" (of {kinds} kinds)" if kinds is not None else "")
                 + f", {len(self.refused)} refused as invalid, {len(self.differing)} differing"]
        lines += [f"  skipped {shape}: {reason}" for shape, reason in (skipped or {}).items()]
        lines += [f"  refused {name}: {problems}" for name, problems in self.refused]
        lines += [f"  DIFFERING {name}: {', '.join(files[:6])}{f' and {len(files) - 6} more' if len(files) > 6 else ''}"
                  for name, files in self.differing]
        lines += [f"  no change in the docs: {name}" for name in self.unseen]
        return "\n".join(lines)


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and path.relative_to(folder).as_posix() not in files:
            path.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _replay(content: Path, tmp_path: Path, edits: list[Edit], today: date = TODAY) -> Replay:
    """Build once, then after each edit build again with the session and compare with a fresh build.

    An edit that leaves invalid content is undone and counted as refused; after a difference the session
    starts over, so that each difference reported is the work of its own edit."""
    session, docs, fresh_docs, replay = Session(), tmp_path / "preview-docs", tmp_path / "fresh-docs", Replay()
    generate_docs(content, docs, today, session)
    before = _files(docs)
    for edit in edits:
        saved = _files(content)
        done = edit.apply()
        try:
            read_content(content, cache=session.plans)
        except ContentError as error:
            with pytest.raises(ContentError):
                read_content(content)  # the session's plan cache refuses what a fresh read refuses
            replay.refused.append((edit.name, "; ".join(p.format() for p in error.errors)[:500]))
            _restore(content, saved)
            continue
        generate_docs(content, docs, today, session)
        incremental, fresh = _files(docs), _fresh(content, fresh_docs, today)
        replay.compared.append(edit.name)
        if incremental != fresh:
            files = sorted(k for k in incremental.keys() | fresh.keys() if incremental.get(k) != fresh.get(k))
            replay.differing.append((f"{edit.name} ({done})", files))
            session = Session()
            generate_docs(content, docs, today, session)
        if fresh == before:
            replay.unseen.append(edit.name)
        before = fresh
    return replay


# --- the content's fields and the model's types ---------------------------------------

def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every scalar in a YAML document, null included; a path is keys and list indices."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    else:
        yield path, node


def _dotted(path: tuple, indices: bool = True) -> str:
    """`sections[1].tasks[0].lead[0]`, or with `indices` False its shape `sections[].tasks[].lead[]`."""
    text = ""
    for key in path:
        text += (f"[{key}]" if indices else "[]") if isinstance(key, int) else (f".{key}" if text else key)
    return text


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _optional_removed(tp: Any) -> Any:
    if typing.get_origin(tp) in (Union, types.UnionType):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return tp


@dataclass(frozen=True)
class Field:
    """What the model says of the value at a path of a file: its type and the dataclass field holding it."""

    type: Any
    owner: type
    name: str

    @classmethod
    def at(cls, root: type, path: tuple) -> Field:
        tp, owner, name = root, root, ""
        for key in path:
            tp = _optional_removed(tp)
            if typing.get_origin(tp) is Annotated:
                tp = typing.get_args(tp)[0]
            if isinstance(key, int):
                tp = typing.get_args(tp)[0]  # tuple[X, ...]
            else:
                name = next(f.name for f in dataclasses.fields(tp) if YAML_NAMES.get((tp, f.name), f.name) == key)
                owner, tp = tp, typing.get_type_hints(tp, include_extras=True)[name]
        return cls(tp, owner, name)

    @property
    def kind(self) -> str:
        """unit, plan (ids of either), slug, choice, deadline, partial date, date, number, flag, text; mapping, list."""
        tp = _optional_removed(self.type)
        if typing.get_origin(tp) is Annotated:
            base, *marks = typing.get_args(tp)
            for mark in marks:
                if isinstance(mark, Ref):
                    return mark.kind
                if isinstance(mark, SlugMark):
                    return "slug"
            tp = base
        if typing.get_origin(tp) is Literal:
            return "choice"
        kinds = {Deadline: "deadline", PartialDate: "partial date", date: "date", int: "number", bool: "flag",
                 str: "text"}
        if tp in kinds:
            return kinds[tp]
        return "mapping" if dataclasses.is_dataclass(tp) else "list"


# --- another valid value for a field ---------------------------------------------------

def _other(choices: list, old: Any, avoid: object = ()) -> Any:
    """The choice after `old` (cyclically) that is neither `old` nor in `avoid`."""
    start = choices.index(old) + 1 if old in choices else 0
    found = next((c for c in choices[start:] + choices[:start] if c != old and c not in avoid), None)
    assert found is not None, f"no value other than {old!r} among {choices}"
    return found


def _unit_ids(content: Path) -> list[str]:
    return [u["id"] for u in _load(content / "units.yaml")["units"]]


def _plan_ids(content: Path) -> list[str]:
    return sorted(p.stem for p in (content / "plans").glob("*.yaml"))


def _siblings(data: Any, path: tuple) -> list:
    """The other values of the list the value at `path` is in (a unit twice in one cell is not wanted)."""
    return _get(data, path[:-1]) if isinstance(path[-1], int) else []


def _earlier(old: Any) -> Any:
    """A date one day earlier; a partial date (`2023-09`, `2023`) one month or year earlier."""
    if isinstance(old, date):
        return old - timedelta(days=1)
    year, *month = (int(p) for p in str(old).split("-"))
    if not month:
        return str(year - 1)
    if len(month) == 1:
        return f"{year - 1}-12" if month[0] == 1 else f"{year}-{month[0] - 1:02d}"
    return date(year, *month) - timedelta(days=1)


def _other_deadline(old: str) -> str:
    """A date one day earlier for a deadline on a date; else a quarter of the plan's year."""
    rule = dl.parse(old)
    if isinstance(rule, dl.OnDate):
        return dl.render(dl.OnDate(rule.day - timedelta(days=1), rule.before))
    return "Quý IV" if old != "Quý IV" else "Quý III"


def _rename_unit(content: Path, data: Any, path: tuple, old: str) -> str:
    """A unit's id changed, and every reference to it in units.yaml and the plans."""
    new = old + "-sua"
    for unit in data["units"]:
        if unit.get("parent") == old:
            unit["parent"] = new
        if old in (unit.get("members") or []):
            unit["members"] = [new if member == old else member for member in unit["members"]]
    for plan in (content / "plans").glob("*.yaml"):
        plan_data, changed = _load(plan), False
        for at, value in _leaves(plan_data):
            if value == old and Field.at(Plan, at).kind == "unit":
                _set(plan_data, at, new)
                changed = True
        if changed:
            _dump(plan, plan_data)
    return new


def _other_parent(content: Path, data: Any, path: tuple, old: str | None) -> str:
    """Another parent unit: neither the unit itself nor one below it."""
    parents = {u["id"]: u.get("parent") for u in data["units"]}
    own = _get(data, path[:-1])["id"]

    def below(unit: str | None) -> bool:
        seen = set()
        while unit is not None and unit not in seen:
            if unit == own:
                return True
            seen.add(unit)
            unit = parents.get(unit)
        return False

    return _other(list(parents), old, {u for u in parents if below(u)})


def _renumber_appendix(content: Path, data: Any, path: tuple, old: str) -> str:
    """An appendix's number changed, and the sections that refer to it."""
    new = old + SUFFIX
    for section in data.get("sections") or ():
        if section.get("appendix") == old:
            section["appendix"] = new
    return new


def _other_appendix(content: Path, data: Any, path: tuple, old: str | None) -> str | None:
    """A section refers to another appendix of its plan (or to none, when the plan has no other)."""
    numbers = [a["number"] for a in data.get("appendices") or () if a.get("number") is not None]
    others = [n for n in numbers if n != old]
    return _other(numbers, old) if others else None


# Fields whose valid values depend on other fields: (dataclass, attribute) → the new value (and changes).
DEPENDENT: dict[tuple[type, str], Callable[[Path, Any, tuple, Any], Any]] = {
    (Unit, "id"): _rename_unit,
    (Unit, "parent"): _other_parent,
    (Appendix, "number"): _renumber_appendix,
    (Section, "appendix"): _other_appendix,
}


def _new_value(content: Path, file: str, data: Any, path: tuple, model: Field, old: Any) -> Any:
    dependent = DEPENDENT.get((model.owner, model.name))
    if dependent:
        return dependent(content, data, path, old)
    kind = model.kind
    if kind == "unit":
        return _other(_unit_ids(content), old, _siblings(data, path))
    if kind == "plan":
        return _other(_plan_ids(content), old, [Path(file).stem, *_siblings(data, path)])
    if kind == "choice":
        return _other(list(typing.get_args(_optional_removed(model.type))), old)
    if kind == "slug":
        return old + "-sua"
    if kind == "deadline":
        return _other_deadline(old)
    if kind in ("date", "partial date"):
        return _earlier(old)
    if kind == "number":
        return old - 1
    if kind == "flag":
        return not old
    assert kind == "text", kind
    return FILLED if old is None else old + SUFFIX


def _why_not(model: Field, value: Any) -> str | None:
    """Why the field cannot be edited to another valid value, or None when it can."""
    if model.kind in ("mapping", "list"):
        return f"null in every file, where the model has a {model.kind}: no leaf value to edit"
    if value is None and model.kind not in ("text", "unit", "plan", "choice"):
        return f"null in every file: no {model.kind} to derive another from"
    return None


def _field_edit(content: Path, file: str, root: type, path: tuple) -> Edit:
    model = Field.at(root, path)

    def apply() -> str:
        data = _load(content / file)
        old = _get(data, path)
        new = _new_value(content, file, data, path, model, old)
        _set(data, path, new)
        _dump(content / file, data)
        return f"{old!r} → {new!r}"[:200]

    return Edit(f"{file}: {_dotted(path)}", apply)


def _field_edits(content: Path, files: dict[str, type]) -> tuple[list[Edit], dict[str, str], int]:
    """One edit of each kind of field of `files` (name → the model of the file), at the first place it has
    a value; the kinds that cannot be edited, with why; and how many kinds there are."""
    first: dict[str, tuple[str, type, tuple, Any]] = {}
    for file, root in files.items():
        for path, value in _leaves(_load(content / file)):
            shape = _dotted(path, indices=False)
            if shape not in first or (value is not None and first[shape][3] is None):
                first[shape] = (file, root, path, value)
    edits, skipped = [], {}
    for shape, (file, root, path, value) in first.items():
        reason = _why_not(Field.at(root, path), value)
        if reason:
            skipped[shape] = reason
        else:
            edits.append(_field_edit(content, file, root, path))
    return edits, skipped, len(first)


def _as_dumped(content: Path, files: list[str]) -> None:
    """Write each file as the edits will (yaml.safe_dump), so that an edit's diff is its own value."""
    for file in files:
        _dump(content / file, _load(content / file))


def _check_field_edits(content: Path, tmp_path: Path, files: dict[str, type], title: str) -> None:
    _as_dumped(content, list(files))
    edits, skipped, kinds = _field_edits(content, files)
    replay = _replay(content, tmp_path, edits)
    summary = replay.summary(title, kinds, skipped)
    print("\n" + summary)
    assert not replay.differing, summary
    assert len(replay.compared) >= COVERED * kinds, summary


# --- the tests --------------------------------------------------------------------------

def test_every_kind_of_plan_field_edited_builds_what_a_fresh_build_writes(content, tmp_path):
    plans = {f"plans/{p.name}": Plan for p in sorted((content / "plans").glob("*.yaml"))}
    _check_field_edits(content, tmp_path, plans, "plan fields")


def test_every_kind_of_unit_and_glossary_field_edited_builds_what_a_fresh_build_writes(content, tmp_path):
    _check_field_edits(content, tmp_path, {"units.yaml": Units, "glossary.yaml": Glossary},
                       "unit and glossary fields")


FRONT_MATTER_PARTIALS = {"_edit.md.j2"}  # included inside a page's YAML front matter
_MACRO_START = re.compile(r"\{%-?\s*macro\b.*?%\}", re.DOTALL)


def _marked_template(path: Path) -> tuple[str, str]:
    """The template with a marker the pages show: in the first macro of a file of macros, as a YAML
    comment in a front-matter partial, else as a last line. Returns the new text and the marker."""
    text = path.read_text(encoding="utf-8")
    if path.name in FRONT_MATTER_PARTIALS:
        marker = f"# dấu: {path.name}"
        return text + marker + "\n", marker
    marker = f"<!-- dấu: {path.name} -->"
    macro = _MACRO_START.search(text) if path.name.startswith("_") else None
    if macro:
        return text[:macro.end()] + marker + text[macro.end():], marker
    return text + marker + "\n", marker


def test_every_template_edited_builds_what_a_fresh_build_writes(content, pages, tmp_path):
    markers: dict[str, str] = {}

    def edit(path: Path) -> Edit:
        def apply() -> str:
            text, markers[path.name] = _marked_template(path)
            path.write_text(text, encoding="utf-8")
            return markers[path.name]
        return Edit(path.name, apply)

    edits = [edit(p) for p in sorted(pages.iterdir()) if p.is_file()]
    replay = _replay(content, tmp_path, edits)
    summary = replay.summary("templates", len(edits))
    print("\n" + summary)
    assert not replay.differing and not replay.refused, summary
    assert len(replay.compared) == len(edits) > 0
    shown = b"".join(_files(tmp_path / "fresh-docs").values())
    assert [name for name, marker in markers.items() if marker.encode() not in shown] == [], "markers not shown"


def test_plan_title_shown_in_a_unit_row_follows_an_edit(content, pages, tmp_path):
    """A unit page's row that shows a plan's title is redrawn when only that title changes (it was not)."""
    rows = pages / "_rows.j2"
    text = rows.read_text(encoding="utf-8")
    macro = re.search(r"\{% macro work_item\(.*?\{%- endmacro %\}", text, re.DOTALL)
    link = "{{ html.plan_link(here, w.plan) }}"
    assert macro and link in macro.group(), "the work_item macro of _rows.j2 links the plan"
    row = macro.group().replace(link, link + " {{ w.plan.document.title|h }}", 1)
    rows.write_text(text[:macro.start()] + row + text[macro.end():], encoding="utf-8")
    plans = sorted((content / "plans").glob("*.yaml"))
    _as_dumped(content, [p.relative_to(content).as_posix() for p in plans])  # the edit below changes one line

    def on_unit_pages(title: str, docs: Path) -> bool:
        return any(title.encode() in data for name, data in _files(docs).items() if name.startswith("don-vi/"))

    session, docs, fresh_docs = Session(), tmp_path / "preview-docs", tmp_path / "fresh-docs"
    generate_docs(content, docs, TODAY, session)
    plan = next((p for p in plans if on_unit_pages(_load(p)["document"]["title"], docs)), None)
    assert plan is not None, "a unit page shows a plan's title"
    data = _load(plan)
    data["document"]["title"] += SUFFIX
    _dump(plan, data)
    generate_docs(content, docs, TODAY, session)
    fresh, incremental = _fresh(content, fresh_docs, TODAY), _files(docs)
    assert on_unit_pages(data["document"]["title"], fresh_docs)
    assert sorted(k for k in fresh.keys() | incremental.keys() if fresh.get(k) != incremental.get(k)) == []


def _add_plan(content: Path) -> None:
    text = (content / PLAN).read_text(encoding="utf-8").replace("  number: '3848'\n", "  number: '9999'\n", 1)
    (content / "plans/2021-9999-qd-ubnd.yaml").write_text(text, encoding="utf-8")


def _remove_plan(content: Path) -> None:
    (content / "plans/2021-9999-qd-ubnd.yaml").unlink()


def _break_plan(content: Path) -> None:
    _replace(content / PLAN, "      lead:\n      - so-noi-vu\n", "      lead:\n      - khong-co-don-vi-nay\n")


FILE_EDITS = [("new plan", _add_plan), ("plan removed", _remove_plan), ("same plan back", _add_plan),
              ("removed again", _remove_plan), ("broken plan", _break_plan),  # refused, then undone
              ("reword a task", _reword_task)]


def test_plan_files_added_removed_and_broken_build_what_a_fresh_build_writes(content, tmp_path):
    edits = [Edit(name, partial(edit, content)) for name, edit in FILE_EDITS]
    replay = _replay(content, tmp_path, edits)
    assert not replay.differing, replay.summary("plan files")
    assert [name for name, _ in replay.refused] == ["broken plan"]
    assert replay.compared == ["new plan", "plan removed", "same plan back", "removed again", "reword a task"]
def test_a_new_day_redraws_what_depends_on_today(content, tmp_path):
    session, docs = Session(), tmp_path / "preview-docs"
    for today in (TODAY, TODAY + timedelta(days=1)):
        generate_docs(content, docs, today, session)
        assert _files(docs) == _fresh(content, tmp_path / "fresh-docs", today)


def test_unchanged_plan_files_are_not_read_again(content):
    session = Session()
    first = read_content(content, cache=session.plans)[0]
    _reword_task(content)
    second = read_content(content, cache=session.plans)[0]
    same = [a is b for a, b in zip(first.plans, second.plans, strict=True)]
    edited = [p.id for p in first.plans].index("2021-3848-qd-ubnd")
    assert same == [i != edited for i in range(len(first.plans))]


def test_warnings_of_unchanged_files_are_reported_again(content):
    session = Session()
    warnings = read_content(content, cache=session.plans)[1]
    assert read_content(content, cache=session.plans)[1] == warnings


def test_a_template_edit_changes_the_stamp_that_scopes_the_memo(tmp_path, monkeypatch):
    from generator.outputs.templates import template_stamp

    template = tmp_path / "plan.md.j2"
    template.write_text("{{ plan.id }}\n", encoding="utf-8")
    before = template_stamp(tmp_path)
    template.write_text("{{ plan.id }}!\n", encoding="utf-8")
    assert template_stamp(tmp_path) != before


def test_rebuilds_run_without_garbage_collection_which_runs_once_idle(content, tmp_path, monkeypatch):
    """A full collection of the session (1.7 s at 1,000 plans) must not fall inside a rebuild."""
    import gc
    import time

    from generator.engine import preview

    monkeypatch.setattr(preview, "IDLE_SECONDS", 0.3)
    during, full_collections = [], []
    real_build = preview.build
    monkeypatch.setattr(preview, "build", lambda *a, **k: during.append(gc.isenabled()) or real_build(*a, **k))
    callback = lambda phase, info: phase == "stop" and info["generation"] == 2 and full_collections.append(1)  # noqa: E731
    gc.callbacks.append(callback)
    try:
        session, site, docs = Session(), tmp_path / "site", tmp_path / "docs"
        preview.rebuild(content, site, docs, session, TODAY)
        _reword_task(content)
        preview.rebuild(content, site, docs, session, TODAY)
        assert during == [True, False], "the first build collects as usual, rebuilds do not"
        assert not gc.isenabled()
        full_collections.clear()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled() and full_collections, "one full collection once the preview is idle"
    finally:
        gc.callbacks.remove(callback)
        preview.collector.settle()
        gc.enable()
