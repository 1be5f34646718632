"""Pages a resident opens beside the lookup: notices (公示), the stations directory, open data.

Hooked into render.render_pages; the non-page files (the Atom feed, the open-data files) are
written by build.stage through :func:`write_files`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..records.git import commit_epoch, commit_of
from .incremental import Staging
from .noticesview import atom_feed
from .opendata import FOLDER, tables, write_open_data
from .publicview import PublicView

Page = Callable[..., tuple[str, str | None]]  # None: kept as staged (web/pagememo.py)
FEED = "n/feed.xml"


def portal_pages(view: PublicView, page: Page) -> Iterator[tuple[str, str | None]]:
    if view.notices is not None:
        yield page("notices.md.j2", "n/index.md", "公示", N=view.notices)
        for n in view.notices.items:
            yield page("notice.md.j2", f"n/{n.id}.md", n.title, N=view.notices, n=n)
    if view.stations is not None:
        yield page("stations.md.j2", "s/index.md", "党群服务阵地", S=view.stations, N=view.notices)
        for e in view.stations.entries:
            yield page("station.md.j2", f"s/{e.s.id}.md", e.s.name, e=e, N=view.notices)
    yield page("opendata.md.j2", f"{FOLDER}/index.md", "开放数据", T=tables(view))


def write_files(view: PublicView, out: Staging, root: Path) -> int:
    """The files beside the pages: the notices' Atom feed (and the open data); their count."""
    n = 0
    if view.notices is not None:
        feed = atom_feed(view.notices, view.site_title, view.district_name, view.org_department)
        out.write(FEED, feed)
        n += 1
    n += 2 + 2 * len(write_open_data(view, out, commit_of(root), commit_epoch(root)))
    return n
