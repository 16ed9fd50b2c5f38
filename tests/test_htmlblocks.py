"""HTML written by the templates: passed through Markdown untouched, abbreviations as the abbr extension marks them."""
from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.abbr import AbbrExtension

from generator.outputs.filters import Abbreviations
from generator.website import htmlblocks
from generator.website.htmlblocks import END, START, lift, restore, seal, unseal

GLOSSARY = {"UBND": "Ủy ban nhân dân", "CCHC": "cải cách hành chính", "KH": "kế hoạch", "KH-BQL": "",
            "A&B": "a và b"}


def _markdown(text: str) -> str:
    """As MkDocs converts a page with the hooks: blocks lifted out, the rest converted, blocks put back."""
    skeleton, blocks = lift(text)
    return restore(markdown.markdown(skeleton, extensions=["md_in_html", "abbr", "tables", "toc"]), blocks)


def test_a_marked_block_passes_through_as_written():
    block = '<div class="heza-list">\n<ul>\n<li>*không* in nghiêng [không](link.md)</li>\n</ul>\n</div>'
    assert _markdown(f"# Tiêu đề\n\n{START}\n{block}\n{END}\n\nĐoạn *sau*.") == (
        f'<h1 id="tieu-e">Tiêu đề</h1>\n{block}\n<p>Đoạn <em>sau</em>.</p>')


def test_blocks_right_after_text_and_each_other_come_back_in_place():
    one, two = "<p>một</p>", "<ul>\n<li>hai</li>\n</ul>"
    text = f"## Mục\nDòng *ngay* trên.\n{START}\n{one}\n{END}\n{START}\n{two}\n{END}\n- cuối"
    assert _markdown(text) == (f'<h2 id="muc">Mục</h2>\n<p>Dòng <em>ngay</em> trên.</p>\n{one}\n{two}\n'
                               "<ul>\n<li>cuối</li>\n</ul>")


def test_the_text_markdown_sees_holds_no_block():
    skeleton, blocks = lift(f"a\n\n{START}\n<p>{'x' * 1000}</p>\n{END}\n\nb")
    assert blocks == [f"<p>{'x' * 1000}</p>"] and "x" not in skeleton


def test_a_block_without_its_end_marker_is_left_to_markdown():
    assert _markdown(f"{START}\n*chữ*") == f"{START}\n<p><em>chữ</em></p>"


@pytest.mark.parametrize(("text", "expected"), [
    ("UBND thành phố", '<abbr title="Ủy ban nhân dân">UBND</abbr> thành phố'),
    ("Kế hoạch 12/KH-UBND", 'Kế hoạch 12/<abbr title="kế hoạch">KH</abbr>-<abbr title="Ủy ban nhân dân">UBND</abbr>'),
    ("UBNDX và xUBND", "UBNDX và xUBND"),
    ("<b>CCHC</b> & B", '&lt;b&gt;<abbr title="cải cách hành chính">CCHC</abbr>&lt;/b&gt; &amp; B'),
    ("dòng 1\n  dòng 2 ", "dòng 1<br>dòng 2"),
])
def test_abbreviations_table(text, expected):
    assert Abbreviations(GLOSSARY)(text) == expected


@given(st.text(alphabet=st.sampled_from(list("UBNDCHKQL -/ạđx")), max_size=30))
@settings(max_examples=300)
def test_abbreviations_match_the_abbr_extension(text):
    text = text.strip()
    if not text or text.startswith(("-", "#")) or "  " in text:  # Markdown syntax, not a paragraph
        return
    # the way generator.build hands the glossary to MkDocs
    expected = markdown.markdown(text, extensions=[AbbrExtension(glossary=GLOSSARY)])
    assert expected == f"<p>{Abbreviations(GLOSSARY)(text)}</p>"


_LIFT_DEFINITION = re.compile(f"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.M | re.S)


def _lift_by_definition(text: str) -> tuple[str, list[str]]:
    """What `lift` means, as the regular expression it replaced (ten times slower on long pages)."""
    blocks: list[str] = []

    def placeholder(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"\n<!--heza-block-{htmlblocks._NONCE}:{len(blocks) - 1}-->\n"
    return _LIFT_DEFINITION.sub(placeholder, text), blocks


@given(st.lists(st.sampled_from([START, END, "\n", "x", "<p>y</p>", " ", f"{START}\n", f"\n{END}"]), max_size=14))
@settings(max_examples=2000)
def test_lift_finds_the_blocks_its_definition_finds(pieces):
    text = "".join(pieces)
    assert lift(text) == _lift_by_definition(text)


def test_a_sealed_page_unsealed_is_the_restored_page():
    """The hooks write a page as `seal` then `unseal`: the same bytes as `restore`, newlines included."""
    text = f"# Trang\n\n{START}\n<p>một</p>\n{END}\n\nGiữa.\n\n{START}\n<ul>\n<li>hai</li>\n</ul>\n{END}"
    skeleton, blocks = lift(text)
    html = markdown.markdown(skeleton)
    sealed = seal(html, len(blocks))
    assert "một" not in sealed and "hai" not in sealed
    page = f"<article>\n{sealed}\n</article>\n"
    assert unseal(page, lift(text)[1]) == f"<article>\n{restore(html, blocks)}\n</article>\n"


def test_marker_names_written_in_page_text_are_not_replaced_by_blocks():
    """Regression: a title such as "<!--heza-sealed:0-->" reached the head raw and was replaced by a
    lifted block. The markers a process uses are its own: text cannot name them."""
    text = f"# Trang\n\n{START}\n<script>x()</script>\n{END}\n"
    skeleton, blocks = lift(text)
    page = "<title><!--heza-sealed:0--> <!--heza-block:0--></title>" + seal(markdown.markdown(skeleton), len(blocks))
    assert unseal(page, blocks).startswith("<title><!--heza-sealed:0--> <!--heza-block:0--></title>")
    assert restore("<p><!--heza-block:0--></p>", blocks) == "<p><!--heza-block:0--></p>"
