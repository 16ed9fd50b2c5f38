"""The typed content model. Field docs (Vietnamese, for editors) feed the README and JSON Schema.

Each dataclass is one YAML mapping; `doc(...)` declares a field's help text. Fields marked
`source=` are not written by editors but filled by the reader (file name, line).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, overload

from generator.source import deadlines as dl

_T = TypeVar("_T")


@dataclass(frozen=True)
class Ref:
    """Marks a string field as the id of a unit or plan."""

    kind: Literal["unit", "plan"]


class SlugMark:
    """Marks a string field as a stable URL id."""


class CodeMark:
    """Marks a string field as a number or symbol as printed ("12", "KH-BQL"): Word's quotes around it are an error."""


UnitId = Annotated[str, Ref("unit")]
PlanId = Annotated[str, Ref("plan")]
Slug = Annotated[str, SlugMark()]
Code = Annotated[str, CodeMark()]


@overload
def doc(text: str, *, source: str | None = None, example: object = None) -> Any: ...


@overload
def doc(text: str, default: _T, *, source: str | None = None, example: object = None) -> _T: ...


def doc(text: str, default: object = dataclass, *, source: str | None = None, example: object = None) -> Any:
    """A field with help text; without `default` it is required."""
    meta = {"doc": text, "source": source, "example": example}
    if default is dataclass:
        return field(metadata=meta)
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class PartialDate:
    """A date whose day or month may be unreadable: `2023-09-21`, `2023-09` or `2023`."""

    year: int
    month: int | None = None
    day: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        """Order by what is known; an unknown month or day sorts first."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def iso(self) -> str:
        """`YYYY[-MM[-DD]]`."""
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    def vietnamese(self) -> str:
        """`ngày 21 tháng 9 năm 2023`, `ngày 06 tháng 02 năm 2024`, with what is unknown left out: a zero before a day
        under 10 and before months 1 and 2 only, as documents print them (Nghị định 30/2020/NĐ-CP)."""
        month = f"{self.month:02d}" if self.month and self.month <= 2 else str(self.month)
        if self.day and self.month:
            return f"ngày {self.day:02d} tháng {month} năm {self.year}"
        if self.month:
            return f"tháng {month} năm {self.year}"
        return f"năm {self.year}"

    def as_date(self) -> date | None:
        """The full date, or None when the day or month is unknown."""
        return date(self.year, self.month, self.day) if self.day and self.month else None

    def earliest(self) -> date:
        """The first day the partial date could be."""
        return date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class Deadline:
    """A deadline as the document words it, and the rule parsed from that wording."""

    wording: str
    rule: dl.Rule
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


# --- site.yaml ---------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class DataLicense:
    """The licence under which the agency lets anyone reuse the open data (du-lieu/)."""

    name: str = doc("Tên giấy phép như cơ quan công bố, ví dụ \"Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)\".")
    url: str = doc("Địa chỉ (https://…) của văn bản giấy phép.", example="https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True, kw_only=True)
class Site:
    """content/site.yaml: the agency that publishes the site (portal rules, Thông tư 32/2017 Điều 16)."""

    name: str = doc("Tên đầy đủ của cơ quan, ví dụ \"Ban Quản lý Khu kinh tế Hải Phòng\".")
    parent: str = doc("Cơ quan chủ quản, ví dụ \"Ủy ban nhân dân thành phố Hải Phòng\".")
    address: str | None = doc("Địa chỉ trụ sở; để null nếu chưa xác minh.", None)
    phone: str | None = doc("Số điện thoại; để null nếu chưa xác minh.", None)
    email: str | None = doc("Thư điện tử; để null nếu chưa xác minh.", None)
    responsible: str | None = doc("Người chịu trách nhiệm quản lý nội dung; để null nếu chưa xác minh.", None)
    portal_url: str = doc("Địa chỉ cổng thông tin của cơ quan.", example="https://heza.gov.vn")
    base_url: str = doc("Địa chỉ gốc nơi trang này được đặt (kết thúc bằng /).",
                        example="https://heza.gov.vn/cchc/")
    repository_url: str | None = doc("Địa chỉ kho mã nguồn nội dung (cho nút \"Sửa trang này\").", None)
    reminder_days: int | None = doc("Số ngày báo trước (0 đến 365; không ghi: 3) của lời nhắc trong các lịch đăng ký, "
                                    "lúc 9 giờ sáng; null: lịch không có lời nhắc.", 3, example=3)
    feedback: str | None = doc("Nơi nhận góp ý, báo lỗi bản chép: một địa chỉ thư điện tử hoặc địa chỉ trang "
                               "(https://…) của biểu mẫu; null khi chưa có (heza check nhắc).", None,
                               example="cchc@heza.gov.vn")
    license: DataLicense | None = doc("Giấy phép dùng lại dữ liệu mở (du-lieu/), do cơ quan quyết định: tên và địa chỉ "
                                      "văn bản giấy phép; null khi chưa có (heza check nhắc; trang Dữ liệu mở và "
                                      "datapackage.json ghi là chưa công bố giấy phép).", None)


# --- units.yaml --------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Unit:
    """One organisational unit named in the plans."""

    id: Slug = doc("Mã định danh ổn định, không dấu, ví dụ \"so-noi-vu\"; dùng trong đường dẫn trang.")
    name: str = doc("Tên chính thức đầy đủ.")
    short: str = doc("Tên ngắn như in trong bảng, ví dụ \"Sở Nội vụ\".")
    kind: Literal["internal", "external", "collective"] = doc(
        "internal: đơn vị thuộc Ban Quản lý; external: cơ quan khác; collective: nhóm đơn vị (\"Các sở, ban, ngành\").")
    aliases: tuple[str, ...] = doc("Các cách viết khác, chữ viết tắt gặp trong văn bản.", ())
    parent: UnitId | None = doc("Mã đơn vị cấp trên, nếu có.", None)
    members: tuple[UnitId, ...] = doc(
        "Chỉ với kind: collective: mã các đơn vị trong danh mục mà nhóm chắc chắn gồm, ví dụ nhóm \"Các sở, ban, "
        "ngành\" gồm từng sở; có thể là nhóm khác (nhóm lồng nhau). Trang của mỗi đơn vị thành viên liệt kê việc "
        "giao cho nhóm, ghi \"theo nhóm\". Không ghi với nhóm chung chung (\"có liên quan\").", ())
    line: int = doc("", 0, source="line")


@dataclass(frozen=True, kw_only=True)
class Units:
    """content/units.yaml: the registry of units."""

    units: tuple[Unit, ...] = doc("Danh sách đơn vị.")


# --- glossary.yaml -------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Term:
    """An abbreviation used in the plans."""

    abbr: str = doc("Chữ viết tắt như in, ví dụ \"CCHC\".")
    expansion: str = doc("Viết đầy đủ, ví dụ \"cải cách hành chính\".")


@dataclass(frozen=True, kw_only=True)
class Glossary:
    """content/glossary.yaml: abbreviations, shown as tooltips on the site."""

    terms: tuple[Term, ...] = doc("Danh sách chữ viết tắt.")


# --- ngay-nghi.yaml ------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class DaySwap:
    """An official change to the working calendar that a library may not know yet."""

    date: date = doc("Ngày, YYYY-MM-DD.")
    working: bool = doc("true: ngày làm việc (làm bù); false: ngày nghỉ.")
    document: str = doc("Văn bản thông báo, có số và ngày, ví dụ "
                        "\"Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ\".")
    name: str | None = doc("Tên ngày nghỉ như văn bản ghi, nếu có.", None)
    line: int = doc("", 0, source="line")


@dataclass(frozen=True, kw_only=True)
class DaySwaps:
    """content/ngay-nghi.yaml: days off and make-up working days announced by the Government Office."""

    days: tuple[DaySwap, ...] = doc("Các ngày nghỉ, ngày làm bù; chỉ ghi ngày có văn bản công bố.", ())


# --- plans/<id>.yaml -----------------------------------------------------------

DocumentType = Literal["ke-hoach", "quyet-dinh", "bao-cao", "cong-van", "chuong-trinh"]
Area = Literal["chi-dao-dieu-hanh", "the-che", "thu-tuc-hanh-chinh", "to-chuc-bo-may", "cong-vu",
               "tai-chinh-cong", "chinh-quyen-so", "khac"]

DOCUMENT_TYPE_NAMES = {"ke-hoach": "Kế hoạch", "quyet-dinh": "Quyết định", "bao-cao": "Báo cáo",
                       "cong-van": "Công văn", "chuong-trinh": "Chương trình"}
AREA_NAMES: dict[Area, str] = {
    "chi-dao-dieu-hanh": "Chỉ đạo, điều hành",
    "the-che": "Cải cách thể chế",
    "thu-tuc-hanh-chinh": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy hành chính",
    "cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-quyen-so": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "khac": "Nội dung khác",
}


@dataclass(frozen=True, kw_only=True)
class Signature:
    """Signing block: authority, position, signer."""

    position: str | None = doc("Chức vụ người ký như in, ví dụ \"PHÓ TRƯỞNG BAN\"; null nếu bản quét không có.", None)
    authority: Literal["TM.", "KT.", "TL.", "TUQ.", "Q."] | None = doc(
        "Thẩm quyền ký: TM., KT., TL., TUQ., Q.; null nếu ký với chức danh của mình.", None)
    authority_of: str | None = doc("Chức danh/tập thể sau thẩm quyền, ví dụ \"TRƯỞNG BAN\", \"ỦY BAN NHÂN DÂN\".", None)
    signer: str | None = doc("Họ tên người ký; null nếu bản quét không có (ghi rõ trong notes).", None)


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """One line of Nơi nhận: a registry unit, or text such as \"Lưu: VT\"."""

    unit: UnitId | None = doc("Mã đơn vị nhận.", None)
    remark: str | None = doc("Ghi chú trong ngoặc, ví dụ \"để báo cáo\".", None)
    text: str | None = doc("Dòng không phải tên cơ quan: \"Lưu: VT\", \"Như Điều 3\".", None)
    line: int = doc("", 0, source="line")


