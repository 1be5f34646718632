"""The 治理公开 pages: an index in the nav and one page per part and period, all outside the nav."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .publicview import PublicView

Page = Callable[..., tuple[str, str | None]]  # None: kept as staged (web/pagememo.py)


def gov_pages(view: PublicView, page: Page) -> Iterator[tuple[str, str | None]]:
    g = view.governance
    yield page("gov_index.md.j2", "gov/index.md", "治理公开", G=g)
    if g is None:
        return
    for r in g.requests:
        yield page(
            "gov_requests.md.j2",
            f"gov/requests-{r.period}.md",
            f"吹哨报到、接诉即办（{r.period} 年）",
            R=r,
        )
    for f in g.force:
        yield page(
            "gov_force.md.j2",
            f"gov/force-{f.period}.md",
            f"力量地图与“3+1”指数（{f.period} 年）",
            F=f,
        )
    if g.coverage is not None:
        yield page("gov_coverage.md.j2", "gov/coverage.md", "党组织覆盖", C=g.coverage)
    for f in g.funds:
        yield page("gov_funds.md.j2", f"gov/funds-{f.period}.md", f"经费公开（{f.period}）", F=f)
    if g.admission is not None:
        yield page("gov_admission.md.j2", "gov/admission.md", "社区工作准入清单", L=g.admission)
