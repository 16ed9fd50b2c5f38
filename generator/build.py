"""`heza build`: content → Markdown pages, calendars, data → MkDocs (strict) → site/, swapped in on success."""
from __future__ import annotations

import ctypes
import errno
import gc
import logging
import multiprocessing
import os
import re
import secrets
import shutil
import tempfile
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from generator.engine.files import remove_others, write_if_changed
from generator.engine.heap import FullBuildHeap, PreviewHeap, release_free_memory
from generator.engine.memo import NO_MEMO, Memo
from generator.outputs.calendar_history import (
    STATE_FILE,
    FeedState,
    FeedStateError,
    build_day,
)
from generator.outputs.calendars import (
    FeedError,
    WrittenFeed,
    feed_catalog,
    feed_set,
    write_feeds,
)
from generator.outputs.newsfeeds import write_news_feeds
from generator.outputs.opendata import write_open_data
from generator.outputs.pages import FeedLink, render_pages, template_stamp
from generator.source.model import Content, Site
from generator.source.problems import Problem
from generator.source.reader import PlanCache, read_content

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
THEME_DIR = ROOT / "theme"


class BuildError(Exception):
    """The site could not be built (content is valid); the message is for editors."""


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    site_dir: Path
    pages: int
    feeds: int
    warnings: list[Problem]
    changed: tuple[str, ...] = ()  # generated files (docs paths) written, added or removed by this build


@dataclass(frozen=True)
class Generated:
    """The generated docs of one build: every file, and how many pages and feeds."""

    files: tuple[Path, ...]
    pages: int
    feeds: int
    history: str | None = None  # the calendar history's new text when an event changed (saved after MkDocs)


@dataclass
class Session:
    """What the builds of one preview keep between them: the plans read and the results computed."""

    plans: PlanCache = field(default_factory=PlanCache)
    memo: Memo = field(default_factory=Memo)
    theme: object = None  # the Material overrides and mkdocs.yml as last built (see theme_stamp)


def theme_stamp() -> tuple:
    """Size and modification time of mkdocs.yml and every file of theme/overrides/."""
    files = [CONFIG_FILE, *sorted(p for p in (THEME_DIR / "overrides").rglob("*") if p.is_file())]
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def build(content_dir: Path = Path("content"), site_dir: Path = Path("site"), *, docs_dir: Path | None = None,
          today: date | None = None, keep_feed_history: bool = True, dirty: bool = False,
          session: Session | None = None) -> BuildResult:
    """Build the site; raises ContentError (nothing written) or BuildError (previous site kept).

    Generated docs are rewritten in place, only where their bytes change. `dirty` (the preview)
    lets MkDocs rebuild only the pages whose Markdown changed, in place, instead of a fresh site;
    a `session` (the preview) skips re-reading and re-rendering what an edit did not touch. The
    calendar history in content/ is saved only once the new site is in place.
    """
    site_dir = Path(site_dir)
    docs_dir = Path(docs_dir) if docs_dir else site_dir.parent / "build" / "docs"
    guard_output_folders(Path(content_dir), site_dir, docs_dir)
    with FullBuildHeap() if session is None else PreviewHeap() as heap:
        content, warnings = read_content(Path(content_dir), cache=session.plans if session else None)
        heap.loaded()
        today = today or _build_day()
        before = _snapshot(docs_dir)
        generated = generate(content, Path(content_dir), docs_dir, today, keep_feed_history,
                             session.memo if session else NO_MEMO)
        changed = _changes(before, _snapshot(docs_dir))
        heap.generated()
        if dirty and site_dir.is_dir():
            run_mkdocs(content, docs_dir, site_dir, dirty=True)
            mark_as_built(site_dir, SITE_MARK)
        else:
            with staged(site_dir) as new_site:  # a dirty build of an empty folder builds every page
                run_mkdocs(content, docs_dir, new_site, dirty=dirty)
                mark_as_built(new_site, SITE_MARK)
    if keep_feed_history and generated.history is not None:
        _save_history(Path(content_dir), generated.history)
    return BuildResult(site_dir, generated.pages, generated.feeds, warnings, changed)


