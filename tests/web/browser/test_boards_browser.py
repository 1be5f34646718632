"""楼栋公示牌 in Chromium: a board prints on exactly one A4 sheet, its QR code decodes (with an
independent reader, zxing-cpp) to that building's lookup answer, and that answer opens."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import zxingcpp

SITE_URL = "https://qinghe.example.org/"  # data/district.yaml site.url
A4 = (595.28, 841.89)  # points


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox size in points: the PDF's own page objects, not our HTML."""
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) >= len(pages)
    return [(float(w), float(h)) for w, h in boxes[: len(pages)]]


def _gray_png(png: bytes) -> tuple[bytes, int, int]:
    """A PNG (8-bit gray, RGB or RGBA, as Chromium writes screenshots) as 8-bit gray pixels."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and color in (0, 2, 6), (depth, color)
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    bpp = {0: 1, 2: 3, 6: 4}[color]
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), bytearray()
    for y in range(h):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += bytes(
            line[i] if bpp == 1 else (line[i] + line[i + 1] + line[i + 2]) // 3
            for i in range(0, stride, bpp)
        )
        prev = line
    return bytes(out), w, h


class _Image:
    """What zxing-cpp reads: an object with the array interface (no numpy needed)."""

    def __init__(self, data: bytes, w: int, h: int):
        self.__array_interface__ = {"shape": (h, w), "typestr": "|u1", "data": data, "version": 3}


def _largest_board(demo_public: Path) -> str:
    """The board with the most text: the one most likely to spill onto a second sheet."""
    boards = [p for p in (demo_public / "p").glob("*/*/index.html")]
    return (
        max(boards, key=lambda p: len(p.read_text("utf-8")))
        .parent.relative_to(demo_public)
        .as_posix()
    )


def test_a_board_prints_on_exactly_one_a4_sheet(chromium, site_url, demo_public):
    page = chromium.new_page()
    for path in ["p/lv-jing-hua-yuan/3", _largest_board(demo_public)]:
        page.goto(f"{site_url}{path}/")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        sizes = _pdf_pages(pdf)
        assert len(sizes) == 1, (path, sizes)
        assert abs(sizes[0][0] - A4[0]) < 1 and abs(sizes[0][1] - A4[1]) < 1, sizes
    page.close()


def test_a_communitys_print_all_page_gives_one_sheet_per_building(chromium, site_url):
    page = chromium.new_page()
    page.goto(site_url + "p/cui-hu/")
    boards = page.locator("section.bd-board").count()
    assert boards == len(list(page.locator("section.bd-board").all())) and boards > 10
    assert len(_pdf_pages(page.pdf(prefer_css_page_size=True))) == boards
    page.close()


def test_the_qr_code_opens_the_buildings_answer(chromium, site_url):
    page = chromium.new_page(device_scale_factor=2)
    page.goto(site_url + "p/lv-jing-hua-yuan/3/")
    png = page.locator("svg.bd-qr").screenshot()
    found = zxingcpp.read_barcodes(_Image(*_gray_png(png)))
    assert [r.text for r in found] == [f"{SITE_URL}x/?x=lv-jing-hua-yuan&b=3"]
    assert page.locator(".bd-board-url").inner_text() == f"{SITE_URL}x/?x=lv-jing-hua-yuan&b=3"
    # The same address on this test server opens the answer for that building.
    page.goto(site_url + "x/?x=lv-jing-hua-yuan&b=3")
    page.wait_for_selector(".bd-answer dl")
    assert page.inner_text(".bd-answer h3") == "绿景花园 3号楼"
    assert page.input_value("#bd-q") == "绿景花园 3号楼"
    page.close()
