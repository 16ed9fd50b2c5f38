"""Open data: every plan as JSON (same shape as the YAML, plus computed due dates) and CSV for Excel."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from generator import routes
from generator.facts.items import Item
from generator.facts.names import EDITORIAL_TITLE, document_name, with_unread
from generator.facts.notes import transcription_notes
from generator.facts.order import newest_first
from generator.source.jsonschema import schema_for
from generator.source.model import AREA_NAMES, Content, Deadline, PartialDate, Plan, Task
from generator.source.objects import yaml_name
from generator.source.tasks import parent_words, placed_tasks

TASK_COLUMNS = ("ke_hoach", "so_ky_hieu", "muc", "stt", "noi_dung", "chu_tri", "phoi_hop", "thuc_hien",
                "thoi_han", "han_tinh", "san_pham", "linh_vuc", "url")
DUE_COLUMNS = ("ke_hoach", "so_ky_hieu", "loai", "ma", "tieu_de", "thoi_han", "han_theo_van_ban",
               "ngay_nghi", "gui_truoc_ngay", "don_vi", "con_tiep", "url")


def plain(value: object) -> Any:
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
             "send_by": d.send_by.isoformat() if d.send_by else None, "continues": item.continues}
            for d in item.dues]


def _notes_record(plan: Plan, base_url: str) -> list[dict]:
    """The editor's notes as the plan page shows them: the part concerned in words, never a field path."""
    page = routes.plan_page(plan.id)
    return [{"number": n.number, "kind": n.kind, "text": n.text, "part": n.place.label if n.place else None,
             "url": routes.page_url(base_url, page, n.anchor)} for n in transcription_notes(plan)]


