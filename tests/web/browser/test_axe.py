"""axe-core (vendored: tests/web/browser/axe.min.js, 4.11.1 from npm, MPL-2.0) on the pages a
resident meets: no serious or critical accessibility violation, with the lookup's results open."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = (Path(__file__).parent / "axe.min.js").read_text("utf-8")


def _violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("", None),
        ("x/", "绿景花园3栋"),
        ("x/", "幸福小区"),
        ("x/lv-jing-hua-yuan/", None),
        ("404.html", None),
    ],
)
def test_no_serious_or_critical_violations(page, site_url, path, query):
    page.goto(site_url + path)
    if query:
        page.fill("#bd-q", "")
        page.type("#bd-q", query)
        page.wait_for_selector("li.bd-hit")
        if "栋" in query:
            page.wait_for_selector(".bd-answer dl")
    assert _violations(page) == []


def test_404_page_finds_the_site_root_from_any_depth(page, site_url, demo_public):
    """A static host serves 404.html at the missed address: its links still reach the site."""
    deep = demo_public / "zz" / "missing"
    deep.mkdir(parents=True, exist_ok=True)
    (deep / "page.html").write_bytes((demo_public / "404.html").read_bytes())
    page.goto(site_url + "zz/missing/page.html")
    page.wait_for_function(
        "document.querySelector('a.bd-root').href.endsWith(':' + location.port + '/')"
    )
    with page.expect_navigation():
        page.click("a.bd-root[data-path='x/']")
    assert page.url == site_url + "x/"
    # The new page's box, once its document has loaded (a bare count can race the navigation).
    page.wait_for_selector("#bd-q", state="attached")
    assert page.locator("#bd-q").count() == 1


def test_full_text_search_page_with_results(page, site_url):
    page.goto(site_url + "search/")
    page.fill(".pagefind-ui__search-input", "绿景花园")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert _violations(page) == []
