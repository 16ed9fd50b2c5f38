"""`heza build`: every page, strict MkDocs, determinism, the previous site kept on failure, escaping, golden pages.

Golden Markdown of the fixture content lives in tests/golden/pages/; regenerate it after a
deliberate change with `UPDATE_GOLDEN=1 python -m pytest tests/test_build.py`.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from icalendar import Calendar
from mkdocs.exceptions import Abort

from conftest import BASE_CONTENT, REPO, TESTS, generate_docs
from generator import build as build_module
from generator.build import BuildError, Session, build
from generator.engine import generate as engine
from generator.engine.generate import feed_links
from generator.engine.parallel import SharedWalk, can_fork
from generator.errors import CalendarError
from generator.facts.order import revisions_newest_first
from generator.facts.plans import last_updated
from generator.outputs import calendars as feeds_module
from generator.outputs.filters import escape_md, escape_md_block
from generator.outputs.opendata import DUE_COLUMNS, TASK_COLUMN_MEANINGS, TASK_COLUMNS, columns
from generator.resources import OVERRIDES
from generator.source.model import AREA_NAMES, Revision
from generator.source.problems import ContentError
from generator.source.reader import read_content
from generator.website import run as mkdocs_run
from generator.website.finish import hashed_name
from generator.website.searchindex import IndexReader

EPOCH = "1795392000"  # 2026-11-23 (UTC)
TODAY = date(2026, 11, 23)
GOLDEN = TESTS / "golden" / "pages"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(source, target)
    return target


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real content built once (content copied: the build keeps calendar history next to it)."""
    work = tmp_path_factory.mktemp("real")
    shutil.copytree(REPO / "content", work / "content")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(work / "content", work / "site")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return work / "site"


def test_every_expected_page_exists(real_site):
    content, _ = read_content(REPO / "content")
    expected = ["index.html", "ke-hoach/index.html", "don-vi/index.html", "lich/index.html", "lich/dang-ky.html",
                "linh-vuc/index.html", "chu-viet-tat.html", "du-lieu/index.html", "gioi-thieu.html",
                "so-do-trang.html", "sitemap.xml",
                "rss.xml", "atom.xml", "du-lieu/ke-hoach.json", "search/chi-muc.js",
                "tim-kiem.html", "du-lieu/datapackage.json"]
    # our assets, named after their content (generator/website/finish.py)
    expected += [hashed_name(path, (OVERRIDES / path).read_bytes())
                 for path in ("assets/javascripts/heza-search.js", "assets/stylesheets/heza.css")]
    expected += [f"ke-hoach/{p.id}.html" for p in content.plans]
    expected += [f"don-vi/{u.id}.html" for u in content.units]
    expected += [f"linh-vuc/{a}.html" for a in AREA_NAMES]
    expected += [f.path for f in feed_links(content)]
    missing = [path for path in expected if not (real_site / path).is_file()]
    assert missing == []


def test_no_page_loads_anything_from_elsewhere(real_site):
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "Made with"):
            assert marker not in html, (page, marker)
        assert '<html lang="vi"' in html


def test_search_index_finds_plans_and_task_rows_without_diacritics(real_site):
    index = IndexReader(real_site)
    assert "ke-hoach/2023-tuyen-truyen-cchc-kh-bql.html" in index.urls("tuyen")
    rows = index.urls("bai") & index.urls("bo") & index.urls("quy") & index.urls("pham")
    assert any("#nv-" in url for url in rows), "task rows should be searchable without diacritics"
    assert not (real_site / "search" / "search_index.json").exists()


def test_plan_page_carries_dublin_core(real_site):
    html = (real_site / "ke-hoach" / "2024-330-kh-bql.html").read_text(encoding="utf-8")
    for name in ("title", "creator", "date", "description", "publisher", "identifier", "language"):
        assert f'<meta name="DC.{name}"' in html
    assert '<meta name="DC.identifier" content="330/KH-BQL">' in html


