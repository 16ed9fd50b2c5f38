"""`heza new`: a commented skeleton plan file for editors to fill in."""
from __future__ import annotations

from pathlib import Path

from generator.resources import SKELETON
from generator.source.text import is_slug


class NewPlanError(Exception):
    """The plan id or target file is not usable; the message is for editors."""


def new_plan(content_dir: Path, plan_id: str) -> Path:
    """Write content/plans/<plan_id>.yaml from the skeleton; refuse to overwrite."""
    if not is_slug(plan_id):
        raise NewPlanError(f'mã kế hoạch "{plan_id}" chỉ được gồm chữ thường không dấu, số và dấu gạch ngang, '
                           "ví dụ 2024-330-kh-bql")
    target = Path(content_dir) / "plans" / f"{plan_id}.yaml"
    if target.exists():
        raise NewPlanError(f"đã có tệp {target.as_posix()}: không ghi đè")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SKELETON.read_text(encoding="utf-8"), encoding="utf-8")
    return target
