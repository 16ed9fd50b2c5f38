"""Where the files the generator ships with are: the theme (page templates, Material overrides, the plan
skeleton) and the MkDocs configuration, packaged as `generator.theme` (the repository's theme/ folder)."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _theme_dir() -> Path:
    try:
        return Path(str(files("generator.theme")))
    except ModuleNotFoundError:  # run from a checkout that was never installed
        return Path(__file__).resolve().parent.parent / "theme"


THEME_DIR = _theme_dir()
PAGE_TEMPLATES = THEME_DIR / "pages"
OVERRIDES = THEME_DIR / "overrides"
SKELETON = THEME_DIR / "skeleton" / "plan.yaml"
# The MkDocs configuration: the repository's mkdocs.yml in a checkout, the packaged copy once installed.
_CHECKOUT_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
MKDOCS_CONFIG = _CHECKOUT_CONFIG if _CHECKOUT_CONFIG.is_file() else THEME_DIR / "mkdocs.yml"
