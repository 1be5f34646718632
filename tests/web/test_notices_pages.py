"""Notices on the site: periods in working days, days left (build-time figure), amendments, feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from baodao.model.noticelock import publish
from baodao.records.load import load
from baodao.records.schemas import SchemaSet
from baodao.repo import CODE_SCHEMAS
from baodao.web.build import build

N = "data/notices/2026-09-01-cuihu-secretary.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _publish(tiny) -> None:
    ds, _ = load(tiny.root, None, SchemaSet.load(CODE_SCHEMAS))
    assert publish(tiny.root, ds).problems == ()


def _relock(tiny) -> None:
    """A notice written differently from the start (not an edit of a published one)."""
    tiny.path("data/notices/published.yaml").unlink()
    _publish(tiny)


def _build(tiny, tmp_path: Path, as_of: str, name: str = "public") -> Path:
    out = tmp_path / name
    build(tiny.repo(), out, as_of, work=tmp_path / f"work-{name}")
    return out


def _daysleft(html: str) -> dict[str, str]:
    tag = re.search(r'<p class="bd-daysleft[^>]*>', html)
    assert tag, "no days-left element"
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag.group(0)))


def test_an_active_notice_shows_its_period_and_the_working_days_left(tiny, tmp_path):
    # 2026-09-01 is a Tuesday: five working days end on Monday 09-07; on 09-03 three are left.
    out = _build(tiny, tmp_path, "2026-09-03")
    html = (out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8")
    assert _daysleft(html) == {
        "start": "2026-09-01",
        "end": "2026-09-07",
        "state": "active",
        "left": "3",
        "today": "2026-09-03",
    }
    page = _visible(html)
    assert "截至 2026-09-03，剩余 3 个工作日（含当天）" in page
    assert "公示期：2026-09-01 至 2026-09-07，共 5 个工作日" in page
    assert "请向 中共青禾区委组织部 反映" in page and 'href="tel:09996100001"' in html
    assert '<script src="../../assets/baodao/live.js" defer></script>' in html
    index = _visible((out / "n" / "index.html").read_text("utf-8"))
    assert "正在公示 （截至 2026-09-03）" in index and index.index(
        "翠湖社区党委书记任职公示"
    ) > index.index("正在公示")


def test_a_period_over_the_national_day_counts_holidays_and_the_makeup_saturday(tiny, tmp_path):
    # 09-30 (Wed), then 10-01..10-07 off, 10-08, 10-09, Saturday 10-10 is a working day, 10-12.
    tiny.replace(N, "start: 2026-09-01", "start: 2026-09-30")
    tiny.path(N).rename(tiny.path("data/notices/2026-09-30-cuihu-secretary.md"))
    _relock(tiny)
    out = _build(tiny, tmp_path, "2026-10-09")
    html = (out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8")
    assert _daysleft(html)["end"] == "2026-10-12" and _daysleft(html)["left"] == "3"
    cal = re.search(
        r'<div id="bd-cal" hidden data-years="([^"]*)" data-off="([^"]*)" data-on="([^"]*)">', html
    )
    assert cal and cal.group(1) == "2026"
    # Only days from the build date on: the browser's today is never earlier.
    assert all(d >= "2026-10-09" for d in cal.group(2).split() + cal.group(3).split())
    assert cal.group(3).split() == ["2026-10-10"]


def test_closed_and_upcoming_notices(tiny, tmp_path):
    out = _build(tiny, tmp_path, "2026-11-23")
    html = (out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8")
    assert _daysleft(html)["state"] == "closed" and "公示已结束" in html
    index = _visible((out / "n" / "index.html").read_text("utf-8"))
    assert "目前没有正在公示的事项。" in index and "已结束的公示" in index
    out = _build(tiny, tmp_path, "2026-08-20", "early")
    assert (
        _daysleft((out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8"))["state"]
        == "upcoming"
    )


def test_the_page_shows_the_amendment_history(tiny, tmp_path):
    tiny.replace(N, "现予公示。", "现予公示（已更正）。")
    tiny.replace(
        N,
        'phone: "0999-6100001"\n',
        'phone: "0999-6100001"\namendments:\n  - date: 2026-09-02\n'
        "    reason: 拟任职务写错\n    summary: 党委副书记更正为党委书记\n",
    )
    _publish(tiny)
    out = _build(tiny, tmp_path, "2026-11-23")
    page = _visible((out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8"))
    assert "更正记录 2026-09-02 原因：拟任职务写错 更正内容：党委副书记更正为党委书记" in page
    assert "已更正 1 次" in _visible((out / "n" / "index.html").read_text("utf-8"))


def test_the_notice_text_cannot_inject_markup_scripts_or_outside_loads(tiny, tmp_path):
    evil = (
        "<script>alert(1)</script>\n\n[点我](javascript:alert(2)) ![图](http://evil.example/x.png)"
        " [文件](https://example.gov.cn/a.pdf)\n"
    )
    tiny.replace(N, "经研究，", evil + "\n经研究，")
    _relock(tiny)
    out = _build(tiny, tmp_path, "2026-11-23")  # the build's scan would fail on an outside load
    html = (out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8")
    assert "<script>alert" not in html and "javascript:" not in html and "evil.example" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        and '<a href="https://example.gov.cn/a.pdf">' in html
    )
    feed = (out / "n" / "feed.xml").read_text("utf-8")
    assert "<script>" not in feed and "javascript:" not in feed


def test_the_feed_is_valid_atom_with_dates_from_the_records(tiny, tmp_path):
    tiny.replace(
        N,
        'phone: "0999-6100001"\n',
        'phone: "0999-6100001"\namendments:\n  - date: 2026-09-02\n    reason: 补充说明\n',
    )
    _publish(tiny)
    out = _build(tiny, tmp_path, "2026-11-23")
    feed = ET.parse(out / "n" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and an author (or every entry has one).
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}updated").text == "2026-09-02T00:00:00+08:00"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    e = entries[0]
    for name in ("id", "title", "updated", "published", "summary", "content"):
        assert len(e.findall(f"{ATOM}{name}")) == 1, name
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", e.find(f"{ATOM}id").text)
    assert e.find(f"{ATOM}published").text == "2026-09-01T00:00:00+08:00"
    assert e.find(f"{ATOM}updated").text == "2026-09-02T00:00:00+08:00"
    # The link resolves against the feed's own address: n/feed.xml → n/cuihu-secretary/.
    assert e.find(f"{ATOM}link[@rel='alternate']").get("href") == "cuihu-secretary/"
    assert (out / "n" / "cuihu-secretary" / "index.html").is_file()
    assert "补充说明" in e.find(f"{ATOM}summary").text
    assert "<p>经研究，拟任命" in e.find(f"{ATOM}content").text


def test_the_feed_and_pages_are_the_same_bytes_on_every_build(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    a = _build(tiny, tmp_path, "2026-11-23", "a")
    b = _build(tiny, tmp_path, "2026-11-23", "b")
    for rel in ("n/feed.xml", "n/index.html", "n/cuihu-secretary/index.html"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_notices_and_stations_are_in_the_nav_their_pages_are_not(tiny, tmp_path):
    out = _build(tiny, tmp_path, "2026-11-23")
    html = (out / "index.html").read_text("utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="n/"' in nav and 'href="s/"' in nav
    assert "cuihu-secretary" not in nav and "cuihu-zhan" not in nav and 'href="d/"' not in nav
    # The home page links them in its content (Material hides the drawer on phones).
    body = html[html.index('<div class="bd-page">') :]
    for link in ('href="n/"', 'href="s/"', 'href="d/"'):
        assert link in body, link


@pytest.mark.parametrize("kind", ["rating", "list"])
def test_kinds_are_named_in_chinese(tiny, tmp_path, kind):
    tiny.replace(N, "kind: appointment", f"kind: {kind}")
    _relock(tiny)
    out = _build(tiny, tmp_path, "2026-11-23")
    page = _visible((out / "n" / "cuihu-secretary" / "index.html").read_text("utf-8"))
    assert {"rating": "公示 › 评星定级", "list": "公示 › 名单"}[kind] in page


def test_an_appointment_notice_names_the_appointee_and_the_post_only(tiny, tmp_path):
    """王建国 (p-0001) consented to his name only; a 任前公示 shows name and post, no phone."""
    site = _build(tiny, tmp_path, "2026-09-02")
    page = (site / "n" / "cuihu-secretary" / "index.html").read_text("utf-8")
    text = _visible(page)
    assert "拟任人选 王建国 ，拟任 翠湖社区党委书记" in text
    assert '<li><b>王建国</b>，拟任<a href="../../c/cuihu/">翠湖社区党委书记</a></li>' in page
    section = page[page.index('id="subjects"') : page.index('id="objection"')]
    assert "tel:" not in section and "p-0001" not in page


def test_an_appointee_without_consent_is_named_by_the_notice_and_passes_the_scan(tiny, tmp_path):
    """孙秀英 (p-0005) never consented to her name: the 任前公示 publishes it by its nature, and
    the build's privacy scan (which fails the build on a leak) lets exactly that through."""
    tiny.replace(
        N, "  - name: 王建国\n    person: p-0001\n", "  - name: 孙秀英\n    person: p-0005\n"
    )
    _relock(tiny)
    site = _build(tiny, tmp_path, "2026-09-02")
    text = _visible((site / "n" / "cuihu-secretary" / "index.html").read_text("utf-8"))
    assert "拟任人选 孙秀英 ，拟任 翠湖社区党委书记" in text
