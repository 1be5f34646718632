"""The demo site answers 'who serves my building' for every building of the demo district."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from baodao.model.assignments import assignment_on
from baodao.repo import CODE_ROOT, Repo
from baodao.web.build import build

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


def _page_text(out, path: str) -> str:
    page = (out / path / "index.html").read_text("utf-8")
    return re.sub(r"\s+", " ", _text(page[page.index('<div class="bd-page">') :]))


def test_ratings_pages_explain_the_rules_and_show_the_planted_outcomes(demo_site):
    _ds, out = demo_site
    text = _page_text(out, "a/communities-2025h2")
    # Each rule of the cut in one sentence, and the community planted last in 2024 and 2025.
    assert "前、后10%的社区数＝社区总数×10%，向上取整，至少 1 个" in text
    assert "年度排名按两个半年总分的平均分重新排名" in text
    assert "调整书记（连续两年后10%）（1 个） 全区排名 社区 总分 结果 6 翠湖社区" in text
    stars_text = _page_text(out, "a/stars-2026h1")
    assert "支部的服务站按考核期最后一天为支部多数楼栋服务的党群服务站计" in stars_text
    assert "星级分布" in stars_text and "可获经费奖补的支部" in stars_text
    street = _page_text(out, "a/stars-2026h1-qing-he")
    assert "得分明细：总分" in street and "阵地“六有”" in street
    prop = _page_text(out, "a/property-2026q3")
    assert "红榜（" in prop and "黑榜（" in prop and "未评议（" in prop
    assert "物业公司（按所服务小区的平均分）" in prop
    hot = _page_text(out, "a/hotline-2026")
    assert "专班攻坚（工单量前 4 个小区）（4 个）" in hot and "同比下降" in hot
    index = _page_text(out, "a")
    assert "小区党支部评星定级" in index and "2026 年上半年" in index


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


def test_dashboards_show_the_figures_of_their_json_with_charts_and_tables(demo_site):
    import json

    _ds, out = demo_site
    data = json.loads((out / "dashboard" / "district" / "district.json").read_text("utf-8"))
    page = (out / "dash" / "index.html").read_text("utf-8")
    text = _page_text(out, "dash")
    assert f"吹哨报到按时办结率 {data['requests']['on_time_rate']}" in text
    assert (
        f"四星以上小区党支部 {data['branch_stars']['grades']['五星'] + data['branch_stars']['grades']['四星']} 个"
        in text
    )
    # Every chart is an SVG picture followed by a table with the same numbers (readable without JS).
    assert page.count('<svg class="bd-bars" role="img"') >= 5
    charts = page.split('<svg class="bd-bars"')[1:]
    assert all("<table" in c.split("</svg>", 1)[1][:400] for c in charts)
    for street in _ds.of("street"):
        assert (out / "dash" / street / "index.html").is_file()
    for community in _ds.of("community"):
        assert (out / "dash" / "c" / community / "index.html").is_file()
    assert "<script" not in page[page.index('<div class="bd-page">') : page.index("</article>")]
