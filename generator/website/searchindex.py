"""Site search: a chunked index of folded Vietnamese words, loaded piece by piece by the search page.

One lunr index is a single file every visitor downloads before the first result (17.7 MB gzip at
1,000 plans). Here the index is split so a query downloads only what it needs:

- `search/chi-muc.js`: the manifest (the first word of each term chunk, the number of documents);
- `search/t/NNNN.js`: term chunks, words in sorted order, each word with its postings
  (document number, weight), cut at about CHUNK_BYTES;
- `search/d/NNNN.js`: document chunks of DOCS_PER_CHUNK documents (URL, title, page, snippet).

Every file is a script calling `hezaSearch.*(…)`, so the index loads from `file://` as well as
over HTTP. Words are folded as `generator.source.text.fold` folds them (`Đầu tư` → `dau tu`); the page
folds the query the same way, so queries match with and without diacritics. A word found in more
than MAX_POSTINGS documents keeps only its best postings and is marked partial: it ranks results
but does not filter them, which bounds what a query downloads however large the site grows.
"""
from __future__ import annotations

import html
import json
import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path

from generator import routes
from generator.engine.files import remove_others, write_text_if_changed
from generator.source.text import fold

CHUNK_BYTES = 48_000
DOCS_PER_CHUNK = 200
MAX_POSTINGS = 2_000
SNIPPET_CHARS = 220
TITLE_WEIGHT = 8
MAX_WEIGHT = 30
INDEX_DIR = "search"

