"""Every phone says whose it is (本人 / 岗位 / 服务站 / 街道), on the pages and in the lookup's
answers: a station's number beside a person with no public phone must not read as theirs.

Expected texts are written out from the tiny fixture's records by hand: 李娜 (p-0002) consented
to her phone 13900002222; 赵长安 (p-0003) did not and his post has no work phone, so the
station's 0999-6101000 stands in; the street's posts have work phones of their own.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from baodao.web.build import build


@pytest.fixture
def built(tiny, tmp_path) -> Path:
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def _visible(path: Path) -> str:
    text = path.read_text("utf-8")
    text = text[text.index('<div class="bd-page">') :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def test_compound_page_labels_each_phone(built):
    text = _visible(built / "x" / "lvjing" / "index.html")
    assert "书记 赵长安 服务站电话 0999-6101000" in text
    assert "专职网格员 李娜 本人电话 13900002222" in text
    assert "兼职网格员 空缺（自 2026-06-01） 服务站电话 0999-6101000" in text
    assert "党小组长 （姓名未公开） 服务站电话 0999-6101000" in text


def test_a_work_phone_is_labelled_as_the_posts(tiny, tmp_path):
    tiny.edit(
        "data/qinghe/cuihu/branches/lvjing-zb.yaml",
        lambda d: d["posts"][0].update(work_phone="0999-6101888"),
    )
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert "书记 赵长安 岗位电话 0999-6101888" in _visible(out / "x" / "lvjing" / "index.html")


def test_lookup_answer_carries_whose_phone_it_is(built):
    data = json.loads((built / "x" / "d" / "lvjing.json").read_text("utf-8"))
    line = next(ln for ln in data["lines"] if ln)
    assert line["secretary"] == ["书记", "赵长安", "0999-6101000", 0, "服务站"]
    assert line["workers"][0] == ["专职网格员", "李娜", "13900002222", 0, "本人"]
