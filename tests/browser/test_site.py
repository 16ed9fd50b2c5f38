"""The built site checked as a person would: Debian's Chromium driven by Playwright over loopback HTTP.

One build of the real content for the whole session, served by http.server on 127.0.0.1.
Without /usr/bin/chromium (or the playwright package) the tests are skipped, except under
CI (CI=true), where a missing browser is a failure.
"""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import add_axe, build_on_epoch, chromium, guarded_tab, served, wait_until

from generator.source.reader import read_content
from generator.source.tasks import placed_tasks
from generator.website.searchindex import IndexReader

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TUYEN_TRUYEN = "2023-tuyen-truyen-cchc-kh-bql"
BIG_PLAN = "2021-3848-qd-ubnd"
UNIT = "so-noi-vu"
CHECKED_PAGES = ("index.html", f"ke-hoach/{BIG_PLAN}.html", f"ke-hoach/{TUYEN_TRUYEN}.html",
                 f"don-vi/{UNIT}.html", "lich/index.html", "du-lieu/index.html", "tim-kiem.html?q=cai cach")


@pytest.fixture(scope="session")
def content(tmp_path_factory):
    """A copy of the real content (the build writes the calendar history next to it)."""
    work = tmp_path_factory.mktemp("content")
    shutil.copytree(REPO / "content", work / "content")
    return work / "content"


@pytest.fixture(scope="session")
def site(content, tmp_path_factory) -> Path:
    """The real content built once, with a fixed SOURCE_DATE_EPOCH."""
    out = tmp_path_factory.mktemp("build")
    return build_on_epoch(content, out)


@pytest.fixture(scope="session")
def model(content):
    return read_content(content)[0]


@pytest.fixture(scope="session")
def server(site):
    """Base URL of the site on a loopback HTTP server, mounted under a sub-path as on the portal."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")  # one Playwright at a time: each module starts its own
def browser(tmp_path_factory):
    """A Chromium context with a fresh user-data dir."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def page(browser, server):
    """A page that records every request; the test fails if one goes anywhere but the test server or fails."""
    with guarded_tab(browser, server) as tab:
        yield tab


def _hrefs(tab, selector: str = "article a[href]") -> list[str]:
    return tab.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")


def test_home_lists_every_plan(page, server, model):
    page.goto(server + "index.html")
    hrefs = _hrefs(page)
    for plan in model.plans:
        assert f"ke-hoach/{plan.id}.html" in hrefs, plan.id
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Ban Quản lý Khu kinh tế Hải Phòng".upper() in page.locator(".heza-agency").inner_text().upper()


def test_plan_page_shows_whole_task_table(page, server, model):
    plan = next(p for p in model.plans if p.id == BIG_PLAN)
    page.goto(server + f"ke-hoach/{plan.id}.html")
    headers = page.locator(".heza-tasks table").first.locator("th").all_inner_texts()
    assert headers == ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm"]
    rows = page.locator(".heza-tasks table tbody tr:has(a.heza-stt)")
    assert rows.count() == len(plan.tasks)
    for placed in placed_tasks(plan):
        task = placed.task
        row = page.locator(f"tr:has(#{placed.anchor})")
        assert row.count() == 1, task.number
        cells = row.locator("td")
        assert cells.count() == 6
        assert cells.nth(0).inner_text().strip().splitlines()[0] == (task.number or "–")
        if task.unreadable and task.unreadable.content is not None:
            assert "chưa đọc được trong bản quét" in cells.nth(1).inner_text()
            continue
        words = task.content.split()
        assert " ".join(words[:6]) in " ".join(cells.nth(1).inner_text().split())


def _search(tab, query: str) -> None:
    """Type a query into the header box of the current page, submit it, wait for the results."""
    box = tab.locator("#heza-header-q")
    box.click()
    box.press_sequentially(query, delay=10)
    box.press("Enter")
    wait_until(tab, "document.querySelectorAll('.heza-search-result').length > 0", timeout=10_000)


@pytest.mark.parametrize("query", ["tuyen truyen", "tuyên truyền", unicodedata.normalize("NFD", "tuyên truyền"),
                                   "TUYÊN TRUYỀN"])
def test_search_reaches_the_tuyen_truyen_plan(page, server, query):
    page.goto(server + f"ke-hoach/{BIG_PLAN}.html")
    _search(page, query)
    assert page.url.startswith(server + "tim-kiem.html?q=")
    assert any(f"ke-hoach/{TUYEN_TRUYEN}.html" in (h or "") for h in _hrefs(page, ".heza-search-result a"))


@pytest.mark.parametrize(("query", "expected"), [("cai cach hanh chinh", "cải cách hành chính"),
                                                 ("dau tu", "đầu tư"), ("Đầu tư", "đầu tư")])
def test_search_ignores_diacritics(page, server, query, expected):
    page.goto(server + "index.html")
    _search(page, query)
    assert expected in page.locator("#heza-search-results").inner_text().lower()
    assert page.locator("#heza-search-results mark").count() > 0


