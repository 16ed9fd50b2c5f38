"""The finished site for the portal's web server (generator/website/finish.py): our assets named after their
content with every reference rewritten, deterministic gzip copies, and pages that a Content-Security-Policy
without inline scripts allows (deploy/nginx.conf; tests/browser/test_portal.py checks it in Chromium)."""
from __future__ import annotations

import gzip
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import BASE_CONTENT
from generator.build import build
from generator.resources import OVERRIDES
from generator.website.finish import (
    COMPRESSIBLE,
    HASHED_NAME,
    MIN_COMPRESSED_SIZE,
    gzip_bytes,
    hashed_name,
    owned_assets,
    rewrite_references,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("finish")
    shutil.copytree(BASE_CONTENT, work / "content")
    build(work / "content", work / "site", docs_dir=work / "docs", today=TODAY)
    return work / "site"


def test_gzip_copies_are_deterministic_and_carry_no_time_or_name():
    data = "Kế hoạch cải cách hành chính ".encode() * 100
    packed = gzip_bytes(data)
    assert packed == gzip_bytes(data)
    assert packed[:3] == b"\x1f\x8b\x08"
    assert packed[3] == 0, "no FNAME (or other) flag: the header names no file"
    assert packed[4:8] == b"\0\0\0\0", "MTIME is 0"
    assert gzip.decompress(packed) == data


def test_every_compressible_file_has_its_gzip_copy(site):
    missing, wrong = [], []
    for file in site.rglob("*"):
        if not file.is_file() or file.suffix not in COMPRESSIBLE:
            continue
        data, copy = file.read_bytes(), file.with_name(file.name + ".gz")
        if len(data) < MIN_COMPRESSED_SIZE:
            continue
        if not copy.is_file():
            if len(gzip_bytes(data)) < len(data):
                missing.append(file)
        elif gzip.decompress(copy.read_bytes()) != data or copy.read_bytes() != gzip_bytes(data):
            wrong.append(file)
    assert missing == [] and wrong == []
    assert (site / "index.html.gz").is_file() and (site / "sitemap.xml.gz").is_file()
    assert not list(site.rglob("*.gz.gz"))


def test_our_assets_are_named_after_their_content(site):
    owned = owned_assets()
    assert {"assets/stylesheets/heza.css", "assets/javascripts/heza.js", "assets/javascripts/heza-search.js",
            "assets/javascripts/heza-units.js", "assets/javascripts/heza-material.js"} <= set(owned)
    for path in owned:
        source = (OVERRIDES / path).read_bytes()
        assert not (site / path).exists(), path
        assert (site / hashed_name(path, source)).read_bytes() == source, path
        assert HASHED_NAME.search(hashed_name(path, source).rpartition("/")[2])


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.styles: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        self.handlers += [v for k, v in attrs if k == "href" and v and v.lower().startswith("javascript:")]
        if "style" in values:
            self.styles.append(tag)
        if tag == "style":
            self.styles.append("<style>")
        if tag == "script" and "src" not in values and values.get("type") not in ("application/json",
                                                                                   "application/ld+json"):
            self._script = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append(self._script)
            self._script = None


def test_every_page_refers_to_assets_that_exist_and_has_nothing_inline(site):
    """What the Content-Security-Policy of deploy/nginx.conf needs: no inline script (the JSON data blocks do not
    run), no event handler attribute, no style attribute or element."""
    for page in site.rglob("*.html"):
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.inline_scripts == [], page
        assert parser.handlers == [] and parser.styles == [], page
        for url in parser.urls:
            if "assets/" not in url or "://" in url:
                continue
            path = url.split("?")[0].split("#")[0]
            target = site / path.removeprefix("/cchc/") if path.startswith("/") else page.parent / path
            assert target.resolve().is_file(), (page, url)


def test_references_are_rewritten_only_where_they_name_the_asset():
    renamed = {"assets/javascripts/heza.js": "assets/javascripts/heza.0123abcd.js"}
    page = (b'<script src="../assets/javascripts/heza.js"></script><script src="/cchc/assets/javascripts/heza.js?x">'
            b'<a href="assets/javascripts/heza.json">x</a><p>assets/javascripts/heza.js</p>')
    assert rewrite_references(page, renamed) == (
        b'<script src="../assets/javascripts/heza.0123abcd.js"></script>'
        b'<script src="/cchc/assets/javascripts/heza.0123abcd.js?x">'
        b'<a href="assets/javascripts/heza.json">x</a><p>assets/javascripts/heza.js</p>')


_NAMES = {"assets/javascripts/heza.js": "assets/javascripts/heza.0123abcd.js",
          "assets/stylesheets/heza.css": "assets/stylesheets/heza.89abcdef.css"}
# The definition the faster rewrite must match: a name after a quote, a slash or a parenthesis, before the
# value ends.
_DEFINITION = re.compile(rb"(?<=[\"'/(])(assets/javascripts/heza\.js|assets/stylesheets/heza\.css)(?=[\"'?#)])")


@given(st.lists(st.tuples(st.sampled_from([b'"', b"'", b"/", b"(", b"x", b" ", b"", b"assets/"]),
                          st.sampled_from([b"assets/javascripts/heza.js", b"assets/stylesheets/heza.css", b"x"]),
                          st.sampled_from([b'"', b"'", b"?", b"#", b")", b"x", b"", b".json"])).map(b"".join),
                max_size=8))
@example([b'xassets/javascripts/heza.js"', b'"assets/stylesheets/heza.css)'])
def test_reference_rewrite_equals_its_lookbehind_definition(parts):
    data = b"".join(parts)
    expected = _DEFINITION.sub(lambda m: _NAMES[m.group(1).decode()].encode(), data)
    assert rewrite_references(data, _NAMES) == expected


def test_material_helpers_file_is_materials_inline_script_with_the_scope_from_its_own_address():
    """theme/overrides/assets/javascripts/heza-material.js replaces the inline script of Material's
    partials/javascripts/base.html: the same code but for __md_scope, which it finds from its own URL."""
    partial = (Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "base.html").read_text()
    inline = re.search(r"<script>(.*)</script>", partial, re.S)
    assert inline, "Material's page helpers moved: update heza-material.js and its override"
    expected = inline.group(1).replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                       'new URL("../../",document.currentScript.src)')
    ours = (OVERRIDES / "assets" / "javascripts" / "heza-material.js").read_text()
    code = re.sub(r"/\*.*?\*/\s*", "", ours, flags=re.S).strip()
    assert code == expected.strip()
    # the only other inline script of Material's partials that the site's features include is content.html's,
    # for content tabs, which the site does not use
    for name in ("base.html", "content.html"):
        assert "<script" not in (OVERRIDES / "partials" / "javascripts" / name).read_text()


