"""Unit pages of the real content in Chromium, on a phone (375 px) and a desktop (1280 px): work given to a
group the unit belongs to ("theo nhóm"), the filter by year and role (heza-units.js), the subscribe block,
no sideways scrolling, no axe-core violation; without the script, everything shows.

Without /usr/bin/chromium (or the playwright package) the tests are skipped, except under CI (CI=true).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from chromium import add_axe, build_on_epoch, chromium, guarded_tab, served, wait_until

from generator.source.reader import read_content

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
UNIT = "so-noi-vu"
GROUP = "cac-so-ban-nganh"
WIDTHS = (375, 1280)
VISIBLE_ROWS = ".heza-unit-work li[data-role]:not(.heza-filtered-out)"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real content built once, with a fixed SOURCE_DATE_EPOCH."""
    work = tmp_path_factory.mktemp("unit-pages")
    shutil.copytree(REPO / "content", work / "content")
    return build_on_epoch(work / "content", work)


@pytest.fixture(scope="module")
def base_url() -> str:
    return read_content(REPO / "content")[0].site.base_url


@pytest.fixture(scope="module")
def server(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser, server):
    """The unit page at the parametrized width; the test fails if a request fails or leaves the server."""
    with guarded_tab(browser, server, request.param) as tab:
        tab.goto(server + f"don-vi/{UNIT}.html")
        tab.wait_for_selector("#heza-filter:not([hidden])")
        yield tab


def _fits(tab) -> None:
    width = tab.evaluate("window.innerWidth")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert tab.evaluate("document.body.scrollWidth") <= width


def _visible_rows(tab) -> list[dict[str, str | None]]:
    return tab.eval_on_selector_all(VISIBLE_ROWS, """rows => rows.filter(r => r.offsetParent !== null).map(r => ({
        year: r.getAttribute('data-year'), role: r.getAttribute('data-role'), via: r.getAttribute('data-via')}))""")


def test_so_noi_vu_lists_a_task_given_to_its_group_marked_theo_nhom(page):
    rows = page.locator(f".heza-unit-work li[data-via='{GROUP}']")
    assert rows.count() > 0
    row = rows.first
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    text = " ".join(row.inner_text().split())
    assert "theo nhóm: Các sở, ban, ngành" in text
    assert row.locator(".heza-via a").get_attribute("href") == f"{GROUP}.html"
    assert row.locator("a[href*='../ke-hoach/']").count() >= 2  # the task's row and its plan
    assert "Thuộc nhóm" in page.locator("article").inner_text()


def test_every_dated_row_carries_its_due_date(page):
    rows = page.eval_on_selector_all(".heza-unit-work li[data-role]", """rows => rows.map(r => [
        r.getAttribute('data-year'), r.getAttribute('data-due')])""")
    assert rows
    for year, due in rows:
        if year == "none":
            assert due is None
        else:
            assert due is not None and due.startswith(year + "-"), (year, due)


def test_filter_by_role_and_year_hides_and_shows_rows(page):
    everything = _visible_rows(page)
    status = page.locator("#heza-filter-status")
    assert status.get_attribute("aria-live") == "polite"
    assert str(len(everything)) in status.inner_text()

    page.get_by_label("Vai trò").select_option("group")
    grouped = _visible_rows(page)
    assert 0 < len(grouped) < len(everything)
    assert all(r["via"] for r in grouped)
    assert f"{len(grouped)} trên {len(everything)}" in status.inner_text()
    _fits(page)

    page.get_by_label("Vai trò").select_option("lead")
    assert all(r["role"] == "lead" for r in _visible_rows(page))

    page.get_by_label("Vai trò").select_option("")
    page.get_by_label("Năm").select_option("2022")
    in_2022 = _visible_rows(page)
    assert in_2022 and all(r["year"] == "2022" for r in in_2022)
    assert len(in_2022) == sum(1 for r in everything if r["year"] == "2022")
    # a list the filter leaves empty says so
    undated_list = page.locator(".heza-unit-work").filter(has=page.locator("li[data-year='none']")).first
    assert undated_list.locator(".heza-filter-empty").is_visible()

    page.get_by_label("Năm").select_option("")
    assert len(_visible_rows(page)) == len(everything)
    assert page.locator(".heza-filter-empty:visible").count() == 0


def test_filter_is_usable_with_the_keyboard(page):
    select = page.get_by_label("Vai trò")
    select.focus()
    assert page.evaluate("document.activeElement.id") == "heza-filter-role"
    page.keyboard.press("ArrowDown")
    chosen = select.evaluate("s => s.value")
    assert chosen == "lead"
    assert all(r["role"] == "lead" for r in _visible_rows(page))
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "heza-filter-year"


def test_no_sideways_scrolling(page):
    _fits(page)
    for box in page.locator(".heza-subscribe, .heza-filter, .heza-unit-work").all():
        assert box.evaluate("e => e.getBoundingClientRect().right") <= page.evaluate("window.innerWidth")


def test_subscribe_block_links_to_the_units_calendar(page, server, base_url):
    https = base_url + f"lich/don-vi/{UNIT}.ics"
    webcal = "webcal://" + https.split("://", 1)[1]
    block = page.locator(".heza-subscribe")
    hrefs = block.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert webcal in hrefs
    assert "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="") in hrefs
    assert f"../lich/don-vi/{UNIT}.ics" in hrefs
    assert block.locator("#heza-feed-url").inner_text().strip() == https
    download = page.evaluate("async url => (await fetch(url)).status", server + f"lich/don-vi/{UNIT}.ics")
    assert download == 200
    button = block.get_by_role("button", name="Sao chép địa chỉ")
    assert button.is_visible()
    button.click()
    wait_until(page, "document.querySelector('.heza-copy__status').textContent.length > 0")
    assert "sao chép" in block.locator(".heza-copy__status").inner_text().lower()


def test_no_wcag_violations(page):
    add_axe(page)
    for role in ("", "group"):
        page.get_by_label("Vai trò").select_option(role)
        result = page.evaluate("""async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        assert result["passes"], "axe-core ran no rule"
        problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
                    for v in result["violations"]]
        assert problems == []


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_without_the_script_everything_shows(browser, server, width):
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": width, "height": 900})
        tab.route("**/heza-units*.js", lambda route: route.fulfill(status=200, body="",
                                                                  content_type="text/javascript"))
        tab.goto(server + f"don-vi/{UNIT}.html")
        tab.wait_for_load_state("load")
        assert tab.locator("#heza-filter").is_hidden()
        assert tab.locator("button.heza-copy").is_hidden()
        rows = tab.locator(".heza-unit-work li[data-role]")
        assert rows.count() > 0
        assert tab.locator(".heza-unit-work li.heza-filtered-out").count() == 0
        assert tab.locator(f".heza-unit-work li[data-via='{GROUP}']").first.is_visible()
        address = tab.locator("#heza-feed-url")
        assert address.evaluate("e => getComputedStyle(e).userSelect") in ("all", "text", "auto")
        _fits(tab)
    finally:
        tab.close()
