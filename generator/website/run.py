"""Running MkDocs on the generated docs: the committed configuration completed from the content, a
strict build, and MkDocs' warnings said in Vietnamese with the page they name."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from generator import routes
from generator.errors import MkDocsError
from generator.resources import MKDOCS_CONFIG, OVERRIDES
from generator.source.model import Content, Site
from generator.website.plugin import HezaPlugin

# The loggers of the MkDocs actually running (MkDocs, or a drop-in such as ProperDocs that names its
# modules after itself): the build module's, and its package's.
_BUILD_LOGGER = mkdocs_build.__module__
_ENGINE_LOGGER = _BUILD_LOGGER.partition(".")[0]


def theme_stamp() -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of the MkDocs configuration and every file of the Material overrides."""
    files = [MKDOCS_CONFIG, *sorted(p for p in OVERRIDES.rglob("*") if p.is_file())]
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def agency(site: Site) -> dict[str, Any]:
    """The footer and header facts for the theme (None = not verified)."""
    return {"name": site.name, "parent": site.parent, "address": site.address, "phone": site.phone,
            "email": site.email, "responsible": site.responsible, "portal_url": site.portal_url}


def theme_routes() -> dict[str, str]:
    """The pages the theme's own templates link to (header, footer, 404), as published paths from routes."""
    return {"plans": routes.published(routes.PLANS), "search": routes.published(routes.SEARCH),
            "about": routes.published(routes.ABOUT), "sitemap": routes.published(routes.SITEMAP),
            "accessibility": routes.published(routes.ACCESSIBILITY),
            "subscribe": routes.published(routes.SUBSCRIBE), "data": routes.published(routes.DATA),
            "rss": routes.RSS, "atom": routes.ATOM}


def mkdocs_config(content: Content, docs_dir: Path, site_dir: Path, plugin: HezaPlugin | None = None) -> MkDocsConfig:
    """The committed configuration with the generated docs, the site URL, agency facts and glossary, and
    the generator's plugin (a new one unless given)."""
    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()),
                         site_url=content.site.base_url, strict=True)
    config.extra["agency"] = agency(content.site)
    config.extra["routes"] = theme_routes()
    config.mdx_configs["abbr"] = {"glossary": {t.abbr: t.expansion for t in content.glossary}}
    config.plugins["heza"] = plugin or HezaPlugin()
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """False for MkDocs' notice that a build is dirty: the preview asks for one on purpose."""
    return "'dirty' build is being performed" not in record.getMessage()


# MkDocs' warnings (English) about a generated page, said in Vietnamese with the page they name.
_MKDOCS_MESSAGES = (
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but there is no such anchor"),
     "trang {page} có liên kết {link} đến một mục không có trên trang"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the doc '(?P<other>[^']*)' "
                r"does not contain an anchor"),
     "trang {page} có liên kết {link} đến một mục không có trên trang {other}"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the target (?:'[^']*' )?"
                r"is not found"), "trang {page} có liên kết {link} đến một trang không tồn tại"),
    (re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']*)'"),
     "trang {page} có liên kết không hợp lệ {link}"),
    (re.compile(r"The following pages exist in the docs directory, but are not included in the \"nav\" "
                r"configuration:\s*(?P<pages>.*)", re.S), "các trang sau không có trong mục lục của trang: {pages}"),
)


def vietnamese_mkdocs_message(message: str) -> str:
    """A MkDocs warning in Vietnamese when it is one we know (the page it names kept); else marked as MkDocs'."""
    for pattern, wording in _MKDOCS_MESSAGES:
        match = pattern.search(message)
        if match:
            return wording.format(**{k: " ".join(v.split()) for k, v in match.groupdict().items()})
    return f"MkDocs báo: {' '.join(message.split())}"


def run_mkdocs(content: Content, docs_dir: Path, site_dir: Path, *, dirty: bool = False,
               plugin: HezaPlugin | None = None) -> None:
    """`mkdocs build --strict` of docs_dir into site_dir with the generator's `plugin` (a preview keeps
    its own); MkDocsError listing MkDocs' warnings."""
    collect = _Collect()
    logger = logging.getLogger(_ENGINE_LOGGER)
    logger.addHandler(collect)
    build_logger = logging.getLogger(_BUILD_LOGGER)
    build_logger.addFilter(_not_dirty_notice)
    try:
        config = mkdocs_config(content, docs_dir, site_dir, plugin)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            mkdocs_build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        details = "".join(f"\n  {vietnamese_mkdocs_message(m)}" for m in collect.messages)
        raise MkDocsError("MkDocs không dựng được trang từ nội dung đã kiểm tra; đây là lỗi của bộ sinh trang, "
                          f"hãy báo nhóm phát triển (kèm các dòng dưới đây):{details or ' ' + str(exc)}") from None
    finally:
        logger.removeHandler(collect)
        build_logger.removeFilter(_not_dirty_notice)
