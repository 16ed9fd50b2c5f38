"""Reading YAML text strictly: syntax slips, invisible characters, nesting depth, the calendar history,
and how problems are worded and printed. Table-driven: each row is one input and its exact message."""
from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, overlay
from generator.cli import _github
from generator.outputs.calendar_history import HistoryError, parse_state
from generator.source.files import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    SourceError,
    _may_be_deep,
    read_document,
)
from generator.source.objects import Builder, Positions
from generator.source.problems import (
    MAX_PROBLEMS_PER_FILE,
    Problem,
    Reporter,
    Severity,
    clip,
    printable,
    quoted,
)
from generator.source.reader import _check_history
from generator.source.validate import url_problem

PLAN = "content/plans/2024-1-kh-bql.yaml"
BASE_PLAN = (FIXTURES / "base" / PLAN).read_text(encoding="utf-8")
TITLE = "  title: Cải cách hành chính năm 2024"  # line 8 of the base plan


def _check(tmp_path: Path, heza, plan: str) -> str:
    work = overlay(FIXTURES / "none", tmp_path)
    (work / PLAN).write_bytes(plan.encode("utf-8"))
    result = heza("check", "--content", "content", cwd=work)
    assert result.code == 1 and "Traceback" not in result.err
    return result.out


def _read(text: str | bytes) -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_document(Path("x.yaml"), data)


def _issues(text: str | bytes) -> list[tuple[int, int, str]]:
    """(line, column, message) of every problem of a text, raised or reported."""
    try:
        document = _read(text)
    except SourceError as exc:
        return [(i.line, i.column, i.message) for i in exc.issues]
    return [(i.line, i.column, i.message) for i in document.issues]


# --- syntax slips: each at the line the editor must fix, with its real cause ------------------------

SYNTAX_SLIPS = [
    ("missing colon after a key", TITLE, '  title "Cải cách"',
     f'{PLAN}:8:3: lỗi cú pháp YAML: dòng này không phải dạng khóa: giá trị: thiếu dấu hai chấm sau khóa (ví dụ '
     'title: "…"), hoặc nếu đây là phần tiếp của văn bản dòng trên thì hãy thụt vào sâu hơn dòng đó'),
    ("missing space after the colon", TITLE, '  title:"Cải cách"',
     f'{PLAN}:8:9: lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm: hãy viết "title: …"'),
    ("no-break space after the colon (Word)", TITLE, '  title:\u00a0"Cải cách"',
     f"{PLAN}:8:9: lỗi cú pháp YAML: sau dấu hai chấm là dấu cách không ngắt (U+00A0, thường do chép từ Word): "
     "hãy xóa nó và gõ lại một dấu cách thường"),
    ("unclosed double quote, closed by a later quote", TITLE, '  title: "Cải cách',
     f'{PLAN}:8:10: lỗi cú pháp YAML: ngoặc kép " mở ở đây có lẽ chưa được đóng (văn bản kéo dài tới dòng 17): '
     "hãy thêm dấu đóng ở cuối văn bản"),
    ("unclosed single quote", TITLE, "  title: 'Cải cách",
     f"{PLAN}:8:10: lỗi cú pháp YAML: dấu nháy đơn ' mở ở đây chưa được đóng: hãy thêm dấu đóng ở cuối văn bản"),
    ("unclosed double quote at the end of the file", "    deadline: định kỳ vào ngày 10 hằng tháng",
     '    deadline: "định kỳ', f'{PLAN}:43:15: lỗi cú pháp YAML: ngoặc kép " mở ở đây chưa được đóng: hãy thêm dấu '
     "đóng ở cuối văn bản"),
    ("unclosed bracket", "    from: [van-phong-bql]", "    from: [van-phong-bql",
     f"{PLAN}:41:11: lỗi cú pháp YAML: ngoặc vuông [ mở ở đây chưa được đóng hoặc thiếu dấu phẩy giữa các mục: "
     "hãy kiểm tra dấu ] và dấu phẩy"),
    ("backslash of a Windows path in double quotes", TITLE, '  title: "C:\\duong-dan\\ke-hoach"',
     f"{PLAN}:8:13: lỗi cú pháp YAML: dấu \\ trong ngoặc kép phải đi với một ký tự đặc biệt (\\n, \\\", \\\\): "
     "hãy viết \\\\ cho một dấu \\ hoặc dùng dấu nháy đơn ' '"),
    ("merge-conflict marker", TITLE, "<<<<<<< HEAD\n" + TITLE + "\n=======\n  title: Khác\n>>>>>>> nhanh",
     "\n".join(f'{PLAN}:{line}:1: dấu xung đột khi gộp (git merge) "{mark}" còn sót ở đây: hãy giữ lại phần đúng '
               "(giữa <<<<<<< và =======, hoặc giữa ======= và >>>>>>>), rồi xóa phần kia và các dòng <<<<<<<, "
               "=======, >>>>>>>" for line, mark in ((8, "<<<<<<<"), (10, "======="), (12, ">>>>>>>")))),
    ("missing space after a colon in a list item", '    - text: "Lưu: VT."', "    - unit:cac-so-ban-nganh",
     f'{PLAN}:17:7: document.recipients[1]: cần các cặp khóa: giá trị, không phải giá trị "unit:cac-so-ban-nganh": '
     "thiếu dấu cách sau dấu hai chấm"),
    ("missing space after a colon in a key", '    - text: "Lưu: VT."', '    - text:"Lưu: VT."',
     f"{PLAN}:17:7: document.recipients[1]: mỗi nơi nhận cần đúng một trong hai khóa: unit (mã đơn vị) hoặc text\n"
     f'{PLAN}:17:7: document.recipients[1].text:"Lưu: khóa "text:"Lưu" không hợp lệ (có phải "text"?); có lẽ thiếu '
     "dấu cách sau dấu hai chấm"),
    ("missing space after a colon before an indented key", "    - unit: so-noi-vu", "    - unit:so-noi-vu",
     f'{PLAN}:15:12: lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm: hãy viết "unit: …"'),
    ("no-break space indenting a key", TITLE, "\u00a0 title: Cải cách",
     f"{PLAN}:8:1: lỗi cú pháp YAML: dòng này thụt lề bằng dấu cách không ngắt (U+00A0, thường do chép từ Word): "
     "hãy xóa và thụt lề lại bằng dấu cách thường"),
]


