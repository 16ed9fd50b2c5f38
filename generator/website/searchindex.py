"""Site search: a chunked index of folded Vietnamese words and word pairs, loaded piece by piece by the
search page (theme/overrides/assets/javascripts/heza-search.js).

One lunr index is a single file every visitor downloads before the first result (17.7 MB gzip at
1,000 plans); Pagefind does not fold `đ` to `d` and downloads about ten times more. Here the index is
split so a query downloads only what it needs:

- `search/chi-muc.js`: the manifest: the first key of each word and pair chunk, the number of
  documents, the weight bits and the glossary (folded abbreviation ↔ folded expansion);
- `search/t/NNNN.js`: word chunks, folded words in sorted order, each with its postings
  (document number, weight) and, for a word written in more than one way on the site, its forms;
- `search/p/NNNN.js`: pair chunks, the same for every two consecutive folded words (`chuyen doi`);
- `search/d/NNNN.js`: document chunks of DOCS_PER_CHUNK documents: URL, title, page title (the
  plan's name), the passage's text, and the heading a task row sits under.

Every file is a script calling `hezaSearch.*(…)`, so the index loads from `file://` as well as over
HTTP. Words are folded as `generator.source.text.fold` folds them (`Đầu tư` → `dau tu`); the page
folds the query the same way, so queries match with and without diacritics.

What a query downloads stays bounded however large the site grows: a word or pair found in more
than MAX_POSTINGS documents keeps only its best postings and is marked partial (it ranks results
but does not filter them); a query of n words loads the manifest, at most n word chunks (a few more
for the prefix of the word being typed), n − 1 pair chunks per spelling of the query (the query as
typed and its glossary expansions, at most MAX_ALTERNATIVES), each about CHUNK_BYTES, and the
document chunks of the results it shows.

Ranking (the same in the page and in `IndexReader`), best first:

1. phrase and exact spelling: every two consecutive query words found as a pair (the words in
   order, from the pair chunks), and, when the query is typed with diacritics, every word in the
   document in that very spelling (the word's forms: `số`, `sở` and `sơ` all match `so`, the form
   typed ranks first); such a document ranks higher still when the phrase is in its title, and
   highest when it is in a page's own title (a unit's page for its name, a plan's page for its title);
2. then documents with the phrase or the exact spelling only, then scattered words;
3. then the share of the query's pairs and exact forms it has, then the query as typed before a
   glossary expansion, then the word weights (occurrences, title words) per query word.

Why pairs and forms rather than word positions or the text of every candidate: positions would need
the text, or a position list per posting, of every candidate document, which is the whole site for a
common word; pairs give the phrase evidence of every document from one chunk per two words. The
cost is on disk: the pair chunks about double the postings (real content: see bench/RESULTS.md),
and the forms add a small number per posting of a word written in several ways. Per query the
download grows by the pair chunks (one per two words, each at most about CHUNK_BYTES).

Documents are passages: a section longer than PASSAGE_CHARS is cut (at a sentence where it can) into
passages, each its own document, so the snippet always comes from the text around the match. The
passage number is in the high bits of every weight (weight >> PART_SHIFT): the page adds the
passages of one section together (the section is document number − passage number) and shows each
section once, with the snippet of its best passage.
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from bisect import bisect_left, insort
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise, repeat
from operator import attrgetter, iadd, sub
from pathlib import Path
from typing import Any

from generator import routes
from generator.engine.files import remove_others, write_text_if_changed
from generator.source.text import fold

VERSION = 2
CHUNK_BYTES = 48_000
DOCS_PER_CHUNK = 32
MAX_POSTINGS = 2_000
PASSAGE_CHARS = 700
MAX_FORMS = 8  # spellings of one folded word kept for exact matching; rarer ones rank as folded matches
MAX_ALTERNATIVES = 8  # the query and its glossary expansions
INDEX_DIR = "search"

# A weight: occurrences in the document's text (at most MAX_COUNT), whether the word (or pair) is in
# the document's title or names (SECTION_TITLE for a section or task row, PAGE_TITLE for a page's own
# title), and the document's passage number from PART_SHIFT up.
MAX_COUNT = 15
SECTION_TITLE = 16
PAGE_TITLE = 32
PART_SHIFT = 6
_OWN_WEIGHT = (1 << PART_SHIFT) - 1
# A form's bits in a word's masks (two per form): written so in the document, written so in its title.
FORM_PRESENT, FORM_IN_TITLE = 1, 2

_WORD = re.compile(r"[a-z0-9]+")
# A run of letters and digits with its combining marks, as the page cuts text into words.
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANY_HEADING = re.compile(r'<h([2-6])\b[^>]*>(.*?)</h\1>', re.S)
_DROP = re.compile(r'<(script|style)\b.*?</\1>|<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup"
                         r"|time|u|var)\b[^>]*>", re.I)
# A row that is a result of its own (a task of a plan page), as the templates mark it: anchor, title, row.
_RESULT_ROW = re.compile(rf'<tr {routes.SEARCH_ROW_ANCHOR}="([^"]+)" {routes.SEARCH_ROW_TITLE}="([^"]*)">(.*?)</tr>',
                         re.S)
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
# An element that is not indexed, with everything inside it (the plan's transcription notes, long lists).
EXCLUDE_ATTRIBUTE = "data-search-exclude"
_EXCLUDED = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*){_ATTRIBUTES}\s{EXCLUDE_ATTRIBUTE}(?=[\s=/>]){_ATTRIBUTES}>")
_SENTENCE_END = re.compile(r"[.;:!?…]\s")
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Section:
    """One searchable piece of a page: its intro, one of its h2/h3 sections or one task row."""

    url: str  # site-relative, with #anchor for a section
    title: str
    page: str  # the page's title ("" for the page's own intro)
    text: str
    section: str = ""  # for a task row, the heading it sits under
    names: tuple[str, ...] = ()  # other names of the page (a unit's short name, aliases): found like its title


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed: an inline tag (a link, an abbreviation)
    is dropped, any other tag (a cell, a paragraph) stands for a space."""
    text = _INLINE_TAG.sub("", _DROP.sub(" ", fragment))
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def without_excluded(body: str) -> str:
    """The HTML without the elements marked `data-search-exclude` and all they hold (an element of the
    same name nested inside is counted, so the right closing tag ends it; one never closed ends the page)."""
    kept, at = [], 0
    while found := _EXCLUDED.search(body, at):
        kept.append(body[at:found.start()])
        name = found.group(1)
        tags = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>]){_ATTRIBUTES}(/?)>", re.I)
        depth, at = 1, len(body)
        for tag in tags.finditer(body, found.end()):
            if tag.group(1):
                depth -= 1
            elif not tag.group(2):
                depth += 1
            if depth == 0:
                at = tag.end()
                break
    kept.append(body[at:])
    return "".join(kept)