_WORD = re.compile(r"[a-z0-9]+")
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_DROP = re.compile(r'<(script|style)\b.*?</\1>|<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
# A row that is a result of its own (a task of a plan page), as the templates mark it: anchor, title, row.
_RESULT_ROW = re.compile(rf'<tr {routes.SEARCH_ROW_ANCHOR}="([^"]+)" {routes.SEARCH_ROW_TITLE}="([^"]*)">(.*?)</tr>', re.S)


@dataclass(frozen=True)
class Section:
    """One searchable piece of a page: its intro or one of its h2/h3 sections."""

    url: str  # site-relative, with #anchor for a section
    title: str
    page: str  # the page's title ("" for the page's own intro)
    text: str


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    text = html.unescape(_TAG.sub(" ", _DROP.sub(" ", fragment)))
    return " ".join(text.split())


def page_sections(body: str, url: str, title: str, *, sections: bool = True) -> list[Section]:
    """The page's intro (up to its first h2/h3) and, when `sections`, each section as its own result."""
    parts = _HEADING.split(body)
    found = [Section(url, title, "", plain(parts[0]))]
    for i in range(1, len(parts) - 1, 4) if sections else ():  # split() yields level, id, heading, following text
        anchor, heading, following = parts[i + 1], plain(parts[i + 2]), parts[i + 3]
        rows = [Section(f"{url}#{row[0]}", html.unescape(row[1]), title, plain(row[2]))
                for row in _RESULT_ROW.findall(following)]
        found.append(Section(f"{url}#{anchor}", heading, title, plain(_RESULT_ROW.sub(" ", following))))
        found.extend(rows)
    return found


def words(text: str) -> list[str]:
    """Folded words of a text, as the search page splits a query."""
    return _WORD.findall(fold(text))


def weights(section: Section) -> Counter:
    """Word → weight in the section (title words count more)."""
    counts = Counter(words(section.text))
    for word in words(section.title):
        counts[word] += TITLE_WEIGHT
    return Counter({w: min(n, MAX_WEIGHT) for w, n in counts.items()})


def _postings(weighed: Iterable[Counter]) -> dict[str, list[tuple[int, int]]]:
    """Every word with (document number, weight), documents in order, from each document's word weights."""
    index: dict[str, list[tuple[int, int]]] = {}
    for number, counts in enumerate(weighed):
        for word, weight in counts.items():
            index.setdefault(word, []).append((number, weight))
    return index


def _encoded(postings: list[tuple[int, int]]) -> tuple[list[int], bool]:
    """Flat [gap, weight, gap, weight …]; the best MAX_POSTINGS only for very common words."""
    partial = len(postings) > MAX_POSTINGS
    if partial:
        # Highest weight first, ties by document number: postings come in document order and the
        # sort is stable (also with reverse=True), so sorting by weight alone keeps that order.
        postings = sorted(sorted(postings, key=itemgetter(1), reverse=True)[:MAX_POSTINGS])
    flat, previous = [], 0
    for number, weight in postings:
        flat += [number - previous, weight]
        previous = number
    return flat, partial


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class _Entry:
    """A word as its term chunk writes it."""

    flat: list[int]
    partial: bool
    size: int  # bytes it adds to its chunk, roughly


def _entry(word: str, postings: list[tuple[int, int]]) -> _Entry:
    flat, partial = _encoded(postings)
    return _Entry(flat, partial, len(word) + len(_dump(flat)) + 4)


def _cut(sorted_words: list[str], entries: dict[str, _Entry]) -> list[list[str]]:
    """Sorted words cut into chunks of about CHUNK_BYTES."""
    chunks, current, size = [], [], 0
    for word in sorted_words:
        if current and size > CHUNK_BYTES:
            chunks.append(current)
            current, size = [], 0
        current.append(word)
        size += entries[word].size
    if current:
        chunks.append(current)
    return chunks


def _terms_text(number: int, chunk: list[str], entries: dict[str, _Entry]) -> str:
    postings = {word: entries[word].flat for word in chunk}
    partial = [word for word in chunk if entries[word].partial]
    return f"hezaSearch.terms({number},{_dump(postings)},{_dump(partial)});\n"


def _document(section: Section) -> list[str]:
    snippet = section.text if len(section.text) <= SNIPPET_CHARS else section.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return [section.url, section.title, section.page, snippet]


def _docs_text(number: int, sections: list[Section]) -> str:
    docs = [_document(s) for s in sections[number * DOCS_PER_CHUNK:(number + 1) * DOCS_PER_CHUNK]]
    return f"hezaSearch.docs({number},{_dump(docs)});\n"


def _files(terms: list[str], docs: list[str], chunks: list[list[str]], documents: int) -> dict[str, str]:
    """{path under the site: script text} of the term chunks, document chunks and manifest."""
    files = {f"{INDEX_DIR}/t/{number:04d}.js": text for number, text in enumerate(terms)}
    files.update({f"{INDEX_DIR}/d/{number:04d}.js": text for number, text in enumerate(docs)})
    manifest = {"version": 1, "documents": documents, "docsPerChunk": DOCS_PER_CHUNK,
                "firstWords": [chunk[0] for chunk in chunks]}
    files[f"{INDEX_DIR}/chi-muc.js"] = f"hezaSearch.manifest({_dump(manifest)});\n"
    return files


def _by_url(sections: list[Section]) -> list[Section]:
    return sorted(sections, key=attrgetter("url"))


def index_files(sections: list[Section], weigh: Callable[[Section], Counter] = weights) -> dict[str, str]:
    """The index as {path under the site: script text}, deterministic for the same sections."""
    sections = _by_url(sections)
    entries = {word: _entry(word, postings) for word, postings in _postings(map(weigh, sections)).items()}
    chunks = _cut(sorted(entries), entries)
    terms = [_terms_text(number, chunk, entries) for number, chunk in enumerate(chunks)]
    docs = [_docs_text(number, sections) for number in range(-(-len(sections) // DOCS_PER_CHUNK))]
    return _files(terms, docs, chunks, len(sections))


class KeptIndex:
    """The index of the previous build of a preview, updated where sections changed (same bytes as index_files).

    After an edit, the pages MkDocs did not render again keep their very Section objects; when the
    site has the same section URLs as before, only the words of the changed sections are posted
    again and only the chunks holding them are written again. Otherwise it is built afresh.
    """

    def __init__(self, weigh: Callable[[Section], Counter] = weights):
        self._weigh = weigh
        self._sections: list[Section] = []
        self._weights: list[Counter] = []
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._entries: dict[str, _Entry] = {}
        self._words: list[str] = []  # sorted
        self._chunks: list[list[str]] = []
        self._terms: list[str] = []
        self._docs: list[str] = []

    def files(self, sections: list[Section]) -> dict[str, str]:
        """The index of `sections` as index_files gives it."""
        sections = _by_url(sections)
        if len(sections) == len(self._sections) and all(
                new.url == old.url for new, old in zip(sections, self._sections)):
            changed_words, changed_docs = self._update(sections)
        else:
            changed_words, changed_docs = self._rebuild(sections)
        self._write(changed_words, changed_docs)
        return _files(self._terms, self._docs, self._chunks, len(self._sections))

    def _rebuild(self, sections: list[Section]) -> tuple[set[str], set[int]]:
        kept = {id(section): weight for section, weight in zip(self._sections, self._weights)}
        self._weights = [kept[id(s)] if id(s) in kept else self._weigh(s) for s in sections]
        self._sections = sections
        self._postings = _postings(self._weights)
        self._entries, self._words = {}, sorted(self._postings)
        self._chunks, self._terms, self._docs = [], [], []
        return set(self._words), set(range(-(-len(sections) // DOCS_PER_CHUNK)))

    def _update(self, sections: list[Section]) -> tuple[set[str], set[int]]:
        changed_words, changed_docs = set(), set()
        for number, (old, new) in enumerate(zip(self._sections, sections)):
            if old is new or old == new:
                continue
            before, after = self._weights[number], self._weigh(new)
            for word in before.keys() | after.keys():
                if before.get(word) != after.get(word):
                    self._post(word, number, after.get(word))
                    changed_words.add(word)
            self._weights[number] = after
            changed_docs.add(number // DOCS_PER_CHUNK)
        self._sections = sections  # equal sections too: the next build finds them by identity
        return changed_words, changed_docs

    def _post(self, word: str, number: int, weight: int | None) -> None:
        """Set (or with None remove) the weight of `word` in document `number`."""
        postings = self._postings.setdefault(word, [])
        if not postings:
            insort(self._words, word)
        at = bisect_left(postings, (number,))
        if at < len(postings) and postings[at][0] == number:
            del postings[at]
        if weight is not None:
            postings.insert(at, (number, weight))
        if not postings:
            del self._postings[word]
            del self._words[bisect_left(self._words, word)]

    def _write(self, changed_words: set[str], changed_docs: set[int]) -> None:
        for word in changed_words:
            if word in self._postings:
                self._entries[word] = _entry(word, self._postings[word])
            else:
                self._entries.pop(word, None)
        chunks = _cut(self._words, self._entries)
        self._terms = [self._terms[number] if number < len(self._chunks) and self._chunks[number] == chunk
                       and changed_words.isdisjoint(chunk) else _terms_text(number, chunk, self._entries)
                       for number, chunk in enumerate(chunks)]
        self._chunks = chunks
        self._docs = [self._docs[number] if number < len(self._docs) and number not in changed_docs
                      else _docs_text(number, self._sections)
                      for number in range(-(-len(self._sections) // DOCS_PER_CHUNK))]


def write_index(sections: list[Section], site_dir: Path, kept: KeptIndex | None = None) -> int:
    """Write the index under site_dir/search/ (unchanged files untouched, stale ones removed); returns the file count.

    With `kept` (the preview), the index is updated from the previous build's instead of built afresh.
    """
    found = kept.files(sections) if kept else index_files(sections)
    files = {Path(site_dir) / path: text for path, text in found.items()}
    for target, text in files.items():
        write_text_if_changed(target, text)
    remove_others(Path(site_dir) / INDEX_DIR, set(files))
    return len(files)


_CALL = re.compile(r"^hezaSearch\.(\w+)\((.*)\);\n$", re.S)


class IndexReader:
    """Reads a written index as heza-search.js does (for tests and the benchmark): which files a word needs."""

    def __init__(self, site_dir: Path):
        self.root = Path(site_dir)
        self._read: dict[str, list] = {}
        self.manifest = self._call("chi-muc.js")[0]

    def _call(self, name: str) -> list:
        """The arguments of the hezaSearch call in one index file, each file read once."""
        if name not in self._read:
            match = _CALL.match((self.root / INDEX_DIR / name).read_text(encoding="utf-8"))
            self._read[name] = json.loads(f"[{match.group(2)}]")
        return self._read[name]

    def chunk_of(self, word: str) -> int:
        """The term chunk that holds `word` if any chunk does (the last one starting at or before it)."""
        return max(n for n, first in enumerate(self.manifest["firstWords"]) if first <= word or n == 0)

    def postings(self, word: str) -> dict[int, int]:
        """Document number → weight for one folded word."""
        _, terms, _ = self._call(f"t/{self.chunk_of(word):04d}.js")
        found, number = {}, 0
        flat = terms.get(word, [])
        for gap, weight in zip(flat[::2], flat[1::2]):
            number += gap
            found[number] = weight
        return found

    def document(self, number: int) -> list[str]:
        """[url, title, page title, snippet] of a document number."""
        per = self.manifest["docsPerChunk"]
        return self._call(f"d/{number // per:04d}.js")[1][number % per]

    def urls(self, word: str) -> set[str]:
        """URLs of the documents holding a word (as typed: it is folded first)."""
        return {self.document(n)[0] for w in words(word) for n in self.postings(w)}

    def query_files(self, query: str, shown: int = 20) -> set[str]:
        """Index files the search page loads to show the first `shown` results of a query."""
        needed = {f"{INDEX_DIR}/chi-muc.js"}
        matches = []
        for word in dict.fromkeys(words(query)):
            chunk = self.chunk_of(word)
            needed.add(f"{INDEX_DIR}/t/{chunk:04d}.js")
            _, _, partial = self._call(f"t/{chunk:04d}.js")
            matches.append((self.postings(word), word not in partial))
        filters = [docs for docs, filtering in matches if filtering]
        found = set(filters[0]) if filters else set().union(*(docs for docs, _ in matches))
        found = {n for n in found if all(n in docs for docs in filters)}
        best = sorted(found, key=lambda n: (-sum(docs.get(n, 0) for docs, _ in matches), n))[:shown]
        per = self.manifest["docsPerChunk"]
        return needed | {f"{INDEX_DIR}/d/{n // per:04d}.js" for n in best}
