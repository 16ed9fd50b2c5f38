"""Typed problems found in content: each carries file, line, column and field path."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from pathlib import Path

MAX_PROBLEMS_PER_FILE = 50  # errors; then one line says how many more: a broken file must not flood the log
MAX_WARNINGS_PER_FILE = 500  # editors' notes are warnings, and a real plan has 59 of them
EXCERPT_CHARS = 60  # a value quoted in a message is clipped to this many characters


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Characters a terminal or CI log would act on or hide: C0/C1 controls (ANSI escapes, newlines that
# forge lines), bidirectional overrides, line separators, noncharacters, and the lone surrogates
# that stand for the bytes of a file name that is not UTF-8.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
                     "\ufdd0-\ufdef\ufffe\uffff]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control, bidi and undecodable characters written as escapes (`\\x1b`, `\\n`)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` cut to `limit` characters, the cut marked with …."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: str, limit: int = EXCERPT_CHARS) -> str:
    """A value as a message quotes it: clipped, control characters escaped, in double quotes."""
    return f'"{printable(clip(value, limit))}"'


@dataclass(frozen=True)
class Fix:
    """A value `heza check --fix` may rewrite in place: on `line`, the characters from `column` up to
    `end_column` (1-based, end excluded) are a scalar whose value is `old`; `new` is written there instead,
    already quoted as YAML needs; `shown` is what the change shows (the id, without quotes)."""

    line: int
    column: int
    end_column: int
    old: str
    new: str
    shown: str


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding; `message` is Vietnamese text for editors; `fix`, when set, is a rewrite that
    `heza check --fix` may apply (not part of the problem's identity)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = dataclass_field(default=None, compare=False)

    def format(self) -> str:
        """Render as `file:line:col: [cảnh báo: ]field: message`."""
        prefix = "cảnh báo: " if self.severity is Severity.WARNING else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{field}{self.message}"


class ContentError(Exception):
    """Raised by the library when content has errors; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(f"{len(self.errors)} lỗi trong nội dung")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line, p.column, p.field, p.message)


@dataclass
class _Hidden:
    """Problems of one file beyond the cap: counted, and where the first of them is."""

    first: Problem
    errors: int = 0
    warnings: int = 0


class Reporter:
    """Collects problems for one content tree; file paths are shown relative to `display_root`.

    At most MAX_PROBLEMS_PER_FILE errors and MAX_WARNINGS_PER_FILE warnings of one file are kept; the
    others are only counted, and `full(path)` tells callers to skip costly wording (suggestions) nobody
    will read.
    """

    def __init__(self, display_root: Path | None = None):
        self.display_root = display_root
        self.problems: list[Problem] = []
        self._counts: dict[tuple[Path, Severity], int] = {}
        self._hidden: dict[Path, _Hidden] = {}
        self._names: dict[Path, str] = {}

    def display(self, path: Path) -> str:
        """The path as an editor should read it in a message (control characters escaped)."""
        name = self._names.get(path)
        if name is None:
            name = self._names[path] = printable(self._relative(Path(path)))
        return name

    def _relative(self, path: Path) -> str:
        root = self.display_root or Path.cwd()
        try:  # not resolve(): a symlink must be named as itself, not as what it points to
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
        try:
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    def full(self, path: Path) -> bool:
        """True once `path` has as many errors as are shown."""
        return self._counts.get((path, Severity.ERROR), 0) >= MAX_PROBLEMS_PER_FILE

    def add(self, path: Path, line: int, column: int, field: str, message: str,
            severity: Severity = Severity.ERROR, fix: Fix | None = None) -> None:
        count = self._counts.get((path, severity), 0)
        self._counts[path, severity] = count + 1
        if count < (MAX_PROBLEMS_PER_FILE if severity is Severity.ERROR else MAX_WARNINGS_PER_FILE):
            self.problems.append(Problem(self.display(path), line, column, printable(field), printable(message),
                                         severity, fix))
            return
        hidden = self._hidden.get(path)
        if hidden is None:
            hidden = self._hidden[path] = _Hidden(Problem(self.display(path), line, column, "", ""))
        self._tally(hidden, severity, 1)

    def add_hidden(self, path: Path, count: int, severity: Severity = Severity.ERROR) -> None:
        """Count `count` more problems of `path` that were not described (the cap was already passed)."""
        if count > 0:
            hidden = self._hidden.get(path)
            if hidden is None:  # cannot happen when callers describe cap+1 first; keep the count anyway
                hidden = self._hidden[path] = _Hidden(Problem(self.display(path), 1, 1, "", ""))
            self._counts[path, severity] = self._counts.get((path, severity), 0) + count
            self._tally(hidden, severity, count)

    @staticmethod
    def _tally(hidden: _Hidden, severity: Severity, count: int) -> None:
        if severity is Severity.ERROR:
            hidden.errors += count
        else:
            hidden.warnings += count

    def warn(self, path: Path, line: int, column: int, field: str, message: str) -> None:
        self.add(path, line, column, field, message, Severity.WARNING)

    def extend(self, problems: list[Problem]) -> None:
        """Take problems already capped by another reporter (one plan read on its own)."""
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(h.errors for h in self._hidden.values()) or any(
            p.severity is Severity.ERROR for p in self.problems)

    def all(self) -> list[Problem]:
        """Every problem kept, and for each file over the cap one line saying how many more it has."""
        return self.problems + [_summary(h) for h in self._hidden.values()]

    def sorted(self) -> list[Problem]:
        """Problems in file/line order, without repeats."""
        return sorted(set(self.all()), key=_problem_order)


def _summary(hidden: _Hidden) -> Problem:
    counts = [f"{n} {noun}" for n, noun in ((hidden.errors, "lỗi"), (hidden.warnings, "cảnh báo")) if n]
    shown = f"{MAX_PROBLEMS_PER_FILE} lỗi" if hidden.errors else f"{MAX_WARNINGS_PER_FILE} cảnh báo"
    message = (f"còn {' và '.join(counts)} khác trong tệp này chưa hiện (chỉ hiện {shown} đầu tiên; "
               "vấn đề kế tiếp ở dòng này): hãy sửa các lỗi trên rồi chạy lại make check")
    severity = Severity.ERROR if hidden.errors else Severity.WARNING
    first = hidden.first
    return Problem(first.file, first.line, first.column, "", message, severity)