@pytest.mark.parametrize("old,new,expected", [row[1:] for row in SYNTAX_SLIPS], ids=[row[0] for row in SYNTAX_SLIPS])
def test_syntax_slip_is_reported_at_its_line_with_its_cause(tmp_path, heza, old, new, expected):
    assert old in BASE_PLAN
    assert _check(tmp_path, heza, BASE_PLAN.replace(old, new, 1)) == expected + "\n"


def test_regression_missing_colon_was_reported_at_the_next_line(tmp_path, heza):
    """PyYAML's problem mark is the line after the slip; its context mark is the slip."""
    out = _check(tmp_path, heza, BASE_PLAN.replace(TITLE, '  title "x"'))
    assert out.startswith(f"{PLAN}:8:3: ")


# --- characters an editor cannot see -------------------------------------------------------------

CHARACTERS = [
    ("\x00", "ký tự rỗng (NUL, U+0000) không được phép: hãy xóa ký tự này "
             "(tệp có thể bị hỏng hoặc không phải văn bản)"),
    ("\x01", "ký tự điều khiển (U+0001) không được phép: hãy xóa ký tự này"),
    ("\x08", "ký tự điều khiển (U+0008) không được phép: hãy xóa ký tự này"),
    ("\x0b", "ký tự ngắt dòng của Word (VT, U+000B) không được phép: hãy thay bằng dấu cách hoặc xuống dòng (Enter)"),
    ("\x0c", "ký tự ngắt trang của Word (FF, U+000C) không được phép: hãy thay bằng dấu cách hoặc xuống dòng (Enter)"),
    ("\x1b", "ký tự điều khiển (ESC, U+001B) không được phép: hãy xóa ký tự này"),
    ("\x1f", "ký tự điều khiển (U+001F) không được phép: hãy xóa ký tự này"),
    ("\x7f", "ký tự điều khiển (DEL, U+007F) không được phép: hãy xóa ký tự này"),
    ("\x80", "ký tự điều khiển (U+0080) không được phép: thường do chép từ văn bản lỗi mã hóa; "
             "hãy xóa và gõ lại chỗ này"),
    ("\x93", "ký tự điều khiển (U+0093) không được phép: thường do chép từ văn bản lỗi mã hóa; "
             "hãy xóa và gõ lại chỗ này"),
    ("\x85", "ký tự xuống dòng (NEL, U+0085) không được phép: trình soạn thảo không hiện ký tự này nhưng YAML coi nó "
             "là xuống dòng nên số dòng bị lệch; hãy thay bằng xuống dòng (Enter) hoặc dấu cách"),
    ("\u2028", "ký tự ngắt dòng Unicode (LINE SEPARATOR, U+2028) không được phép: trình soạn thảo không hiện ký tự "
               "này nhưng YAML coi nó là xuống dòng nên số dòng bị lệch; "
               "hãy thay bằng xuống dòng (Enter) hoặc dấu cách"),
    ("\u2029", "ký tự ngắt đoạn Unicode (PARAGRAPH SEPARATOR, U+2029) không được phép: trình soạn thảo không hiện ký "
               "tự này nhưng YAML coi nó là xuống dòng nên số dòng bị lệch; "
               "hãy thay bằng xuống dòng (Enter) hoặc dấu cách"),
    ("\ufdd0", "ký tự không hợp lệ (noncharacter, U+FDD0) không được phép: hãy xóa ký tự này"),
    ("\ufffe", "ký tự không hợp lệ (noncharacter, U+FFFE) không được phép: hãy xóa ký tự này"),
    ("\uffff", "ký tự không hợp lệ (noncharacter, U+FFFF) không được phép: hãy xóa ký tự này"),
    ("\U0001fffe", "ký tự không hợp lệ (noncharacter, U+1FFFE) không được phép: hãy xóa ký tự này"),
    ("\U0010ffff", "ký tự không hợp lệ (noncharacter, U+10FFFF) không được phép: hãy xóa ký tự này"),
]


