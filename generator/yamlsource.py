"""Safe YAML reading that keeps line marks: bytes → checked text → yaml node tree."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024


class SourceError(Exception):
    """A file that cannot be read as content; `line`/`column` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its path and root node (None when the file is empty)."""

    path: Path
    root: yaml.Node | None


# libyaml when the wheel has it (about ten times faster); same nodes and marks either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def _refuse_anchors(text: str) -> None:
    if "&" not in text and "*" not in text:  # no anchor or alias can be there: skip the event scan
        return
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise SourceError("không dùng neo/bí danh YAML (&, *): hãy viết đầy đủ nội dung ở mỗi chỗ",
                              mark.line + 1, mark.column + 1)


def _refuse_tags(root: yaml.Node) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as the editor typed it
            raise SourceError(f'không dùng thẻ YAML "{tag}": chỉ dùng văn bản, danh sách và các cặp khóa: giá trị',
                              node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)


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
}


def _syntax_error(exc: yaml.MarkedYAMLError) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    text = _SYNTAX_MESSAGES.get(problem)
    if text is None:
        text = next((v for k, v in _SYNTAX_MESSAGES.items() if problem.startswith(k.split(",")[0])),
                    "cấu trúc YAML không đọc được ở đây (kiểm tra thụt lề, dấu hai chấm và ngoặc kép)")
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return SourceError(f"lỗi cú pháp YAML: {text}", line, column)


def decode(data: bytes) -> str:
    """UTF-8 text (BOM accepted, CRLF folded to LF), or SourceError naming the bad line."""
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / 1048576:.1f}".replace(".", ",")  # Vietnamese decimal comma
        raise SourceError(f"tệp quá lớn ({size} MB; tối đa {MAX_FILE_BYTES // 1048576} MB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("tệp không phải UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258): "
                          "hãy lưu lại với mã hóa UTF-8", line, 1) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Read one YAML file strictly (or `data`, its bytes already read); raises SourceError with a position."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError:
            raise SourceError("không đọc được tệp") from None
    text = decode(data)
    try:
        _refuse_anchors(text)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError:
        raise SourceError("lỗi cú pháp YAML") from None
    if root is not None:
        _refuse_tags(root)
    return Document(path, root)


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1
