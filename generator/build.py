"""`heza build`: read → facts → outputs → MkDocs, the new site swapped in only when all of it succeeded.

1. read and validate the content (generator.source), or raise ContentError with every problem;
2. derive the facts and write the pages, calendars, open data and news feeds as Markdown and files
   under the docs folder (generator.engine.generate, from generator.facts and generator.outputs);
3. build the site from them with MkDocs, strict (generator.website), into a staged folder that
   replaces the site whole (generator.engine.folders), our assets named after their content and gzip
   copies written beside the files worth compressing (generator.website.finish; not in the preview);
4. save the calendar history next to the content, now that the site that states it is in place.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.engine.folders import (
    SITE_MARK,
    changes,
    guard_output_folders,
    mark_as_built,
    save_history,
    snapshot,
    staged,
)
from generator.engine.generate import Session, generate
from generator.engine.heap import FullBuildHeap, PreviewHeap
from generator.errors import BuildError
from generator.outputs.calendar_history import STATE_FILE, FeedState, build_day
from generator.source.problems import Problem
from generator.source.reader import read_content
from generator.website.finish import finish_site
from generator.website.run import run_mkdocs

__all__ = ["BuildError", "BuildResult", "Session", "build"]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    site_dir: Path
    pages: int
    feeds: int
    warnings: list[Problem]
    changed: tuple[str, ...] = ()  # generated files (docs paths) written, added or removed by this build


def build(content_dir: Path = Path("content"), site_dir: Path = Path("site"), *, docs_dir: Path | None = None,
          today: date | None = None, keep_feed_history: bool = True, dirty: bool = False,
          session: Session | None = None) -> BuildResult:
    """Build the site; raises ContentError (nothing written) or BuildError (previous site kept).

    A `session` (the preview) keeps what it read and computed for the next build; with it, `dirty`
    lets MkDocs rebuild only the pages whose Markdown changed, in place. The calendar history
    in content/ is saved only once the new site is in place, and only with `keep_feed_history`.
    """
    if dirty and session is None:
        raise ValueError("a dirty build needs the session of the builds before it (its search sections)")
    content_dir, site_dir = Path(content_dir), Path(site_dir)
    docs_dir = Path(docs_dir) if docs_dir else site_dir.parent / "build" / "docs"
    guard_output_folders(content_dir, site_dir, docs_dir)
    with FullBuildHeap() if session is None else PreviewHeap() as heap:
        content, warnings = read_content(content_dir, cache=session.plans if session else None)
        heap.loaded()
        day = today or build_day()
        if session is not None and not keep_feed_history:
            state = session.calendar_history(content_dir, day)
        else:
            state = calendar_history(content_dir, day, keep_feed_history)
        before = snapshot(docs_dir)
        generated = generate(content, docs_dir, state, session)
        changed = changes(before, snapshot(docs_dir))
        heap.generated()
        if dirty and site_dir.is_dir():
            run_mkdocs(content, docs_dir, site_dir, dirty=True, plugin=session.website if session else None)
            mark_as_built(site_dir, SITE_MARK)
        else:
            with staged(site_dir) as new_site:  # a dirty build of an empty folder builds every page
                run_mkdocs(content, docs_dir, new_site, dirty=dirty, plugin=session.website if session else None)
                if session is None:  # for the portal's web server: hashed asset names, gzip copies
                    finish_site(new_site)
                mark_as_built(new_site, SITE_MARK)
    if keep_feed_history and generated.history is not None:
        save_history(content_dir / STATE_FILE, generated.history)
    return BuildResult(site_dir, generated.pages, generated.feeds, warnings, changed)


def calendar_history(content_dir: Path, today: date, keep: bool) -> FeedState:
    """The calendar events' history in content/ as of `today` (saved after the build only when `keep`)."""
    state = FeedState.for_content(content_dir, day=today)
    return state if keep else state.detached()