@dataclass(frozen=True, kw_only=True)
class HeaderLines:
    """The lines above the title as the scan shows them (Nghị định 30/2020/NĐ-CP, Điều 8): only what it has."""

    parent: str | None = doc("Dòng tên cơ quan chủ quản như in, ví dụ \"UBND THÀNH PHỐ HẢI PHÒNG\"; "
                             "null nếu bản quét không có dòng này.", None)
    issuer: str | None = doc("Dòng tên cơ quan ban hành như in, ví dụ \"BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG\"; "
                             "null nếu bản quét không có dòng này.", None)
    national: bool = doc("true nếu bản quét có Quốc hiệu và Tiêu ngữ (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, "
                         "Độc lập - Tự do - Hạnh phúc).", False)


@dataclass(frozen=True, kw_only=True)
class DocumentHeader:
    """The header of the signed document (Nghị định 30/2020/NĐ-CP, Điều 8)."""

    type: DocumentType = doc("Loại văn bản.")
    issuer: UnitId = doc("Mã đơn vị ban hành.")
    number: Code | None = doc("Số văn bản như in; \"?\" thay chữ số không đọc được; null nếu không đọc được.")
    symbol: Code = doc("Ký hiệu, ví dụ \"KH-BQL\", \"QĐ-UBND\".")
    place: str = doc("Địa danh, ví dụ \"Hải Phòng\".")
    date: PartialDate = doc("Ngày ban hành YYYY-MM-DD (hoặc YYYY-MM, YYYY khi bản quét không rõ ngày).")
    title: str = doc("Trích yếu nội dung như in.")
    signature: Signature = doc("Khối chữ ký.")
    parent: UnitId | None = doc("Mã cơ quan chủ quản của đơn vị ban hành.", None)
    plan_title: str | None = doc("Tên kế hoạch ban hành kèm theo (khi văn bản là quyết định).", None)
    recipients: tuple[Recipient, ...] = doc("Nơi nhận, theo thứ tự in.", ())
    header: HeaderLines | None = doc("Các dòng đầu văn bản như bản quét có (cơ quan chủ quản, cơ quan ban hành, "
                                     "Quốc hiệu); không ghi thì trang không in dòng nào.", None)

    @property
    def reference(self) -> str:
        """`330/KH-BQL`, with `…` for an unreadable number."""
        return f"{self.number or '…'}/{self.symbol}"


