"""The built site as the portal serves it: Debian's nginx with deploy/nginx.conf, under /cchc/.

Types and charsets of every kind of file, the gzip copies `heza build` writes (sent to clients that accept
gzip, the same bytes once decompressed), caching (short for what changes with each build, a year for assets
named after their content), the site's own 404 page, the security headers, and the Content-Security-Policy
holding on every page type in Chromium with no violation. Without nginx the tests are skipped, except under
CI (CI=true), where they fail.
"""
from __future__ import annotations

import gzip
import http.client
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import NGINX, build_on_epoch, chromium, nginx_served, unavailable, wait_until

from generator.website.finish import COMPRESSIBLE, HASHED_NAME, MIN_COMPRESSED_SIZE

REPO = Path(__file__).resolve().parents[2]
BIG_PLAN = "2021-3848-qd-ubnd"
SHORT = "public, max-age=300"
LONG = "public, max-age=31536000, immutable"
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin",
            "x-frame-options": "SAMEORIGIN", "cross-origin-opener-policy": "same-origin"}

# One page of every type the site has (the 404 page: an address with no page).
PAGE_TYPES = ("index.html", "ke-hoach/index.html", f"ke-hoach/{BIG_PLAN}.html", "don-vi/index.html",
              "don-vi/so-noi-vu.html", "lich/index.html", "lich/2024.html", "lich/dang-ky.html", "linh-vuc/index.html",
              "linh-vuc/the-che.html", "chu-viet-tat.html", "du-lieu/index.html", "gioi-thieu.html",
              "kha-nang-tiep-can.html", "so-do-trang.html", "tim-kiem.html?q=cai cach hanh chinh",
              "khong-co-trang-nay.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real content built once by `heza build`, with a fixed SOURCE_DATE_EPOCH."""
    work = tmp_path_factory.mktemp("portal")
    shutil.copytree(REPO / "content", work / "content")
    return build_on_epoch(work / "content", work)


@pytest.fixture(scope="module")
def server(site):
    if not NGINX.exists():
        unavailable(f"{NGINX} không có (cài: apt-get install nginx)")
    with nginx_served(site) as url:
        yield url


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body


def fetch(url: str, path: str, *, gzip_ok: bool = False) -> Reply:
    """GET `path` under the site's URL with http.client (no decompression, no redirect followed)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = connection.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():
            headers[name.lower()] = f"{headers[name.lower()]}, {value}" if name.lower() in headers else value
        return Reply(response.status, headers, response.read())
    finally:
        connection.close()


def _one(site: Path, pattern: str) -> str:
    found = sorted(p.relative_to(site).as_posix() for p in site.glob(pattern))
    assert found, pattern
    return found[0]


@pytest.fixture(scope="module")
def files(site) -> dict[str, str]:
    """One file of each kind → its expected Content-Type."""
    return {
        "index.html": "text/html; charset=utf-8",
        f"ke-hoach/{BIG_PLAN}.html": "text/html; charset=utf-8",
        "lich/tat-ca.ics": "text/calendar; charset=utf-8",
        f"lich/ke-hoach/{BIG_PLAN}.ics": "text/calendar; charset=utf-8",
        "du-lieu/nhiem-vu.csv": "text/csv; charset=utf-8",
        "du-lieu/han.csv": "text/csv; charset=utf-8",
        "du-lieu/ke-hoach.json": "application/json; charset=utf-8",
        "du-lieu/ke-hoach.schema.json": "application/json; charset=utf-8",
        "du-lieu/datapackage.json": "application/json; charset=utf-8",
        f"du-lieu/ke-hoach/{BIG_PLAN}.json": "application/json; charset=utf-8",
        "rss.xml": "application/rss+xml; charset=utf-8",
        "atom.xml": "application/atom+xml; charset=utf-8",
        "sitemap.xml": "application/xml; charset=utf-8",
        "search/chi-muc.js": "text/javascript; charset=utf-8",
        _one(site, "assets/stylesheets/heza.*.css"): "text/css; charset=utf-8",
        _one(site, "assets/stylesheets/main.*.min.css"): "text/css; charset=utf-8",
        _one(site, "assets/javascripts/heza.*.js"): "text/javascript; charset=utf-8",
        _one(site, "assets/javascripts/heza-search.*.js"): "text/javascript; charset=utf-8",
        _one(site, "assets/javascripts/bundle.*.min.js"): "text/javascript; charset=utf-8",
        "assets/images/favicon.png": "image/png",
    }


def test_every_kind_of_file_has_its_type_and_charset(server, files):
    wrong = {}
    for path, expected in files.items():
        reply = fetch(server, path)
        if reply.status != 200 or reply.headers.get("content-type") != expected:
            wrong[path] = (reply.status, reply.headers.get("content-type"))
    assert wrong == {}


def test_gzip_copies_are_sent_to_clients_that_accept_them(server, site, files):
    for path in files:
        local = (site / path).read_bytes()
        plain = fetch(server, path)
        assert "content-encoding" not in plain.headers, path
        assert plain.body == local, path
        packed = fetch(server, path, gzip_ok=True)
        compressible = Path(path).suffix in COMPRESSIBLE and len(local) >= MIN_COMPRESSED_SIZE
        if compressible:
            assert packed.headers.get("content-encoding") == "gzip", path
            assert "Accept-Encoding" in packed.headers.get("vary", ""), path
            assert gzip.decompress(packed.body) == local, path
            assert len(packed.body) < len(local), path
        else:
            assert "content-encoding" not in packed.headers, path
            assert packed.body == local, path


def test_the_largest_page_goes_out_compressed_to_a_fifth(server, site):
    page = f"ke-hoach/{BIG_PLAN}.html"
    reply = fetch(server, page, gzip_ok=True)
    assert len(reply.body) * 5 < (site / page).stat().st_size


def test_hashed_assets_are_kept_a_year_and_everything_else_briefly(server, site, files):
    for path in files:
        reply = fetch(server, path)
        expected = LONG if path.startswith("assets/") and HASHED_NAME.search(Path(path).name) else SHORT
        assert reply.headers.get("cache-control") == expected, path
    # our own assets carry content hashes: no page refers to them by their plain names
    for plain_name in ("heza.css", "heza.js", "heza-units.js", "heza-search.js", "heza-material.js"):
        assert not list(site.rglob(plain_name)), plain_name


def test_every_reply_carries_the_security_headers(server, files):
    for path in [*files, "khong-co-trang-nay.html"]:
        reply = fetch(server, path)
        for name, value in SECURITY.items():
            assert reply.headers.get(name) == value, (path, name)
        csp = reply.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp, path
        assert "server" not in reply.headers or "/" not in reply.headers["server"], "nginx version shown"


def test_missing_pages_get_the_sites_own_404(server, site):
    for path in ("khong-co-trang-nay.html", "ke-hoach/khong-co.html", "lich/khong-co.ics", ".heza-site",
                 "du-lieu/.an"):
        reply = fetch(server, path)
        assert reply.status == 404, path
        assert reply.headers["content-type"] == "text/html; charset=utf-8", path
        assert reply.body == (site / "404.html").read_bytes(), path
        assert "Không tìm thấy trang" in reply.body.decode("utf-8")
    packed = fetch(server, "khong-co-trang-nay.html", gzip_ok=True)
    assert packed.status == 404 and gzip.decompress(packed.body) == (site / "404.html").read_bytes()


def test_the_mount_point_redirects_to_its_folder_and_the_folder_shows_the_home_page(server, site):
    reply = fetch(server, "")
    assert reply.status == 200 and reply.body == (site / "index.html").read_bytes()
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path.rstrip("/"))
        response = connection.getresponse()
        assert response.status == 301
        assert urlsplit(response.getheader("location", "")).path == parts.path
    finally:
        connection.close()


# Records what the Content-Security-Policy blocks, from the first script of every page on.
_RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-portal")) as context:
        context.add_init_script(_RECORD_VIOLATIONS)
        yield context


def _use_the_page(tab) -> None:
    """What a reader does that runs the theme's scripts: hover an abbreviation, scroll
    (the back-to-top button), open a contents list, focus the search box."""
    abbr = tab.locator("article abbr[title]").first
    if abbr.count():
        abbr.hover()
    tab.mouse.wheel(0, 2000)
    tab.wait_for_timeout(100)
    tab.mouse.wheel(0, -1000)
    details = tab.locator("article details summary").first
    if details.count() and details.is_visible():
        details.click()
    tab.locator("#heza-header-q").focus()
    tab.wait_for_timeout(200)


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_the_content_security_policy_holds_on_every_page_type(browser, server, path):
    tab = browser.new_page()
    console: list[str] = []
    tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        response = tab.goto(server + path)
        assert response is not None
        assert response.status == (404 if path.startswith("khong-co") else 200)
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
        tab.wait_for_load_state("networkidle")
        if path.startswith("tim-kiem"):
            wait_until(tab, "document.querySelectorAll('.heza-search-result').length > 0", timeout=10_000)
        _use_the_page(tab)
        assert tab.evaluate("window.__cspViolations") == []
        # the 404 page's own reply is the one error the console may show
        expected_404 = [m for m in console if "status of 404" in m]
        assert [m for m in console if m not in expected_404 and (m.startswith(("error", "pageerror")) or
                re.search(r"Content.Security.Policy|Permissions.Policy", m))] == []
        assert len(expected_404) == (1 if path.startswith("khong-co") else 0)
        # Material's scripts ran (they need the helpers that heza-material.js defines)
        assert tab.evaluate("typeof __md_get === 'function' && document.body.dataset.mdColorScheme") == "default"
        # and the policy is in force: an inline script is blocked and reported
        tab.evaluate("""() => { const s = document.createElement('script');
                                s.textContent = 'window.__inline = 1'; document.body.append(s); }""")
        wait_until(tab, "window.__cspViolations.length > 0", timeout=5_000)
        assert tab.evaluate("window.__inline") is None
    finally:
        tab.close()
