"""A Python-Markdown extension that passes blocks the templates already wrote as HTML straight
through, so the long lists of unit, area and deadline pages skip Markdown's inline parsing."""
from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

START = "<!-- heza:html -->"
END = "<!-- /heza:html -->"


class _StashHtmlBlocks(Preprocessor):
    """Moves each START … END block into the HTML stash, leaving its placeholder as a paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == START:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                out.extend(("", self.md.htmlStash.store("\n".join(block)), ""))
                block = None
            else:
                block.append(line)
        if block is not None:  # no END: leave the lines to Markdown rather than lose them
            out.extend([START, *block])
        return out


class HtmlBlockExtension(Extension):
    """Registers the preprocessor after whitespace normalisation and before raw HTML parsing."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_StashHtmlBlocks(md), "heza_html_blocks", 25)


def makeExtension(**kwargs) -> HtmlBlockExtension:  # noqa: N802 (Python-Markdown's entry point)
    """Entry point for `markdown_extensions: [generator.htmlblocks]`."""
    return HtmlBlockExtension(**kwargs)
