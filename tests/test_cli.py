"""The `heza` command: exit codes 0/1/2, one line per problem, never a traceback."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO, overlay
from generator.source.jsonschema import SCHEMAS, plan_schema_text, schema_text


def test_check_on_committed_content_passes(heza):
    result = heza("check", cwd=REPO)
    assert result.code == 0
    assert result.err.startswith("Nội dung hợp lệ: 5 kế hoạch")
    assert result.err.splitlines()[-1].endswith("Việc tiếp theo: xem trước bằng make serve, rồi gửi pull request. "
                                                "Cảnh báo không chặn việc xuất bản nhưng người duyệt sẽ đọc.")
    # each file's warnings counted on one line, none listed
    assert all(re.fullmatch(r"content/\S+\.yaml: \d+ cảnh báo chưa liệt kê \(xem: make check TEP=content/\S+\.yaml\)",
                            line) for line in result.out.splitlines()), result.out
    listed = heza("check", "--warnings", cwd=REPO)
    assert listed.code == 0
    assert all(": cảnh báo: " in line for line in listed.out.splitlines())


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


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_content_file_has_its_committed_schema(name):
    cls, _ = SCHEMAS[name]
    committed = (REPO / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(cls), f"chạy `make schema` rồi commit schema/{name}"


def test_schema_command_writes_every_schema_beside_the_plan_schema(heza, tmp_path):
    assert heza("schema", "--output", str(tmp_path / "s" / "plan.schema.json"), cwd=tmp_path).code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(SCHEMAS)


def test_vscode_associates_the_schemas_and_recommends_the_yaml_extension():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"./schema/{name}": files for name, (_, files) in SCHEMAS.items()}
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_readme_content_reference_is_in_sync():
    from generator.source.reference import END, START, reference

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START): readme.index(END) + len(END)]
    assert block == reference(), "chạy `make schema` để cập nhật README"
