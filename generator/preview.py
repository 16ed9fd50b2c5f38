"""`heza serve`: build into a temporary folder and serve it, rebuilding when content or theme changes."""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from .build import CONFIG_FILE, THEME_DIR, BuildError, Session, build, theme_stamp
from .errors import ContentError


def _rebuild(content_dir: Path, site_dir: Path, docs_dir: Path, session: Session) -> None:
    """One preview build; problems are printed and the last good preview stays up.

    After the first build only what an edit touched is done again: the session keeps the plans
    read and what was computed from them, so only changed plan files are read and only the pages,
    calendars and data that show them are rendered; MkDocs then re-renders only the pages whose
    Markdown changed.
    """
    start = time.perf_counter()
    theme, session.theme = session.theme, theme_stamp()
    try:  # MkDocs re-renders every page after a change to its theme or config, else only changed pages
        result = build(content_dir, site_dir, docs_dir=docs_dir, keep_feed_history=False,
                       dirty=theme in (None, session.theme), session=session)
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
    for path in (content_dir, THEME_DIR, CONFIG_FILE):
        server.watch(str(path))
    print(f"Xem trước tại http://{host}:{port}/ (Ctrl+C để dừng)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
