"""Blocks the templates already wrote as HTML, lifted out of a page's Markdown before MkDocs converts
it and put back into the HTML after: the long lists of unit, area and deadline pages skip every pass
of Python-Markdown (12 MB of a 1,000-plan site's year and area pages went through each one).

The MkDocs hooks put them back in two steps: `restore` for the page's search sections, then `seal`
(a short marker per block) for the HTML MkDocs keeps until it writes the page, when `unseal` puts
the blocks back, lifted again from the Markdown file."""
from __future__ import annotations

import re
import secrets

START = "<!-- heza:html -->"
END = "<!-- /heza:html -->"

# The markers that stand for a lifted block while MkDocs holds the page never reach the site, so
# each process draws its own: text in a page (a title in the head, say) cannot name one and be
# replaced by a block. Content text cannot write START or END either: every filter of the page
# templates escapes "<".
_NONCE = secrets.token_hex(8)
# Markdown ends a raw HTML block such as the placeholder with a blank line; a block it stashed
# itself (how these blocks went through before) ends without one: same HTML as then.
_PLACEHOLDER = re.compile(rf"<!--heza-block-{_NONCE}:(\d+)-->\n?")
_OPENING, _CLOSING = f"{START}\n", f"\n{END}"


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each START … END block (markers on lines of their own) replaced by a
    placeholder comment that Markdown passes through, and the blocks' HTML in order.

    Found with str.find rather than a regular expression (1.5 s → 0.4 s for the 150 million
    characters of a 1,000-plan site): the hooks lift every page twice (mkdocs_hooks.on_post_page)."""
    pieces: list[str] = []
    blocks: list[str] = []
    done = start = 0
    while (start := markdown.find(_OPENING, start)) >= 0:
        end = _closing(markdown, start + len(_OPENING)) if _line_start(markdown, start) else -1
        if end < 0:  # not a block: the marker stays for Markdown
            start += 1
            continue
        pieces += (markdown[done:start], f"\n<!--heza-block-{_NONCE}:{len(blocks)}-->\n")
        blocks.append(markdown[start + len(_OPENING):end])
        done = start = end + len(_CLOSING)
    return "".join(pieces) + markdown[done:] if blocks else markdown, blocks


def _line_start(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] == "\n"


def _closing(text: str, after: int) -> int:
    """Where the first END marker line (with the newline before it) starts at or after `after`; -1 if none."""
    at = after
    while (at := text.find(_CLOSING, at)) >= 0:
        tail = at + len(_CLOSING)
        if tail == len(text) or text[tail] == "\n":
            return at
        at += 1
    return -1


def restore(html: str, blocks: list[str]) -> str:
    """The converted HTML with each placeholder replaced by its block."""
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html


_SEALED = re.compile(rf"<!--heza-sealed-{_NONCE}:(\d+)-->")


def seal(html: str, count: int) -> str:
    """The converted HTML as `restore` makes it, with a short marker in place of each of its `count` blocks."""
    return restore(html, [f"<!--heza-sealed-{_NONCE}:{n}-->" for n in range(count)])


def unseal(html: str, blocks: list[str]) -> str:
    """Sealed HTML (or a page around it) with each marker replaced by its block."""
    return _SEALED.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html
