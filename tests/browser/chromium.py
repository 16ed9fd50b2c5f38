"""Shared by the browser tests: Debian's Chromium driven by Playwright, and the built site served on loopback
as the portal serves it: Debian's nginx with deploy/nginx.conf, under /cchc/.

Without /usr/bin/chromium (or the playwright package) the tests are skipped, and without /usr/sbin/nginx
the site is served by Python's http.server instead (no headers of the portal); under CI (CI=true) a
missing browser or nginx is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import pwd
import re
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

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
    """The built site `folder` on loopback as on the portal, under /cchc/; yields its URL. nginx with
    deploy/nginx.conf; Python's http.server outside CI when there is no nginx."""
    if NGINX.exists():
        with nginx_served(folder) as url:
            yield url
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{NGINX} không có (cài: apt-get install nginx); under CI the site is served by nginx")
    with python_served(folder) as url:
        yield url


@contextmanager
def python_served(folder: Path) -> Iterator[str]:
    """`folder` on Python's http.server under /cchc/ (no headers, no compression); yields its URL."""
    with tempfile.TemporaryDirectory(prefix="heza-http-") as root:
        (Path(root) / MOUNT).symlink_to(folder.resolve(), target_is_directory=True)
        handler = functools.partial(QuietHandler, directory=root)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/{MOUNT}/"
        finally:
            httpd.shutdown()
            httpd.server_close()


EPOCH = "1795392000"  # 2026-11-23: the day the browser tests (and make lighthouse) build the site on


def build_on_epoch(content: Path, out: Path, **options: Any) -> Path:
    """`content` built by `heza build` into out/site (its docs in out/docs) with SOURCE_DATE_EPOCH set to
    EPOCH, as the daily workflow builds it on a given day; returns the site."""
    from generator.build import build

    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": EPOCH}):
        build(content, out / "site", docs_dir=out / "docs", **options)
    return out / "site"


@contextmanager
def guarded_tab(browser: Any, server: str, width: int = 1280) -> Iterator[Any]:
    """A tab `width` px wide that records its requests: once the test is done, it fails if one went anywhere
    but the test server (no request leaves the portal) or failed."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": width, "height": 900})
    requested: list[str] = []
    failed: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    tab.on("requestfailed", lambda request: failed.append(request.url))
    yield tab
    tab.close()
    server_host = urlsplit(server).netloc
    foreign = [u for u in requested if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != server_host]
    assert foreign == [], f"requests left the test server: {foreign}"
    assert failed == [], f"requests failed: {failed}"


NGINX = Path("/usr/sbin/nginx")
DEPLOY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
MOUNT = "cchc"  # the site's place on the portal: https://heza.gov.vn/cchc/
_ROOT_LINE = re.compile(r"^(\s*)root\s+[^;]+;", re.M)


def site_location(root: Path) -> str:
    """deploy/nginx.conf with its one `root` directive pointed at `root` (the folder holding cchc/)."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    lines = _ROOT_LINE.findall(text)
    assert len(lines) == 1, "deploy/nginx.conf should have exactly one root directive"
    return _ROOT_LINE.sub(lambda m: f'{m.group(1)}root "{root}";', text)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _nginx_conf(work: Path, port: int) -> str:
    # As root, nginx's workers would switch to "nobody", who cannot read pytest's private folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                           "scgi"))
    return f"""{user}daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log {work / "access.log"};
{temp}
    include /etc/nginx/mime.types;  # as on a stock server: deploy/nginx.conf must not depend on it
    default_type application/octet-stream;
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {work / "portal"};
        include {work / "cchc.conf"};
    }}
}}
"""


@contextmanager
def nginx_served(folder: Path) -> Iterator[str]:
    """`folder` served by Debian's nginx, run as the current user from a temporary prefix, with deploy/nginx.conf
    included in a server on 127.0.0.1 and its root pointed at a folder where cchc/ is `folder`; yields its URL."""
    with tempfile.TemporaryDirectory(prefix="heza-nginx-") as temporary:
        work = Path(temporary)
        (work / "portal").mkdir()
        (work / "www").mkdir()
        (work / "www" / MOUNT).symlink_to(folder.resolve(), target_is_directory=True)
        (work / "cchc.conf").write_text(site_location(work / "www"), encoding="utf-8")
        for attempt in range(5):  # the free port may be taken between the probe and nginx
            port = _free_port()
            (work / "nginx.conf").write_text(_nginx_conf(work, port), encoding="utf-8")
            with open(work / "stderr.log", "ab") as output:
                process = subprocess.Popen([str(NGINX), "-p", str(work), "-c", str(work / "nginx.conf"),
                                            "-e", str(work / "error.log")], stdout=output, stderr=output)
            if _wait_listening(process, port):
                break
            process.kill()
            process.wait()
            error = "".join(f.read_text(errors="replace") for f in (work / "error.log", work / "stderr.log")
                            if f.exists())
            if "Address already in use" not in error or attempt == 4:
                raise RuntimeError(f"nginx did not start: {error[-2000:]}")
        try:
            yield f"http://127.0.0.1:{port}/{MOUNT}/"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_listening(process: subprocess.Popen, port: int, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def wait_until(tab: Any, expression: str, timeout: float = 5_000) -> None:
    """Wait until a JavaScript expression is true in the page. Not Playwright's wait_for_function, which
    builds its predicate with eval in the page: the site's Content-Security-Policy blocks that."""
    end = time.monotonic() + timeout / 1000
    while not tab.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > end:
            raise AssertionError(f"still false after {timeout / 1000:g} s: {expression}")
        tab.wait_for_timeout(50)


def add_axe(tab: Any) -> None:
    """Load axe-core into the page. Not as a <script> (Playwright's add_script_tag): the site's
    Content-Security-Policy blocks inline scripts, and the tests keep it on."""
    tab.evaluate(AXE.read_text(encoding="utf-8"))


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
