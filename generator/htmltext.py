"""Content text for the blocks the templates write as HTML (see generator.htmlblocks): escaped, with
the glossary's abbreviations marked up the way Python-Markdown's abbr extension marks the rest."""
from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

_LINE_BREAK = re.compile(r"\s*\r?\n\s*")


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
            marked = html.escape(text, quote=False)
        else:
            marked = self._pattern.sub(self._abbr, text.replace("&", "&amp;").replace("<", "&lt;")
                                       .replace(">", "&gt;"))
        return Markup(marked.replace("\n", "<br>"))

    def _abbr(self, match: re.Match) -> str:
        term = match.group(0)
        if not self._expansions[term]:
            return term
        return f'<abbr title="{attribute(self._expansions[term])}">{term}</abbr>'