@pytest.mark.parametrize("char,message", CHARACTERS, ids=[f"U+{ord(c):04X}" for c, _ in CHARACTERS])
def test_invisible_character_is_reported_at_its_own_line_and_column(char, message):
    assert _issues(f"a: 1\nb: Cải cách{char}hành chính\n") == [(2, 12, message)]


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\x0b", "\x0c"])
def test_regression_line_separators_shifted_every_later_line(separator):
    """U+2028 and friends count as line breaks for PyYAML but not for editors or GitHub."""
    document = _read(f"a: một{separator}hai\nb: [x]\nc:\n  - d\n")
    assert [(i.line, i.column) for i in document.issues] == [(1, 7)]
    c = document.root.value[2][1]
    assert (c.start_mark.line + 1, c.value[0].start_mark.line + 1) == (4, 4)


def test_regression_control_character_was_reported_at_line_1_column_1(tmp_path, heza):
    out = _check(tmp_path, heza, BASE_PLAN.replace("Ban hành kế hoạch", "Ban hành\x0bkế hoạch"))
    assert out == (f"{PLAN}:29:26: ký tự ngắt dòng của Word (VT, U+000B) không được phép: hãy thay bằng dấu cách "
                   "hoặc xuống dòng (Enter)\n")


def test_every_invisible_character_of_a_file_is_reported_up_to_the_cap():
    text = "a: x\n" + "b: " + "\x0c" * 3 + "\n" + "c: " + "\x00" * (MAX_PROBLEMS_PER_FILE + 20) + "\n"
    with pytest.raises(SourceError) as raised:
        _read(text)
    assert [(i.line, i.column) for i in raised.value.issues[:4]] == [(2, 4), (2, 5), (2, 6), (3, 4)]
    assert len(raised.value.issues) + raised.value.hidden == 3 + MAX_PROBLEMS_PER_FILE + 20


LEGITIMATE = ["Cải cách hành chính", "năm\u00a02024", "«Năm dữ liệu số»", "2024–2025 — “trích dẫn”", "30°C, Müller",
              "chính¹ ²", "📄 ✓", "Ủy ban\u200bnhân dân", "C\u0309a\u0301i ca\u0301ch", "[1] # không phải chú thích",
              "a\tb", "ký hiệu ® © ™ € ₫ § ¶"]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_is_never_refused(text):
    document = _read(f"a: {json.dumps(text, ensure_ascii=False)}\n")  # JSON strings are YAML double-quoted ones
    assert document.issues == ()
    reporter = Reporter()
    value = Builder(reporter, Path("x.yaml"), escapes=document.escapes).build(str, document.root.value[0][1])
    assert reporter.problems == [] and value


# --- the same characters written as escapes in double quotes ------------------------------------------

