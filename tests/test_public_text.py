"""What reaches the public says no more than the document and nothing of the editor's tools: no field path,
YAML word or raw OCR placeholder on a page, in a feed or in a data file; ids unique on every page;
sitemap.xml dated by the content, not the build; the site's own 404 page."""
from __future__ import annotations

import collections
import csv
import html
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import REPO
from generator.build import build
from generator.facts.notes import note_place, transcription_notes
from generator.facts.order import vietnamese_key
from generator.facts.summary import plan_summary
from generator.source.reader import read_content
from generator.website.searchindex import IndexReader

EPOCH = "1795392000"  # 2026-11-23
# A field path as the editor writes one ("document.signature.signer", "tasks[13b].lead", "sections[2]").
FIELD_PATH = re.compile(r"\b(?:document|sections|tasks|reports|appendices|implementation|notes|period|purposes|"
                        r"legal_bases|targets|requirements|budget|footnotes)(?:\[[^\]]*\])?\.[a-z_]+|\b[a-z_]+\[\d+\]")
# YAML and process words that mean nothing to a reader.
EDITOR_WORDS = re.compile(r"\b(?:null|true|false|seed|yaml|field|kind: |uncertain|editorial)\b")
TEXT_FILES = (".html", ".xml", ".ics", ".json", ".csv")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("public")
    shutil.copytree(REPO / "content", work / "content")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(work / "content", work / "site", keep_feed_history=False)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return work / "site"


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _public_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.suffix in TEXT_FILES and "search" not in p.parts
            and p.name != "ke-hoach.schema.json"]  # the schema describes the data's keys: its job is to name them


def test_no_field_path_on_any_page_feed_or_data_file(site):
    found = {}
    for path in _public_files(site):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = _visible_text(text)
        elif path.suffix == ".json":  # keys are the data's own vocabulary; values are what readers see
            text = " ".join(re.findall(r':\s*"((?:[^"\\]|\\.)*)"', text))
        hits = FIELD_PATH.findall(text)
        if hits:
            found[path.relative_to(site).as_posix()] = hits[:3]
    assert not found, found


def test_no_yaml_word_in_the_text_of_a_page(site):
    found = {}
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).as_posix() == "du-lieu/index.html":
            continue  # the data page names the data's keys and values: that is its job
        hits = EDITOR_WORDS.findall(_visible_text(path.read_text(encoding="utf-8")))
        if hits:
            found[path.relative_to(site).as_posix()] = hits[:3]
    assert not found, found


def test_ids_are_unique_on_every_page(site):
    """Regression: two headings of the 2022 plan had the same id, so a contents link jumped to the wrong one."""
    duplicated = {}
    for path in sorted(site.rglob("*.html")):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        twice = [i for i, n in collections.Counter(ids).items() if n > 1]
        if twice:
            duplicated[path.relative_to(site).as_posix()] = twice
    assert not duplicated


