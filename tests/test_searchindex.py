"""The chunked search index: sections cut from page HTML, folded words, pairs and forms, chunks a query
can find, and the ranking the search page applies (IndexReader ranks as heza-search.js does)."""
from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.website import searchindex
from generator.website.searchindex import (
    IndexReader,
    Section,
    page_sections,
    passages,
    search_glossary,
    tokens,
    without_excluded,
    words,
    write_index,
)

REPO = Path(__file__).resolve().parents[1]

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
    assert [(s.url, s.title, s.page, s.section) for s in found] == [
        ("ke-hoach/a.html", "Kế hoạch A", "", ""),
        ("ke-hoach/a.html#nhiem-vu", "Nhiệm vụ", "Kế hoạch A", ""),
        ("ke-hoach/a.html#nv-1a", "Nhiệm vụ 1a", "Kế hoạch A", "Nhiệm vụ"),
        ("ke-hoach/a.html#bao-cao", "Báo cáo", "Kế hoạch A", "")]
    assert found[0].text == "Kế hoạch Lời mở đầu về CCHC."
    assert found[2].text == "1a Rà soát thủ tục & đơn giản hóa"
    assert "Rà soát" not in found[1].text, "a task row is its own result, not repeated in its section"
    assert found[3].text == "Gửi Sở Nội vụ."


def test_a_task_row_names_the_nearest_heading_above_it():
    page = """<h2 id="nhiem-vu">Nội dung và nhiệm vụ</h2>
<h3 id="muc-ii">II. Nhiệm vụ năm 2022</h3>
<h4 id="muc-ii-1">II.1. Các nhiệm vụ chung</h4>
<h5 id="muc-ii-1-a">II.1.a. Cải cách <abbr title="thủ tục hành chính">TTHC</abbr></h5>
<table><tbody><tr data-heza-tim="nv-1" data-heza-ten="Nhiệm vụ 1"><td>1</td><td>Rà soát</td></tr></tbody></table>
<h5 id="muc-ii-1-b">II.1.b. Cải cách thể chế</h5>
<table><tbody><tr data-heza-tim="nv-2" data-heza-ten="Nhiệm vụ 2"><td>2</td><td>Ban hành</td></tr></tbody></table>
<h3 id="muc-iii">III. Kinh phí</h3>
<table><tbody><tr data-heza-tim="nv-3" data-heza-ten="Nhiệm vụ 3"><td>3</td><td>Bố trí</td></tr></tbody></table>"""
    found = {s.url.rpartition("#")[2]: s for s in page_sections(page, "ke-hoach/a.html", "Kế hoạch số 1/KH-BQL")}
    assert found["nv-1"].section == "II.1.a. Cải cách TTHC"
    assert found["nv-2"].section == "II.1.b. Cải cách thể chế"
    assert found["nv-3"].section == "III. Kinh phí"
    assert {s.page for s in found.values() if "#" in s.url} == {"Kế hoạch số 1/KH-BQL"}


def test_an_unnumbered_task_row_is_a_result_too():
    """Regression: rows were found by the HTML's attribute order, which an unnumbered task's link broke."""
    page = PAGE.replace('<a class="heza-stt" href="#nv-1a" id="nv-1a">1a</a>',
                        '<a class="heza-stt" href="#nv-1a" id="nv-1a" title="Văn bản không đánh số">–</a>')
    page = page.replace('data-heza-ten="Nhiệm vụ 1a"', 'data-heza-ten="Nhiệm vụ"')
    sections = page_sections(page, "ke-hoach/a.html", "A")
    assert ("ke-hoach/a.html#nv-1a", "Nhiệm vụ") in [(s.url, s.title) for s in sections]


def test_list_pages_are_indexed_by_their_intro_only():
    found = page_sections(PAGE, "don-vi/x.html", "Sở Nội vụ", sections=False, names=["SNV", ""])
    assert [(s.url, s.names) for s in found] == [("don-vi/x.html", ("SNV",))]