ESCAPES = [
    ("\\0", "ký tự rỗng (NUL, U+0000) viết bằng mã \\ trong ngoặc kép, không được phép: hãy xóa mã đó"),
    ("\\v", "ký tự ngắt dòng của Word (VT, U+000B) viết bằng mã \\ trong ngoặc kép, không được phép: hãy thay mã đó "
            "bằng \\n hoặc dấu cách"),
    ("\\x1f", "ký tự điều khiển (U+001F) viết bằng mã \\ trong ngoặc kép, không được phép: hãy xóa mã đó"),
    ("\\e", "ký tự điều khiển (ESC, U+001B) viết bằng mã \\ trong ngoặc kép, không được phép: hãy xóa mã đó"),
    ("\\r", "ký tự về đầu dòng (CR, U+000D) viết bằng mã \\ trong ngoặc kép, không được phép: hãy xóa mã đó"),
    ("\\uFFFE", "ký tự không hợp lệ (noncharacter, U+FFFE) viết bằng mã \\ trong ngoặc kép, không được phép: hãy xóa "
                "mã đó"),
    ("\\x85", "ký tự xuống dòng (NEL, U+0085) viết bằng mã \\ trong ngoặc kép, không được phép: hãy thay mã đó bằng "
              "\\n hoặc dấu cách"),
    ("\\N", "ký tự xuống dòng (NEL, U+0085) viết bằng mã \\ trong ngoặc kép, không được phép: hãy thay mã đó bằng "
            "\\n hoặc dấu cách"),
    ("\\L", "ký tự ngắt dòng Unicode (LINE SEPARATOR, U+2028) viết bằng mã \\ trong ngoặc kép, không được phép: hãy "
            "thay mã đó bằng \\n hoặc dấu cách"),
    ("\\t", None),  # a tab: HTML, CSV, iCalendar and XML carry it, and Word puts one after list numbers
    ("\\n", None),  # a multi-line value
]


@pytest.mark.parametrize("escape,message", ESCAPES, ids=[e for e, _ in ESCAPES])
def test_escaped_control_character_is_refused_in_text(escape, message):
    document = _read(f'a:\n  b: "Cải cách{escape}hành chính"\n')
    reporter = Reporter()
    Builder(reporter, Path("x.yaml"), escapes=document.escapes).build(str, document.root.value[0][1].value[0][1])
    expected = [] if message is None else [Problem("x.yaml", 2, 6, "", f"văn bản có {message}")]
    assert reporter.problems == expected


def test_escaped_surrogate_is_a_located_syntax_error():
    assert _issues('a: "x\\ud800"\n') == [(1, 6, "lỗi cú pháp YAML: mã ký tự \\u… này không phải ký tự hợp lệ: hãy "
                                                "viết thẳng ký tự")]


# --- nesting depth ---------------------------------------------------------------------------------

DEPTH_MESSAGE = (f"danh sách hoặc khóa lồng nhau quá sâu (quá {MAX_DEPTH} cấp; nội dung thật chỉ cần vài cấp): hãy "
                 "kiểm tra thụt lề và các dấu ngoặc [ ] { }")


def _flow(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n"


def _block(depth: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(depth - 1)) + " " * (depth - 1) + "k: x\n"


def _compact(depth: int) -> str:
    return "- " * depth + "x\n"


def _quoted_brackets(depth: int) -> str:  # quoted closing brackets must not hide the real ones
    return "a: " + '["]", ' * (depth - 1) + "x" + "]" * (depth - 1) + "\n"


def _depth(node: yaml.Node | None) -> int:
    if isinstance(node, yaml.SequenceNode):
        return 1 + max((_depth(n) for n in node.value), default=0)
    if isinstance(node, yaml.MappingNode):
        return 1 + max((_depth(n) for pair in node.value for n in pair), default=0)
    return 0


@pytest.mark.parametrize("shape", [_flow, _block, _compact, _quoted_brackets])
def test_nesting_up_to_the_cap_is_read_and_deeper_is_refused(shape):
    assert _depth(_read(shape(MAX_DEPTH)).root) == MAX_DEPTH
    ((_line, _column, message),) = _issues(shape(MAX_DEPTH + 1))
    assert message == DEPTH_MESSAGE


def test_regression_sequence_nested_100000_deep_crashed_the_c_loader():
    """yaml.compose with the C loader segfaulted; its scanner is quadratic in depth."""
    assert _issues("a: " + "[" * 100_000 + "]" * 100_000 + "\n") == [(1, 43, DEPTH_MESSAGE)]


_LEAF = st.sampled_from(["x", "'q]'", '"q}"', "# c ]", "1"])
_TREE = st.recursive(_LEAF, lambda inner: st.lists(inner, min_size=1, max_size=3)
                     | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, min_size=1, max_size=2), max_leaves=60)