def page_sections(body: str, url: str, title: str, *, sections: bool = True,
                  names: Iterable[str] = ()) -> list[Section]:
    """The page's intro (up to its first h2/h3) and, when `sections`, each section and each task row as
    its own result; elements marked data-search-exclude are left out. A row names the heading it sits
    under (the nearest h2–h6 above it)."""
    parts = _HEADING.split(without_excluded(body))
    found = [Section(url, title, "", plain(parts[0]), names=tuple(n for n in names if n))]
    for i in range(1, len(parts) - 1, 4) if sections else ():  # split() yields level, id, heading, following text
        anchor, heading, following = parts[i + 1], plain(parts[i + 2]), parts[i + 3]
        below = [(m.start(), plain(m.group(2))) for m in _ANY_HEADING.finditer(following)]
        rows = []
        for row in _RESULT_ROW.finditer(following):
            above = bisect_left(below, (row.start(),))
            rows.append(Section(f"{url}#{row.group(1)}", html.unescape(row.group(2)), title, plain(row.group(3)),
                                section=below[above - 1][1] if above else heading))
        found.append(Section(f"{url}#{anchor}", heading, title, plain(_RESULT_ROW.sub(" ", following))))
        found.extend(rows)
    return found


# --- words -----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Folded words of a text, as the search page splits a query."""
    return _WORD.findall(fold(text))


# Each spelling met (lower case NFC) → its folded word, or the tuple of its folded words when it folds
# to none or several ("ø", "a²b"). A site has a few thousand spellings; a preview keeps them.
_FOLDED: dict[str, str | tuple[str, ...]] = {}
_ODD: set[str] = set()  # the spellings met that fold to no word or to several


def _fold_token(token: str) -> str | tuple[str, ...]:
    found = _WORD.findall(fold(token))
    folded = found[0] if len(found) == 1 else tuple(found)
    if len(found) != 1:
        _ODD.add(token)
    if len(_FOLDED) < 1 << 18:
        _FOLDED[token] = folded
    return folded


def _words_and_forms(text: str) -> tuple[list[str], list[str], bool]:
    """The folded words of a text and, for each, its form: the word as written, lower case NFC
    (`Sở` → "so", "sở"); a run that folds to several words gives each as its own form. And whether
    each form is a run of the text that folds to one word (nearly always)."""
    spelled = _TOKEN.findall(unicodedata.normalize("NFC", text.lower()))
    folded: list[Any] = list(map(_FOLDED.get, spelled))
    if None in folded:  # spellings not met before
        folded = [_fold_token(token) if word is None else word for word, token in zip(folded, spelled, strict=True)]
    if _ODD.isdisjoint(spelled):  # the fast path: every run is one word
        return folded, spelled, True
    found: list[str] = []
    forms: list[str] = []
    for word, token in zip(folded, spelled, strict=True):
        if type(word) is str:
            found.append(word)
            forms.append(token)
        else:
            found.extend(word)
            forms.extend(word)
    return found, forms, False


def tokens(text: str) -> list[tuple[str, str]]:
    """(folded word, form) of each word of a text, as the index and the search page read it."""
    found, forms, _ = _words_and_forms(text)
    return list(zip(found, forms, strict=True))


