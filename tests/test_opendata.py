"""Open data and news feeds, checked by independent readers: jsonschema, csv (Excel dialect), feedparser."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import BASE_CONTENT, REPO, generate_docs
from generator.build import build
from generator.outputs.opendata import DUE_COLUMNS, TASK_COLUMNS, dataset_jsonld
from generator.source.reader import read_content

TODAY = date(2026, 11, 23)  # the build day: how far series with no stated end are listed


@pytest.fixture(scope="module")
def content():
    return read_content(REPO / "content")[0]


@pytest.fixture(scope="module")
def out(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    generate_docs(REPO / "content", folder, TODAY)
    return folder


def _rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), dialect="excel"))


def test_plans_json_matches_its_schema(out):
    data = json.loads((out / "du-lieu/ke-hoach.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "du-lieu/ke-hoach.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["plans"][0]["id"] == "2025-1488-kh-bql"  # newest first
    for plan in data["plans"]:
        single = json.loads((out / f"du-lieu/ke-hoach/{plan['id']}.json").read_text(encoding="utf-8"))
        assert single == plan


def test_plan_json_carries_computed_due_dates(out):
    plan = json.loads((out / "du-lieu/ke-hoach/2025-1488-kh-bql.json").read_text(encoding="utf-8"))
    report = [d for d in plan["due_dates"] if d["item"] == "bc-bao-cao-so-ket-gui-so-noi-vu"]
    assert report == [{"item": "bc-bao-cao-so-ket-gui-so-noi-vu", "kind": "report", "stated": "2025-05-15",
                       "day_off": None, "send_by": None, "continues": False}]
    saturday = [d for d in plan["due_dates"] if d["stated"] == "2025-05-10"]
    assert saturday and all((d["day_off"], d["send_by"]) == ("Thứ Bảy", "2025-05-09") for d in saturday)


def test_task_csv_has_one_row_per_task(out, content):
    rows = _rows(out / "du-lieu/nhiem-vu.csv")
    assert tuple(rows[0]) == TASK_COLUMNS
    assert len(rows) == sum(len(p.tasks) for p in content.plans)
    row = next(r for r in rows if r["ke_hoach"] == "2021-3848-qd-ubnd" and r["stt"] == "15")
    assert (row["thoi_han"], row["han_tinh"]) == ("Quý II/2022", "2022-06-30")


def test_due_csv_has_one_row_per_dated_occurrence(out):
    rows = _rows(out / "du-lieu/han.csv")
    assert tuple(rows[0]) == DUE_COLUMNS
    sent = [r for r in rows if r["ma"] == "bc-bao-cao-quy" and r["ke_hoach"] == "2023-tuyen-truyen-cchc-kh-bql"]
    assert [(r["han_theo_van_ban"], r["ngay_nghi"], r["gui_truoc_ngay"]) for r in sent] == [
        ("2023-03-03", "", ""), ("2023-06-03", "Thứ Bảy", "2023-06-02"), ("2023-09-03", "Chủ Nhật", "2023-08-31")]


@pytest.mark.parametrize("name,version", [("rss.xml", "rss20"), ("atom.xml", "atom10")])
def test_news_feeds_are_valid_and_newest_first(out, content, name, version):
    feed = feedparser.parse((out / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert len(feed.entries) == len(content.plans)
    assert feed.entries[0].link == "https://heza.gov.vn/cchc/ke-hoach/2025-1488-kh-bql.html"
    assert feed.entries[0].title.startswith("Kế hoạch 1488/KH-BQL: Sơ kết công tác cải cách hành chính")
    assert all(e.get("summary") for e in feed.entries)


def test_open_data_is_deterministic(content, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        generate_docs(REPO / "content", folder, TODAY)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


@pytest.mark.parametrize("plans", [0, 1, 5])
def test_plan_list_nests_encoded_records_exactly_as_json_dumps(content, plans):
    from generator.facts.items import plan_items
    from generator.outputs.opendata import _records_json, plan_record
    from generator.source.workdays import PLAIN

    records = [plan_record(p, content.site.base_url, plan_items(p, PLAIN, date(2027, 12, 31)))
               for p in content.plans[:plans]]
    files = [(json.dumps(r, ensure_ascii=False, indent=2) + "\n").encode() for r in records]
    whole = json.dumps({"plans": records}, ensure_ascii=False, indent=2) + "\n"
    assert b"".join(_records_json(files)) == whole.encode()


# --- datapackage.json: the Frictionless Data Package of du-lieu/ ----------------------------------

def _frictionless_report(descriptor):
    """`frictionless validate` of a datapackage.json, as the command runs it (its Python API)."""
    from frictionless import Package, system  # slow to import: only for these tests

    with system.use_context(trusted=False):
        return Package(str(descriptor)).validate()


def test_datapackage_is_valid_under_frictionless(out):
    report = _frictionless_report(out / "du-lieu" / "datapackage.json")
    assert report.valid, report.flatten(["type", "title", "note"])
    assert len(report.tasks) == len(json.loads((out / "du-lieu/datapackage.json").read_text("utf-8"))["resources"])


def test_frictionless_command_validates_the_datapackage(out):
    command = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or "frictionless"
    result = subprocess.run([command, "validate", "--json", "du-lieu/datapackage.json"], cwd=out,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert json.loads(result.stdout)["valid"] is True


def test_datapackage_describes_every_data_file_and_column(out):
    package = json.loads((out / "du-lieu/datapackage.json").read_text(encoding="utf-8"))
    folder = out / "du-lieu"
    described = {r["path"] for r in package["resources"]}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".csv", ".json")
               and p.name != "datapackage.json"}
    assert described == on_disk
    tables = {r["path"]: r for r in package["resources"] if r["type"] == "table"}
    for path, columns in (("nhiem-vu.csv", TASK_COLUMNS), ("han.csv", DUE_COLUMNS)):
        fields = tables[path]["schema"]["fields"]
        assert tuple(f["name"] for f in fields) == columns == tuple(_rows(folder / path)[0])
        assert all(f["description"] for f in fields)
    types = {f["name"]: f["type"] for f in tables["han.csv"]["schema"]["fields"]}
    assert types["han_theo_van_ban"] == types["gui_truoc_ngay"] == "date"


def test_datapackage_and_data_page_name_publisher_and_licence(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASE_CONTENT, content)
    build(content, tmp_path / "site", docs_dir=tmp_path / "docs", today=TODAY)
    package = json.loads((tmp_path / "site/du-lieu/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"title": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert package["contributors"][0]["title"] == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert package["contributors"][0]["roles"] == ["publisher"]
    page = (tmp_path / "site/du-lieu/index.html").read_text(encoding="utf-8")
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    dataset = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert dataset["@type"] == "Dataset" and dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["publisher"]["name"] == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert {d["contentUrl"] for d in dataset["distribution"]} >= {"https://example.vn/cchc/du-lieu/han.csv"}


def test_without_a_licence_the_package_and_page_say_none_is_published(out):
    package = json.loads((out / "du-lieu/datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and "chưa công bố giấy phép" in package["description"]
    assert "**chưa công bố** giấy phép" in (out / "du-lieu/index.md").read_text(encoding="utf-8")


def test_jsonld_cannot_close_its_script_element():
    content = read_content(REPO / "content")[0]
    hostile = replace(content, site=replace(content.site, name="</script><script>alert(1)</script>&"))
    text = dataset_jsonld(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["publisher"]["name"] == "</script><script>alert(1)</script>&"


def test_regression_data_files_did_not_say_that_a_series_goes_on(out):
    """The monthly PAR report has no stated end: han.csv and the JSON list it to the horizon, as the pages and the
    feed do, and now say that it goes on after (con_tiep, continues)."""
    every = _rows(out / "du-lieu/han.csv")
    rows = [r for r in every if r["ma"] == "bc-bao-cao-hang-thang"]
    assert rows and all(r["con_tiep"] == "có" for r in rows)
    assert all(r["con_tiep"] == "" for r in every if r["ma"] != "bc-bao-cao-hang-thang")
    plan = json.loads((out / "du-lieu/ke-hoach/2023-par-index-sipas-papi-kh-bql.json").read_text(encoding="utf-8"))
    assert {d["continues"] for d in plan["due_dates"] if d["item"] == "bc-bao-cao-hang-thang"} == {True}
    year = (out / "lich" / f"{rows[-1]['han_theo_van_ban'][:4]}.md").read_text(encoding="utf-8")
    assert "Việc này lặp lại (văn bản không nêu ngày kết thúc): trang chỉ ghi các kỳ đến" in year
