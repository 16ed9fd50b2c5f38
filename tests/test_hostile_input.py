"""Hostile input that cannot live in a fixture folder: symlinks, FIFOs, devices, file names with
newlines or escapes, huge and pathological files. Each ends as a located Vietnamese message and
exit code 1 (or as accepted content), within seconds and a few hundred MB, never a hang or a crash."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import BASE_CONTENT, FIXTURES, REPO, overlay

PLAN = "content/plans/2024-1-kh-bql.yaml"
BASE_PLAN = (BASE_CONTENT / "plans" / "2024-1-kh-bql.yaml").read_text(encoding="utf-8")
SYMLINK = ("tệp này là một liên kết (symlink), không phải tệp thật: heza chỉ đọc tệp nằm ngay trong content/; "
           "hãy thay liên kết bằng chính tệp YAML")
SECONDS, MEGABYTES = 10, 500  # generous: a check of one such file takes 0.2–4 s and up to about 220 MB here


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return overlay(FIXTURES / "none", tmp_path)


def _check(heza, work: Path, *args: str):
    start = time.perf_counter()
    result = heza("check", "--content", "content", *args, cwd=work)
    assert time.perf_counter() - start < SECONDS
    assert result.code == 1 and "Traceback" not in result.out + result.err
    return result


# --- files that are not regular files inside content/ ---------------------------------------------------

@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/dev/urandom", "outside", "loop"])
def test_symlinked_plan_is_refused_without_being_read(heza, work, tmp_path, target):
    outside = tmp_path / "ngoai.yaml"
    outside.write_text(BASE_PLAN.replace('number: "1"', 'number: "2"'), encoding="utf-8")
    link = work / "content/plans/2024-2-kh-bql.yaml"
    link.symlink_to({"outside": str(outside), "loop": str(link)}.get(target, target))
    result = _check(heza, work)
    assert result.out == f"content/plans/2024-2-kh-bql.yaml:1:1: {SYMLINK}\n"


def test_symlinked_registry_file_is_refused_and_its_contents_never_quoted(heza, work):
    (work / "content/units.yaml").unlink()
    (work / "content/units.yaml").symlink_to("/etc/passwd")
    result = _check(heza, work)
    assert f"content/units.yaml:1:1: {SYMLINK}\n" in result.out
    assert "root:" not in result.out + result.err


def test_symlinked_plans_folder_is_refused(heza, work, tmp_path):
    shutil.move(work / "content/plans", tmp_path / "plans-ngoai")
    (work / "content/plans").symlink_to(tmp_path / "plans-ngoai")
    result = _check(heza, work)
    assert result.out.startswith("content/plans:1:1: plans là một liên kết (symlink): hãy dùng một thư mục thật "
                                 "content/plans/ chứa các tệp kế hoạch .yaml\n")


def test_fifo_is_refused_without_blocking(heza, work):
    os.mkfifo(work / "content/plans/2024-2-kh-bql.yaml")
    os.mkfifo(work / "content/glossary.yaml.tmp")
    (work / "content/site.yaml").unlink()
    os.mkfifo(work / "content/site.yaml")
    result = _check(heza, work)
    assert result.out.splitlines() == [
        "content/glossary.yaml.tmp:1:1: tệp lạ trong content/, heza không đọc nó: nếu đây là \"glossary.yaml\" hãy "
        "sửa tên cho đúng, nếu không hãy xóa hoặc chuyển ra ngoài content/ (content/ chỉ chứa site.yaml, units.yaml, "
        "glossary.yaml, lich-su-lich.yaml, ngay-nghi.yaml và thư mục plans/)",
        "content/plans/2024-2-kh-bql.yaml:1:1: đây là ống FIFO, không phải tệp văn bản thường: hãy thay bằng tệp YAML",
        "content/site.yaml:1:1: đây là ống FIFO, không phải tệp văn bản thường: hãy thay bằng tệp YAML",
    ]


def test_device_is_refused_without_being_opened(heza, work):
    try:
        os.mknod(work / "content/plans/2024-2-kh-bql.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("mknod needs privileges")
    result = _check(heza, work)
    assert result.out == ("content/plans/2024-2-kh-bql.yaml:1:1: đây là tệp thiết bị, không phải tệp văn bản thường: "
                          "hãy thay bằng tệp YAML\n")


def test_directory_where_a_file_is_expected_is_refused(heza, work):
    (work / "content/glossary.yaml").unlink()
    (work / "content/glossary.yaml").mkdir()
    (work / "content/plans/2024-2-kh-bql.yaml").mkdir()
    result = _check(heza, work)
    assert result.out.splitlines() == [
        "content/glossary.yaml:1:1: đây là một thư mục, không phải tệp YAML: hãy xóa hoặc đổi tên thư mục này",
        'content/plans/2024-2-kh-bql.yaml:1:1: thư mục con "2024-2-kh-bql.yaml" trong plans/: heza không đọc tệp '
        "trong thư mục con; hãy chuyển các tệp kế hoạch ra thẳng content/plans/",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported(heza, work):
    (work / PLAN).chmod(0)
    assert _check(heza, work).out == f"{PLAN}:1:1: không có quyền đọc tệp\n"


def test_huge_sparse_file_is_refused_from_its_size_without_reading_it(heza, work):
    with open(work / PLAN, "r+b") as handle:
        handle.truncate(64 * 1024 ** 3)  # 64 GB of holes: reading it would take minutes and all memory
    assert _check(heza, work).out == f"{PLAN}:1:1: tệp quá lớn (65536,00 MB; tối đa 2 MB)\n"


# --- file names and values that would act on a terminal or a CI log ------------------------------------------

NAMES = [
    ("a\n::error file=x.yaml,line=1::gia.yaml", "content/plans/a\\n::error file=x.yaml,line=1::gia.yaml",
     "content/plans/a\\n%3A%3Aerror file=x.yaml%2Cline=1%3A%3Agia.yaml"),
    ("b\x1b[31mdo.yaml", "content/plans/b\\x1b[31mdo.yaml", "content/plans/b\\x1b[31mdo.yaml"),
    ("c,d:e%.yaml", "content/plans/c,d:e%.yaml", "content/plans/c%2Cd%3Ae%25.yaml"),
    (os.fsdecode(b"\xff\xfe.yaml"), "content/plans/\\xff\\xfe.yaml", "content/plans/\\xff\\xfe.yaml"),
]


@pytest.mark.parametrize("name,shown,property_", NAMES, ids=["newline", "ansi", "separators", "not-utf8"])
def test_file_name_is_printed_escaped(heza, work, name, shown, property_):
    (work / "content/plans" / name).write_text(BASE_PLAN.replace('number: "1"', 'number: "2"'), encoding="utf-8")
    text = _check(heza, work).out.splitlines()
    assert text[0].startswith(f"{shown}:1:1: tên tệp ")
    github = _check(heza, work, "--format", "github").out.splitlines()
    assert github[0].startswith(f"::error file={property_},line=1,col=1::tên tệp ")
    assert all(line.startswith("::error ") for line in github)
    assert "\x1b" not in "".join(text + github)


def test_regression_ansi_escape_in_a_value_reached_the_terminal(heza, work):
    (work / PLAN).write_text(BASE_PLAN + '"\\e[2J\\e[31mtitle": x\n', encoding="utf-8")
    out = _check(heza, work).out
    assert out.startswith(f'{PLAN}:44:1: \\x1b[2J\\x1b[31mtitle: khóa "\\x1b[2J\\x1b[31mtitle" không hợp lệ')


# --- pathological files: time and memory of one `heza check` in its own process ---------------------------------

def _task(number: str, content: str, deadline: str = "Quý II/2024", lead: str = "[van-phong-bql]") -> str:
    return (f'      - number: "{number}"\n        content: {content}\n        lead: {lead}\n'
            f"        deadline: {deadline}\n")


def _with_tasks(tasks: str, plan: str = BASE_PLAN) -> str:
    return plan.replace("    tasks:\n", "    tasks:\n" + tasks, 1)


CENTURY = (BASE_PLAN.replace("start: 2024-01-01", "start: 2000-01-01").replace("end: 2024-12-31", "end: 2099-12-31")
           .replace("date: 2024-01-24", "date: 2000-01-24"))
MB2 = 2 * 1024 * 1024 - 4096  # just under the cap, with room for the plan around it
PATHOLOGICAL = {
    "one 2 MB word in a task's content": (_with_tasks(_task("9", "a" * MB2)), 0),
    "one 2 MB Vietnamese word": (_with_tasks(_task("9", "ệ" * (MB2 // 3))), 0),
    "2 MB of words in a task's content": (_with_tasks(_task("9", "cải cách hành chính " * (MB2 // 26))), 0),
    "180,000 known unit ids": (_with_tasks(_task("9", "x", lead="[" + ", ".join(["so-noi-vu"] * 180_000) + "]")), 0),
    "500,000-item list of texts": (BASE_PLAN.replace("purposes:\n", "purposes: [" + "a, " * 500_000 + "]\n"
                                                     "requirements:\n"), 0),
    "300,000-item block list": (BASE_PLAN.replace("purposes:\n", "purposes:\n" + "  - a\n" * 300_000), 0),
    "2 MB deadline wording": (_with_tasks(_task("9", "x", deadline="Quý II " * (MB2 // 8))), 1),
    "2 MB one-word deadline": (_with_tasks(_task("9", "x", deadline="Q" * MB2)), 1),
    "150,000 unknown keys": (BASE_PLAN + "".join(f"zz{i}: 1\n" for i in range(150_000)), 1),
    "150,000 repeated keys": (BASE_PLAN + "purposes: 1\n" * 150_000, 1),
    "mappings nested 2,000 deep by indentation": (
        "".join(" " * i + f"k{i}:\n" for i in range(2000)), 1),
    "sequences nested 1,000,000 deep": ("purposes: " + "[" * 1_000_000 + "\n", 1),
    "compact lists nested 1,000,000 deep": ("- " * 1_000_000 + "x\n", 1),
    "2 MB of NUL": (BASE_PLAN + "\x00" * MB2, 1),
    "100,000 anchors": (BASE_PLAN + "".join(f"a{i}: &x{i} 1\n" for i in range(100_000)), 1),
    "2 MB unclosed quote": (BASE_PLAN.replace("  place: Hải Phòng", '  place: "Hải Phòng ' + "x " * (MB2 // 2)), 1),
    "12,000 monthly tasks over a century": (_with_tasks("".join(_task(str(i), "x", "định kỳ vào ngày 10 hằng tháng")
                                                                for i in range(10, 12_000)), CENTURY), 1),
    "12,000 repeated task numbers": (_with_tasks("".join(_task("1", "x") for _ in range(12_000))), 1),
    "30,000 editor's notes": (BASE_PLAN + "notes:\n" + "".join(f"  - text: ghi chú {i}\n" for i in range(30_000)), 0),
    "60,000 appendix rows": (BASE_PLAN + 'appendices:\n  - number: "01"\n    title: PL\n    rows:\n'
                             + "      - [a, b, c, d]\n" * 60_000, 0),
}


# `heza check` in a child that writes its own peak memory on exit: VmHWM, the high-water mark of its own
# address space. Not the child's ru_maxrss: Linux carries the parent's peak over the fork and exec, so a
# test run that built sites before would be measured with them.
_CHECK_AND_REPORT_PEAK = """
import atexit, os, runpy, sys
def report():
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["HEZA_PEAK_FILE"], "w", encoding="ascii") as out:
        out.write(peak)
