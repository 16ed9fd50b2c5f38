"""Plan pages and the dates that follow the reader's clock, as a citizen meets them on a phone (375 px) and a
desktop (1280 px): the summary first, a contents list on phones, tasks as labelled cards with no sideways
scrolling, the notes on the transcription collapsed and in plain words, dates relative to the browser's day."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from chromium import add_axe, build_on_epoch, chromium, served

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
EPOCH = "1795392000"  # 2026-11-23: the build day
BIG_PLAN = "ke-hoach/2021-3848-qd-ubnd.html"
NO_TASK_LIST = "ke-hoach/2024-330-kh-bql.html"
WIDTHS = (375, 1280)
FIELD_PATH = re.compile(r"\b(?:document|sections|tasks|reports|appendices|implementation)(?:\[[^\]]*\])?\.[a-z_]+"
                        r"|\b[a-z_]+\[\d+\]")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("plan-pages")
    shutil.copytree(REPO / "content", work / "content")
    with served(build_on_epoch(work / "content", work, keep_feed_history=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("profile")) as context:
        yield context


@pytest.fixture
def tab(browser):
    page = browser.new_page()
    yield page
    page.close()


def _clock(page, day: str) -> None:
    """The browser's clock set to 09:00 on `day` (local time) before any script of the page runs."""
    page.add_init_script(f"""(() => {{
        const fixed = new Date('{day}T09:00:00').getTime(), Real = Date;
        class Fixed extends Real {{ constructor(...a) {{ super(...(a.length ? a : [fixed])); }}
                                    static now() {{ return fixed; }} }}
        window.Date = Fixed; }})();""")


def _open(tab, server, path: str, width: int):
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(server + path)
    tab.wait_for_load_state("load")


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_needs_sideways_scrolling(tab, server, width):
    for path in (BIG_PLAN, NO_TASK_LIST, "index.html", "lich/2022.html", "linh-vuc/the-che.html"):
        _open(tab, server, path, width)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, path


def test_tasks_are_labelled_cards_on_a_phone_with_the_deadline_in_view(tab, server):
    _open(tab, server, BIG_PLAN, 375)
    card = tab.locator("tr:has(#nv-1a)")
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    deadline = card.locator("td[data-label='Thời hạn']")
    box = deadline.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, "the deadline is on screen, not off to the side"
    label = deadline.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Thời hạn" in label
    assert "31/12/2021" in deadline.inner_text()


def test_tasks_are_a_table_on_a_desktop(tab, server):
    _open(tab, server, BIG_PLAN, 1280)
    assert tab.locator("tr:has(#nv-1a)").evaluate("e => getComputedStyle(e).display") == "table-row"
    assert tab.locator(".heza-tasks thead th").first.is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_comes_first(tab, server, width):
    _open(tab, server, BIG_PLAN, width)
    summary = tab.locator(".heza-tomtat")
    assert summary.bounding_box()["y"] < 2 * 800, "the summary is within the first two screens"
    text = summary.inner_text()
    assert "44 nhiệm vụ" in text and "Chủ trì nhiều nhiệm vụ nhất" in text
    assert "chỗ chưa chắc chắn" in text


def test_a_plan_without_its_task_list_says_so_at_the_top_and_in_the_list(tab, server):
    _open(tab, server, NO_TASK_LIST, 375)
    assert "bản lưu không có đủ phụ lục của văn bản" in tab.locator(".heza-tomtat").inner_text()
    _open(tab, server, "ke-hoach/index.html", 375)
    entry = tab.locator("[id=\"2024-330-kh-bql\"] ~ p").first.inner_text()
    assert "Chưa có nhiệm vụ nào trên trang" in entry


def test_the_contents_list_is_there_on_a_phone_and_left_to_the_sidebar_on_a_desktop(tab, server):
    _open(tab, server, BIG_PLAN, 375)
    contents = tab.locator("details.heza-mucluc")
    assert contents.is_visible()
    contents.locator("summary").click()
    link = contents.locator("a", has_text="Chế độ báo cáo")
    link.click()
    assert tab.evaluate("location.hash") == "#bao-cao"
    _open(tab, server, BIG_PLAN, 1280)
    assert not tab.locator("details.heza-mucluc").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_notes_on_the_transcription_are_collapsed_in_plain_words(tab, server, width):
    _open(tab, server, BIG_PLAN, width)
    notes = tab.locator("details#ve-ban-chep")
    assert notes.get_attribute("open") is None
    text = notes.evaluate("e => e.textContent")
    assert "Về bản chép này" in text and not FIELD_PATH.search(text)
    article = tab.locator("article").inner_text()
    assert not FIELD_PATH.search(article), FIELD_PATH.search(article)


def test_a_mark_links_to_its_note_and_opens_the_block(tab, server):
    _open(tab, server, BIG_PLAN, 375)
    mark = tab.locator("tr:has(#nv-1a) .heza-mark a").first
    mark.click()
    note = tab.locator(mark.get_attribute("href"))
    assert tab.locator("details#ve-ban-chep").get_attribute("open") is not None
    assert note.is_visible()


def _pdf_pages(tab) -> int:
    """Pages of the PDF Chromium prints of the page (printing fires beforeprint, as Ctrl+P does)."""
    return len(re.findall(rb"/Type\s*/Page\b", tab.pdf(format="A4")))


