"""Facts of the five signed documents (../shared/seeds), so an edit that breaks them fails CI.

The site states no more than the signed document: no task, number, role, heading or date the scan does
not print, and a cell the scan has but cannot be read is recorded as unreadable, never as a guess."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from conftest import REPO
from generator.facts.items import plan_items
from generator.facts.plans import uncertain_notes
from generator.source.model import HeaderLines
from generator.source.reader import read_content
from generator.source.tasks import heading_rows, placed_tasks
from generator.source.workdays import PLAIN


@pytest.fixture(scope="module")
def content():
    return read_content(REPO / "content")[0]


@pytest.fixture(scope="module")
def plans(content):
    return {p.id: p for p in content.plans}


def _task(plan, number):
    found = [t for t in plan.tasks if t.number == number]
    assert len(found) == 1, number
    return found[0]


def _by_content(plan, start):
    found = [t for t in plan.tasks if t.content.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def _dates(plan, anchor):
    return [d.stated for i in plan_items(plan, PLAIN, date(2027, 12, 31)) if i.anchor == anchor for d in i.dues]


# --- every plan ----------------------------------------------------------------------------------

def test_the_five_seed_documents_are_published(plans):
    assert {p.document.reference: p.document.date.iso() for p in plans.values()} == {
        "330/KH-BQL": "2024-01-24",
        "…05/KH-BQL": "2023-08",  # tuyên truyền: only "05" is legible, how many digits are missing is unknown
        "47?2/KH-BQL": "2023-09-21",
        "1488/KH-BQL": "2025-04-18",
        "3848/QĐ-UBND": "2021-12-20",
    }


def test_every_content_file_is_nfc():
    for path in (REPO / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


@pytest.mark.parametrize("plan_id,authority,position,signer", [
    ("2024-330-kh-bql", "KT.", "PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải"),
    ("2023-par-index-sipas-papi-kh-bql", "KT.", "PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải"),
    ("2025-1488-kh-bql", "KT.", "PHÓ TRƯỞNG BAN", "Đào Phú Thủy Dương"),
    ("2021-3848-qd-ubnd", "TM.", None, None),  # the scan stops before the signer's name
    ("2023-tuyen-truyen-cchc-kh-bql", None, None, None),  # the stored scan ends before the signature
])
def test_signers(plans, plan_id, authority, position, signer):
    signature = plans[plan_id].document.signature
    assert (signature.authority, signature.position, signature.signer) == (authority, position, signer)


@pytest.mark.parametrize("plan_id,header", [
    ("2024-330-kh-bql", HeaderLines(parent="UBND THÀNH PHỐ HẢI PHÒNG", issuer="BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG",
                                    national=True)),
    ("2023-tuyen-truyen-cchc-kh-bql", HeaderLines(parent="UBND THÀNH PHỐ HẢI PHÒNG",
                                                  issuer="BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG", national=True)),
    ("2023-par-index-sipas-papi-kh-bql", HeaderLines(national=False)),  # the scan starts at "Số:"
    ("2025-1488-kh-bql", HeaderLines(national=False)),
    ("2021-3848-qd-ubnd", HeaderLines(issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", national=True)),  # no parent line
])
def test_header_lines_only_as_the_scan_has_them(plans, plan_id, header):
    assert plans[plan_id].document.header == header
    # regression: the PAR plan's page named a parent body ("cơ quan chủ quản") its scan does not show
    assert (plans[plan_id].document.parent is None) == (header.parent is None)


@pytest.mark.parametrize("plan_id,year", [
    ("2024-330-kh-bql", 2024), ("2023-tuyen-truyen-cchc-kh-bql", 2023), ("2021-3848-qd-ubnd", 2022),
    ("2023-par-index-sipas-papi-kh-bql", None), ("2025-1488-kh-bql", None),
])
def test_no_plan_states_a_period_its_document_does_not_print(plans, plan_id, year):
    """None of the five documents prints start and end dates; the year comes from the title when it has one."""
    assert plans[plan_id].period is None
    assert plans[plan_id].year == year


@pytest.mark.parametrize("plan_id,aims,implementation", [
    ("2024-330-kh-bql", "I. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN"),
    ("2023-tuyen-truyen-cchc-kh-bql", "I. MỤC ĐÍCH, YÊU CẦU.", "III. TỔ CHỨC THỰC HIỆN."),
    ("2023-par-index-sipas-papi-kh-bql", "I. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN"),
    ("2025-1488-kh-bql", "I. MỤC ĐÍCH, YÊU CẦU", None),  # Mục III holds the one assignment: a section
    ("2021-3848-qd-ubnd", "I. MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU", "IV. TỔ CHỨC THỰC HIỆN"),
])
def test_fixed_headings_keep_their_printed_numerals(plans, plan_id, aims, implementation):
    headings = plans[plan_id].headings
    assert (headings.aims, headings.implementation) == (aims, implementation)


def test_task_counts(plans):
    """Only assigned work is a task: heading rows, index tables and implementation paragraphs are not."""
    assert {pid: len(p.tasks) for pid, p in plans.items()} == {
        "2024-330-kh-bql": 0,  # the task appendix is not in the stored scan
        "2023-tuyen-truyen-cchc-kh-bql": 0,
        "2023-par-index-sipas-papi-kh-bql": 0,  # Phụ lục 01/02 are index tables
        "2025-1488-kh-bql": 1,  # the sơ kết of Mục III
        "2021-3848-qd-ubnd": 44,  # the legible rows of the Danh mục
    }


def test_every_note_is_classified_and_public(plans):
    for plan in plans.values():
        for note in plan.notes:
            assert note.kind in ("uncertain", "absent", "editorial"), (plan.id, note.text)
            for word in ("seed", "null", "tasks[", "trường ", "OCR", "(title)", "appendices[", "sections."):
                assert word not in note.text, (plan.id, word, note.text)


def test_note_fields_are_model_paths(plans):
    """`tasks[5a]` or `sections.II.1.a` name no field: paths count list items from 0."""
    for plan in plans.values():
        for note in plan.notes:
            assert note.field is None or not note.field.startswith(("tasks[", "sections.")), note.field


def test_report_titles_are_marked_as_the_editors(plans):
    assert all(r.editorial_title for p in plans.values() for r in p.reports)


# --- 2021-3848-qd-ubnd: Quyết định and Danh mục ------------------------------------------------

def test_3848_legal_bases_and_proposal(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert plan.document.issuer == "ubnd-thanh-pho"
    assert [(r.number, r.date.iso()) for r in plan.legal_bases][2:] == [
        ("76/NQ-CP", "2021-07-15"), ("216/KH-UBND", "2021-09-23")]
    assert [(r.type, r.number, r.issuer, r.date.iso()) for r in plan.proposals] == [
        ("Công văn", "2527/SNV-CCHC&PC", "Sở Nội vụ", "2021-12-09")]


def test_3848_headings(plans):
    h = plans["2021-3848-qd-ubnd"].headings
    assert (h.purposes, h.targets, h.budget) == ("1. Mục đích, yêu cầu", "2. Một số chỉ tiêu chủ yếu", "III. KINH PHÍ:")


def test_3848_danh_muc_is_the_appendix_task_table(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert not any(s.tasks for s in plan.sections)  # the body has no invented tasks (IV.1.d-1, IV.2.đ-1)
    [danh_muc] = plan.appendices
    assert danh_muc.number is None and danh_muc.title.startswith("DANH MỤC")
    assert danh_muc.included and not danh_muc.complete  # the scan stops in the last row
    assert [(s.number, s.title) for s in danh_muc.sections] == [
        ("I", "Chỉ đạo điều hành, kiểm tra và tuyên truyền"),
        ("II", "Cải cách thể chế"),
        ("III", "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông"),
        ("IV", "Cải cách tổ chức bộ máy"),
        ("V", "Xây dựng, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
        ("VI", "Cải cách tài chính công"),
        ("VII", "Xây dựng Chính quyền điện tử, Chính quyền số"),
    ]
    numbers = [t.number for t in plan.tasks]
    assert numbers[:7] == ["1a", "1b", "1?", "2", "3a", "3b", "4"]
    assert not any(n and "-" in n for n in numbers)
    assert "22" not in numbers and "23" not in numbers  # the scan skips them; nothing invented
    assert numbers.count(None) == 3  # the rows after 20 and 34 and the cut last row: their TT is not legible


def test_3848_heading_rows(plans):
    rows = heading_rows(plans["2021-3848-qd-ubnd"])
    assert [(r.task.number, [s.number for s in r.task.subtasks]) for r in rows] == [
        ("1", ["1a", "1b", "1?"]), ("3", ["3a", "3b"]), ("5", ["5a", "5b"]), ("13", ["13a", "13b"]),
        ("34", ["34?", "34b"])]
    for row in rows:
        task = row.task
        assert not (task.lead or task.coordinate or task.implement or task.deadline or task.deliverable)


def test_3848_deadline_wording(plans):
    plan = plans["2021-3848-qd-ubnd"]
    wording = {t.number: t.deadline.wording for t in plan.tasks if t.deadline}
    assert wording["1a"] == "Tháng 12/2021" and wording["1b"] == "10/01/2022"
    assert wording["1?"] == "Trong tháng 01/2022" and wording["2"] == "Theo yêu cầu của Bộ Nội vụ"
    assert wording["3a"] == "Quý IV/2022 đến Quý I/2023" and wording["15"] == "Quý II/2022"
    assert wording["11"] == "Quý III"


def test_3848_unreadable_cells_are_not_guessed(plans):
    plan = plans["2021-3848-qd-ubnd"]
    row37 = _task(plan, "37")
    assert row37.deadline is None and row37.unreadable.deadline == "… 2022"
    assert row37.lead == () and "Sở Thông tin và" in row37.unreadable.lead
    row21 = _by_content(plan, "… và thực hiện cơ chế một cửa")  # its TT is not legible
    assert row21.number is None
    assert row21.coordinate == ("ubnd-cac-quan-huyen",)  # "Các sở, ban, ngành" is not in the scan
    assert row21.deadline is None and row21.deliverable is None
    for number, cell in (("10", "deadline"), ("17", "deadline"), ("18a", "deadline"), ("18b", "deadline"),
                         ("20", "deadline"), ("1a", "lead"), ("3b", "lead"), ("27", "lead")):
        task = _task(plan, number)
        assert getattr(task, cell) in (None, ()), number
        assert getattr(task.unreadable, cell) is not None, number
    assert _task(plan, "1?").content == "…"


def test_regression_task_numbers_inferred_from_their_place_were_shown_as_read(plans):
    """Rows 7 and 26 and sub-rows 1c and 34a of the 2022 list: their TT cells are not legible (26 shows a "2"); the
    page gave the numbers their place suggests as if printed. They are "?" where the scan shows nothing."""
    numbers = [t.number for t in plans["2021-3848-qd-ubnd"].tasks]
    assert {"?", "2?", "1?", "34?"} <= set(numbers)
    assert not {"7", "26", "1c", "34a"} & set(numbers)
    anchors = [p.anchor for p in placed_tasks(plans["2021-3848-qd-ubnd"])]
    assert {"nv-x", "nv-2x", "nv-1x", "nv-34x"} <= set(anchors) and len(anchors) == len(set(anchors))


def test_3848_units_as_printed(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert _task(plan, "6").coordinate == ("cac-so-ban-nganh", "cac-dia-phuong", "cac-doan-the",
                                           "cac-co-quan-bao-chi")  # "các cơ quan báo chí", no "truyền thông"
    assert _task(plan, "5a").coordinate == ("cac-so-ban-nganh-co-lien-quan",)
    assert _task(plan, "5b").coordinate == ("ubnd-xa-phuong-thi-tran-co-lien-quan",)
    assert _task(plan, "36").coordinate == ("cac-so-nganh", "cac-quan-huyen")
    assert plan.implementation.duties[-1].units == ("mttq-va-cac-doan-the-chinh-tri-xa-hoi",
                                                    "cac-co-quan-bao-chi-truyen-thong")
    changes = next(r for r in plan.reports if r.id == "bao-cao-sua-doi-bo-sung")
    assert changes.from_units == ("cac-so-ban-nganh", "cac-dia-phuong")
    assert changes.to == ("ubnd-thanh-pho",)  # "qua Sở Nội vụ" is the channel


def test_3848_reports_and_dates_within_the_plan_year(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert _dates(plan, "bc-bao-cao-quy") == [date(2022, 3, 10), date(2022, 9, 10)]
    assert _dates(plan, "bc-bao-cao-6-thang") == [date(2022, 6, 10)]
    assert _dates(plan, "bc-bao-cao-nam") == [date(2022, 12, 5)]
    assert _dates(plan, "nv-1x") == [date(2022, 1, 31)]
    assert _dates(plan, "nv-3a") == [date(2023, 3, 31)]
    assert _dates(plan, "nv-11") == [date(2022, 9, 30)]
    assert _dates(plan, "nv-37") == []  # only "… 2022" is legible
    anchors = {p.anchor for p in placed_tasks(plan)}
    assert "nv-iv-1-d-1" not in anchors and "nv-iv-2-d-1" not in anchors


# --- the Ban Quản lý plans -------------------------------------------------------------------------

def test_2023_tuyen_truyen(plans):
    plan = plans["2023-tuyen-truyen-cchc-kh-bql"]
    assert plan.document.number == "…05"  # what is legible, and a mark for what is not (regression: it was null)
    assert any(n.field == "document.number" and "05" in n.text and n.kind == "uncertain" for n in plan.notes)
    assert _dates(plan, "bc-bao-cao-quy") == [date(2023, 3, 3), date(2023, 6, 3), date(2023, 9, 3)]
    assert _dates(plan, "bc-bao-cao-nam") == [date(2023, 11, 3)]
    assert plan.reports[0].from_units == ("cac-phong-don-vi-bql",)  # "Các phòng, đơn vị trực thuộc Ban Quản lý"
    assert plan.reports[0].to == ("van-phong-bql",)
    paragraphs = " ".join(p for s in plan.sections for p in s.paragraphs)
    assert "Thông tư số ?1/2018/TT-VPCP" in paragraphs  # the first digit is not in the scan
    assert "giải quyết … hành chính" in paragraphs and "[" not in paragraphs  # regression: a guess stood there


def test_par_index_plan(plans):
    plan = plans["2023-par-index-sipas-papi-kh-bql"]
    assert plan.document.number == "47?2"  # handwritten; the note says why
    assert any(n.field == "document.number" and n.kind == "uncertain" for n in plan.notes)
    assert plan.legal_bases == ()  # the document has no "Căn cứ"
    assert [(f.mark, f.text.split(";")[0]) for f in plan.footnotes] == [
        ("1", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
              "hành chính nhà nước giai đoạn 2021-2030")]
    assert plan.requirements[0].endswith("cải cách hành chính¹.")
    pl01, pl02 = plan.appendices
    assert (pl01.number, pl01.columns, len(pl01.rows), pl01.sections) == ("01", ("STT", "Lĩnh vực"), 40, ())
    assert (pl02.number, pl02.columns, len(pl02.rows), pl02.sections) == ("02", ("STT", "Nội dung chỉ số"), 8, ())
    assert [r[0] for r in pl01.rows if "." not in r[0]] == [str(n) for n in range(1, 9)]  # area rows stay rows
    assert pl02.date.iso() == "2023"  # printed "19/2023": the month is not legible
    assert [s.appendix for s in plan.sections] == [None, "01", "02"]
    assert plan.reports[0].deadline.wording == "định kỳ vào ngày 10 hàng tháng"
    assert plan.reports[0].from_units == ("cac-don-vi-bql",)  # printed "Các đơn vị"
    assert plan.implementation.duties[0].units == ("chanh-van-phong-bql",
                                                   "truong-cac-phong-chuyen-mon-don-vi-su-nghiep-bql")
    assert _dates(plan, "bc-bao-cao-hang-thang")[:2] == [date(2023, 10, 10), date(2023, 11, 10)]


def test_1488_one_assignment_and_its_roles(plans):
    plan = plans["2025-1488-kh-bql"]
    assert [r.number for r in plan.implements] == ["1205/QĐ-UBND"]  # QĐ 145, VB 376 are its guidance
    [task] = plan.tasks
    assert task.number is None
    assert task.lead == ("van-phong-bql",)
    assert task.coordinate == ()
    assert task.implement == ("cac-phong-chuyen-mon-bql", "trung-tam-dich-vu-viec-lam-dao-tao-xuc-tien-dau-tu")
    assert task.deadline.wording == "trước ngày 10/5/2025"
    assert task.deliverable == "Báo cáo sơ kết của Ban Quản lý"
    focus = plan.sections[0]
    assert (focus.number, focus.tasks, len(focus.paragraphs)) == ("II", (), 5)  # nội dung trọng tâm: text
    [placed] = placed_tasks(plan)
    assert _dates(plan, placed.anchor) == [date(2025, 5, 10)]
    assert _dates(plan, "bc-bao-cao-so-ket-gui-so-noi-vu") == [date(2025, 5, 15)]
    assert plan.reports[0].to == ("so-noi-vu",) and plan.reports[0].from_units == ()  # sender not stated


def test_330_monthly_reporting_and_missing_appendix(plans):
    plan = plans["2024-330-kh-bql"]
    assert [r.number for r in plan.implements] == ["4791/QĐ-UBND"]
    assert plan.implements[0].date.iso() == "2023-12-29"
    assert plan.reports[0].deadline.wording == "định kỳ hằng tháng và khi có yêu cầu"
    assert plan.reports[0].to == ("van-phong-bql",)
    assert plan.reports[1].to == ("ban-chi-dao-cai-cach-hanh-chinh",)  # whose Ban chỉ đạo is not printed
    [appendix] = plan.appendices
    assert (appendix.included, appendix.number, appendix.editorial_title) == (False, None, True)
    assert appendix.columns == () and appendix.rows == () and appendix.note is None  # nothing guessed about it
    assert plan.tasks == ()


# --- units.yaml ------------------------------------------------------------------------------------

def test_units_are_registry_references_named_once(content):
    names = [u.name for u in content.units]
    assert len(names) == len(set(names))
    used = {u for p in content.plans for t in p.tasks for u in t.lead + t.coordinate + t.implement}
    used |= {u for p in content.plans for r in p.reports for u in r.from_units + r.to}
    assert used <= {u.id for u in content.units}


def test_no_alias_adds_precision_the_text_lacks(content):
    aliases = {a.casefold(): u.id for u in content.units for a in u.aliases}
    assert aliases.get("ban chỉ đạo cải cách hành chính") is None
    assert aliases.get("các cơ quan báo chí") is None
    assert aliases.get("chánh văn phòng ban quản lý") != "van-phong-bql"
    assert aliases.get("các phòng, đơn vị trực thuộc ban quản lý") != "cac-phong-chuyen-mon-don-vi-su-nghiep-bql"
    assert content.unit("cac-co-quan-bao-chi").name == "Các cơ quan báo chí"


def test_collective_unit_names_keep_their_commas(content):
    """Regression: flow-style YAML cut "Các sở, ban, ngành" to "Các sở" in the merged registry."""
    assert content.unit("cac-so-ban-nganh").short == "Các sở, ban, ngành"
    assert content.unit("ubnd-cac-quan-huyen").name == "Ủy ban nhân dân các quận, huyện thành phố Hải Phòng"
    assert content.unit("ubnd-cac-xa-phuong-thi-tran").short == "UBND các xã, phường, thị trấn"


def test_regression_parts_missing_from_the_copy_were_counted_as_uncertain_readings(plans):
    """Headers, signatures, recipients and the end of the 2022 list that the copy lacks are notes of their own kind
    ("absent"), not "chỗ chưa chắc chắn": the count at the top of a page counts readings only."""
    absent = {(p.id, n.field) for p in plans.values() for n in p.notes if n.kind == "absent"}
    assert {("2025-1488-kh-bql", "document.header"), ("2023-par-index-sipas-papi-kh-bql", "document.header"),
            ("2023-tuyen-truyen-cchc-kh-bql", "document.signature"),
            ("2023-tuyen-truyen-cchc-kh-bql", "document.recipients"), ("2021-3848-qd-ubnd", "document.signature"),
            ("2021-3848-qd-ubnd", "appendices[0].complete")} <= absent
    assert uncertain_notes(plans["2025-1488-kh-bql"]) == ()
