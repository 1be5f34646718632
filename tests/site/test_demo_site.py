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


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _lines(page: str) -> list[tuple[list[str], str]]:
    """(building numbers, line HTML) of the 'find your building' list."""
    block = page[page.index('<ul class="bd-bldg">') :]
    block = block[: block.index("</ul>")]
    out = []
    for li in re.findall(r"<li>(.*?)</li>", block, re.S):
        numbers = html.unescape(re.match(r"<b>(.*?)</b>", li).group(1)).split("、")
        out.append((numbers, li))
    return out


def _section(page: str, anchor: str) -> str:
    """The text of the element with id=anchor (a card, a group paragraph or a station block)."""
    m = re.search(rf'<(section|p|div) [^>]*id="{re.escape(anchor)}"[^>]*>(.*?)</\1>', page, re.S)
    assert m, anchor
    return _text(m.group(2))


def test_every_building_shows_its_branch_group_grid_worker_and_station(demo_site):
    ds, out = demo_site
    checked = 0
    for comp in ds.of("compound").values():
        page = (out / "x" / comp.id / "index.html").read_text("utf-8")
        lines = _lines(page)
        for b in comp.get("buildings"):
            a = assignment_on(b["serve"], AS_OF)
            (line,) = [li for numbers, li in lines if b["number"] in numbers]
            branch = ds.get("branch", a["branch"])
            assert f'href="#br-{branch.id}">{branch.get("name")}</a>' in line
            if any(p["role"] == "secretary" for p in branch.get("posts") or []):
                assert "书记" in _section(page, f"br-{branch.id}")
            if a.get("group"):
                (group,) = [g for g in branch.get("groups") if g["id"] == a["group"]]
                assert f'href="#g-{group["id"]}">{group["name"]}</a>' in line
                assert b["number"] in _section(page, f"g-{group['id']}")
            grid = ds.get("grid", a["grid"])
            assert f'href="#w-{grid.id}">{grid.get("name")}</a>' in line
            workers = _section(page, f"w-{grid.id}")
            assert any(role in workers for role in ("专职网格员", "兼职网格员", "网格指导员"))
            station = ds.get("station", a["station"])
            assert f'href="#st-{station.id}">{station.get("name")}</a>' in line
            block = _section(page, f"st-{station.id}")
            assert station.get("work_phone") in block and "开放时间" in block
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


def test_demo_notices_stations_and_open_data(demo_site):
    ds, out = demo_site

    def _text(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    notices = _text((out / "n" / "index.html").read_text("utf-8"))
    for rec in ds.of("notice").values():
        assert rec.get("title") in notices, rec.id
    amended = _text((out / "n" / "2027-baodao-plan" / "index.html").read_text("utf-8"))
    assert "2026-11-05 原因：报到截止日期写错" in amended and "共 10 个工作日" in amended
    directory = (out / "s" / "index.html").read_text("utf-8")
    for rec in ds.of("station").values():
        assert f'href="{rec.id}/"' in directory, rec.id
        assert (out / "s" / rec.id / "index.html").is_file()
    # A station that misses an item of the 六有 standard says which.
    unmet = [r for r in ds.of("station").values() if len(r.get("six_haves")["met"]) < 6]
    assert unmet
    page = _text((out / "s" / unmet[0].id / "index.html").read_text("utf-8"))
    assert "✗ 未达标" in page and f"达标 {len(unmet[0].get('six_haves')['met'])} / 6 项" in page
    rows = (out / "d" / "stations.csv").read_text("utf-8").count("\n") - 1
    assert rows == len(ds.of("station"))
