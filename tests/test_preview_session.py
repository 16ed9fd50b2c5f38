"""The preview's incremental builds (a Session) write exactly what a fresh build writes.

After each edit of a copy of the real content, the docs generated with the session's plan cache
and memo are compared byte for byte with the docs of a build that starts from nothing.
"""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import generate_docs

from generator.engine.generate import Session
from generator.source.problems import ContentError
from generator.source.reader import read_content

REPO = Path(__file__).resolve().parent.parent
PLAN = "plans/2021-3848-qd-ubnd.yaml"
TODAY = date(2026, 11, 23)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _reword_task(content: Path) -> None:
    _replace(content / PLAN, "content: Xây dựng Báo cáo xác định chỉ số", "content: Xây dựng báo cáo xác định chỉ số")


def _move_task_to_other_unit(content: Path) -> None:
    _replace(content / PLAN, "      lead:\n      - so-noi-vu\n      coordinate:\n      - cac-so-ban-nganh\n",
             "      lead:\n      - so-tai-chinh\n      coordinate:\n      - cac-so-ban-nganh\n")


def _change_deadline(content: Path) -> None:
    _replace(content / PLAN, "    deadline: Trong tháng 01/2022\n", "    deadline: Trong tháng 03/2023\n")


def _change_area(content: Path) -> None:
    _replace(content / PLAN, "  area: chi-dao-dieu-hanh\n", "  area: cong-vu\n")


def _renumber_document(content: Path) -> None:
    _replace(content / PLAN, "  number: '3848'\n", "  number: '3847'\n")  # unit pages name the plan by it


def _recase_task_number(content: Path) -> None:
    _replace(content / PLAN, "  - number: 1a\n", "  - number: 1a.\n")  # same anchor (nv-1a), another label


def _add_plan(content: Path) -> None:
    text = (content / PLAN).read_text(encoding="utf-8").replace("  number: '3848'\n", "  number: '9999'\n", 1)
    (content / "plans/2021-9999-qd-ubnd.yaml").write_text(text, encoding="utf-8")


def _remove_plan(content: Path) -> None:
    (content / "plans/2021-9999-qd-ubnd.yaml").unlink()


def _rename_unit(content: Path) -> None:
    _replace(content / "units.yaml", '    short: "Ban Quản lý"\n', '    short: "BQL KKT"\n')


def _change_glossary(content: Path) -> None:
    _replace(content / "glossary.yaml", '    expansion: "Bộ Nội vụ"\n', '    expansion: "Bộ Nội vụ (Chính phủ)"\n')


def _break_plan(content: Path) -> None:
    _replace(content / PLAN, "      lead:\n      - so-noi-vu\n", "      lead:\n      - khong-co-don-vi-nay\n")


def _fix_plan(content: Path) -> None:
    _replace(content / PLAN, "      lead:\n      - khong-co-don-vi-nay\n", "      lead:\n      - so-noi-vu\n")


EDITS = [("nothing", lambda content: None), ("reword a task", _reword_task),
         ("task to another unit", _move_task_to_other_unit), ("deadline", _change_deadline),
         ("section area", _change_area), ("new plan", _add_plan), ("plan removed", _remove_plan),
         ("same plan back", _add_plan), ("removed again", _remove_plan),
         ("document number", _renumber_document), ("task number", _recase_task_number),
         ("unit renamed", _rename_unit), ("glossary", _change_glossary), ("broken plan", _break_plan),
         ("plan fixed", _fix_plan)]


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


def _fresh(content: Path, docs: Path, today: date) -> dict[str, bytes]:
    shutil.rmtree(docs, ignore_errors=True)
    generate_docs(content, docs, today)
    return _files(docs)


def test_each_incremental_build_writes_what_a_fresh_build_writes(content, tmp_path):
    session, docs, refused = Session(), tmp_path / "preview-docs", []
    for name, edit in EDITS:
        edit(content)
        try:
            read, _ = read_content(content, cache=session.plans)
        except ContentError:
            with pytest.raises(ContentError):
                read_content(content)
            refused.append(name)
            continue
        generate_docs(content, docs, TODAY, session)
        assert _files(docs) == _fresh(content, tmp_path / "fresh-docs", TODAY), name
    assert refused == ["broken plan"]


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
    same = [a is b for a, b in zip(first.plans, second.plans)]
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