@settings(max_examples=200, deadline=None)
@given(_TREE, st.booleans(), st.integers(1, 3))
def test_fast_depth_bound_never_lets_a_deep_file_through(tree, flow, indent):
    """When the byte scans say "shallow", the file really nests at most MAX_DEPTH levels."""
    text = yaml.safe_dump({"root": tree}, default_flow_style=flow, indent=max(indent, 2), width=10_000)
    data = text.encode("utf-8")
    depth = _depth(yaml.compose(text))
    if not _may_be_deep(data):
        assert depth <= MAX_DEPTH
    assert (depth > MAX_DEPTH) == any(m == DEPTH_MESSAGE for _, _, m in _issues(data))


_NOISE = ["x", "'q]'", '"q}"', "'[['", "y # ]"]


def _chain(kinds: list[str], noise: list[str], indent: int) -> str:
    """A document nesting len(kinds) + 1 levels: block levels first (mapping, list on its own line,
    compact "- - "), then flow levels, with quoted brackets and comments beside each."""
    out, column, prefix = [], 0, ""
    flow = [k for k in kinds if k.startswith("f")]
    for level, kind in enumerate(k for k in kinds if not k.startswith("f")):
        leaf = noise[level % len(noise)]
        if kind == "bmap":
            out.append(f"{prefix}{' ' * column if not prefix else ''}n: {leaf}\n{' ' * column}k{level}:\n")
            prefix, column = "", column + indent
        elif kind == "bseq":
            out.append(f"{prefix}{' ' * column if not prefix else ''}- {leaf}\n{' ' * column}-\n")
            prefix, column = "", column + indent
        else:
            prefix, column = prefix + ("- " if prefix else " " * column + "- "), column + 2
    inner = "z"
    for level, kind in enumerate(reversed(flow)):
        leaf = noise[level % len(noise)].replace(" # ]", "")
        inner = f"[{leaf}, {inner}]" if kind == "fseq" else f"{{a: {leaf}, b: {inner}}}"
    out.append(f"{prefix}{' ' * column if not prefix else ''}{inner}\n")
    return "root:\n" + "".join("  " + line if line.strip() else line for line in "".join(out).splitlines(True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["bmap", "bseq", "bcompact", "fseq", "fmap"]), min_size=1, max_size=50),
       st.lists(st.sampled_from(_NOISE), min_size=1, max_size=5), st.integers(1, 4))
def test_fast_depth_bound_holds_near_the_cap(kinds, noise, indent):
    text = _chain(kinds, noise, indent)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return  # a shape this generator cannot write (never mind: the bound is about files YAML reads)
    depth, data = _depth(root), text.encode("utf-8")
    if not _may_be_deep(data):
        assert depth <= MAX_DEPTH
    assert (depth > MAX_DEPTH) == any(m == DEPTH_MESSAGE for _, _, m in _issues(data))


# --- reading limits --------------------------------------------------------------------------------

def test_file_at_the_size_cap_is_read_and_one_byte_more_is_refused():
    body = b"a: x\n"
    assert _read(body + b"#" * (MAX_FILE_BYTES - len(body))).root is not None
    assert _issues(body + b"#" * (MAX_FILE_BYTES - len(body) + 1)) == [(1, 1, "tệp quá lớn (2,01 MB; tối đa 2 MB)")]


# --- the calendar history, checked as feedstate.parse_state reads it during builds -----------------------

ENTRY = '  "{uid}": {{fingerprint: "{fp}", sequence: {seq}, modified: {day}}}\n'


def _history(*entries: dict, head: str = "version: 1\nevents:\n") -> str:
    base = {"uid": "p/nv-1@lich", "fp": "0123456789abcdef0123", "seq": "0", "day": "2024-01-24"}
    values = [base | e for e in entries]
    return head + "".join(ENTRY.format(**v) for v in values)


