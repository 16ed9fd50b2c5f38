"""Read the whole content tree into the typed model; nothing is written here."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.outputs.calendar_history import MAX_HISTORY_BYTES, STATE_FILE
from generator.source import validate
from generator.source.files import (
    MAX_FILE_BYTES,
    Issue,
    SourceError,
    checked_text,
    parse_text,
    read_bytes,
    read_document,
)
from generator.source.model import Content, DaySwaps, Glossary, Plan, Site, Units
from generator.source.objects import INVALID, Builder, Invalid, Positions, unit_names
from generator.source.problems import ContentError, Problem, Reporter, Severity, quoted
from generator.source.text import MAX_ID_CHARS, is_slug, suggest

SITE_FILE, UNITS_FILE, GLOSSARY_FILE, PLANS_DIR = "site.yaml", "units.yaml", "glossary.yaml", "plans"
HOLIDAYS_FILE = "ngay-nghi.yaml"  # official day swaps (optional): before the holidays package
KNOWN_ENTRIES = (SITE_FILE, UNITS_FILE, GLOSSARY_FILE, STATE_FILE, HOLIDAYS_FILE, PLANS_DIR)

_Model = TypeVar("_Model")


def _report_source(reporter: Reporter, path: Path, issues: tuple[Issue, ...], hidden: int = 0) -> None:
    for issue in issues:
        reporter.add(path, issue.line, issue.column, "", issue.message)
    reporter.add_hidden(path, hidden)


def _load(reporter: Reporter, path: Path, cls: type[_Model], data: bytes | None = None,
          **context: Any) -> tuple[_Model | Invalid, Positions]:
    """One file built as `cls` (or INVALID after reporting why), and where its fields are."""
    try:
        document = read_document(path, data)
    except SourceError as exc:
        _report_source(reporter, path, exc.issues, exc.hidden)
        return INVALID, Positions(None)
    _report_source(reporter, path, document.issues)
    if document.root is None:
        reporter.add(path, 1, 1, "", "tệp trống")
        return INVALID, Positions(None)
    builder = Builder(reporter, path, escapes=document.escapes, source=document.text, **context)
    return builder.build(cls, document.root), Positions(document.root)


class PlanCache:
    """Plans read by earlier builds of one preview session, by file bytes: an unchanged plan file is
    neither parsed nor checked again, and the reader returns the same Plan object as before."""

    def __init__(self) -> None:
        self._context: object = None
        self._plans: dict[Path, tuple[bytes, Plan | Invalid, list[Problem], tuple[int, int]]] = {}

    def start(self, context: object) -> None:
        """Begin a read in which plans are built with `context` (known ids); another context forgets all."""
        if context != self._context:
            self._plans.clear()
            self._context = context

    def get(self, path: Path, data: bytes) -> tuple[Plan | Invalid, list[Problem], tuple[int, int]] | None:
        """The plan (or INVALID), its problems and where its document number is, if `path` held `data`
        when it was last read."""
        kept = self._plans.get(path)
        return kept[1:] if kept is not None and kept[0] == data else None

    def put(self, path: Path, data: bytes, plan: Plan | Invalid, problems: list[Problem],
            number_at: tuple[int, int] = (1, 1)) -> None:
        """Remember what `data` at `path` gave."""
        self._plans[path] = (data, plan, problems, number_at)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone."""
        for gone in [p for p in self._plans if p not in paths]:
            del self._plans[gone]


def _read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    try:
        return read_bytes(path, limit)
    except SourceError:
        return None  # read again by the caller, which reports it


def _read_plan(reporter: Reporter, path: Path, cache: PlanCache | None,
               number_at: dict[Path, tuple[int, int]], **context: Any) -> Plan | Invalid:
    """One plan file built and checked (or INVALID), its problems added to `reporter`."""
    data = _read_bytes(path) if cache is not None else None
    kept = cache.get(path, data) if cache is not None and data is not None else None
    if kept is None:
        local = Reporter(reporter.display_root)
        plan, where = _load(local, path, Plan, data, **context)
        if not isinstance(plan, Invalid):
            validate.check_plan(local, path, plan, where)
        # only this small fact outlives the file's node tree (check_plan_set needs it)
        kept = (plan, local.all(), where.of("document.number"))
        if cache is not None and data is not None:
            cache.put(path, data, *kept)
    reporter.extend(kept[1])
    number_at[path] = kept[2]
    return kept[0]


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as found:
        return sorted((e for e in found if not e.name.startswith(".")), key=lambda e: e.name)  # .gitkeep


