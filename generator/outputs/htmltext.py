"""Content text for the blocks the templates write as HTML (see generator.website.htmlblocks): escaped, with
the glossary's abbreviations marked up the way Python-Markdown's abbr extension marks the rest."""
from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

_LINE_BREAK = re.compile(r"\s*\r?\n\s*")
# Characters Markdown (or one of mkdocs.yml's extensions) reads as syntax, written as character references:
# browsers show them as the characters, Markdown leaves references alone, so the same text is inert in a
# Markdown paragraph, a table cell, inline HTML inside Markdown and a raw HTML block alike.
MARKDOWN_SYNTAX = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]|#!"}


def inert_text(text: Any) -> str:
    """Content text as HTML text, with the characters Markdown could read as syntax as references."""
    return html.escape(str(text), quote=False).translate(MARKDOWN_SYNTAX)


def attribute(text: Any) -> Markup:
    """Text for a double-quoted attribute value, on one line."""
    return Markup(html.escape(" ".join(str(text).split()), quote=False).replace('"', "&quot;"))


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

