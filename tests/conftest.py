"""Shared test helpers: run `heza` in-process on a content tree and capture what it prints."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
BASE_CONTENT = FIXTURES / "base" / "content"
REPO = TESTS.parent


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def heza(capsys, monkeypatch):
    """Call `heza ARGS…` from a working directory; returns exit code and output."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def overlay(case_dir: Path, tmp_path: Path) -> Path:
    """A copy of the base fixture content with the case's files laid over it; returns the work dir."""
    work = tmp_path / "work"
    shutil.copytree(BASE_CONTENT, work / "content")
    case_content = case_dir / "content"
    if case_content.is_dir():
        shutil.copytree(case_content, work / "content", dirs_exist_ok=True)
    return work


def update_golden() -> bool:
    """True when the run should rewrite golden files instead of comparing (`make golden`)."""
    return os.environ.get("UPDATE_GOLDEN") == "1"


def generate_docs(content_dir: Path, docs: Path, today, session=None):
    """The generator alone (no MkDocs): the content of `content_dir` as docs under `docs`, its calendar
    history read but never saved; returns engine.generate's result."""
    from generator.build import calendar_history
    from generator.engine.generate import generate
    from generator.source.reader import read_content

    content = read_content(content_dir, cache=session.plans if session else None)[0]
    return generate(content, docs, calendar_history(content_dir, today, keep=False), session)
