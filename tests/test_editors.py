"""The editors' path: `heza new` gives a skeleton that passes once filled; CONTRIBUTING's examples are valid."""
from __future__ import annotations

import re
import textwrap

import pytest
import yaml

from conftest import FIXTURES, REPO, overlay
from generator.source import deadlines as dl

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
FILLED = {
    'number: ""': 'number: "9"', 'date: ""': "date: 2025-02-10", 'title: ""': "title: Thử nghiệm",
    'signer: ""': "signer: Nguyễn Văn A", 'start: ""': "start: 2025-01-01", 'end: ""': "end: 2025-12-31",
    'content: ""': "content: Việc thử", 'deadline: ""': "deadline: Quý II/2025",
    'deliverable: ""': "deliverable: Báo cáo", '- ""': "- Mục đích thử",
}


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", CONTRIBUTING, flags=re.S)


def test_new_skeleton_lists_what_to_fill_then_passes(tmp_path, heza):
    work = overlay(FIXTURES / "none", tmp_path)
    (work / "content/units.yaml").write_text((REPO / "content/units.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    assert heza("new", "2025-9-kh-bql", cwd=work).code == 0
    unfilled = heza("check", cwd=work)
    assert unfilled.code == 1
    assert "content/plans/2025-9-kh-bql.yaml:11:10: document.title: để trống: cần một đoạn văn bản\n" in unfilled.out
    plan = work / "content/plans/2025-9-kh-bql.yaml"
    text = plan.read_text(encoding="utf-8")
    for blank, value in FILLED.items():
        text = text.replace(blank, value)
    text = re.sub(r'title: ""', "title: Mục thử", text)
    plan.write_text(text, encoding="utf-8")
    filled = heza("check", cwd=work)
    assert (filled.code, filled.out) == (0, ""), filled.out


def test_new_refuses_bad_id_and_overwrite(tmp_path, heza):
    work = overlay(FIXTURES / "none", tmp_path)
    assert heza("new", "Kế hoạch 9", cwd=work).code == 2
    result = heza("new", "2024-1-kh-bql", cwd=work)
    assert (result.code, result.err) == (2, "heza: đã có tệp content/plans/2024-1-kh-bql.yaml: không ghi đè\n")


def test_contributing_plan_example_passes_check(tmp_path, heza):
    blocks = _yaml_blocks()
    example = next(b for b in blocks if b.startswith("document:"))
    extras = [b for b in blocks if b.startswith(("revisions:", "notes:"))]
    assert len(extras) == 2
    work = overlay(FIXTURES / "none", tmp_path)
    body = example.replace("notes:\n", "notes:\n" + extras[1].split("\n", 1)[1], 1) + extras[0]
    (work / "content/plans/2025-12-kh-bql.yaml").write_text(body, encoding="utf-8")
    result = heza("check", "content/plans/2025-12-kh-bql.yaml", cwd=work)
    assert result.code == 0, result.out
    assert result.out.count("cảnh báo: ") == 2  # the two editor's notes


def test_every_deadline_in_contributing_parses():
    section = CONTRIBUTING.split("## Cách viết thời hạn", 1)[1].split("\n## ", 1)[0]
    wordings = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
    assert len(wordings) >= 18
    for wording in wordings:
        dl.parse(wording)


def test_every_yaml_example_in_contributing_passes_check(tmp_path, heza):
    """Each ```yaml block goes where an editor would put it (a plan, a unit of units.yaml, a section's tasks, a
    day of ngay-nghi.yaml) in a copy of the real registry; a block of no known kind fails the test."""
    work = overlay(FIXTURES / "none", tmp_path)
    units = yaml.safe_load((REPO / "content/units.yaml").read_text(encoding="utf-8"))
    plan: dict = {}
    sections: list[dict] = []
    days: list[dict] = []
    for block in _yaml_blocks():
        value = yaml.safe_load(textwrap.dedent(block))
        if isinstance(value, dict) and ("document" in value or set(value) <= {"revisions", "notes"}):
            plan.update(value)
        elif isinstance(value, dict) and set(value) == {"days"}:
            days += value["days"]
        elif isinstance(value, dict) and set(value) == {"tasks"}:
            sections.append(value)
        elif isinstance(value, list) and value and "id" in value[0]:
            ids = [u["id"] for u in value]
            units["units"] = [u if u["id"] not in ids else value[ids.index(u["id"])] for u in units["units"]]
            assert all(u in units["units"] for u in value), "a unit example replaces a unit of units.yaml"
        elif isinstance(value, list) and value and "content" in value[0]:
            sections.append({"tasks": value})
        else:
            raise AssertionError(f"ví dụ YAML chưa được kiểm tra:\n{block}")
    assert "document" in plan and "revisions" in plan and "notes" in plan and len(sections) == 2 and days
    plan["sections"] += [{"number": str(at), "title": "Mục thử", "area": "khac", **section}
                         for at, section in enumerate(sections, start=3)]
    dump = {"allow_unicode": True, "sort_keys": False}
    (work / "content/units.yaml").write_text(yaml.safe_dump(units, **dump), encoding="utf-8")
    (work / "content/ngay-nghi.yaml").write_text(yaml.safe_dump({"days": days}, **dump), encoding="utf-8")
    (work / "content/plans/2025-12-kh-bql.yaml").write_text(yaml.safe_dump(plan, **dump), encoding="utf-8")
    result = heza("check", cwd=work)
    assert result.code == 0, result.out
    assert result.err.startswith(f"Nội dung hợp lệ: 2 kế hoạch, {len(units['units'])} đơn vị, 5 nhiệm vụ, 2 báo cáo;")



@pytest.mark.parametrize(("old", "new", "field"), [
    ("symbol: KH-BQL", "symbol: “KH-BQL”", "document.symbol"),
    ('number: "1"', "number: “1”", "number"),
    ("id: bao-cao-thang", "id: “bao-cao-thang”", "reports[0].id"),
])
def test_regression_word_quotes_around_a_number_symbol_or_report_id_passed_silently(tmp_path, heza, old, new, field):
    """`number: “4”` and `symbol: “KH-BQL”` passed the check and were published with their quotes; `id: “…”` got
    an unrelated message and make fix left it. Each is now an error that --fix corrects."""
    work = overlay(FIXTURES / "base", tmp_path)
    plan = work / "content" / "plans" / "2024-1-kh-bql.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = heza("check", "--content", "content", cwd=work)
    assert result.code == 1 and f"{field}: " in result.out and "ngoặc kép cong" in result.out, result.out
    fixed = heza("check", "--content", "content", "--fix", cwd=work)
    assert fixed.code == 0, fixed.out + fixed.err
