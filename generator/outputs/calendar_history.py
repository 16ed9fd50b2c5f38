"""Event history of the calendar feeds: SEQUENCE, LAST-MODIFIED and DTSTAMP taken from content, not the clock.

Calendar clients keep a subscribed event by its UID and replace it only when the new copy
looks newer (a higher SEQUENCE, a later DTSTAMP/LAST-MODIFIED). Reading those from the clock
would make every build differ; keeping none would let Google keep an old date. So the build
keeps a small committed file, `content/lich-su-lich.yaml`, mapping each event UID to a
fingerprint of the event's content, its SEQUENCE and the day it last changed:

- a UID not in the file is new: SEQUENCE 0, stamped with the plan's issue date (content-derived);
- a UID whose fingerprint differs changed: SEQUENCE + 1, stamped with the build day
  (SOURCE_DATE_EPOCH when set, else today), never earlier than its previous stamp;
- otherwise nothing moves, so the same content and the same file give byte-identical feeds.

Entries of removed events are kept, so an item that comes back continues its SEQUENCE. Entries of
UIDs in the retired form with "/" (`<plan-id>/<anchor>@…`, before UIDs became `<plan-id>_<anchor>@…`)
are dropped when the file is read, and the file is written again without them: no feed holds those
UIDs any more.
Typical use in `heza build` (never in `heza check`, which writes nothing):

    state = FeedState.load(content_dir / STATE_FILE)
    write_feeds(content, docs_dir, state)   # saves the file when an event changed
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from generator.errors import HistoryError
from generator.source.files import SourceError, read_bytes
from generator.source.validate import MAX_SEQUENCE

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STATE_FILE = "lich-su-lich.yaml"
MAX_HISTORY_BYTES = 128 * 1024 * 1024  # one line of about 120 bytes per calendar event
_VERSION = 1
_HEADER = ("# Lịch sử sự kiện của các lịch đăng ký (lich/*.ics): dấu vân tay nội dung, số lần sửa (SEQUENCE)\n"
           "# và ngày sửa cuối (DTSTAMP, LAST-MODIFIED) của từng sự kiện. `heza build` tự cập nhật tệp này\n"
           "# khi một hạn thay đổi; hãy commit tệp cùng nội dung, đừng sửa tay.\n")
_FINGERPRINT = re.compile(r"^[0-9a-f]{16,64}$")


def retired_uid(uid: str) -> bool:
    """True for a UID of the form feeds no longer publish (it had a "/", which CalDAV tools refuse)."""
    return "/" in uid


@dataclass(frozen=True)
class EventStamp:
    """What the feed states about one event's history."""

    fingerprint: str
    sequence: int
    modified: date


def build_day(environ: os._Environ | dict | None = None) -> date:
    """The day of this build: SOURCE_DATE_EPOCH (UTC) when set, else today."""
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return date.today()
    if not value.isdigit():
        raise HistoryError(None, f'SOURCE_DATE_EPOCH="{value}" không phải số giây kể từ 1970-01-01')
    return datetime.fromtimestamp(int(value), UTC).date()


def _entry(path: Path | None, uid: object, raw: object) -> EventStamp:
    """One `uid: {fingerprint, sequence, modified}` entry, checked."""
    where = f'sự kiện "{uid}"'
    if not isinstance(uid, str) or not isinstance(raw, dict) or set(raw) != {"fingerprint", "sequence", "modified"}:
        raise HistoryError(path, f"{where}: cần đúng ba khóa fingerprint, sequence, modified")
    fingerprint, sequence, modified = raw["fingerprint"], raw["sequence"], raw["modified"]
    if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
        raise HistoryError(path, f"{where}: fingerprint phải là chuỗi hex")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 0 <= sequence < MAX_SEQUENCE:
        raise HistoryError(path, f"{where}: sequence phải là số nguyên từ 0 đến {MAX_SEQUENCE - 1}")
    if not isinstance(modified, date) or isinstance(modified, datetime) or not 2000 <= modified.year <= 2099:
        raise HistoryError(path, f"{where}: modified phải là ngày YYYY-MM-DD từ năm 2000 đến 2099")
    return EventStamp(fingerprint, sequence, modified)


