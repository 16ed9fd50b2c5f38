"""`heza build` never deletes what it did not make: the --site and docs folders are checked before
anything is written, the new site replaces the old one in one step, and the calendar history in
content/ is saved only once the site is built."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import BASE_CONTENT, REPO
from generator.build import BuildError, build
from generator.engine import folders
from generator.engine.folders import SITE_MARK, staged
from generator.outputs.calendar_history import STATE_FILE
from generator.website import run as mkdocs_run

EPOCH = "1795392000"  # 2026-11-23 (UTC)


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A folder shaped like a clone of the repository: .git, content/ with an uncommitted plan."""
    root = tmp_path / "clone"
    shutil.copytree(BASE_CONTENT, root / "content")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "README.md").write_text("# dự án\n", encoding="utf-8")
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site", [".", "content", "content/plans", "..", "README.md"])
def test_site_option_never_replaces_the_repository_or_the_content(clone, heza, site):
    """Regression: `heza build --site .` reported success and deleted the repository."""
    before = _tree(clone.parent)
    result = heza("build", "--content", "content", "--site", site, cwd=clone)
    assert result.code == 2  # a wrong --site is a usage error (README, exit codes)
    assert "Traceback" not in result.err
    assert result.err.startswith("heza build: không dựng trang vào")
    assert _tree(clone.parent) == before


def test_site_option_refuses_a_folder_it_did_not_make(clone, heza):
    """Regression: `--site ../folder` deleted whatever that folder held."""
    other = clone.parent / "tai-lieu"
    other.mkdir()
    (other / "bao-cao.docx").write_bytes(b"PK\x03\x04")
    result = heza("build", "--content", "content", "--site", "../tai-lieu", cwd=clone)
    assert result.code == 2
    assert "không có dấu .heza-site của heza build" in result.err
    assert (other / "bao-cao.docx").read_bytes() == b"PK\x03\x04"


def test_regression_a_folder_that_only_looks_like_a_site_is_not_replaced(clone, heza):
    """A folder with search/chi-muc.js and ke-hoach/ but no .heza-site mark was taken for an old site and emptied."""
    other = clone.parent / "giong-trang"
    (other / "search").mkdir(parents=True)
    (other / "search" / "chi-muc.js").write_text("x", encoding="utf-8")
    (other / "ke-hoach").mkdir()
    (other / "quy.txt").write_text("giữ lại", encoding="utf-8")
    result = heza("build", "--content", "content", "--site", "../giong-trang", cwd=clone)
    assert result.code == 2 and (other / "quy.txt").read_text(encoding="utf-8") == "giữ lại"


def test_site_option_accepts_an_empty_folder_and_then_its_own_site(clone, heza):
    (clone / "ra").mkdir()
    assert heza("build", "--content", "content", "--site", "ra", cwd=clone).code == 0
    assert (clone / "ra" / SITE_MARK).is_file() and (clone / "ra" / "index.html").is_file()
    assert heza("build", "--content", "content", "--site", "ra", cwd=clone).code == 0


def test_docs_folder_of_another_program_is_not_emptied(tmp_path):
    """The generated Markdown folder loses its stale files on every build: only a folder a build made."""
    content = tmp_path / "content"
    shutil.copytree(BASE_CONTENT, content)
    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    with pytest.raises(BuildError, match=r"không có dấu \.heza-docs của heza build"):
        build(content, tmp_path / "site")
    assert (docs / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"


def test_failed_mkdocs_build_does_not_rewrite_the_calendar_history(tmp_path, monkeypatch):
    """Regression: a failed MkDocs build still rewrote content/lich-su-lich.yaml."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    history = content / STATE_FILE
    history.write_text(history.read_text(encoding="utf-8").split("events:")[0] + "events: {}\n", encoding="utf-8")
    before = history.read_bytes()

    def failing(config, **kwargs):
        raise Abort("Aborted with 1 warnings in strict mode!")

    monkeypatch.setattr(mkdocs_run, "mkdocs_build", failing)
    with pytest.raises(BuildError):
        build(content, tmp_path / "site")
    assert history.read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(content, tmp_path / "site")
    assert history.read_bytes() != before  # a successful build records the events


def test_new_site_replaces_the_old_one_in_one_step(tmp_path, monkeypatch):
    """Regression: a kill between the swap's two renames left no site/. With an atomic exchange there is
    no such moment; every rename the swap makes leaves site/ in place."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "cu.html").write_text("cũ", encoding="utf-8")
    seen = []
    real_rename = Path.rename

    def watching(self, target):
        seen.append(site.is_dir())
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", watching)
    with staged(site) as new:
        (new / "moi.html").write_text("mới", encoding="utf-8")
    assert [p.name for p in site.iterdir()] == ["moi.html"]
    assert seen == [] or all(seen)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_swap_without_an_atomic_exchange_still_ends_with_the_new_site(tmp_path, monkeypatch):
    monkeypatch.setattr(folders, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "cu.html").write_text("cũ", encoding="utf-8")
    with staged(site) as new:
        (new / "moi.html").write_text("mới", encoding="utf-8")
    assert [p.name for p in site.iterdir()] == ["moi.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_staging_folders_of_killed_builds_are_removed(tmp_path):
    site = tmp_path / "site"
    dead = tmp_path / ".site-moi-999999999-abc123"
    alive = tmp_path / f".site-moi-{os.getpid()}-xyz789"
    other = tmp_path / ".site-moi-ghi-chu"  # not a name a build gives
    for folder in (dead, alive, other):
        folder.mkdir()
    with staged(site):
        pass
    assert not dead.exists() and alive.exists() and other.exists()


def test_git_ignores_staging_folders():
    for name in (".site-moi-12-abc/index.html", ".site-cu-12-abc/index.html"):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=REPO)
        assert ignored.returncode == 0, name