def test_notes_are_not_printed_unless_opened(tab, server):
    """Regression: Material opens every <details> before printing, so the closed notes printed anyway (five pages
    of the 2022 plan); they print only when the reader opened them."""
    _open(tab, server, BIG_PLAN, 1280)
    closed = _pdf_pages(tab)  # before any emulated media: a PDF is printed with the media emulated last
    assert tab.locator("details#ve-ban-chep").get_attribute("open") is None, "closed again after printing"
    tab.locator("details#ve-ban-chep > summary").click()
    opened = _pdf_pages(tab)
    tab.locator("details#ve-ban-chep > summary").click()
    assert _pdf_pages(tab) == closed, "closed by the reader: not printed"
    tab.emulate_media(media="print")
    assert not tab.locator("details#ve-ban-chep").is_visible()
    assert not tab.locator(".heza-tomtat").is_visible()
    assert tab.locator(".heza-vbhc").is_visible(), "the document's own header is printed"
    tab.emulate_media(media="screen")
    tab.evaluate("document.getElementById('ve-ban-chep').remove()")
    tab.emulate_media(media="print")
    assert tab.pdf(format="A4") and closed == _pdf_pages(tab) < opened
    tab.emulate_media(media="screen")


def test_an_abbreviation_has_its_tooltip_once_per_section(tab, server):
    _open(tab, server, BIG_PLAN, 1280)
    repeats = tab.evaluate("""() => {
        const seen = new Map(); let repeated = 0, section = 0;
        for (const el of document.querySelectorAll('article h1, article h2, article h3, article abbr[title]')) {
            if (el.tagName !== 'ABBR') { section++; continue; }
            const key = section + ':' + el.textContent;
            if (seen.has(key)) repeated++; else seen.set(key, 1);
        }
        return repeated; }""")
    assert repeats == 0
    assert tab.locator("article abbr[title]").count() < 120


def test_the_home_window_follows_the_browsers_clock(tab, server):
    later = (dt.date(2026, 11, 23) + dt.timedelta(days=3 * 365)).isoformat()
    _clock(tab, later)
    _open(tab, server, "index.html", 375)
    start = tab.locator("time[data-heza-window-start]")
    assert start.get_attribute("datetime") == later
    shown = tab.eval_on_selector_all("[data-heza-window] li[data-due]:not([hidden])",
                                     "rows => rows.map(r => r.getAttribute('data-due'))")
    end = (dt.date.fromisoformat(later) + dt.timedelta(days=60)).isoformat()
    assert all(later <= day <= end for day in shown)
    if not shown:
        assert tab.locator("[data-heza-window-empty]").is_visible()
    assert not tab.locator("[data-heza-build-only]").is_visible()


def test_the_home_window_at_the_build_day_shows_the_carried_dates(tab, server):
    _clock(tab, "2026-11-23")
    _open(tab, server, "index.html", 1280)
    shown = tab.eval_on_selector_all("[data-heza-window] li[data-due]:not([hidden])",
                                     "rows => rows.map(r => r.getAttribute('data-due'))")
    assert all("2026-11-23" <= day <= "2027-01-22" for day in shown)


def test_this_year_follows_the_browsers_clock(tab, server):
    _clock(tab, "2027-03-01")
    _open(tab, server, "lich/index.html", 1280)
    marks = tab.eval_on_selector_all("[data-heza-year]",
                                     "els => els.filter(e => !e.hidden).map(e => e.dataset.hezaYear)")
    assert marks in ([], ["2027"])
    assert tab.locator("time[data-heza-today]").first.get_attribute("datetime") == "2027-03-01"


@pytest.mark.parametrize("path", [BIG_PLAN, "don-vi/so-noi-vu.html", "lich/2022.html"])
def test_pages_outside_the_navigation_lead_back(tab, server, path):
    _open(tab, server, path, 375)
    trail = tab.locator("nav.heza-breadcrumb a")
    assert trail.first.inner_text() == "Trang chủ"
    assert trail.count() == 2


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [BIG_PLAN, NO_TASK_LIST, "kha-nang-tiep-can.html"])
def test_no_wcag_violations(tab, server, path, width):
    _open(tab, server, path, width)
    add_axe(tab)
    result = tab.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
                for v in result["violations"]]
    assert problems == []


def test_regression_the_nearest_month_link_pointed_to_a_month_whose_deadlines_had_passed(tab, server):
    """On 28/11/2026 the only deadline of November 2026 (10/11) has passed: the link leads to December."""
    _clock(tab, "2026-11-28")
    _open(tab, server, "lich/2026.html", 375)
    link = tab.locator("a[data-heza-next-month]")
    assert link.is_visible() and link.inner_text().endswith("Tháng 12/2026")
    assert link.get_attribute("href") == "#thang-2026-12"


@pytest.mark.parametrize("path", ["index.html", "lich/index.html", "lich/2026.html", "don-vi/so-noi-vu.html", BIG_PLAN])
def test_without_scripts_dates_relative_to_today_say_they_are_the_build_days(tab, server, path):
    """Regression: year, deadline and unit pages said "Hôm nay: 23/11/2026" with no word that this is the day the
    page was updated; with scripts, the browser's own day replaces it and the label goes."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    _open(tab, server, path, 375)
    assert "tính đến ngày" in tab.locator("article").inner_text(), path
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": False})
    _clock(tab, "2029-03-02")
    _open(tab, server, path, 375)
    text = tab.locator("article").inner_text()
    assert "ngày trang được cập nhật" not in text, path