def test_footer_shows_unverified_facts(real_site):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert "(chưa cập nhật)" in html
    assert "Ban Quản lý Khu kinh tế Hải Phòng" in html


def test_two_builds_are_byte_identical(tmp_path):
    content = _copy(REPO / "content", tmp_path)
    build(content, tmp_path / "a" / "site")
    build(content, tmp_path / "b" / "site")
    first, second = _digest(tmp_path / "a" / "site"), _digest(tmp_path / "b" / "site")
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_content_error_leaves_previous_site_untouched(tmp_path):
    content = _copy(BASE_CONTENT, tmp_path)
    site = tmp_path / "site"
    build(content, site)
    before = _digest(site)
    plan = content / "plans" / "2024-1-kh-bql.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("deadline: Quý II/2024", "deadline: Quý V/2024"),
                    encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, site)
    assert _digest(site) == before


def test_mkdocs_failure_leaves_previous_site_untouched(tmp_path, monkeypatch):
    content = _copy(BASE_CONTENT, tmp_path)
    site = tmp_path / "site"
    build(content, site)
    before = _digest(site)

    def half_build(config, **kwargs):
        Path(config.site_dir, "index.html").write_text("broken", encoding="utf-8")
        raise Abort("Aborted with 1 warnings in strict mode!")

    monkeypatch.setattr(mkdocs_run, "mkdocs_build", half_build)
    with pytest.raises(BuildError):
        build(content, site)
    assert _digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "content", "site"]  # no staging left over


def test_strict_mode_rejects_a_broken_link(tmp_path, monkeypatch):
    content = _copy(BASE_CONTENT, tmp_path)
    real_generate = build_module.generate

    def generate_with_broken_link(content, docs, *args, **kwargs):
        generated = real_generate(content, docs, *args, **kwargs)
        index = docs / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n[hỏng](khong-co.md)\n", encoding="utf-8")
        return generated

    monkeypatch.setattr(build_module, "generate", generate_with_broken_link)
    with pytest.raises(BuildError) as failure:
        build(content, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    message = str(failure.value)
    assert message.startswith("MkDocs không dựng được trang từ nội dung đã kiểm tra")
    assert "trang index.md có liên kết khong-co.md đến một trang không tồn tại" in message, message


class _Targets(HTMLParser):
    """The ids of a page and the hrefs of its links."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def test_every_internal_link_of_the_site_reaches_a_page_and_anchor(real_site):
    # Lists and task tables are written as HTML that MkDocs does not check (generator/htmlblocks.py).
    pages = {}
    for page in real_site.rglob("*.html"):
        parser = _Targets()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page.relative_to(real_site).as_posix()] = parser
    root = urlsplit(yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))["base_url"]).path
    broken = []
    for path, parser in sorted(pages.items()):
        for link in parser.hrefs:
            if re.match(r"[a-z]+:", link) or link.startswith("//"):
                continue
            if link.startswith(root):  # the 404 page links from the site root: it is served at any depth
                link = link[len(root):]
            target, _, anchor = urljoin(path, link).partition("#")
            target = target or path
            if not (real_site / target).is_file():
                broken.append(f"{path}: {link}")
            elif anchor and target in pages and anchor not in pages[target].ids:
                broken.append(f"{path}: {link} (không có mục #{anchor})")
    assert sum(len(p.hrefs) for p in pages.values()) > 2000
    assert broken == [], "\n".join(broken)


class _Tables(HTMLParser):
    """Rows of every table (lists of cell texts), all together and table by table."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.rows.append([])
            self.tables[-1].append(self.rows[-1])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_content_is_escaped_in_tables(tmp_path):
    content = _copy(BASE_CONTENT, tmp_path)
    plan_file = content / "plans" / "2024-1-kh-bql.yaml"
    hostile = "Ban hành <script>alert(1)</script> kế hoạch | cột giả *đậm* [liên kết](http://x)"
    plan_file.write_text(plan_file.read_text(encoding="utf-8")
                         .replace("content: Ban hành kế hoạch", f"content: {json.dumps(hostile, ensure_ascii=False)}")
                         .replace("deliverable: Kế hoạch", 'deliverable: "A | B <b>"'), encoding="utf-8")
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / "ke-hoach" / "2024-1-kh-bql.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tables = _Tables()
    tables.feed(html)
    row = next(r for r in tables.rows if r and r[0] == "1")
    assert len(row) == 6
    assert row[1] == "Ban hành <script>alert(1)</script> kế hoạch | cột giả *đậm* [liên kết](http://x)"
    assert row[5] == "A | B <b>"


@pytest.mark.parametrize(("text", "expected"), [
    ("a | b", "a &#124; b"), ("<b>&", "&lt;b&gt;&amp;"), ("dòng 1\ndòng 2", "dòng 1<br>dòng 2"),
    ("*x* _y_ `z` [w]", "&#42;x&#42; &#95;y&#95; &#96;z&#96; &#91;w&#93;"), ("{#id}", "&#123;&#35;id&#125;"),
    ("!!! note", "&#33;&#33;&#33; note"), ("a\\b", "a&#92;b")])
def test_escape_md(text, expected):
    assert escape_md(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("- Nâng cao", "&#45; Nâng cao"), ("1. Một", "1&#46; Một"), ("a) Hai", "a) Hai"), ("+ Ba", "&#43; Ba"),
    ("12) Mười hai", "12&#41; Mười hai")])