HISTORIES = [
    ("canonical", _history({}, {"uid": "p/nv-2@lich", "seq": "3"}), True),
    ("empty events", "version: 1\nevents: {}\n", True),
    ("comments only", "# lịch sử\n", True),
    ("hand-merged block style", "version: 1\nevents:\n  \"p@l\":\n    fingerprint: 0123456789abcdef0123\n"
                                "    sequence: 1\n    modified: 2024-01-24\n", True),
    ("version 2", _history({}, head="version: 2\nevents:\n"), False),
    ("extra top key", _history({}) + "other: 1\n", False),
    ("events a list", "version: 1\nevents: [1, 2]\n", False),
    ("not hex", _history({"fp": "xyz"}), False),
    ("short fingerprint", _history({"fp": "0123"}), False),
    ("sequence as text", _history({"seq": '"1"'}), False),
    ("negative sequence", _history({"seq": "-1"}), False),
    ("sequence true", _history({"seq": "true"}), False),
    ("leading zero sequence is text in YAML 1.1", _history({"seq": "09"}), False),
    ("modified with a time", _history({"day": "2024-01-24 10:00:00"}), False),
    ("modified text", _history({"day": '"2024-01-24"'}), False),
    ("missing key", "version: 1\nevents:\n  \"p@l\": {fingerprint: \"0123456789abcdef0123\", sequence: 1}\n", False),
    ("numeric uid", "version: 1\nevents:\n  12: {fingerprint: \"0123456789abcdef0123\", sequence: 1, "
                    "modified: 2024-01-24}\n", False),
]


@pytest.mark.parametrize("text,valid", [row[1:] for row in HISTORIES], ids=[row[0] for row in HISTORIES])
def test_history_check_agrees_with_what_the_build_reads(text, valid):
    reporter = Reporter()
    _check_history(reporter, Path("lich-su-lich.yaml"), text.encode("utf-8"))
    try:
        parse_state(text)
        builds = True
    except HistoryError:
        builds = False
    assert builds == valid
    assert (reporter.problems == []) == valid, reporter.problems


@pytest.mark.parametrize("text,message", [
    (_history({"day": "2024-02-30"}), "modified 2024-02-30 là ngày không tồn tại"),
    (_history({}, {"seq": "2"}), 'bị lặp (đã có ở dòng 3): hãy giữ dòng có sequence lớn hơn và xóa dòng kia'),
])
def test_history_problems_that_safe_load_would_crash_on_or_hide_are_located(text, message):
    """An impossible day made the build crash with a ValueError; a repeated event kept only the last."""
    reporter = Reporter()
    _check_history(reporter, Path("lich-su-lich.yaml"), text.encode("utf-8"))
    (problem,) = reporter.problems
    assert message in problem.message and problem.line == text.count("\n")


# --- site addresses --------------------------------------------------------------------------------

