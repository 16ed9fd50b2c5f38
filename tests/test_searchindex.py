"""The chunked search index: sections cut from page HTML, folded words, chunks a query can find."""
from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.website import searchindex
from generator.website.searchindex import (
    IndexReader,
    Section,
    page_sections,
    words,
    write_index,
)

PAGE = """<h1 id="ke-hoach">Kế hoạch</h1><p>Lời mở đầu về <abbr title="Cải cách hành chính">CCHC</abbr>.</p>
<h2 id="nhiem-vu">Nhiệm vụ<a class="headerlink" href="#nhiem-vu" title="Liên kết">¶</a></h2>
<table><tbody>
<tr data-heza-tim="nv-1a" data-heza-ten="Nhiệm vụ 1a">
<td><a class="heza-stt" href="#nv-1a" id="nv-1a">1a</a></td>
<td>Rà soát thủ tục &amp; đơn giản hóa</td>
</tr>
</tbody></table>
<h3 id="bao-cao">Báo cáo</h3><p>Gửi Sở Nội vụ.</p><script>var x = "không đọc";</script>"""


def test_page_is_cut_into_intro_sections_and_task_rows():
    found = page_sections(PAGE, "ke-hoach/a.html", "Kế hoạch A")
    assert [(s.url, s.title, s.page) for s in found] == [
        ("ke-hoach/a.html", "Kế hoạch A", ""),
        ("ke-hoach/a.html#nhiem-vu", "Nhiệm vụ", "Kế hoạch A"),
        ("ke-hoach/a.html#nv-1a", "Nhiệm vụ 1a", "Kế hoạch A"),
        ("ke-hoach/a.html#bao-cao", "Báo cáo", "Kế hoạch A")]
    assert found[0].text == "Kế hoạch Lời mở đầu về CCHC ."
    assert found[2].text == "1a Rà soát thủ tục & đơn giản hóa"
    assert "Rà soát" not in found[1].text, "a task row is its own result, not repeated in its section"
    assert found[3].text == "Gửi Sở Nội vụ."


def test_an_unnumbered_task_row_is_a_result_too():
    """Regression: rows were found by the HTML's attribute order, which an unnumbered task's link broke."""
    page = PAGE.replace('<a class="heza-stt" href="#nv-1a" id="nv-1a">1a</a>',
                        '<a class="heza-stt" href="#nv-1a" id="nv-1a" title="Văn bản không đánh số">–</a>')
    page = page.replace('data-heza-ten="Nhiệm vụ 1a"', 'data-heza-ten="Nhiệm vụ"')
    assert ("ke-hoach/a.html#nv-1a", "Nhiệm vụ") in [(s.url, s.title) for s in page_sections(page, "ke-hoach/a.html", "A")]


def test_list_pages_are_indexed_by_their_intro_only():
    found = page_sections(PAGE, "don-vi/x.html", "Sở Nội vụ", sections=False)
    assert [s.url for s in found] == ["don-vi/x.html"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Đầu tư", ["dau", "tu"]),
    ("CẢI CÁCH hành chính", ["cai", "cach", "hanh", "chinh"]),
    ("Số 330/KH-BQL", ["so", "330", "kh", "bql"]),
    ("tuyên truyền", ["tuyen", "truyen"]),
    ("\u0074\u0075\u0079\u0065\u0302\u006e", ["tuyen"]),  # NFD input
    ("", []),
])
def test_words_are_folded(text, expected):
    assert words(text) == expected


def test_index_is_deterministic_and_chunked(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "CHUNK_BYTES", 200)
    sections = [Section(f"p{n}.html", f"Trang {n}", "", f"nội dung số {n} về cải cách và đầu tư {n * 7}")
                for n in range(300)]
    first = searchindex.index_files(sections)
    assert first == searchindex.index_files(list(reversed(sections)))
    assert sum(1 for path in first if "/t/" in path) > 3
    write_index(sections, tmp_path)
    index = IndexReader(tmp_path)
    assert index.urls("đầu tư") >= {f"p{n}.html" for n in range(300)}
    assert index.urls("1001") == {"p143.html"}


def test_very_common_words_keep_their_best_postings_only(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "MAX_POSTINGS", 10)
    sections = [Section(f"p{n:03d}.html", "cải cách" if n % 50 == 0 else "trang", "", "cải cách") for n in range(100)]
    files = searchindex.index_files(sections)
    chunk = next(text for path, text in files.items() if "/t/" in path and '"cai"' in text)
    assert chunk.rstrip().endswith('["cach","cai","trang"]);'), "words in over MAX_POSTINGS sections are partial"
    write_index(sections, tmp_path)
    assert {"p000.html", "p050.html"} <= IndexReader(tmp_path).urls("cai")
    assert len(IndexReader(tmp_path).urls("cai")) == 10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ 0123456789", max_size=60),
                min_size=1, max_size=40))
def test_every_word_of_every_section_is_found_again(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("index")
    sections = [Section(f"p{n}.html", "", "", text) for n, text in enumerate(texts)]
    write_index(sections, folder)
    index = IndexReader(folder)
    for n, text in enumerate(texts):
        for word in words(text):
            assert f"p{n}.html" in index.urls(word), (word, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), max_size=30))
def test_a_common_word_keeps_its_best_postings_ties_by_document(weights):
    postings = [(number * 3, weight) for number, weight in enumerate(weights)]  # document order, as built
    with patch.object(searchindex, "MAX_POSTINGS", 5):  # few weights and a small cut: many ties at the cut
        best = sorted(sorted(postings, key=lambda p: (-p[1], p[0]))[:5])
        flat, partial = searchindex._encoded(postings)
    assert partial == (len(postings) > 5)
    numbers = [sum(flat[0:i + 1:2]) for i in range(0, len(flat), 2)]
    assert list(zip(numbers, flat[1::2])) == best


_WORDS = ["cải", "cách", "hành", "chính", "đầu", "tư", "báo", "cáo", "quý", "sở", "nội", "vụ", "số", "1", "22"]
_section_texts = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join)


_edits = st.lists(st.tuples(st.integers(0, 12), _section_texts), max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 12), _section_texts, min_size=1),
       st.lists(st.tuples(_edits, st.lists(st.integers(0, 12), max_size=2)), min_size=1, max_size=6))
def test_kept_index_updated_between_builds_equals_a_fresh_index(first, steps):
    """The preview's index, updated from the previous build's after edits, has the bytes of one built afresh."""
    kept = searchindex.KeptIndex()
    texts, pages = dict(first), {}
    with patch.object(searchindex, "CHUNK_BYTES", 40), patch.object(searchindex, "MAX_POSTINGS", 3), \
            patch.object(searchindex, "DOCS_PER_CHUNK", 3):
        for edits, removed in [([], []), *steps]:
            texts.update(edits)
            for number in removed:
                texts.pop(number, None)
            # A page MkDocs did not render again keeps its very Section object, as in a dirty build.
            pages = {n: pages[n] if n in pages and pages[n].text == text else Section(f"p{n:02d}.html", "", "", text)
                     for n, text in texts.items()}
            sections = list(pages.values())
            assert kept.files(sections) == searchindex.index_files(sections)
