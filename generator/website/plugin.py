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
from mkdocs.structure.toc import AnchorLink

from generator import routes
from generator.source.text import fold
from generator.website.htmlblocks import lift, seal, unseal
from generator.website.searchindex import KeptIndex, Section, page_sections, plain, write_index

# Front matter values that Material writes into the page as they are (the <title>, the description
# meta tag, the header): text in the front matter, HTML here, as MkDocs' own titles are.
_META_AS_HTML = ("title", "description")
# Where Material puts a page's content in the finished HTML.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)


# Where a page's Markdown asks for its contents list (theme/pages/plan.md.j2); content text cannot write it,
# since every template filter escapes "<".
CONTENTS_MARKER = "<!-- heza:muc-luc -->"
_SECTION_START = re.compile(r"<h[1-3][\s>]")
_ABBR = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')


def page_breadcrumbs(page: Page) -> list[tuple[str, str]]:
    """The pages above `page` (name, published path) when it is outside the navigation (routes.breadcrumbs)."""
    if page.file is None:
        return []
    return [(name, routes.published(path)) for name, path in routes.breadcrumbs(page.file.src_uri)]


def contents_list(page: Page) -> str:
    """The page's h2 and h3 headings as a collapsible list, for phones, where Material shows none for pages
    outside the navigation; wide screens hide it (their sidebar has the same list)."""
    top = list(page.toc.items)
    if len(top) == 1 and top[0].level == 1:  # the page's h1: its children are the h2s
        top = list(top[0].children)
    if not top:
        return ""
    return ('<details class="heza-mucluc"><summary>Mục lục</summary>'
            f'<nav aria-label="Mục lục của trang"><ol>{"".join(_contents_item(link) for link in top)}</ol></nav>'
            "</details>")


def _contents_item(link: AnchorLink) -> str:
    # toc titles are the headings' text with their HTML characters escaped (Markdown's toc extension)
    children = "".join(_contents_item(child) for child in link.children)
    return f'<li><a href="{link.url}">{link.title}</a>' + (f"<ol>{children}</ol>" if children else "") + "</li>"


def first_abbreviations(page_html: str) -> str:
    """Each abbreviation's tooltip (<abbr title>) kept at its first use in each section (h1–h3) only: the
    tooltips at every use made hundreds of elements on a long plan page."""
    parts = _SECTION_START.split(page_html)
    starts = [m.group() for m in _SECTION_START.finditer(page_html)]
    out = [_first_uses(parts[0])]
    for start, part in zip(starts, parts[1:], strict=True):
        out.append(start + _first_uses(part))
    return "".join(out)


def _first_uses(section: str) -> str:
    seen: set[str] = set()

    def keep_first(match: re.Match[str]) -> str:
        term = match.group(1)
        if term in seen:
            return term
        seen.add(term)
        return match.group()
    return _ABBR.sub(keep_first, section)


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


class HezaPlugin(BasePlugin):
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
        """Reuse the theme templates compiled by earlier builds of this process; give them the breadcrumbs."""
        env.bytecode_cache = _COMPILED
        env.globals["heza_breadcrumbs"] = page_breadcrumbs
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
        """Put the page's contents list where its Markdown asks for one; keep the blocks out until the page is
        written: MkDocs holds every converted page until the build ends, which with the blocks in was 305 MB
        of text at 1,000 plans."""
        if CONTENTS_MARKER in html:
            html = html.replace(CONTENTS_MARKER, contents_list(page), 1)
        return seal(html, len(self.lifted.pop(page.file.src_uri, [])))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Put the HTML blocks back (lifted again from the page's Markdown file), keep each abbreviation's
        tooltip at its first use in a section only, then index the finished page."""
        finished = first_abbreviations(unseal(output, lift(page.file.content_string)[1]))
        self.sections[page.file.src_uri] = self._sections(finished, page)
        return finished

    @staticmethod
    def _sections(finished: str, page: Page) -> list[Section]:
        options: dict[str, Any] = page.meta.get("search") or {}
        article = _ARTICLE.search(finished)
        if options.get("exclude") or article is None:
            return []
        names = options.get("names") or ()  # other names the page is found by, like its title
        return page_sections(article.group(1), page.url, plain(page.title or ""),
                             sections=options.get("sections", True),
                             names=[str(n) for n in ([names] if isinstance(names, str) else names)])

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write site/search/ from the sections of every page."""
        sections = [s for key in sorted(self.sections) for s in self.sections[key]]
        glossary = (config.mdx_configs.get("abbr") or {}).get("glossary")  # expanded both ways by the page
        write_index(sections, Path(config.site_dir), self.kept, glossary)