# --- what is not indexed -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "kept"), [
    ('<p>a</p><details class="heza-ban-chep" data-search-exclude><summary>Ghi chú</summary><p>b</p></details><p>c</p>',
     "<p>a</p><p>c</p>"),
    # nested elements of the same name: the right closing tag ends it
    ('<div data-search-exclude><div><div>b</div></div><p>b</p></div><div>c</div>', "<div>c</div>"),
    # the attribute anywhere among others, with a value, or with ">" in another attribute's value
    ('<div title="x > y" data-search-exclude="" class="l"><p>b</p></div>c', "c"),
    ('<div class="heza-list" data-search-exclude>b</div>c<ul data-search-exclude><li>b</li></ul>d', "cd"),
    # not the attribute: another name, or the words inside a value
    ('<div data-search-excluded>a</div><div title=" data-search-exclude">a</div>',
     '<div data-search-excluded>a</div><div title=" data-search-exclude">a</div>'),
    # self-closing inner tags do not open anything; an element never closed ends the page
    ('<div data-search-exclude><div/>b</div>c', "c"),
    ('a<section data-search-exclude><p>b', "a"),
])
def test_elements_marked_data_search_exclude_are_left_out(body, kept):
    assert without_excluded(body) == kept


def test_excluded_elements_are_not_in_any_section():
    page = PAGE.replace("<p>Gửi Sở Nội vụ.</p>",
                        '<p>Gửi Sở Nội vụ.</p><details class="heza-ban-chep" data-search-exclude>'
                        '<summary>Về bản chép</summary><details><p>Ghi chú bản quét</p></details>'
                        '<h3 id="ghi-chu">Ghi chú</h3><p>chỗ không rõ</p></details><p>Hết.</p>')
    found = page_sections(page, "ke-hoach/a.html", "A")
    assert [s.url for s in found][-1] == "ke-hoach/a.html#bao-cao"
    assert found[-1].text == "Gửi Sở Nội vụ. Hết."
    assert not any("bản quét" in s.text or "không rõ" in s.text for s in found)


def test_the_site_map_is_not_indexed():
    template = (REPO / "theme" / "pages" / "sitemap.md.j2").read_text(encoding="utf-8")
    front = template.split("---")[1]
    assert re.search(r"^search:\n\s+exclude: true\b", front, re.M)


# --- words, forms, pairs --------------------------------------------------------------------

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
    assert [word for word, _ in tokens(text)] == expected


def test_tokens_keep_each_word_as_written():
    assert tokens("Sở, SỐ và sơ đồ; Đ/c ab_c") == [
        ("so", "sở"), ("so", "số"), ("va", "và"), ("so", "sơ"), ("do", "đồ"), ("d", "đ"), ("c", "c"),
        ("ab", "ab"), ("c", "c")]
    assert tokens("chuye\u0302\u0309n") == [("chuyen", "chuyển")]  # NFD: one word, written in NFC


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậÀẢĐỆ _-/.,0123456789\u0301\u0323", max_size=80))
def test_tokens_fold_as_the_page_folds_a_query(text):
    assert [word for word, _ in tokens(text)] == words(text)


@pytest.mark.parametrize("text", ["", "ngắn", "Câu một. " * 200, "từ " * 500, "x" * 2000])
def test_long_texts_are_cut_into_passages(text):
    cut = passages(text)
    assert " ".join(cut).split() == text.split() or " " not in text, "no word lost or cut in two"
    assert "".join(cut).replace(" ", "") == text.replace(" ", "")
    assert all(len(p) <= searchindex.PASSAGE_CHARS + 1 for p in cut)
    if "Câu" in text:
        assert all(p.endswith(".") for p in cut), "cut at a sentence end"


def _index(tmp_path, sections, glossary=None) -> IndexReader:
    write_index(sections, tmp_path, glossary=glossary)
    return IndexReader(tmp_path)


def test_pairs_are_indexed_with_title_flags(tmp_path):
    index = _index(tmp_path, [
        Section("a.html", "Chuyển đổi số", "", "Chuyển đổi số của thành phố."),
        Section("b.html#m", "Mục đích", "Kế hoạch B", "Đổi mới, chuyển đổi; số hóa."),
    ])
    a, b = 0, 1
    assert index.pair_postings("chuyen doi") == {a: 1 | searchindex.PAGE_TITLE, b: 1}
    assert index.pair_postings("doi so") == {a: 1 | searchindex.PAGE_TITLE, b: 1}  # the words in a row
    assert index.pair_postings("so doi") == {}
    assert index.pair_postings("muc dich") == {b: searchindex.SECTION_TITLE}  # in the title only


