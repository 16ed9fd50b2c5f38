"""The clerk's path (issue 22), on a copy of the real content: `heza new`, a five-task plan filled in from the
skeleton, then the ten slips people make one after the other. Each time `heza check` must name the place and
the cause in Vietnamese, exactly as pinned here, and doing what the message says must clear it; at the end the
check is clean. `heza check --fix` rewrites unit names in place and shows each change.

Output shape of `heza check` on the real content: errors first, then one line per other file counting its
warnings (the real plans carry about a hundred honest uncertainty notes), then on stderr the last line says
what to do next.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO

PLAN_ID = "2025-12-kh-bql"
PLAN = f"content/plans/{PLAN_ID}.yaml"
NEXT_STEP = ("Việc tiếp theo: sửa từng lỗi ở trên, bắt đầu từ dòng đầu tiên (tệp:dòng:cột chỉ chỗ sửa), lưu tệp "
             "rồi chạy lại make check.")
FIXABLE = " 1 lỗi trong số đó (tên đơn vị thay cho mã, ngoặc kép của Word) có thể tự sửa: chạy make fix."
CLEAN = ("Việc tiếp theo: xem trước bằng make serve, rồi gửi pull request. Cảnh báo không chặn việc xuất bản nhưng "
         "người duyệt sẽ đọc.")
COUNTED = re.compile(r"content/\S+\.yaml: \d+ cảnh báo chưa liệt kê \(xem: make check TEP=content/\S+\.yaml\)")

# What the clerk types into the skeleton, blank by blank, as the signed document prints it.
FILLED = {
    'number: ""  ': 'number: "12"',
    'date: ""    ': "date: 2025-02-10",
    'title: ""                 # trích yếu': "title: Kiểm soát thủ tục hành chính năm 2025 # trích yếu",
    'signer: ""': "signer: Nguyễn Văn A",
    'start: ""': "start: 2025-01-01",
    'end: ""': "end: 2025-12-31",
    '  - ""': "  - Nâng cao chất lượng giải quyết thủ tục hành chính.",
    'title: ""\n    area': "title: Nhiệm vụ trọng tâm\n    area",
    "area: chi-dao-dieu-hanh": "area: thu-tuc-hanh-chinh",
    'title: ""\n    from': "title: Báo cáo kiểm soát thủ tục hành chính hằng tháng\n    from",
    'deadline: ""            # ví dụ': "deadline: định kỳ vào ngày 10 hằng tháng # ví dụ",
}
TASKS = [  # number, content, coordinate, deadline, deliverable
    ("1", "Rà soát thủ tục hành chính", "[]", "Quý II/2025", "Báo cáo rà soát"),
    ("2", "Công khai thủ tục hành chính", "[so-noi-vu]", "trước ngày 15/3/2025", "Danh mục công khai"),
    ("3", "Tập huấn cán bộ đầu mối", "[]", "Tháng 06/2025", "Lớp tập huấn"),
    ("4", "Tiếp nhận phản ánh, kiến nghị", "[]", "Thường xuyên", "Sổ theo dõi"),
    ("5", "Tổng kết công tác kiểm soát thủ tục", "[so-noi-vu]", "Quý IV/2025", "Báo cáo tổng kết"),
]
TASK = """      - number: "{0}"
        content: {1}
        lead: [van-phong-bql]
        coordinate: {2}
        implement: []
        deadline: {3}
        deliverable: {4}
"""


def _fill(skeleton: str) -> str:
    text = skeleton
    for blank, value in FILLED.items():
        assert text.count(blank) == 1, blank
        text = text.replace(blank, value)
    head, rest = text.split("    tasks:\n", 1)
    _, tail = rest.split("reports:\n", 1)
    return head + "    tasks:\n" + "".join(TASK.format(*task) for task in TASKS) + "reports:\n" + tail


def _cp1258(text: str) -> bytes:
    """`text` as Windows-1258 stores Vietnamese (a base letter, then the tone as a combining mark): what an old
    editor on Windows saves when it is not told to use UTF-8."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


