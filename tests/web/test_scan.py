"""The build's scan reads every output file: compressed ones and Pagefind's index included."""

from __future__ import annotations

import datetime as dt
import gzip
import json

from baodao.web.scan import scan

ID = "11010519491231002X"  # GB 11643's worked example; check digit by hand


def test_gzip_sitemaps_and_pagefind_fragments_are_read(tiny, tmp_path):
    site = tmp_path / "public"
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(f"<url>{ID}</url>".encode()))
    fragment = json.dumps({"content": "负责人孙秀英同志，电话 139 1234 5678"}, ensure_ascii=False)
    (site / "pagefind" / "fragment" / "zh_1a2b.pf_fragment").write_bytes(
        gzip.compress(b"pagefind_dcd" + fragment.encode("utf-8"))
    )
    (site / "logo.png").write_bytes(b"\x89PNG 13912345678")  # images are not text
    ds, schemas, _ = tiny.repo().load_and_check(dt.date(2026, 11, 23))
    found = sorted(lk.format() for lk in scan(site, ds, schemas, frozenset(), frozenset()))
    assert found == [
        "pagefind/fragment/zh_1a2b.pf_fragment:1: 错误 LEAK001 未公开的手机号 139******78 出现在公开网站中 / private value in public output",
        "pagefind/fragment/zh_1a2b.pf_fragment:1: 错误 LEAK001 未同意公开的姓名 孙** 出现在公开网站中 / private value in public output",
        "sitemap.xml.gz:1: 错误 LEAK001 身份证号 110*************2X 出现在公开网站中 / private value in public output",
    ]