def generate(content: Content, content_dir: Path, docs_dir: Path, today: date, keep_feed_history: bool,
             memo: Memo = NO_MEMO) -> Generated:
    """Content → Markdown pages, calendars, open data and news feeds under docs_dir (stale files removed).

    With a `memo`, what was computed from unchanged plans in the previous build is reused. Without
    one (a full build), where the system can fork, a second process writes the calendars and data
    files while this one renders pages, then both render the pages left (`SharedWalk`). The
    subscribe page, which says how many events each calendar holds, is rendered once they are written.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    try:
        state = _feed_state(content_dir, today, keep_feed_history)
        memo.start((content.site, content.units, content.glossary, content.day_swaps, today, docs_dir.resolve(),
                    state.entries,
                    template_stamp()))
        links = feed_links(content)

        def data() -> tuple[tuple[Path, ...], tuple[FeedLink, ...], str | None]:
            written = write_calendars(content, docs_dir, state, feed_set(content, today, memo), memo)
            if not memo.keeps:  # a full build: the feed set is gone (the preview's heap is reused as it is)
                release_free_memory()
            files = (tuple(docs_dir / w.info.path for w in written) + write_open_data(content, docs_dir, today, memo)
                     + write_news_feeds(content, docs_dir))
            if not memo.keeps:
                release_free_memory()
            return files, calendar_links(content, written), state.text() if state.changed else None

        if memo is NO_MEMO and _can_fork():
            walk = SharedWalk()

            def second() -> tuple[tuple[Path, ...], tuple[Path, ...], str | None]:
                files, calendars, history = data()
                return files, render_pages(content, docs_dir, today, links, memo, walk, calendars), history
            with beside(second) as second_done:
                pages = render_pages(content, docs_dir, today, links, memo, walk)
            data_files, more_pages, history = second_done()
            pages += more_pages
        else:
            data_files, calendars, history = data()
            pages = render_pages(content, docs_dir, today, links, memo, calendars=calendars)
        files = data_files + pages
        remove_others(docs_dir, set(files) | {docs_dir / DOCS_MARK})
        mark_as_built(docs_dir, DOCS_MARK)
    except BaseException:
        memo.forget()  # some files may be half-updated: the next build starts afresh
        raise
    memo.finish()
    return Generated(files, len(pages), len(links), history)


class SharedWalk:
    """Pages shared out between two processes as they go: each renders the next page nobody has taken.

    Both walk the same page list (made before the fork) and ask for each page in turn; the shared
    count of pages taken says whether this one is still free. The second process joins once its
    calendars and data are written, so neither waits for the other at the end however the
    proportions change with the corpus (a fixed split had one process idle 5 s at 1,000 plans).
    """

    def __init__(self) -> None:
        self._taken = multiprocessing.get_context("fork").Value("q", 0)  # in memory shared across the fork
        self._position = 0  # this process's place in the walk

    def __call__(self, page_path: str) -> bool:
        """Take this page if no process has: every page before it is taken by then."""
        with self._taken.get_lock():
            mine = self._taken.value == self._position
            if mine:
                self._taken.value += 1
        self._position += 1
        return mine


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


@contextmanager
def beside(job: Callable[[], tuple]):
    """Run `job` in a forked process while the block runs; yields a function that returns the job's
    result (or raises its error)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(job, send), daemon=True)
    process.start()
    send.close()
    try:
        outcome = []
        yield lambda: outcome[0]
        outcome.append(_received(receive))
    except BaseException:
        process.terminate()  # the block failed: its files will not be used
        raise
    finally:
        receive.close()
        process.join()


def _run_and_send(job: Callable, send) -> None:
    """The forked process: run the job, send back its result or its error."""
    gc.disable()  # a collection would touch (and so copy) every object shared with the parent
    try:
        result = (True, job())
    except BuildError as exc:
        result = (False, exc.args[0])
    except BaseException:  # a bug: its traceback as text, since not every exception can be pickled
        result = (None, traceback.format_exc())
    send.send(result)
    send.close()


def _received(receive):
    try:
        ok, value = receive.recv()
    except EOFError:
        raise BuildError("tiến trình thứ hai của bản dựng (lịch, dữ liệu mở, một phần các trang) "
                         "dừng đột ngột (hết bộ nhớ?)") from None
    if ok is None:
        raise RuntimeError(f"lỗi trong tiến trình thứ hai của bản dựng:\n{value}")
    if not ok:
        raise BuildError(value)
    return value


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Docs path → (modification time, size) of every file under folder."""
    found: dict[str, tuple[int, int]] = {}
    pending = [(str(folder), "")] if folder.is_dir() else []
    while pending:  # os.scandir, not rglob: no Path object per file (3,000 files per preview rebuild)
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir():
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    stat = entry.stat()
                    found[prefix + entry.name] = (stat.st_mtime_ns, stat.st_size)
    return found


def _changes(before: dict, after: dict) -> tuple[str, ...]:
    return tuple(sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path)))


def _build_day() -> date:
    """"Today" for the 60-day window: SOURCE_DATE_EPOCH's day (UTC) when set, else the current date."""
    try:
        return build_day()
    except FeedStateError as exc:
        raise BuildError(exc.message) from None


