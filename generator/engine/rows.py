"""Rows of the long lists kept between a preview's builds, without the templates knowing.

A template whose name starts with `_rows` is imported without context, so each of its macros shows
only its arguments and the build's scope. When a page calls one, the engine keys the call by the
macro and the objects it is given (Memo.row): the same plan, item or work gives the same text
while the scope (templates included) is unchanged, which Memo.start checks.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from jinja2 import Environment, Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Macro

from generator.engine.memo import NO_MEMO, Memo

ROW_TEMPLATE_PREFIX = "_rows"


class RowTemplate(Template):
    """A page template; as a `_rows*` module, its macros' results are kept by the environment's memo."""

    environment: RowEnvironment

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> TemplateModule:
        module = super().make_module(vars, shared, locals)
        if (self.name or "").rpartition("/")[2].startswith(ROW_TEMPLATE_PREFIX):
            exported: MutableMapping[str, Any] = module.__dict__
            for name, value in list(exported.items()):
                if isinstance(value, Macro):
                    exported[name] = _kept(self.environment, (self.name, name), value)
        return module


class RowEnvironment(Environment):
    """An environment whose `_rows*` macros consult `memo` (NO_MEMO: a full build, nothing kept)."""

    template_class = RowTemplate
    memo: Memo = NO_MEMO


def _kept(env: RowEnvironment, name: tuple[str | None, str], macro: Macro) -> Callable[..., str]:
    def call(*args: Any, **kwargs: Any) -> str:  # a Markup: the page environment autoescapes
        key = (name, tuple(sorted(kwargs)))
        result: str = env.memo.row(key, args + tuple(kwargs[k] for k in sorted(kwargs)),
                                      lambda: macro(*args, **kwargs))
        return result
    return call
