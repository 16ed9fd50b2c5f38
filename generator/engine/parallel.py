"""Two processes for one full build: a forked second process writes the calendars and data files while
this one renders pages, then both share out the pages left; after MkDocs, both share out the gzip
copies of the finished site (generator.website.finish). Nothing else in the generator forks."""
from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from generator.errors import BuildError, WorkerError

T = TypeVar("T")


class SharedWalk:
    """Pages shared out between two processes as they go: each renders the next page nobody has taken.

    Both walk the same page list (made before the fork) and ask for each page in turn; the shared
    count of pages taken says whether this one is still free. The second process joins once its
    calendars and data are written, so neither waits for the other at the end however the
    proportions change with the corpus.
    """

    def __init__(self) -> None:
        self._taken = multiprocessing.get_context("fork").Value("q", 0)  # in memory shared across the fork
        self._position = 0  # this process's place in the walk

    def __call__(self, page_path: str) -> bool:
        """Take this page if no process has: every page before it is taken by then."""
        with self._taken.get_lock():
            mine: bool = self._taken.value == self._position
            if mine:
                self._taken.value += 1
        self._position += 1
        return mine


def can_fork() -> bool:
    """True where a second process can share this one's memory (fork) and has a core of its own."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


@contextmanager
def beside(job: Callable[[], T]) -> Iterator[Callable[[], T]]:
    """Run `job` in a forked process while the block runs; yields a function that returns the job's
    result (or raises its error) once the block is over."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(job, send), daemon=True)
    process.start()
    send.close()
    outcome: list[T] = []
    try:
        yield lambda: outcome[0]
        outcome.append(_received(receive))
    except BaseException:
        process.terminate()  # the block failed: its files will not be used
        raise
    finally:
        receive.close()
        process.join()


def _run_and_send(job: Callable[[], Any], send: Connection) -> None:
    """The forked process: run the job, send back its result or its error."""
    gc.disable()  # a collection would touch (and so copy) every object shared with the parent
    try:
        result: tuple[bool | None, Any] = (True, job())
    except BuildError as exc:
        result = (False, exc)
    except BaseException:  # a bug: its traceback as text, since not every exception can be pickled
        result = (None, traceback.format_exc())
    send.send(result)
    send.close()


def _received(receive: Connection) -> Any:
    try:
        ok, value = receive.recv()
    except EOFError:
        raise WorkerError("tiến trình thứ hai của bản dựng (lịch, dữ liệu mở, một phần các trang) "
                          "dừng đột ngột (hết bộ nhớ?)") from None
    if ok is None:
        raise RuntimeError(f"error in the build's second process:\n{value}")
    if not ok:
        raise value
    return value
