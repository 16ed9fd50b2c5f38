"""The real content with an attack in every text field (tests/hostile.py), built and opened in Chromium:
no dialog fires on any page, no element carries an event handler, and the attack reads as text."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from chromium import build_on_epoch, chromium, served

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared attack generator
from hostile import hostile_content

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile-browser")
    content = hostile_content(REPO / "content", work / "content")
    return build_on_epoch(content, work)


def _pages(site: Path) -> list[str]:
    """Every page of the site but the long lists of units (a few of them stand for the rest)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    units = [p for p in pages if p.startswith("don-vi/") and p != "don-vi/index.html"]
    return [p for p in pages if p not in units[5:]]


_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(e =>
    [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + '@' + a.name))"""


def test_no_script_from_content_runs_on_any_page(hostile_site, tmp_path):
    """Regression: a title `" onmouseover=… x="'><svg onload=alert('X')>` broke out of the description
    meta tag and the dialog fired in Chromium."""
    dialogs: list[str] = []
    with served(hostile_site) as server, chromium(tmp_path / "profile") as browser:
        tab = browser.new_page()
        tab.on("dialog", lambda dialog: (dialogs.append(f"{tab.url}: {dialog.message}"), dialog.dismiss()))
        for path in _pages(hostile_site):
            tab.goto(server + path, wait_until="load")
            tab.mouse.move(200, 200)
            assert tab.evaluate(_HANDLERS) == [], path
        tab.goto(server + "tim-kiem.html?q=onmouseover svg", wait_until="networkidle")
        assert tab.locator(".heza-search-result").count() > 0
        assert tab.evaluate(_HANDLERS) == []
        tab.goto(server + "ke-hoach/2025-1488-kh-bql.html", wait_until="load")
        assert "<svg onload=alert('X2')>" in tab.title()
        assert "<svg onload=alert('X2')>" in tab.locator("h1").inner_text()
    assert dialogs == []