def passages(text: str) -> list[str]:
    """The text cut into passages of at most about PASSAGE_CHARS, at a sentence end where there is one
    in the second half, else between words."""
    cut = []
    while len(text) > PASSAGE_CHARS:
        head = text[:PASSAGE_CHARS + 1]
        ends = [m.end() for m in _SENTENCE_END.finditer(head, PASSAGE_CHARS // 2)]
        at = ends[-1] if ends else head.rfind(" ") + 1 or PASSAGE_CHARS
        cut.append(text[:at].rstrip())
        text = text[at:].lstrip()
    return [*cut, text.rstrip()] if cut else [text]


@dataclass(frozen=True)
class _Doc:
    """One document of the index: a section, or one passage of a long one."""

    section: Section
    part: int
    text: str


def _documents(sections: Iterable[Section]) -> list[_Doc]:
    return [_Doc(s, part, text) for s in sections for part, text in enumerate(passages(s.text))]


class _Forms:
    """The spellings met of each folded word, numbered in the order met (never renumbered, so a
    document's form mask stays the same while the index is kept); the index writes them most used first."""

    def __init__(self) -> None:
        self.places: dict[str, dict[str, int]] = {}
        self.known: dict[str, tuple[str, int]] = {}  # form → (its word, the shift of its bits)

    def bit(self, word: str, form: str) -> int:
        """The shift of the form's two FORM_* bits in a mask (a form folds to one word: it is its key)."""
        spellings = self.places.get(word)
        if spellings is None:
            spellings = self.places[word] = {}
        place = spellings.get(form)
        if place is None:
            place = spellings[form] = len(spellings)
            self.known[form] = (word, 2 * place)
        return 2 * place


@dataclass(frozen=True)
class _Posted:
    """What one document posts: word → weight, word → form mask (FORM_* bits of each of its spellings),
    pair → weight."""

    words: dict[str, int]
    masks: dict[str, int]
    pairs: dict[str, int]


def _weights(counts: Counter, part: int) -> dict[str, int]:
    """Occurrences (at most MAX_COUNT) with the passage bits."""
    if part or (counts and max(counts.values()) > MAX_COUNT):
        return {key: (count if count < MAX_COUNT else MAX_COUNT) | part for key, count in counts.items()}
    return counts  # nearly every document: nothing to change


def _analysis(doc: _Doc, forms: _Forms) -> _Posted:
    found, spelled, simple = _words_and_forms(doc.text)
    part = doc.part << PART_SHIFT
    weights = _weights(Counter(found), part)
    pairs = _weights(Counter(map(" ".join, pairwise(found))), part)
    masks: dict[str, int] = {}
    known, bit = forms.known, forms.bit
    if simple:  # each form folds to one word: the form is enough to know both
        for form in set(spelled):
            found_form: tuple[Any, int] | None = known.get(form)
            if found_form is None:
                word: Any = _FOLDED.get(form) or _fold_token(form)
                found_form = (word, bit(word, form))
            word, shift = found_form
            masks[word] = masks.get(word, 0) | (FORM_PRESENT << shift)
    else:
        for word, form in set(zip(found, spelled, strict=True)):
            masks[word] = masks.get(word, 0) | (FORM_PRESENT << bit(word, form))
    if doc.part == 0:
        flag = SECTION_TITLE if doc.section.page else PAGE_TITLE
        for name in (doc.section.title, *doc.section.names):
            named, named_forms, _ = _words_and_forms(name)
            for word, form in zip(named, named_forms, strict=True):
                weights[word] = weights.get(word, part) | flag
                masks[word] = masks.get(word, 0) | ((FORM_PRESENT | FORM_IN_TITLE) << bit(word, form))
            for pair in map(" ".join, pairwise(named)):
                pairs[pair] = pairs.get(pair, part) | flag
    return _Posted(weights, masks, pairs)


# --- postings and chunks ---------------------------------------------------------------


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _best(weights: list[int]) -> list[int] | None:
    """The places of the postings kept: None for all; for a very common key its best MAX_POSTINGS
    (highest weight without the passage bits, ties by document), in document order."""
    if len(weights) <= MAX_POSTINGS:
        return None
    # The sort is stable (also with reverse=True): ties stay in document order.
    return sorted(sorted(range(len(weights)), key=lambda i: weights[i] & _OWN_WEIGHT, reverse=True)[:MAX_POSTINGS])


def _ints(values: list[int]) -> str:
    return "[" + ",".join(map(str, values)) + "]"


def _spellings(word: str, masks: list[int], places: dict[str, int]) -> list | None:
    """How the word is written in its kept postings (their masks): None when only as its folded self;
    [[form]] when in one way everywhere; else [[forms, most used first], [each posting's FORM_* bits,
    two per form in that order]]."""
    used = Counter(masks)  # a word has few distinct masks: count those
    seen = {form: sum(n for mask, n in used.items() if mask >> 2 * place & FORM_PRESENT)
            for form, place in places.items()}
    order = sorted((form for form, count in seen.items() if count), key=lambda form: (-seen[form], form))
    if order == [word]:
        return None
    order = order[:MAX_FORMS]
    if len(order) == 1:
        return [order]
    shifts = [2 * places[form] for form in order]
    written = {mask: sum(((mask >> shift) & 3) << (2 * i) for i, shift in enumerate(shifts)) for mask in used}
    return [order, [written[mask] for mask in masks]]


@dataclass(frozen=True)
class _Entry:
    """A key as its chunk writes it: its postings and forms as JSON members, whether partial."""

    postings: str  # '"key":[gap,weight,…]'
    forms: str | None  # '"key":[[forms],[masks]]'
    partial: bool

    @property
    def size(self) -> int:  # bytes it adds to its chunk, roughly
        return len(self.postings) + (len(self.forms) if self.forms else 0) + 2


class _Space:
    """One sorted key space (words, or pairs): postings, their entries, chunks and chunk scripts.

    Postings are flat lists per key, document numbers ascending: [document, weight, mask, …] for words
    (stride 3), [document, weight, …] for pairs (stride 2); a key's entry (its JSON) is made again only
    when its postings changed."""

    def __init__(self, folder: str, call: str, forms: _Forms | None):
        self.folder, self.call, self.forms = folder, call, forms  # forms: the words' spellings (words only)
        self.stride = 3 if forms else 2
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.keys: list[str] = []  # sorted, kept up to date by post()
        self.entries: dict[str, _Entry] = {}
        self.chunks: list[list[str]] = []
        self.texts: list[str] = []
        self.changed: set[str] = set()

    def add(self, number: int, weights: dict[str, int], masks: dict[str, int] | None = None) -> None:
        """Post a new last document (a fresh build: documents come in order)."""
        numbered = repeat(number)
        postings = (zip(numbered, weights.values(), strict=False) if masks is None
                    else zip(numbered, weights.values(), map(masks.__getitem__, weights), strict=False))
        deque(map(iadd, map(self.postings.__getitem__, weights), postings), maxlen=0)  # list += posting

    def post(self, key: str, number: int, value: tuple[int, ...] | None) -> None:
        """Set (or with None remove) the weight (and mask) of `key` in document `number`."""
        flat = self.postings[key]
        if not flat:
            insort(self.keys, key)
        stride = self.stride
        low, high = 0, len(flat) // stride
        while low < high:
            middle = (low + high) // 2
            if flat[middle * stride] < number:
                low = middle + 1
            else:
                high = middle
        at = low * stride
        if at < len(flat) and flat[at] == number:
            del flat[at:at + stride]
        if value is not None:
            flat[at:at] = [number, *value]
        if not flat:
            del self.postings[key]
            del self.keys[bisect_left(self.keys, key)]
        self.changed.add(key)

    def reset(self) -> None:
        self.keys = sorted(self.postings)
        self.entries, self.chunks, self.texts = {}, [], []
        self.changed = set(self.keys)

    def _entry(self, key: str) -> _Entry:
        flat, stride = self.postings[key], self.stride
        numbers, weights, masks = flat[0::stride], flat[1::stride], flat[2::stride] if self.forms else []
        kept = _best(weights)
        if kept is not None:
            numbers, weights = [numbers[i] for i in kept], [weights[i] for i in kept]
            masks = [masks[i] for i in kept] if masks else []
        gaps = [0] * (2 * len(numbers))
        gaps[0::2] = map(sub, numbers, [0, *numbers[:-1]])
        gaps[1::2] = weights
        name = json.dumps(key, ensure_ascii=False)
        spelled = _spellings(key, masks, self.forms.places.get(key, {})) if self.forms else None
        return _Entry(f"{name}:{_ints(gaps)}", f"{name}:{_dump(spelled)}" if spelled else None, kept is not None)

    def write(self) -> None:
        """Entries of the changed keys, the chunks cut again, the scripts of chunks that changed."""
        for key in self.changed:
            if key in self.postings:
                self.entries[key] = self._entry(key)
            else:
                self.entries.pop(key, None)
        chunks = _cut(self.keys, self.entries)
        self.texts = [self.texts[n] if n < len(self.chunks) and self.chunks[n] == chunk
                      and self.changed.isdisjoint(chunk) else self._text(n, chunk)
                      for n, chunk in enumerate(chunks)]
        self.chunks = chunks
        self.changed = set()

    def _text(self, number: int, chunk: list[str]) -> str:
        entries = [self.entries[key] for key in chunk]
        postings = "{" + ",".join(e.postings for e in entries) + "}"
        partial = _dump([key for key, e in zip(chunk, entries, strict=True) if e.partial])
        if not self.forms:
            return f"hezaSearch.{self.call}({number},{postings},{partial});\n"
        forms = "{" + ",".join(e.forms for e in entries if e.forms) + "}"
        return f"hezaSearch.{self.call}({number},{postings},{partial},{forms});\n"

    def files(self) -> dict[str, str]:
        return {f"{INDEX_DIR}/{self.folder}/{n:04d}.js": text for n, text in enumerate(self.texts)}


def _cut(sorted_keys: list[str], entries: dict[str, _Entry]) -> list[list[str]]:
    """Sorted keys cut into chunks of about CHUNK_BYTES."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for key in sorted_keys:
        if current and size > CHUNK_BYTES:
            chunks.append(current)
            current, size = [], 0
        current.append(key)
        size += entries[key].size
    if current:
        chunks.append(current)
    return chunks


def _docs_text(number: int, docs: list[_Doc] | list[Section]) -> str:
    """A document chunk: [url, title, page title, text] of each document, then the heading a task row
    sits under and the passage number when there are."""
    rows: list[list[Any]] = []
    for doc in docs[number * DOCS_PER_CHUNK:(number + 1) * DOCS_PER_CHUNK]:
        if isinstance(doc, Section):
            doc = _Doc(doc, 0, doc.text)
        row: list[Any] = [doc.section.url, doc.section.title, doc.section.page, doc.text]
        if doc.section.section or doc.part:
            row.append(doc.section.section)
        if doc.part:
            row.append(doc.part)
        rows.append(row)
    return f"hezaSearch.docs({number},{_dump(rows)});\n"


def search_glossary(glossary: Mapping[str, str] | None) -> list[list[str]]:
    """[folded abbreviation, folded expansion, abbreviation, expansion] of each glossary term the page
    expands a query with (both ways; the last two are shown). A parenthesised part of an expansion (the
    English name) is left out; an abbreviation of single letters only (`b/c`) is not expanded: its
    letters are found everywhere."""
    found = set()
    for abbr, expansion in (glossary or {}).items():
        shown = " ".join(_PARENTHESES.sub(" ", expansion).split()).strip(" ,;")
        short, long = " ".join(words(abbr)), " ".join(words(shown))
        if short and long and short != long and any(len(word) > 1 for word in short.split()):
            found.add((short, long, " ".join(abbr.split()), shown))
    return [list(entry) for entry in sorted(found)]


def _manifest(words_space: _Space, pairs_space: _Space, documents: int, glossary: list[list[str]]) -> str:
    manifest = {"version": VERSION, "documents": documents, "docsPerChunk": DOCS_PER_CHUNK,
                "firstWords": [chunk[0] for chunk in words_space.chunks],
                "firstPairs": [chunk[0] for chunk in pairs_space.chunks],
                "bits": {"count": MAX_COUNT, "sectionTitle": SECTION_TITLE, "pageTitle": PAGE_TITLE,
                         "partShift": PART_SHIFT},
                "glossary": glossary}
    return f"hezaSearch.manifest({_dump(manifest)});\n"


def _by_url(sections: list[Section]) -> list[Section]:
    return sorted(sections, key=attrgetter("url"))


class KeptIndex:
    """The index of sections, kept by a preview between builds and updated where sections changed; a
    full build makes one and drops it (index_files). Both give the same bytes.

    After an edit, the pages MkDocs did not render again keep their very Section objects; when the
    site has the same documents as before (the same section URLs, each cut into as many passages),
    only the words and pairs of the changed documents are posted again, from the analysis of the old
    and the new text (nothing per document is kept but the document itself), and only the chunks
    holding them are written again. Otherwise it is built afresh.
    """

    def __init__(self) -> None:
        self._docs: list[_Doc] = []
        self._forms = _Forms()
        self._words = _Space("t", "terms", self._forms)
        self._pairs = _Space("p", "pairs", None)
        self._doc_texts: list[str] = []

    def files(self, sections: list[Section], glossary: Mapping[str, str] | None = None) -> dict[str, str]:
        """The index of `sections` as {path under the site: script text}."""
        docs = self._documents(_by_url(sections))
        if len(docs) == len(self._docs) and all(
                (new.section.url, new.part) == (old.section.url, old.part)
                for new, old in zip(docs, self._docs, strict=True)):
            changed_docs = self._update(docs)
        else:
            changed_docs = self._rebuild(docs)
        for space in (self._words, self._pairs):
            space.write()
        self._doc_texts = [self._doc_texts[n] if n < len(self._doc_texts) and n not in changed_docs
                           else _docs_text(n, self._docs) for n in range(-(-len(self._docs) // DOCS_PER_CHUNK))]
        files = {**self._words.files(), **self._pairs.files()}
        files.update({f"{INDEX_DIR}/d/{n:04d}.js": text for n, text in enumerate(self._doc_texts)})
        files[f"{INDEX_DIR}/chi-muc.js"] = _manifest(self._words, self._pairs, len(self._docs),
                                                     search_glossary(glossary))
        return files

    def _documents(self, sections: list[Section]) -> list[_Doc]:
        """The documents of the sections, the previous _Doc objects kept for sections kept by identity."""
        previous: dict[int, list[_Doc]] = {}
        for doc in self._docs:
            previous.setdefault(id(doc.section), []).append(doc)
        return [d for s in sections for d in (previous.get(id(s)) or _documents([s]))]

    def _rebuild(self, docs: list[_Doc]) -> set[int]:
        self._docs = docs
        self._words.postings, self._pairs.postings = defaultdict(list), defaultdict(list)
        for number, doc in enumerate(docs):
            posted = _analysis(doc, self._forms)
            self._words.add(number, posted.words, posted.masks)
            self._pairs.add(number, posted.pairs)
        self._words.reset()
        self._pairs.reset()
        self._doc_texts = []
        return set(range(-(-len(docs) // DOCS_PER_CHUNK)))

    def _update(self, docs: list[_Doc]) -> set[int]:
        changed_docs = set()
        for number, (old, new) in enumerate(zip(self._docs, docs, strict=True)):
            if old is new or old == new:
                continue
            before, after = _analysis(old, self._forms), _analysis(new, self._forms)
            for word in before.words.keys() | after.words.keys():
                value = (after.words[word], after.masks[word]) if word in after.words else None
                if value != ((before.words[word], before.masks[word]) if word in before.words else None):
                    self._words.post(word, number, value)
            for pair in before.pairs.keys() | after.pairs.keys():
                if before.pairs.get(pair) != after.pairs.get(pair):
                    weight = after.pairs.get(pair)
                    self._pairs.post(pair, number, None if weight is None else (weight,))
            changed_docs.add(number // DOCS_PER_CHUNK)
        self._docs = docs  # equal documents too: the next build finds their sections by identity
        return changed_docs


def index_files(sections: list[Section], glossary: Mapping[str, str] | None = None) -> dict[str, str]:
    """The index as {path under the site: script text}, deterministic for the same sections."""
    return KeptIndex().files(sections, glossary)


def write_index(sections: list[Section], site_dir: Path, kept: KeptIndex | None = None,
                glossary: Mapping[str, str] | None = None) -> int:
    """Write the index under site_dir/search/ (unchanged files untouched, stale ones removed); returns the file count.

    With `kept` (the preview), the index is updated from the previous build's instead of built afresh.
    `glossary` (abbreviation → expansion) is written for the page to expand queries with.
    """
    found = kept.files(sections, glossary) if kept else index_files(sections, glossary)
    files = {Path(site_dir) / path: text for path, text in found.items()}
    for target, text in files.items():
        write_text_if_changed(target, text)
    remove_others(Path(site_dir) / INDEX_DIR, set(files))
    return len(files)


# --- reading an index as the page does ---------------------------------------------------

_CALL = re.compile(r"^hezaSearch\.(\w+)\((.*)\);\n$", re.S)


@dataclass(frozen=True)
class Term:
    """One word of one spelling of a query: folded, as typed, whether it may match as a prefix, and
    whether its spelling must be found (the query was typed with diacritics and the word is its own,
    not from the glossary)."""

    word: str
    form: str
    prefix: bool
    exact: bool


@dataclass(frozen=True)
class Result:
    """A section found: its first document, its best passage and its rank key."""

    section: int
    best: int
    key: tuple


def query_terms(query: str) -> list[tuple[str, str]]:
    """(folded word, form as typed) of each word of a query, as the page reads it."""
    return tokens(query)


class IndexReader:
    """Reads a written index as heza-search.js does (for tests and the benchmark): which files a query
    needs, and what it finds in which order."""

    MIN_PREFIX = 3  # a shorter last word matches whole words only
    MAX_PREFIX_CHUNKS = 4
    MAX_WORDS = 12

    def __init__(self, site_dir: Path):
        self.root = Path(site_dir)
        self._read: dict[str, list] = {}
        self.loaded: set[str] = set()
        self.manifest = self._call("chi-muc.js")[0]

    def _call(self, name: str) -> list:
        """The arguments of the hezaSearch call in one index file, each file read once."""
        self.loaded.add(f"{INDEX_DIR}/{name}")
        if name not in self._read:
            match = _CALL.match((self.root / INDEX_DIR / name).read_text(encoding="utf-8"))
            assert match is not None, name
            self._read[name] = json.loads(f"[{match.group(2)}]")
        return self._read[name]

    @staticmethod
    def _chunk_of(firsts: list[str], key: str) -> int:
        """The chunk that holds `key` if any does (the last one starting at or before it)."""
        return max([n for n, first in enumerate(firsts) if first <= key] or [0])

    def chunk_of(self, word: str) -> int:
        return self._chunk_of(self.manifest["firstWords"], word)

    def _chunks_for(self, word: str, prefix: bool) -> list[int]:
        first = self.manifest["firstWords"]
        found = [self.chunk_of(word)]
        while (prefix and found[-1] + 1 < len(first) and len(found) < self.MAX_PREFIX_CHUNKS
               and first[found[-1] + 1].startswith(word)):
            found.append(found[-1] + 1)
        return found

    @staticmethod
    def _decode(flat: list[int]) -> list[tuple[int, int]]:
        found, number = [], 0
        for gap, weight in zip(flat[::2], flat[1::2], strict=True):
            number += gap
            found.append((number, weight))
        return found

    def postings(self, word: str) -> dict[int, int]:
        """Document number → weight for one folded word."""
        _, terms, _, _ = self._call(f"t/{self.chunk_of(word):04d}.js")
        return dict(self._decode(terms.get(word, [])))

    def forms(self, word: str) -> list | None:
        """The forms entry of one folded word (None: written only as itself)."""
        entry: list[Any] | None = self._call(f"t/{self.chunk_of(word):04d}.js")[3].get(word)
        return entry

    def pair_postings(self, pair: str) -> dict[int, int]:
        """Document number → weight for two folded words in a row ("chuyen doi")."""
        if not self.manifest["firstPairs"]:
            return {}
        chunk = self._chunk_of(self.manifest["firstPairs"], pair)
        _, pairs, _ = self._call(f"p/{chunk:04d}.js")
        return dict(self._decode(pairs.get(pair, [])))

    def document(self, number: int) -> list:
        """[url, title, page title, text, heading, passage] of a document number."""
        per = self.manifest["docsPerChunk"]
        url, title, page, text, *rest = self._call(f"d/{number // per:04d}.js")[1][number % per]
        return [url, title, page, text, rest[0] if rest else "", rest[1] if len(rest) > 1 else 0]

    def urls(self, word: str) -> set[str]:
        """URLs of the documents holding a word (as typed: it is folded first)."""
        return {self.document(n)[0] for w in words(word) for n in self.postings(w)}

    # The query, as the page reads it.

    def alternatives(self, query: str) -> list[list[Term]]:
        """The query as typed and with each glossary term swapped for its other side (both ways), at most
        MAX_ALTERNATIVES; the last word is a prefix while typed (no space after it) unless it is part of
        a glossary term, so a term and its expansion find the same sections."""
        typed = query_terms(query)[:self.MAX_WORDS]
        if not typed:
            return []
        accented = any(word != form for word, form in typed)
        # an abbreviation is matched as it is spelled ("tư" is not "TU"); an expansion with or without accents
        sides = [(a.split(), b.split(), unicodedata.normalize("NFC", shown.lower()).split())
                 for a, b, shown, *_ in self.manifest.get("glossary", [])]
        swaps = [(start, len(side), other) for start in range(len(typed))
                 for a, b, spelled in sides for side, other, forms in ((a, b, spelled), (b, a, None))
                 if [w for w, _ in typed[start:start + len(side)]] == side
                 and (forms is None or [f for _, f in typed[start:start + len(side)]] == forms)]
        last = len(typed) - 1
        prefix = (not query[-1:].isspace() and len(typed[last][0]) >= self.MIN_PREFIX
                  and not any(start <= last < start + size for start, size, _ in swaps))
        own = [Term(word, form, prefix and i == last, accented) for i, (word, form) in enumerate(typed)]
        found: list[list[Term]] = []

        def walk(at: int, so_far: list[Term]) -> None:
            if len(found) >= MAX_ALTERNATIVES:
                return
            if at == len(own):
                found.append(so_far)
                return
            walk(at + 1, [*so_far, own[at]])
            for start, size, other in swaps:
                if start == at:
                    walk(at + size, [*so_far, *(Term(w, w, False, False) for w in other)])

        walk(0, [])
        return found

    def _word(self, term: Term) -> tuple[dict[int, list], bool, bool]:
        """Document → [score, title flags, exact bits, passage] of one query word; whether any key
        matched; whether it filters (no matching key is partial)."""
        bits = self.manifest["bits"]
        found: dict[int, list] = {}
        partial_any = matched = False
        for chunk in self._chunks_for(term.word, term.prefix):
            _, terms, partial, forms = self._call(f"t/{chunk:04d}.js")
            for key, flat in terms.items():
                whole = key == term.word
                if not whole and not (term.prefix and key.startswith(term.word)):
                    continue
                matched = True
                partial_any |= key in partial
                spelled = forms.get(key)
                masks = spelled[1] if spelled and len(spelled) > 1 else None
                for i, (doc, weight) in enumerate(self._decode(flat)):
                    own = weight & _OWN_WEIGHT
                    title = own & (bits["sectionTitle"] | bits["pageTitle"])
                    score = ((own & bits["count"]) + (8 if title else 0) + (8 if title & bits["pageTitle"] else 0))
                    score *= 1 if whole else 0.5
                    exact = _exact(term, key, spelled, masks[i] if masks else 0, title)
                    record = found.get(doc)
                    if record is None:
                        found[doc] = [score, title, exact, weight >> bits["partShift"]]
                    else:
                        record[0] = max(record[0], score)
                        record[1] |= title
                        record[2] |= exact
        return found, matched, matched and not partial_any

    def search(self, query: str) -> list[Result]:
        """The sections a query finds, best first, as the page ranks them."""
        alternatives = self.alternatives(query)
        if not alternatives:
            return []
        best: dict[int, Result] = {}
        for number, terms in enumerate(alternatives):
            for result in self._rank(terms, typed=number == 0):
                if result.section not in best or result.key > best[result.section].key:
                    best[result.section] = result
        return sorted(best.values(), key=lambda r: (tuple(-k for k in r.key), r.section))

    def _rank(self, terms: list[Term], typed: bool) -> list[Result]:
        bits = self.manifest["bits"]
        titles = bits["sectionTitle"] | bits["pageTitle"]
        matches = [self._word(t) for t in terms]
        if any(not matched for _, matched, _ in matches):
            return []
        pairs = [self.pair_postings(f"{a.word} {b.word}") for a, b in pairwise(terms)]
        # Passages add up to their section: section = document − passage number.
        shift = bits["partShift"]
        words_by_section: list[dict[int, list]] = []
        passages: dict[int, dict[int, int]] = {}  # section → passage document → evidence
        for found, _, _ in matches:
            grouped: dict[int, list] = {}
            for doc, (score, title, exact, part) in found.items():
                section = doc - part
                record = grouped.setdefault(section, [0, 0, 0])
                record[0] += score
                record[1] |= title
                record[2] |= exact
                passages.setdefault(section, {}).setdefault(doc, 0)
                passages[section][doc] += 1 + (1 if exact else 0)
            words_by_section.append(grouped)
        # A phrase counts within one passage: the most pairs of the query one passage of the section has.
        pair_titles: list[dict[int, int]] = []  # per pair: section → its title flags
        in_passage: dict[int, int] = {}  # passage document → pairs of the query in it
        phrases: dict[int, int] = {}  # section → most pairs in one of its passages
        for pair_found in pairs:
            flags: dict[int, int] = {}
            for doc, weight in pair_found.items():
                section = doc - (weight >> shift)
                flags[section] = flags.get(section, 0) | (weight & titles)
                in_passage[doc] = in_passage.get(doc, 0) + 1
                phrases[section] = max(phrases.get(section, 0), in_passage[doc])
                if section in passages and doc in passages[section]:
                    passages[section][doc] += 2
            pair_titles.append(flags)
        filters: list[dict[int, list[Any]]] = [
            grouped for grouped, (_, _, filtering) in zip(words_by_section, matches, strict=True) if filtering]
        if filters:
            smallest = min(filters, key=len)
            candidates = set(smallest)
        else:
            candidates = set(phrases).union(*words_by_section)
        required = sum(1 for t in terms if t.exact)
        results = []
        for section in candidates:
            if any(section not in f for f in filters):
                continue
            records = [grouped.get(section) for grouped in words_by_section]
            base = sum(r[0] for r in records if r)
            exact = sum(1 for t, r in zip(terms, records, strict=True) if t.exact and r and r[2] & FORM_PRESENT)
            phrase = phrases.get(section, 0)
            n = len(terms)
            phrase_all = n < 2 or phrase == n - 1
            exact_all = exact == required
            in_title = all(r and ((r[2] & FORM_IN_TITLE) if t.exact else r[1])
                           for t, r in zip(terms, records, strict=True)) and all(
                               grouped.get(section, 0) & titles for grouped in pair_titles)
            page_title = in_title and all(r is not None and r[1] & bits["pageTitle"] for r in records)
            if phrase_all and exact_all:
                tier = 2 + ((2 if page_title else 1) if in_title else 0)
            elif (n > 1 and phrase_all) or (required and exact_all):
                tier = 1
            else:
                tier = 0
            shown = passages.get(section, {section: 0})
            best = min(shown, key=lambda doc: (-shown[doc], doc))
            wanted = n - 1 + required
            evidence = (phrase + exact) / wanted if wanted else 1
            results.append(Result(section, best, (tier, evidence, 1 if typed else 0, base / n)))
        return results

    def query_files(self, query: str, shown: int = 20) -> set[str]:
        """Index files the search page loads to show the first `shown` results of a query."""
        self.loaded = set()
        self._call("chi-muc.js")
        results = self.search(query)[:shown]
        per = self.manifest["docsPerChunk"]
        return set(self.loaded) | {f"{INDEX_DIR}/d/{r.best // per:04d}.js" for r in results}


def _exact(term: Term, key: str, spelled: list | None, mask: int, title: int) -> int:
    """FORM_* bits of the query word's own spelling in one posting of `key` (a prefix match: any form
    of the key that starts with what is typed)."""
    if not term.exact:
        return 0
    in_title = FORM_IN_TITLE if title else 0
    if spelled is None:  # written only as the folded key itself
        same = term.form == key if key == term.word else key.startswith(term.form)
        return FORM_PRESENT | in_title if same else 0
    order = spelled[0]
    hits = [i for i, form in enumerate(order)
            if (form == term.form if key == term.word else form.startswith(term.form))]
    if len(order) == 1:
        return FORM_PRESENT | in_title if hits else 0
    bits = 0
    for i in hits:
        bits |= (mask >> (2 * i)) & (FORM_PRESENT | FORM_IN_TITLE)
    return bits