def test_escape_md_block_keeps_document_wording(text, expected):
    assert escape_md_block(text) == expected


def test_golden_pages(tmp_path):
    _content, _ = read_content(BASE_CONTENT)
    docs = tmp_path / "docs"
    generate_docs(BASE_CONTENT, docs, TODAY)
    rendered = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8", newline="\n")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
              for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(rendered) == sorted(golden), "pages added or removed: UPDATE_GOLDEN=1 after checking"
    changed = [path for path in rendered if rendered[path] != golden[path]]
    assert changed == [], "rendered Markdown differs from tests/golden/pages (UPDATE_GOLDEN=1 if intended)"


def test_cli_build_and_content_errors(heza, tmp_path):
    content = _copy(BASE_CONTENT, tmp_path)
    run = heza("build", "--content", str(content), "--site", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "index.html").is_file()
    before = _digest(tmp_path / "out")
    (content / "units.yaml").write_text("units: [\n", encoding="utf-8")
    run = heza("build", "--content", str(content), "--site", str(tmp_path / "out"))
    assert run.code == 1
    assert "units.yaml:" in run.out
    assert _digest(tmp_path / "out") == before


def test_plan_without_tasks_or_reports_builds(tmp_path):
    """Empty parts of a plan are left out, and the strict build still passes."""
    content = _copy(BASE_CONTENT, tmp_path)
    plan_file = content / "plans" / "2024-1-kh-bql.yaml"
    data = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    data.pop("sections"), data.pop("reports"), data.pop("purposes")
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / "ke-hoach" / "2024-1-kh-bql.html").read_text(encoding="utf-8")
    assert "Chế độ báo cáo" not in html and 'id="nv-' not in html


# --- feeds, open data, edit links, revisions ----------------------------------------

REPOSITORY = "https://github.com/example/heza-cchc"
REVISIONS = """
revisions:
  - date: 2024-03-01
    text: Sửa thời hạn nhiệm vụ 1 <b>theo bản gốc</b>
  - date: 2024-05-10
    text: Bổ sung phụ lục
  - date: 2024-02-01
    text: Sửa lỗi chính tả
"""


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory) -> Path:
    """The fixture content with a repository URL and a plan changed three times after publication."""
    work = tmp_path_factory.mktemp("edited")
    content = _copy(BASE_CONTENT, work)
    with (content / "site.yaml").open("a", encoding="utf-8") as site_file:
        site_file.write(f"repository_url: {REPOSITORY}\n")
    with (content / "plans" / "2024-1-kh-bql.yaml").open("a", encoding="utf-8") as plan_file:
        plan_file.write(REVISIONS)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(content, work / "site")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return work / "site"


