"""Typed problems found in content: each carries file, line, column and field path."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding; `message` is Vietnamese text for editors."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

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


class Reporter:
    """Collects problems for one content tree; file paths are shown relative to `display_root`."""

    def __init__(self, display_root: Path | None = None):
        self.display_root = display_root
        self.problems: list[Problem] = []

    def display(self, path: Path) -> str:
        """The path as an editor should read it in a message."""
        path = Path(path)
        root = self.display_root or Path.cwd()
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path, line: int, column: int, field: str, message: str,
            severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.display(path), line, column, field, message, severity))

    def warn(self, path: Path, line: int, column: int, field: str, message: str) -> None:
        self.add(path, line, column, field, message, Severity.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def sorted(self) -> list[Problem]:
        """Problems in file/line order, without repeats."""
        return sorted(set(self.problems), key=_problem_order)