def test_forms_tell_how_each_word_is_written(tmp_path):
    index = _index(tmp_path, [
        Section("a.html", "Sở Nội vụ", "", "Sở Nội vụ, văn bản số 1."),
        Section("b.html", "B", "", "Số liệu sơ bộ; số 2."),
        Section("c.html", "C", "", "Nghiệp vụ, so sánh."),
        Section("d.html", "D", "", "Nghiệp vụ 330."),
    ])
    order, masks = index.forms("so")
    assert order == ["số", "so", "sơ", "sở"]  # most used first, then in order
    present, in_title = searchindex.FORM_PRESENT, searchindex.FORM_IN_TITLE
    assert masks == [(present << 0) | ((present | in_title) << 6),  # a.html: số, and sở (also in the title)
                     (present << 0) | (present << 4),  # b.html: số, sơ
                     present << 2]  # c.html: so
    assert index.forms("nghiep") == [["nghiệp"]], "written one way everywhere: no masks"
    assert index.forms("330") is None, "written only as its folded self"


def test_weights_hold_count_title_and_passage(tmp_path):
    with patch.object(searchindex, "PASSAGE_CHARS", 40):
        index = _index(tmp_path, [
            Section("a.html#m", "Đầu tư công", "Kế hoạch A", "Đầu tư công. " + "Vốn đầu tư năm sau. " * 4)])
    assert [index.document(n)[5] for n in range(index.manifest["documents"])] == [0, 1, 2]
    postings = index.postings("dau")
    assert postings[0] == 2 | searchindex.SECTION_TITLE
    assert postings[1] == 2 | (1 << searchindex.PART_SHIFT)  # the second passage: no title, its own count
    assert postings[2] == 1 | (2 << searchindex.PART_SHIFT)


def test_glossary_is_written_both_sides_folded():
    assert search_glossary({"TTHC": "thủ tục hành chính", "b/c": "báo cáo", "X": "x",
                            "FDI": "đầu tư trực tiếp nước ngoài (Foreign Direct Investment)",
                            "KT-XH": "kinh tế - xã hội"}) == [
        ["fdi", "dau tu truc tiep nuoc ngoai", "FDI", "đầu tư trực tiếp nước ngoài"],
        ["kt xh", "kinh te xa hoi", "KT-XH", "kinh tế - xã hội"],
        ["tthc", "thu tuc hanh chinh", "TTHC", "thủ tục hành chính"]]


def test_manifest_holds_the_glossary_and_the_first_key_of_each_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "CHUNK_BYTES", 100)
    index = _index(tmp_path, [Section(f"p{n}.html", "", "", f"nội dung số {n} về cải cách") for n in range(40)],
                   glossary={"CCHC": "cải cách hành chính"})
    assert index.manifest["glossary"] == [["cchc", "cai cach hanh chinh", "CCHC", "cải cách hành chính"]]
    assert len(index.manifest["firstPairs"]) > 1 and len(index.manifest["firstWords"]) > 1
    for folder, firsts in (("t", index.manifest["firstWords"]), ("p", index.manifest["firstPairs"])):
        for n, first in enumerate(firsts):
            text = (tmp_path / "search" / folder / f"{n:04d}.js").read_text(encoding="utf-8")
            assert min(re.findall(r'"([^"]+)":\[\d', text)) == first


# --- the index as files -------------------------------------------------------------------------

def test_index_is_deterministic_and_chunked(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "CHUNK_BYTES", 200)
    sections = [Section(f"p{n}.html", f"Trang {n}", "", f"nội dung số {n} về cải cách và đầu tư {n * 7}")
                for n in range(300)]
    first = searchindex.index_files(sections)
    assert first == searchindex.index_files(list(reversed(sections)))
    assert sum(1 for path in first if "/t/" in path) > 3
    assert sum(1 for path in first if "/p/" in path) > 3
    index = _index(tmp_path, sections)
    assert index.urls("đầu tư") >= {f"p{n}.html" for n in range(300)}
    assert index.urls("1001") == {"p143.html"}


