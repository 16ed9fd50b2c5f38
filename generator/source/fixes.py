"""`heza check --fix`: values the check knows the right form of, rewritten in place.

A unit written by its name gets its id, and a value wrapped in Word's curly quotes loses them. Only the
characters of those values change: every other byte of the file (comments, quoting, order, line endings,
a byte order mark) stays as it was. A change is made only where the file still holds, at the same line and
columns, the value the check read: a file edited since is left alone.
"""
from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.source.files import MAX_FILE_BYTES, SourceError, read_bytes
from generator.source.problems import Fix, Problem, quoted

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # what `files.decode` folds into line ends, so what YAML counts
_PLAIN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Change:
    """One value rewritten by `apply`, as it is shown: `file:line: "old" → new`."""

    file: str
    line: int
    old: str
    new: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {quoted(self.old)} → {self.new}"


def _written(value: str, style: str, text: bool) -> str:
    """`value` as YAML source in the style the old value had: plain stays plain when YAML reads it back as
    the same text (`text`) or as what it is (a date written plain), else double quotes."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == "" and _PLAIN_ID.fullmatch(value):
        if not text:
            return value
        resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
        if resolved == _STR:
            return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scalar_fix(node: yaml.Node, value: str, *, text: bool = True) -> Fix | None:
    """The fix that writes `value` instead of the scalar `node`, or None when it cannot be made safely in
    place (not a one-line plain or quoted scalar). `text`: `value` must read back as text (an id)."""
    if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
        return None
    style = node.style or ""
    if style not in ("", '"', "'"):
        return None
    return Fix(node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.column + 1, node.value,
               _written(value, style, text), value)


def _value(source: str) -> str | None:
    """The value a one-line scalar's source text holds (None if it does not parse as one)."""
    if not source.startswith(('"', "'")):
        return source
    try:
        value = yaml.safe_load(source)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


def rewrite(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """`text` with each fix applied whose old value is still where it says; and the fixes applied."""
    parts = _LINE_BREAK.split(text)
    bodies, ends = parts[0::2], [*parts[1::2], ""]
    done: list[Fix] = []
    for fix in sorted(set(fixes), key=lambda f: (f.line, -f.column)):  # right to left: columns stay valid
        index = fix.line - 1
        if not 0 <= index < len(bodies) or not 1 <= fix.column < fix.end_column:
            continue
        body = bodies[index]
        if fix.end_column - 1 > len(body) or _value(body[fix.column - 1: fix.end_column - 1]) != fix.old:
            continue
        if done and (done[-1].line, done[-1].column) == (fix.line, fix.column):
            continue
        bodies[index] = body[: fix.column - 1] + fix.new + body[fix.end_column - 1:]
        done.append(fix)
    return "".join(b + e for b, e in zip(bodies, ends, strict=True)), sorted(done, key=lambda f: (f.line, f.column))


def _write(path: Path, data: bytes) -> None:
    """Replace the file's bytes in one step (a temporary file beside it, renamed over it), keeping its mode."""
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def apply(problems: Iterable[Problem], limit: int = MAX_FILE_BYTES) -> list[Change]:
    """Apply the fixes of `problems` (files named as the problems name them, from the working folder)."""
    by_file: dict[str, list[Fix]] = {}
    for problem in problems:
        if problem.fix is not None:
            by_file.setdefault(problem.file, []).append(problem.fix)
    changes: list[Change] = []
    for file, fixes in sorted(by_file.items()):
        path = Path(file)
        try:
            data = read_bytes(path, limit)
        except SourceError:
            continue
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        try:
            text = data[len(bom):].decode("utf-8")
        except UnicodeDecodeError:
            continue
        new_text, done = rewrite(text, fixes)
        if done:
            _write(path, bom + new_text.encode("utf-8"))
            changes += [Change(file, fix.line, fix.old, fix.shown) for fix in done]
    return changes