@dataclass(frozen=True, kw_only=True)
class PlanPeriod:
    """The period the plan is in force for."""

    start: date = doc("Ngày bắt đầu, YYYY-MM-DD.")
    end: date | None = doc("Ngày kết thúc, YYYY-MM-DD; null nếu văn bản không nêu.", None)


@dataclass(frozen=True, kw_only=True)
class Reference:
    """A document cited as legal basis or implemented."""

    type: str = doc("Loại văn bản: Luật, Nghị quyết, Nghị định, Quyết định, Kế hoạch, Công văn …")
    issuer: str | None = doc("Cơ quan ban hành như in, ví dụ \"Chính phủ\"; null nếu văn bản không ghi.", None)
    title: str | None = doc("Trích yếu như in.", None)
    number: Code | None = doc("Số/ký hiệu, ví dụ \"76/NQ-CP\"; null nếu không có.", None)
    date: PartialDate | None = doc("Ngày ban hành.", None)
    plan: PlanId | None = doc("Mã kế hoạch nếu văn bản này có trên trang.", None)


@dataclass(frozen=True, kw_only=True)
class Unreadable:
    """Cells the scan has but that cannot be read: the legible part as printed, or "…" when none is."""

    content: str | None = doc("Phần đọc được của nội dung.", None)
    lead: str | None = doc("Phần đọc được của ô cơ quan chủ trì.", None)
    coordinate: str | None = doc("Phần đọc được của ô cơ quan phối hợp.", None)
    implement: str | None = doc("Phần đọc được của ô đơn vị thực hiện.", None)
    deadline: str | None = doc("Phần đọc được của ô thời hạn, ví dụ \"… 2022\" (khi đó để deadline: null).", None)
    deliverable: str | None = doc("Phần đọc được của ô sản phẩm.", None)