def test_document_chunks_hold_what_a_result_shows(tmp_path):
    with patch.object(searchindex, "PASSAGE_CHARS", 20):
        index = _index(tmp_path, [
            Section("a.html#nv-3", "Nhiệm vụ 3", "Kế hoạch số 330/KH-BQL: Cải cách", "Rà soát thủ tục.",
                    section="II. Cải cách thủ tục hành chính"),
            Section("a.html#m", "Mục đích", "Kế hoạch số 330/KH-BQL: Cải cách", "Câu một dài. Câu hai cũng dài."),
            Section("a.html", "Kế hoạch số 330/KH-BQL: Cải cách", "", "Mở đầu.")])
    assert [index.document(n) for n in range(index.manifest["documents"])] == [
        ["a.html", "Kế hoạch số 330/KH-BQL: Cải cách", "", "Mở đầu.", "", 0],
        ["a.html#m", "Mục đích", "Kế hoạch số 330/KH-BQL: Cải cách", "Câu một dài.", "", 0],
        ["a.html#m", "Mục đích", "Kế hoạch số 330/KH-BQL: Cải cách", "Câu hai cũng dài.", "", 1],
        ["a.html#nv-3", "Nhiệm vụ 3", "Kế hoạch số 330/KH-BQL: Cải cách", "Rà soát thủ tục.",
         "II. Cải cách thủ tục hành chính", 0]]


def test_very_common_words_keep_their_best_postings_only(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "MAX_POSTINGS", 10)
    sections = [Section(f"p{n:03d}.html", "cải cách" if n % 50 == 0 else "trang", "", "cải cách") for n in range(100)]
    files = searchindex.index_files(sections)
    chunk = next(text for path, text in files.items() if "/t/" in path and '"cai"' in text)
    assert '["cach","cai","trang"]' in chunk, "words in over MAX_POSTINGS sections are partial"
    pairs = next(text for path, text in files.items() if "/p/" in path)
    assert pairs.rstrip().endswith('["cai cach"]);'), "so are pairs"
    index = _index(tmp_path, sections)
    assert {"p000.html", "p050.html"} <= index.urls("cai")
    assert len(index.urls("cai")) == 10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ 0123456789", max_size=60),
                min_size=1, max_size=40))
def test_every_word_of_every_section_is_found_again(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("index")
    sections = [Section(f"p{n}.html", "", "", text) for n, text in enumerate(texts)]
    index = _index(folder, sections)
    for n, text in enumerate(texts):
        for word in words(text):
            assert f"p{n}.html" in index.urls(word), (word, text)
            assert any(index.document(r.best)[0] == f"p{n}.html" for r in index.search(word + " ")), (word, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), max_size=30), st.integers(0, 3))
def test_a_common_word_keeps_its_best_postings_ties_by_document(weights, part):
    # postings in document order, as built; the passage bits do not count
    with patch.object(searchindex, "MAX_POSTINGS", 5):  # few weights and a small cut: many ties at the cut
        kept = searchindex._best([weight | (part << searchindex.PART_SHIFT) for weight in weights])
    if len(weights) <= 5:
        assert kept is None
    else:
        assert kept == sorted(sorted(range(len(weights)), key=lambda i: (-weights[i], i))[:5])


_WORDS = ["cải", "cách", "hành", "chính", "đầu", "tư", "báo", "cáo", "quý", "sở", "nội", "vụ", "số", "sơ", "1",
          "22", "Sở", "CẢI"]
_section_texts = st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join)
_titles = st.sampled_from(["", "Sở Nội vụ", "Báo cáo quý", "số 1"])
_edits = st.lists(st.tuples(st.integers(0, 12), _section_texts, _titles), max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 12), st.tuples(_section_texts, _titles), min_size=1),
       st.lists(st.tuples(_edits, st.lists(st.integers(0, 12), max_size=2)), min_size=1, max_size=6))
