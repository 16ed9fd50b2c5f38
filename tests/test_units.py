"""Units: groups and their members (units.yaml `members`), work by group, Vietnamese alphabetical order,
and the unit pages that show them."""
from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from conftest import BASE_CONTENT, REPO, generate_docs
from generator.facts.items import PlanRef
from generator.facts.order import terms_by_abbreviation, units_by_name, vietnamese_key
from generator.facts.work import Work, group_members, unit_groups, with_group_work, work_counts
from generator.source.model import Term, Unit
from generator.source.reader import read_content

TODAY = date(2026, 11, 23)


# --- Vietnamese alphabetical order ----------------------------------------------------------------

@pytest.mark.parametrize(("first", "then"), [
    # the letters of the alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
    ("a", "ă"), ("ă", "â"), ("â", "b"), ("c", "d"), ("d", "đ"), ("đ", "e"), ("e", "ê"), ("ê", "g"), ("o", "ô"),
    ("ô", "ơ"), ("ơ", "p"), ("u", "ư"), ("ư", "v"), ("x", "y"),
    ("dz", "đa"), ("Dự án", "Đài"), ("Thường trực", "Ủy ban"), ("Ủy ban", "Văn phòng"), ("uy", "ưa"),
    ("Sở Tài chính", "Sở Thông tin"), ("Sở Thông tin", "Sở Tư pháp"), ("Ban", "Báo"), ("Bảo", "Bộ"),
    # tones after letters: a à ả ã á ạ, and only where the letters are the same
    ("ma", "mà"), ("mà", "mả"), ("mả", "mã"), ("mã", "má"), ("má", "mạ"), ("mạ", "mai"), ("mạnh", "mãnh liệt"),
    ("ặ", "â"), ("ờ", "ở"),
    # case is ignored; a word ends before a longer one; numbers by value
    ("an", "Ăn"), ("Ban", "bán"), ("Ban Chỉ đạo", "Banc"), ("Sở Nội vụ", "sở nội vụ a"), ("Phòng 2", "Phòng 10"),
    ("Phòng 9", "Phòng A"),
])
def test_vietnamese_order(first, then):
    assert vietnamese_key(first) < vietnamese_key(then)
    assert sorted([then, first], key=vietnamese_key) == [first, then]


@pytest.mark.parametrize(("one", "other"), [("SỞ NỘI VỤ", "sở nội vụ"), ("Đ", "đ"), ("Ủy", "ủy"),
                                            ("Sở  Nội vụ", "Sở Nội vụ"), ("Sở, ban, ngành", "Sở ban ngành")])
def test_case_spaces_and_punctuation_are_ignored_but_for_ties(one, other):
    assert vietnamese_key(one)[:2] == vietnamese_key(other)[:2]
    assert vietnamese_key(one) != vietnamese_key(other)  # different texts never tie


@pytest.mark.parametrize("text", ["Ủy ban nhân dân", "Đài Phát thanh", "Thường trực Hội đồng", "ặ ẫ ỡ ự"])
def test_nfd_text_sorts_as_nfc(text):
    assert vietnamese_key(unicodedata.normalize("NFD", text))[:2] == vietnamese_key(text)[:2]


def test_a_whole_list_in_dictionary_order():
    words = ["y", "xe", "vở", "ưa", "ủy", "tư", "sở", "rõ", "quý", "phòng", "ơn", "ông", "oai", "nội", "mạ", "má",
             "mã", "mả", "mà", "ma", "lạ", "kế", "ích", "hà", "giao", "ê", "em", "đài", "dự", "cục", "bộ", "ân", "ăn",
             "an"]
    assert sorted(words, key=vietnamese_key) == [
        "an", "ăn", "ân", "bộ", "cục", "dự", "đài", "em", "ê", "giao", "hà", "ích", "kế", "lạ", "ma", "mà", "mả",
        "mã", "má", "mạ", "nội", "oai", "ông", "ơn", "phòng", "quý", "rõ", "sở", "tư", "ủy", "ưa", "vở", "xe", "y"]


def _unit(id_: str, name: str, kind: str = "external", members: tuple[str, ...] = ()) -> Unit:
    return Unit(id=id_, name=name, short=name, kind=kind, members=members)  # type: ignore[arg-type]


def test_units_and_terms_sorted_the_vietnamese_way():
    units = [_unit("ubnd", "Ủy ban nhân dân thành phố"), _unit("vp", "Văn phòng Chính phủ"),
             _unit("tt", "Thường trực Thành ủy"), _unit("dai", "Đài Phát thanh"), _unit("du", "Dự án")]
    assert [u.id for u in units_by_name(units)] == ["du", "dai", "tt", "ubnd", "vp"]
    terms = [Term(abbr="UBND", expansion=""), Term(abbr="ĐVSN", expansion=""), Term(abbr="DVC", expansion=""),
             Term(abbr="ubnd tp", expansion="")]
    assert [t.abbr for t in terms_by_abbreviation(terms)] == ["DVC", "ĐVSN", "UBND", "ubnd tp"]


