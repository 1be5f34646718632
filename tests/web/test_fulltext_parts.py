"""Pagefind in parts (web/fulltext.py): every indexed page is in exactly one part, as one run
over the whole site would index it, and the build lists the parts for the browser."""

from __future__ import annotations

import json
import subprocess

import pytest

from baodao.web.build import build
from baodao.web.fulltext import PARTS, PARTS_FILE, index_site, pagefind_binary, part_of


def test_part_of_partitions_pages_by_folder_and_first_letter():
    assert part_of("index.html") == "pagefind"
    assert part_of("about/index.html") == "pagefind"
    assert part_of("s/cuihu-zhan/index.html") == "pagefind"
    # What a compound's rename touches besides its page: its own small parts.
    assert part_of("x/index.html") == "pagefind-l"
    assert part_of("a/index.html") == "pagefind-a"
    assert part_of("a/hotline-2026/index.html") == "pagefind-a"
    assert part_of("a/property-2026q1-dong-qu/index.html") == "pagefind-a2"
    assert part_of("c/an-ju/index.html") == "pagefind-c1"
    assert part_of("c/fu-qiang/index.html") == "pagefind-c1"
    assert part_of("c/gu-lou/index.html") == "pagefind-c2"
    assert part_of("c/nan-guan/index.html") == "pagefind-c2"
    assert part_of("c/qing-he/index.html") == "pagefind-c3"
    assert part_of("c/wen-chang/index.html") == "pagefind-c3"
    assert part_of("c/xiang-he/index.html") == "pagefind-c4"
    assert part_of("c/9-jie/index.html") == "pagefind-c4"
    assert part_of("p/lvjing/3/index.html") is None  # boards: content ignored, not read
    assert part_of("x/an-kang/index.html") == "pagefind-x1"
    assert part_of("x/lvjing/index.html") == "pagefind-x2"
    assert part_of("x/song-lin/index.html") == "pagefind-x3"
    assert part_of("x/zhu-yuan/index.html") == "pagefind-x4"
    assert part_of("x/9-hao-yuan/index.html") == "pagefind-x4"
    assert part_of("u/hua-xin/index.html") == "pagefind-u1"
    assert part_of("u/qh-shuiwu/index.html") == "pagefind-u2"


def _count(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return entry["languages"]["zh"]["page_count"]


# Pages at the edges of every part's letters, and the folders' own pages.
EDGES = [
    "index.html",
    "about/index.html",
    "s/index.html",
    "s/zhan/index.html",
    "u/index.html",
    "a/index.html",
    "a/p.html",
    "a/hotline-2026/index.html",
    "a/property-2026q1-dong-qu/index.html",
    "a/stars-2026-nan-hu/index.html",
    "x/index.html",
    *(f"x/{c}-yuan/index.html" for c in "0afglmstz"),
    *(f"u/{c}-dw/index.html" for c in "0ahiz"),
    *(f"c/{c}-sq/index.html" for c in "0afgnowxz"),
]


def test_part_of_agrees_with_the_globs_pagefind_reads(tmp_path):
    # Pagefind's own glob matching is the oracle: each part's run counts the pages part_of
    # gives it, so an incremental build indexes again exactly the parts whose pages changed.
    binary = pagefind_binary()
    if binary is None:
        pytest.skip("no Pagefind (make tools)")
    out = tmp_path / "site"
    for rel in [*EDGES, "p/an/1/index.html"]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        words = rel.replace("/", " ").replace(".html", "")
        (out / rel).write_text(f"<html><body><article><p>{words}</p></article></body></html>")
    assert index_site(out)
    listed = json.loads((out / PARTS_FILE).read_text("utf-8"))
    assert set(listed) == {name for name, _glob in PARTS} - {"pagefind"}
    for name, _glob in PARTS:
        assert _count(out / name) == sum(1 for rel in EDGES if part_of(rel) == name), name


def test_parts_together_index_what_one_run_indexes(tiny, tmp_path):
    binary = pagefind_binary()
    if binary is None:
        pytest.skip("no Pagefind (make tools)")
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    listed = json.loads((out / PARTS_FILE).read_text("utf-8"))
    made = ["pagefind", *listed]
    assert set(made) <= {name for name, _glob in PARTS}

    whole = tmp_path / "whole"
    subprocess.run(
        [
            str(binary),
            "--site",
            str(out),
            "--output-path",
            str(whole),
            "--root-selector",
            "article",
            "--force-language",
            "zh",
            "--quiet",
            "--glob",
            "{*.html,[!p]*/**/*.html}",
        ],
        check=True,
        capture_output=True,
    )
    assert sum(_count(out / name) for name in made) == _count(whole)
    # Each bundle holds the pages part_of gives it (Pagefind's globs are the oracle): the build
    # indexes again exactly the parts whose pages changed.
    pages = [p.relative_to(out).as_posix() for p in out.rglob("*.html")]
    for name in made:
        expected = [p for p in pages if part_of(p) == name and not p.startswith("404")]
        assert _count(out / name) == len(expected), name
    # The tiny repository's compounds and units fall in these parts (by their ids' letters).
    assert {"pagefind-c1", "pagefind-a", "pagefind-x1", "pagefind-u2"} <= set(listed)
