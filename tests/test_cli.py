"""The `heza` command: exit codes 0/1/2, one line per problem, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES, REPO, overlay

from generator.source.jsonschema import plan_schema_text


def test_check_on_committed_content_passes(heza):
    result = heza("check", cwd=REPO)
    assert result.code == 0
    assert result.err.startswith("Nội dung hợp lệ: 5 kế hoạch")
    assert all(": cảnh báo: " in line for line in result.out.splitlines())


def test_unknown_command_is_a_usage_error(heza):
    result = heza("xuat-ban")
    assert result.code == 2
    assert "heza: lệnh không đúng cách dùng" in result.err


def test_missing_content_dir_is_a_usage_error(heza, tmp_path):
    result = heza("check", "--content", "khong-co", cwd=tmp_path)
    assert (result.code, result.err) == (2, 'heza: không có thư mục nội dung "khong-co"\n')


def test_github_format_annotates_the_line(heza, tmp_path):
    result = heza("check", "--content", "content", "--format", "github",
                  cwd=overlay(FIXTURES / "invalid" / "unknown-unit", tmp_path))
    assert result.code == 1
    assert result.out == ("::error file=content/plans/2024-1-kh-bql.yaml,line=42,col=10::reports[0].to[0]: "
                          'không có đơn vị "so-noi-vu-x" trong content/units.yaml (có phải "so-noi-vu"?)\n')


def test_python_m_generator_is_the_same_command(tmp_path):
    work = overlay(FIXTURES / "invalid" / "python-tag", tmp_path)
    proc = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=work, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("content/plans/2024-1-kh-bql.yaml:6:10: không dùng thẻ YAML")


def test_committed_json_schema_is_in_sync():
    committed = (REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == plan_schema_text(), "chạy `make schema` rồi commit schema/plan.schema.json"
    assert json.loads(committed)["properties"]["document"]


def test_vscode_associates_the_schema_with_plan_files():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/plan.schema.json"] == "content/plans/*.yaml"


def test_readme_content_reference_is_in_sync():
    from generator.source.reference import END, START, reference

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START): readme.index(END) + len(END)]
    assert block == reference(), "chạy `make schema` để cập nhật README"
