"""Safe YAML reading that keeps line marks: file → bytes → checked text → yaml node tree.

Every check here runs before libyaml sees the text, because libyaml cannot be trusted with
hostile input: control characters stop it at "line 1", U+2028 shifts its line numbers, and a
sequence nested 100,000 deep crashes the C composer (and is quadratic in its scanner).
"""
from __future__ import annotations

import codecs
import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.source.problems import MAX_PROBLEMS_PER_FILE, quoted
from generator.source.text import WORD_QUOTES

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40  # nesting levels of lists and key: value blocks; the deepest real content is about 8


@dataclass(frozen=True)
class Issue:
    """One located problem of a file's text; `line`/`column` are 1-based."""

    line: int
    column: int
    message: str


class SourceError(Exception):
    """A file that cannot be read as content: its issues (the first is `message`/`line`/`column`),
    and `hidden` more issues of the same kind that were counted but not described."""

    def __init__(self, message: str, line: int = 1, column: int = 1, *, issues: tuple[Issue, ...] = (),
                 hidden: int = 0):
        super().__init__(message)
        self.issues = issues or (Issue(line, column, message),)
        self.message, self.line, self.column = self.issues[0].message, self.issues[0].line, self.issues[0].column
        self.hidden = hidden


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its path, root node (None when the file is empty), the problems of its
    text that did not stop parsing (control characters, reported and read as spaces), and whether it
    has a backslash (without one no escape such as "\\0" can put a control character in a value)."""

    path: Path
    root: yaml.Node | None
    issues: tuple[Issue, ...] = field(default=(), compare=False)
    escapes: bool = True
    text: str | None = field(default=None, compare=False, repr=False)  # kept when it has escapes, to locate them


# libyaml when the wheel has it (about ten times faster); same nodes and marks either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


# --- reading the file ---------------------------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_SYMLINK = ("tệp này là một liên kết (symlink), không phải tệp thật: heza chỉ đọc tệp nằm ngay trong content/; "
            "hãy thay liên kết bằng chính tệp YAML")


def _not_a_file(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return _SYMLINK
    if stat.S_ISDIR(mode):
        return "đây là một thư mục, không phải tệp YAML: hãy xóa hoặc đổi tên thư mục này"
    kind = "ống FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "tệp thiết bị"
    return f"đây là {kind}, không phải tệp văn bản thường: hãy thay bằng tệp YAML"


def _too_large(size: int, limit: int) -> SourceError:
    shown = f"{math.ceil(size / 1048576 * 100) / 100:.2f}".replace(".", ",")  # rounded up: never "2,00; tối đa 2"
    return SourceError(f"tệp quá lớn ({shown} MB; tối đa {limit // 1048576} MB)")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, read without following a symlink, without blocking on a FIFO or
    device and never more than `limit` + 1 bytes; SourceError (line 1) for anything else."""
    try:
        mode = os.lstat(path).st_mode  # a device is never opened: some act on open
    except FileNotFoundError:
        raise SourceError("không tìm thấy tệp") from None
    except OSError:
        raise SourceError("không đọc được tệp") from None
    if not stat.S_ISREG(mode):
        raise SourceError(_not_a_file(mode))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:  # replaced since lstat: ELOOP is a symlink refused by O_NOFOLLOW
        reasons: dict[int | None, str] = {errno.ELOOP: _SYMLINK, errno.EACCES: "không có quyền đọc tệp",
                                          errno.ENXIO: _not_a_file(stat.S_IFSOCK)}
        reason = reasons.get(exc.errno, "không đọc được tệp")
        raise SourceError(reason) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(_not_a_file(info.st_mode))
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        chunks: list[bytes] = []
        want, got = min(info.st_size, limit) + 1, 0  # one byte more than fstat says: one read, EOF seen
        while got <= limit:
            chunk = os.read(fd, want)
            chunks.append(chunk)
            got += len(chunk)
            if len(chunk) < want:  # a short read of a regular file is its end
                break
            want = limit + 1 - got  # it grew since fstat: read on, never past the cap
    except OSError:
        raise SourceError("không đọc được tệp") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # the file grew after fstat
        raise _too_large(len(data), limit)
    return data


