"""Facts of the five signed documents (../shared/seeds), so an edit that breaks them fails CI."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from conftest import REPO
from generator.agenda import plan_items
from generator.workdays import PLAIN
from generator.reader import read_content


@pytest.fixture(scope="module")
def content():
    return read_content(REPO / "content")[0]


@pytest.fixture(scope="module")
def plans(content):
    return {p.id: p for p in content.plans}


def test_the_five_seed_documents_are_published(plans):
    assert {p.document.reference: p.document.date.iso() for p in plans.values()} == {
        "330/KH-BQL": "2024-01-24",
        "?05/KH-BQL": "2023",
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
])
def test_signers(plans, plan_id, authority, position, signer):
    signature = plans[plan_id].document.signature
    assert (signature.authority, signature.position, signature.signer) == (authority, position, signer)


def test_3848_legal_bases_and_danh_muc(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert plan.document.issuer == "ubnd-thanh-pho"
    assert [(r.number, r.date.iso()) for r in plan.legal_bases][2:] == [
        ("76/NQ-CP", "2021-07-15"), ("216/KH-UBND", "2021-09-23"), ("2527/SNV-CCHC&PC", "2021-12-09")]
    danh_muc = [t for s in plan.sections if s.appendix == "Danh mục" for t in s.tasks]
    assert len(danh_muc) == 49
    numbers = [t.number for t in danh_muc]
    assert numbers[:7] == ["1", "1a", "1b", "1c", "2", "3", "3a"] and numbers[-1] == "38"
    assert "22" not in numbers and "23" not in numbers  # the scan skips them; nothing invented
    wording = {t.number: t.deadline.wording for t in danh_muc if t.deadline}
    assert wording["1a"] == "Tháng 12/2021" and wording["1b"] == "10/01/2022"
    assert wording["1c"] == "Trong tháng 01/2022" and wording["2"] == "Theo yêu cầu của Bộ Nội vụ"
    assert wording["3a"] == "Quý IV/2022 đến Quý I/2023" and wording["15"] == "Quý II/2022"
    assert wording["11"] == "Quý III"


def _dates(plan, anchor):
    return [d.stated for i in plan_items(plan, PLAIN, date(2027, 12, 31)) if i.anchor == anchor for d in i.dues]


def test_3848_reports_and_january_deadlines(plans):
    plan = plans["2021-3848-qd-ubnd"]
    assert _dates(plan, "bc-bao-cao-quy") == [date(2022, 3, 10), date(2022, 9, 10)]
    assert _dates(plan, "bc-bao-cao-6-thang") == [date(2022, 6, 10)]
    assert _dates(plan, "bc-bao-cao-nam") == [date(2022, 12, 5)]
    assert _dates(plan, "nv-iv-1-d-1") == [date(2022, 1, 10)]
    assert _dates(plan, "nv-iv-2-d-1") == [date(2022, 1, 31)]
    assert _dates(plan, "nv-3a") == [date(2023, 3, 31)]
    assert _dates(plan, "nv-11") == [date(2022, 9, 30)]


def test_2023_tuyen_truyen_report_dates(plans):
    plan = plans["2023-tuyen-truyen-cchc-kh-bql"]
    assert _dates(plan, "bc-bao-cao-quy") == [date(2023, 3, 3), date(2023, 6, 3), date(2023, 9, 3)]
    assert _dates(plan, "bc-bao-cao-nam") == [date(2023, 11, 3)]
    assert plan.reports[0].to == ("van-phong-bql",)


def test_par_index_plan(plans):
    plan = plans["2023-par-index-sipas-papi-kh-bql"]
    assert plan.document.number == "47?2"  # handwritten; the note says why
    assert any(n.field == "document.number" for n in plan.notes)
    assert [a.number for a in plan.appendices] == ["01", "02"]
    assert len(plan.tasks) == 40
    assert plan.reports[0].deadline.wording == "định kỳ vào ngày 10 hàng tháng"
    assert _dates(plan, "bc-bao-cao-hang-thang")[:2] == [date(2023, 10, 10), date(2023, 11, 10)]


def test_1488_dated_deadlines(plans):
    plan = plans["2025-1488-kh-bql"]
    assert [r.number for r in plan.implements] == ["1205/QĐ-UBND", "145/QĐ-BNV", "376/BNV-CCHC"]
    assert len(plan.tasks) == 5
    assert {d for t in plan.tasks for d in _dates(plan, "nv-" + t.number)} == {date(2025, 5, 10)}
    assert _dates(plan, "bc-bao-cao-so-ket-gui-so-noi-vu") == [date(2025, 5, 15)]
    assert plan.reports[0].to == ("so-noi-vu",)


def test_330_monthly_reporting_and_missing_appendix(plans):
    plan = plans["2024-330-kh-bql"]
    assert [r.number for r in plan.implements] == ["4791/QĐ-UBND"]
    assert plan.implements[0].date.iso() == "2023-12-29"
    assert plan.reports[0].deadline.wording == "định kỳ hằng tháng và khi có yêu cầu"
    assert plan.reports[0].to == ("van-phong-bql",)
    assert [a.included for a in plan.appendices] == [False]  # the seed lacks the task appendix
    assert plan.tasks == ()


def test_units_are_registry_references_named_once(content):
    names = [u.name for u in content.units]
    assert len(names) == len(set(names))
    used = {u for p in content.plans for t in p.tasks for u in t.lead + t.coordinate}
    used |= {u for p in content.plans for r in p.reports for u in r.from_units + r.to}
    assert used <= {u.id for u in content.units}


def test_collective_unit_names_keep_their_commas(content):
    """Regression: flow-style YAML cut "Các sở, ban, ngành" to "Các sở" in the merged registry."""
    assert content.unit("cac-so-ban-nganh").short == "Các sở, ban, ngành"
    assert content.unit("ubnd-cac-quan-huyen").name == "Ủy ban nhân dân các quận, huyện thành phố Hải Phòng"
    assert content.unit("ubnd-cac-xa-phuong-thi-tran").short == "UBND các xã, phường, thị trấn"
