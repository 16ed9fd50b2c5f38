"""RSS 2.0 (required of Vietnamese state portals) and Atom feeds of published plans, newest first."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time
from email.utils import format_datetime
from pathlib import Path

from generator import routes
from generator.engine.files import write_text_if_changed
from generator.facts.names import short_name
from generator.facts.order import newest_first
from generator.facts.summary import plan_summary as summary_of
from generator.source.model import DOCUMENT_TYPE_NAMES, Content, Plan

ATOM_NS = "http://www.w3.org/2005/Atom"
RSS_PATH, ATOM_PATH = routes.RSS, routes.ATOM


def _issued(plan: Plan) -> datetime:
    # Midnight UTC of the issue date (its first possible day when the day is unreadable): content, not clock.
    return datetime.combine(plan.document.date.earliest(), time(0), UTC)


def plan_heading(plan: Plan) -> str:
    """`Kế hoạch 330/KH-BQL: Cải cách hành chính …`."""
    return f"{short_name(plan.document)}: {plan.document.title}"


def plan_summary(content: Content, plan: Plan) -> str:
    """One paragraph: issuer, date, title of the plan it issues, counts."""
    doc = plan.document
    parts = [f"{content.unit(doc.issuer).name} ban hành {doc.date.vietnamese()}."]
    if doc.plan_title:
        parts.append(f"Kèm theo: Kế hoạch {doc.plan_title}.")
    parts.append(f"{summary_of(plan).tasks_phrase}; {len(plan.reports)} nghĩa vụ báo cáo.")
    return " ".join(parts)


def _url(content: Content, plan: Plan) -> str:
    return routes.page_url(content.site.base_url, routes.plan_page(plan.id))


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# Characters XML 1.0 cannot hold at all (ElementTree would write them and readers reject the feed).
# The check refuses them in content; this keeps the feeds well-formed whatever reaches them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: xml_text(value) for name, value in attrs.items()})
    element.text = None if text is None else xml_text(text)
    return element


def rss(content: Content) -> str:
    """The RSS 2.0 document."""
    plans = newest_first(content.plans)
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = _sub(root, "channel")
    _sub(channel, "title", f"Kế hoạch cải cách hành chính — {content.site.name}")
    _sub(channel, "link", content.site.base_url)
    _sub(channel, "description", f"Các kế hoạch cải cách hành chính do {content.site.name} công bố.")
    _sub(channel, "language", "vi")
    _sub(channel, "atom:link", href=content.site.base_url + RSS_PATH, rel="self", type="application/rss+xml")
    if plans:
        _sub(channel, "lastBuildDate", format_datetime(_issued(plans[0])))
    for plan in plans:
        item = _sub(channel, "item")
        _sub(item, "title", plan_heading(plan))
        _sub(item, "link", _url(content, plan))
        _sub(item, "guid", _url(content, plan), isPermaLink="true")
        _sub(item, "pubDate", format_datetime(_issued(plan)))
        _sub(item, "category", DOCUMENT_TYPE_NAMES[plan.document.type])
        _sub(item, "description", plan_summary(content, plan))
    return _xml(root)


def atom(content: Content) -> str:
    """The Atom 1.0 document."""
    plans = newest_first(content.plans)
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "vi"})
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    _sub(root, q("title"), f"Kế hoạch cải cách hành chính — {content.site.name}")
    _sub(root, q("id"), content.site.base_url + ATOM_PATH)
    _sub(root, q("link"), href=content.site.base_url + ATOM_PATH, rel="self")
    _sub(root, q("link"), href=content.site.base_url, rel="alternate")
    updated = _issued(plans[0]) if plans else datetime(2000, 1, 1, tzinfo=UTC)
    _sub(root, q("updated"), updated.isoformat())
    author = _sub(root, q("author"))
    _sub(author, q("name"), content.site.name)
    for plan in plans:
        entry = _sub(root, q("entry"))
        _sub(entry, q("title"), plan_heading(plan))
        _sub(entry, q("id"), _url(content, plan))
        _sub(entry, q("link"), href=_url(content, plan), rel="alternate")
        _sub(entry, q("updated"), _issued(plan).isoformat())
        _sub(entry, q("published"), _issued(plan).isoformat())
        _sub(entry, q("summary"), plan_summary(content, plan))
    return _xml(root)


def write_news_feeds(content: Content, out_dir: Path) -> tuple[Path, ...]:
    """Write rss.xml and atom.xml at the site root."""
    written = []
    for name, text in ((RSS_PATH, rss(content)), (ATOM_PATH, atom(content))):
        path = Path(out_dir) / name
        write_text_if_changed(path, text)
        written.append(path)
    return tuple(written)
