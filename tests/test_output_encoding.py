"""Property tests: any text the check accepts goes through every output encoder and comes back as the
same text, without changing the structure around it (no new element, row, property or key).

Each test writes arbitrary text with the encoder the site uses for that place, reads it back with a
real parser of that format (Python-Markdown configured as mkdocs.yml configures it, html.parser, PyYAML
and MkDocs' own front-matter reader, csv, icalendar, ElementTree, json) and compares.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from mkdocs.utils.meta import get_data

from generator.outputs.filters import (
    Abbreviations,
    attribute,
    code_span,
    escape_md,
    escape_md_block,
    footnote_links,
    link_title,
    yaml_string,
)
from generator.outputs.newsfeeds import _sub, xml_text
from generator.outputs.opendata import inert_cell
from generator.website.searchindex import Section, _docs_text


def _allowed(char: str) -> bool:
    """Characters the check lets into a text value: no control characters but the newline, no
    surrogates or noncharacters, no tab (Markdown expands tabs; the check refuses them in text)."""
    if char == "\n":
        return True
    code = ord(char)
    if unicodedata.category(char) in ("Cc", "Cs") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return False
    return char not in "\u2028\u2029\u0085"


MARKDOWN_SYNTAX = [*"\\`*_{}[]()#+-.!|<>&\"'=:~^ \n", "!!! note", "*[", "]:", "{: ", "{#", "<!--", "-->",
                                                             "---", "1.", "1)", "    ", "&amp;", "&#x3C;", "http://"]
TEXT = st.lists(st.one_of(st.characters().filter(_allowed), st.sampled_from(MARKDOWN_SYNTAX)), max_size=40).map("".join)
EXTENSIONS = ["attr_list", "tables", "admonition", "md_in_html", "abbr", "toc"]  # as mkdocs.yml
_MD = markdown.Markdown(extensions=EXTENSIONS)


class _Tree(HTMLParser):
    """Tags (with attributes) and text of an HTML fragment; <br> read as a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "br":
            self.text += "\n"

    def handle_data(self, data: str) -> None:
        self.text += data


def _tree(fragment: str) -> _Tree:
    tree = _Tree()
    tree.feed(fragment)
    tree.close()
    return tree


def _one_line_breaks(text: str) -> str:
    """What escape_md keeps of the text's layout: trimmed, each line break (with the spaces around it) one."""
    return re.sub(r"\s*\n\s*", "\n", text.strip())


def _one_line(text: str) -> str:
    return " ".join(text.split())


@given(TEXT)
@settings(max_examples=400)
@example("!!! danger \"x\"")
@example("1. một")
@example("*[CCHC]: x")
def test_markdown_paragraph_is_the_text_and_nothing_else(text):
    if not text.strip():
        return
    html = _MD.reset().convert(str(escape_md_block(text)))
    tree = _tree(html)
    assert [tag for tag, _ in tree.tags if tag != "br"] == ["p"], html
    assert tree.text.strip("\n") == _one_line_breaks(text)


@given(TEXT)
@settings(max_examples=300)
def test_markdown_table_cell_is_the_text_and_nothing_else(text):
    html = _MD.reset().convert(f"| a | b |\n|---|---|\n| {escape_md(text)} | z |\n")
    tree = _tree(html)
    assert [tag for tag, _ in tree.tags if tag != "br"] == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td",
                                                           "td"], html
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert len(cells) == 2 and cells[1] == "z", html
    assert _tree(cells[0]).text == _one_line_breaks(text)


@given(TEXT)
@settings(max_examples=300)
def test_markdown_link_title_is_the_text_on_one_line(text):
    html = _MD.reset().convert(f'Xem [đơn vị](../don-vi/x.html "{link_title(text)}").')
    tree = _tree(html)
    assert [tag for tag, _ in tree.tags] == ["p", "a"], html
    assert tree.tags[1][1] == {"href": "../don-vi/x.html", "title": _one_line(text)}


@given(TEXT)
@settings(max_examples=300)
def test_markdown_code_span_is_the_text_on_one_line(text):
    if not text.strip():
        return
    html = _MD.reset().convert(f"Trường {code_span(text)} ở đây.")
    tree = _tree(html)
    assert [tag for tag, _ in tree.tags] == ["p", "code"], html
    code = html[html.index("<code>") + 6:html.index("</code>")]
    assert _tree(code).text.strip() == _one_line(text).strip()


