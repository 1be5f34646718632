"""The HTML every page repeats, rendered in Python: a phone number and a post (role, name, phone).

Templates call them as ``phone(p)``, ``post(p)`` and ``posts(ps)`` (Jinja globals, web/render.py).
As Jinja macros they were the sites' most called code (a city's pages: 129,000 phones, 52,000
posts, ~2 s of a build in macro calls); here a post's HTML is made once per post (the same post
is on a compound's page, its boards and its community's page). Escaped exactly as Jinja's
autoescape escapes (tests/web/test_snippets.py compares them with the macros they replace).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from .viewtypes import Post

_EMPTY = Markup("")
_BR = Markup("<br>")


def phone(p: object) -> Markup:
    """A tap-to-call link; nothing for no number."""
    if not p:
        return _EMPTY
    return Markup('<a class="bd-tel" href="tel:{}">{}</a>').format(str(p).replace("-", ""), p)


@lru_cache(maxsize=1 << 17)
def post(p: Post) -> Markup:
    """Role (and unit, duties), the holder's name or 空缺, and whose phone it is."""
    out = [escape(p.role)]
    if p.unit:
        out.append(Markup("（") + escape(p.unit))
        if p.duties:
            out.append(Markup("，") + escape("、".join(map(str, p.duties))))
        out.append(Markup("）"))
    out.append(Markup(" "))
    if p.vacant:
        out.append(Markup('<b class="bd-vacant">空缺'))
        if p.vacant_since:
            out.append(Markup("（自 {}）").format(p.vacant_since))
        out.append(Markup("</b>"))
    else:
        out.append(escape(p.name or "（姓名未公开）"))
    if p.phone:
        out.append(Markup(" "))
        if p.phone_of:
            out.append(Markup('<span class="bd-whose">{}电话</span> ').format(p.phone_of))
        out.append(phone(p.phone))
    return Markup("").join(out)


def posts(ps: object) -> Markup:
    """Posts one per line."""
    return _BR.join(post(p) for p in ps)  # type: ignore[attr-defined]
