"""Generated pages skip Python-Markdown's HTML parsing, and come out the same."""

from __future__ import annotations

import markdown

from baodao.web.publicview import build_view
from baodao.web.rawpages import RawPagesExtension
from baodao.web.render import render_pages
from conftest import AS_OF


def _body(text: str) -> str:
    """A page's Markdown without its front matter, as MkDocs hands it to Python-Markdown."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def test_every_generated_page_converts_to_the_same_html_without_the_html_parser(tiny):
    ds = tiny.repo().load_and_check(AS_OF)[0]
    pages = list(render_pages(build_view(ds, AS_OF, None)))
    assert len(pages) > 20
    for path, text in pages:
        body = _body(text)
        plain = markdown.Markdown(extensions=["toc"]).convert(body)
        fast = markdown.Markdown(extensions=["toc", RawPagesExtension()]).convert(body)
        assert fast == plain, path


def test_hand_written_markdown_is_still_converted():
    md = markdown.Markdown(extensions=["toc", RawPagesExtension()])
    assert (
        md.convert("# 关于\n\n本站数据**公开**。")
        == '<h1 id="_1">关于</h1>\n<p>本站数据<strong>公开</strong>。</p>'
    )