@given(TEXT, st.booleans())
@settings(max_examples=300)
def test_html_text_is_the_text_with_only_line_breaks_and_abbreviations(text, glossary):
    marked = Abbreviations({"CCHC": 'cải cách "hành chính"', "TTHC": ""} if glossary else {})(text)
    tree = _tree(f"<td>{marked}</td>")
    assert {tag for tag, _ in tree.tags} <= {"td", "br", "abbr"}
    assert all(set(attrs) <= {"title"} for tag, attrs in tree.tags if tag == "abbr")
    assert tree.text == _one_line_breaks(text)


@given(TEXT)
@settings(max_examples=300)
def test_html_attribute_is_the_text_on_one_line(text):
    tree = _tree(f'<a href="x.html" title="{attribute(text)}">y</a>')
    assert tree.tags == [("a", {"href": "x.html", "title": _one_line(text)})]


@given(TEXT)
@settings(max_examples=300)
def test_front_matter_value_is_the_text(text):
    value = str(yaml_string(text))
    assert "\n" not in value and "<" not in value
    assert yaml.safe_load(f"title: {value}\n") == {"title": text}
    body, meta = get_data(f"---\ntitle: {value}\ndescription: x\n---\n\n# Trang\n")
    assert meta == {"title": text, "description": "x"} and body.strip() == "# Trang"


@given(TEXT)
@settings(max_examples=300)
def test_csv_cell_is_the_text_and_never_a_formula(text):
    buffer = io.StringIO()
    csv.writer(buffer, dialect="excel").writerow(["a", inert_cell(text), "b"])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert len(rows) == 1 and len(rows[0]) == 3
    cell = rows[0][1]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell == text or (cell == "'" + text and text.startswith(("=", "+", "-", "@")))


@given(TEXT, TEXT)
@settings(max_examples=300)
def test_calendar_text_properties_are_the_text(summary, description):
    event = Event()
    event.add("uid", "x@lich.cchc.heza.gov.vn")
    event.add("summary", summary)
    event.add("description", description)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add_component(event)
    data = calendar.to_ical()
    assert data.count(b"BEGIN:VEVENT") == 1 and b"\nUID:" not in data.replace(b"\r\nUID:x@", b"")
    parsed = Calendar.from_ical(data).walk("VEVENT")
    assert len(parsed) == 1
    assert str(parsed[0]["SUMMARY"]) == summary and str(parsed[0]["DESCRIPTION"]) == description


@given(TEXT)
@settings(max_examples=300)
def test_xml_element_and_attribute_are_the_text(text):
    root = ET.Element("rss")
    _sub(root, "title", text, href=text)
    parsed = ET.fromstring(ET.tostring(root, encoding="unicode"))
    title = parsed.find("title")
    assert len(parsed) == 1 and title is not None
    assert (title.text or "") == xml_text(text)
    assert title.get("href") == xml_text(text).replace("\n", " ") or title.get("href") == xml_text(text)


@given(TEXT, TEXT)
@settings(max_examples=200)
def test_search_index_documents_are_the_text(title, snippet):
    script = _docs_text(0, [Section("ke-hoach/x.html#a", title, "Trang", snippet)])
    match = re.fullmatch(r"hezaSearch\.docs\(0,(.*)\);\n", script, re.S)
    assert match is not None
    (url, got_title, page, got_snippet), = json.loads(match.group(1))
    assert (url, got_title, page) == ("ke-hoach/x.html#a", title, "Trang")
    assert got_snippet == snippet or got_snippet.endswith(" …")


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("hành chính¹.", ["1"], 'hành chính<a class="heza-fn" href="#chu-thich-1" aria-label="chú thích 1">¹</a>.'),
    ("km² và chính¹", ["1"], 'km² và chính<a class="heza-fn" href="#chu-thich-1" aria-label="chú thích 1">¹</a>'),
    ("năm 2¹²", ["1"], "năm 2¹²"),  # part of a longer superscript number
    ("¹ đầu dòng", ["1"], "¹ đầu dòng"),  # not after a word
    ("chính¹", ["*", "<b>", "1\"><script>"], "chính¹"),  # marks that are not digits link nothing
])
def test_footnote_marks_link_to_their_footnote(text, marks, expected):
    """Regression: the PAR plan's "¹" led nowhere."""
    assert str(footnote_links(escape_md_block(text), marks)) == expected
