"""Where the files the generator ships with are: the theme (page templates, Material overrides, the plan
skeleton) and the MkDocs configuration, packaged as `generator.theme` (the repository's theme/ folder)."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _theme_dir() -> Path:
    installed = _PACKAGE / "theme"  # where `pip install .` puts the package data
    return installed if installed.is_dir() else _PACKAGE.parent / "theme"  # a checkout (editable install)


THEME_DIR = _theme_dir()
PAGE_TEMPLATES = THEME_DIR / "pages"
OVERRIDES = THEME_DIR / "overrides"
SKELETON = THEME_DIR / "skeleton" / "plan.yaml"
MKDOCS_CONFIG = THEME_DIR / "mkdocs.yml"