@dataclass(frozen=True, kw_only=True)
class Task:
    """One task (nhiệm vụ), a row of the plan's task table; a row with sub-rows is their heading, not a task."""

    number: Code | None = doc("Số thứ tự như in: \"1\", \"1a\", \"13b\" (\"?\" thay chữ số hoặc chữ không đọc "
                              "được, không ghi số đoán theo thứ tự); không trùng trong kế hoạch; null nếu văn bản "
                              "không đánh số.")
    content: str = doc("Nội dung công việc như in.")
    lead: tuple[UnitId, ...] = doc("Cơ quan, đơn vị chủ trì (mã đơn vị).", ())
    coordinate: tuple[UnitId, ...] = doc("Cơ quan, đơn vị phối hợp (mã đơn vị).", ())
    implement: tuple[UnitId, ...] = doc("Đơn vị thực hiện, khi văn bản ghi \"Đơn vị thực hiện\" (mã đơn vị).", ())
    deadline: Deadline | None = doc("Thời gian thực hiện/hoàn thành, đúng lời văn bản; null nếu văn bản không nêu.",
                                    None, example="Quý II/2022")
    deliverable: str | None = doc("Sản phẩm.", None)
    area: Area | None = doc("Lĩnh vực cải cách, nếu khác lĩnh vực của mục.", None)
    unreadable: Unreadable | None = doc("Các ô bản quét có nhưng chưa đọc được (ghi phần đọc được).", None)
    subtasks: tuple[Task, ...] = doc("Các dòng con a), b), c) khi dòng này là tiêu đề của chúng (một dòng có "
                                     "dòng con không phải nhiệm vụ và không có đơn vị, thời hạn).", ())
    line: int = doc("", 0, source="line")

    def leaves(self) -> tuple[Task, ...]:
        """The tasks of this row: itself, or its sub-rows' tasks when it heads them."""
        return tuple(t for sub in self.subtasks for t in sub.leaves()) if self.subtasks else (self,)


@dataclass(frozen=True, kw_only=True)
class Section:
    """A numbered part of the plan body, with narrative text and/or tasks."""

    number: Code | None = doc("Vị trí mục theo số in: \"I\", \"II.1\" (in là \"1.\" trong mục II), \"II.1.a\" (in là "
                              "\"a)\"); trang ghi phần cuối như bản in; null nếu văn bản không đánh số.")
    title: str = doc("Tên mục như in.")
    area: Area = doc("Lĩnh vực cải cách (Nghị quyết 76/NQ-CP) của mục.")
    appendix: str | None = doc("Số phụ lục mà mục này dẫn chiếu (\"Theo phụ lục 01\"), ví dụ \"01\".", None)
    paragraphs: tuple[str, ...] = doc("Các đoạn văn như in.", ())
    tasks: tuple[Task, ...] = doc("Các nhiệm vụ của mục.", ())


