"""楼栋公示牌 pages from the tiny fixture: what a board shows (the public view's names and phones
only), its QR address, no QR without a site address, out of the nav, and inside the scan."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from baodao.web.build import build
from baodao.web.scan import scan


def _build(tiny, tmp_path: Path) -> Path:
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def _visible(path: Path) -> str:
    text = path.read_text("utf-8")
    text = text[text.index('<div class="bd-page') :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


@pytest.fixture
def site(tiny, tmp_path):
    return _build(tiny, tmp_path)


def test_a_board_shows_the_building_with_consented_names_only(site):
    text = _visible(site / "p" / "lvjing" / "3" / "index.html")
    # 李娜 consented to name and phone; 赵长安 to his name; 金丝雀甲 (group leader) and 孙秀英
    # (central household) to nothing: their names never appear.
    for expected in [
        "楼栋公示牌 · 有事找支部",
        "绿景花园 3栋",
        "翠湖社区 · 青禾街道",
        "党支部 绿景花园联合党支部 书记 赵长安 服务站电话 0999-6101000",
        "楼栋党小组 3号楼党小组 党小组长 （姓名未公开） 服务站电话 0999-6101000",
        "党员中心户 姓名未公开，可向楼栋党小组长打听",
        "网格员 翠湖社区第一网格 专职网格员 李娜 本人电话 13900002222",
        "开放时间：",
        "信息核实于 2026-09-01",
        "手机扫码，查看本楼最新信息 https://tiny.example.org/x/?x=lvjing&b=3",
    ]:
        assert expected in text, expected
    assert "金丝雀甲" not in text and "孙秀英" not in text and "p-000" not in text


def test_the_community_page_prints_every_board(site):
    page = (site / "p" / "cuihu" / "index.html").read_text("utf-8")
    assert page.count('<section class="bd-board"') == len(list((site / "p").glob("*/*/index.html")))
    assert 'href="../../p/cuihu/"' in (site / "c" / "cuihu" / "index.html").read_text("utf-8")


def test_no_site_address_no_qr_code(tiny, tmp_path):
    tiny.replace("data/district.yaml", "  url: https://tiny.example.org/\n", "")
    text = _visible(_build(tiny, tmp_path) / "p" / "lvjing" / "3" / "index.html")
    assert "未配置网站地址（district.yaml 的 site.url），不印二维码。" in text


def test_boards_are_out_of_the_nav(site):
    home = (site / "index.html").read_text("utf-8")
    assert 'href="p/' not in home and "楼栋公示牌" not in home


def test_the_privacy_scan_reads_the_boards(tiny, site):
    """A private value planted on a board is reported with the board's path."""
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    board = site / "p" / "lvjing" / "3" / "index.html"
    board.write_text(board.read_text("utf-8") + "<p>金丝雀甲</p>", encoding="utf-8")
    leaks = scan(site, ds, schemas, frozenset(), frozenset())
    # The scan names the board and the line (the last one, where the name was planted).
    last = len(board.read_text("utf-8").splitlines())
    assert (
        f"p/lvjing/3/index.html:{last}: 错误 LEAK001 未同意公开的姓名 金*** 出现在公开网站中"
        " / private value in public output"
    ) in [leak.format() for leak in leaks]


