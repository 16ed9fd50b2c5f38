"""Read the whole content tree into the typed model; nothing is written here."""
from __future__ import annotations

from pathlib import Path

from . import validate
from .errors import ContentError, Problem, Reporter, Severity
from .model import Content, Glossary, Plan, Site, Units
from .schema import INVALID, Builder
from .text import is_slug
from .yamlsource import SourceError, read_document


def _load(reporter: Reporter, path: Path, cls: type, data: bytes | None = None, **context):
    """One file built as `cls`, or INVALID after reporting why."""
    try:
        document = read_document(path, data)
    except SourceError as exc:
        reporter.add(path, exc.line, exc.column, "", exc.message)
        return INVALID
    if document.root is None:
        reporter.add(path, 1, 1, "", "tệp trống")
        return INVALID
    return Builder(reporter, path, **context).build(cls, document.root)


class PlanCache:
    """Plans read by earlier builds of one preview session, by file bytes: an unchanged plan file is
    neither parsed nor checked again, and the reader returns the same Plan object as before."""

    def __init__(self) -> None:
        self._context: object = None
        self._plans: dict[Path, tuple[bytes, object, list[Problem]]] = {}

    def start(self, context: object) -> None:
        """Begin a read in which plans are built with `context` (known ids); another context forgets all."""
        if context != self._context:
            self._plans.clear()
            self._context = context

    def get(self, path: Path, data: bytes) -> tuple[object, list[Problem]] | None:
        """The plan (or INVALID) and its problems, if `path` held `data` when it was last read."""
        kept = self._plans.get(path)
        return (kept[1], kept[2]) if kept is not None and kept[0] == data else None

    def put(self, path: Path, data: bytes, plan: object, problems: list[Problem]) -> None:
        """Remember what `data` at `path` gave."""
        self._plans[path] = (data, plan, problems)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone."""
        for gone in [p for p in self._plans if p not in paths]:
            del self._plans[gone]


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # _load reports it


def _read_plan(reporter: Reporter, path: Path, cache: PlanCache | None, **context):
    """One plan file built and checked (or INVALID), its problems added to `reporter`."""
    data = _read_bytes(path) if cache is not None else None
    kept = cache.get(path, data) if cache is not None and data is not None else None
    if kept is None:
        local = Reporter(reporter.display_root)
        plan = _load(local, path, Plan, data, **context)
        if plan is not INVALID:
            validate.check_plan(local, path, plan)
        kept = (plan, local.problems)
        if cache is not None and data is not None:
            cache.put(path, data, *kept)
    reporter.problems.extend(kept[1])
    return kept[0]


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


def read_content(content_dir: Path, display_root: Path | None = None,
                 cache: PlanCache | None = None) -> tuple[Content, list[Problem]]:
    """The content and its warnings; raises ContentError listing every problem if any is an error.

    With a `cache` (the preview), plan files whose bytes did not change are not read again.
    """
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
    if cache is not None:
        cache.start((reporter.display_root, Path.cwd(), unit_ids, plan_ids))
        cache.keep_only(set(plan_files))
    plans = [_read_plan(reporter, p, cache, unit_ids=unit_ids, plan_ids=plan_ids, file_stem=p.stem)
             for p in plan_files]
    if not plan_files:
        reporter.add(plans_dir, 1, 1, "", "chưa có kế hoạch nào (thư mục plans/ trống)")
    if site is not INVALID:
        validate.check_site(reporter, site_path, site)
    if units is not INVALID:
        validate.check_units(reporter, units_path, units.units)
    if glossary is not INVALID:
        validate.check_glossary(reporter, glossary_path, glossary.terms)
    valid_plans = [(path, plan) for path, plan in zip(plan_files, plans) if plan is not INVALID]
    validate.check_plan_set(reporter, valid_plans)
    problems = reporter.sorted()
    if reporter.has_errors:
        raise ContentError(problems)
    content = Content(site=site, units=units.units, glossary=glossary.terms,
                      plans=tuple(sorted((p for _, p in valid_plans), key=lambda p: p.id)))
    return content, [p for p in problems if p.severity is Severity.WARNING]
