"""Open data: every plan as JSON (same shape as the YAML, plus computed due dates) and CSV for Excel."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from operator import itemgetter

from generator import routes
from generator.facts.items import Item
from generator.facts.order import newest_first
from generator.source.jsonschema import schema_for
from generator.source.model import Content, Deadline, PartialDate, Plan
from generator.source.objects import yaml_name
from generator.source.tasks import parent_words, placed_tasks

TASK_COLUMNS = ("ke_hoach", "so_ky_hieu", "muc", "stt", "noi_dung", "chu_tri", "phoi_hop", "thuc_hien",
                "thoi_han", "han_tinh", "san_pham", "linh_vuc", "url")
DUE_COLUMNS = ("ke_hoach", "so_ky_hieu", "loai", "ma", "tieu_de", "thoi_han", "han_theo_van_ban",
               "ngay_nghi", "gui_truoc_ngay", "don_vi", "url")


def plain(value):
    """A model value as JSON data, keyed as editors write the YAML."""
    if isinstance(value, Deadline):
        return value.wording
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {yaml_name(type(value), f.name): plain(getattr(value, f.name))
                for f in dataclasses.fields(value) if not f.metadata.get("source")}
    return value


def _due_record(item: Item) -> list[dict]:
    return [{"item": item.anchor, "kind": item.kind, "stated": d.stated.isoformat(),
             "day_off": d.off.name if d.off else None,
             "send_by": d.send_by.isoformat() if d.send_by else None} for d in item.dues]


def plan_record(plan: Plan, base_url: str, items: tuple[Item, ...]) -> dict:
    """One plan as published JSON: id, URL, the YAML fields, its computed due dates (`items`)."""
    dues = [r for item in items for r in _due_record(item)]
    return {"id": plan.id, "url": routes.page_url(base_url, routes.plan_page(plan.id)), **plain(plan),
            "due_dates": dues}


def data_schema() -> dict:
    """JSON Schema of du-lieu/ke-hoach.json (plan records: the plan file schema plus computed fields)."""
    plan = schema_for(Plan)
    defs = plan.pop("$defs")
    plan.pop("$schema")
    plan["properties"] = {"id": {"type": "string", "description": "Mã kế hoạch (tên tệp, đường dẫn)."},
                          "url": {"type": "string", "description": "Trang của kế hoạch."},
                          **plan["properties"],
                          "due_dates": {"type": "array", "description": "Các ngày đến hạn đã tính.",
                                        "items": {"$ref": "#/$defs/DueDate"}}}
    plan["required"] = ["id", "url", *plan.get("required", []), "due_dates"]
    defs["PlanRecord"] = plan
    defs["DueDate"] = {"type": "object", "additionalProperties": False,
                       "required": ["item", "kind", "stated", "day_off", "send_by"],
                       "properties": {"item": {"type": "string", "description": "Mã nhiệm vụ/báo cáo trên trang."},
                                      "kind": {"enum": ["task", "report"]},
                                      "stated": {"type": "string", "format": "date",
                                                 "description": "Ngày đến hạn theo văn bản."},
                                      "day_off": {"type": ["string", "null"],
                                                  "description": "Khi ngày đến hạn là ngày nghỉ: Thứ Bảy, Chủ Nhật "
                                                                 "hoặc tên ngày lễ; null nếu là ngày làm việc."},
                                      "send_by": {"type": ["string", "null"], "format": "date",
                                                  "description": "Khi ngày đến hạn là ngày nghỉ: ngày làm việc cuối "
                                                                 "cùng trước đó, nên gửi trước ngày này."}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Kế hoạch CCHC — dữ liệu mở",
            "type": "object", "required": ["plans"], "additionalProperties": False,
            "properties": {"plans": {"type": "array", "items": {"$ref": "#/$defs/PlanRecord"}}},
            "$defs": dict(sorted(defs.items()))}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _names(content: Content, unit_ids: tuple[str, ...]) -> str:
    return "; ".join(content.unit(u).name for u in unit_ids)


def plan_task_rows(content: Content, plan: Plan, items: tuple[Item, ...]) -> list[dict]:
    """One row per task of the plan (`items`: its dated items)."""
    rows = []
    dues = {i.anchor: i for i in items}
    for placed in placed_tasks(plan):
        section, task, anchor = placed.section, placed.task, placed.anchor
        item = dues.get(anchor)
        content_text = f"{parent_words(placed)} {task.content}" if placed.parents else task.content
        rows.append({
            "ke_hoach": plan.id, "so_ky_hieu": plan.document.reference, "muc": section.number or "",
            "stt": task.number or "", "noi_dung": content_text, "chu_tri": _names(content, task.lead),
            "phoi_hop": _names(content, task.coordinate), "thuc_hien": _names(content, task.implement),
            "thoi_han": task.deadline.wording if task.deadline else "",
            "han_tinh": ";".join(d.stated.isoformat() for d in item.dues) if item else "",
            "san_pham": task.deliverable or "", "linh_vuc": task.area or section.area,
            "url": routes.page_url(content.site.base_url, routes.plan_page(plan.id), anchor)})
    return rows


def plan_due_rows(content: Content, items: tuple[Item, ...]) -> list[dict]:
    """One row per dated deadline occurrence of one plan's `items`, in document order."""
    rows = []
    for item in items:
        for d in item.dues:
            rows.append({
                "ke_hoach": item.plan.id, "so_ky_hieu": item.plan.document.reference,
                "loai": "nhiem-vu" if item.kind == "task" else "bao-cao", "ma": item.anchor,
                "tieu_de": item.title, "thoi_han": item.deadline.wording,
                "han_theo_van_ban": d.stated.isoformat(), "ngay_nghi": d.off.name if d.off else "",
                "gui_truoc_ngay": d.send_by.isoformat() if d.send_by else "",
                "don_vi": _names(content, item.lead),
                "url": routes.page_url(content.site.base_url, routes.plan_page(item.plan.id), item.anchor)})
    return rows


