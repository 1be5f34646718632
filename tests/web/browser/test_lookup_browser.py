"""有事找支部 in a real browser: the recall list typed as a person types, a building's answer,
and the time per keystroke over a city-sized index (1,100 compounds)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
import yaml

RECALL = yaml.safe_load((Path(__file__).parent / "recall.yaml").read_text("utf-8"))


def _type(page, text: str) -> None:
    page.fill("#bd-q", "")
    page.evaluate("window.baodaoLookup.lastMs = null")
    page.type("#bd-q", text, delay=5)
    page.wait_for_function("window.baodaoLookup.lastMs !== null")


def _hits(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.bd-hit",
        """els => els.map(li => ({href: li.querySelector('a.bd-hit-name').getAttribute('href'),
            building: (li.querySelector(':scope > b') || {}).textContent || null,
            place: (li.querySelector('.bd-place') || {}).textContent || ''}))""",
    )


def _id(hit: dict) -> str:
    """The record a result links to: a compound or community page, or a street's section."""
    return hit["href"].rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_recall_list(page, site_url):
    page.goto(site_url + "x/")
    misses = []
    for case in RECALL:
        _type(page, case["q"])
        hits = _hits(page)
        if "top" in case:
            ids = [_id(h) for h in hits[: len(case["top"])]]
            places = {h["place"] for h in hits[: len(case["top"])]}
            if sorted(ids) != sorted(case["top"]) or len(places) != len(ids):
                misses.append((case["q"], ids))
            continue
        got = (_id(hits[0]), hits[0]["building"]) if hits else (None, None)
        if got != (case["first"], case.get("building")):
            misses.append((case["q"], got))
    recall = 1 - len(misses) / len(RECALL)
    print(f"\nfirst-result recall {recall:.1%} over {len(RECALL)} queries; missed: {misses}")
    assert len(RECALL) >= 150
    assert recall >= 0.97, f"{len(misses)}/{len(RECALL)} 未命中 / missed: {misses}"


def test_building_answer_shows_who_serves_it_with_phones(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "绿景花园3栋")
    page.wait_for_selector(".bd-answer dl")
    text = page.inner_text(".bd-answer")
    for expected in [
        "绿景花园 3号楼",
        "党支部",
        "书记",
        "楼栋党小组",
        "党员中心户",
        "网格和网格员",
        "专职网格员",
        "党群服务站",
        "开放时间",
    ]:
        assert expected in text, expected
    tels = page.eval_on_selector_all(".bd-answer a.bd-tel", "els => els.map(a => a.href)")
    assert tels and all(t.startswith("tel:") and t[4:].isdigit() for t in tels), tels
    # The answer links to the compound's page, which exists.
    with page.expect_navigation():  # wait for the new document, not only the new address
        page.click(".bd-answer a:not(.bd-tel)")
    assert page.url.endswith("/x/lv-jing-hua-yuan/")
    assert page.locator("h1").inner_text() == "绿景花园"


def test_choosing_a_building_after_finding_the_compound(page, site_url):
    page.goto(site_url)  # the box on the home page
    _type(page, "chonghuayuan")
    page.click("button.bd-bld >> text=2幢")
    page.wait_for_selector(".bd-answer dl")
    assert "重华苑 2幢" in page.inner_text(".bd-answer")
    assert page.get_attribute("button.bd-bld >> text=2幢", "aria-pressed") == "true"


def test_same_named_compounds_show_their_community(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "幸福小区")
    places = [h["place"] for h in _hits(page)[:2]]
    assert sorted(places) == ["柳岸社区 · 东渠街道", "翠湖社区 · 青禾街道"]


def test_nothing_found_says_what_to_try(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "不存在的地方")
    assert page.locator("li.bd-hit").count() == 0
    assert "没有找到“不存在的地方”" in page.inner_text("#bd-status")


def test_home_form_without_javascript_opens_the_list(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url)
    pg.fill("#bd-q", "绿景")
    pg.press("#bd-q", "Enter")
    pg.wait_for_url("**/x/?q=*")
    assert pg.locator("a", has_text="绿景花园").count() >= 1
    context.close()


CITY = 1100


