"""Writing generated files in place: a file is rewritten only when its bytes change.

Unchanged files keep their modification time, so MkDocs' dirty rebuild (`heza serve`) and any
copy to the portal (rsync) touch only what an edit changed.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` (parents created) unless the file already holds it; True if written."""
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_pieces_if_changed(path: Path, pieces: Callable[[], Iterable[bytes]]) -> bool:
    """Like write_if_changed for the bytes `pieces()` yields (called again to write them), without
    joining them or reading the old file whole: the open data files are hundreds of MB at 10,000 plans."""
    path = Path(path)
    try:
        with path.open("rb") as old:
            if all(old.read(len(piece)) == piece for piece in pieces()) and not old.read(1):
                return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as new:
        new.writelines(pieces())
    return True


def write_text_if_changed(path: Path, text: str) -> bool:
    """UTF-8 text with the newlines as given; True if written."""
    return write_if_changed(path, text.encode("utf-8"))


def remove_others(root: Path, keep: set[Path]) -> tuple[Path, ...]:
    """Delete files under `root` that are not in `keep` (output of a page or feed that no longer exists)."""
    kept = {os.path.abspath(p) for p in keep}  # abspath, not resolve(): no system call per file
    stale = tuple(p for p in sorted(Path(root).rglob("*")) if p.is_file() and os.path.abspath(p) not in kept)
    for path in stale:
        path.unlink()
    return stale