atexit.register(report)
sys.argv = ["heza", "check"]
runpy.run_module("generator", run_name="__main__")
"""


def _measure(work: Path) -> tuple[int, float, float, str]:
    """Exit code, seconds and peak MB of `heza check` in a child process of its own, and what it printed."""
    log, peak_file = work / "check.log", work / "peak-kb"
    start = time.perf_counter()
    with open(log, "wb") as out:
        child = subprocess.Popen([sys.executable, "-c", _CHECK_AND_REPORT_PEAK], cwd=work, stdout=out,
                                 stderr=subprocess.STDOUT,
                                 env={**os.environ, "PYTHONPATH": str(REPO), "HEZA_PEAK_FILE": str(peak_file)})
    killer = threading.Timer(60, child.kill)  # a hang fails the test instead of the suite
    killer.start()
    try:
        child.wait()
    finally:
        killer.cancel()
    peak = int(peak_file.read_text(encoding="ascii")) / 1024 if peak_file.exists() else float("inf")
    return child.returncode, time.perf_counter() - start, peak, log.read_text("utf-8", "replace")


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_file_is_checked_within_seconds_and_memory(work, name):
    text, code = PATHOLOGICAL[name]
    data = text.encode("utf-8")
    assert len(data) <= 2 * 1024 * 1024, "the case must fit under the size cap"
    (work / PLAN).write_bytes(data)
    returncode, seconds, peak, out = _measure(work)
    assert "Traceback" not in out and returncode == code, out[-2000:]
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak < MEGABYTES, f"{peak:.0f} MB"
    if code:
        assert out.splitlines()[0].startswith(PLAN + ":")
        assert len(out.splitlines()) <= 60  # one file: at most its cap of errors and the line saying how many more


def _history(events: int, sequence: str = "1") -> str:
    return "# lịch sử\nversion: 1\nevents:\n" + "".join(
        f'  "ke-hoach-{i // 60}/nv-{i}@lich.cchc.heza.gov.vn": {{fingerprint: "{i:020x}", sequence: {sequence}, '
        f"modified: 2024-01-{i % 28 + 1:02d}}}\n" for i in range(events))


@pytest.mark.parametrize("text,first,lines", [
    (_history(130_000), None, 0),  # 15 MB as heza build writes it: checked line by line, no node tree
    (_history(130_000, "  1"), "content/lich-su-lich.yaml:4:1: dòng này không đúng dạng heza build ghi", 51),
    (None, "content/lich-su-lich.yaml:1:1: tệp quá lớn (129,00 MB; tối đa 128 MB)", 1),  # sparse: refused by size
], ids=["as-written", "edited-by-hand", "too-large"])
def test_large_calendar_history_is_checked_within_seconds_and_memory(work, text, first, lines):
    history = work / "content/lich-su-lich.yaml"
    if text is None:
        with history.open("wb") as sparse:
            sparse.truncate(129 * 1024 * 1024)
    else:
        history.write_text(text, encoding="utf-8")
    returncode, seconds, peak, out = _measure(work)
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
    assert (returncode, len(out.splitlines()) - 1) == (int(first is not None), lines), out[-500:]
    assert first is None or out.startswith(first)


def test_regression_500000_unknown_unit_ids_hung_on_suggestions(work):
    """Every unknown id ran difflib against every unit; suggestions now stop at the file's cap."""
    (work / PLAN).write_text(_with_tasks(_task("9", "x", lead="[" + ", ".join(["ab"] * 500_000) + "]")),
                             encoding="utf-8")
    returncode, seconds, peak, out = _measure(work)
    assert returncode == 1 and seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
    assert out.splitlines()[-2].endswith("còn 499950 lỗi khác trong tệp này chưa hiện (chỉ hiện 50 lỗi đầu tiên; "
                                         "vấn đề kế tiếp ở dòng này): hãy sửa các lỗi trên rồi chạy lại make check")