def test_the_real_units_are_listed_in_vietnamese_order():
    names = [u.name for u in units_by_name(read_content(REPO / "content")[0].units)]
    assert names.index("Thường trực Thành ủy Hải Phòng") < names.index("Ủy ban nhân dân thành phố Hải Phòng") \
        < names.index("Văn phòng Chính phủ")
    assert names.index("Cục Thuế thành phố Hải Phòng") < names.index("Đài Phát thanh và Truyền hình Hải Phòng") \
        < names.index("Hội đồng Thi đua - Khen thưởng Ban Quản lý Khu kinh tế Hải Phòng")


# --- groups and members ---------------------------------------------------------------------------

UNITS = (
    _unit("so-a", "Sở A"), _unit("so-b", "Sở B"), _unit("ban-c", "Ban C", "internal"),
    _unit("cac-so", "Các sở", "collective", ("so-a", "so-b")),
    _unit("cac-so-ban", "Các sở, ban", "collective", ("cac-so", "ban-c")),  # nested
    _unit("lien-quan", "Các cơ quan có liên quan", "collective"),  # vague: no members
)


def test_members_of_nested_groups_are_resolved():
    assert group_members(UNITS) == {"cac-so": ("so-a", "so-b"), "cac-so-ban": ("cac-so", "ban-c", "so-a", "so-b")}
    assert unit_groups(UNITS) == {"so-a": ("cac-so", "cac-so-ban"), "so-b": ("cac-so", "cac-so-ban"),
                                  "cac-so": ("cac-so-ban",), "ban-c": ("cac-so-ban",)}


def test_a_cycle_that_slipped_through_lists_each_unit_once():
    looped = (_unit("a", "A", "collective", ("b",)), _unit("b", "B", "collective", ("a", "x")), _unit("x", "X"))
    assert group_members(looped) == {"a": ("b", "x"), "b": ("a", "x")}


def _work(plan: str, position: int, role: str = "lead", anchor: str | None = None) -> Work:
    return Work(PlanRef(plan, None), "task", anchor or f"nv-{position}", f"việc {position}", role,  # type: ignore
                None, None, str(position), "", position)


def test_a_member_gets_its_groups_work_marked_by_group_in_document_order():
    work = {"so-a": (_work("p1", 2), _work("p2", 0, "coordinate")),
            "cac-so": (_work("p1", 1, "coordinate"), _work("p1", 3)),
            "cac-so-ban": (_work("p1", 0, "implement"), _work("p2", 5, "coordinate"))}
    joined = with_group_work(work, UNITS)
    assert [(w.plan.id, w.position, w.role, w.via) for w in joined["so-a"]] == [
        ("p1", 0, "implement", "cac-so-ban"), ("p1", 1, "coordinate", "cac-so"), ("p1", 2, "lead", None),
        ("p1", 3, "lead", "cac-so"), ("p2", 0, "coordinate", None), ("p2", 5, "coordinate", "cac-so-ban")]
    assert [w.via for w in joined["cac-so"]] == ["cac-so-ban", None, None, "cac-so-ban"]
    assert [w.via for w in joined["ban-c"]] == ["cac-so-ban", "cac-so-ban"]
    assert joined["cac-so-ban"] == work["cac-so-ban"]  # a group's own page: its own work only
    assert "lien-quan" not in joined
    assert work_counts(joined)["so-a"] == (2, 4)
    assert work_counts(joined)["cac-so-ban"] == (2, 0)


def test_a_task_that_names_the_unit_itself_brings_nothing_by_group():
    """Sở A leads the task that "các sở" coordinate: it is not also among those that coordinate it; a role
    that two of its groups share is listed once, by the first group."""
    work = {"so-a": (_work("p1", 0),),
            "cac-so": (_work("p1", 0, "coordinate"), _work("p1", 1, "coordinate")),
            "cac-so-ban": (_work("p1", 1, "coordinate"), _work("p1", 1, "implement"))}
    joined = with_group_work(work, UNITS)
    assert [(w.position, w.role, w.via) for w in joined["so-a"]] == [
        (0, "lead", None), (1, "coordinate", "cac-so"), (1, "implement", "cac-so-ban")]


