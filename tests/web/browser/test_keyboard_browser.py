"""The keyboard on a phone-sized page: a skip link first, two keys to the lookup box, and every
focused control visible on screen (not inside the closed navigation drawer) with a focus ring."""

from __future__ import annotations

import pytest

_FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {id: e.id, text: (e.textContent || '').trim(), tag: e.tagName,
          onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth,
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};
}"""


@pytest.mark.parametrize("path", ["", "x/"])
def test_two_keys_reach_the_lookup_box(page, site_url, path):
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED)["text"] == "跳到“有事找支部”查询框"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "bd-q"


def test_other_pages_skip_to_the_text(page, site_url):
    page.goto(site_url + "c/cui-hu/")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED)["text"] == "跳到正文"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(_FOCUSED)
    assert focused["onScreen"] and focused["tag"] == "A", focused


@pytest.mark.parametrize("path", ["", "c/cui-hu/", "a/stars-2026h1/"])
def test_focus_stays_visible_and_ringed(page, site_url, path):
    page.goto(site_url + path)
    lost = []
    for i in range(25):
        page.keyboard.press("Tab")
        f = page.evaluate(_FOCUSED)
        if f["tag"] == "BODY":
            break
        if not f["onScreen"] or not f["ring"]:
            lost.append((i + 1, f))
    assert not lost, lost
