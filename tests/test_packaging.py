"""The generator as others run it: installed with `pip install .` (not editable) into a fresh virtual
environment and run from any folder, and built by ProperDocs, the maintained drop-in for MkDocs 1.x.
Both must give the site the repository's own build gives, byte for byte."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import REPO

EPOCH = "1795392000"
# Each engine names itself in this tag; nothing else may differ.
_GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file's bytes without the generator's name (a gzip copy compared by what it holds)."""
    def read(path: Path) -> bytes:
        data = path.read_bytes()
        return _GENERATOR_TAG.sub(b"", gzip.decompress(data) if path.suffix == ".gz" else data)
    return {p.relative_to(site).as_posix(): read(p) for p in sorted(site.rglob("*")) if p.is_file()}


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory) -> Path:
    """The real content built by this checkout's generator."""
    work = tmp_path_factory.mktemp("reference")
    shutil.copytree(REPO / "content", work / "content")
    _run([sys.executable, "-m", "generator", "build", "--content", "content", "--site", "site"], work)
    return work / "site"


def test_a_plain_install_builds_the_site_from_any_folder(tmp_path, reference_site):
    """Regression: a non-editable install looked for its templates in site-packages/theme/pages."""
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(REPO)], tmp_path)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    shutil.copytree(REPO / "content", elsewhere / "noi-dung")
    _run([str(environment / "bin" / "heza"), "build", "--content", "noi-dung", "--site", "trang"], elsewhere)
    assert _site_files(elsewhere / "trang") == _site_files(reference_site)


def test_properdocs_builds_the_same_site(tmp_path, reference_site):
    shutil.copytree(REPO / "content", tmp_path / "content")
    script = ("import properdocs.replacement\n"  # every mkdocs.* import is ProperDocs' from here on
              "import sys\n"
              "from generator.cli import main\n"
              "sys.exit(main(['build', '--content', 'content', '--site', 'site']))\n")
    _run([sys.executable, "-c", script], tmp_path)
    built = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in built, "the build did not run on ProperDocs"
    assert _site_files(tmp_path / "site") == _site_files(reference_site)