def _plan_files(reporter: Reporter, plans_dir: Path) -> list[Path] | None:
    """The plan files of plans/, every other entry reported (none is skipped silently); None when plans/
    itself is not a folder (reported)."""
    try:
        mode = os.lstat(plans_dir).st_mode
    except FileNotFoundError:
        return []
    except OSError:
        reporter.add(plans_dir, 1, 1, "", "không đọc được thư mục plans/")
        return None
    if not stat.S_ISDIR(mode):
        what = "một liên kết (symlink)" if stat.S_ISLNK(mode) else "không phải thư mục"
        reporter.add(plans_dir, 1, 1, "", f"plans là {what}: hãy dùng một thư mục thật content/plans/ chứa các tệp "
                                          "kế hoạch .yaml")
        return None
    files = []
    try:
        entries = _entries(plans_dir)
    except OSError:
        reporter.add(plans_dir, 1, 1, "", "không đọc được thư mục plans/")
        return None
    for entry in entries:
        path, name = plans_dir / entry.name, entry.name
        message = _plan_entry_problem(entry)
        if message:
            reporter.add(path, 1, 1, "", message)
        if name.endswith(".yaml") and not entry.is_dir(follow_symlinks=False):
            files.append(path)  # read even with a bad name: its other problems are shown in the same run
    return files


def _plan_entry_problem(entry: os.DirEntry) -> str | None:
    """Why an entry of plans/ is not a plan file as it should be, or None."""
    name = entry.name
    stem, lower = name.rsplit(".", 1)[0] if "." in name else name, name.lower()
    if entry.is_dir(follow_symlinks=False):
        return (f"thư mục con {quoted(name)} trong plans/: heza không đọc tệp trong thư mục con; hãy chuyển các "
                "tệp kế hoạch ra thẳng content/plans/")
    if name.endswith(".yaml"):
        if stem in validate.RESERVED_IDS:
            return (f"tên tệp {quoted(stem)} dành cho trang danh sách ke-hoach/index.html: hãy đặt tên theo mã kế "
                    "hoạch, ví dụ 2024-330-kh-bql.yaml")
        if not is_slug(stem):
            return (f"tên tệp {quoted(stem)} phải gồm chữ thường không dấu, số và dấu gạch ngang; tên tệp là đường "
                    "dẫn công khai của kế hoạch")
        if len(stem) > MAX_ID_CHARS:
            return f"tên tệp dài {len(stem)} ký tự: mã kế hoạch (tên tệp) tối đa {MAX_ID_CHARS} ký tự"
        return None
    if name.endswith(".yml"):
        return "hãy dùng đuôi .yaml (không dùng .yml)"
    if lower.endswith((".yaml", ".yml")):
        return f"đuôi tệp phải viết thường: hãy đổi tên thành {quoted(stem.lower() + '.yaml')}"
    for suffix in (".yaml.", ".yml."):
        if suffix in lower:
            cut = lower.index(suffix)
            return (f"heza chỉ đọc tệp có đuôi .yaml, tệp này có thêm đuôi {quoted(name[cut + len(suffix) - 1:])}: "
                    f"hãy đổi tên thành {quoted(name[:cut] + '.yaml')} (hoặc xóa nếu là bản sao lưu)")
    return "tệp này không phải kế hoạch (.yaml) nên heza không đọc: hãy xóa hoặc chuyển ra ngoài content/"


def _unknown_entries(reporter: Reporter, content_dir: Path) -> None:
    """Entries of content/ that nothing reads: each is an error, so that nothing is ignored silently."""
    try:
        entries = _entries(content_dir)
    except OSError:
        return  # the required files are reported one by one
    known = f"content/ chỉ chứa {', '.join(KNOWN_ENTRIES[:-1])} và thư mục plans/"
    for entry in entries:
        if entry.name in KNOWN_ENTRIES:
            continue
        kind = "thư mục" if entry.is_dir(follow_symlinks=False) else "tệp"
        hint = suggest(entry.name, KNOWN_ENTRIES) if len(entry.name) <= 60 else None
        if hint:
            advice = f"nếu đây là {quoted(hint)} hãy sửa tên cho đúng, nếu không hãy xóa hoặc chuyển ra ngoài content/"
        elif kind == "tệp" and entry.name.endswith(".yaml"):
            advice = "tệp kế hoạch phải nằm trong content/plans/; tệp khác hãy xóa hoặc chuyển ra ngoài content/"
        else:
            advice = "hãy xóa hoặc chuyển ra ngoài content/"
        reporter.add(content_dir / entry.name, 1, 1, "",
                     f"{kind} lạ trong content/, heza không đọc nó: {advice} ({known})")


def _present(reporter: Reporter, path: Path) -> bool:
    """True if something is at `path` (read_bytes says if it is not a file); else a missing-file error."""
    if os.path.lexists(path):
        return True
    reporter.add(path, 1, 1, "", "thiếu tệp bắt buộc")
    return False


