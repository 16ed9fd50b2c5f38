"""Results kept between the builds of one preview session (`heza serve`).

After an edit to one plan, the reader hands back the very same Plan objects for every file whose
bytes did not change; a Memo then returns what was computed from those objects last time (their
items, work, events, calendar bytes, data records, rendered rows) and says which output files are
already up to date, so only what depends on the edited plan is computed and written again. Every
result is computed under a scope (site, units, glossary, build day, feed history, page templates):
a different scope forgets everything.

A normal build uses NO_MEMO, which keeps nothing; tests check that a build with a Memo writes the
same bytes as one without.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Results computed from given objects (plans, their items and work), for one preview session."""

    keeps = True  # whether anything is kept: what only serves as a key need not be computed otherwise

    def __init__(self) -> None:
        self._scope: Any = None
        self._results: dict[tuple[Hashable, int], list] = {}  # key → [source, result, build that used it]
        self._build = 0
        self._outputs: dict[str, Any] = {}
        self._outputs_now: set[str] = set()

    def start(self, scope: object) -> None:
        """Begin a build whose results depend on `scope` besides their objects (compared by equality)."""
        if scope != self._scope:
            self.forget()
            self._scope = scope
        self._build += 1
        self._outputs_now.clear()

    def forget(self) -> None:
        """Drop everything (after a failed build nothing kept can be trusted)."""
        self._scope = None
        self._results.clear()
        self._outputs.clear()
        self._outputs_now.clear()

    def of(self, kind: Hashable, source: object, compute: Callable[[], T]) -> T:
        """`compute()`, a result of `kind` computed from this very `source` object, once while it is kept."""
        key = (kind, id(source))
        kept = self._results.get(key)
        if kept is not None and kept[0] is source:  # the entry pins the object, so its id is not reused
            kept[2] = self._build
            return kept[1]
        value = compute()
        self._results[key] = [source, value, self._build]
        return value

    def of_each(self, kind: Hashable, sources: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, the result of `kind` computed from these very `sources` objects, in order, once while
        they are kept (one result per kind: a feed's events from the events of each of its plans)."""
        key = (kind, -1)
        kept = self._results.get(key)
        if kept is not None and len(kept[0]) == len(sources) and all(map(operator.is_, kept[0], sources)):
            kept[2] = self._build
            return kept[1]
        value = compute()
        self._results[key] = [sources, value, self._build]
        return value

    def up_to_date(self, path: str, key: object) -> bool:
        """True when `path` was last written from inputs equal to `key` (and has been part of every build since)."""
        self._outputs_now.add(path)
        return path in self._outputs and self._outputs[path] == key

    def written(self, path: str, key: object) -> None:
        """Record that `path` now holds what `key` produces."""
        self._outputs[path] = key

    def kept(self, path: str) -> Any:
        """The key `path` was last written from (after `up_to_date` said it still holds)."""
        return self._outputs[path]

    def finish(self) -> None:
        """End a build: forget results this build did not use (edited or removed plans, their rows) and
        outputs it did not write (removed from the docs: they must be written again if they come back)."""
        for unused in [key for key, kept in self._results.items() if kept[2] != self._build]:
            del self._results[unused]
        for gone in self._outputs.keys() - self._outputs_now:
            del self._outputs[gone]
        self._outputs_now.clear()


class _NoMemo(Memo):
    """Computes everything, keeps nothing: a normal build."""

    keeps = False

    def start(self, scope: object) -> None:
        pass

    def of(self, kind: Hashable, source: object, compute: Callable[[], T]) -> T:
        return compute()

    def of_each(self, kind: Hashable, sources: tuple, compute: Callable[[], T]) -> T:
        return compute()

    def up_to_date(self, path: str, key: object) -> bool:
        return False

    def written(self, path: str, key: object) -> None:
        pass

    def finish(self) -> None:
        pass


NO_MEMO = _NoMemo()