def _due_order(row: dict) -> tuple:
    return (row["han_theo_van_ban"], row["ke_hoach"], row["ma"])


@dataclass(frozen=True)
class PlanData:
    """One plan's share of the data files, already encoded as UTF-8 (joined, not re-encoded, per build)."""

    file: bytes  # du-lieu/ke-hoach/<id>.json: its JSON record, indent 2 (ke-hoach.json nests it as it is written)
    task_lines: bytes  # its rows of nhiem-vu.csv
    due_lines: tuple[tuple[tuple, bytes], ...]  # (date order, CSV line) of its rows of han.csv, in that order


# A cell starting with one of these is a formula in Excel and LibreOffice (`=HYPERLINK(…)` would be a
# live link): OWASP's advice is a leading apostrophe, which spreadsheets show as text. The data page says so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """A CSV cell that a spreadsheet cannot read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, dialect="excel").writerows(
        {key: inert_cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def plan_data(content: Content, plan: Plan, items: tuple[Item, ...]) -> PlanData:
    """One plan's share of the data files (`items`: its dated items)."""
    record = json.dumps(plan_record(plan, content.site.base_url, items), ensure_ascii=False, indent=2)
    dues = sorted(((_due_order(row), _csv_lines(DUE_COLUMNS, [row]).encode()) for row in plan_due_rows(content, items)),
                  key=itemgetter(0))
    return PlanData((record + "\n").encode(), _csv_lines(TASK_COLUMNS, plan_task_rows(content, plan, items)).encode(),
                     tuple(dues))


def _records_json(files: tuple[bytes, ...]) -> Iterator[bytes]:
    """`{"plans": [...]}` as json.dumps(indent=2) writes it, in pieces, from the records' files (each
    nested as it goes: neither a nested copy nor the whole file is held, 370 MB at 10,000 plans)."""
    if not files:
        yield _json({"plans": []}).encode()
        return
    yield b'{\n  "plans": [\n'
    for n, record in enumerate(files):
        yield (b",\n    " if n else b"    ") + record[:-1].replace(b"\n", b"\n    ")
    yield b"\n  ]\n}\n"


def _csv_file(columns: tuple[str, ...], lines: tuple[bytes, ...]) -> Iterator[bytes]:
    """A CSV file for Excel, in pieces: the BOM (Excel then reads UTF-8 Vietnamese correctly), the header, the rows."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, dialect="excel").writeheader()
    yield ("\ufeff" + buffer.getvalue()).encode()
    yield from lines


@dataclass(frozen=True)
class DataFile:
    """A data file to write: its docs path, what it is made of (the engine writes it again only when these
    differ from the previous build's), and its bytes, in pieces."""

    path: str
    parts: tuple[Any, ...]
    pieces: Callable[[], Iterable[bytes]]


def data_files(content: Content, data: Mapping[str, PlanData]) -> tuple[DataFile, ...]:
    """Every file of du-lieu/: ke-hoach.json (+ schema), one JSON per plan, nhiem-vu.csv and han.csv, from
    each plan's share (`data`, by plan id)."""
    records = tuple(data[p.id].file for p in newest_first(content.plans))
    tasks = tuple(data[p.id].task_lines for p in content.plans)
    # Each plan's lines are in date order already: sorting their concatenation merges runs.
    dues = tuple(line for _, line in sorted((pair for p in content.plans for pair in data[p.id].due_lines),
                                            key=itemgetter(0)))
    files = [DataFile(routes.PLANS_JSON, records, lambda: _records_json(records)),
             DataFile(routes.PLANS_SCHEMA, (), lambda: (_json(data_schema()).encode(),)),
             DataFile(routes.TASKS_CSV, tasks, lambda: _csv_file(TASK_COLUMNS, tasks)),
             DataFile(routes.DUES_CSV, dues, lambda: _csv_file(DUE_COLUMNS, dues))]
    files += [DataFile(routes.plan_json(p.id), (data[p.id].file,), lambda p=p: (data[p.id].file,))
              for p in content.plans]
    return tuple(files)


@dataclass(frozen=True)
class Column:
    """A column of a published CSV file and what it holds."""

    name: str
    meaning: str


TASK_COLUMN_MEANINGS = {
    "ke_hoach": "Mã kế hoạch (tên tệp dữ liệu và phần cuối địa chỉ trang), ví dụ 2024-330-kh-bql.",
    "so_ky_hieu": "Số, ký hiệu văn bản như in, ví dụ 330/KH-BQL.",
    "muc": "Số mục của văn bản chứa nhiệm vụ, ví dụ II.1; để trống nếu văn bản không đánh số.",
    "stt": "Số thứ tự nhiệm vụ như in, ví dụ 1, 1a, 13b; không trùng trong một kế hoạch; để trống nếu văn bản "
           "không đánh số.",
    "noi_dung": "Nội dung công việc như in; với một dòng con (a, b, c) có cả lời của dòng tiêu đề phía trên.",
    "chu_tri": "Tên đầy đủ các cơ quan chủ trì, cách nhau bằng dấu chấm phẩy.",
    "phoi_hop": "Tên đầy đủ các cơ quan phối hợp, cách nhau bằng dấu chấm phẩy; để trống nếu không có.",
    "thuc_hien": "Tên đầy đủ các đơn vị thực hiện (khi văn bản ghi \"Đơn vị thực hiện\"), cách nhau bằng dấu "
                 "chấm phẩy; để trống nếu không có.",
    "thoi_han": "Thời hạn đúng lời văn bản, ví dụ \"Quý II/2024\"; để trống nếu văn bản không nêu.",
    "han_tinh": "Các ngày đến hạn tính được theo lời văn bản (YYYY-MM-DD, nhiều ngày cách nhau bằng dấu "
                "chấm phẩy); để trống khi thời hạn không có ngày cụ thể.",
    "san_pham": "Sản phẩm của nhiệm vụ; để trống nếu văn bản không nêu.",
    "linh_vuc": "Mã lĩnh vực cải cách của nhiệm vụ (bảng mã ở cuối trang).",
    "url": "Địa chỉ của nhiệm vụ trên trang kế hoạch.",
}
DUE_COLUMN_MEANINGS = {
    "ke_hoach": TASK_COLUMN_MEANINGS["ke_hoach"],
    "so_ky_hieu": TASK_COLUMN_MEANINGS["so_ky_hieu"],
    "loai": "nhiem-vu (nhiệm vụ) hoặc bao-cao (nghĩa vụ báo cáo).",
    "ma": "Mã của nhiệm vụ hoặc báo cáo trên trang kế hoạch, ví dụ nv-1a, bc-bao-cao-quy.",
    "tieu_de": "Nội dung nhiệm vụ hoặc tên báo cáo.",
    "thoi_han": "Thời hạn đúng lời văn bản.",
    "han_theo_van_ban": "Ngày đến hạn theo lời văn bản (YYYY-MM-DD); trang không bao giờ ghi hạn muộn hơn ngày này.",
    "ngay_nghi": "Khi ngày đến hạn là ngày nghỉ: Thứ Bảy, Chủ Nhật hoặc tên ngày lễ; để trống nếu là ngày làm việc.",
    "gui_truoc_ngay": "Khi ngày đến hạn là ngày nghỉ: ngày làm việc cuối cùng trước đó (YYYY-MM-DD), nên gửi "
                      "trước ngày này; để trống nếu không.",
    "don_vi": "Tên đầy đủ đơn vị chủ trì nhiệm vụ hoặc đơn vị gửi báo cáo, cách nhau bằng dấu chấm phẩy.",
    "url": "Địa chỉ của nhiệm vụ hoặc báo cáo trên trang kế hoạch.",
}


def columns(names: tuple[str, ...], meanings: dict[str, str]) -> tuple[Column, ...]:
    """The columns of a CSV file in file order, each explained; a column without an explanation is an error."""
    missing = [name for name in names if name not in meanings]
    if missing:
        raise ValueError(f"open data columns without a meaning in generator/outputs/opendata.py: {', '.join(missing)}")
    return tuple(Column(name, meanings[name]) for name in names)


def task_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/nhiem-vu.csv."""
    return columns(TASK_COLUMNS, TASK_COLUMN_MEANINGS)


def due_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/han.csv."""
    return columns(DUE_COLUMNS, DUE_COLUMN_MEANINGS)