@pytest.mark.parametrize("file,old,new,expected", [
    ("plans/2024-1-kh-bql.yaml", "reports:", "year: " + "9" * 5000 + "\nreports:", "số quá lớn (5000 chữ số)"),
    ("site.yaml", "\nbase_url:", "\nreminder_days: " + "9" * 5000 + "\nbase_url:", "số quá lớn (5000 chữ số)"),
    ("lich-su-lich.yaml", None, _history(3, "2147483647"), "sequence phải là số nguyên từ 0 đến 2147483646"),
    ("lich-su-lich.yaml", None, _history(3).replace("2024-01-", "9999-12-"), "từ năm 2000 đến 2099"),
    ("units.yaml", "id: so-noi-vu", "id: so-noi-vu-" + "a" * 240, "mã dài 250 ký tự: tối đa 100 ký tự"),
], ids=["year-5000-digits", "reminder-5000-digits", "sequence-at-rfc-limit", "modified-9999", "unit-id-254"])
def test_regression_the_check_passed_what_the_build_then_crashed_on(heza, work, file, old, new, expected):
    """Each gave a traceback (Python's integer limit, RFC 5545's, a file name too long) in `heza build` or `check`."""
    path = work / "content" / file
    if not path.exists() and old is not None:
        shutil.copy(BASE_CONTENT / file, path)
    path.write_text(new if old is None else path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = _check(heza, work)
    assert expected in result.out, result.out[-800:]


def test_regression_a_plan_file_name_of_248_characters_failed_the_build(heza, work):
    plan = work / "content" / "plans" / "2024-1-kh-bql.yaml"
    shutil.copy(BASE_CONTENT / "plans" / "2024-1-kh-bql.yaml", plan)
    plan.rename(plan.with_name("2024-" + "a" * 243 + ".yaml"))
    assert "tối đa 100 ký tự" in _check(heza, work).out


def test_regression_a_century_of_monthly_deadlines_passed_the_check_then_took_the_build_minutes(heza, work):
    """3,000 monthly tasks in a plan running 2000–2099 passed `heza check`; `heza build` then listed millions of
    dates (4 minutes, 3.7 GB, a 1.6 GB site). The check now bounds the due dates a plan may give."""
    plan = work / "content" / "plans" / "2024-1-kh-bql.yaml"
    plan.write_text(_with_tasks("".join(_task(str(i), "x", "định kỳ vào ngày 10 hằng tháng") for i in range(10, 300)),
                                CENTURY), encoding="utf-8")
    out = _check(heza, work).out
    assert out.startswith(f"{PLAN}:") and "period: các thời hạn của kế hoạch cho tới" in out, out[:600]
    assert "(tối đa 5.000): hãy kiểm tra thời gian thực hiện" in out


def test_regression_a_utf16_file_was_said_to_be_tcvn3(heza, work):
    """Notepad's "Unicode" is UTF-16: the message named TCVN3/VNI or Windows-1258 as the likely cause."""
    plan = work / "content" / "plans" / "2024-1-kh-bql.yaml"
    plan.write_bytes(BASE_PLAN.encode("utf-16"))
    out = _check(heza, work).out
    assert out.startswith(f"{PLAN}:1:1: tệp lưu ở mã hóa UTF-16") and "TCVN3" not in out