def test_time_per_keystroke_over_a_city_sized_index(page, site_url):
    """The demo index repeated to 1,100 compounds (same shapes of names and pinyin), searched
    with every prefix of the recall queries; search + drawing the results, in ms."""
    page.goto(site_url + "x/")
    page.focus("#bd-q")
    page.wait_for_function("window.baodaoLookup.ready")
    times = page.evaluate(
        """async ([n, queries]) => {
          const data = await (await fetch('lookup.json')).json();
          const rows = [];
          for (let i = 0; rows.length < n; i++)
            for (const r of data.x) if (rows.length < n) rows.push([r[0] + '-' + i].concat(r.slice(1)));
          data.x = rows;
          const L = new window.baodaoLookup.Lookup(data);
          const out = [];
          for (const q of queries) for (let k = 1; k <= q.length; k++) {
            let best = Infinity;  // best of 3: the work of a keystroke, not the shared CPU's noise
            for (let r = 0; r < 3; r++) {
              const t0 = performance.now();
              const hits = L.search(q.slice(0, k));
              document.getElementById('bd-results').textContent = hits.map(h => h.item.name).join(' ');
              best = Math.min(best, performance.now() - t0);
            }
            out.push(best);
          }
          return out;
        }""",
        [CITY, [c["q"] for c in RECALL]],
    )
    ms = sorted(times)
    p95 = ms[int(len(ms) * 0.95)]
    print(
        f"\nlookup over {CITY} compounds: {len(ms)} keystrokes, median {statistics.median(ms):.2f} ms, "
        f"p95 {p95:.2f} ms, max {ms[-1]:.2f} ms"
    )
    # The budget is 16 ms a keystroke (one frame): measured on an idle machine by `make lighthouse`
    # (python -m baodao.browserbench lookup), not asserted here, where CI shares two cores. This
    # guard catches a ranking that went quadratic (seconds), not a slow machine.
    assert p95 <= 50 and statistics.median(ms) <= 16, ms[-10:]


@pytest.mark.parametrize("case", [c for c in RECALL if c.get("building")][:1])
def test_answer_json_is_fetched_relative_to_the_page(page, site_url, case):
    """Works on any static host under any path: the lookup's files are fetched relatively."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(site_url + "x/")
    _type(page, case["q"])
    page.wait_for_selector(".bd-answer dl")
    assert site_url + "x/lookup.json" in urls
    assert site_url + f"x/d/{case['first']}.json" in urls


def test_record_text_never_becomes_markup_in_the_lookup(tiny, tmp_path, chromium):
    """A compound named like markup, with a | in it, is found and shown as text."""
    from baodao.browserbench import serve
    from baodao.web.build import build

    evil = '<img src=x onerror="window.__pwned=1">绿景|花园'
    c = "data/qinghe/cuihu/compounds/lvjing.yaml"
    tiny.edit(c, lambda d: d.update(name=evil, aliases=["<b>绿景</b>"]))
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    with serve(out) as url:
        pg = chromium.new_page()
        pg.goto(url + "x/")
        _type(pg, "绿景")
        pg.click("button.bd-bld >> nth=0")
        pg.wait_for_selector(".bd-answer dl")
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator("#bd-results img").count() == 0
        assert pg.locator("#bd-results b", has_text="绿景").count() == 0
        assert evil in pg.inner_text("a.bd-hit-name")
        assert evil in pg.inner_text(".bd-answer h3")
        pg.close()


def test_a_building_the_compound_does_not_have_keeps_the_compound(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "绿景花园9号楼")
    assert _id(_hits(page)[0]) == "lv-jing-hua-yuan"
    assert page.inner_text(".bd-missing") == (
        "绿景花园没有登记“9号楼”。这个小区有下面这些楼，请选您住的楼："
    )
    assert page.eval_on_selector_all("button.bd-bld", "bs => bs.map(b => b.textContent)") == [
        "1号楼",
        "2号楼",
        "3号楼",
        "4号楼",
    ]


def test_a_community_name_lists_its_compounds_and_its_phone(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "翠湖社区")
    first = page.locator("li.bd-hit").first
    assert first.locator("a.bd-hit-name").inner_text() == "翠湖社区"
    assert first.locator(".bd-why").inner_text() == "社区党群服务站电话 0999-6077538"
    assert first.locator("p").nth(1).inner_text() == (
        "长乐花园、绿景花园、民主路179号院、香樟名都、新桥路29号院、幸福小区"
    )
    with page.expect_navigation():
        first.locator("p a", has_text="绿景花园").click()
    assert page.url.endswith("/x/lv-jing-hua-yuan/")


def test_a_street_name_lists_its_communities(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "东渠街道")
    first = page.locator("li.bd-hit").first
    assert first.locator("a.bd-hit-name").inner_text() == "东渠街道"
    assert first.locator("p").nth(1).inner_text() == "和平社区、柳岸社区、滨河社区"


def test_not_found_gives_the_district_phone(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "不存在的地方")
    assert page.inner_text("#bd-results") == (
        "不知道属于哪个社区，可以打电话问中共青禾区委组织部： 0999-6100001"
    )
    assert page.get_attribute("#bd-results a.bd-tel", "href") == "tel:09996100001"


def test_not_found_in_a_named_community_gives_its_phone_too(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "翠湖那边的小卖部")
    assert page.locator("li.bd-hit").count() == 0
    assert page.inner_text("#bd-results").splitlines() == [
        "可以打电话问翠湖社区（党群服务站）： 0999-6077538",
        "不知道属于哪个社区，可以打电话问中共青禾区委组织部： 0999-6100001",
    ]


def test_lookup_answer_says_whose_phone_it_is(page, site_url):
    page.goto(site_url + "x/")
    _type(page, "绿景花园3栋")
    page.wait_for_selector(".bd-answer dl")
    text = page.inner_text(".bd-answer")
    assert "书记 夏荣思 服务站电话 0999-6077538" in text
    assert "专职网格员 （姓名未公开） 岗位电话 13600005505" in text
    assert "兼职网格员 张俊杰 本人电话 13500000390" in text
