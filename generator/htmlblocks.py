"""Blocks the templates already wrote as HTML, lifted out of a page's Markdown before MkDocs converts
it and put back into the HTML after: the long lists of unit, area and deadline pages skip every pass
of Python-Markdown (12 MB of a 1,000-plan site's year and area pages went through each one)."""
from __future__ import annotations

import re

START = "<!-- heza:html -->"
END = "<!-- /heza:html -->"

_BLOCK = re.compile(f"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.M | re.S)
# Markdown ends a raw HTML block such as the placeholder with a blank line; a block it stashed
# itself (how these blocks went through before) ends without one: same HTML as then.
_PLACEHOLDER = re.compile(r"<!--heza-block:(\d+)-->\n?")


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each START … END block (markers on lines of their own) replaced by a
    placeholder comment that Markdown passes through, and the blocks' HTML in order."""
    blocks: list[str] = []

    def placeholder(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"\n<!--heza-block:{len(blocks) - 1}-->\n"
    return _BLOCK.sub(placeholder, markdown), blocks


def restore(html: str, blocks: list[str]) -> str:
    """The converted HTML with each placeholder replaced by its block."""
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html