def test_kept_index_updated_between_builds_equals_a_fresh_index(first, steps):
    """The preview's index, updated from the previous build's after edits, has the bytes of one built afresh
    (words, forms, pairs, passages, document chunks, manifest)."""
    kept = searchindex.KeptIndex()
    texts, pages = dict(first), {}
    glossary = {"CCHC": "cải cách hành chính"}
    with patch.object(searchindex, "CHUNK_BYTES", 40), patch.object(searchindex, "MAX_POSTINGS", 3), \
            patch.object(searchindex, "DOCS_PER_CHUNK", 3), patch.object(searchindex, "PASSAGE_CHARS", 30):
        for edits, removed in [([], []), *steps]:
            texts.update({n: (text, title) for n, text, title in edits})
            for number in removed:
                texts.pop(number, None)
            # A page MkDocs did not render again keeps its very Section object, as in a dirty build.
            pages = {n: pages[n] if n in pages and (pages[n].text, pages[n].title) == value
                     else Section(f"p{n:02d}.html", value[1], "Trang" if n % 2 else "", value[0])
                     for n, value in texts.items()}
            sections = list(pages.values())
            assert kept.files(sections, glossary) == searchindex.index_files(sections, glossary)


def test_kept_index_after_an_edit_that_adds_a_passage(tmp_path):
    with patch.object(searchindex, "PASSAGE_CHARS", 40):
        sections = [Section(f"p{n}.html", f"Trang {n}", "", "Cải cách hành chính.") for n in range(5)]
        kept = searchindex.KeptIndex()
        kept.files(sections)
        sections[2] = Section("p2.html", "Trang 2", "", "Cải cách hành chính. " * 5)
        assert kept.files(sections) == searchindex.index_files(sections)
        sections[2] = Section("p2.html", "Trang 2", "", "Cải cách thủ tục hành chính.")
        assert kept.files(sections) == searchindex.index_files(sections)


# --- ranking (IndexReader ranks as heza-search.js does) ----------------------------------------

def _urls(index: IndexReader, query: str) -> list[str]:
    return [index.document(r.best)[0] for r in index.search(query)]


def test_a_phrase_ranks_above_scattered_words(tmp_path):
    index = _index(tmp_path, [
        Section("a.html", "A", "", "Số hóa hồ sơ, chuyển giao công nghệ, đổi mới cách làm; văn bản số 2 " * 3),
        Section("b.html", "B", "", "Đẩy mạnh chuyển đổi số."),
        Section("c.html", "Chuyển đổi số", "Kế hoạch C", "Nội dung."),
    ])
    for query in ("chuyen doi so", "chuyển đổi số"):
        assert _urls(index, query) == ["c.html", "b.html", "a.html"], query


def test_the_spelling_typed_ranks_first_all_spellings_match(tmp_path):
    index = _index(tmp_path, [
        Section("so-1.html", "Văn bản số 1", "", "Số 1, số liệu, số hóa, số lượng."),
        Section("so-do.html", "Sơ đồ", "", "Sơ đồ tổ chức."),
        Section("so-nv.html", "Sở Nội vụ", "", "Sở Nội vụ thành phố."),
        Section("nv.html", "Nghiệp vụ", "Kế hoạch", "Báo cáo số nội vụ gửi Sở Tư pháp, sơ bộ."),
    ])
    assert set(_urls(index, "so")) == {"so-1.html", "so-do.html", "so-nv.html", "nv.html"}
    assert _urls(index, "sở")[:2] == ["so-nv.html", "nv.html"]
    assert _urls(index, "sơ")[:2] == ["so-do.html", "nv.html"]
    assert _urls(index, "số")[0] == "so-1.html"
    assert _urls(index, "Sở Nội vụ")[0] == "so-nv.html"
    assert _urls(index, "so noi vu")[0] == "so-nv.html"