@dataclass(frozen=True, kw_only=True)
class Report:
    """A reporting obligation: who reports to whom, by when."""

    id: Slug = doc("Mã ổn định, không trùng trong kế hoạch, ví dụ \"bao-cao-quy\".")
    title: str = doc("Tên báo cáo.")
    editorial_title: bool = doc("true nếu văn bản không in tên báo cáo và title do người biên tập đặt.", False)
    from_units: tuple[UnitId, ...] = doc("Đơn vị gửi báo cáo (khóa YAML: from).", ())
    to: tuple[UnitId, ...] = doc("Đơn vị nhận báo cáo.", ())
    deadline: Deadline | None = doc("Thời hạn, đúng lời văn bản.", None, example="trước ngày 10 tháng cuối quý")
    text: str | None = doc("Câu văn của văn bản nêu nghĩa vụ báo cáo.", None)
    line: int = doc("", 0, source="line")


@dataclass(frozen=True, kw_only=True)
class Duty:
    """The responsibilities of one or more units (Tổ chức thực hiện)."""

    units: tuple[UnitId, ...] = doc("Các đơn vị.", ())
    label: str | None = doc("Nhãn như in, ví dụ \"a)\".", None)
    text: tuple[str, ...] = doc("Các đoạn nhiệm vụ như in.", ())


@dataclass(frozen=True, kw_only=True)
class Implementation:
    """Tổ chức thực hiện."""

    intro: tuple[str, ...] = doc("Đoạn mở đầu.", ())
    duties: tuple[Duty, ...] = doc("Trách nhiệm từng đơn vị.", ())
    closing: tuple[str, ...] = doc("Đoạn kết.", ())


@dataclass(frozen=True, kw_only=True)
class Appendix:
    """A titled appendix (phụ lục), possibly a table."""

    number: Code | None = doc("Số phụ lục như in, ví dụ \"01\"; null nếu phụ lục không đánh số.")
    title: str = doc("Tên phụ lục như in.")
    editorial_title: bool = doc("true nếu văn bản không in tên phụ lục và title do người biên tập đặt.", False)
    subtitle: str | None = doc("Dòng dưới tên, như in, ví dụ \"(Kèm theo Kế hoạch số 330/KH-BQL ngày …)\".", None)
    included: bool = doc("false nếu văn bản nhắc đến phụ lục nhưng bản lưu không có.", True)
    complete: bool = doc("false nếu bản lưu chỉ có một phần của phụ lục.", True)
    date: PartialDate | None = doc("Ngày ghi trên phụ lục, nếu có.", None)
    columns: tuple[str, ...] = doc("Tiêu đề cột của bảng, như in.", ())
    rows: tuple[tuple[str, ...], ...] = doc("Các dòng của bảng khi bảng không phải danh mục nhiệm vụ (chỉ tiêu, "
                                            "tiêu chí …), mỗi dòng các ô như in.", ())
    sections: tuple[Section, ...] = doc("Các nhóm nhiệm vụ khi phụ lục là bảng nhiệm vụ (danh mục nhiệm vụ).", ())
    note: str | None = doc("Ghi chú.", None)


@dataclass(frozen=True, kw_only=True)
class Note:
    """An editor's note: an uncertain reading of the scan, or an editorial decision; `heza check` lists it."""

    text: str = doc("Nội dung ghi chú: điều gì chưa chắc chắn hoặc người biên tập đã quyết định gì, và vì sao.")
    kind: Literal["uncertain", "absent", "editorial"] | None = doc(
        "uncertain: chỗ bản quét không đọc chắc được; absent: phần văn bản không có trong bản lưu (bản quét thiếu "
        "trang, thiếu phần đầu, phần ký, phụ lục); editorial: quyết định của người biên tập (đặt tên, chọn đơn vị, "
        "cách ghi).", None)
    field: str | None = doc("Trường liên quan, ví dụ \"document.number\".", None)
    line: int = doc("", 0, source="line")


@dataclass(frozen=True, kw_only=True)
class Footnote:
    """A footnote of the document, as printed at the bottom of its page."""

    mark: str = doc("Dấu chú thích như in trong văn bản, ví dụ \"1\" (in là ¹).")
    text: str = doc("Lời chú thích như in.")