def test_codes_drawn_by_helper_processes_are_the_ones_drawn_in_the_build(
    tiny, tmp_path, monkeypatch
):
    from baodao.web import boards

    monkeypatch.setenv("BAODAO_CACHE", "off")  # no memo: every code is drawn
    apart = []
    real = boards._collect
    monkeypatch.setattr(boards, "_collect", lambda: apart.append(len(boards._PENDING)) or real())
    monkeypatch.setattr(boards, "DRAW_APART_FROM", 1)
    monkeypatch.setattr(boards, "jobs", lambda: 2)  # two helpers even on a one-core runner
    here = tmp_path / "apart"
    build(tiny.repo(), here / "public", "2026-11-23", work=here / "work")
    assert apart and apart[0] >= 1  # the codes came from helper processes
    monkeypatch.setattr(boards, "DRAW_APART_FROM", 10**9)
    apart.clear()
    there = tmp_path / "here"
    build(tiny.repo(), there / "public", "2026-11-23", work=there / "work")
    assert apart == []  # drawn one by one in the build's own process
    pages = sorted((here / "public" / "p").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        rel = page.relative_to(here / "public")
        assert page.read_bytes() == (there / "public" / rel).read_bytes(), rel


def _board_svg(site: Path, rel: str) -> str:
    page = (site / rel).read_text("utf-8")
    start = page.index('<svg viewBox="0 0')
    return page[start : page.index("</svg>", start) + len("</svg>")]


def _segno_svg(url: str, title: str) -> str:
    """The code as segno itself writes it: the oracle for what the boards print."""
    import segno

    code = segno.make(url, error="m", micro=False, mask=0)
    return code.svg_inline(
        scale=1, border=4, title=title, svgclass="bd-qr", lineclass=None, omitsize=True
    )


URL_3 = "https://tiny.example.org/x/?x=lvjing&b=3"


def test_the_codes_memo_is_written_only_when_the_codes_used_change(tiny, tmp_path):
    import json

    memo = tiny.root / ".cache" / "qr.json"
    _build(tiny, tmp_path)
    first = json.loads(memo.read_text("utf-8"))["value"]
    assert URL_3 in {u for u, _drawing in first}
    stamp = memo.stat().st_mtime_ns
    _build(tiny, tmp_path)  # the same codes: the file is left as it was
    assert memo.stat().st_mtime_ns == stamp
    # A building renumbered (a compound renamed alike): its code's title changes, its drawing
    # does not. The file stays as it was, and the board prints the code with the new title.
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "number: 3栋", "number: 30栋")
    site = _build(tiny, tmp_path)
    assert memo.stat().st_mtime_ns == stamp
    title = "扫码查看绿景花园30栋的党支部和网格服务"
    assert _board_svg(site, "p/lvjing/3/index.html") == _segno_svg(URL_3, title)
    # A building gone: its code is dropped from the file.
    text = (tiny.root / "data/qinghe/cuihu/compounds/lvjing.yaml").read_text("utf-8")
    start = text.index('  - id: "1"')
    tiny.write(
        "data/qinghe/cuihu/compounds/lvjing.yaml", text[:start] + text[text.index('  - id: "3"') :]
    )
    _build(tiny, tmp_path)
    urls = {u for u, _drawing in json.loads(memo.read_text("utf-8"))["value"]}
    assert URL_3 in urls and "https://tiny.example.org/x/?x=lvjing&b=1" not in urls
    assert len(urls) == len(first) - 1


def test_a_planted_drawing_puts_no_markup_on_a_board(tiny, tmp_path):
    """The memo is plain JSON in the cache folder: a drawing that is not strokes is not
    believed, and the code is drawn again."""
    import json

    memo = tiny.root / ".cache" / "qr.json"
    _build(tiny, tmp_path)
    data = json.loads(memo.read_text("utf-8"))
    data["value"] = [
        [u, '29 M4 4.5h7"/><script>alert(1)</script><path d="M0 0'] for u, _d in data["value"]
    ]
    memo.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    site = _build(tiny, tmp_path / "again")
    page = (site / "p" / "lvjing" / "3" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    title = "扫码查看绿景花园3栋的党支部和网格服务"
    assert _board_svg(site, "p/lvjing/3/index.html") == _segno_svg(URL_3, title)


@pytest.mark.parametrize(
    "url,title",
    [
        ("https://tiny.example.org/x/?x=lvjing&b=3", "扫码查看绿景花园3栋的党支部和网格服务"),
        ("https://a.example/x/?x=q&b=1", '标题里有 <、>、& 和 " 号'),
        ("https://district.example.gov.cn/x/?x=" + "y" * 120 + "&b=12", "长地址"),
        ("HTTPS://A.B/X/?X=1&B=2", "字母数字模式"),
    ],
)
def test_our_svg_writer_writes_what_segno_writes(url, title):
    from baodao.web.qrsvg import DRAWING, draw, svg

    drawing = draw(url)
    assert DRAWING.fullmatch(drawing)  # what the memo keeps is believed when read back
    assert svg(drawing, title) == _segno_svg(url, title)
