"""The real content with an attack in every text field (tests/hostile.py) builds into a site where the
attack is only text: no new tag, attribute, script or link in any page, no new event in any calendar,
no formula in any CSV cell, well-formed JSON and XML that give the text back as written.

The Chromium half (no dialog fires on any page) is tests/browser/test_hostile_pages.py.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import REPO
from generator.build import build
from generator.outputs.opendata import FORMULA_STARTS
from generator.source.reader import read_content
from generator.website.searchindex import IndexReader
from hostile import KEPT, LEAD, MARKS, PAYLOAD, free_text_fields, hostile_content

EPOCH = "1795392000"  # 2026-11-23 (UTC)


def _build(content: Path, out: Path) -> Path:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(content, out / "site", docs_dir=out / "docs")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return out / "site"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The attacked content tree."""
    return hostile_content(REPO / "content", tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="module")
def hostile_site(hostile, tmp_path_factory) -> Path:
    return _build(hostile, tmp_path_factory.mktemp("hostile-site"))


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("plain")
    shutil.copytree(REPO / "content", work / "content")
    return _build(work / "content", work)


class _Structure(HTMLParser):
    """What a page is made of, apart from its text: tags, attribute names, URLs' schemes, inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shapes: set[tuple[str, str | None]] = set()
        self.scripts: set[str] = set()
        self.data_blocks: set[str] = set()  # <script type="application/ld+json">: data, never run
        self.urls: set[str] = set()
        self.marks: set[str] = set()
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shapes.add((tag, None))
        for name, value in attrs:
            self.shapes.add((tag, name))
            if name in ("href", "src", "action", "formaction") and value:
                self.urls.add(value.strip().lower().split(":", 1)[0] if ":" in value else "")
        self._in_script = tag == "script"
        self._in_data = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data_blocks.add(data)
        elif self._in_script and data.strip():
            self.scripts.add(data)

    def handle_comment(self, data: str) -> None:
        self.marks.add(data)


def _structure(site: Path) -> dict[str, _Structure]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Structure()
        parser.feed(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = parser
    return found


def _text_fields(value: object, found: set[tuple[str, str]], marker: str = "") -> set[tuple[str, str]]:
    """(class, field) of every free-text value in a model tree (holding `marker`, when given)."""
    if isinstance(value, tuple):
        for item in value:
            _text_fields(item, found, marker)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            field = getattr(value, name)
            if isinstance(field, str) and field and marker in field:
                found.add((type(value).__name__, name))
            _text_fields(field, found, marker)
    return found


def test_every_free_text_field_of_the_model_is_attacked(hostile):
    """The attack is generated from the model: every free-text field the real content fills (and every
    optional one it leaves empty) carries it, with the formula lead first."""
    attacked, _ = read_content(hostile)
    original, _ = read_content(REPO / "content")
    seen, model = _text_fields(attacked, set(), PAYLOAD.strip()), set(free_text_fields())
    assert seen <= model
    assert (_text_fields(original, set()) & model) - KEPT <= seen


def test_pages_gain_no_tag_attribute_script_or_link_from_content(hostile_site, plain_site):
    plain, attacked = _structure(plain_site), _structure(hostile_site)
    assert sorted(attacked) == sorted(plain)
    # a section's depth follows the dots of its printed number, which the attack lengthens: any heading level
    headings = {(f"h{n}", attr) for n in range(1, 7) for attr in (None, "id")}
    allowed_shapes = set().union(*(p.shapes for p in plain.values())) | headings
    allowed_scripts = set().union(*(p.scripts for p in plain.values()))
    for path, page in attacked.items():
        assert page.shapes <= allowed_shapes, (path, page.shapes - allowed_shapes)
        assert page.scripts <= allowed_scripts, path
        assert not any(name.startswith("on") for _, name in page.shapes if name), path
        assert "javascript" not in page.urls, path
        assert not any("heza-sealed" in m or "heza-block" in m or "heza:html" in m for m in page.marks), path


def test_markdown_written_for_mkdocs_carries_no_markup_from_content(hostile_site):
    docs = hostile_site.parent / "docs"
    for page in docs.rglob("*.md"):
        text = re.sub(r"(`+).*?\1", "", page.read_text(encoding="utf-8"))  # code spans: Markdown escapes them
        for raw in ("<svg", "<img", "<script>alert", "\n!!! danger"):
            assert raw not in text, (page, raw)


def test_calendars_hold_no_event_from_text_and_give_the_text_back(hostile_site):
    descriptions = []
    for feed in sorted(hostile_site.rglob("*.ics")):
        data = feed.read_bytes()
        calendar = Calendar.from_ical(data)
        events = calendar.walk("VEVENT")
        assert data.count(b"\r\nBEGIN:VEVENT\r\n") == len(events), feed
        unfolded = data.replace(b"\r\n ", b"")
        assert b"\r\nUID:hostile" not in unfolded, feed
        assert all(str(e["UID"]).endswith("@lich.cchc.heza.gov.vn") for e in events), feed
        descriptions += [str(e["DESCRIPTION"]) for e in events]
    assert any(PAYLOAD.strip() in d for d in descriptions)


def test_csv_cells_never_start_a_formula(hostile_site):
    for name in ("nhiem-vu.csv", "han.csv"):
        rows = list(csv.reader(io.StringIO((hostile_site / "du-lieu" / name).read_text(encoding="utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith(FORMULA_STARTS) for cell in cells), name
        assert any(cell.startswith("'" + LEAD) and PAYLOAD.strip() in cell for cell in cells), name


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def test_json_gives_the_text_back(hostile_site):
    for path in (hostile_site / "du-lieu").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not path.name.endswith("schema.json"):
            assert any(PAYLOAD.strip() in s for s in _strings(data)), path


def test_news_feeds_and_sitemap_are_well_formed_and_give_the_text_back(hostile_site):
    rss = ET.parse(hostile_site / "rss.xml")
    titles = [t.text or "" for t in rss.iter("title")]
    assert any(PAYLOAD.strip() in t for t in titles)
    ET.parse(hostile_site / "atom.xml")
    ET.parse(hostile_site / "sitemap.xml")


def test_search_index_loads_and_holds_the_text(hostile_site):
    index = IndexReader(hostile_site)
    assert index.urls("onmouseover")
    snippets = [index.document(n)[3] for n in range(index.manifest["documents"])]
    assert any("<svg onload=" in s for s in snippets)


def test_every_alert_mark_is_text_not_code(hostile_site):
    """Each alert the payload tries names a mark (X1 …): in a page, it may be read, never run."""
    for page in hostile_site.rglob("*.html"):
        parser = _Structure()
        parser.feed(page.read_text(encoding="utf-8"))
        for script in parser.scripts:
            assert not any(f"'{mark}'" in script for mark in MARKS), page


def test_schema_org_data_holds_content_as_json_text(hostile_site):
    """The data page's JSON-LD carries the site's name: it stays one JSON value with no markup in it."""
    blocks = []
    for page in hostile_site.rglob("*.html"):
        parser = _Structure()
        parser.feed(page.read_text(encoding="utf-8"))
        blocks += parser.data_blocks
    assert blocks
    for block in blocks:
        assert "<" not in block and ">" not in block and "&" not in block
        assert json.loads(block)["@context"] == "https://schema.org"