def decode(data: bytes, limit: int = MAX_FILE_BYTES) -> str:
    """UTF-8 text (BOM accepted, CRLF folded to LF), or SourceError naming the bad line."""
    if len(data) > limit:
        raise _too_large(len(data), limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16's byte order mark: Notepad's "Unicode"
            raise SourceError("tệp lưu ở mã hóa UTF-16 (Notepad gọi là \"Unicode\"), không phải UTF-8: hãy lưu lại "
                              "với mã hóa UTF-8", 1, 1) from None
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("tệp không phải UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258): "
                          "hãy lưu lại với mã hóa UTF-8", line, 1) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- characters an editor cannot see ------------------------------------------

def _noncharacters() -> str:
    astral = "".join(f"{chr(p * 0x10000 + 0xFFFE)}-{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17))
    return "\ufdd0-\ufdef\ufffe\uffff" + astral


# In the file: C0 but tab and newline (CR is folded by `decode`), DEL, C1 (U+0085 included),
# the Unicode line/paragraph separators, noncharacters. libyaml refuses most with no line, and
# counts U+0085/U+2028/U+2029 as line breaks that editors and GitHub do not show.
FORBIDDEN_IN_FILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _noncharacters() + "]")
# In a text value (written through escapes such as "\0", "\v", "\x85"): the same, CR and lone
# surrogates; a tab is accepted (Word puts one after list numbers; HTML, CSV, iCalendar and XML carry it).
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _noncharacters() + "]")

_WORD_BREAK = "hãy thay bằng dấu cách hoặc xuống dòng (Enter)"
_UNSEEN_BREAK = ("trình soạn thảo không hiện ký tự này nhưng YAML coi nó là xuống dòng nên số dòng bị lệch; "
                 "hãy thay bằng xuống dòng (Enter) hoặc dấu cách")
_CHARACTERS = {  # code point: (what an editor calls it, its short name, what to do)
    0x00: ("ký tự rỗng", "NUL", "hãy xóa ký tự này (tệp có thể bị hỏng hoặc không phải văn bản)"),
    0x0B: ("ký tự ngắt dòng của Word", "VT", _WORD_BREAK),
    0x0C: ("ký tự ngắt trang của Word", "FF", _WORD_BREAK),
    0x0D: ("ký tự về đầu dòng", "CR", "hãy dùng xuống dòng thường (\\n)"),
    0x1B: ("ký tự điều khiển", "ESC", "hãy xóa ký tự này"),
    0x7F: ("ký tự điều khiển", "DEL", "hãy xóa ký tự này"),
    0x85: ("ký tự xuống dòng", "NEL", _UNSEEN_BREAK),
    0x2028: ("ký tự ngắt dòng Unicode", "LINE SEPARATOR", _UNSEEN_BREAK),
    0x2029: ("ký tự ngắt đoạn Unicode", "PARAGRAPH SEPARATOR", _UNSEEN_BREAK),
}


# The same characters found in the UTF-8 bytes, fast: bytes that may start one are kept by one
# translate(); most files have none, or only the lead byte of ordinary punctuation (“ ” – …).
_LEADS = b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f" + bytes(range(0x10, 0x20)) + b"\x7f\xc2\xe2\xef" \
    + bytes(range(0xF0, 0xF5))
_NOT_LEADS = bytes(b for b in range(256) if b not in _LEADS)
_ENCODED = {0xC2: re.compile(rb"\xc2[\x80-\x9f]"), 0xE2: re.compile(rb"\xe2\x80[\xa8\xa9]"),
            0xEF: re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])")}
_ENCODED_ASTRAL = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")