@pytest.fixture
def clerk(tmp_path, heza):
    """A copy of the real content with a new plan `heza new` wrote and the clerk filled in; the check is clean."""
    work = tmp_path / "work"
    shutil.copytree(REPO / "content", work / "content")
    created = heza("new", PLAN_ID, cwd=work)
    assert (created.code, created.out) == (0, "")
    assert created.err == (f'Đã tạo {PLAN}: điền các chỗ "" rồi chạy make check (xem trước: make serve).\n')
    plan = work / PLAN
    plan.write_text(_fill(plan.read_text(encoding="utf-8")), encoding="utf-8")
    result = heza("check", cwd=work)
    assert result.code == 0, result.out
    assert result.err.startswith("Nội dung hợp lệ: 6 kế hoạch, ")
    assert result.err.endswith(CLEAN + "\n")
    return work


def _errors(out: str) -> list[str]:
    """The lines of `heza check` that are not a file's count of warnings; the counts all come after them."""
    lines = out.splitlines()
    counted = [i for i, line in enumerate(lines) if COUNTED.fullmatch(line)]
    assert counted == list(range(len(lines) - len(counted), len(lines))), out
    return lines[: len(lines) - len(counted)]


class Clerk:
    """The clerk at work on one plan file: types a slip, runs the check, types what the message says."""

    def __init__(self, work: Path, heza) -> None:
        self.work, self.heza, self.plan = work, heza, work / PLAN

    def replace(self, old: str, new: str) -> None:
        text = self.plan.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.plan.write_text(text.replace(old, new), encoding="utf-8")

    def check_says(self, message: str, *, fixable: bool = False) -> None:
        result = self.heza("check", cwd=self.work)
        assert result.code == 1
        assert _errors(result.out) == [message]
        assert result.err.startswith("Có 1 lỗi và ")
        assert result.err.endswith(NEXT_STEP + (FIXABLE if fixable else "") + "\n")

    def check_is_clean(self) -> None:
        result = self.heza("check", cwd=self.work)
        assert result.code == 0, result.out
        assert _errors(result.out) == []


