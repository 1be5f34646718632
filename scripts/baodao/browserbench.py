"""Browser benchmarks of the built site (not tests): ``make lighthouse``.

* ``lookup``: the 有事找支部 index at city scale, bytes raw and gzip, and the time per keystroke
  in headless Chromium (every prefix of a set of queries typed into the real page).
* ``search``: full-text search engines on the same built site: index bytes, bytes fetched per
  query and recall against the pages that contain the query text (the measurement behind the
  choice recorded in docs/site-engine.md).
* ``lighthouse``: Lighthouse 12 (npm, ``tools/``) mobile scores for home, lookup and a compound.

Chromium is the system's (``/usr/bin/chromium``); playwright never downloads a browser.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import html
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOOLS = Path(__file__).resolve().parents[2] / "tools"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the benchmark's output stays readable
        pass


_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _Gzip(_Quiet):
    """Sends text gzip-compressed, as GitHub Pages, nginx and every CDN do: Lighthouse measures
    the bytes a phone receives from a real host, not from Python's plain test server."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            path.suffix not in _COMPRESSIBLE
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = False) -> Iterator[str]:
    """The built site on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_Gzip if compress else _Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def keystroke_times(page, queries: list[str]) -> list[float]:
    """ms of search + render for every prefix of every query, typed into the lookup box."""
    times: list[float] = []
    for q in queries:
        page.fill("#bd-q", "")
        for ch in q:
            page.type("#bd-q", ch)
            page.wait_for_function("window.baodaoLookup.lastMs !== null")
            times.append(page.evaluate("window.baodaoLookup.lastMs"))
    return times


LOOKUP_QUERIES = [
    "幸福小区3栋",
    "ljhy",
    "chonghuayuan",
    "民主路14",
    "机械厂宿舍",
    "龙湾花园2号楼",
    "绿镜花园",
]


def bench_lookup(site: Path) -> dict:
    raw, gz = _size(site / "x" / "lookup.json")
    answers = sorted((site / "x" / "d").glob("*.json"))
    sizes = [_size(p)[1] for p in answers]
    n = len(json.loads((site / "x" / "lookup.json").read_text("utf-8"))["x"])
    with serve(site) as url, browser() as b:
        page = b.new_page()
        page.goto(url + "x/")
        page.focus("#bd-q")
        page.wait_for_function("window.baodaoLookup.ready")
        times = keystroke_times(page, LOOKUP_QUERIES)
    return {
        "compounds": n,
        "index_bytes": raw,
        "index_gzip": gz,
        "answer_gzip_max": max(sizes),
        "answer_gzip_median": statistics.median(sizes),
        "first_answer_transfer_gzip": gz + max(sizes),
        "keystrokes": len(times),
        "ms_median": round(statistics.median(times), 2),
        "ms_max": round(max(times), 2),
    }


# --- full-text search ------------------------------------------------------------------------

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def page_texts(site: Path) -> dict[str, str]:
    """URL path → visible text of the page's content (the truth a search is measured against)."""
    out = {}
    for f in site.rglob("index.html"):
        m = _ARTICLE.search(f.read_text("utf-8"))
        if m:
            url = "/" + f.parent.relative_to(site).as_posix() + "/"
            out[url.replace("/./", "/")] = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
    return out


_PAGEFIND_JS = """async (q) => {
  const pf = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
  await pf.init();
  performance.setResourceTimingBufferSize(100000);
  const sum = (from) => performance.getEntriesByType('resource').slice(from)
    .reduce((s, e) => s + (e.transferSize || e.encodedBodySize), 0);
  const before = performance.getEntriesByType('resource').length;
  const r = await pf.search(q);
  const search = sum(before);
  const urls = [];
  for (const [i, x] of r.results.entries()) {
    const d = await x.data(); urls.push(d.url);
    if (i === 9) break;
  }
  const all = performance.getEntriesByType('resource').filter((e) => e.name.includes('/pagefind/'))
    .reduce((s, e) => s + (e.transferSize || e.encodedBodySize), 0);
  return {urls, bytes: search, total: all, n: r.results.length};
}"""


_ALL_URLS = """async (q) => {
  const r = await window.__pf.search(q);
  return Promise.all(r.results.map(async (x) => (await x.data()).url));
}"""


