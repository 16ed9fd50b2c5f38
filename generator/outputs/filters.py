"""Encoders for every place content text goes in a page: Markdown text, HTML blocks, attributes, link
titles, code spans, YAML front matter. Each returns markup that is inert where it goes; anything a
template prints without one goes through `finalize` (inert Markdown text).

Characters Markdown (or one of mkdocs.yml's extensions) reads as syntax are written as character
references: browsers show them as the characters and Markdown leaves references alone, so the same
escaped text is inert in a Markdown paragraph, a table cell, inline HTML inside Markdown and a raw HTML
block alike. Glossary abbreviations in HTML blocks are marked as Python-Markdown's abbr extension marks
the rest.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from markupsafe import Markup

from generator import routes
from generator.source.model import PartialDate

_LINE_BREAK = re.compile(r"\s*\r?\n\s*")
MARKDOWN_SYNTAX = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]|#!"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")  # for link titles, where Markdown reads backslash escapes
# A paragraph that starts with one of these would become a list or a numbered list.
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))")
# YAML front matter: characters that YAML reads as line breaks, and those a raw-HTML reader of the
# Markdown file could take for markup, are written as \u escapes (JSON and YAML share them).
_FRONT_MATTER_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u0085\u2028\u2029"}


def inert_text(text: Any) -> str:
    """Content text as HTML text, with the characters Markdown could read as syntax as references."""
    return html.escape(str(text), quote=False).translate(MARKDOWN_SYNTAX)


def attribute(text: Any) -> Markup:
    """Content text for a double-quoted attribute value, on one line."""
    return Markup(html.escape(" ".join(str(text).split()), quote=False).replace('"', "&quot;"))


def escape_md(text: Any) -> Markup:
    """Content text made inert in Markdown and HTML, on one line (safe in a table cell)."""
    return Markup(re.sub(r"\s*\r?\n\s*", "<br>", inert_text(text).strip()))


def escape_md_block(text: Any) -> Markup:
    """A paragraph of content text: escaped, and never read as a list, heading, admonition or code block."""
    text = str(escape_md(text))
    match = _BLOCK_START.match(text)
    if match:  # "- Nâng cao …" and "1. …" are the document's own wording, not Markdown lists
        marker = match.group(2)
        rest = text[match.end(1):]
        if marker.isdigit():  # "1." stays "1.", with the dot as a reference
            return Markup(marker + f"&#{ord(rest[len(marker)])};" + rest[len(marker) + 1:])
        return Markup(f"&#{ord(marker)};" + rest[1:])
    return Markup(text)


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPT_DIGITS)


def footnote_links(text: Markup, marks: Iterable[str]) -> Markup:
    """Escaped paragraph `text` with each footnote mark the document prints right after a word ("chính¹", for
    the footnote "1") made a link to that footnote; the mark as printed stays the link's text."""
    for mark in marks:
        if not (mark.isascii() and mark.isdigit()):  # only digits are printed as superscripts (and stay inert)
            continue
        printed = mark.translate(_SUPERSCRIPT)
        if printed not in text:
            continue
        link = (f'<a class="heza-fn" href="#{routes.footnote_anchor(mark)}" '
                f'aria-label="chú thích {mark}">{printed}</a>')
        found = re.compile(rf"(?<=[^\s{_SUPERSCRIPT_DIGITS}]){re.escape(printed)}(?![{_SUPERSCRIPT_DIGITS}])")
        text = Markup(found.sub(link, str(text)))
    return text


def finalize(value: Any) -> Any:
    """What `{{ value }}` prints in a page template: trusted markup as it is, anything else as inert
    Markdown text, so a value printed without a filter can never become a link, a list or HTML."""
    if isinstance(value, Markup) or value is None:
        return value
    return escape_md(value)


def link_title(value: Any) -> Markup:
    """Content text for the double-quoted title of a Markdown link: on one line, inert, and neither
    quote can end it (Python-Markdown also reads a title as single-quoted)."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return Markup(html.escape(text, quote=True))


def yaml_string(value: Any) -> Markup:
    """A YAML scalar (JSON string syntax) for front matter, on one line and free of markup characters."""
    return Markup(json.dumps(str(value), ensure_ascii=False).translate(_FRONT_MATTER_ESCAPES))


def code_span(value: Any) -> Markup:
    """Text shown as typed, in a Markdown code span (Markdown escapes its HTML characters itself)."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def heading_marks(level: int) -> Markup:
    """The `###` that opens a Markdown heading of this level."""
    return Markup("#" * level)


def oneline(text: Any) -> Markup:
    """Rendered macro output joined onto one line, for a table cell."""
    return Markup(re.sub(r"\s*\n\s*", " ", str(text)).strip())


def vn_date(day: date | PartialDate) -> str:
    """`24/01/2024`; a partial date keeps its unknown parts as `…`."""
    if isinstance(day, PartialDate):
        return "/".join([f"{day.day:02d}" if day.day else "…", f"{day.month:02d}" if day.month else "…",
                         str(day.year)])
    return f"{day:%d/%m/%Y}"


def long_date(day: PartialDate) -> str:
    """`ngày 24 tháng 01 năm 2024`, `ngày 18 tháng 4 năm 2025`, with `…` for what the scan does not show: a zero
    before a day under 10 and months 1 and 2 only, as documents print dates (Nghị định 30/2020/NĐ-CP)."""
    dd = f"{day.day:02d}" if day.day else "…"
    mm = (f"{day.month:02d}" if day.month <= 2 else str(day.month)) if day.month else "…"
    return f"ngày {dd} tháng {mm} năm {day.year}"


class Abbreviations:
    """Marks each glossary abbreviation in a text with `<abbr title="expansion">`."""

    def __init__(self, glossary: dict[str, str]):
        self._expansions = dict(glossary)  # an empty expansion still matches (and so shadows shorter terms)
        terms = sorted(self._expansions, key=len, reverse=True)  # longest first, as the abbr extension
        self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b") if terms else None
        self._done: dict[str, Markup] = {}  # unit names and titles recur on many pages

    def __call__(self, text: Any) -> Markup:
        """`text` as HTML on one line: escaped, abbreviations marked, line breaks as `<br>`."""
        text = str(text)
        if text not in self._done:
            self._done[text] = self._mark(text)
        return self._done[text]

    def _mark(self, text: str) -> Markup:
        text = _LINE_BREAK.sub("\n", text.strip())
        if self._pattern is None:
            return Markup(inert_text(text).replace("\n", "<br>"))
        pieces, done = [], 0  # terms are found in the text as written; each piece is escaped on its own
        for match in self._pattern.finditer(text):
            pieces += [inert_text(text[done:match.start()]), self._abbr(match.group(0))]
            done = match.end()
        pieces.append(inert_text(text[done:]))
        return Markup("".join(pieces).replace("\n", "<br>"))

    def _abbr(self, term: str) -> str:
        if not self._expansions[term]:
            return inert_text(term)
        return f'<abbr title="{attribute(self._expansions[term])}">{inert_text(term)}</abbr>'

