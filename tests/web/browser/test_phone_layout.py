"""Every page type read on a 360 px and a 390 px phone: nothing scrolls sideways, and no short
cell of a table (a score, a grade, a count, a community's name) is broken across lines.

The oracle is the browser's own layout: a text's line boxes (``Range.getClientRects``) and the
document's scroll width, measured in the page, not anything the site generator computed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# One page of each type the site has (home, lookup, compound, community, units, organisation,
# every kind of result and its per-street page, rules, governance pages, notices, stations,
# dashboards, open data, editors' pages, about, 404).
PAGE_TYPES = [
    "",
    "x/",
    "x/lv-jing-hua-yuan/",
    "c/cui-hu/",
    "org/",
    "u/",
    "u/ze-run-yi-yao/",
    "a/",
    "a/stars-2026h1/",
    "a/stars-2026h1-qing-he/",
    "a/communities-2026h1/",
    "a/property-2026q3/",
    "a/property-2026q3-dong-qu/",
    "a/hotline-2026/",
    "a/members-2026/",
    "a/units-2026/",
    "gov/",
    "gov/admission/",
    "gov/coverage/",
    "gov/force-2026/",
    "gov/funds-2026/",
    "n/",
    "n/cui-hu-secretary/",
    "s/",
    "s/cui-hu-zhan/",
    "dash/",
    "dash/qing-he/",
    "dash/c/cui-hu/",
    "d/",
    "editors/",
    "editors/errors/",
    "about/",
    "search/",
    "p/lv-jing-hua-yuan/3/",
    "p/cui-hu/",
    "404.html",
]

# Text a cell holds that must stay on one line: up to this many characters with no space
# (98.00, ★★★★, 优秀, 翠湖社区, 2026-11-23, 12/40). Longer texts (a rule's wording) may wrap, and
# so may a text at its Chinese punctuation (考核评价（街道考核组）: a break between words) or a
# file path in code on the editors' pages.
SHORT = 12

_MEASURE = """(short) => {
  const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const broken = [];
  for (const cell of document.querySelectorAll('.md-content td, .md-content th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      if (!text || text.length > short || /[\\s（）、，；：]/.test(text)) continue;
      if (n.parentElement.closest('code')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                             .map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(text);
    }
  }
  return {wide, broken};
}"""


def _pages_exist(demo_public: Path) -> None:
    missing = [p for p in PAGE_TYPES if not (demo_public / (p or "index.html")).exists()]
    assert not missing, missing


@pytest.mark.parametrize("width", [360, 390])
def test_no_sideways_scroll_and_no_broken_short_cell(chromium, site_url, demo_public, width):
    _pages_exist(demo_public)
    context = chromium.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=True,
        device_scale_factor=2,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    problems = {}
    for path in PAGE_TYPES:
        page.goto(site_url + path)
        got = page.evaluate(_MEASURE, SHORT)
        if got["wide"] > 0 or got["broken"]:
            problems[path] = got
    context.close()
    assert not problems, f"{width}px: {problems}"