def parse_state(text: str, path: Path | None = None) -> dict[str, EventStamp]:
    """The entries of a state file's text; HistoryError if it is not one."""
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (libyaml's when installed)
    except yaml.YAMLError as exc:
        raise HistoryError(path, f"không đọc được YAML: {exc}") from None
    except ValueError:  # an integer of thousands of digits (Python's limit on converting them)
        raise HistoryError(path, "có một số quá lớn") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION or set(data) - {"version", "events"}:
        raise HistoryError(path, f"cần hai khóa: version: {_VERSION} và events")
    events = data.get("events") or {}
    if not isinstance(events, dict):
        raise HistoryError(path, "events phải là bảng UID → {fingerprint, sequence, modified}")
    return {uid: _entry(path, uid, raw) for uid, raw in events.items()}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_state(entries: dict[str, EventStamp]) -> str:
    """The state file's text: one line per event, sorted by UID, so diffs and merges stay small."""
    lines = [_HEADER, f"version: {_VERSION}\n", "events:" + (" {}\n" if not entries else "\n")]
    for uid in sorted(entries):
        e = entries[uid]
        lines.append(f"  {_quote(uid)}: {{fingerprint: \"{e.fingerprint}\", sequence: {e.sequence}, "
                     f"modified: {e.modified.isoformat()}}}\n")
    return "".join(lines)


class FeedState:
    """Event history for one build: read from the state file, updated by `stamp`, written by `save`."""

    def __init__(self, entries: dict[str, EventStamp] | None = None, *, path: Path | None = None,
                 day: date | None = None):
        self.path = Path(path) if path is not None else None
        self._entries = dict(entries or {})
        self._day = day
        self.changed = False

    @classmethod
    def load(cls, path: Path, day: date | None = None) -> FeedState:
        """The state in `path` (empty when the file does not exist yet), saved back there by `save`."""
        path = Path(path)
        if not os.path.lexists(path):
            return cls(path=path, day=day)
        try:  # bounded and without following a symlink, as `heza check` reads it
            text = read_bytes(path, MAX_HISTORY_BYTES).decode("utf-8")
        except SourceError as exc:
            raise HistoryError(path, exc.message) from None
        except UnicodeDecodeError:
            raise HistoryError(path, "tệp không phải UTF-8") from None
        entries = parse_state(text, path)
        state = cls({uid: e for uid, e in entries.items() if not retired_uid(uid)}, path=path, day=day)
        state.changed = len(state._entries) != len(entries)  # saved again without the retired UIDs
        return state

    @classmethod
    def for_content(cls, content_dir: Path, day: date | None = None) -> FeedState:
        """The state file that belongs to a content tree."""
        return cls.load(Path(content_dir) / STATE_FILE, day)

    def detached(self) -> FeedState:
        """A copy that `save` never writes (previews, tests)."""
        return FeedState(self._entries, day=self._day)

    @property
    def entries(self) -> dict[str, EventStamp]:
        """A copy of the current entries."""
        return dict(self._entries)

    def day(self) -> date:
        """The build day, read only when an event changed."""
        if self._day is None:
            self._day = build_day()
        return self._day

    def stamp(self, uid: str, fingerprint: str, first_day: date) -> EventStamp:
        """The stamp of an event with this content; records a new or changed event."""
        old = self._entries.get(uid)
        if old is not None and old.fingerprint == fingerprint:
            return old
        if old is None:
            new = EventStamp(fingerprint, 0, first_day)
        else:
            new = EventStamp(fingerprint, old.sequence + 1, max(self.day(), old.modified))
        self._entries[uid] = new
        self.changed = True
        return new

    def text(self) -> str:
        """The state file's text for the current entries."""
        return render_state(self._entries)

    def save(self) -> bool:
        """Write the state file if an event was added or changed and the state has a path; True if written."""
        if not self.changed or self.path is None:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(self.text(), encoding="utf-8", newline="\n")
            temporary.replace(self.path)
        except OSError as exc:
            raise HistoryError(self.path, f"không ghi được tệp: {exc}") from None
        self.changed = False
        return True
