"""MkDocs hooks (mkdocs.yml `hooks:`): Vietnamese heading slugs, HTML blocks kept out of Markdown, the
chunked site search and compiled theme templates.

Each page's HTML is cut into search sections as MkDocs renders it; after the build the sections
become the chunked index of generator/searchindex.py. A page whose front matter says
`search: {sections: false}` (lists that repeat what plan pages say) is indexed by its intro only.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from generator.source.text import fold
from generator.website.htmlblocks import lift, restore, seal, unseal
from generator.website.searchindex import (  # absolute: MkDocs loads hooks by path
    KeptIndex,
    Section,
    page_sections,
    plain,
    write_index,
)

# Page source path → its sections. Kept between builds of one process so that a dirty rebuild
# (`heza serve`), which renders only changed pages, still writes the whole index.
_sections: dict[str, list[Section]] = {}
# The index of the previous build, kept only by dirty builds (the preview), whose next build
# changes few pages: a full build would hold every section's word weights for nothing.
_kept: KeptIndex | None = None


def on_startup(command: str, dirty: bool) -> None:
    """Keep the search index between builds only for dirty builds."""
    global _kept
    if not dirty:
        _kept = None
    elif _kept is None:
        _kept = KeptIndex()


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process: MkDocs makes a new Jinja environment every
    build, which compiled Material's templates again on each preview rebuild (0.3 s)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])  # recompiled anyway if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def on_env(env, config, files):
    """Reuse the theme templates compiled by earlier builds of this process."""
    env.bytecode_cache = _compiled
    return env


def slugify(value: str, separator: str = "-") -> str:
    """Heading id without diacritics, `đ` kept as `d` (`Đơn giản` → `don-gian`)."""
    text = re.sub(r"<[^>]*>", "", value)  # headings may carry inline HTML (abbr, spans)
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def on_files(files, config):
    """Forget pages that are no longer part of the site."""
    pages = {f.src_uri for f in files.documentation_pages()}
    for gone in [key for key in _sections if key not in pages]:
        del _sections[gone]
    return files


# Page source path → the HTML blocks lifted out of its Markdown until it is converted.
_lifted: dict[str, list[str]] = {}


# Front matter values that Material writes into the page as they are (the <title>, the description
# meta tag, the header): text in the front matter, HTML here, as MkDocs' own titles are.
_META_AS_HTML = ("title", "description")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the front matter Material prints raw; lift the HTML blocks: Markdown converts only the rest."""
    for key in _META_AS_HTML:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key], quote=True)
    text, _lifted[page.file.src_uri] = lift(markdown)
    return text


def on_page_content(html: str, page, config, files) -> str:
    """Collect the page's search sections from its whole HTML; the blocks stay out until it is written.

    MkDocs converts every page before it writes any and holds them all until the build ends: with
    the blocks in, that was 305 MB of text at 1,000 plans, ten times as much at 10,000.
    """
    blocks = _lifted.pop(page.file.src_uri, [])
    whole = restore(html, blocks)
    options = page.meta.get("search") or {}
    found = [] if options.get("exclude") else page_sections(whole, page.url, plain(page.title),
                                                            sections=options.get("sections", True))
    _sections[page.file.src_uri] = found
    return seal(html, len(blocks))


def on_post_page(output: str, page, config) -> str:
    """Put the HTML blocks back, lifted again from the page's Markdown file as MkDocs writes the page."""
    return unseal(output, lift(page.file.content_string)[1])


def on_post_build(config, **kwargs) -> None:
    """Write site/search/ from the sections of every page."""
    sections = [s for key in sorted(_sections) for s in _sections[key]]
    write_index(sections, Path(config.site_dir), _kept)
