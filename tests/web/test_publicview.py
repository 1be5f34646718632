"""The public view's builder (web/publicview.py): a post shown on many buildings is made once,
and the view is the one made post by post."""

from __future__ import annotations

import datetime as dt

from baodao.web import publicview
from baodao.web.publicview import build_view

AS_OF = dt.date(2026, 11, 23)


def _services(view) -> list:
    return [b.service for x in view.compounds for b in x.buildings if b.service is not None]


def test_a_grids_posts_shown_on_many_buildings_are_made_once(tiny):
    ds = tiny.repo().load_and_check(AS_OF)[0]
    services = _services(build_view(ds, AS_OF, None))
    by_grid: dict[str, list] = {}
    for s in services:
        by_grid.setdefault(s.grid.id, []).append(s.grid_posts)
    shared = [posts for posts in by_grid.values() if len(posts) > 1 and posts[0]]
    assert shared  # the fixture has a grid serving more than one building
    for posts in shared:
        assert all(a is b for other in posts[1:] for a, b in zip(posts[0], other, strict=True))


def test_the_view_is_the_one_made_post_by_post(tiny, monkeypatch):
    ds = tiny.repo().load_and_check(AS_OF)[0]
    once = build_view(ds, AS_OF, None)
    # Every post made anew, as before posts were kept (the builder's own _post, uncached).
    monkeypatch.setattr(publicview._Builder, "post", publicview._Builder._post)
    each = build_view(ds, AS_OF, None)
    assert each == once
    assert _services(each) == _services(once)
    assert each.public_phones == once.public_phones
    assert each.consented_names == once.consented_names