URLS = [
    ("https://heza.gov.vn/cchc/", None),
    ("http://example.vn:8080/a/b?c=d#e", None),
    ("javascript:alert(1)", 'địa chỉ phải bắt đầu bằng https:// (hoặc http://), không phải "javascript:alert(1)"'),
    ("ftp://heza.gov.vn/", 'địa chỉ phải bắt đầu bằng https:// (hoặc http://), không phải "ftp://heza.gov.vn/"'),
    ("heza.gov.vn", 'địa chỉ phải bắt đầu bằng https:// (hoặc http://), không phải "heza.gov.vn"'),
    ("https:///cchc/", 'địa chỉ "https:///cchc/" thiếu tên miền, ví dụ https://heza.gov.vn/'),
    ("https://heza.gov.vn:xx/", 'địa chỉ "https://heza.gov.vn:xx/" không đúng dạng URL, ví dụ https://heza.gov.vn/'),
    ("https://heza.gov.vn/a b/", "địa chỉ có dấu cách không được phép trong URL: chỉ dùng chữ không dấu, số và các "
                                 "dấu - . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
    ('https://x.vn/"onclick="', 'địa chỉ có dấu ngoặc kép (") không được phép trong URL: chỉ dùng chữ không dấu, số '
                                "và các dấu - . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
    ("https://x.vn/<script>", "địa chỉ có dấu < không được phép trong URL: chỉ dùng chữ không dấu, số và các dấu "
                              "- . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
    ("https://x.vn/\\a", "địa chỉ có dấu \\ không được phép trong URL: chỉ dùng chữ không dấu, số và các dấu "
                         "- . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
    ("https://x.vn/cải-cách/", 'địa chỉ có chữ có dấu "ả" không được phép trong URL: chỉ dùng chữ không dấu, số và '
                               "các dấu - . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
    ("https://x.vn/\x1b[31m", 'địa chỉ có ký tự "\\x1b" không được phép trong URL: chỉ dùng chữ không dấu, số và các '
                              "dấu - . _ ~ : / ? # @ & = + % (dấu cách viết là %20)"),
]


@pytest.mark.parametrize("url,message", URLS, ids=[u for u, _ in URLS])
def test_site_address_rules(url, message):
    assert url_problem(url) == message


# --- how problems are worded and printed -------------------------------------------------------------

@pytest.mark.parametrize("text,shown", [
    ("Sở Nội vụ", "Sở Nội vụ"),
    ("a\x1b[31mb", "a\\x1b[31mb"),
    ("dòng 1\ndòng 2\r\t", "dòng 1\\ndòng 2\\r\\t"),
    ("\u202eevil", "\\u202eevil"),
    ("x\u2028y", "x\\u2028y"),
    ("t\udcffn", "t\\xffn"),  # a file name byte that is not UTF-8 (surrogateescape)
])
def test_printable_escapes_what_a_terminal_would_act_on(text, shown):
    assert printable(text) == shown


def test_quoted_value_is_clipped_to_a_short_excerpt():
    assert quoted("a" * 100) == '"' + "a" * 59 + '…"'
    assert quoted("a" * 60) == '"' + "a" * 60 + '"'
    assert clip("ngắn") == "ngắn"


@pytest.mark.parametrize("file,field,message,expected", [
    ("content/plans/a.yaml", "x", "lỗi", "::error file=content/plans/a.yaml,line=3,col=4::x: lỗi"),
    ("content/plans/a\n::error file=b.yaml,line=1::x.yaml", "", "lỗi",
     "::error file=content/plans/a%0A%3A%3Aerror file=b.yaml%2Cline=1%3A%3Ax.yaml,line=3,col=4::lỗi"),
    ("content/plans/c,d:e%.yaml", "", "50%\r\nxong", "::error file=content/plans/c%2Cd%3Ae%25.yaml,line=3,col=4::"
                                                     "50%25%0D%0Axong"),
])
def test_regression_github_annotation_was_forged_by_a_file_name(file, field, message, expected):
    """GitHub's workflow commands: a property escapes %, CR, LF, ':' and ','; the message %, CR and LF."""
    assert _github(Problem(file, 3, 4, field, message)) == expected


def test_reporter_keeps_the_first_errors_of_a_file_and_counts_the_rest():
    reporter, path = Reporter(Path("/r")), Path("/r/content/a.yaml")
    for line in range(1, MAX_PROBLEMS_PER_FILE + 8):
        assert reporter.full(path) == (line > MAX_PROBLEMS_PER_FILE)
        reporter.add(path, line, 2, "f", f"lỗi {line}")
    reporter.warn(path, 99, 1, "", "ghi chú")
    reporter.add(Path("/r/content/b.yaml"), 1, 1, "", "khác")
    problems = reporter.sorted()
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 3 and reporter.has_errors
    summary = next(p for p in problems if p.message.startswith("còn "))
    assert (summary.file, summary.line, summary.severity) == (
        "content/a.yaml", MAX_PROBLEMS_PER_FILE + 1, Severity.ERROR)
    assert summary.message.startswith(f"còn 7 lỗi khác trong tệp này chưa hiện (chỉ hiện {MAX_PROBLEMS_PER_FILE} lỗi")


def test_reporter_shows_a_symlink_under_its_own_name(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "content" / "link.yaml").symlink_to(tmp_path / "content" / "site.yaml")
    assert Reporter(tmp_path).display(tmp_path / "content" / "link.yaml") == "content/link.yaml"


def test_positions_find_the_value_of_a_field_path_or_its_nearest_parent():
    root = _read("a:\n  b:\n    - x\n    - c: 1\n      d: 2\n").root
    where = Positions(root)
    assert where.of("a.b[1].d") == (5, 10)
    assert where.of("a.b[0]") == (3, 7)
    assert where.of("a.b[7].d") == (3, 5)
    assert where.of("a.zz") == (2, 3)
    assert Positions(None).of("a") == (1, 1)


@pytest.mark.parametrize("name", [c for c in string.printable if c not in string.whitespace])
def test_printable_leaves_ordinary_characters_alone(name):
    assert printable(name) == name
