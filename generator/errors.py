"""The errors of the build side: the site cannot be built from content that passed the check.

Content errors (generator.source.problems.ContentError) are separate: they list every problem of the
content, located. A BuildError's message is Vietnamese, for the editor who ran the build; the CLI and
the preview print it, and the previous site stays in place.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any


class BuildError(Exception):
    """The site could not be built (content is valid); the message is for editors."""

    def __reduce__(self) -> tuple[Any, ...]:
        # sent whole from the build's second process, whatever arguments the subclass takes
        return (_restored, (type(self), str(self)))


def _restored(kind: type[BuildError], message: str) -> BuildError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    return error


class OutputFolderError(BuildError):
    """The site or Markdown folder is not one a build may fill or replace."""


class CalendarError(BuildError):
    """A calendar file cannot be written as calendar apps need it (too large for Google Calendar)."""

    def __init__(self, message: str):
        super().__init__(f"không ghi được lịch: {message}")


class HistoryError(BuildError):
    """The calendar history cannot be read or saved, or the build day cannot be known."""

    def __init__(self, path: Path | None, message: str):
        self.path, self.message = path, message
        super().__init__(f"không ghi được lịch: {path}: {message}" if path else message)


class MkDocsError(BuildError):
    """MkDocs failed on the generated pages: a fault of the generator, not of the content."""


class WorkerError(BuildError):
    """The second process of a build stopped without a result."""