def plan_record(plan: Plan, base_url: str, items: tuple[Item, ...]) -> dict:
    """One plan as published JSON: id, URL, the YAML fields (the notes as the page shows them), its computed due
    dates (`items`)."""
    dues = [r for item in items for r in _due_record(item)]
    return {"id": plan.id, "url": routes.page_url(base_url, routes.plan_page(plan.id)),
            **plain(plan), "notes": _notes_record(plan, base_url), "due_dates": dues}


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
    plan["properties"]["notes"] = {"type": "array", "description": "Ghi chú của người biên tập về bản chép, như "
                                   "trang kế hoạch ghi trong phần \"Về bản chép này\".",
                                   "items": {"$ref": "#/$defs/TranscriptionNote"}}
    defs.pop("Note", None)
    defs["TranscriptionNote"] = {
        "type": "object", "additionalProperties": False, "required": ["number", "kind", "text", "part", "url"],
        "properties": {"number": {"type": "integer", "description": "Số thứ tự của ghi chú trên trang."},
                       "kind": {"enum": ["uncertain", "absent", "editorial"],
                                "description": "uncertain: chỗ bản quét chưa đọc chắc được; absent: phần văn bản "
                                               "không có trong bản lưu; editorial: điều người "
                                               "biên tập đã quyết định khi chép."},
                       "text": {"type": "string", "description": "Nội dung ghi chú."},
                       "part": {"type": ["string", "null"],
                                "description": "Phần văn bản ghi chú nói đến, ví dụ \"Ngày ban hành\"; null nếu nói "
                                               "về cả văn bản."},
                       "url": {"type": "string", "description": "Địa chỉ của ghi chú trên trang kế hoạch."}}}
    defs["PlanRecord"] = plan
    defs["DueDate"] = {"type": "object", "additionalProperties": False,
                       "required": ["item", "kind", "stated", "day_off", "send_by", "continues"],
                       "properties": {"item": {"type": "string", "description": "Mã nhiệm vụ/báo cáo trên trang."},
                                      "kind": {"enum": ["task", "report"]},
                                      "stated": {"type": "string", "format": "date",
                                                 "description": "Ngày đến hạn theo văn bản."},
                                      "day_off": {"type": ["string", "null"],
                                                  "description": "Khi ngày đến hạn là ngày nghỉ: Thứ Bảy, Chủ Nhật "
                                                                 "hoặc tên ngày lễ; null nếu là ngày làm việc."},
                                      "send_by": {"type": ["string", "null"], "format": "date",
                                                  "description": "Khi ngày đến hạn là ngày nghỉ: ngày làm việc cuối "
                                                                 "cùng trước đó, nên gửi trước ngày này."},
                                      "continues": {"type": "boolean", "description": CONTINUES}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Kế hoạch CCHC — dữ liệu mở",
            "type": "object", "required": ["plans"], "additionalProperties": False,
            "properties": {"plans": {"type": "array", "items": {"$ref": "#/$defs/PlanRecord"}}},
            "$defs": dict(sorted(defs.items()))}


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _names(content: Content, unit_ids: tuple[str, ...]) -> str:
    return "; ".join(content.unit(u).name for u in unit_ids)


def _cell(task: Task, value: str, field: str) -> str:
    """A cell of the task table: its value, and "chưa đọc được trong bản quét" where the scan cannot be read."""
    return with_unread(value, getattr(task.unreadable, field) if task.unreadable else None)


def plan_task_rows(content: Content, plan: Plan, items: tuple[Item, ...]) -> list[dict]:
    """One row per task of the plan (`items`: its dated items)."""
    rows = []
    dues = {i.anchor: i for i in items}
    for placed in placed_tasks(plan):
        section, task, anchor = placed.section, placed.task, placed.anchor
        item = dues.get(anchor)
        own = _cell(task, task.content, "content")
        content_text = f"{parent_words(placed)} {own}" if placed.parents else own
        rows.append({
            "ke_hoach": plan.id, "so_ky_hieu": plan.document.reference, "muc": section.number or "",
            "stt": task.number or "", "noi_dung": content_text,
            "chu_tri": _cell(task, _names(content, task.lead), "lead"),
            "phoi_hop": _cell(task, _names(content, task.coordinate), "coordinate"),
            "thuc_hien": _cell(task, _names(content, task.implement), "implement"),
            "thoi_han": _cell(task, task.deadline.wording if task.deadline else "", "deadline"),
            "han_tinh": ";".join(d.stated.isoformat() for d in item.dues) if item else "",
            "san_pham": _cell(task, task.deliverable or "", "deliverable"), "linh_vuc": task.area or section.area,
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
                "tieu_de": item.title + (f" ({EDITORIAL_TITLE})" if item.editorial_title else ""),
                "thoi_han": item.deadline.wording,
                "han_theo_van_ban": d.stated.isoformat(), "ngay_nghi": d.off.name if d.off else "",
                "gui_truoc_ngay": d.send_by.isoformat() if d.send_by else "",
                "don_vi": with_unread(_names(content, item.lead), item.unreadable.lead if item.unreadable else None),
                "con_tiep": "có" if item.continues else "",
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


def _as_pieces(*pieces: bytes) -> Callable[[], Iterable[bytes]]:
    return lambda: pieces


def data_files(content: Content, data: Mapping[str, PlanData]) -> tuple[DataFile, ...]:
    """Every file of du-lieu/: ke-hoach.json (+ schema), one JSON per plan, nhiem-vu.csv and han.csv, from
    each plan's share (`data`, by plan id)."""
    records = tuple(data[p.id].file for p in newest_first(content.plans))
    tasks = tuple(data[p.id].task_lines for p in content.plans)
    # Each plan's lines are in date order already: sorting their concatenation merges runs.
    dues = tuple(line for _, line in sorted((pair for p in content.plans for pair in data[p.id].due_lines),
                                            key=itemgetter(0)))
    package = _json(datapackage(content)).encode()
    files = [DataFile(routes.PLANS_JSON, records, lambda: _records_json(records)),
             DataFile(routes.PLANS_SCHEMA, (), lambda: (_json(data_schema()).encode(),)),
             DataFile(routes.TASKS_CSV, tasks, lambda: _csv_file(TASK_COLUMNS, tasks)),
             DataFile(routes.DUES_CSV, dues, lambda: _csv_file(DUE_COLUMNS, dues)),
             DataFile(routes.DATAPACKAGE, (package,), _as_pieces(package))]
    files += [DataFile(routes.plan_json(p.id), (data[p.id].file,), _as_pieces(data[p.id].file))
              for p in content.plans]
    return tuple(files)


@dataclass(frozen=True)
class Column:
    """A column of a published CSV file, what it holds, and its Table Schema type (datapackage.json)."""

    name: str
    meaning: str
    type: str = "string"  # Table Schema: "string" or "date" (YYYY-MM-DD)
    values: tuple[str, ...] = ()  # the only values the column takes, when they are listed
    required: bool = False  # never empty

    def field(self) -> dict[str, Any]:
        """The column as a Table Schema field."""
        described: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.meaning}
        if self.name == "url":
            described["format"] = "uri"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.values:
            constraints["enum"] = list(self.values)
        if constraints:
            described["constraints"] = constraints
        return described


TASK_COLUMN_MEANINGS = {
    "ke_hoach": "Mã kế hoạch (tên tệp dữ liệu và phần cuối địa chỉ trang), ví dụ 2024-330-kh-bql.",
    "so_ky_hieu": "Số, ký hiệu văn bản như in, ví dụ 330/KH-BQL.",
    "muc": "Số mục của văn bản chứa nhiệm vụ, ví dụ II.1; để trống nếu văn bản không đánh số.",
    "stt": "Số thứ tự nhiệm vụ như in, ví dụ 1, 1a, 13b; không trùng trong một kế hoạch; để trống nếu văn bản "
           "không đánh số.",
    "noi_dung": "Nội dung công việc như in; với một dòng con (a, b, c) có cả lời của dòng tiêu đề phía trên.",
    "chu_tri": "Tên đầy đủ các cơ quan chủ trì, cách nhau bằng dấu chấm phẩy; \"chưa đọc được trong bản quét\" "
               "(với phần đọc được) khi văn bản có ô này nhưng bản quét không đọc được, như mọi cột của bảng.",
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
    "con_tiep": "\"có\" khi việc lặp lại còn tiếp sau các ngày được liệt kê (văn bản không nêu ngày kết thúc, hoặc "
                "ngày kết thúc sau giới hạn liệt kê); để trống nếu đã liệt kê đủ.",
    "url": "Địa chỉ của nhiệm vụ hoặc báo cáo trên trang kế hoạch.",
}
CONTINUES = ("true khi việc lặp lại còn tiếp sau các ngày được liệt kê (văn bản không nêu ngày kết thúc, hoặc ngày "
             "kết thúc sau giới hạn liệt kê), như cột con_tiep của han.csv.")


# What datapackage.json says of the columns beyond their meaning: every other column is text.
COLUMN_TYPES = {"han_theo_van_ban": "date", "gui_truoc_ngay": "date"}
COLUMN_VALUES: dict[str, tuple[str, ...]] = {"loai": ("nhiem-vu", "bao-cao"), "linh_vuc": tuple(AREA_NAMES)}
REQUIRED_COLUMNS = frozenset({"ke_hoach", "url", "loai", "ma", "han_theo_van_ban"})


def columns(names: tuple[str, ...], meanings: dict[str, str]) -> tuple[Column, ...]:
    """The columns of a CSV file in file order, each explained; a column without an explanation is an error."""
    missing = [name for name in names if name not in meanings]
    if missing:
        raise ValueError(f"open data columns without a meaning in generator/outputs/opendata.py: {', '.join(missing)}")
    return tuple(Column(name, meanings[name], COLUMN_TYPES.get(name, "string"), COLUMN_VALUES.get(name, ()),
                        name in REQUIRED_COLUMNS) for name in names)


def task_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/nhiem-vu.csv."""
    return columns(TASK_COLUMNS, TASK_COLUMN_MEANINGS)


def due_columns() -> tuple[Column, ...]:
    """The columns of du-lieu/han.csv."""
    return columns(DUE_COLUMNS, DUE_COLUMN_MEANINGS)


# --- reuse: the Frictionless Data Package and the schema.org description of the data page ----------

PACKAGE_NAME = "heza-ke-hoach-cai-cach-hanh-chinh"
_NO_LICENSE = ("Cơ quan chưa công bố giấy phép dùng lại dữ liệu này; trang Dữ liệu mở sẽ ghi giấy phép khi có "
               "quyết định.")


def _resource_path(path: str) -> str:
    """A data file's path as the package names it: relative to du-lieu/, where datapackage.json is."""
    return path.removeprefix(routes.DATA_DIR + "/")


def _csv_resource(name: str, path: str, title: str, description: str, cols: tuple[Column, ...]) -> dict[str, Any]:
    return {"name": name, "type": "table", "path": _resource_path(path), "title": title, "description": description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ",", "quoteChar": "\"", "doubleQuote": True},
            "schema": {"fields": [c.field() for c in cols], "missingValues": [""]}}


def _json_resource(name: str, path: str, title: str, description: str,
                   mediatype: str = "application/json") -> dict[str, Any]:
    return {"name": name, "type": "json", "path": _resource_path(path), "title": title, "description": description,
            "format": "json", "mediatype": mediatype, "encoding": "utf-8"}


def datapackage(content: Content) -> dict[str, Any]:
    """du-lieu/datapackage.json: every CSV and JSON file of du-lieu/, with the CSV columns' types and meanings
    as the data page explains them, the publisher and the licence of content/site.yaml (none while it is
    null). A Frictionless Data Package (v2); `frictionless validate` checks it and the files (tests)."""
    site = content.site
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "id": routes.page_url(site.base_url, routes.DATAPACKAGE),
        "title": f"Kế hoạch cải cách hành chính – {site.name}",
        "description": (f"Các kế hoạch cải cách hành chính do {site.name} công bố: nhiệm vụ, đơn vị chủ trì, phối "
                        "hợp, thời hạn đúng lời văn bản và ngày đến hạn tính được, chế độ báo cáo. Ngày tính được chỉ "
                        "để tra cứu; văn bản gốc mới có giá trị pháp lý. Trang Dữ liệu mở giải thích từng tệp, từng "
                        "cột." + ("" if site.license else " " + _NO_LICENSE)),
        "homepage": routes.page_url(site.base_url, routes.DATA),
        "keywords": ["cải cách hành chính", "kế hoạch", "thời hạn", site.name],
        "contributors": [{"title": site.name, "roles": ["publisher"], "path": site.portal_url,
                          **({"email": site.email} if site.email else {})}],
    }
    if site.license:
        package["licenses"] = [{"title": site.license.name, "path": site.license.url}]
    package["resources"] = [
        _csv_resource("nhiem-vu", routes.TASKS_CSV, "Nhiệm vụ",
                      "Mỗi dòng một nhiệm vụ của mọi kế hoạch, theo từng kế hoạch và đúng thứ tự trong văn bản. "
                      "UTF-8 có dấu BOM (cho Excel); ô bắt đầu bằng = + - @ có thêm dấu nháy đơn ở đầu.",
                      task_columns()),
        _csv_resource("han", routes.DUES_CSV, "Thời hạn",
                      "Mỗi dòng một ngày đến hạn của một nhiệm vụ hoặc báo cáo, theo thứ tự ngày; việc định kỳ có "
                      "một dòng mỗi lần đến hạn. UTF-8 có dấu BOM (cho Excel).", due_columns()),
        _json_resource("ke-hoach", routes.PLANS_JSON, "Tất cả kế hoạch",
                       "Một đối tượng {\"plans\": [...]}, mỗi phần tử một kế hoạch, mới nhất trước: các khóa của tệp "
                       "nội dung, ghi chú của người biên tập (notes) và các ngày đến hạn đã tính (due_dates). Lược đồ: "
                       "ke-hoach.schema.json."),
        _json_resource("ke-hoach-schema", routes.PLANS_SCHEMA, "Lược đồ JSON của ke-hoach.json",
                       "JSON Schema 2020-12 của ke-hoach.json: mọi khóa, kiểu dữ liệu và ý nghĩa.",
                       "application/schema+json"),
        *(_json_resource(f"ke-hoach-{p.id}", routes.plan_json(p.id), f"{document_name(p.document)}: {p.document.title}",
                         f"Kế hoạch {p.id}, cùng dạng với một phần tử của plans trong ke-hoach.json.")
          for p in newest_first(content.plans)),
    ]
    return package


