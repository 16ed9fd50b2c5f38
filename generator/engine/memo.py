"""What one preview session (`heza serve`) keeps between its builds, so an edit redoes only what it touched.

After an edit to one plan, the reader hands back the very same Plan objects for every file whose bytes
did not change. The memo then keeps three kinds of result, all scoped by what every output depends on
(site, units, glossary, day swaps, build day, calendar history, templates): a different scope forgets
everything.

- Per object: what was computed from one object (a plan's facts, its calendar events) is returned
  while that very object comes back (`per_object`).
- Per output: an output whose declared inputs equal the previous build's (compared by value, identity
  first) is not written again (`fresh`, `record`).
- Per row: the rendered rows of list pages, keyed by the identity of what each row shows (`row`).

A full build uses NO_MEMO, which keeps nothing; tests/test_preview_session.py checks that a build with a
Memo writes the same bytes as one without, after every kind of edit.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def _shallow(value: object) -> Hashable:
    """A key that equals another only when both show the same objects: a dataclass by the identity of its
    fields, a tuple by the identity of its items, an immutable scalar by its value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return (type(value), value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value), tuple(id(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, tuple):
        return (tuple, tuple(id(item) for item in value))
    return (type(value), id(value))


class Memo:
    """Results kept from earlier builds of one preview session."""

    keeps = True  # whether anything is kept: what only serves as a key need not be computed otherwise

    def __init__(self) -> None:
        self._scope: Any = None
        self._build = 0
        self._objects: dict[tuple[Hashable, int], list[Any]] = {}  # (kind, id) → [source, result, build]
        self._outputs: dict[str, tuple[Any, Any]] = {}  # path → (inputs, result)
        self._outputs_now: set[str] = set()
        self._rows: dict[Hashable, list[Any]] = {}  # key → [args, result, build]

    def start(self, scope: object) -> None:
        """Begin a build whose results depend on `scope` besides their own inputs (compared by equality)."""
        if scope != self._scope:
            self.forget()
            self._scope = scope
        self._build += 1
        self._outputs_now.clear()

    def forget(self) -> None:
        """Drop everything (after a failed build nothing kept can be trusted)."""
        self._scope = None
        self._objects.clear()
        self._outputs.clear()
        self._outputs_now.clear()
        self._rows.clear()

    def per_object(self, kind: Hashable, source: object, compute: Callable[[], T]) -> T:
        """`compute()`, a result of `kind` computed from this very `source` object, once while it is kept."""
        key = (kind, id(source))
        kept = self._objects.get(key)
        if kept is not None and kept[0] is source:  # the entry pins the object, so its id is not reused
            kept[2] = self._build
            result: T = kept[1]
            return result
        value = compute()
        self._objects[key] = [source, value, self._build]
        return value

    def fresh(self, path: str, inputs: object) -> bool:
        """True when `path` was last written from inputs equal to `inputs` (and it is part of this build)."""
        self._outputs_now.add(path)
        kept = self._outputs.get(path)
        return kept is not None and (kept[0] is inputs or kept[0] == inputs)

    def record(self, path: str, inputs: object, result: object = None) -> None:
        """Remember that `path` now holds what `inputs` make, and what writing it gave (`result`)."""
        self._outputs[path] = (inputs, result)

    def result(self, path: str) -> Any:
        """What writing `path` gave when it was last written (after `fresh` said it still holds)."""
        return self._outputs[path][1]

    def row(self, name: Hashable, args: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, a row rendered from `args`, kept while it is given the same objects."""
        key = (name, tuple(_shallow(a) for a in args))
        kept = self._rows.get(key)
        if kept is not None:
            kept[2] = self._build
            result: T = kept[1]
            return result
        value = compute()
        self._rows[key] = [args, value, self._build]  # the args pin the objects whose ids make the key
        return value

    def finish(self) -> None:
        """End a build: forget results this build did not use and outputs it did not write (a removed plan's)."""
        for unused in [key for key, kept in self._objects.items() if kept[2] != self._build]:
            del self._objects[unused]
        for unused_row in [key for key, kept in self._rows.items() if kept[2] != self._build]:
            del self._rows[unused_row]
        for gone in self._outputs.keys() - self._outputs_now:
            del self._outputs[gone]
        self._outputs_now.clear()


class _NoMemo(Memo):
    """Computes everything, keeps nothing: a full build."""

    keeps = False

    def start(self, scope: object) -> None:
        pass

    def per_object(self, kind: Hashable, source: object, compute: Callable[[], T]) -> T:
        return compute()

    def fresh(self, path: str, inputs: object) -> bool:
        return False

    def record(self, path: str, inputs: object, result: object = None) -> None:
        pass

    def row(self, name: Hashable, args: tuple[Any, ...], compute: Callable[[], T]) -> T:
        return compute()

    def finish(self) -> None:
        pass


NO_MEMO = _NoMemo()
