"""`heza` command line: a thin layer that prints and chooses the exit code (0 ok, 1 content, 2 usage)."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from generator.source.problems import ContentError, Problem, Severity
from generator.source.reader import read_content

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own wording is English; say it for editors
        self.print_usage(sys.stderr)
        print(f"heza: lệnh không đúng cách dùng ({message}); xem: heza --help", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _github_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped, so no text can end the command early."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' which would start another property."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(problem: Problem) -> str:
    kind = "warning" if problem.severity is Severity.WARNING else "error"
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return (f"::{kind} file={_github_property(problem.file)},line={problem.line},col={problem.column}"
            f"::{_github_data(text)}")


def _print_problems(problems: list[Problem], fmt: str) -> None:
    for problem in problems:
        print(_github(problem) if fmt == "github" else problem.format())


def _file_key(name: str) -> str:
    return os.path.normcase(os.path.abspath(name))


def _report(problems: list[Problem], fmt: str, named: list[str], all_warnings: bool, named_only: bool = False) -> None:
    """Errors first (those of the named files first), then the warnings of the named files (of every file
    with `all_warnings`), then one line per other file saying how many warnings it has. With
    --format github and no file named, every problem is an annotation, in file order, unless `named_only` (a pull
    request that changes no content file: its errors only)."""
    if fmt == "github" and not named and not named_only:
        _print_problems(problems, fmt)
        return
    keys = {_file_key(n) for n in named}
    files = {p.file for p in problems}
    mine = {f for f in files if _file_key(f) in keys}
    errors = [p for p in problems if p.severity is Severity.ERROR]
    errors.sort(key=lambda p: p.file not in mine)  # stable: file order kept within each group
    shown = [p for p in problems if p.severity is Severity.WARNING and (all_warnings or p.file in mine)]
    _print_problems(errors + shown, fmt)
    if fmt == "github" or all_warnings:  # a pull request shows the warnings of the files it changes only
        return
    counted: dict[str, int] = {}
    for problem in problems:
        if problem.severity is Severity.WARNING and problem.file not in mine:
            counted[problem.file] = counted.get(problem.file, 0) + 1
    for file, count in counted.items():
        print(f"{file}: {count} cảnh báo chưa liệt kê (xem: make check TEP={file})")


def _next_step(errors: int, fixable: int) -> str:
    """What an editor does next, said on the last line of `heza check`."""
    if errors:
        fix = (f" {fixable} lỗi trong số đó (tên đơn vị thay cho mã, ngoặc kép của Word) có thể tự sửa: chạy "
               "make fix." if fixable else "")
        return (f"Việc tiếp theo: sửa từng lỗi ở trên, bắt đầu từ dòng đầu tiên (tệp:dòng:cột chỉ chỗ sửa), lưu tệp "
                f"rồi chạy lại make check.{fix}")
    return ("Việc tiếp theo: xem trước bằng make serve, rồi gửi pull request. Cảnh báo không chặn việc xuất bản "
            "nhưng người duyệt sẽ đọc.")


def _content_dir(args: argparse.Namespace) -> Path | None:
    path = Path(args.content)
    if not path.is_dir():
        print(f'heza: không có thư mục nội dung "{args.content}"', file=sys.stderr)
        return None
    return path


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every content file; print every problem; write nothing (but the fixes asked for by --fix)."""
    content_dir = _content_dir(args)
    if content_dir is None:
        return EXIT_USAGE
    for name in args.files:
        if not os.path.lexists(name):
            print(f'heza: không có tệp "{name}"', file=sys.stderr)
            return EXIT_USAGE
    if args.fix:
        from generator.source import fixes

        try:
            read_content(content_dir)
        except ContentError as exc:
            changes = fixes.apply(exc.problems)
            for change in changes:
                print(change.format())
            if changes:
                sys.stdout.flush()
                files = len({c.file for c in changes})
                print(f"Đã sửa {len(changes)} chỗ trong {files} tệp; kiểm tra lại:", file=sys.stderr)
    try:
        content, warnings = read_content(content_dir)
    except ContentError as exc:
        _report(exc.problems, args.format, args.files, args.warnings, args.named_only)
        warning_count = len(exc.problems) - len(exc.errors)
        fixable = sum(1 for p in exc.errors if p.fix is not None)
        sys.stdout.flush()  # the last line stays last when both go to one terminal or log
        print(f"Có {len(exc.errors)} lỗi và {warning_count} cảnh báo. {_next_step(len(exc.errors), fixable)}",
              file=sys.stderr)
        return EXIT_CONTENT
    _report(warnings, args.format, args.files, args.warnings, args.named_only)
    tasks = sum(len(p.tasks) for p in content.plans)
    reports = sum(len(p.reports) for p in content.plans)
    sys.stdout.flush()
    print(f"Nội dung hợp lệ: {len(content.plans)} kế hoạch, {len(content.units)} đơn vị, {tasks} nhiệm vụ, "
          f"{reports} báo cáo; {len(warnings)} cảnh báo. {_next_step(0, 0)}", file=sys.stderr)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented skeleton plan for an editor to fill in."""
    from generator.source.skeleton import NewPlanError, new_plan

    try:
        path = new_plan(Path(args.content), args.plan_id)
    except NewPlanError as exc:
        print(f"heza: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Đã tạo {path.as_posix()}: điền các chỗ \"\" rồi chạy make check (xem trước: make serve).",
          file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of the content files and refresh the README's content reference."""
    from generator.source.jsonschema import SCHEMAS, plan_schema_text, schema_text
    from generator.source.reference import update_readme

    text = plan_schema_text()
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    for name, (cls, _) in SCHEMAS.items():  # the other files' schemas beside the plan's
        if name != "plan.schema.json":
            (output.parent / name).write_text(schema_text(cls), encoding="utf-8")
    if Path("README.md").is_file():
        update_readme(Path("README.md"))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Build the static site into site/; on content errors list them, as `heza check` does, and keep site/."""
    from generator.build import BuildError, build
    from generator.errors import OutputFolderError

    content_dir = _content_dir(args)
    if content_dir is None:
        return EXIT_USAGE
    try:
        result = build(content_dir, Path(args.site))
    except ContentError as exc:
        _print_problems(exc.problems, "text")
        print(f"Có {len(exc.errors)} lỗi; chưa dựng trang, {args.site}/ giữ nguyên.", file=sys.stderr)
        return EXIT_CONTENT
    except OutputFolderError as exc:  # a wrong --site (or docs folder): a usage error, nothing touched
        print(f"heza build: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BuildError as exc:
        print(f"heza build: {exc}", file=sys.stderr)
        print(f"Chưa dựng trang, {args.site}/ giữ nguyên.", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Đã dựng {result.pages} trang và {result.feeds} lịch vào {args.site}/ "
          f"({len(result.warnings)} cảnh báo, xem make check); {len(result.changed)} tệp sinh ra đã thay đổi.",
          file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview for editors: rebuilds when a YAML file or the theme changes."""
    from generator.engine.preview import serve

    content_dir = _content_dir(args)
    if content_dir is None:
        return EXIT_USAGE
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f'heza: địa chỉ "{args.dev_addr}" không đúng dạng máy:cổng, ví dụ 127.0.0.1:8000', file=sys.stderr)
        return EXIT_USAGE
    serve(content_dir, host, int(port))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The `heza` argument parser."""
    root = _Parser(prog="heza", description="Kiểm tra và xuất bản kế hoạch cải cách hành chính.")
    commands = root.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    commands.required = True
    check = commands.add_parser("check", help="kiểm tra nội dung, báo mọi lỗi, không ghi gì")
    check.add_argument("files", nargs="*", metavar="TỆP",
                       help="tệp đang sửa: cảnh báo của các tệp này được liệt kê đủ (các tệp khác chỉ đếm); "
                            "với --format github, chỉ các tệp này có chú thích cảnh báo")
    check.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: tệp:dòng:cột; github: chú thích trong pull request")
    check.add_argument("--warnings", "--canh-bao", action="store_true",
                       help="liệt kê đủ cảnh báo của mọi tệp (mặc định: chỉ của các tệp đã nêu, các tệp khác chỉ đếm)")
    check.add_argument("--named-only", "--chi-tep-da-neu", action="store_true",
                       help="với --format github: chú thích cảnh báo chỉ của các tệp đã nêu, kể cả khi không nêu tệp "
                            "nào (pull request không sửa tệp nội dung nào); lỗi thì luôn có")
    check.add_argument("--fix", action="store_true",
                       help="tự sửa ngay trong tệp: tên đơn vị thành mã, bỏ ngoặc kép cong của Word quanh mã, ngày; "
                            "in từng chỗ đã sửa rồi kiểm tra lại")
    check.set_defaults(run=cmd_check)
    build = commands.add_parser("build", help="dựng trang tĩnh vào site/")
    build.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    build.add_argument("--site", default="site", help="thư mục trang tĩnh (mặc định: site)")
    build.set_defaults(run=cmd_build)
    serve = commands.add_parser("serve", help="xem trước, tự cập nhật khi sửa YAML")
    serve.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="máy:cổng để xem trước (mặc định: 127.0.0.1:8000)")
    serve.set_defaults(run=cmd_serve)
    new = commands.add_parser("new", help="tạo tệp kế hoạch mới có chú thích để điền")
    new.add_argument("plan_id", metavar="MÃ-KẾ-HOẠCH", help="ví dụ 2025-12-kh-bql (cũng là tên tệp và đường dẫn)")
    new.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    new.set_defaults(run=cmd_new)
    schema = commands.add_parser("schema",
                                 help="ghi JSON Schema cho tệp kế hoạch, units.yaml, site.yaml, glossary.yaml, "
                                      "ngay-nghi.yaml và cập nhật mục tham chiếu trong README")
    schema.add_argument("--output", default="schema/plan.schema.json",
                        help="tệp ra của schema kế hoạch (các schema khác ghi cùng thư mục), hoặc - để in schema "
                             "kế hoạch ra màn hình")
    schema.set_defaults(run=cmd_schema)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of `heza` and `python -m generator`."""
    args = parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
