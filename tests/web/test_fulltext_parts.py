"""Pagefind in parts (web/fulltext.py): every indexed page is in exactly one part, as one run
over the whole site would index it, and the build lists the parts for the browser."""

from __future__ import annotations

import json
import subprocess

import pytest

from baodao.web.build import build
from baodao.web.fulltext import PARTS, PARTS_FILE, pagefind_binary, part_of


def test_part_of_partitions_pages_by_folder_and_first_letter():
    assert part_of("index.html") == "pagefind"
    assert part_of("about/index.html") == "pagefind"
    assert part_of("s/cuihu-zhan/index.html") == "pagefind"
    # What a compound's rename touches besides its page: its own small parts.
    assert part_of("x/index.html") == "pagefind-c"
    assert part_of("c/cuihu/index.html") == "pagefind-c"
    assert part_of("a/hotline-2026/index.html") == "pagefind-a"
    assert part_of("p/lvjing/3/index.html") is None  # boards: content ignored, not read
    assert part_of("x/an-kang/index.html") == "pagefind-x1"
    assert part_of("x/lvjing/index.html") == "pagefind-x2"
    assert part_of("x/song-lin/index.html") == "pagefind-x3"
    assert part_of("x/zhu-yuan/index.html") == "pagefind-x4"
    assert part_of("x/9-hao-yuan/index.html") == "pagefind-x4"
    assert part_of("u/hua-xin/index.html") == "pagefind-u1"
    assert part_of("u/qh-shuiwu/index.html") == "pagefind-u2"


def test_parts_together_index_what_one_run_indexes(tiny, tmp_path):
    binary = pagefind_binary()
    if binary is None:
        pytest.skip("no Pagefind (make tools)")
    out = tmp_path / "public"
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    listed = json.loads((out / PARTS_FILE).read_text("utf-8"))
    made = ["pagefind", *listed]
    assert set(made) <= {name for name, _glob in PARTS}

    def count(bundle):
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        return entry["languages"]["zh"]["page_count"]

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
    assert sum(count(out / name) for name in made) == count(whole)
    # The tiny repository's compounds and units fall in these parts (by their ids' letters).
    assert {"pagefind-c", "pagefind-a", "pagefind-x1", "pagefind-x2", "pagefind-u2"} <= set(listed)
