"""Links between the site's pages (web/render.py ``relative``): the same answer as the standard
library's ``posixpath.relpath`` for every pair of the site's own paths."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from baodao.web.render import Here, relative

_SEGMENT = st.sampled_from(["x", "u", "a", "lvjing", "qh-shuiwu", "index", "p", "c", "x-1"])
_PATH = st.lists(_SEGMENT, max_size=4).map(lambda parts: "/".join(parts))
_FORM = st.sampled_from(["", "/", "."])  # as written: bare, a folder's trailing slash, "."


@given(_PATH, _FORM, _PATH, _FORM)
def test_relative_agrees_with_the_standard_library(target, t_end, start, s_end):
    t = target + t_end if target else (t_end.strip("/") or "")
    s = start + s_end if start else (s_end.strip("/") or "")
    assert relative(t, s) == posixpath.relpath(t or ".", s or ".")


def test_page_links_by_hand():
    here = Here("x/lvjing.md")
    assert here.link("x/index.md") == "../"
    assert here.link("x/lvjing.md") == "./"
    assert here.link("c/cuihu.md") == "../../c/cuihu/"
    assert here.link("index.md") == "../../"
    assert Here("index.md").link("u/qh-shuiwu.md") == "u/qh-shuiwu/"
    assert Here("p/lvjing/3.md").asset("assets/baodao/live.js") == "../../../assets/baodao/live.js"