def test_search_finds_a_task_by_its_words_and_links_to_its_row(page, server, model):
    plan = next(p for p in model.plans if p.id == BIG_PLAN)
    placed = next(p for p in placed_tasks(plan) if len(p.task.content.split()) > 8)
    page.goto(server + "tim-kiem.html?q=" + " ".join(placed.task.content.split()[:8]))
    wait_until(page, "document.querySelectorAll('.heza-search-result').length > 0", timeout=10_000)
    hrefs = _hrefs(page, ".heza-search-result a")
    assert f"ke-hoach/{BIG_PLAN}.html#{placed.anchor}" in hrefs[:5]
    page.locator(f".heza-search-result a[href$='#{placed.anchor}']").first.click()
    page.wait_for_url(f"**/ke-hoach/{BIG_PLAN}.html#{placed.anchor}")


def test_search_says_when_nothing_matches(page, server):
    page.goto(server + "tim-kiem.html?q=khongcotukhoanay")
    wait_until(page, "document.getElementById('heza-search-status').textContent.includes('Không tìm thấy')",
                           timeout=10_000)
    assert page.locator(".heza-search-result").count() == 0


def test_search_loads_only_the_chunks_it_needs(page, server, site):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(server + "tim-kiem.html?q=tuyen truyen")
    wait_until(page, "document.querySelectorAll('.heza-search-result').length > 0", timeout=10_000)
    index = [p for p in requested if "/search/" in p]
    assert any(p.endswith("/search/chi-muc.js") for p in index)
    assert any("/search/t/" in p for p in index) and any("/search/d/" in p for p in index)
    needed = {p for p in IndexReader(site).query_files("tuyen truyen") if "/t/" in p}
    assert {p.split("/cchc/", 1)[1] for p in index if "/search/t/" in p} == needed


def test_unit_page_lists_the_units_tasks(page, server, model):
    page.goto(server + f"don-vi/{UNIT}.html")
    hrefs = set(_hrefs(page))
    expected = {f"../ke-hoach/{p.id}.html#{t.anchor}" for p in model.plans for t in placed_tasks(p)
                if UNIT in t.task.lead + t.task.coordinate + t.task.implement}
    assert expected, "the unit chosen for this test should have tasks"
    assert expected <= hrefs
    assert any(h.endswith(f"lich/don-vi/{UNIT}.ics") for h in hrefs)


@pytest.mark.parametrize("path", CHECKED_PAGES)
def test_no_wcag_violations(page, server, path):
    page.goto(server + path)
    add_axe(page)
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert result["passes"], "axe-core ran no rule"
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
                for v in result["violations"]]
    assert problems == []


@pytest.mark.parametrize("path", CHECKED_PAGES)
def test_layout_holds_at_375px(page, server, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + path)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("document.body.scrollWidth") <= 375
    # other wide tables scroll in their box
    for box in page.locator(":not(.heza-tasks) > .md-typeset__scrollwrap").all():
        assert box.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")
        assert box.evaluate("e => e.getBoundingClientRect().right") <= 375


def test_plan_page_has_dublin_core_and_open_graph(page, server):
    page.goto(server + f"ke-hoach/{TUYEN_TRUYEN}.html")
    names = page.eval_on_selector_all("meta[name^='DC.']", "m => m.map(e => e.name)")
    assert {"DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier",
            "DC.language"} <= set(names)
    assert page.locator("meta[property='og:title']").count() == 1


@pytest.mark.parametrize("path", ["index.html", f"ke-hoach/{TUYEN_TRUYEN}.html", "du-lieu/index.html"])
def test_feed_autodiscovery_resolves_under_sub_path(page, server, path):
    """A feed reader given any page finds rss.xml and atom.xml at the site's root, below the sub-path."""
    page.goto(server + path)
    feeds = page.eval_on_selector_all("link[rel=alternate][type$='+xml']", "ls => ls.map(l => [l.type, l.href])")
    assert dict(feeds) == {"application/rss+xml": server + "rss.xml", "application/atom+xml": server + "atom.xml"}
    for _, url in feeds:
        status = page.evaluate("async url => (await fetch(url)).status", url)
        assert status == 200, url


def test_data_page_downloads_open(page, server):
    page.goto(server + "du-lieu/index.html")
    links = page.eval_on_selector_all("article a[href$='.csv'], article a[href$='.json']", "as => as.map(a => a.href)")
    assert {server + "du-lieu/nhiem-vu.csv", server + "du-lieu/han.csv", server + "du-lieu/ke-hoach.json",
            server + "du-lieu/ke-hoach.schema.json"} <= set(links)
    for url in sorted(set(links)):
        assert page.evaluate("async url => (await fetch(url)).status", url) == 200, url


def test_site_works_from_file_url(browser, site):
    """Opened from disk (file://), pages link relatively and search loads its index as scripts."""
    tab = browser.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    try:
        tab.goto((site / "index.html").as_uri())
        _search(tab, "tuyen truyen")
        assert any(f"ke-hoach/{TUYEN_TRUYEN}.html" in (h or "") for h in _hrefs(tab, ".heza-search-result a"))
    finally:
        tab.close()
    assert [u for u in requested if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
