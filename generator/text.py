"""Text rules for Vietnamese content: NFC, legacy-encoding detection, slugs, suggestions."""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Latin-1 letters that Vietnamese uses; any other Latin-1 symbol glued to a letter
# is the mark of TCVN3 (ABC) or VNI text read as Windows-1252 ("C«ng", "Hµ Néi", "Vieät").
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_MARKS = re.compile(r"\w*[\u00a1-\u00ff]\w*")
_FOOTNOTE_MARKS = "¹²³"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def nfc(text: str) -> str:
    """Unicode NFC form, the form the site stores and compares."""
    return unicodedata.normalize("NFC", text)


def legacy_encoding_sample(text: str) -> str | None:
    """The first word that looks like TCVN3/VNI mojibake, or None."""
    for match in _LEGACY_MARKS.finditer(text):
        word = match.group(0).rstrip(_FOOTNOTE_MARKS)  # "chính¹" is a footnote mark, not TCVN3 "ạ"
        odd = [c for c in word if "\u00a1" <= c <= "\u00ff" and c not in _VIETNAMESE_LATIN1]
        if odd and any(c.isalpha() and c.isascii() for c in word):
            return word
    return None


def fold(text: str) -> str:
    """Lower-case text without diacritics (`Đầu tư` → `dau tu`), for matching only."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def is_slug(value: str) -> bool:
    """True for stable URL ids: a-z, 0-9 and single hyphens."""
    return bool(_SLUG.match(value))


@lru_cache(maxsize=65536)  # pure, and called for every task anchor on every page that links it
def slugify(text: str) -> str:
    """A URL slug without diacritics (`Quý II` → `quy-ii`)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def suggest(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest known choice to a mistyped value, if one is close."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