def test_the_clerk_gets_through_ten_slips_alone(clerk, heza):
    you = Clerk(clerk, heza)

    # 1. Indentation: a key of task 2 one level too far left.
    you.replace("        deliverable: Danh mục công khai\n", "      deliverable: Danh mục công khai\n")
    you.check_says(f"{PLAN}:51:7: lỗi cú pháp YAML: thụt lề không thẳng hàng: khóa ở dòng này bắt đầu ở cột 7, "
                   "khóa ở dòng 50 ở cột 9; các khóa cùng cấp phải bắt đầu ở cùng một cột (thụt lề bằng dấu cách)")
    you.replace("      deliverable: Danh mục công khai\n", "        deliverable: Danh mục công khai\n")
    you.check_is_clean()

    # 2. A tab where the indentation is.
    you.replace("        deadline: Tháng 06/2025\n", "\tdeadline: Tháng 06/2025\n")
    you.check_says(f"{PLAN}:57:1: lỗi cú pháp YAML: không dùng ký tự tab để thụt lề, hãy dùng dấu cách")
    you.replace("\tdeadline: Tháng 06/2025\n", "        deadline: Tháng 06/2025\n")
    you.check_is_clean()

    # 3. A date the way people write it: the message offers the accepted wording built from it.
    you.replace("deadline: trước ngày 15/3/2025", "deadline: Trước 15/3")
    you.check_says(f'{PLAN}:50:19: sections[0].tasks[1].deadline: không hiểu thời hạn "Trước 15/3"; có phải '
                   '"Trước ngày 15/3"? (không ghi năm là năm của kế hoạch)')
    you.replace("deadline: Trước 15/3", "deadline: Trước ngày 15/3")
    you.check_is_clean()

    # 4. Month 13.
    you.replace("deadline: Tháng 06/2025", "deadline: Tháng 13/2025")
    you.check_says(f"{PLAN}:57:19: sections[0].tasks[2].deadline: không có tháng 13")
    you.replace("deadline: Tháng 13/2025", "deadline: Tháng 06/2025")
    you.check_is_clean()

    # 5. A task number typed twice: the message says where the first one is.
    you.replace('number: "4"', 'number: "3"')
    you.check_says(f'{PLAN}:59:17: sections[0].tasks[3].number: số thứ tự nhiệm vụ "3" bị lặp (đã có ở dòng 52)')
    you.replace('number: "3"\n        content: Tiếp nhận', 'number: "4"\n        content: Tiếp nhận')
    you.check_is_clean()

    # 6. The file saved in Windows-1258, not UTF-8: the first line with a Vietnamese letter is named.
    text = you.plan.read_text(encoding="utf-8")
    you.plan.write_bytes(_cp1258(text))
    you.check_says(f"{PLAN}:1:1: tệp không phải UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258): hãy lưu lại với "
                   "mã hóa UTF-8")
    # "Save with encoding: UTF-8" keeps Windows-1258's separate tone marks, which the check reads as NFC.
    decomposed = you.plan.read_bytes().decode("cp1258")
    assert decomposed != text and unicodedata.normalize("NFC", decomposed) == text
    you.plan.write_text(decomposed, encoding="utf-8")
    you.check_is_clean()
    you.plan.write_text(text, encoding="utf-8")

    # 7. A unit written by its name as the document prints it: the message gives the id to write.
    you.replace("coordinate: [so-noi-vu]\n        implement: []\n        deadline: Trước",
                "coordinate: [Sở Nội vụ]\n        implement: []\n        deadline: Trước")
    you.check_says(f'{PLAN}:48:22: sections[0].tasks[1].coordinate[0]: không có đơn vị "Sở Nội vụ" trong '
                   'content/units.yaml: hãy viết mã so-noi-vu (tên của đơn vị "Sở Nội vụ thành phố Hải Phòng")',
                   fixable=True)
    you.replace("coordinate: [Sở Nội vụ]", "coordinate: [so-noi-vu]")
    you.check_is_clean()

    # 8. "cuối quý 2".
    you.replace("deadline: Quý IV/2025", "deadline: cuối quý 2")
    you.check_says(f'{PLAN}:71:19: sections[0].tasks[4].deadline: không hiểu thời hạn "cuối quý 2"; có phải '
                   '"Quý II"? (không ghi năm là năm của kế hoạch)')
    you.replace("deadline: cuối quý 2", "deadline: Quý II")
    you.check_is_clean()

    # 9. Text pasted from Word: curly quotes around a text with ": ", then a no-break space after a key's colon.
    you.replace("content: Tiếp nhận phản ánh, kiến nghị", "content: “Tiếp nhận: phản ánh, kiến nghị”")
    you.check_says(f'{PLAN}:60:18: lỗi cú pháp YAML: văn bản có ": " phải đặt trong ngoặc kép, nhưng ngoặc kép '
                   'cong “ ” (thường do chép từ Word) không phải ngoặc kép của YAML: hãy thay cả hai dấu bằng ngoặc '
                   'kép thẳng "')
    you.replace("content: “Tiếp nhận: phản ánh, kiến nghị”", 'content: "Tiếp nhận: phản ánh, kiến nghị"')
    you.check_is_clean()
    you.replace("deliverable: Lớp tập huấn", "deliverable:\u00a0Lớp tập huấn")
    you.check_says(f"{PLAN}:58:21: lỗi cú pháp YAML: sau dấu hai chấm là dấu cách không ngắt (U+00A0, thường do "
                   "chép từ Word): hãy xóa nó và gõ lại một dấu cách thường")
    you.replace("deliverable:\u00a0Lớp tập huấn", "deliverable: Lớp tập huấn")
    you.check_is_clean()

    # 10. A required field left out.
    you.replace("        content: Tổng kết công tác kiểm soát thủ tục\n", "")
    you.check_says(f'{PLAN}:66:9: sections[0].tasks[4]: thiếu trường bắt buộc "content"')
    you.replace('number: "5"\n', 'number: "5"\n        content: Tổng kết công tác kiểm soát thủ tục\n')
    you.check_is_clean()