def feed_links(content: Content) -> tuple[FeedLink, ...]:
    """Every calendar feed as the pages link it."""
    return tuple(FeedLink(f.path, f.title, f.kind, f.key, content.site.base_url) for f in feed_catalog(content))


def calendar_links(content: Content, written: tuple[WrittenFeed, ...]) -> tuple[FeedLink, ...]:
    """Every calendar feed as the subscribe page lists it: with the events its file holds and its window."""
    return tuple(FeedLink(w.info.path, w.info.title, w.info.kind, w.info.key, content.site.base_url, w.event_count,
                          w.window) for w in written)


def _feed_state(content_dir: Path, today: date, keep_history: bool) -> FeedState:
    """The event history of content/ (saved after the build only when `keep_history`)."""
    try:
        state = FeedState.for_content(content_dir, day=today)
    except FeedStateError as exc:
        raise BuildError(f"không ghi được lịch: {exc}") from None
    return state if keep_history else state.detached()


def write_calendars(content: Content, docs_dir: Path, state: FeedState, feeds: tuple,
                    memo: Memo = NO_MEMO) -> tuple[WrittenFeed, ...]:
    """Write the .ics feeds of `feeds` (feed_set's) under docs_dir/lich/ with their event history; returns
    what each holds."""
    try:
        return write_feeds(content, docs_dir, state, feeds=feeds, memo=memo)
    except (FeedError, FeedStateError) as exc:
        raise BuildError(f"không ghi được lịch: {exc}") from None


def agency(site: Site) -> dict:
    """The footer and header facts for the theme (None = not verified)."""
    return {"name": site.name, "parent": site.parent, "address": site.address, "phone": site.phone,
            "email": site.email, "responsible": site.responsible, "portal_url": site.portal_url}


def mkdocs_config(content: Content, docs_dir: Path, site_dir: Path):
    """The committed mkdocs.yml with the generated docs, the site URL, agency facts and glossary."""
    config = load_config(str(CONFIG_FILE), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()),
                         site_url=content.site.base_url, strict=True)
    config.extra["agency"] = agency(content.site)
    config.mdx_configs["abbr"] = {"glossary": {t.abbr: t.expansion for t in content.glossary}}
    return config


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """False for MkDocs' notice that a build is dirty: the preview asks for one on purpose."""
    return "'dirty' build is being performed" not in record.getMessage()


# MkDocs' warnings (English) about a generated page, said in Vietnamese with the page they name.
_MKDOCS_MESSAGES = (
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but there is no such anchor"),
     "trang {page} có liên kết {link} đến một mục không có trên trang"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the doc '(?P<other>[^']*)' "
                r"does not contain an anchor"), "trang {page} có liên kết {link} đến một mục không có trên trang {other}"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the target (?:'[^']*' )?"
                r"is not found"), "trang {page} có liên kết {link} đến một trang không tồn tại"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']*)'"),
     "trang {page} có liên kết không hợp lệ {link}"),
    (re.compile(r"The following pages exist in the docs directory, but are not included in the \"nav\" "
                r"configuration:\s*(?P<pages>.*)", re.S), "các trang sau không có trong mục lục của trang: {pages}"),
)


def vietnamese_mkdocs_message(message: str) -> str:
    """A MkDocs warning in Vietnamese when it is one we know (the page it names kept); else marked as MkDocs'."""
    for pattern, wording in _MKDOCS_MESSAGES:
        match = pattern.search(message)
        if match:
            return wording.format(**{k: " ".join(v.split()) for k, v in match.groupdict().items()})
    return f"MkDocs báo: {' '.join(message.split())}"