def test_preview_keeps_the_site_as_mkdocs_writes_it(tmp_path):
    from generator.engine import preview
    from generator.engine.generate import Session

    shutil.copytree(BASE_CONTENT, tmp_path / "content")
    preview.rebuild(tmp_path / "content", tmp_path / "site", tmp_path / "docs", Session(), TODAY)
    assert (tmp_path / "site" / "assets" / "stylesheets" / "heza.css").is_file()
    assert not list((tmp_path / "site").rglob("*.html.gz"))


def test_two_processes_finish_the_site_as_one_does(site, tmp_path, monkeypatch):
    """Equivalence of the optimisation: the gzip copies and rewritten pages are the same bytes whether one
    process or two share the files."""
    from generator.website import finish

    def unfinished(name: str) -> Path:
        copy = tmp_path / name
        shutil.copytree(site, copy)
        for packed in copy.rglob("*.gz"):
            packed.unlink()
        return copy

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    renamed = {"assets/stylesheets/heza.css": "assets/stylesheets/heza.00000000.css"}  # exercises the rewrite
    one, two = unfinished("one"), unfinished("two")
    monkeypatch.setattr(finish, "can_fork", lambda: False)
    written_one = finish.precompress(one, renamed)
    monkeypatch.setattr(finish, "can_fork", lambda: True)
    monkeypatch.setattr(finish, "PARALLEL_FROM", 0)
    written_two = finish.precompress(two, renamed)
    assert written_one == written_two > 0
    assert tree(one) == tree(two)