@dataclass(frozen=True, kw_only=True)
class Headings:
    """Headings of the document's fixed parts as printed, numbers included ("I. MỤC ĐÍCH, YÊU CẦU")."""

    aims: str | None = doc("Tiêu đề phần mục đích, yêu cầu, ví dụ \"I. MỤC ĐÍCH, YÊU CẦU\".", None)
    purposes: str | None = doc("Tiêu đề mục đích, ví dụ \"1. Mục đích\".", None)
    requirements: str | None = doc("Tiêu đề yêu cầu, ví dụ \"2. Yêu cầu\".", None)
    targets: str | None = doc("Tiêu đề chỉ tiêu, ví dụ \"2. Một số chỉ tiêu chủ yếu\".", None)
    budget: str | None = doc("Tiêu đề kinh phí, ví dụ \"III. KINH PHÍ\".", None)
    implementation: str | None = doc("Tiêu đề tổ chức thực hiện, ví dụ \"IV. TỔ CHỨC THỰC HIỆN\".", None)


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One change to a published plan."""

    date: date = doc("Ngày sửa, YYYY-MM-DD.")
    text: str = doc("Đã sửa gì.")


@dataclass(frozen=True, kw_only=True)
class Plan:
    """content/plans/<mã>.yaml: one plan; the file name is its id and public URL."""

    document: DocumentHeader = doc("Phần đầu văn bản.")
    id: str = doc("", "", source="file-stem")
    year: int | None = doc("Năm của kế hoạch khi văn bản nêu, ví dụ tên kế hoạch ghi \"năm 2024\"; null nếu không nêu.",
                           None)
    period: PlanPeriod | None = doc("Thời gian thực hiện, chỉ khi văn bản ghi rõ ngày bắt đầu (và kết thúc).", None)
    headings: Headings | None = doc("Tiêu đề các phần cố định như in, kèm số thứ tự.", None)
    preamble: tuple[str, ...] = doc("Đoạn mở đầu (\"Thực hiện …, Ban Quản lý xây dựng Kế hoạch … như sau:\").", ())
    decision_articles: tuple[str, ...] = doc("Các điều của quyết định ban hành kế hoạch.", ())
    legal_bases: tuple[Reference, ...] = doc("Căn cứ (\"Căn cứ …\").", ())
    proposals: tuple[Reference, ...] = doc("Văn bản đề nghị ban hành (\"Theo đề nghị của … tại Công văn số …\"); "
                                           "không phải căn cứ.", ())
    implements: tuple[Reference, ...] = doc("Văn bản được triển khai thực hiện.", ())
    purposes: tuple[str, ...] = doc("Mục đích.", ())
    requirements: tuple[str, ...] = doc("Yêu cầu.", ())
    targets: tuple[str, ...] = doc("Chỉ tiêu.", ())
    sections: tuple[Section, ...] = doc("Các mục nội dung và nhiệm vụ.", ())
    reports: tuple[Report, ...] = doc("Chế độ báo cáo.", ())
    budget: tuple[str, ...] = doc("Kinh phí.", ())
    implementation: Implementation | None = doc("Tổ chức thực hiện.", None)
    appendices: tuple[Appendix, ...] = doc("Phụ lục.", ())
    footnotes: tuple[Footnote, ...] = doc("Chú thích cuối trang của văn bản.", ())
    notes: tuple[Note, ...] = doc("Ghi chú của người biên tập: chỗ chưa chắc chắn, quyết định biên tập.", ())
    revisions: tuple[Revision, ...] = doc("Nhật ký sửa đổi nội dung đã công bố.", ())

    @property
    def frame_year(self) -> int:
        """The year the plan's undated deadlines ("Quý III") fall in: its stated year, else its period's, else
        its issue year."""
        if self.year:
            return self.year
        return self.period.start.year if self.period else self.document.date.year

    @property
    def task_sections(self) -> tuple[Section, ...]:
        """Every section that may hold tasks: the body's, then those of the appendices' task tables."""
        return self.sections + tuple(s for a in self.appendices for s in a.sections)

    @property
    def tasks(self) -> tuple[Task, ...]:
        """All tasks in document order, body then appendices; a row that heads sub-rows is not one, they are."""
        return tuple(t for s in self.task_sections for row in s.tasks for t in row.leaves())


@dataclass(frozen=True, kw_only=True)
class Content:
    """Everything in content/: read fully before anything is written."""

    site: Site
    units: tuple[Unit, ...]
    glossary: tuple[Term, ...]
    plans: tuple[Plan, ...]
    day_swaps: tuple[DaySwap, ...] = ()

    @functools.cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id."""
        return self._units_by_id[unit_id]


# YAML keys that are Python keywords or clash: the YAML name differs from the attribute.
YAML_NAMES: dict[tuple[type, str], str] = {(Report, "from_units"): "from"}
