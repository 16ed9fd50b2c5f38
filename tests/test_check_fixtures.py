"""Fixture folders: each invalid case prints exactly its expected.txt and exits 1;
valid cases exit 0 silently; warning cases exit 0 and print exactly their warnings (listed in full with
--warnings; without it each file's warnings are one line that counts them)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, overlay, update_golden


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / kind).iterdir() if p.is_dir())


def _compare(case: Path, out: str) -> None:
    expected = case / "expected.txt"
    if update_golden():
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_content_gives_located_vietnamese_message(case, tmp_path, heza):
    result = heza("check", "--content", "content", cwd=overlay(case, tmp_path))
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert result.err.startswith("Có ")
    _compare(case, result.out)


@pytest.mark.parametrize("case", _cases("warnings"), ids=lambda p: p.name)
def test_warnings_are_listed_but_pass(case, tmp_path, heza):
    result = heza("check", "--content", "content", "--warnings", cwd=overlay(case, tmp_path))
    assert result.code == 0
    assert "cảnh báo: " in result.out
    _compare(case, result.out)
    counted = heza("check", "--content", "content", cwd=overlay(case, tmp_path / "counted"))
    files = sorted({line.split(":", 1)[0] for line in result.out.splitlines()})
    assert counted.out == "".join(f"{f}: {result.out.count(f + ':')} cảnh báo chưa liệt kê (xem: make check TEP={f})\n"
                                  for f in files)


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_variants_pass_without_output(case, tmp_path, heza):
    result = heza("check", "--content", "content", cwd=overlay(case, tmp_path))
    assert (result.code, result.out) == (0, "")


def test_base_fixture_is_valid(tmp_path, heza):
    result = heza("check", "--content", "content", cwd=overlay(FIXTURES / "none", tmp_path))
    assert (result.code, result.out) == (0, "")
    assert result.err == ("Nội dung hợp lệ: 1 kế hoạch, 4 đơn vị, 2 nhiệm vụ, 1 báo cáo; 0 cảnh báo. Việc tiếp theo: "
                          "xem trước bằng make serve, rồi gửi pull request. Cảnh báo không chặn việc xuất bản nhưng "
                          "người duyệt sẽ đọc.\n")


def test_oversized_file_is_refused(tmp_path, heza):
    work = overlay(FIXTURES / "none", tmp_path)
    plan = work / "content/plans/2024-1-kh-bql.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "#" * (2 * 1024 * 1024), encoding="utf-8")
    result = heza("check", "--content", "content", cwd=work)
    assert result.code == 1
    assert result.out == "content/plans/2024-1-kh-bql.yaml:1:1: tệp quá lớn (2,01 MB; tối đa 2 MB)\n"


def test_missing_registry_files_are_each_reported(tmp_path, heza):
    work = overlay(FIXTURES / "none", tmp_path)
    (work / "content/units.yaml").unlink()
    (work / "content/site.yaml").unlink()
    result = heza("check", "--content", "content", cwd=work)
    assert result.code == 1
    assert "content/site.yaml:1:1: thiếu tệp bắt buộc\n" in result.out
    assert "content/units.yaml:1:1: thiếu tệp bắt buộc\n" in result.out


def test_check_writes_nothing(tmp_path, heza):
    work = overlay(FIXTURES / "none", tmp_path)
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    heza("check", "--content", "content", cwd=work)
    assert sorted(p.relative_to(work) for p in work.rglob("*")) == before
