"""Shared by the browser tests: Debian's Chromium driven by Playwright, and a quiet loopback HTTP server.

Without /usr/bin/chromium (or the playwright package) the tests are skipped, except under CI
(CI=true), where a missing browser is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def unavailable(reason: str) -> None:
    """Skip, or fail under CI, where the browser tests must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (under CI the browser tests must run)")
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output readable
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` on a loopback HTTP server, mounted under a sub-path as on the portal; yields its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{folder.name}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A Chromium context with a fresh user-data dir (skipped when there is no browser)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} không có (cài: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("thiếu gói Python playwright")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM),
                                                                args=CHROMIUM_ARGS)
        try:
            yield context
        finally:
            context.close()