def dataset_jsonld(content: Content) -> str:
    """The data page's schema.org Dataset (JSON-LD), ready to stand inside <script type="application/ld+json">:
    what the page offers, who publishes it, and the licence only once the agency has set one."""
    site = content.site

    def download(path: str, name: str, media: str) -> dict[str, str]:
        return {"@type": "DataDownload", "name": name, "encodingFormat": media,
                "contentUrl": routes.page_url(site.base_url, path)}

    publisher = {"@type": "GovernmentOrganization", "name": site.name, "url": site.portal_url,
                 "parentOrganization": {"@type": "GovernmentOrganization", "name": site.parent}}
    dataset: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": f"Kế hoạch cải cách hành chính – {site.name}",
        "description": (f"Các kế hoạch cải cách hành chính do {site.name} công bố, dưới dạng dữ liệu máy đọc được: "
                        "nhiệm vụ, đơn vị chủ trì, phối hợp, thời hạn đúng lời văn bản và ngày đến hạn tính được, "
                        "chế độ báo cáo (JSON, CSV, iCalendar)."),
        "url": routes.page_url(site.base_url, routes.DATA), "inLanguage": "vi", "isAccessibleForFree": True,
        "keywords": ["cải cách hành chính", "kế hoạch", "thời hạn"],
        "publisher": publisher, "creator": publisher,
        "distribution": [download(routes.PLANS_JSON, "ke-hoach.json", "application/json"),
                         download(routes.TASKS_CSV, "nhiem-vu.csv", "text/csv"),
                         download(routes.DUES_CSV, "han.csv", "text/csv"),
                         download(routes.ALL_FEED, "tat-ca.ics", "text/calendar")],
    }
    if site.license:
        dataset["license"] = site.license.url
    text = json.dumps(dataset, ensure_ascii=False, separators=(",", ":"))
    # inside a <script> element: no "</script>", no HTML comment, whatever the content says
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

