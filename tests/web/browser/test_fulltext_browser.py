"""Full-text search (Pagefind, run by the build) in the browser: a place name, a compound name
and a two-character word find their pages, loading nothing from another host."""

from __future__ import annotations

import pytest

from baodao.web.fulltext import pagefind_binary


@pytest.fixture(autouse=True)
def _needs_pagefind(demo_public):
    if pagefind_binary() is None:
        pytest.fail("没有 Pagefind：运行 make tools / Pagefind missing: run make tools")
    assert (demo_public / "pagefind" / "pagefind.js").is_file()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("翠湖", "c/cui-hu/"),
        ("绿景花园", "x/lv-jing-hua-yuan/"),
        ("空缺", None),
        ("观澜", "x/guan-lan-wan/"),
    ],
)
def test_search_page_finds_pages(page, site_url, query, expected):
    page.goto(site_url + "search/")
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(a => a.href)")
    assert links
    if expected:
        # Pagefind shows five results at first; "load more" shows the rest.
        while site_url + expected not in links and page.locator(".pagefind-ui__button").count():
            page.click(".pagefind-ui__button")
            page.wait_for_timeout(200)
            links = page.eval_on_selector_all(
                ".pagefind-ui__result-link", "els => els.map(a => a.href)"
            )
        assert site_url + expected in links, links[:10]