def test_check_fix_rewrites_unit_names_in_place_and_shows_each_change(clerk, heza):
    you = Clerk(clerk, heza)
    before = you.plan.read_text(encoding="utf-8")
    you.replace("content: Rà soát thủ tục hành chính\n        lead: [van-phong-bql]",
                "content: Rà soát thủ tục hành chính\n        lead: [Văn phòng Ban Quản lý]")  # an alias
    you.replace("    to: [so-noi-vu]", "    to: [SNV]")  # the alias the office writes
    you.replace("- unit: so-noi-vu", "- unit: “so-noi-vu”")  # an id in Word's quotes
    told = heza("check", cwd=clerk)
    assert told.code == 1
    assert told.err.endswith(" 3 lỗi trong số đó (tên đơn vị thay cho mã, ngoặc kép của Word) có thể tự sửa: "
                             "chạy make fix.\n")
    fixed = heza("check", "--fix", PLAN, cwd=clerk)
    assert fixed.code == 0, fixed.out
    assert _errors(fixed.out) == [
        f'{PLAN}:18: "“so-noi-vu”" → so-noi-vu',
        f'{PLAN}:40: "Văn phòng Ban Quản lý" → van-phong-bql',
        f'{PLAN}:77: "SNV" → so-noi-vu',
    ]
    assert fixed.err.startswith("Đã sửa 3 chỗ trong 1 tệp; kiểm tra lại:\nNội dung hợp lệ: 6 kế hoạch, ")
    assert you.plan.read_text(encoding="utf-8") == before  # every other byte as it was


def test_real_content_with_one_broken_plan_shows_the_error_first(clerk, heza):
    Clerk(clerk, heza).replace("deadline: Quý IV/2025", "deadline: Trước 15/3")
    result = heza("check", cwd=clerk)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (f'{PLAN}:71:19: sections[0].tasks[4].deadline: không hiểu thời hạn "Trước 15/3"; có phải '
                        '"Trước ngày 15/3"? (không ghi năm là năm của kế hoạch)')
    # then one line per file that has warnings, none listed: the real plans' notes do not bury the error
    assert [line.split(":", 1)[0] for line in lines[1:]] == [
        "content/plans/2021-3848-qd-ubnd.yaml", "content/plans/2023-par-index-sipas-papi-kh-bql.yaml",
        "content/plans/2023-tuyen-truyen-cchc-kh-bql.yaml", "content/plans/2024-330-kh-bql.yaml",
        "content/plans/2025-1488-kh-bql.yaml", "content/site.yaml"]
    assert all(COUNTED.fullmatch(line) for line in lines[1:]), result.out
    warnings = sum(int(line.split(": ", 1)[1].split()[0]) for line in lines[1:])
    assert result.err == f"Có 1 lỗi và {warnings} cảnh báo. {NEXT_STEP}\n"

    github = heza("check", "--format", "github", cwd=clerk)  # the workflow's annotations: every problem, as before
    assert github.code == 1
    annotations = github.out.splitlines()
    assert len(annotations) == 1 + warnings
    assert all(re.fullmatch(r"::(error|warning) file=content/\S+\.yaml,line=[1-9]\d*,col=[1-9]\d*::\S.*", a)
               for a in annotations), github.out
    assert [a for a in annotations if a.startswith("::error ")] == [
        f"::error file={PLAN},line=71,col=19::sections[0].tasks[4].deadline: không hiểu thời hạn \"Trước 15/3\"; "
        'có phải "Trước ngày 15/3"? (không ghi năm là năm của kế hoạch)']
    assert github.err == result.err


def test_pull_request_annotations_warn_only_on_the_changed_files(clerk, heza):
    """The workflow names the files a pull request changes: errors anywhere are annotated, warnings only there."""
    you = Clerk(clerk, heza)
    you.replace("notes: []", "notes:\n  - field: document.signature.signer\n    kind: uncertain\n"
                              "    text: Chữ ký nhòe.")
    other = clerk / "content/plans/2024-330-kh-bql.yaml"  # an error in a file the pull request did not change
    other.write_text(other.read_text(encoding="utf-8").replace("document:\n", "document:\n  nam: 2024\n", 1),
                     encoding="utf-8")
    result = heza("check", "--format", "github", PLAN, cwd=clerk)
    assert result.code == 1
    annotations = result.out.splitlines()
    assert annotations[0].startswith("::error file=content/plans/2024-330-kh-bql.yaml,line=2,col=3::document.nam: "
                                     'khóa "nam" không hợp lệ')
    assert annotations[1:] == [f"::warning file={PLAN},line=80,col=1::document.signature.signer: ghi chú biên tập: "
                               "Chữ ký nhòe."]