def run_mkdocs(content: Content, docs_dir: Path, site_dir: Path, *, dirty: bool = False) -> None:
    """`mkdocs build --strict` of docs_dir into site_dir; BuildError listing MkDocs' warnings."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(_not_dirty_notice)
    try:
        config = mkdocs_config(content, docs_dir, site_dir)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            mkdocs_build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        details = "".join(f"\n  {vietnamese_mkdocs_message(m)}" for m in collect.messages)
        raise BuildError("MkDocs không dựng được trang từ nội dung đã kiểm tra; đây là lỗi của bộ sinh trang, "
                         f"hãy báo nhóm phát triển (kèm các dòng dưới đây):{details or ' ' + str(exc)}") from None
    finally:
        logger.removeHandler(collect)
        build_logger.removeFilter(_not_dirty_notice)


@contextmanager
def staged(site_dir: Path):
    """A sibling folder to build into; it replaces site_dir only if the block succeeds.

    The replacement is one atomic exchange where the system has one (Linux): there is never a
    moment without site_dir. Staging folders left by a build that was killed are removed first.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site_dir)
    new = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-moi-{os.getpid()}-", dir=site_dir.parent))
    try:
        yield new
        new.chmod(0o755)
        _swap(new, site_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after an exchange, this is the old site


def _swap(new: Path, site_dir: Path) -> None:
    if not site_dir.exists():
        new.rename(site_dir)
    elif not _exchange(new, site_dir):  # no atomic exchange here: two renames, the old site kept until then
        old = site_dir.with_name(f".{site_dir.name}-cu-{os.getpid()}-{secrets.token_hex(4)}")
        site_dir.rename(old)
        new.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    rename = _renameat2()
    if rename is None:
        return False
    at_cwd = -100  # AT_FDCWD: both paths are absolute
    if rename(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM):  # file system cannot
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


@lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None


_LEFTOVER = re.compile(r"^\.(?P<site>.+)-(?:moi|cu)-(?P<pid>\d+)-[0-9a-z_]+$")


def _remove_leftovers(site_dir: Path) -> None:
    """Remove staging folders of this site that a killed build left (their process is gone)."""
    for folder in site_dir.parent.iterdir():
        match = _LEFTOVER.match(folder.name)
        if match and match["site"] == site_dir.name and folder.is_dir() and not folder.is_symlink() \
                and not _alive(int(match["pid"])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- folders heza build may replace --------------------------------------------------

SITE_MARK = ".heza-site"  # in every site folder a build made: only such a folder (or an empty one) is replaced
DOCS_MARK = ".heza-docs"  # in the generated Markdown folder, whose other files a build deletes
_MARK_TEXT = "Thư mục này do heza build tạo; lần dựng sau sẽ thay toàn bộ nội dung.\n"


def mark_as_built(folder: Path, mark: str) -> None:
    """Record that `folder` holds what a build made, so the next build may replace it."""
    write_if_changed(folder / mark, _MARK_TEXT.encode("utf-8"))


def _made_by_a_build(folder: Path, mark: str) -> bool:
    """True for a folder with the mark, or (made before marks existed) with the build's own layout."""
    if (folder / mark).is_file():
        return True
    if mark == SITE_MARK:
        return (folder / "search" / "chi-muc.js").is_file() and (folder / "ke-hoach").is_dir()
    return (folder / "index.md").is_file() and (folder / "ke-hoach").is_dir()


def guard_output_folders(content_dir: Path, site_dir: Path, docs_dir: Path) -> None:
    """BuildError unless the site and docs folders are empty, new, or made by an earlier build, and
    neither holds or lies inside the content, the repository or the current folder."""
    content, here = content_dir.resolve(), Path.cwd().resolve()
    folders = ((site_dir, SITE_MARK, "trang"), (docs_dir, DOCS_MARK, "Markdown sinh ra"))
    for folder, mark, what in folders:
        target = folder.resolve()
        shown = folder.as_posix()
        if target == content or target in content.parents or content in target.parents:
            raise BuildError(f'không dựng {what} vào "{shown}": thư mục này chứa hoặc nằm trong thư mục nội dung')
        if target == here or target in here.parents:
            raise BuildError(f'không dựng {what} vào "{shown}": đó là thư mục đang làm việc hoặc thư mục cha của nó')
        if target.exists() and not target.is_dir():
            raise BuildError(f'không dựng {what} vào "{shown}": đó là một tệp, không phải thư mục')
        if target.is_dir() and (target / ".git").exists():
            raise BuildError(f'không dựng {what} vào "{shown}": đó là một kho git')
        if target.is_dir() and any(target.iterdir()) and not _made_by_a_build(target, mark):
            raise BuildError(f'không dựng {what} vào "{shown}": thư mục có dữ liệu không do heza build tạo; '
                             "hãy chọn một thư mục trống hoặc một thư mục trang đã dựng trước đây")
    site, docs = site_dir.resolve(), docs_dir.resolve()
    if site == docs or site in docs.parents or docs in site.parents:
        raise BuildError(f'thư mục trang "{site_dir.as_posix()}" và thư mục Markdown "{docs_dir.as_posix()}" '
                         "phải tách rời nhau")


def _save_history(content_dir: Path, text: str) -> None:
    """Write the calendar history next to the content (atomically: a kill leaves the old or the new file)."""
    path = content_dir / STATE_FILE
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(path)
    except OSError as exc:
        raise BuildError(f"không ghi được lịch sử lịch {path.as_posix()}: {exc.strerror}") from None