def bench_pagefind(site: Path, queries: list[str]) -> list[dict]:
    """Recall and bytes per query of a Pagefind index already written into ``site/pagefind``."""
    texts = page_texts(site)
    rows = []
    with serve(site) as url, browser() as b:
        page = b.new_page()
        page.goto(url)
        for q in queries:
            page.goto(url)  # each query from a fresh page: what a person's first search costs
            truth = {u for u, t in texts.items() if q in t}
            page.evaluate("performance.clearResourceTimings()")
            res = page.evaluate(_PAGEFIND_JS, q)
            found = {re.sub(r"index\.html$", "", u) for u in res["urls"]}
            found_all = (
                set(page.evaluate(_ALL_URLS, q)) if truth and len(res["urls"]) < res["n"] else found
            )
            found_all = {re.sub(r"index\.html$", "", u) for u in found_all}
            rows.append(
                {
                    "query": q,
                    "pages_with_text": len(truth),
                    "found": res["n"],
                    "recall": round(len(truth & found_all) / len(truth), 3) if truth else None,
                    "index_bytes": res["bytes"],
                    "bytes_with_ten_results": res["total"],
                }
            )
    return rows


def lighthouse(site: Path, paths: list[str], out: Path) -> dict[str, dict[str, float]]:
    """Lighthouse 12 mobile scores (performance, accessibility, best practices, SEO) per page."""
    lh = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not lh.exists():
        raise SystemExit("没有 Lighthouse：先运行 make tools / Lighthouse missing: run make tools")
    out.mkdir(parents=True, exist_ok=True)
    scores: dict[str, dict[str, float]] = {}
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    with serve(site, compress=True) as url:
        for path in paths:
            name = path.strip("/").replace("/", "-") or "home"
            report = out / f"{name}.json"
            subprocess.run(
                [
                    str(lh),
                    url + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--form-factor=mobile",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
                ],
                check=True,
                env=env,
                timeout=300,
            )
            data = json.loads(report.read_text("utf-8"))
            scores[path] = {k: v["score"] for k, v in data["categories"].items()}
            failing = [
                f"{a['id']} ({a['score']})"
                for a in data["audits"].values()
                if a.get("score") is not None
                and a["score"] < 0.9
                and a.get("scoreDisplayMode") in ("binary", "numeric")
            ]
            scores[path]["failing"] = failing  # type: ignore[assignment]
    return scores


# Material's base.html (outside any block we can override) puts autocomplete="off" on the
# checkboxes of its drawer and search toggles, which HTML forbids on a checkbox.
THEME_HTML_ERRORS = ("Attribute “autocomplete” is only allowed",)


def html_check(site: Path, paths: list[str]) -> dict[str, list[str]]:
    """The v.Nu HTML checker (npm ``vnu-jar``, needs java) on the given pages: errors per page,
    the theme's known ones counted apart."""
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    files = [site / (p + "index.html" if p.endswith("/") or not p else p) for p in paths]
    run = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    out: dict[str, list[str]] = {str(p): [] for p in paths}
    theme = 0
    for m in messages:
        if m.get("message", "").startswith(THEME_HTML_ERRORS):
            theme += 1
            continue
        page = m.get("url", "").split(str(site), 1)[-1]
        out.setdefault(page, []).append(f"{m.get('lastLine')}: {m.get('message')}")
    out["theme_errors"] = [str(theme)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m baodao.browserbench")
    ap.add_argument("what", choices=["lookup", "search", "lighthouse", "html"])
    ap.add_argument("--site", type=Path, required=True, help="a built site (public/)")
    ap.add_argument("--page", action="append", default=[], help="page paths for lighthouse")
    ap.add_argument("--query", action="append", default=[], help="queries for search")
    ap.add_argument("--out", type=Path, default=Path("build/lighthouse"))
    a = ap.parse_args(argv)
    if a.what == "lookup":
        result: object = bench_lookup(a.site)
    elif a.what == "search":
        result = bench_pagefind(a.site, a.query)
    elif a.what == "html":
        result = html_check(a.site, a.page or ["", "x/", "404.html"])
    else:
        result = lighthouse(a.site, a.page or ["", "x/"], a.out)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
