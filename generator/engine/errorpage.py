"""The page the preview shows instead of the site while the content has errors.

For each error: the file, line and column, the field, the message, and the line of the file itself with a
marker under the column; characters an editor cannot see (a tab, a no-break space, Word's page break) are
drawn and named. Everything in it is escaped, its style is inline and it loads nothing: no request leaves
the machine. The preview server adds its live-reload script, so the page reloads by itself once the file
is fixed.
"""
from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from generator.source.files import MAX_FILE_BYTES, SourceError, read_bytes
from generator.source.problems import Problem

SHOWN_CHARS = 100  # of a long line, this many characters around the column are shown
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the checker counts lines (files.decode)
_INVISIBLE = {"\t": ("→", "ký tự tab"), "\u00a0": ("·", "dấu cách không ngắt (U+00A0, thường do chép từ Word)"),
              "\u00ad": ("-", "dấu gạch nối mềm (U+00AD)"), "\u200b": ("·", "ký tự cách không rộng (U+200B)"),
              "\ufeff": ("·", "ký tự BOM (U+FEFF)")}
_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#fff7f5;color:#1f1f1f}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;color:#9b1c1c;margin:0 0 .5rem}
ol{padding-left:1.5rem}
li.heza-loi{background:#fff;border:1px solid #f0b8b0;border-left:6px solid #c62828;border-radius:6px;
 padding:.75rem 1rem;margin:0 0 1rem}
.heza-vi-tri{font-weight:600;margin:0}
.heza-thong-bao{margin:.25rem 0 .5rem}
code,pre{font-family:ui-monospace,"Cascadia Mono",Consolas,"DejaVu Sans Mono",monospace}
pre{background:#1f2430;color:#f5f5f5;padding:.75rem;border-radius:4px;overflow-x:auto;margin:0;tab-size:1}
pre mark{background:#ffd54f;color:#000}
.heza-so-dong{color:#9aa4b5}
.heza-dau{color:#ff8a80;font-weight:700}
.heza-vo-hinh{background:#5c6bc0;color:#fff}
.heza-chu-thich{font-size:.9rem;color:#555}
"""


def _lines(file: str, cache: dict[str, list[str] | None]) -> list[str] | None:
    """The lines of a content file as the checker numbers them (None if it cannot be read as text)."""
    if file not in cache:
        try:
            data = read_bytes(Path(file), MAX_FILE_BYTES)
        except SourceError:
            cache[file] = None
        else:
            text = data[3:] if data.startswith(codecs.BOM_UTF8) else data
            cache[file] = _LINE_BREAK.split(text.decode("utf-8", "replace"))
    return cache[file]


def _shown(char: str) -> tuple[str, str | None]:
    """One character as the page draws it (one character wide), and what it is when it is invisible."""
    if char in _INVISIBLE:
        return _INVISIBLE[char]
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") or char in "\ufffe\uffff":
        return "¤", f"ký tự U+{ord(char):04X} không nhìn thấy"
    return char, None


def _source(line: str, column: int) -> tuple[str, str, list[str]]:
    """The line as HTML (the character at `column` marked, invisible ones drawn and named), the marker line
    under it, and the names of the invisible characters it shows."""
    index = max(column - 1, 0)
    start = max(0, index - SHOWN_CHARS // 2) if len(line) > SHOWN_CHARS else 0
    end = min(len(line), start + SHOWN_CHARS)
    parts, seen = ["…" if start else ""], []
    for at in range(start, end):
        char, name = _shown(line[at])
        piece = html.escape(char)
        if name is not None:
            piece = f'<span class="heza-vo-hinh" title="{html.escape(name)}">{piece}</span>'
            if name not in seen:
                seen.append(name)
        parts.append(f"<mark>{piece}</mark>" if at == index else piece)
    if end < len(line):
        parts.append("…")
    offset = (1 if start else 0) + index - start
    return "".join(parts), " " * offset + "^", seen


def _item(problem: Problem, cache: dict[str, list[str] | None]) -> str:
    where = f"<code>{html.escape(problem.file)}</code>, dòng {problem.line}, cột {problem.column}"
    field = (f'<p class="heza-truong">Trường: <code>{html.escape(problem.field)}</code></p>'
             if problem.field else "")
    lines = _lines(problem.file, cache)
    source = ""
    if lines is not None and 1 <= problem.line <= len(lines):
        text, marker, invisible = _source(lines[problem.line - 1], problem.column)
        gutter = f"{problem.line} │ "
        source = (f'<pre><span class="heza-so-dong">{gutter}</span>{text}\n'
                  f'<span class="heza-dau">{" " * len(gutter)}{marker}</span></pre>')
        if invisible:
            names = "; ".join(html.escape(n) for n in invisible)
            source += f'<p class="heza-chu-thich">Ký tự không nhìn thấy trong dòng này (tô màu): {names}.</p>'
    return (f'<li class="heza-loi"><p class="heza-vi-tri">{where}</p>{field}'
            f'<p class="heza-thong-bao">{html.escape(problem.message)}</p>{source}</li>')


def error_page(errors: Iterable[Problem] = (), failure: str | None = None) -> bytes:
    """The preview's page for a build that failed: content `errors`, or a `failure` of the site build."""
    errors = list(errors)
    cache: dict[str, list[str] | None] = {}
    if errors:
        heading = "Nội dung có lỗi: trang xem trước chưa được cập nhật"
        lead = (f"Có {len(errors)} lỗi. Hãy sửa từng lỗi dưới đây trong tệp YAML rồi lưu tệp: trang này tự tải lại, "
                "và khi hết lỗi sẽ hiện trang đã sửa.")
        body = "<ol>" + "".join(_item(p, cache) for p in errors) + "</ol>"
    else:
        heading = "Không dựng được trang xem trước"
        lead = "Nội dung không có lỗi nhưng việc dựng trang thất bại. Trang này tự tải lại sau lần dựng tới."
        body = f"<pre>{html.escape(failure or '')}</pre>"
    page = (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<link rel="icon" href="data:,"><title>Lỗi — xem trước</title><style>{_STYLE}</style></head>'
            f'<body><main id="heza-loi-xem-truoc"><h1>{heading}</h1><p>{lead}</p>{body}'
            '<p class="heza-chu-thich">Cửa sổ lệnh đang chạy make serve cũng in các lỗi này; kiểm tra toàn bộ nội '
            "dung bằng make check.</p></main></body></html>\n")
    return page.encode("utf-8")
