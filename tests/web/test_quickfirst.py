"""The preview's first quick step (web/quickpreview.py ``Quick.first``): the edited record's own
pages, from the view's core, served before the other changed pages — the bytes the full build
makes, never a page whose template reads more than the core, never a page with a leak."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from baodao.web.build import build
from baodao.web.render import _env, reads_core_only
from baodao.web.serve import Preview

C = "data/qinghe/cuihu/compounds/lvjing.yaml"
COMMUNITY = "data/qinghe/cuihu/community.yaml"
DAY = "2026-11-23"
PAGES = ["x/lvjing/index.html", "p/lvjing/1/index.html", "p/lvjing/3/index.html"]


def _at_phase_two(preview: Preview) -> list[tuple[dict[str, bytes], int, str]]:
    """What the preview served when the second quick step started: (pages, version, refusal)."""
    seen: list[tuple[dict[str, bytes], int, str]] = []
    quick = preview.quick
    assert quick is not None
    real = quick.run

    def spy(as_of: dt.date):
        pages = {p: (preview.out / p).read_bytes() for p in PAGES}
        seen.append((pages, preview.version, preview.refusal))
        return real(as_of)

    quick.run = spy  # type: ignore[method-assign]
    return seen


def test_the_renamed_compounds_own_pages_come_first_as_the_full_build_makes_them(tiny, tmp_path):
    preview = Preview(tiny.repo(), tmp_path / "preview", DAY)
    preview.rebuild()
    seen = _at_phase_two(preview)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    preview.rebuild({str(tiny.path(C))})
    pages, version, refusal = seen[0]
    assert (version, refusal) == (2, "")  # served and reloaded before the second step
    assert "<h1>绿景新园</h1>" in pages["x/lvjing/index.html"].decode("utf-8")
    full_out = tmp_path / "public"
    build(tiny.repo(), full_out, DAY, work=tmp_path / "full-work")
    for page in PAGES:
        assert pages[page] == (full_out / page).read_bytes(), page


def test_a_page_whose_template_reads_more_than_the_core_waits(tiny, tmp_path):
    """The community page reads the assessments and the lists: not in the first step; its
    board print page reads only the core: in it."""
    env = _env()
    assert reads_core_only(env, "compound.md.j2") and reads_core_only(env, "board.md.j2")
    assert not reads_core_only(env, "community.md.j2") and not reads_core_only(env, "unit.md.j2")
    preview = Preview(tiny.repo(), tmp_path / "preview", DAY)
    preview.rebuild()
    assert preview.quick is not None
    tiny.replace(COMMUNITY, "name: 翠湖社区", "name: 翠湖新社区")
    served = preview.quick.first({str(tiny.path(COMMUNITY))}, dt.date(2026, 11, 23))
    assert served == ["p/cuihu.md"]
    assert "翠湖新社区" not in (preview.out / "c/cuihu/index.html").read_text("utf-8")


def test_a_leak_in_the_renamed_record_is_never_served(tiny, tmp_path):
    preview = Preview(tiny.repo(), tmp_path / "preview", DAY)
    preview.rebuild()
    seen = _at_phase_two(preview)
    tiny.replace(C, "name: 绿景花园", "name: 金丝雀甲")  # a registry name without consent
    preview.rebuild({str(tiny.path(C))})
    pages, version, refusal = seen[0]
    assert (version, refusal) == (1, "")  # nothing served by the first step
    assert all("金丝雀甲" not in text.decode("utf-8") for text in pages.values())
    assert preview.refusal  # the full build refuses it (validate: a registry name)
    assert "金丝雀甲" not in Path(preview.out / PAGES[0]).read_text("utf-8")


def test_the_core_view_holds_what_the_full_view_holds(tiny):
    """The core (with one compound) is the full view's streets, communities and that compound:
    a page rendered from either is the same."""
    from baodao.web.publicview import HEAVY, build_view

    ds = tiny.repo().load_and_check(dt.date(2026, 11, 23))[0]
    day, stale = dt.date(2026, 11, 23), dt.date(2026, 5, 27)
    full = build_view(ds, day, stale)
    core = build_view(ds, day, stale, core=True, compounds=lambda r: r.id == "lvjing")
    assert [x.id for x in core.compounds] == ["lvjing"]
    assert core.compounds[0] == next(x for x in full.compounds if x.id == "lvjing")
    assert (core.streets, core.communities) == (full.streets, full.communities)
    assert (core.as_of, core.stale_after_days, core.site_url) == (
        full.as_of,
        full.stale_after_days,
        full.site_url,
    )
    assert core.public_phones <= full.public_phones  # the scan allows no more than the full's
    assert core.assessments is None and core.ratings is None and core.notices is None
    assert "assessments" in HEAVY and "community_lists" in HEAVY


def test_the_scanner_kept_between_edits_still_finds_a_leak(tiny, tmp_path):
    """The first step keeps its detectors while the registry, needles and allowed values are
    the same: the second edit reuses them, and they still refuse an unconsented name."""
    preview = Preview(tiny.repo(), tmp_path / "preview", DAY)
    preview.rebuild()
    quick, day = preview.quick, dt.date(2026, 11, 23)
    assert quick is not None
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    assert "x/lvjing.md" in (quick.first({str(tiny.path(C))}, day) or [])
    kept = quick.scanner
    tiny.replace(C, "name: 绿景新园", "name: 金丝雀甲")
    assert quick.first({str(tiny.path(C))}, day) is None
    assert quick.scanner is kept  # the same reader read the second page
    page = (preview.out / PAGES[0]).read_text("utf-8")
    assert "绿景新园" in page and "金丝雀甲" not in page
