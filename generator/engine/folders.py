"""The folders a build writes: which it may replace, the staged site swapped in whole, the history saved
next to the content, and what changed between two builds."""
from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from generator.engine.files import write_if_changed
from generator.errors import HistoryError, OutputFolderError

SITE_MARK = ".heza-site"  # in every site folder a build made: only such a folder (or an empty one) is replaced
DOCS_MARK = ".heza-docs"  # in the generated Markdown folder, whose other files a build deletes
_MARK_TEXT = "Thư mục này do heza build tạo; lần dựng sau sẽ thay toàn bộ nội dung.\n"


def mark_as_built(folder: Path, mark: str) -> None:
    """Record that `folder` holds what a build made, so the next build may replace it."""
    write_if_changed(folder / mark, _MARK_TEXT.encode("utf-8"))


def _made_by_a_build(folder: Path, mark: str) -> bool:
    """True for a folder with the mark a build leaves: nothing else, however alike, is ours to replace."""
    return (folder / mark).is_file()


def guard_output_folders(content_dir: Path, site_dir: Path, docs_dir: Path) -> None:
    """OutputFolderError unless the site and docs folders are empty, new, or made by an earlier build, and
    neither holds or lies inside the content, the repository or the current folder."""
    content, here = content_dir.resolve(), Path.cwd().resolve()
    folders = ((site_dir, SITE_MARK, "trang"), (docs_dir, DOCS_MARK, "Markdown sinh ra"))
    for folder, mark, what in folders:
        target = folder.resolve()
        shown = folder.as_posix()
        if target == content or target in content.parents or content in target.parents:
            raise OutputFolderError(f'không dựng {what} vào "{shown}": '
                                    "thư mục này chứa hoặc nằm trong thư mục nội dung")
        if target == here or target in here.parents:
            raise OutputFolderError(f'không dựng {what} vào "{shown}": đó là thư mục đang làm việc hoặc thư mục cha '
                                    "của nó")
        if target.exists() and not target.is_dir():
            raise OutputFolderError(f'không dựng {what} vào "{shown}": đó là một tệp, không phải thư mục')
        if target.is_dir() and (target / ".git").exists():
            raise OutputFolderError(f'không dựng {what} vào "{shown}": đó là một kho git')
        if target.is_dir() and any(target.iterdir()) and not _made_by_a_build(target, mark):
            raise OutputFolderError(f'không dựng {what} vào "{shown}": thư mục có dữ liệu nhưng không có dấu {mark} '
                                    "của heza build; hãy chọn một thư mục trống hoặc một thư mục heza build đã dựng "
                                    "(một thư mục dựng bằng phiên bản cũ: hãy tự xóa nó)")
    site, docs = site_dir.resolve(), docs_dir.resolve()
    if site == docs or site in docs.parents or docs in site.parents:
        raise OutputFolderError(f'thư mục trang "{site_dir.as_posix()}" và thư mục Markdown "{docs_dir.as_posix()}" '
                                "phải tách rời nhau")


@contextmanager
def staged(site_dir: Path) -> Iterator[Path]:
    """A sibling folder to build into; it replaces site_dir only if the block succeeds.

    The replacement is one atomic exchange where the system has one (Linux): there is never a
    moment without site_dir. Staging folders left by a build that was killed are removed first.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site_dir)
    new = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-moi-{os.getpid()}-", dir=site_dir.parent))
    try:
        yield new
        new.chmod(0o755)
        _swap(new, site_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after an exchange, this is the old site


def _swap(new: Path, site_dir: Path) -> None:
    if not site_dir.exists():
        new.rename(site_dir)
    elif not _exchange(new, site_dir):  # no atomic exchange here: two renames, the old site kept until then
        old = site_dir.with_name(f".{site_dir.name}-cu-{os.getpid()}-{secrets.token_hex(4)}")
        site_dir.rename(old)
        new.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    rename = _renameat2()
    if rename is None:
        return False
    at_cwd = -100  # AT_FDCWD: both paths are absolute
    if rename(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM):  # file system cannot
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


@lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    return function


_LEFTOVER = re.compile(r"^\.(?P<site>.+)-(?:moi|cu)-(?P<pid>\d+)-[0-9a-z_]+$")


def _remove_leftovers(site_dir: Path) -> None:
    """Remove staging folders of this site that a killed build left (their process is gone)."""
    for folder in site_dir.parent.iterdir():
        match = _LEFTOVER.match(folder.name)
        if match and match["site"] == site_dir.name and folder.is_dir() and not folder.is_symlink() \
                and not _alive(int(match["pid"])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Docs path → (modification time, size) of every file under folder."""
    found: dict[str, tuple[int, int]] = {}
    pending = [(str(folder), "")] if folder.is_dir() else []
    while pending:  # os.scandir, not rglob: no Path object per file
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir():
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    stat = entry.stat()
                    found[prefix + entry.name] = (stat.st_mtime_ns, stat.st_size)
    return found


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> tuple[str, ...]:
    """The paths written, added or removed between two snapshots."""
    return tuple(sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path)))


def save_history(path: Path, text: str) -> None:
    """Write the calendar history next to the content, atomically (a kill leaves the old or the new file)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(path)
    except OSError as exc:
        raise HistoryError(None, f"không ghi được lịch sử lịch {path.as_posix()}: {exc.strerror}") from None