def _links(html: str, rel: str) -> list[dict[str, str]]:
    """Attributes of every <a> and <link> whose rel includes `rel`."""
    found: list[dict[str, str]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = {k: v or "" for k, v in attrs}
            if tag in ("a", "link") and rel in attrs.get("rel", "").split():
                found.append(attrs)

    Links().feed(html)
    return found


def test_every_page_announces_the_news_feeds(real_site):
    """Autodiscovery <link>s on every HTML page (404 included) point at the feeds of this site's base URL."""
    base = read_content(REPO / "content")[0].site.base_url
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        address = urljoin(base, page.relative_to(real_site).as_posix())
        feeds = {link["type"]: urljoin(address, link["href"])
                 for link in _links(page.read_text(encoding="utf-8"), "alternate") if "type" in link}
        assert feeds == {"application/rss+xml": base + "rss.xml", "application/atom+xml": base + "atom.xml"}, page


@pytest.mark.parametrize(("page", "source"), [
    ("ke-hoach/2024-1-kh-bql.html", "content/plans/2024-1-kh-bql.yaml"),
    ("don-vi/so-noi-vu.html", "content/units.yaml"),
    ("don-vi/index.html", "content/units.yaml"),
    ("chu-viet-tat.html", "content/glossary.yaml"),
    ("gioi-thieu.html", "content/site.yaml"),
    ("index.html", None), ("ke-hoach/index.html", None), ("lich/index.html", None), ("lich/dang-ky.html", None),
    ("linh-vuc/the-che.html", None), ("du-lieu/index.html", None), ("so-do-trang.html", None), ("404.html", None)])
def test_edit_link_opens_the_yaml_source(edited_site, page, source):
    html = (edited_site / page).read_text(encoding="utf-8")
    edits = _links(html, "edit")
    if source is None:
        assert edits == []
    else:
        assert [e["href"] for e in edits] == [f"{REPOSITORY}/edit/main/{source}"]
        assert "Sửa trang này" in html


def test_no_edit_link_without_repository_url(real_site):
    assert read_content(REPO / "content")[0].site.repository_url is None
    assert [p for p in real_site.rglob("*.html") if 'rel="edit"' in p.read_text(encoding="utf-8")] == []


def test_plan_page_shows_revisions_newest_first(edited_site):
    html = (edited_site / "ke-hoach" / "2024-1-kh-bql.html").read_text(encoding="utf-8")
    assert re.search(r'Cập nhật lần cuối:</strong> <time datetime="2024-05-10">10/05/2024</time>', html)
    log = html[html.index('id="cap-nhat"'):]
    dates = re.findall(r'<li><time datetime="([\d-]+)">', log)
    assert dates == ["2024-05-10", "2024-03-01", "2024-02-01"]
    assert "&lt;b&gt;theo bản gốc&lt;/b&gt;" in log and "<b>theo" not in log


def test_plan_without_revisions_shows_only_its_issue_date(real_site):
    for page in (real_site / "ke-hoach").glob("2*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Ngày ban hành:" in html
        assert "Cập nhật lần cuối" not in html and 'id="cap-nhat"' not in html, page


def test_revisions_on_the_same_day_keep_the_later_entry_first():
    content, _ = read_content(BASE_CONTENT)
    plan = dataclasses.replace(content.plans[0], revisions=(
        Revision(date=date(2024, 2, 1), text="a"), Revision(date=date(2024, 3, 1), text="b"),
        Revision(date=date(2024, 2, 1), text="c")))
    assert [r.text for r in revisions_newest_first(plan)] == ["b", "c", "a"]
    assert last_updated(plan) == date(2024, 3, 1)
    assert last_updated(content.plans[0]) is None


def test_data_page_explains_every_download(real_site):
    html = (real_site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    tables = _Tables()
    tables.feed(html)
    first_columns = [[row[0] for row in table[1:]] for table in tables.tables]
    assert list(TASK_COLUMNS) in first_columns and list(DUE_COLUMNS) in first_columns
    for table in tables.tables:
        assert all(len(row) == 2 and row[1] for row in table[1:])
    hrefs = {a.split('"')[1] for a in re.findall(r'<a href="[^"]*"', html)}
    content, _ = read_content(REPO / "content")
    expected = {"ke-hoach.json", "ke-hoach.schema.json", "nhiem-vu.csv", "han.csv", "../rss.xml", "../atom.xml",
                "../lich/dang-ky.html"} | {f"ke-hoach/{p.id}.json" for p in content.plans}
    assert expected <= hrefs
    for href in expected:
        assert (real_site / "du-lieu" / href).resolve().is_file(), href


def test_data_page_is_in_navigation_and_site_map(real_site):
    assert 'href="du-lieu/index.html"' in (real_site / "so-do-trang.html").read_text(encoding="utf-8")
    home = (real_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    assert 'href="du-lieu/index.html"' in nav
    plan = (real_site / "ke-hoach" / "2024-330-kh-bql.html").read_text(encoding="utf-8")
    for target in ("../du-lieu/ke-hoach/2024-330-kh-bql.json", "../du-lieu/nhiem-vu.csv", "../du-lieu/han.csv",
                   "../du-lieu/index.html"):
        assert f'href="{target}"' in plan, target


def test_every_csv_column_must_be_explained():
    with pytest.raises(ValueError, match="cot_moi"):
        columns(("ke_hoach", "cot_moi"), TASK_COLUMN_MEANINGS)


def test_rebuild_rewrites_only_what_an_edit_changed(tmp_path):
    """The editor's loop: a second build after editing one task rewrites that plan's page and the pages
    that list its tasks, leaves other generated files (and, in the preview's dirty mode, their HTML) alone."""
    content = _copy(REPO / "content", tmp_path)
    site, docs, session = tmp_path / "site", tmp_path / "docs", Session()
    first = build(content, site, docs_dir=docs, dirty=True, session=session)
    assert len(first.changed) > first.pages  # everything is new
    other_page = site / "ke-hoach" / "2021-3848-qd-ubnd.html"
    other_mtime = other_page.stat().st_mtime_ns
    plan = content / "plans" / "2024-330-kh-bql.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("NỘI DUNG THỰC HIỆN", "NỘI DUNG THỰC HIỆN ĐÃ SỬA", 1), encoding="utf-8")
    second = build(content, site, docs_dir=docs, dirty=True, session=session)
    assert "ke-hoach/2024-330-kh-bql.md" in second.changed
    assert "ke-hoach/2021-3848-qd-ubnd.md" not in second.changed
    assert not any(path.startswith("lich/") for path in second.changed), "no deadline changed, no feed rewritten"
    assert len(second.changed) < 10, second.changed
    assert other_page.stat().st_mtime_ns == other_mtime
    assert "ĐÃ SỬA" in (site / "ke-hoach" / "2024-330-kh-bql.html").read_text(encoding="utf-8")
    index = IndexReader(site)
    assert "ke-hoach/2024-330-kh-bql.html" in {u.split("#")[0] for u in index.urls("sua")}
    assert "ke-hoach/2021-3848-qd-ubnd.html" in {u.split("#")[0] for u in index.urls("tuyen")}, \
        "pages a dirty rebuild did not render stay in the index"
    third = build(content, site, docs_dir=docs, dirty=True, session=session)
    assert third.changed == ()


def test_deadlines_are_split_into_one_page_per_year(real_site):
    """lich/index.html links a page per year; each year page holds only its own months."""
    years = sorted(p.stem for p in (real_site / "lich").glob("2*.html"))
    assert len(years) >= 5
    index = (real_site / "lich" / "index.html").read_text(encoding="utf-8")
    for year in years:
        assert f'href="{year}.html"' in index
        page = (real_site / "lich" / f"{year}.html").read_text(encoding="utf-8")
        months = re.findall(r'<h2[^>]*\bid="thang-(\d{4})-\d{2}"', page)
        assert months and set(months) == {year}, year
    assert "thang-" not in re.sub(r'href="\d{4}\.html#thang-', "", index).split("<article")[1].split("</article>")[0]


def _generated(content_dir: Path, docs: Path) -> dict[str, bytes]:
    generate_docs(content_dir, docs, TODAY)
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("second_process", [True, False])
def test_subscribe_page_counts_the_events_of_windowed_feeds(tmp_path, monkeypatch, second_process):
    """Regression: the page gave the count before a feed was cut to 1 MB and did not say it was cut."""
    if second_process and not can_fork():
        pytest.skip("needs fork and two cores")
    monkeypatch.setattr(engine, "can_fork", lambda: second_process)
    monkeypatch.setattr(feeds_module, "SIZE_LIMIT", 30_000)  # the largest real feeds are 31–60 KB
    files = _generated(_copy(REPO / "content", tmp_path), tmp_path / "docs")
    page = files["lich/dang-ky.md"].decode("utf-8")
    windowed = listed = 0
    for path, data in files.items():
        if not path.endswith(".ics"):
            continue
        calendar = Calendar.from_ical(data)
        line = next((line for line in page.splitlines() if f"/{path}`" in line), None)
        cut = re.search(r"chỉ gồm các hạn (từ ngày \d\d/\d\d/\d{4}(?: đến ngày \d\d/\d\d/\d{4})?);",
                        str(calendar["DESCRIPTION"]))
        windowed += cut is not None
        if not calendar.walk("VEVENT"):  # the page lists only calendars that hold deadlines
            assert line is None, path
            continue
        count = int(re.search(r", (\d+) sự kiện", line).group(1))
        assert count == len(calendar.walk("VEVENT")), path
        assert (cut is not None) == ("(chỉ gồm các hạn " in line), path
        if cut:
            assert f"(chỉ gồm các hạn {cut.group(1)})" in line
            listed += 1
    assert windowed >= 3 and listed >= 1 and '!!! note "Một số lịch chỉ gồm các hạn gần đây"' in page


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_calendars_and_data_written_by_a_second_process_are_the_same_files(tmp_path, monkeypatch):
    content = _copy(REPO / "content", tmp_path)
    beside = _generated(content, tmp_path / "beside")
    monkeypatch.setattr(engine, "can_fork", lambda: False)
    assert _generated(content, tmp_path / "after") == beside


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_a_calendar_error_in_the_second_process_is_a_build_error(tmp_path, monkeypatch):
    def too_big(*args, **kwargs):
        raise CalendarError("lich/tat-ca.ics: 1048577 byte, quá giới hạn 1048576 byte của Google Calendar")
    monkeypatch.setattr(engine, "feed_bytes", too_big)
    content = _copy(BASE_CONTENT, tmp_path)
    with pytest.raises(BuildError, match=r"^không ghi được lịch: lich/tat-ca\.ics: 1048577 byte"):
        generate_docs(content, tmp_path / "docs", TODAY)


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_two_processes_sharing_a_walk_take_every_page_once():
    paths = [f"ke-hoach/{n}.md" for n in range(3000)]
    walk = SharedWalk()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send([p for p in paths if walk(p)]))
    child.start()
    mine = [p for p in paths if walk(p)]
    theirs = receive.recv()
    child.join()
    assert sorted(mine + theirs) == sorted(paths)
    assert not set(mine) & set(theirs)


def test_one_process_walking_alone_takes_every_page():
    walk = SharedWalk()
    assert all(walk(f"{n}.md") for n in range(10))
