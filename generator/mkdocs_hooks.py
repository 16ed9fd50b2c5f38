"""MkDocs hooks (mkdocs.yml `hooks:`): Vietnamese heading slugs and diacritic-free search.

Material's lunr search does not fold diacritics, so "cai cach" would not find "cải cách".
After the search plugin writes its index (and before the offline plugin inlines it), every
entry gets folded copies of its title and text as extra fields with the same boosts; the
worker indexes every field listed in `config.fields` and still displays `title` and `text`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.text import fold  # absolute: MkDocs loads hooks by file path

FOLDED = {"title": "title_fold", "text": "text_fold"}


def slugify(value: str, separator: str = "-") -> str:
    """Heading id without diacritics, `đ` kept as `d` (`Đơn giản` → `don-gian`)."""
    text = re.sub(r"<[^>]*>", "", value)  # headings may carry inline HTML (abbr, spans)
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def fold_entry(entry: dict) -> dict:
    """The index entry with NFC title/text and their folded copies."""
    folded = dict(entry)
    for field, copy in FOLDED.items():
        if isinstance(entry.get(field), str):
            original = unicodedata.normalize("NFC", entry[field])
            folded[field] = original
            folded[copy] = fold(original)
    return folded


def fold_index(data: dict) -> dict:
    """The search index with folded fields declared and filled in."""
    fields = dict(data["config"]["fields"])
    for field, copy in FOLDED.items():
        fields[copy] = dict(fields.get(field, {"boost": 1.0}))
    config = {**data["config"], "fields": fields}
    return {**data, "config": config, "docs": [fold_entry(e) for e in data["docs"]]}


@event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
def on_post_build(config, **kwargs) -> None:
    """Add folded fields to site/search/search_index.json."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = fold_index(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
