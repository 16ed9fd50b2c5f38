"""The generator's MkDocs plugin: HTML blocks kept out of Markdown, front matter made safe, the chunked
site search, and the theme's templates compiled once per process.

The build adds one HeZaPlugin to the configuration it loads (website.run); a preview session keeps
its plugin between builds, so a dirty rebuild, which renders only the changed pages, still writes the
whole search index. The search index is made from each page's finished HTML, as MkDocs writes it.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.source.text import fold
from generator.website.htmlblocks import lift, seal, unseal
from generator.website.searchindex import KeptIndex, Section, page_sections, plain, write_index

# Front matter values that Material writes into the page as they are (the <title>, the description
# meta tag, the header): text in the front matter, HTML here, as MkDocs' own titles are.
_META_AS_HTML = ("title", "description")
# Where Material puts a page's content in the finished HTML.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)


def slugify(value: str, separator: str = "-") -> str:
    """Heading id without diacritics, `đ` kept as `d` (`Đơn giản` → `don-gian`)."""
    text = re.sub(r"<[^>]*>", "", value)  # headings may carry inline HTML (abbr, spans)
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process: MkDocs makes a new Jinja environment every
    build, which compiled Material's templates again on each preview rebuild."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])  # recompiled anyway if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()  # compiled code only, keyed by template source: safe to share


class HezaPlugin(BasePlugin):  # type: ignore[type-arg]
    """What the generator adds to an MkDocs build; one instance per build, or per preview session."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[Section]] = {}  # page source path → its search sections
        self.kept: KeptIndex | None = None  # the previous index, kept by dirty builds only
        self.lifted: dict[str, list[str]] = {}  # page source path → its HTML blocks, while it is converted

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep the search index between builds only for dirty builds (a full build would hold every
        section's word weights for nothing)."""
        if not dirty:
            self.kept = None
        elif self.kept is None:
            self.kept = KeptIndex()

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Reuse the theme templates compiled by earlier builds of this process."""
        env.bytecode_cache = _COMPILED
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Forget the search sections of pages that are no longer part of the site."""
        pages = {f.src_uri for f in files.documentation_pages()}
        for gone in [key for key in self.sections if key not in pages]:
            del self.sections[gone]
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Escape the front matter Material prints raw; lift the HTML blocks: Markdown converts only the rest."""
        for key in _META_AS_HTML:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(page.meta[key], quote=True)
        text, self.lifted[page.file.src_uri] = lift(markdown)
        return text

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep the blocks out until the page is written: MkDocs holds every converted page until the
        build ends, which with the blocks in was 305 MB of text at 1,000 plans."""
        return seal(html, len(self.lifted.pop(page.file.src_uri, [])))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Put the HTML blocks back (lifted again from the page's Markdown file), then index the finished page."""
        finished = unseal(output, lift(page.file.content_string)[1])
        self.sections[page.file.src_uri] = self._sections(finished, page)
        return finished

    @staticmethod
    def _sections(finished: str, page: Page) -> list[Section]:
        options: dict[str, Any] = page.meta.get("search") or {}
        article = _ARTICLE.search(finished)
        if options.get("exclude") or article is None:
            return []
        return page_sections(article.group(1), page.url, plain(page.title or ""),
                             sections=options.get("sections", True))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write site/search/ from the sections of every page."""
        sections = [s for key in sorted(self.sections) for s in self.sections[key]]
        write_index(sections, Path(config.site_dir), self.kept)
