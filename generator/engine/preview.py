"""`heza serve`: build into a temporary folder and serve it, rebuilding when content or theme changes.

While the last build failed, every page of the preview is a Vietnamese error page (`errorpage`): the
browser that showed the page reloads onto it, and reloads onto the fixed page once the file is saved again
(MkDocs' live reload, which the server adds to every HTML page it sends). When the very first build fails,
the error page is what the browser gets, not a bare 404.
"""
from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.build import BuildError, BuildResult, Session, build
from generator.engine.errorpage import error_page
from generator.resources import MKDOCS_CONFIG, THEME_DIR
from generator.source.problems import ContentError
from generator.website.run import theme_stamp

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
        if self._timer is None:
            return False
        self._timer.cancel()
        self._timer = None
        return True

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


class Shown:
    """What the preview shows instead of its pages: the error page of the last build, or None when it
    succeeded. Set by the build (in the server's build loop) before the browsers are told to reload."""

    def __init__(self) -> None:
        self.page: bytes | None = None


def _rebuild(content_dir: Path, site_dir: Path, docs_dir: Path, session: Session, shown: Shown) -> None:
    """One preview build; on failure its errors are printed and shown in the browser instead of the pages
    (the files of the last good build are kept, for the build after the fix)."""
    start = time.perf_counter()
    try:
        result = rebuild(content_dir, site_dir, docs_dir, session)
    except ContentError as exc:
        shown.page = error_page(exc.errors)
        for problem in exc.errors:
            print(problem.format(), file=sys.stderr)
        warnings = len(exc.problems) - len(exc.errors)
        print(f"Có {len(exc.errors)} lỗi (và {warnings} cảnh báo, xem make check); trình duyệt hiện trang báo lỗi "
              "cho đến khi sửa xong.", file=sys.stderr)
    except BuildError as exc:
        shown.page = error_page(failure=str(exc))
        print(f"heza serve: {exc}", file=sys.stderr)
    else:
        shown.page = None
        print(f"Đã dựng lại trang xem trước: {len(result.changed)} tệp thay đổi, "
              f"{time.perf_counter() - start:.1f} giây.", file=sys.stderr)


def _is_page(path: str) -> bool:
    """True for a request the site answers with an HTML page (a folder, a .html file, a path without
    extension); false for its assets, feeds and data, which are served from the last good build."""
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers every page with the error page while the build is broken.

    It waits for a rebuild in progress, as MkDocs does before it serves a file, and adds MkDocs' reload
    script to the error page (MkDocs 1.6's `_epoch_cond`, `_visible_epoch`, `_wanted_epoch` and
    `_inject_js_into_html`: mkdocs is pinned in pyproject.toml, and tests/browser/test_preview_errors.py
    goes through all of it in a browser).
    """

    def __init__(self, shown: Shown, **options: Any) -> None:
        self.shown = shown
        super().__init__(**options)

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/livereload/") and _is_page(path):
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            page = self.shown.page
            if page is not None:
                body: bytes = self._inject_js_into_html(page, epoch)
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
                return [body]
        result: Iterable[bytes] = super().serve_request(environ, start_response)
        return result


def preview_server(content_dir: Path, work: Path, host: str = "127.0.0.1", port: int = 8000) -> PreviewServer:
    """The preview of `content_dir` built once into `work` (its first build done, failed or not), ready to
    `serve()`: it watches the content and the theme and rebuilds on every change."""
    site_dir, docs_dir = work / "site", work / "docs"
    session, shown = Session(), Shown()

    def rebuild() -> None:
        _rebuild(content_dir, site_dir, docs_dir, session, shown)

    rebuild()
    site_dir.mkdir(parents=True, exist_ok=True)  # a first build that failed wrote nothing: the error page serves
    server = PreviewServer(shown, builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in (content_dir, THEME_DIR, MKDOCS_CONFIG):
        server.watch(str(path))
    return server


def serve(content_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve a live preview on http://host:port/ until interrupted."""
    work = Path(tempfile.mkdtemp(prefix="heza-xem-truoc-"))
    server = preview_server(content_dir, work, host, port)
    print(f"Xem trước tại http://{host}:{port}/ (Ctrl+C để dừng)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
