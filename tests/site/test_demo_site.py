"""The demo site answers 'who serves my building' for every building of the demo district."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from baodao.checks.service import assignment_on
from baodao.repo import CODE_ROOT, Repo
from baodao.site.build import build

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "public"
    repo = Repo.locate(CODE_ROOT)
    build(repo, out, AS_OF.isoformat(), work=out.parent / "work")
    return repo.load_and_check(AS_OF)[0], out


def _cards(page: str) -> list[tuple[list[str], str]]:
    cards = []
    for section in re.findall(r'<section class="bd-card"[^>]*>(.*?)</section>', page, re.S):
        numbers = html.unescape(re.search(r"<h3[^>]*>(.*?)</h3>", section, re.S).group(1)).split(
            "、"
        )
        cards.append(
            ([n.strip() for n in numbers], html.unescape(re.sub(r"<[^>]+>", " ", section)))
        )
    return cards


def test_every_building_shows_its_branch_group_grid_worker_and_station(demo_site):
    ds, out = demo_site
    checked = 0
    for comp in ds.of("compound").values():
        cards = _cards((out / "x" / comp.id / "index.html").read_text("utf-8"))
        for b in comp.get("buildings"):
            a = assignment_on(b["serve"], AS_OF)
            (text,) = [t for numbers, t in cards if b["number"] in numbers]
            branch = ds.get("branch", a["branch"])
            assert branch.get("name") in text
            if a.get("group"):
                (group,) = [g for g in branch.get("groups") if g["id"] == a["group"]]
                assert group["name"] in text
            grid = ds.get("grid", a["grid"])
            assert grid.get("name") in text
            assert any(role in text for role in ("专职网格员", "兼职网格员", "网格指导员"))
            station = ds.get("station", a["station"])
            assert station.get("name") in text and station.get("work_phone") in text
            checked += 1
    assert checked > 300


def test_same_named_compounds_are_told_apart_by_community(demo_site):
    _ds, out = demo_site
    index = (out / "x" / "index.html").read_text("utf-8")
    assert index.count(">幸福小区</a>") == 2
    for cid in ("xing-fu", "xing-fu-2"):
        title = re.search(
            r"<title>(.*?)</title>", (out / "x" / cid / "index.html").read_text("utf-8")
        ).group(1)
        assert title.startswith("幸福小区（") and "社区）" in title
