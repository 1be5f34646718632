"""The 有事找支部 index and answers written at build time (the ranking is tested in the browser)."""

from __future__ import annotations

import gzip
import json

import pytest

from baodao.web.build import build


@pytest.fixture
def built(tiny, tmp_path):
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return out


def test_index_holds_names_aliases_old_names_addresses_pinyin_and_buildings(built):
    data = json.loads((built / "x" / "lookup.json").read_text("utf-8"))
    rows = {r[0]: r for r in data["x"]}
    assert sorted(rows) == ["changle", "lvjing"]
    assert rows["lvjing"] == [
        "lvjing",
        rows["lvjing"][1],
        ["绿景花园", "绿景"],
        ["化肥厂宿舍"],
        ["沂河路18号"],
        ["lv jing hua yuan", "lv jing", "hua fei chang su she", "yi he lu 18 hao"],
        ["1号楼", "3栋"],
    ]
    assert data["places"][rows["lvjing"][1]] == "翠湖社区 · 青禾街道"
    # The building-number forms of data/codes, as JavaScript regexes.
    assert "^(?<n>[0-9]+)栋$" in data["forms"]
    assert data["as_of"] == "2026-11-23"


def test_answer_shows_who_serves_each_building_from_the_public_view(built):
    d = json.loads((built / "x" / "d" / "lvjing.json").read_text("utf-8"))
    assert d["place"] == "翠湖社区 · 青禾街道"
    lines = {n: i for n, i, _id in d["buildings"]}
    line = d["lines"][lines["3栋"]]
    assert line["branch"][1] == "绿景花园联合党支部"
    assert line["secretary"] == ["书记", "赵长安", line["secretary"][2], 0, "服务站"]
    assert line["group"][1] == "3号楼党小组"
    assert line["grid"][1] == "翠湖社区第一网格"
    assert ["专职网格员", "李娜", "13900002222", 0, "本人"] in line["workers"]
    assert ["兼职网格员", None, line["workers"][1][2], 1, "服务站"] in line["workers"]
    assert line["station"][1:4] == ["翠湖社区党群服务中心", line["station"][2], "0999-6101000"]
    # A building leader without consent: no name; the station's phone stands in.
    assert line["building_posts"] == [["楼长", None, "0999-6101000", 0, "服务站"]]


def test_private_values_never_reach_the_lookup_files(built):
    for f in [built / "x" / "lookup.json", *(built / "x" / "d").glob("*.json")]:
        text = f.read_text("utf-8")
        for secret in ("p-0004", "金丝雀甲", "孙秀英", "CANARY"):
            assert secret not in text, (f, secret)


def test_lookup_files_are_compact_and_reproducible(tiny, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(tiny.repo(), a, "2026-11-23", work=tmp_path / "wa")
    build(tiny.repo(), b, "2026-11-23", work=tmp_path / "wb")
    for rel in ["x/lookup.json", "x/d/lvjing.json"]:
        assert (a / rel).read_bytes() == (b / rel).read_bytes()
    raw = (a / "x" / "lookup.json").read_bytes()
    assert b"\n" not in raw and b", " not in raw
    assert len(gzip.compress(raw)) < 1000


def test_lookup_box_on_home_and_lookup_page(built):
    home = (built / "index.html").read_text("utf-8")
    assert 'id="bd-q"' in home and 'data-base="x/"' in home
    assert '<script src="./assets/baodao/lookup.js" defer>' in home
    x = (built / "x" / "index.html").read_text("utf-8")
    assert 'data-base="./"' in x and '<script src="../assets/baodao/lookup.js" defer>' in x
    assert (built / "assets" / "baodao" / "lookup.js").is_file()


def test_pages_carry_a_description(built):
    page = (built / "x" / "lvjing" / "index.html").read_text("utf-8")
    assert (
        '<meta name="description" content="绿景花园（翠湖社区，青禾街道）每栋楼的党支部、'
        '楼栋党小组、网格员和党群服务站，联系电话">'
    ) in page
    assert '<meta name="description" content="' in (built / "index.html").read_text("utf-8")


def test_404_page_is_self_contained(built):
    text = (built / "404.html").read_text("utf-8")
    assert '<html lang="zh-CN">' in text and "<title>页面不存在 - " in text
    assert "<link" not in text and "<script src" not in text  # works at any depth
    assert 'href="/x/"' in text and 'data-path="x/"' in text


def test_every_link_is_relative_so_any_static_host_and_folder_works(built):
    import re

    absolute = re.compile(r"""(?:href|src|action)=["']?/(?!/)""")
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any address: its script finds the root (browser test)
        text = page.read_text("utf-8")
        assert not absolute.search(text), (page, absolute.search(text).group(0))


def test_index_is_the_same_with_the_readings_cache(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("BAODAO_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    assert (tmp_path / "cache" / "readings.json").is_file()
    warm = tmp_path / "public-warm"
    build(tiny.repo(), warm, "2026-11-23", work=tmp_path / "work-warm")
    monkeypatch.setenv("BAODAO_CACHE", "off")
    cold = tmp_path / "public-cold"
    build(tiny.repo(), cold, "2026-11-23", work=tmp_path / "work-cold")
    for rel in ("x/lookup.json", "x/lookup.json.gz"):
        if (cold / rel).is_file():
            assert (warm / rel).read_bytes() == (cold / rel).read_bytes(), rel
