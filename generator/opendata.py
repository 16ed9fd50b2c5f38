"""Open data: every plan as JSON (same shape as the YAML, plus computed due dates) and CSV for Excel."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from pathlib import Path

from .agenda import Item, all_items, plan_items, task_anchor
from .jsonschema import schema_for
from .model import Content, Deadline, PartialDate, Plan
from .output import write_text_if_changed
from .schema import yaml_name

DATA_DIR = "du-lieu"
TASK_COLUMNS = ("ke_hoach", "so_ky_hieu", "muc", "stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_han",
                "han_tinh", "san_pham", "linh_vuc", "url")
DUE_COLUMNS = ("ke_hoach", "so_ky_hieu", "loai", "ma", "tieu_de", "thoi_han", "han_theo_van_ban",
               "han_thuc_te", "ly_do_lui_han", "don_vi", "url")


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
             "effective": d.effective.isoformat(), "reason": d.reason, "holiday": d.holiday} for d in item.dues]


def plan_record(plan: Plan, base_url: str) -> dict:
    """One plan as published JSON: id, URL, the YAML fields, computed due dates."""
    dues = [r for item in plan_items(plan) for r in _due_record(item)]
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
                       "required": ["item", "kind", "stated", "effective", "reason", "holiday"],
                       "properties": {"item": {"type": "string", "description": "Mã nhiệm vụ/báo cáo trên trang."},
                                      "kind": {"enum": ["task", "report"]},
                                      "stated": {"type": "string", "format": "date"},
                                      "effective": {"type": "string", "format": "date",
                                                    "description": "Ngày làm việc thực tế (Điều 148 BLDS)."},
                                      "reason": {"enum": ["weekend", "holiday", None]},
                                      "holiday": {"type": ["string", "null"]}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Kế hoạch CCHC — dữ liệu mở",
            "type": "object", "required": ["plans"], "additionalProperties": False,
            "properties": {"plans": {"type": "array", "items": {"$ref": "#/$defs/PlanRecord"}}},
            "$defs": dict(sorted(defs.items()))}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, dialect="excel")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8 Vietnamese correctly


def _names(content: Content, unit_ids: tuple[str, ...]) -> str:
    return "; ".join(content.unit(u).name for u in unit_ids)


def task_rows(content: Content) -> list[dict]:
    """One row per task across all plans."""
    rows = []
    for plan in content.plans:
        dues = {i.anchor: i for i in plan_items(plan)}
        for section in plan.sections:
            for task in section.tasks:
                anchor = task_anchor(task)
                item = dues.get(anchor)
                rows.append({
                    "ke_hoach": plan.id, "so_ky_hieu": plan.document.reference, "muc": section.number,
                    "stt": task.number, "noi_dung": task.content, "chu_tri": _names(content, task.lead),
                    "phoi_hop": _names(content, task.coordinate),
                    "thoi_han": task.deadline.wording if task.deadline else "",
                    "han_tinh": ";".join(d.stated.isoformat() for d in item.dues) if item else "",
                    "san_pham": task.deliverable or "", "linh_vuc": task.area or section.area,
                    "url": f"{content.site.base_url}ke-hoach/{plan.id}.html#{anchor}"})
    return rows


def due_rows(content: Content) -> list[dict]:
    """One row per dated deadline occurrence across all plans."""
    rows = []
    for item in all_items(content):
        for d in item.dues:
            rows.append({
                "ke_hoach": item.plan.id, "so_ky_hieu": item.plan.document.reference,
                "loai": "nhiem-vu" if item.kind == "task" else "bao-cao", "ma": item.anchor,
                "tieu_de": item.title, "thoi_han": item.deadline.wording,
                "han_theo_van_ban": d.stated.isoformat(), "han_thuc_te": d.effective.isoformat(),
                "ly_do_lui_han": d.holiday or ("thứ Bảy/Chủ nhật" if d.reason == "weekend" else ""),
                "don_vi": _names(content, item.lead),
                "url": f"{content.site.base_url}ke-hoach/{item.plan.id}.html#{item.anchor}"})
    return sorted(rows, key=lambda r: (r["han_theo_van_ban"], r["ke_hoach"], r["ma"]))


def write_open_data(content: Content, out_dir: Path) -> tuple[Path, ...]:
    """Write du-lieu/: ke-hoach.json (+ schema), one JSON per plan, nhiem-vu.csv and han.csv."""
    base = content.site.base_url
    records = [plan_record(p, base) for p in sorted(content.plans, key=lambda p: p.document.date, reverse=True)]
    files = {f"{DATA_DIR}/ke-hoach.json": _json({"plans": records}),
             f"{DATA_DIR}/ke-hoach.schema.json": _json(data_schema()),
             f"{DATA_DIR}/nhiem-vu.csv": _csv(TASK_COLUMNS, task_rows(content)),
             f"{DATA_DIR}/han.csv": _csv(DUE_COLUMNS, due_rows(content))}
    files.update({f"{DATA_DIR}/ke-hoach/{r['id']}.json": _json(r) for r in records})
    written = []
    for relative, text in files.items():
        path = Path(out_dir) / relative
        write_text_if_changed(path, text)
        written.append(path)
    return tuple(written)
