"""Open data: every plan as JSON (same shape as the YAML, plus computed due dates) and CSV for Excel."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path

from generator.engine.files import write_pieces_if_changed
from generator.engine.memo import NO_MEMO, Memo
from generator.facts.items import Item, listing_horizon, plan_items, work_calendar
from generator.source.jsonschema import schema_for
from generator.source.model import Content, Deadline, PartialDate, Plan
from generator.source.objects import yaml_name
from generator.source.tasks import parent_words, placed_tasks

DATA_DIR = "du-lieu"
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
    return {"id": plan.id, "url": f"{base_url}ke-hoach/{plan.id}.html", **plain(plan), "due_dates": dues}


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
            "url": f"{content.site.base_url}ke-hoach/{plan.id}.html#{anchor}"})
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
                "url": f"{content.site.base_url}ke-hoach/{item.plan.id}.html#{item.anchor}"})
    return rows


def _due_order(row: dict) -> tuple:
    return (row["han_theo_van_ban"], row["ke_hoach"], row["ma"])


@dataclass(frozen=True)
class _PlanData:
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


def _plan_data(content: Content, plan: Plan, items: tuple[Item, ...]) -> _PlanData:
    record = json.dumps(plan_record(plan, content.site.base_url, items), ensure_ascii=False, indent=2)
    dues = sorted(((_due_order(row), _csv_lines(DUE_COLUMNS, [row]).encode()) for row in plan_due_rows(content, items)),
                  key=itemgetter(0))
    return _PlanData((record + "\n").encode(), _csv_lines(TASK_COLUMNS, plan_task_rows(content, plan, items)).encode(),
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


def write_open_data(content: Content, out_dir: Path, today: date, memo: Memo = NO_MEMO) -> tuple[Path, ...]:
    """Write du-lieu/: ke-hoach.json (+ schema), one JSON per plan, nhiem-vu.csv and han.csv (recurrences with
    no stated end listed up to the same horizon as the pages and calendars)."""
    calendar, horizon = work_calendar(content), listing_horizon(today)
    data = {p.id: memo.of("data", p, lambda p=p: _plan_data(content, p, plan_items(p, calendar, horizon)))
            for p in content.plans}
    records = tuple(data[p.id].file for p in sorted(content.plans, key=lambda p: p.document.date, reverse=True))
    tasks = tuple(data[p.id].task_lines for p in content.plans)
    # Each plan's lines are in date order already: sorting their concatenation merges runs.
    dues = tuple(line for _, line in sorted((pair for p in content.plans for pair in data[p.id].due_lines),
                                            key=itemgetter(0)))
    # Each file: its path, the parts it is made of (compared by identity between preview builds), its pieces.
    files = [(f"{DATA_DIR}/ke-hoach.json", records, lambda: _records_json(records)),
             (f"{DATA_DIR}/ke-hoach.schema.json", (), lambda: (_json(data_schema()).encode(),)),
             (f"{DATA_DIR}/nhiem-vu.csv", tasks, lambda: _csv_file(TASK_COLUMNS, tasks)),
             (f"{DATA_DIR}/han.csv", dues, lambda: _csv_file(DUE_COLUMNS, dues))]
    files += [(f"{DATA_DIR}/ke-hoach/{p.id}.json", (data[p.id].file,), lambda p=p: (data[p.id].file,))
              for p in content.plans]
    written = []
    for relative, parts, pieces in files:
        path = Path(out_dir) / relative
        written.append(path)
        if not memo.up_to_date(relative, parts):
            write_pieces_if_changed(path, pieces)
            memo.written(relative, parts)
    return tuple(written)
