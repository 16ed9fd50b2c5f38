"""The finished site made ready for the portal's web server (deploy/nginx.conf, deploy/.htaccess), after MkDocs
and before the new site is swapped in.

- Our own assets (every file under theme/overrides/assets/: heza.css, heza.js, heza-units.js, heza-search.js,
  heza-material.js) are renamed after their content, `heza.css` → `heza.<8 hex>.css`, and every page refers to
  the new name: the server may then cache them for a year (Material's own assets carry such names already).
- Each file worth compressing gets a gzip copy beside it (`index.html.gz`), which the server sends as it is
  to a client that accepts gzip (nginx `gzip_static`): no compression per request.
  The copies are deterministic (no time stamp, no file name in the header), so the same content gives the same
  bytes. No Brotli copies: see deploy/README.md.

Only `heza build` does this; the preview (`heza serve`) shows the site as MkDocs wrote it.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.engine.parallel import SharedWalk, beside, can_fork
from generator.resources import OVERRIDES

# Files whose text compresses well; images, fonts and archives are compressed already.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".ics", ".csv", ".svg", ".map", ".txt",
                          ".webmanifest"})
MIN_COMPRESSED_SIZE = 256  # smaller files are sent as they are: the header would eat what gzip saves
# zlib's default level: the best (9) costs much more time for barely smaller copies (bench/RESULTS.md).
GZIP_LEVEL = 6
# A content-hashed name as Material and this module write them: `bundle.a5f9d56c.min.js`, `heza.3f2a9c1b.css`.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.")
_REFERRING = frozenset({".html", ".css"})  # files that may name an asset


def finish_site(site: Path) -> dict[str, str]:
    """Name our assets after their content, then write the gzip copies; returns the assets renamed
    (old site path → new site path)."""
    renamed = fingerprint_assets(site, owned_assets())
    precompress(site, renamed)
    return renamed


def owned_assets() -> tuple[str, ...]:
    """Site paths of the assets the theme overrides ship (assets/…), as MkDocs copies them."""
    root = OVERRIDES / "assets"
    return tuple(sorted(p.relative_to(OVERRIDES).as_posix() for p in root.rglob("*") if p.is_file()))


def hashed_name(path: str, data: bytes) -> str:
    """`assets/stylesheets/heza.css` → `assets/stylesheets/heza.<first 8 hex of its SHA-256>.css`."""
    folder, _, name = path.rpartition("/")
    stem, dot, extension = name.partition(".")
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{folder}/{stem}.{digest}{dot}{extension}" if dot else f"{folder}/{stem}.{digest}"


def fingerprint_assets(site: Path, assets: Iterable[str]) -> dict[str, str]:
    """Rename the `assets` present in `site` after their content; returns old → new site paths.

    The pages are rewritten by `precompress`, which reads every page anyway (`rewrite_references`).
    """
    renamed: dict[str, str] = {}
    for path in assets:
        file = site / path
        if not file.is_file() or HASHED_NAME.search(file.name):
            continue
        new = hashed_name(path, file.read_bytes())
        file.rename(site / new)
        renamed[path] = new
    return renamed


def _reference_pattern(renamed: dict[str, str]) -> re.Pattern[bytes] | None:
    if not renamed:
        return None
    names = b"|".join(re.escape(p.encode()) for p in sorted(renamed, key=len, reverse=True))
    # the path before the value ends; the byte before it is checked by rewrite_references (a lookbehind here
    # would keep the regex engine from skipping ahead to the names' first letter)
    return re.compile(rb"(" + names + rb")(?=[\"'?#)])")


_BEFORE_REFERENCE = frozenset(b"\"'/(")  # a reference follows a quote or a slash (`../assets/…`, `/cchc/assets/…`)


def rewrite_references(data: bytes, renamed: dict[str, str], pattern: re.Pattern[bytes] | None = None) -> bytes:
    """`data` (a page or a style sheet) with every reference to a renamed asset given its new name."""
    pattern = pattern or _reference_pattern(renamed)
    if pattern is None:
        return data

    def new_name(match: re.Match[bytes]) -> bytes:
        start = match.start()
        if start and data[start - 1] in _BEFORE_REFERENCE:
            return renamed[match.group(1).decode()].encode()
        return match.group(0)

    return pattern.sub(new_name, data)


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzipped at GZIP_LEVEL, the same bytes every time: mtime 0 and no file name in the header."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=GZIP_LEVEL) as packed:
        packed.write(data)
    return out.getvalue()


def precompress(site: Path, renamed: dict[str, str] | None = None) -> int:
    """Give renamed assets their new names in every page and style sheet, then write `<file>.gz` beside every
    compressible file of at least MIN_COMPRESSED_SIZE bytes whose copy is smaller; returns how many.

    Two processes share the files where the machine has the cores (generator.engine.parallel): gzip at
    compression is most of a full build's finishing time."""
    renamed = renamed or {}
    pattern = _reference_pattern(renamed)
    files = compressible_files(site)
    if not can_fork() or len(files) < PARALLEL_FROM:
        return _finish_files(files, renamed, pattern, lambda _: True)
    take = SharedWalk()
    with beside(lambda: _finish_files(files, renamed, pattern, take)) as others:
        mine = _finish_files(files, renamed, pattern, take)
    return mine + others()


PARALLEL_FROM = 200  # fewer files finish before a second process would have started


def compressible_files(site: Path) -> list[str]:
    """Paths of the files under `site` whose extension is worth compressing, in a stable order."""
    found: list[str] = []
    pending = [str(site)]
    while pending:  # os.scandir, not rglob: a large site has tens of thousands of files
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif os.path.splitext(entry.name)[1] in COMPRESSIBLE and entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
    return sorted(found)


def _finish_files(files: list[str], renamed: dict[str, str], pattern: re.Pattern[bytes] | None,
                  take: Callable[[str], bool]) -> int:
    """Rewrite references in and compress each file this process `take`s; returns the copies written."""
    return sum(_finish_file(path, renamed, pattern) for path in files if take(path))


def _finish_file(path: str, renamed: dict[str, str], pattern: re.Pattern[bytes] | None) -> bool:
    with open(path, "rb") as file:
        data = file.read()
    if pattern is not None and os.path.splitext(path)[1] in _REFERRING:
        new = rewrite_references(data, renamed, pattern)
        if new != data:
            with open(path, "wb") as file:
                file.write(new)
            data = new
    if len(data) < MIN_COMPRESSED_SIZE:
        return False
    packed = gzip_bytes(data)
    if len(packed) >= len(data):
        return False
    with open(path + ".gz", "wb") as file:
        file.write(packed)
    return True
