"""Read the whole content tree into the typed model; nothing is written here."""
from __future__ import annotations

from pathlib import Path

from . import validate
from .errors import ContentError, Problem, Reporter, Severity
from .model import Content, Glossary, Plan, Site, Units
from .schema import INVALID, Builder
from .text import is_slug
from .yamlsource import SourceError, read_document


def _load(reporter: Reporter, path: Path, cls: type, **context):
    """One file built as `cls`, or INVALID after reporting why."""
    try:
        document = read_document(path)
    except SourceError as exc:
        reporter.add(path, exc.line, exc.column, "", exc.message)
        return INVALID
    if document.root is None:
        reporter.add(path, 1, 1, "", "tệp trống")
        return INVALID
    return Builder(reporter, path, **context).build(cls, document.root)


def _plan_files(reporter: Reporter, plans_dir: Path) -> list[Path]:
    files = []
    for path in sorted(plans_dir.iterdir()) if plans_dir.is_dir() else []:
        if path.suffix == ".yml":
            reporter.add(path, 1, 1, "", "hãy dùng đuôi .yaml (không dùng .yml)")
        elif path.suffix == ".yaml":
            if not is_slug(path.stem):
                reporter.add(path, 1, 1, "", f'tên tệp "{path.stem}" phải gồm chữ thường không dấu, số và dấu '
                                             "gạch ngang; tên tệp là đường dẫn công khai của kế hoạch")
            files.append(path)
    return files


def _required(reporter: Reporter, path: Path) -> bool:
    if path.is_file():
        return True
    reporter.add(path, 1, 1, "", "thiếu tệp bắt buộc")
    return False


def read_content(content_dir: Path, display_root: Path | None = None) -> tuple[Content, list[Problem]]:
    """The content and its warnings; raises ContentError listing every problem if any is an error."""
    content_dir = Path(content_dir)
    reporter = Reporter(display_root)
    site_path, units_path = content_dir / "site.yaml", content_dir / "units.yaml"
    glossary_path, plans_dir = content_dir / "glossary.yaml", content_dir / "plans"
    site = _load(reporter, site_path, Site) if _required(reporter, site_path) else INVALID
    units = _load(reporter, units_path, Units) if _required(reporter, units_path) else INVALID
    glossary = _load(reporter, glossary_path, Glossary) if _required(reporter, glossary_path) else INVALID
    unit_ids = None if units is INVALID else {u.id for u in units.units}
    plan_files = _plan_files(reporter, plans_dir)
    plan_ids = {p.stem for p in plan_files}
    plans = [_load(reporter, p, Plan, unit_ids=unit_ids, plan_ids=plan_ids, file_stem=p.stem) for p in plan_files]
    if not plan_files:
        reporter.add(plans_dir, 1, 1, "", "chưa có kế hoạch nào (thư mục plans/ trống)")
    if site is not INVALID:
        validate.check_site(reporter, site_path, site)
    if units is not INVALID:
        validate.check_units(reporter, units_path, units.units)
    if glossary is not INVALID:
        validate.check_glossary(reporter, glossary_path, glossary.terms)
    valid_plans = [(path, plan) for path, plan in zip(plan_files, plans) if plan is not INVALID]
    for path, plan in valid_plans:
        validate.check_plan(reporter, path, plan)
    validate.check_plan_set(reporter, valid_plans)
    problems = reporter.sorted()
    if reporter.has_errors:
        raise ContentError(problems)
    content = Content(site=site, units=units.units, glossary=glossary.terms,
                      plans=tuple(sorted((p for _, p in valid_plans), key=lambda p: p.id)))
    return content, [p for p in problems if p.severity is Severity.WARNING]
