"""The order of every list the site shows more than once: plans, change logs, units, glossary terms.

Lists sorted by name follow the Vietnamese alphabet (`vietnamese_key`), never code points: "Ủy ban …"
comes after "Thanh tra …" and before "Văn phòng …", "Đài …" after "Dự …".
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from generator.source.model import Plan, Revision, Term, Unit

P = TypeVar("P", bound=Plan)


def newest_first(plans: Iterable[P]) -> tuple[P, ...]:
    """Plans by issue date, newest first; an unknown day or month counts as the earliest it could be, and
    plans of the same date come in reverse id order (the one ordering of every newest-first list)."""
    return tuple(sorted(plans, key=lambda p: (p.document.date.sort_key(), p.id), reverse=True))


def revisions_newest_first(plan: Plan) -> tuple[Revision, ...]:
    """The plan's change log, newest first (same day: the entry written later first)."""
    order = sorted(enumerate(plan.revisions), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return tuple(revision for _, revision in order)


# The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with the letters
# of foreign words (f j w z) where the Latin alphabet puts them.
ALPHABET = ("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô",
            "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z")
_LETTER_RANK = {unicodedata.normalize("NFD", letter): rank for rank, letter in enumerate(ALPHABET)}
# Marks that make a letter of the alphabet (ă â ê ô ơ ư): part of the letter.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn
# Tones, compared only when the letters are the same, in dictionary order (as CLDR's `vi` collation):
# ngang (none), huyền, hỏi, ngã, sắc, nặng: a à ả ã á ạ.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_DIGIT, _LETTER, _OTHER = 1, 2, 3  # a space (word break) is 0: "Sở Nội vụ" before "Sở Nội vụa"


def _graphemes(text: str) -> list[tuple[str, str]]:
    """(base character, its combining marks) of NFD `text`, lowercased; đ stays a letter of its own."""
    found: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char) and found:
            base, marks = found[-1]
            found[-1] = (base, marks + char)
        else:
            found.append((char, ""))
    return found


def vietnamese_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """A sort key in Vietnamese alphabetical order, ignoring case: the letters first (ă â đ ê ô ơ ư are
    letters of their own: a < ă < â < b, d < đ < e), then the tones (a < à < ả < ã < á < ạ), then the text
    itself so that different texts never tie. Spaces separate words, a run of digits is one number, and
    punctuation is ignored but for ties."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    in_number = False
    for base, marks in _graphemes(text):
        letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
        digit = unicodedata.decimal(base, None)
        if letter in _LETTER_RANK:
            letters.append((_LETTER, _LETTER_RANK[letter]))
            tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
        elif digit is not None:  # a run of digits is one number: "Phòng 2" before "Phòng 10"
            if in_number:
                letters[-1] = (_DIGIT, letters[-1][1] * 10 + digit)
            else:
                letters.append((_DIGIT, digit))
        elif base.isspace():
            if letters and letters[-1] != (0, 0):  # runs of spaces are one break
                letters.append((0, 0))
        elif base.isalpha():  # a letter outside the alphabet (Greek, Cyrillic …): after z, by code point
            letters.append((_OTHER, ord(base)))
            tones.append(0)
        in_number = digit is not None
    while letters and letters[-1] == (0, 0):
        letters.pop()
    return tuple(letters), tuple(tones), text


def units_by_name(units: Iterable[Unit]) -> tuple[Unit, ...]:
    """Units by full name in Vietnamese alphabetical order (ties by id)."""
    return tuple(sorted(units, key=lambda u: (vietnamese_key(u.name), u.id)))


def terms_by_abbreviation(terms: Iterable[Term]) -> tuple[Term, ...]:
    """Glossary terms by abbreviation in Vietnamese alphabetical order, ignoring case."""
    return tuple(sorted(terms, key=lambda t: vietnamese_key(t.abbr)))
