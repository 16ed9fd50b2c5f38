"""Site search: a chunked index of folded Vietnamese words, loaded piece by piece by the search page.

One lunr index is a single file every visitor downloads before the first result (17.7 MB gzip at
1,000 plans). Here the index is split so a query downloads only what it needs:

- `search/chi-muc.js`: the manifest (the first word of each term chunk, the number of documents);
- `search/t/NNNN.js`: term chunks, words in sorted order, each word with its postings
  (document number, weight), cut at about CHUNK_BYTES;
- `search/d/NNNN.js`: document chunks of DOCS_PER_CHUNK documents (URL, title, page, snippet).

Every file is a script calling `hezaSearch.*(…)`, so the index loads from `file://` as well as
over HTTP. Words are folded as `generator.text.fold` folds them (`Đầu tư` → `dau tu`); the page
folds the query the same way, so queries match with and without diacritics. A word found in more
than MAX_POSTINGS documents keeps only its best postings and is marked partial: it ranks results
but does not filter them, which bounds what a query downloads however large the site grows.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from .output import remove_others, write_text_if_changed
from .text import fold

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
# A task row of a plan page (theme/pages/_macros.md.j2 numbers it with a.heza-stt): its own result.
_TASK_ROW = re.compile(r'<tr>\s*<td><a class="heza-stt" href="#([^"]+)" id="\1">(.*?)</a></td>(.*?)</tr>', re.S)


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
        rows = [Section(f"{url}#{row[0]}", f"Nhiệm vụ {plain(row[1])}", title, plain(row[2]))
                for row in _TASK_ROW.findall(following)]
        found.append(Section(f"{url}#{anchor}", heading, title, plain(_TASK_ROW.sub(" ", following))))
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


def _postings(sections: list[Section], weigh: Callable[[Section], Counter]) -> dict[str, list[tuple[int, int]]]:
    """Every word with (document number, weight), documents in order."""
    index: dict[str, list[tuple[int, int]]] = {}
    for number, section in enumerate(sections):
        for word, weight in weigh(section).items():
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


def _term_chunks(index: dict[str, list[tuple[int, int]]]) -> list[tuple[str, dict, list[str]]]:
    """Sorted words cut into chunks of about CHUNK_BYTES: (first word, postings, partial words)."""
    chunks, current, partial, size = [], {}, [], 0
    for word in sorted(index):
        if current and size > CHUNK_BYTES:
            chunks.append((next(iter(current)), current, partial))
            current, partial, size = {}, [], 0
        flat, is_partial = _encoded(index[word])
        current[word] = flat
        if is_partial:
            partial.append(word)
        size += len(word) + len(_dump(flat)) + 4
    if current:
        chunks.append((next(iter(current)), current, partial))
    return chunks


def _document(section: Section) -> list[str]:
    snippet = section.text if len(section.text) <= SNIPPET_CHARS else section.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return [section.url, section.title, section.page, snippet]


def index_files(sections: list[Section], weigh: Callable[[Section], Counter] = weights) -> dict[str, str]:
    """The index as {path under the site: script text}, deterministic for the same sections."""
    sections = sorted(sections, key=lambda s: s.url)
    terms = _term_chunks(_postings(sections, weigh))
    files = {}
    for number, (_, postings, partial) in enumerate(terms):
        files[f"{INDEX_DIR}/t/{number:04d}.js"] = f"hezaSearch.terms({number},{_dump(postings)},{_dump(partial)});\n"
    for start in range(0, len(sections), DOCS_PER_CHUNK):
        docs = [_document(s) for s in sections[start:start + DOCS_PER_CHUNK]]
        files[f"{INDEX_DIR}/d/{start // DOCS_PER_CHUNK:04d}.js"] = f"hezaSearch.docs({start // DOCS_PER_CHUNK},{_dump(docs)});\n"
    manifest = {"version": 1, "documents": len(sections), "docsPerChunk": DOCS_PER_CHUNK,
                "firstWords": [first for first, _, _ in terms]}
    files[f"{INDEX_DIR}/chi-muc.js"] = f"hezaSearch.manifest({_dump(manifest)});\n"
    return files


def write_index(sections: list[Section], site_dir: Path, weigh: Callable[[Section], Counter] = weights) -> int:
    """Write the index under site_dir/search/ (unchanged files untouched, stale ones removed); returns the file count."""
    files = {Path(site_dir) / path: text for path, text in index_files(sections, weigh).items()}
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
