"""Assessment results on the site: units explained in full, members only as suppressed aggregates."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from baodao.web.build import build
from baodao.web.charts import Bar, bar_chart, figure

M = "private/qinghe/cuihu/members/2026.csv"
U = "data/units/qh-shuiwu.yaml"
AS_OF = "2026-12-31"


def _visible(path: Path) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def _build(tiny, tmp_path: Path) -> Path:
    out = tmp_path / "public"
    build(tiny.repo(), out, AS_OF, work=tmp_path / "work")
    return out


def _rows(page: str, caption: str) -> dict[str, str]:
    """label → shown value of the data table with this caption."""
    m = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert m, caption
    # Cells carry their column's heading and a no-wrap mark for the phone (web/tables.py).
    return dict(re.findall(r'<th scope="row"[^>]*>(.*?)</th><td[^>]*>(.*?)</td>', m.group(1)))


@pytest.fixture
def site(tiny, tmp_path):
    return _build(tiny, tmp_path)


def test_unit_page_shows_total_grade_ranks_and_breakdown(site):
    page = (site / "u" / "qh-shuiwu" / "index.html").read_text("utf-8")
    text = _visible(site / "u" / "qh-shuiwu" / "index.html")
    assert 'id="result-2026"' in page
    assert (
        "总分 15.00 · 等级 不合格 · 翠湖社区第 1 名（共 1 个单位） · 全区第 1 名（共 1 个单位）"
        in text
    )
    assert "按时报到 已报到 15.00 / 15.00" in text
    assert "依据记录：data/qinghe/cuihu/registrations/2026-qh-shuiwu.yaml:1" in text
    for row in (
        "履责报告 未提交 0.00 / 15.00",
        "社区评价 未评价 0.00 / 40.00",
        "共建项目 无记录 0.00 / 20.00",
        "投入人次 无记录 0.00 / 10.00",
    ):
        assert row in text, row
    assert "未提交履责报告的，“履责报告”一项得 0 分" in text  # the note, from the rules' stated
    assert 'href="../../a/units-2026/"' in page


def test_results_index_links_each_score_to_its_breakdown(site):
    page = (site / "a" / "index.html").read_text("utf-8")
    row = re.sub(r' (?:data-label="[^"]*"|class="bd-nw")', "", page)  # the phone's cell marks
    row = re.search(r"<tr><td>1</td>.*?</tr>", row).group(0)
    assert 'href="../u/qh-shuiwu/#result-2026">青禾区水务局</a>' in row
    assert 'href="../c/cuihu/">翠湖社区</a>' in row and "<td>15.00</td><td>不合格</td>" in row
    assert 'href="units-2026/"' in page and 'href="members-2026/"' in page
    text = _visible(site / "a" / "index.html")
    # history: one row per period
    assert "2026 年 1 15.00 优秀 少于 5 · 合格 少于 5 · 基本合格 少于 5 · 不合格 少于 5" in text
    nav = page[page.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "考核结果" in nav and "units-2026" not in nav


def test_community_page_suppresses_every_count_of_members(site):
    path = site / "c" / "cuihu" / "index.html"
    page, text = path.read_text("utf-8"), _visible(path)
    assert "在本社区报到 少于 5 名，有活动记录 少于 5 名，参与率 —，服务时长合计 —" in text
    grades = _rows(page, "翠湖社区 2026 年在职党员考核等级分布（人数）")
    assert grades == {"优秀": "少于 5", "合格": "少于 5", "基本合格": "少于 5", "不合格": "少于 5"}
    months = _rows(page, "翠湖社区 2026 年每月服务时长（小时）")
    assert list(months) == [f"{m}月" for m in range(1, 13)]
    assert set(months.values()) == {"—"}  # one person a month: never shown


def test_no_member_is_exposed_anywhere(site):
    # p-0006: 13.5 hours, 67.50 (合格); p-0007: 20.00 (不合格); their report-in and activity dates.
    needles = [
        "p-0006",
        "p-0007",
        "周明",
        "吴刚",
        "13.5",
        "67.50",
        "22.50",
        "2026-03-02",
        "2026-03-20",
        "2026-04-10",
        "2026-09-20",
        "五访五问五帮入户走访",
    ]
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        for needle in needles:
            assert needle not in text, (page, needle)
        # No evidence path into the private root (the editors' help may name the folder itself).
        assert not re.search(r"private/[\w.-]", text), page


def _more_members(tiny, home_org: str = "shi-jiaoyuju") -> None:
    rows = "".join(
        f"p-000{n},2026-03-0{n},{home_org},lvjing,3,,,volunteer,,,\n" for n in range(1, 6)
    )
    tiny.path(M).write_text(tiny.path(M).read_text("utf-8") + rows, encoding="utf-8")


def test_with_five_or_more_members_only_cells_of_five_show_numbers(tiny, tmp_path):
    _more_members(tiny)  # p-0001..p-0005 report in without activity: 不合格 (20.00)
    site = _build(tiny, tmp_path)
    path = site / "c" / "cuihu" / "index.html"
    page, text = path.read_text("utf-8"), _visible(path)
    assert "在本社区报到 7 名，有活动记录 少于 5 名，参与率 —" in text
    grades = _rows(page, "翠湖社区 2026 年在职党员考核等级分布（人数）")
    assert grades == {"优秀": "少于 5", "合格": "少于 5", "基本合格": "少于 5", "不合格": "6"}
    svg = re.search(r'<svg class="bd-bars".*?</svg>', page, re.S).group(0)
    # 6 is drawn as a bar; the suppressed grades as empty (dashed) bars carrying "少于 5"
    assert svg.count('stroke-dasharray="3 2"') == 3 and svg.count("少于 5") == 3
    assert ">6</text>" in svg
    index = _visible(site / "a" / "index.html")
    assert "全区在职党员报到 7 名" in index and "不合格 6" in index


def test_a_group_all_in_one_grade_withholds_its_distribution(tiny, tmp_path):
    _more_members(tiny, home_org="qh-shuiwu")  # with p-0007: six 水务局 members, all 不合格
    site = _build(tiny, tmp_path)
    text = _visible(site / "u" / "qh-shuiwu" / "index.html")
    assert "报到 6 名" in text
    assert "等级分布：优秀 — · 合格 — · 基本合格 — · 不合格 —" in text
    assert "不合格 6" not in text


def test_rules_pages_list_indicators_with_weight_measure_and_source(site):
    units = _visible(site / "a" / "units-2026" / "index.html")
    for row in [
        "按时报到 15 分 按时报到得满分，逾期按逾期系数 0.5 计分 种子000：“双报到”是指单位党组织到驻地社区党组织报到",
        "履责报告 15 分 提交履责报告得满分，未提交得 0 分 种子000：“双报告”是指单位党组织履行社会责任报告",
        "社区评价 40 分 报到社区的评价分达到 100 分得满分",
        "共建项目 20 分 参与共建项目达到 2 个得满分",
        "投入人次 10 分 投入人次达到 50 人次得满分",
    ]:
        assert row in units, row
    assert "优秀 85 分及以上 良好 70 分及以上、不到 85 分" in units and "不合格 不到 60 分" in units
    assert "当年未报到的单位不参加考核，名单在社区页面公开" in units
    assert "总分相同的，依次比较社区评价；仍相同的按编号排序。" in units
    members = _visible(site / "a" / "members-2026" / "index.html")
    for row in [
        "服务时长 40 分 服务时长达到 24 小时得满分，不足的按比例给分 种子000：“双报告”是指……在职党员参与社区活动报告",
        "参加活动次数 30 分 参加活动达到 6 次得满分",
        "服务方式 10 分 服务方式（如志愿式、专长式）达到 2 种得满分",
    ]:
        assert row in members, row
    assert "满分 100 分" in members


def test_chart_is_an_accessible_svg_with_its_table():
    bars = [Bar("优秀", 12, "12"), Bar("<b>合格</b>", None, "少于 5"), Bar("不合格", 0, "0")]
    out = str(figure("等级 <分布> & 人数", ("等级", "人数"), bars))
    assert out == str(figure("等级 <分布> & 人数", ("等级", "人数"), bars))  # deterministic
    svg = out[: out.index("</svg>")]
    assert '<svg class="bd-bars" role="img" aria-label="等级 &lt;分布&gt; &amp; 人数"' in svg
    assert "<title>等级 &lt;分布&gt; &amp; 人数</title>" in svg
    assert 'font-family="sans-serif"' in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "<b>" not in out and "&lt;b&gt;合格&lt;/b&gt;" in out
    table = out[out.index("<table>") :]
    assert re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table) == [
        ("优秀", "12"),
        ("&lt;b&gt;合格&lt;/b&gt;", "少于 5"),
        ("不合格", "0"),
    ]
    # The suppressed value is drawn as an empty bar with its text, never with a length.
    assert 'fill="none"' in svg and ">少于 5</text>" in svg
    assert figure("空", ("a", "b"), []) == ""
    assert str(bar_chart("等级 <分布> & 人数", bars)) in out


def test_markup_in_a_unit_name_is_escaped(tiny, tmp_path):
    evil = "<script>alert(1)</script>水务局"
    tiny.edit(U, lambda d: d.update(name=evil))
    site = _build(tiny, tmp_path)
    for page in site.rglob("*.html"):
        assert "<script>alert" not in page.read_text("utf-8"), page
    index = (site / "a" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;水务局</a>" in index


def test_without_the_private_root_no_member_aggregates(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(private=False), out, AS_OF, work=tmp_path / "work")
    assert "在职党员参与社区活动" not in _visible(out / "c" / "cuihu" / "index.html")
    index = _visible(out / "a" / "index.html")
    assert "总分" in _visible(out / "u" / "qh-shuiwu" / "index.html")
    assert "青禾区水务局" in index and "本次生成没有加载私有库，不含在职党员参与情况" in index
    assert (out / "a" / "members-2026" / "index.html").is_file()  # the rules are public data
