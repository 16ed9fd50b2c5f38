"""The editors' path: `heza new` gives a skeleton that passes once filled; CONTRIBUTING's examples are valid."""
from __future__ import annotations

import re

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
