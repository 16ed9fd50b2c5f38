"""The order of every list the site shows more than once: plans, change logs, units, glossary terms."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from generator.source.model import Plan, Revision, Term, Unit

P = TypeVar("P", bound=Plan)


def newest_first(plans: Iterable[P]) -> tuple[P, ...]:
    """Plans by issue date, newest first; an unknown day or month counts as the earliest it could be, and
    plans of the same date come in reverse id order (the one ordering of every newest-first list)."""
    return tuple(sorted(plans, key=lambda p: (p.document.date.sort_key(), p.id), reverse=True))


def revisions_newest_first(plan: Plan) -> tuple[Revision, ...]:
    """The plan's change log, newest first (same day: the entry written later first)."""
    order = sorted(enumerate(plan.revisions), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return tuple(revision for _, revision in order)


def units_by_name(units: Iterable[Unit]) -> tuple[Unit, ...]:
    """Units by full name, ignoring case."""
    return tuple(sorted(units, key=lambda u: u.name.lower()))


def terms_by_abbreviation(terms: Iterable[Term]) -> tuple[Term, ...]:
    """Glossary terms by abbreviation, ignoring case."""
    return tuple(sorted(terms, key=lambda t: t.abbr.lower()))