def test_a_unit_page_comes_first_for_its_name_short_name_and_alias(tmp_path):
    unit = page_sections("<h1>Sở Nội vụ thành phố Hải Phòng</h1><p>Tên ngắn: Sở Nội vụ</p>", "don-vi/so-noi-vu.html",
                         "Sở Nội vụ thành phố Hải Phòng", sections=False, names=["Sở Nội vụ", "SNV"])
    tasks = [Section(f"ke-hoach/k.html#nv-{n}", f"Nhiệm vụ {n}", "Kế hoạch K",
                     "Sở Nội vụ chủ trì; Sở Nội vụ phối hợp với Sở Nội vụ (SNV) " * 3) for n in range(8)]
    report = Section("ke-hoach/k.html#bc", "Báo cáo gửi Sở Nội vụ", "Kế hoạch K", "Gửi Sở Nội vụ SNV")
    index = _index(tmp_path, [*tasks, report, *unit])
    for query in ("Sở Nội vụ", "so noi vu", "Sở Nội vụ thành phố Hải Phòng", "SNV"):
        assert _urls(index, query)[0] == "don-vi/so-noi-vu.html", query


def test_glossary_expands_both_ways_to_the_same_sections(tmp_path):
    index = _index(tmp_path, [
        Section("a.html", "A", "", "Cải cách TTHC."),
        Section("b.html", "B", "", "Cải cách thủ tục hành chính."),
        Section("c.html", "C", "", "Thủ tục đầu tư; hành chính công."),
        Section("d.html", "D", "", "Kiểm soát thủ tục hành chính (KSTTHC)."),
        Section("e.html", "E", "", "Không liên quan."),
    ], glossary={"TTHC": "thủ tục hành chính", "KSTTHC": "kiểm soát thủ tục hành chính", "b/c": "báo cáo"})
    short, long = _urls(index, "TTHC"), _urls(index, "thủ tục hành chính")
    assert set(short) == set(long) == {"a.html", "b.html", "c.html", "d.html"}
    assert short[0] == "a.html" and long[:2] == ["b.html", "d.html"]
    assert set(_urls(index, "tthc ")) == set(short)
    assert set(_urls(index, "kstthc")) == {"d.html"}
    assert [[t.word for t in terms] for terms in index.alternatives("kiểm soát thủ tục hành chính")] == [
        ["kiem", "soat", "thu", "tuc", "hanh", "chinh"], ["kiem", "soat", "tthc"], ["kstthc"]]


def test_passages_add_up_to_their_section_and_the_best_one_is_shown(tmp_path):
    with patch.object(searchindex, "PASSAGE_CHARS", 60):
        text = "Mở đầu về cải cách. " * 6 + "Đẩy mạnh chuyển đổi số ở mọi cấp. " + "Kết luận chung. " * 6
        index = _index(tmp_path, [Section("a.html#m", "Tổ chức thực hiện", "Kế hoạch A", text),
                                  Section("b.html", "B", "", "Cải cách.")])
        found = index.search("cải cách chuyển đổi số")
    assert [index.document(r.section)[0] for r in found] == ["a.html#m"], "words of two passages: one section"
    best = index.document(found[0].best)
    assert best[5] > 0 and "chuyển đổi số" in best[3]


def test_prefix_of_the_word_being_typed(tmp_path):
    index = _index(tmp_path, [Section("a.html", "A", "", "tuyên truyền"), Section("b.html", "B", "", "tuyên bố")])
    assert set(_urls(index, "tuyen truy")) == {"a.html"}
    assert set(_urls(index, "tuyen truy ")) == set(), "a space after the word: a whole word"
    assert set(_urls(index, "tuyen")) == {"a.html", "b.html"}


def test_a_query_loads_a_bounded_number_of_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "CHUNK_BYTES", 300)
    sections = [Section(f"p{n:03d}.html", f"Trang {n}", "", " ".join(_WORDS[(n + k) % len(_WORDS)] for k in range(9))
                        + f" số {n}") for n in range(400)]
    index = _index(tmp_path, sections, glossary={"CCHC": "cải cách hành chính"})
    query = "cải cách hành chính báo cáo quý"
    files = index.query_files(query)
    word_chunks = {f for f in files if "/t/" in f}
    pair_chunks = {f for f in files if "/p/" in f}
    # 7 words (with "cchc" of the glossary swap), the last one a prefix; 6 pairs (with "cchc bao")
    assert len(word_chunks) <= 7 + IndexReader.MAX_PREFIX_CHUNKS - 1 and len(pair_chunks) <= 6
    assert len({f for f in files if "/d/" in f}) <= 20