def test_so_noi_vu_has_the_tasks_given_to_cac_so_ban_nganh():
    from generator.facts.items import listing_horizon, work_calendar
    from generator.facts.site import plan_facts, site_facts

    content = read_content(REPO / "content")[0]
    calendar, horizon = work_calendar(content), listing_horizon(TODAY)
    facts = site_facts(content, TODAY, horizon, {p.id: plan_facts(p, calendar, horizon) for p in content.plans})
    joined = with_group_work(facts.work, content.units)
    own = facts.work["so-noi-vu"]
    by_group = [w for w in joined["so-noi-vu"] if w.via == "cac-so-ban-nganh"]
    named = {(w.plan.id, w.anchor) for w in own}
    expected = [w for w in facts.work["cac-so-ban-nganh"] if (w.plan.id, w.anchor) not in named]
    assert len(by_group) == len(expected) > 20
    assert [(w.plan.id, w.anchor, w.role) for w in by_group] == [(w.plan.id, w.anchor, w.role) for w in expected]
    assert [w for w in joined["so-noi-vu"] if w.via is None] == list(own)


# --- the pages -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_docs(tmp_path_factory) -> Path:
    """The base fixture with "Các sở, ban, ngành" standing for Sở Nội vụ, generated (no MkDocs)."""
    work = tmp_path_factory.mktemp("units")
    shutil.copytree(BASE_CONTENT, work / "content")
    units = work / "content" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "    members: [so-noi-vu]\n", encoding="utf-8")
    generate_docs(work / "content", work / "docs", TODAY)
    return work / "docs"


@pytest.fixture(scope="module")
def real_docs(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("real")
    shutil.copytree(REPO / "content", work / "content")
    generate_docs(work / "content", work / "docs", TODAY)
    return work / "docs"


def test_member_page_lists_the_groups_task_marked_by_group(fixture_docs):
    page = (fixture_docs / "don-vi/so-noi-vu.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if 'data-via="cac-so-ban-nganh"' in line)
    assert 'data-role="coordinate"' in row and 'data-due="2024-06-30"' in row and 'data-year="2024"' in row
    rest = page[page.index(row):]
    assert 'theo nhóm: <a href="cac-so-ban-nganh.html"' in rest.split("</li>", 1)[0]
    assert "**Thuộc nhóm:** [Các sở, ban, ngành](cac-so-ban-nganh.md" in page
    group = (fixture_docs / "don-vi/cac-so-ban-nganh.md").read_text(encoding="utf-8")
    assert "**Nhóm gồm:** [Sở Nội vụ](so-noi-vu.md" in group
    assert "data-via" not in group


def test_every_row_of_a_unit_page_carries_its_year_and_role(fixture_docs):
    page = (fixture_docs / "don-vi/so-noi-vu.md").read_text(encoding="utf-8")
    rows = re.findall(r"<li data-[^>]*>", page)
    assert rows and all("data-year=" in r and "data-role=" in r for r in rows)
    assert all("data-due=" in r for r in rows if 'data-year="none"' not in r)


def test_units_index_counts_own_and_group_work_and_lists_idle_units_apart(fixture_docs):
    index = (fixture_docs / "don-vi/index.md").read_text(encoding="utf-8")
    assert "[Sở Nội vụ thành phố Hải Phòng](so-noi-vu.md): 1 việc, 1 việc theo nhóm" in index
    idle = index[index.index("## Chưa được giao việc"):]
    assert "[Ban Quản lý Khu kinh tế Hải Phòng](ban-quan-ly.md)" in idle
    assert "so-noi-vu.md" not in idle and "van-phong-bql.md" not in idle


def test_unit_page_offers_a_subscription(fixture_docs):
    page = (fixture_docs / "don-vi/so-noi-vu.md").read_text(encoding="utf-8")
    start = page.index("## Đăng ký lịch {#dang-ky-lich}")
    block = page[start:page.index("<!-- /heza:html -->", start)]
    assert '<a href="webcal://example.vn/cchc/lich/don-vi/so-noi-vu.ics">' in block
    assert ('<a href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.vn%2Fcchc%2Flich%2Fdon-vi%2F'
            'so-noi-vu.ics">') in block
    assert '<code id="heza-feed-url">https://example.vn/cchc/lich/don-vi/so-noi-vu.ics</code>' in block
    assert '<a href="../lich/don-vi/so-noi-vu.ics">' in block


def test_sub_tasks_show_their_heading_row_outside_their_plan(real_docs):
    unit = (real_docs / "don-vi/so-noi-vu.md").read_text(encoding="utf-8")
    assert "Chủ trì (nhiệm vụ 3a, thuộc: Đánh giá xác định Chỉ số cải cách hành chính năm 2022): " in unit
    assert ("(nhiệm vụ 1b, thuộc: Ban hành Kế hoạch cải cách hành chính năm 2022): "
            '<a href="../ke-hoach/2021-3848-qd-ubnd.html#nv-1b">Các sở, ban, ngành, ') in unit
    year = (real_docs / "lich/2022.md").read_text(encoding="utf-8")
    assert "Nhiệm vụ 1b (thuộc: Ban hành Kế hoạch cải cách hành chính năm 2022): " in year