def _may_have_forbidden(data: bytes) -> bool:
    """False when the (valid UTF-8) bytes provably hold no FORBIDDEN_IN_FILE character."""
    leads = set(data.translate(None, _NOT_LEADS))
    if not leads:
        return False
    if min(leads) < 0x80:  # a C0 control or DEL
        return True
    if any(pattern.search(data) for lead, pattern in _ENCODED.items() if lead in leads):
        return True
    return max(leads) >= 0xF0 and _ENCODED_ASTRAL.search(data) is not None


def character_problem(char: str, escaped: bool = False) -> str:
    """What is wrong with a forbidden character and what to do, for editors; `escaped`: it was written
    as an escape ("\\v") in double quotes."""
    code = ord(char)
    name, short, advice = _CHARACTERS.get(code, (None, None, None))
    if name is None:
        if code <= 0x9F:
            name, advice = "ký tự điều khiển", "hãy xóa ký tự này"
            if code >= 0x80:
                advice = "thường do chép từ văn bản lỗi mã hóa; hãy xóa và gõ lại chỗ này"
        elif 0xD800 <= code <= 0xDFFF:
            name, short, advice = "nửa cặp UTF-16", "surrogate", "hãy viết thẳng ký tự thay vì mã \\u"
        else:
            name, short, advice = "ký tự không hợp lệ", "noncharacter", "hãy xóa ký tự này"
    label = f"{short}, U+{code:04X}" if short else f"U+{code:04X}"
    if escaped:
        breaks = advice in (_WORD_BREAK, _UNSEEN_BREAK)
        return (f"{name} ({label}) viết bằng mã \\ trong ngoặc kép, không được phép: hãy "
                + ("thay mã đó bằng \\n hoặc dấu cách" if breaks else "xóa mã đó"))
    return f"{name} ({label}) không được phép: {advice}"


# One escape of a double-quoted YAML value, and the character each single-letter one stands for.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def escape_position(text: str, start: int, end: int, wanted: str) -> tuple[int, int] | None:
    """1-based line and column, in `text`, of the first escape between `start` and `end` (a double-quoted value)
    that stands for the character `wanted`; None when none does."""
    for found in _ESCAPE.finditer(text, start, end):
        code = found.group(1)
        char = chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, code)
        if char == wanted:
            index = found.start()
            return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
    return None


def _locate(text: str, index: int, cache: list[int]) -> tuple[int, int]:
    """1-based line and column of `index`; `cache` ([last index, its line]) keeps increasing scans linear."""
    start, line = cache
    line += text.count("\n", start, index)
    cache[:] = [index, line]
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _character_issues(data: bytes, text: str) -> tuple[tuple[Issue, ...], int, str]:
    """Forbidden characters of the text (the first cap+1 described, the rest counted), and the text
    with each read as a space so that parsing can go on and find the other problems."""
    if not _may_have_forbidden(data) or not FORBIDDEN_IN_FILE.search(text):
        return (), 0, text
    issues: list[Issue] = []
    cache = [0, 1]
    for match in FORBIDDEN_IN_FILE.finditer(text):
        if len(issues) > MAX_PROBLEMS_PER_FILE:
            break
        issues.append(Issue(*_locate(text, match.start(), cache), character_problem(match.group())))
    cleaned, total = FORBIDDEN_IN_FILE.subn(" ", text)
    return tuple(issues), total - len(issues), cleaned


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?= |$)", re.M)
CONFLICT_ADVICE = ("hãy giữ lại phần đúng (giữa <<<<<<< và =======, hoặc giữa ======= và >>>>>>>), "
                   "rồi xóa phần kia và các dòng <<<<<<<, =======, >>>>>>>")


