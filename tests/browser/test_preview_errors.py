"""`heza serve` in Chromium: a save that breaks a plan turns the open page into the Vietnamese error page (file,
line, column, field, message, the line with a marker under the column), and the next save that fixes it
brings the page back, each time by MkDocs' live reload alone; a first build that fails shows the error page,
not a 404. The error page escapes what the file holds and loads nothing: no request leaves the machine.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import chromium

from generator.engine.preview import PreviewServer, preview_server

TESTS = Path(__file__).resolve().parents[1]
PLAN = "content/plans/2024-1-kh-bql.yaml"
GOOD = "        deadline: Quý II/2024\n"
# What an editor pastes: a loose deadline, and markup that must read as text (no element, no script).
BROKEN = "        deadline: <img src=x onerror=alert(1)>Trước 15/3\n"
FIXED = "        deadline: Trước ngày 15/3\n"
WAIT_MS = 30_000  # a rebuild of the small fixture takes about two seconds; the watcher polls every half second


@pytest.fixture
def work(tmp_path) -> Path:
    """The base fixture content (one plan) in a folder of its own."""
    shutil.copytree(TESTS / "fixtures" / "base" / "content", tmp_path / "content")
    return tmp_path


def _edit(work: Path, old: str, new: str) -> None:
    plan = work / PLAN
    text = plan.read_text(encoding="utf-8")
    assert old in text, old
    time.sleep(0.6)  # a modification time the polling watcher tells apart from the previous save
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(work, monkeypatch) -> Iterator[str]:
    """`heza serve` on a free loopback port, run from `work` as an editor runs it; yields its URL."""
    monkeypatch.chdir(work)
    server: PreviewServer = preview_server(Path("content"), work / "preview", "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while server.server_address[1] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def tab(tmp_path, preview) -> Iterator:
    """A Chromium tab; the test fails if a request goes anywhere but the preview, or a dialog opens."""
    with chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        requested: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield page
        host = urlsplit(preview).netloc
        foreign = [u for u in requested if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != host]
        assert foreign == [], f"requests left the machine: {foreign}"
        assert dialogs == [], f"a script from the content ran: {dialogs}"


def _check_error_page(tab) -> None:
    """The error page names the place, the field and the cause, and marks the column under the line."""
    tab.wait_for_selector("#heza-loi-xem-truoc", timeout=WAIT_MS)
    assert tab.title() == "Lỗi — xem trước"
    assert tab.locator("html").get_attribute("lang") == "vi"
    item = tab.locator("li.heza-loi")
    assert item.count() == 1
    assert item.locator(".heza-vi-tri").inner_text() == f"{PLAN}, dòng 32, cột 19"
    assert item.locator(".heza-truong").inner_text() == "Trường: sections[0].tasks[0].deadline"
    assert item.locator(".heza-thong-bao").inner_text() == (
        'không hiểu thời hạn "<img src=x onerror=alert(1)>Trước 15/3"; hãy viết như văn bản, ví dụ: '
        '"10/01/2022", "trước ngày 10/01/2022", "Tháng 12/2021", "Quý II/2022", "Cả năm 2022", '
        '"6 tháng đầu năm 2022", "định kỳ vào ngày 10 hằng tháng", "trước ngày 05/12 hằng năm", '
        '"Theo yêu cầu của Bộ Nội vụ"')
    line, marker = item.locator("pre").inner_text().split("\n")[:2]
    assert line == "32 │ " + BROKEN.rstrip("\n")
    assert marker.index("^") == len("32 │ ") + 19 - 1  # under column 19: the "<" the value starts with
    assert item.locator("pre mark").inner_text() == "<"
    assert tab.locator("img").count() == 0  # the pasted markup is text


def test_a_broken_save_shows_the_error_page_and_the_fix_brings_the_page_back(work, preview, tab):
    tab.goto(preview + "ke-hoach/2024-1-kh-bql.html")
    assert "Quý II/2024" in tab.locator("article").first.inner_text()
    _edit(work, GOOD, BROKEN)
    _check_error_page(tab)  # the open page reloaded onto the error page by itself
    tab.goto(preview + "don-vi/so-noi-vu.html")  # every page is the error page while the file is broken
    tab.wait_for_selector("#heza-loi-xem-truoc", timeout=WAIT_MS)
    tab.goto(preview + "ke-hoach/2024-1-kh-bql.html")
    _edit(work, BROKEN, FIXED)
    tab.wait_for_selector("article", timeout=WAIT_MS)  # ... and back to the plan, fixed, by itself
    assert "Trước ngày 15/3" in tab.locator("article").first.inner_text()
    assert tab.locator("#heza-loi-xem-truoc").count() == 0


@pytest.fixture
def broken_from_the_start(work) -> Path:
    plan = work / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace(GOOD, BROKEN, 1), encoding="utf-8")
    return work


def test_a_first_build_that_fails_shows_the_error_page_not_a_404(broken_from_the_start, preview, tab):
    response = tab.goto(preview)
    assert response is not None and response.status == 200
    _check_error_page(tab)
    _edit(broken_from_the_start, BROKEN, FIXED)
    tab.wait_for_selector("article", timeout=WAIT_MS)
    assert tab.locator("#heza-loi-xem-truoc").count() == 0