def test_sitemap_dates_come_from_the_content_not_the_build(site):
    urls = ET.parse(site / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dates = {u.find(f"{namespace}loc").text: u.find(f"{namespace}lastmod") for u in urls}
    plan = dates["https://heza.gov.vn/cchc/ke-hoach/2024-330-kh-bql.html"]
    assert plan is not None and plan.text == "2024-01-24", "its issue date: the plan was never revised"
    assert all(d is None or d.text != "2026-11-23" for d in dates.values()), "the build day is no page's date"


def test_the_404_page_is_in_vietnamese_and_leads_back(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang" in page and "Not found" not in page
    assert 'action="/cchc/tim-kiem.html"' in page and 'href="/cchc/index.html">Về trang chủ' in page


def test_every_page_has_dublin_core_and_open_graph_and_names_the_agency(site):
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "Ban Quản lý Khu kinh tế Hải Phòng" in title, path
        for tag in ('name="DC.title"', 'name="DC.publisher"', 'name="DC.language"', 'property="og:title"',
                    'property="og:type"'):
            assert tag in page, (path, tag)


@pytest.mark.parametrize(("field", "label"), [
    ("document.signature.signer", "Phần ký"),
    ("document.date", "Ngày ban hành"),
    ("purposes", "Mục đích"),
    ("reports[0].deadline", "Báo cáo"),
    ("appendices[0].sections[0].tasks[1]", "Nhiệm vụ"),
    ("implementation.duties[2]", "Tổ chức thực hiện"),
])
def test_a_note_is_placed_in_words(field, label):
    plan = next(p for p in read_content(REPO / "content")[0].plans if p.id == "2021-3848-qd-ubnd")
    place = note_place(plan, field)
    assert place is not None and place.label.startswith(label), place
    assert not FIELD_PATH.search(place.label)


def test_every_note_of_the_real_plans_is_placed_or_about_the_whole_document():
    for plan in read_content(REPO / "content")[0].plans:
        for shown in transcription_notes(plan):
            original = next(n for n in plan.notes if n.text == shown.text)
            assert (shown.place is None) == (original.field is None), (plan.id, original.field)


def test_regression_a_plan_written_as_prose_said_nhiem_vu_0(site):
    """The 2023 communication plan states its work in its text, with no task list: the page and the plan list
    say so instead of counting 0 tasks, while a plan whose list is missing from the scan says that."""
    content = read_content(REPO / "content")[0]
    kinds = {p.id: (plan_summary(p).prose_only, plan_summary(p).task_list_missing) for p in content.plans}
    assert kinds["2023-tuyen-truyen-cchc-kh-bql"] == (True, False)
    assert kinds["2024-330-kh-bql"] == (False, True)
    assert [plan for plan, (prose, _) in kinds.items() if prose] == ["2023-tuyen-truyen-cchc-kh-bql"]
    page = (site / "ke-hoach" / "2023-tuyen-truyen-cchc-kh-bql.html").read_text(encoding="utf-8")
    assert "không lập danh mục nhiệm vụ" in page and "<strong>Nhiệm vụ:</strong> 0;" not in page
    listing = (site / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    assert "Không lập danh mục nhiệm vụ, 4 báo cáo" in listing


def test_regression_a_request_was_listed_among_the_legal_bases(site):
    """"Theo đề nghị của Sở Nội vụ …" prompted the decision; it is not one of its bases, nor under "Căn cứ"."""
    page = (site / "ke-hoach" / "2021-3848-qd-ubnd.html").read_text(encoding="utf-8")
    assert "<p>Theo đề nghị của Sở Nội vụ tại Công văn số 2527/" in page
    assert not re.search(r"<li>\s*Theo đề nghị", page)


def test_regression_the_footnote_mark_led_nowhere(site):
    page = (site / "ke-hoach" / "2023-par-index-sipas-papi-kh-bql.html").read_text(encoding="utf-8")
    assert 'cải cách hành chính<a class="heza-fn" href="#chu-thich-1" aria-label="chú thích 1">¹</a>' in page
    assert '<sup id="chu-thich-1">1</sup>' in page


def test_regression_news_feeds_said_0_nhiem_vu(site):
    """The 2024 plan (appendix not in the scan) and the two 2023 plans (no task list) said "0 nhiệm vụ"."""
    for feed in ("rss.xml", "atom.xml"):
        text = (site / feed).read_text(encoding="utf-8")
        assert "0 nhiệm vụ" not in text, feed
        assert "bản lưu không có đủ phụ lục của văn bản" in text and "Không lập danh mục nhiệm vụ" in text, feed


def test_regression_the_subscribe_page_listed_unit_calendars_in_registry_order(site):
    page = (site / "lich" / "dang-ky.html").read_text(encoding="utf-8")
    section = page.split('id="lich-unit"', 1)[1].split('id="lich-plan"', 1)[0]
    names = [html.unescape(n) for n in re.findall(r'<li><strong><a href="[^"]*">([^<]*)</a></strong>', section)]
    assert len(names) > 10 and names == sorted(names, key=vietnamese_key)


def test_regression_area_pages_showed_unlabelled_cards_and_sub_tasks_without_their_parent(site):
    """On a phone, a task table is a stack of cards whose cells say their column: area pages had no labels, and a
    sub-task ("Thành phố") did not say what it is part of nor that its reading is uncertain."""
    for page in _public_files(site):
        if page.suffix != ".html":
            continue
        text = page.read_text(encoding="utf-8")
        for table in re.findall(r'<div class="heza-tasks".*?</table>', text, re.S):
            rows = re.sub(r'<tr class="heza-dong-tieu-de">.*?</tr>', "", table, flags=re.S)  # heading rows
            cells = re.findall(r"<td[^>]*>", rows)
            assert cells and all("data-label=" in c for c in cells), page
    area = (site / "linh-vuc" / "chi-dao-dieu-hanh.html").read_text(encoding="utf-8")
    row = area[area.index("#nv-1a"):].split("</tr>", 1)[0]
    assert "Ban hành Kế hoạch cải cách hành chính năm 2022:</span><br>Thành phố" in row
    assert 'chưa chắc chắn khi chép: <a href="../ke-hoach/2021-3848-qd-ubnd.html#ghi-chu-' in row


def test_regression_plan_pages_had_no_way_to_report_a_transcription_error(site):
    """While site.yaml sets no `feedback` (nor an e-mail), the link leads to the agency's portal, and says so."""
    for page in (site / "ke-hoach").glob("*.html"):
        if page.name == "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        assert ('<a href="https://heza.gov.vn">Góp ý, báo lỗi bản chép</a> (qua Cổng thông tin điện tử của '
                "Ban Quản lý Khu kinh tế Hải Phòng)") in text, page


def test_regression_an_unreadable_cell_read_as_not_stated_in_the_csv_and_the_calendars(site):
    """Row 1a's lead is in the scan but cannot be read: the CSV left it empty and its calendar event had no
    "Chủ trì" line, as if the document named none."""
    rows = list(csv.DictReader((site / "du-lieu" / "nhiem-vu.csv").open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["ke_hoach"] == "2021-3848-qd-ubnd" and r["stt"] == "1a")
    assert row["chu_tri"] == "chưa đọc được trong bản quét"
    feed = (site / "lich" / "ke-hoach" / "2021-3848-qd-ubnd.ics").read_bytes().replace(b"\r\n ", b"").decode()
    (event,) = [e for e in feed.split("BEGIN:VEVENT")[1:] if "UID:2021-3848-qd-ubnd_nv-1a@" in e]
    assert "\\nChủ trì: chưa đọc được trong bản quét\\n" in event


def test_regression_a_two_report_year_was_described_as_a_yearly_rule(site):
    """The 2022 plan's reports of quarters I and III read "Lặp lại: ngày 10 tháng 3, 9 hằng năm … đến 31/12/2022":
    neither "hằng năm" nor that end is the document's. The event lists its two dates."""
    feed = (site / "lich" / "ke-hoach" / "2021-3848-qd-ubnd.ics").read_bytes().replace(b"\r\n ", b"").decode()
    (event,) = [e for e in feed.split("BEGIN:VEVENT")[1:] if "UID:2021-3848-qd-ubnd_bc-bao-cao-quy@" in e]
    assert "Các kỳ: 10/03/2022\\, 10/09/2022" in event and "hằng năm" not in event


def test_regression_report_names_written_by_the_editor_read_as_printed_in_lists_data_and_calendars(site):
    """The plan page said "(tên do người biên tập đặt)"; the year pages, han.csv and the calendars did not."""
    rows = list(csv.DictReader((site / "du-lieu" / "han.csv").open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["ma"] == "bc-bao-cao-so-ket-gui-so-noi-vu")
    assert row["tieu_de"].endswith(" (tên do người biên tập đặt)")
    year = (site / "lich" / "2025.html").read_text(encoding="utf-8")
    assert '<span class="heza-muted">(tên do người biên tập đặt)</span>' in year
    feed = (site / "lich" / "ke-hoach" / "2025-1488-kh-bql.ics").read_bytes().replace(b"\r\n ", b"").decode()
    assert "(tên do người biên tập đặt)" in feed


def test_regression_section_numbers_were_composed_not_printed(site):
    """Headings read "II.1.a. Tổ chức chỉ đạo…" where the document prints "a) Tổ chức chỉ đạo…"."""
    page = (site / "ke-hoach" / "2021-3848-qd-ubnd.html").read_text(encoding="utf-8")
    assert '<h5 id="muc-ii-1-a">a) Tổ chức chỉ đạo' in page and '<h4 id="muc-ii-2">2. Các nhiệm vụ cụ thể' in page
    headings = re.findall(r"<h[1-6][^>]*>([^<]*)", page)
    assert headings and not any(re.match(r"[IVX]+\.\d", h) for h in headings), headings


def test_regression_a_mark_of_a_note_made_a_task_a_search_result(site):
    """"(chưa chắc chắn khi chép: ghi chú 24)" in task 14b's row made it a result for "ghi chú 24" and "Nhiệm vụ 24";
    the marks point to the notes, which are not indexed, and are not indexed either."""
    reader = IndexReader(site)
    urls = [reader.document(r.section)[0] for r in reader.search("chưa chắc chắn khi chép")]
    assert not any("#nv-" in url for url in urls), urls


def test_regression_a_read_month_was_said_unread(site):
    """The tuyên truyền plan's month (8) is printed in the scan; only its day and part of its number are not."""
    page = (site / "ke-hoach" / "2023-tuyen-truyen-cchc-kh-bql.html").read_text(encoding="utf-8")
    assert "Ngày ban hành:</strong> …/08/2023 (ngày chưa đọc được trong bản quét)" in page
    assert "Hải Phòng, ngày … tháng 8 năm 2023" in page