def _conflict_issues(text: str, advice: str) -> tuple[Issue, ...]:
    """Merge-conflict markers left by git at the start of a line."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "=======" not in text:
        return ()
    issues: list[Issue] = []
    cache = [0, 1]
    for match in _CONFLICT.finditer(text):
        if len(issues) > MAX_PROBLEMS_PER_FILE:
            break
        issues.append(Issue(*_locate(text, match.start(), cache),
                            f'dấu xung đột khi gộp (git merge) "{match.group(1)}" còn sót ở đây: {advice}'))
    return tuple(issues)


# --- nesting depth -------------------------------------------------------------

# Bytes kept to bound flow nesting: after an opening bracket the next of these must be a closing
# one, else a quote, comment or tag could hide a bracket from the count (then the events decide).
_FLOW_BYTES = bytes(b for b in range(256) if b not in b"[]{}\"'#!")
_FLOW_NESTED = re.compile(rb"[\[{][^\]}]")
# Block nesting needs indentation or "- ", "? ", ": " on the same line; with at most 18 such
# characters before any line's content, blocks nest at most 2 × 19 deep, plus one flow level.
_DEEP_INDENT = re.compile(rb"\n[ \t?:-]{19}")  # on bytes, after a newline: a literal prefix, found fast


def _may_be_deep(data: bytes) -> bool:
    """False when the text provably nests at most MAX_DEPTH levels (C-speed scans of the bytes)."""
    head = b"\n" + data[3 if data.startswith(codecs.BOM_UTF8) else 0:][:64]
    lines = data.replace(b"\r", b"\n") if b"\r" in data else data  # CR alone ends a line too (decode)
    return bool(_FLOW_NESTED.search(data.translate(None, _FLOW_BYTES)) or _DEEP_INDENT.search(head)
                or _DEEP_INDENT.search(lines))


def _event_position(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where a parser event starts (the parser marks every event it makes)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _scan_events(text: str, anchors: bool, depth: bool) -> None:
    """Refuse anchors/aliases and nesting deeper than MAX_DEPTH, from the event stream (no recursion,
    and it stops at the first offending event, so libyaml never sees the rest of a deep file)."""
    try:
        _check_events(text, anchors, depth, _LOADER)
    except yaml.MarkedYAMLError as exc:
        # libyaml (PyYAML ≥ 6.0.4) refuses deep flow nesting itself, while scanning ahead of the events
        # and far past MAX_DEPTH: the pure-Python parser, which scans no further than it must, finds
        # where the file first goes too deep.
        if depth and _LOADER is not yaml.SafeLoader and "nesting depth" in str(exc.problem):
            _check_events(text, anchors, depth, yaml.SafeLoader)
        raise


def _check_events(text: str, anchors: bool, depth: bool, loader: type) -> None:
    level = 0
    for event in yaml.parse(text, Loader=loader):
        if anchors and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
            raise SourceError("không dùng neo/bí danh YAML (&, *): hãy viết đầy đủ nội dung ở mỗi chỗ",
                              *_event_position(event))
        if isinstance(event, yaml.CollectionStartEvent):
            level += 1
            if depth and level > MAX_DEPTH:
                raise SourceError(f"danh sách hoặc khóa lồng nhau quá sâu (quá {MAX_DEPTH} cấp; nội dung thật "
                                  "chỉ cần vài cấp): hãy kiểm tra thụt lề và các dấu ngoặc [ ] { }",
                                  *_event_position(event))
        elif isinstance(event, yaml.CollectionEndEvent):
            level -= 1


def _refuse_tags(root: yaml.Node) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as the editor typed it
            raise SourceError(f"không dùng thẻ YAML {quoted(tag)}: chỉ dùng văn bản, danh sách và các cặp "
                              "khóa: giá trị",
                              node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)


# --- syntax errors ---------------------------------------------------------------

# PyYAML's own wording is English; editors get these instead, with the same position.
_SYNTAX_MESSAGES = {
    "mapping values are not allowed here": "dấu hai chấm không đúng chỗ (văn bản có \": \" cần đặt trong ngoặc kép)",
    "mapping values are not allowed in this context":
        "dấu hai chấm không đúng chỗ (văn bản có \": \" cần đặt trong ngoặc kép)",
    "found a tab character that violates indentation": "không dùng ký tự tab để thụt lề, hãy dùng dấu cách",
    "found character that cannot start any token":
        "ký tự không được đứng đầu ở đây (thường là tab: hãy thụt lề bằng dấu cách)",
    "did not find expected key": "thụt lề không thẳng hàng hoặc thiếu dấu hai chấm sau khóa",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "found undefined tag handle": "không dùng thẻ YAML (!)",
    "could not find expected ':'": "thiếu dấu hai chấm sau khóa",
    "found character '\\t' that cannot start any token": "không dùng ký tự tab để thụt lề, hãy dùng dấu cách",
    "expected <block end>, but found '<block sequence start>'": "thụt lề của danh sách không thẳng hàng",
    "expected <block end>, but found '<block mapping start>'": "thụt lề không thẳng hàng",
    "expected <block end>, but found '<scalar>'": "thụt lề không thẳng hàng",
    "found unexpected end of stream": "tệp kết thúc khi ngoặc kép hoặc ngoặc vuông chưa đóng",
    "found undefined alias": "không dùng bí danh YAML (*)",
    "found unknown escape character":
        "dấu \\ trong ngoặc kép phải đi với một ký tự đặc biệt (\\n, \\\", \\\\): hãy viết \\\\ cho một dấu \\ "
        "hoặc dùng dấu nháy đơn ' '",
    "found invalid Unicode character escape code": "mã ký tự \\u… này không phải ký tự hợp lệ: hãy viết thẳng ký tự",
}
_QUOTE_NAMES = {'"': "ngoặc kép \"", "'": "dấu nháy đơn '"}
_BRACKET_NAMES = {"while parsing a flow sequence": ("ngoặc vuông [", "]"),
                  "while parsing a flow mapping": ("ngoặc nhọn {", "}")}


def _line_at(text: str, mark: yaml.Mark) -> str:
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    return text[start: end if end >= 0 else len(text)]


def _simple_key_error(text: str, mark: yaml.Mark) -> SourceError:
    """A line that is not `key: value`: say which slip it is, at that line (not the next one)."""
    rest = _line_at(text, mark)[mark.column:]
    line, column = mark.line + 1, mark.column + 1
    slip = re.match(r"[^\s:#]+:(?=(.))", rest)
    if slip and slip.group(1) == "\u00a0":
        return SourceError("lỗi cú pháp YAML: sau dấu hai chấm là dấu cách không ngắt (U+00A0, thường do chép từ "
                           "Word): hãy xóa nó và gõ lại một dấu cách thường", line, column + slip.end())
    if slip and not slip.group(1).isspace():
        key = rest[: slip.end() - 1]
        return SourceError(f"lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm: hãy viết {quoted(key + ': …')}",
                           line, column + slip.end())
    return SourceError("lỗi cú pháp YAML: dòng này không phải dạng khóa: giá trị: thiếu dấu hai chấm sau khóa "
                       "(ví dụ title: \"…\"), hoặc nếu đây là phần tiếp của văn bản dòng trên thì hãy thụt vào "
                       "sâu hơn dòng đó", line, column)


def _scalar_before(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The scalar just before `mark` if it began on an earlier line: a quote left open and closed by
    the next quote of the file, or a `key:value` line read as the start of a text (a token scan)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if token.start_mark.index >= mark.index:
                break
            found = token
    except yaml.YAMLError:
        pass
    if (isinstance(found, yaml.ScalarToken) and found.end_mark.line == mark.line
            and found.start_mark.line < mark.line):
        return found
    return None


_NBSP_INDENT = re.compile(r"^[ \t]*\u00a0", re.M)
_WORD_QUOTE = re.compile(f"[{WORD_QUOTES}]")
_WORD_QUOTE_ADVICE = ("ngoặc kép cong “ ” (thường do chép từ Word) không phải ngoặc kép của YAML: hãy thay cả hai dấu "
                      "bằng ngoặc kép thẳng \"")


def _word_quote_cause(text: str, mark: yaml.Mark) -> SourceError | None:
    """A colon that YAML refuses inside a text the editor did quote, but with Word's curly quotes: at the
    opening curly quote, on this line or on the earlier line where the text began."""
    line = _line_at(text, mark)
    curly = _WORD_QUOTE.search(line, 0, mark.column)
    if curly is not None:
        return SourceError(f"lỗi cú pháp YAML: văn bản có \": \" phải đặt trong ngoặc kép, nhưng {_WORD_QUOTE_ADVICE}",
                           mark.line + 1, curly.start() + 1)
    scalar = _scalar_before(text, mark)
    if scalar is not None and scalar.plain and scalar.value[:1] in WORD_QUOTES:
        opened = scalar.start_mark
        return SourceError(f"lỗi cú pháp YAML: văn bản mở bằng ngoặc kép cong ở đây có \": \" ở dòng {mark.line + 1}, "
                           f"phải đặt trong ngoặc kép, nhưng {_WORD_QUOTE_ADVICE}", opened.line + 1, opened.column + 1)
    return None


_KEY_START = re.compile(r"(?:[ ]*-[ ]+)*[ ]*")  # a line's indentation, list dashes included: where its key starts


def _key_column(line: str) -> int:
    match = _KEY_START.match(line)
    return match.end() if match else 0


def _previous_line(text: str, mark: yaml.Mark) -> tuple[int, str] | None:
    """The nearest line above the mark's that holds something but a comment (1-based number, text)."""
    lines = text[: text.rfind("\n", 0, mark.index) + 1].split("\n")[:-1]
    for number in range(len(lines), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number, lines[number - 1]
    return None


_INDENT_PROBLEMS = ("did not find expected '-' indicator", "did not find expected key", "expected <block end>")


def _indent_cause(text: str, mark: yaml.Mark, problem: str) -> SourceError | None:
    """A key indented unlike the keys around it: say by how much, at its line. Deeper than the line above, YAML
    reads it as the rest of that line's text (and then fails on its colon); less deep, as a key of no block."""
    line = _line_at(text, mark)
    indent = _key_column(line)
    above = _previous_line(text, mark)
    if above is None or not line.strip() or "\t" in line[:indent]:
        return None
    number, previous = above
    expected = _key_column(previous)
    if indent == expected:
        return None
    if problem.startswith("mapping values"):
        if indent < expected or not re.match(r"[^\s:#][^:#]*:(?: |$)", previous[expected:]):
            return None
        return SourceError(f"lỗi cú pháp YAML: dòng này thụt sâu hơn dòng {number} (bắt đầu ở cột {indent + 1}, dòng "
                           f"{number} ở cột {expected + 1}) nên được đọc như phần tiếp của văn bản dòng đó: nếu đây là "
                           f"một khóa mới, hãy cho nó bắt đầu ở cột {expected + 1}", mark.line + 1, indent + 1)
    if not problem.startswith(_INDENT_PROBLEMS):
        return None
    return SourceError(f"lỗi cú pháp YAML: thụt lề không thẳng hàng: khóa ở dòng này bắt đầu ở cột {indent + 1}, "
                       f"khóa ở dòng {number} ở cột {expected + 1}; các khóa cùng cấp phải bắt đầu ở cùng một cột "
                       "(thụt lề bằng dấu cách)", mark.line + 1, indent + 1)


def _curly_close(text: str, opened: yaml.Mark) -> str:
    """`; …` when the line where a quote was opened ends with a curly quote: Word's, not a closing one."""
    rest = _line_at(text, opened)[opened.column + 1:].rstrip()
    if rest[-1:] in WORD_QUOTES and rest:
        return (f"; dấu {rest[-1]} ở cuối dòng là ngoặc kép cong (thường do chép từ Word), YAML không coi là dấu đóng: "
                "hãy thay bằng dấu thẳng")
    return ""


def _earlier_cause(text: str, mark: yaml.Mark, problem: str) -> SourceError | None:
    """A slip on an earlier line that made YAML fail here: a no-break space indenting a line, a quote
    left open, a `key:value` without its space read as text (only then the costly token scan)."""
    end = text.find("\n", mark.index)
    nbsp = _NBSP_INDENT.search(text, 0, end if end >= 0 else len(text))
    if nbsp is not None:
        line = text.count("\n", 0, nbsp.start()) + 1
        return SourceError("lỗi cú pháp YAML: dòng này thụt lề bằng dấu cách không ngắt (U+00A0, thường do chép từ "
                           "Word): hãy xóa và thụt lề lại bằng dấu cách thường", line, nbsp.end() - nbsp.start())
    before = _line_at(text, mark)[: mark.column]
    if problem.startswith("found unknown escape") or not ('"' in before or "'" in before
                                                          or problem.startswith("mapping values")):
        return None
    scalar = _scalar_before(text, mark)
    if scalar is None:
        return None
    opened = scalar.start_mark
    if scalar.style in _QUOTE_NAMES:
        return SourceError(f"lỗi cú pháp YAML: {_QUOTE_NAMES[scalar.style]} mở ở đây có lẽ chưa được đóng (văn bản "
                           f"kéo dài tới dòng {mark.line + 1}): hãy thêm dấu đóng ở cuối văn bản"
                           f"{_curly_close(text, opened)}", opened.line + 1, opened.column + 1)
    slip = re.match(r"[^\s:#]+:(?=\S)", _line_at(text, opened)[opened.column:])
    if scalar.plain and slip:
        return _simple_key_error(text, opened)
    return None


# `key: "text "quoted" more"`: the inner quote closed the value; YAML then fails on what follows it.
_CLOSED_EARLY = re.compile(r'\s*(?:-\s+)?[^\s:#"\'][^:#]*:\s+"(?:[^"\\]|\\.)*"\s*$')


def _inner_quote_cause(text: str, mark: yaml.Mark) -> SourceError | None:
    """A double quote inside a value in double quotes: it ends the value early, and the rest of the line is an
    error. Located at that quote."""
    before = _line_at(text, mark)[: mark.column]
    if not _CLOSED_EARLY.match(before) or mark.column >= len(_line_at(text, mark).rstrip()):
        return None
    quote = before.rstrip().rfind('"')
    return SourceError('lỗi cú pháp YAML: dấu ngoặc kép " này nằm trong văn bản nhưng kết thúc văn bản mở bằng " ở '
                       'đầu giá trị: hãy viết \\" cho mỗi ngoặc kép bên trong, hoặc đặt cả văn bản trong dấu nháy đơn '
                       "'…', hoặc dùng ngoặc kép cong “ ” như bản in", mark.line + 1, quote + 1)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> SourceError:
    context, mark = (exc.context or "").strip(), exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    if context == "while scanning a simple key" and exc.context_mark:
        return _simple_key_error(text, exc.context_mark)
    if context == "while scanning a quoted scalar" and exc.context_mark:
        opened = exc.context_mark
        quote = _QUOTE_NAMES.get(text[opened.index: opened.index + 1], "ngoặc kép")
        return SourceError(f"lỗi cú pháp YAML: {quote} mở ở đây chưa được đóng: hãy thêm dấu đóng ở cuối văn bản"
                           f"{_curly_close(text, opened)}", opened.line + 1, opened.column + 1)
    if context in _BRACKET_NAMES and exc.context_mark and problem.startswith("did not find expected ','"):
        opened, (name, close) = exc.context_mark, _BRACKET_NAMES[context]
        return SourceError(f"lỗi cú pháp YAML: {name} mở ở đây chưa được đóng hoặc thiếu dấu phẩy giữa các mục: "
                           f"hãy kiểm tra dấu {close} và dấu phẩy", opened.line + 1, opened.column + 1)
    if mark is not None and problem.startswith("mapping values"):
        found = _word_quote_cause(text, mark)
        if found is not None:
            return found
    if mark is not None and text[mark.index: mark.index + 1] == "\t" and "cannot start any token" in problem:
        return SourceError(f"lỗi cú pháp YAML: {_SYNTAX_MESSAGES['found a tab character that violates indentation']}",
                           mark.line + 1, mark.column + 1)
    if mark is not None:
        found = _earlier_cause(text, mark, problem) or _indent_cause(text, mark, problem)
        if found is not None:
            return found
    if mark is not None:
        found = _inner_quote_cause(text, mark)
        if found is not None:
            return found
    message = _SYNTAX_MESSAGES.get(problem)
    if message is None:
        message = next((v for k, v in _SYNTAX_MESSAGES.items() if problem.startswith(k.split(",")[0])),
                       "cấu trúc YAML không đọc được ở đây (kiểm tra thụt lề, dấu hai chấm và ngoặc kép)")
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and problem.startswith(("found unknown escape", "found invalid Unicode")):
        column = _line_at(text, mark).rfind("\\", 0, mark.column + 1) + 1 or column  # at the backslash
    return SourceError(f"lỗi cú pháp YAML: {message}", line, column)


# --- the whole read ---------------------------------------------------------------

def checked_text(data: bytes, limit: int = MAX_FILE_BYTES,
                 conflict_advice: str = CONFLICT_ADVICE) -> tuple[str, tuple[Issue, ...]]:
    """The file's text with its forbidden characters reported (and read as spaces, so that the rest is
    still checked); SourceError for text that cannot be parsed at all: not UTF-8, too large, merge-conflict
    markers (two versions at once), or so many control characters that it is no text file."""
    text = decode(data, limit)
    issues, hidden, text = _character_issues(data, text)
    conflicts = _conflict_issues(text, conflict_advice)
    if conflicts or hidden:
        raise SourceError("", issues=tuple(sorted(conflicts + issues, key=lambda i: (i.line, i.column))),
                          hidden=hidden)
    return text, issues


def parse_text(path: Path, data: bytes, text: str, issues: tuple[Issue, ...] = ()) -> Document:
    """The node tree of a checked text (`data`: its bytes); SourceError, with the earlier `issues`, when it
    nests too deep, uses anchors or tags, or is not YAML."""
    try:
        anchors, deep = "&" in text or "*" in text, _may_be_deep(data)
        if anchors or deep:
            _scan_events(text, anchors, deep)
        root = yaml.compose(text, Loader=_LOADER)
        if root is not None:
            _refuse_tags(root)
    except SourceError as exc:
        raise SourceError("", issues=issues + exc.issues) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceError("", issues=issues + _syntax_error(exc, text).issues) from None
    except yaml.YAMLError:
        raise SourceError("", issues=(*issues, Issue(1, 1, "lỗi cú pháp YAML"))) from None
    escapes = "\\" in text
    return Document(path, root, issues, escapes, text if escapes else None)


def read_document(path: Path, data: bytes | None = None, *, limit: int = MAX_FILE_BYTES,
                  conflict_advice: str = CONFLICT_ADVICE) -> Document:
    """Read one YAML file strictly (or `data`, its bytes already read); raises SourceError with positions.

    Control characters are reported in the returned Document (read as spaces, so the rest of the file
    is still checked); merge-conflict markers, too deep nesting and YAML errors raise.
    """
    if data is None:
        data = read_bytes(path, limit)
    text, issues = checked_text(data, limit, conflict_advice)
    return parse_text(path, data, text, issues)


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1
