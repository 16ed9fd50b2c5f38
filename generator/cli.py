"""`heza` command line: a thin layer that prints and chooses the exit code (0 ok, 1 content, 2 usage)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.source.problems import ContentError, Problem, Severity
from generator.source.reader import read_content

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own wording is English; say it for editors
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


def _content_dir(args) -> Path | None:
    path = Path(args.content)
    if not path.is_dir():
        print(f'heza: không có thư mục nội dung "{args.content}"', file=sys.stderr)
        return None
    return path


def cmd_check(args) -> int:
    """Validate every content file; print every problem; write nothing."""
    content_dir = _content_dir(args)
    if content_dir is None:
        return EXIT_USAGE
    try:
        content, warnings = read_content(content_dir)
    except ContentError as exc:
        _print_problems(exc.problems, args.format)
        warnings = len(exc.problems) - len(exc.errors)
        print(f"Có {len(exc.errors)} lỗi và {warnings} cảnh báo.", file=sys.stderr)
        return EXIT_CONTENT
    _print_problems(warnings, args.format)
    tasks = sum(len(p.tasks) for p in content.plans)
    reports = sum(len(p.reports) for p in content.plans)
    print(f"Nội dung hợp lệ: {len(content.plans)} kế hoạch, {len(content.units)} đơn vị, {tasks} nhiệm vụ, "
          f"{reports} báo cáo; {len(warnings)} cảnh báo.", file=sys.stderr)
    return EXIT_OK


def cmd_new(args) -> int:
    """Write a commented skeleton plan for an editor to fill in."""
    from generator.source.skeleton import NewPlanError, new_plan

    try:
        path = new_plan(Path(args.content), args.plan_id)
    except NewPlanError as exc:
        print(f"heza: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Đã tạo {path.as_posix()}: điền các chỗ \"\" rồi chạy heza check.", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args) -> int:
    """Write the JSON Schema of plan files and refresh the README's content reference."""
    from generator.source.jsonschema import plan_schema_text
    from generator.source.reference import update_readme

    text = plan_schema_text()
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    if Path("README.md").is_file():
        update_readme(Path("README.md"))
    return EXIT_OK


def cmd_build(args) -> int:
    """Build the static site into site/; on content errors list them, as `heza check` does, and keep site/."""
    from generator.build import BuildError, build

    content_dir = _content_dir(args)
    if content_dir is None:
        return EXIT_USAGE
    try:
        result = build(content_dir, Path(args.site))
    except ContentError as exc:
        _print_problems(exc.problems, "text")
        print(f"Có {len(exc.errors)} lỗi; chưa dựng trang, {args.site}/ giữ nguyên.", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as exc:
        print(f"heza build: {exc}", file=sys.stderr)
        print(f"Chưa dựng trang, {args.site}/ giữ nguyên.", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Đã dựng {result.pages} trang và {result.feeds} lịch vào {args.site}/ "
          f"({len(result.warnings)} cảnh báo, xem heza check); {len(result.changed)} tệp sinh ra đã thay đổi.",
          file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
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
    check.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: tệp:dòng:cột; github: chú thích trong pull request")
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
    schema = commands.add_parser("schema", help="ghi JSON Schema cho tệp kế hoạch và cập nhật mục tham chiếu trong README")
    schema.add_argument("--output", default="schema/plan.schema.json", help="tệp ra, hoặc - để in ra màn hình")
    schema.set_defaults(run=cmd_schema)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of `heza` and `python -m generator`."""
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
