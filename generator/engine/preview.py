"""`heza serve`: build into a temporary folder and serve it, rebuilding when content or theme changes."""
from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.build import BuildError, BuildResult, Session, build
from generator.resources import MKDOCS_CONFIG, THEME_DIR
from generator.website.run import theme_stamp
from generator.source.problems import ContentError

IDLE_SECONDS = 3.0


class _IdleCollector:
    """Python's full garbage collection runs while the preview is idle, not during a rebuild.

    A session keeps every plan and what was computed from it (2 GB at 1,000 plans); a full
    collection walks all of it (1.7 s at 1,000 plans) and came every second rebuild. Rebuilds run
    with the collector off; a few seconds after one, when the browser has reloaded, one full
    collection frees the cycles the builds left (MkDocs' pages and navigation).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def building(self) -> None:
        """A rebuild starts: no collection until it is over (a pending idle one is cancelled)."""
        with self._lock:
            self._cancel()
            gc.disable()

    def built(self) -> None:
        """A rebuild is over: collect after IDLE_SECONDS unless another starts first."""
        with self._lock:
            self._timer = threading.Timer(IDLE_SECONDS, self._collect_if_due)
            self._timer.daemon = True
            self._timer.start()

    def settle(self) -> None:
        """Collect now if a collection is due (what an editor's pause between two saves gives)."""
        with self._lock:
            if self._cancel():
                self._collect()

    def _cancel(self) -> bool:
        """Cancel the pending idle collection (the lock held); True if there was one."""
        pending = self._timer is not None
        if pending:
            self._timer.cancel()
            self._timer = None
        return pending

    def _collect_if_due(self) -> None:
        with self._lock:
            if self._timer is threading.current_thread():  # not cancelled by a rebuild that started since
                self._timer = None
                self._collect()

    @staticmethod
    def _collect() -> None:
        gc.collect()
        gc.enable()


collector = _IdleCollector()


def rebuild(content_dir: Path, site_dir: Path, docs_dir: Path, session: Session,
            today: date | None = None) -> BuildResult:
    """One preview build with the session (raises as `build` does).

    After the first build only what an edit touched is done again: the session keeps the plans
    read and what was computed from them, so only changed plan files are read and only the pages,
    calendars and data that show them are rendered; MkDocs then re-renders only the pages whose
    Markdown changed (every page after a change to the theme or mkdocs.yml).
    """
    theme, session.theme = session.theme, theme_stamp()
    first = theme is None  # the first build computes everything: it collects as usual, memory stays bounded
    if not first:
        collector.building()
    try:
        return build(content_dir, site_dir, docs_dir=docs_dir, today=today, keep_feed_history=False,
                     dirty=first or theme == session.theme, session=session)
    finally:
        if not first:
            collector.built()


def _rebuild(content_dir: Path, site_dir: Path, docs_dir: Path, session: Session) -> None:
    """One preview build; problems are printed and the last good preview stays up."""
    start = time.perf_counter()
    try:
        result = rebuild(content_dir, site_dir, docs_dir, session)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"Có {len(exc.errors)} lỗi; trang xem trước giữ bản dựng trước.", file=sys.stderr)
    except BuildError as exc:
        print(f"heza serve: {exc}", file=sys.stderr)
    else:
        print(f"Đã dựng lại trang xem trước: {len(result.changed)} tệp thay đổi, "
              f"{time.perf_counter() - start:.1f} giây.", file=sys.stderr)


def serve(content_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve a live preview on http://host:port/ until interrupted."""
    work = Path(tempfile.mkdtemp(prefix="heza-xem-truoc-"))
    site_dir, docs_dir = work / "site", work / "docs"
    session = Session()
    rebuild = lambda: _rebuild(content_dir, site_dir, docs_dir, session)  # noqa: E731
    rebuild()
    if not site_dir.is_dir():
        site_dir.mkdir()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in (content_dir, THEME_DIR, MKDOCS_CONFIG):
        server.watch(str(path))
    print(f"Xem trước tại http://{host}:{port}/ (Ctrl+C để dừng)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
