"""MkDocs hooks (mkdocs.yml `hooks:`): Vietnamese heading slugs and the chunked site search.

Each page's HTML is cut into search sections as MkDocs renders it; after the build the sections
become the chunked index of generator/searchindex.py. A page whose front matter says
`search: {sections: false}` (lists that repeat what plan pages say) is indexed by its intro only.
"""
from __future__ import annotations

import re
from pathlib import Path

from generator.searchindex import Section, page_sections, write_index  # absolute: MkDocs loads hooks by path
from generator.text import fold

_sections: list[Section] = []  # filled page by page during one build, written and cleared at its end


def slugify(value: str, separator: str = "-") -> str:
    """Heading id without diacritics, `đ` kept as `d` (`Đơn giản` → `don-gian`)."""
    text = re.sub(r"<[^>]*>", "", value)  # headings may carry inline HTML (abbr, spans)
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def on_pre_build(config, **kwargs) -> None:
    """Start a build with no sections collected."""
    _sections.clear()


def on_page_content(html: str, page, config, files) -> str:
    """Collect the page's search sections (the HTML is returned unchanged)."""
    options = page.meta.get("search") or {}
    if not options.get("exclude"):
        _sections.extend(page_sections(html, page.url, page.title, sections=options.get("sections", True)))
    return html


def on_post_build(config, **kwargs) -> None:
    """Write site/search/ from the collected sections."""
    write_index(list(_sections), Path(config.site_dir))
    _sections.clear()