def _read_history(reporter: Reporter, path: Path, cache: PlanCache | None) -> None:
    """Check the calendar history, which `heza build` reads and rewrites (`feedstate`), if there is one."""
    if not os.path.lexists(path):
        return
    data = _read_bytes(path, MAX_HISTORY_BYTES) if cache is not None else None
    kept = cache.get(path, data) if cache is not None and data is not None else None
    if kept is None:
        local = Reporter(reporter.display_root)
        _check_history(local, path, data)
        kept = (INVALID, local.all(), (1, 1))  # no plan: only the problems are kept
        if cache is not None and data is not None:
            cache.put(path, data, *kept)
    reporter.extend(kept[1])


def _check_history(reporter: Reporter, path: Path, data: bytes | None) -> None:
    try:
        data = read_bytes(path, MAX_HISTORY_BYTES) if data is None else data
        text, issues = checked_text(data, MAX_HISTORY_BYTES, validate.HISTORY_CONFLICT_ADVICE)
        written, odd = validate.check_written_history(text)
        if not odd and not issues:  # as heza build writes it: no node tree needed
            _report_source(reporter, path, tuple(written))
            return
        if len(data) > MAX_FILE_BYTES:  # edited by hand, and too large for a node tree of every value
            _report_source(reporter, path, issues + tuple(Issue(line, 1, validate.HISTORY_LINE_FORM) for line in odd))
            return
        document = parse_text(path, data, text, issues)
    except SourceError as exc:
        _report_source(reporter, path, exc.issues, exc.hidden)
        return
    _report_source(reporter, path, document.issues)
    validate.check_history(reporter, path, document.root)


def _read_registry(reporter: Reporter, path: Path, cls: type[_Model],
                   check: Callable[[Reporter, Path, Any, Positions], None], items: str | None = None,
                   optional: bool = False) -> _Model | Invalid | None:
    """site.yaml, units.yaml, glossary.yaml or ngay-nghi.yaml built and checked at once (its node tree is
    dropped before the plans are read), or INVALID; an optional file that is not there reads as None."""
    if optional and not os.path.lexists(path):
        return None
    if not _present(reporter, path):
        return INVALID
    value, where = _load(reporter, path, cls)
    if not isinstance(value, Invalid):
        check(reporter, path, getattr(value, items) if items else value, where)
    return value


def read_content(content_dir: Path, display_root: Path | None = None,
                 cache: PlanCache | None = None) -> tuple[Content, list[Problem]]:
    """The content and its warnings; raises ContentError listing every problem if any is an error.

    With a `cache` (the preview), plan files whose bytes did not change are not read again.
    """
    content_dir = Path(content_dir)
    reporter = Reporter(display_root)
    plans_dir, history_path = content_dir / PLANS_DIR, content_dir / STATE_FILE
    _unknown_entries(reporter, content_dir)
    site = _read_registry(reporter, content_dir / SITE_FILE, Site, validate.check_site)
    units = _read_registry(reporter, content_dir / UNITS_FILE, Units, validate.check_units, "units")
    glossary = _read_registry(reporter, content_dir / GLOSSARY_FILE, Glossary, validate.check_glossary, "terms")
    swaps = _read_registry(reporter, content_dir / HOLIDAYS_FILE, DaySwaps, validate.check_day_swaps, "days",
                           optional=True)
    unit_ids = {u.id for u in units.units} if isinstance(units, Units) else None
    names = unit_names(units.units) if isinstance(units, Units) else None
    listed = _plan_files(reporter, plans_dir)
    plan_files = listed or []
    plan_ids = {p.stem for p in plan_files}
    if cache is not None:
        cache.start((reporter.display_root, Path.cwd(), unit_ids, plan_ids,
                     None if names is None else sorted((k, tuple(u.id for u in v)) for k, v in names.items())))
        cache.keep_only(set(plan_files) | {history_path})
    number_at: dict[Path, tuple[int, int]] = {}
    plans = [_read_plan(reporter, p, cache, number_at, unit_ids=unit_ids, plan_ids=plan_ids, file_stem=p.stem,
                        unit_names=names) for p in plan_files]
    if listed == []:
        reporter.add(plans_dir, 1, 1, "", "chưa có kế hoạch nào (thư mục plans/ trống)")
    _read_history(reporter, history_path, cache)
    valid_plans = [(path, plan) for path, plan in zip(plan_files, plans, strict=True) if not isinstance(plan, Invalid)]
    validate.check_plan_set(reporter, valid_plans, number_at)
    problems = reporter.sorted()
    if reporter.has_errors:
        raise ContentError(problems)
    # a file read as INVALID (or missing) has an error reported: none is left here
    assert isinstance(site, Site) and isinstance(units, Units) and isinstance(glossary, Glossary)
    assert not isinstance(swaps, Invalid)
    content = Content(site=site, units=units.units, glossary=glossary.terms,
                      plans=tuple(sorted((p for _, p in valid_plans), key=lambda p: p.id)),
                      day_swaps=swaps.days if swaps else ())
    return content, [p for p in problems if p.severity is Severity.WARNING]
