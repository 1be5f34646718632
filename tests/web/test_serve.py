"""baodao serve: the live preview on a tiny repository — the site's own 404 page, a rebuild
after an edit signalled to the page, and the validate problems shown when an edit breaks a
record."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest

from baodao.web.serve import Preview, Watcher, make_server, watched

LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"


@pytest.fixture
def served(tiny, tmp_path):
    preview = Preview(tiny.repo(private=False), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    watcher = Watcher(preview, watched(preview.repo))
    watcher.start()
    server = make_server(preview, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield tiny, preview, base
    watcher.stop()
    server.shutdown()
    server.server_close()


def _get(url: str, timeout: float = 60) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_binds_localhost_only(served):
    _tiny, preview, base = served
    assert base.startswith("http://127.0.0.1:")


def test_a_missing_page_is_the_sites_own_404(served):
    _tiny, preview, base = served
    status, body = _get(base + "/no-such-page/")
    assert status == 404
    assert "<title>页面不存在 - 青禾区“双报到”公开平台</title>" in body
    assert "Error response" not in body and "Nothing matches" not in body


def test_an_edit_rebuilds_and_the_reload_endpoint_says_so(served):
    tiny, preview, base = served
    status, page = _get(base + "/x/lvjing/")
    assert status == 200 and "绿景花园" in page
    assert '<script src="/__baodao/reload.js" data-version="1"></script>' in page
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新苑")
    started = time.monotonic()
    status, version = _get(base + "/__baodao/reload?since=1")
    assert (status, version) == (200, "2")  # the quick step served the compound's own pages
    _status, page = _get(base + "/x/lvjing/")
    assert "绿景新苑" in page
    assert time.monotonic() - started < 60
    assert preview.wait_newer(2, timeout=120) == 3  # then the other changed pages
    assert preview.wait_newer(3, timeout=120) == 4  # then the full build
    assert preview.wait_newer(4, timeout=2.0) == 4  # one save: two quick steps, one full build


def test_an_edit_with_an_error_shows_the_validate_problems_in_the_page(served):
    tiny, preview, base = served
    tiny.replace(LVJING, "grid: cuihu-g01", "grid: cuihu-g07")
    # The quick steps serve the edited pages (versions 2 and 3); the full build's validate
    # then replaces the site with the problems (version 4).
    assert _get(base + "/__baodao/reload?since=1")[1] == "2"
    assert _get(base + "/__baodao/reload?since=2")[1] == "3"
    assert _get(base + "/__baodao/reload?since=3")[1] == "4"
    status, page = _get(base + "/x/lvjing/")
    assert status == 200
    assert "<h1>记录有问题，预览未更新</h1>" in page
    assert (
        f"<li><code>{LVJING}:21</code> buildings[0].serve[0].grid "
        "<b>错误 REF001</b> 未知网格 &#x27;cuihu-g07&#x27;" in page
    )
    assert "有 1 个错误，不生成网站；先运行 baodao validate 修正" in page
    assert 'data-version="4"' in page  # fixing the record reloads the page again
    tiny.replace(LVJING, "grid: cuihu-g07", "grid: cuihu-g01")
    # While the problems are shown there is no quick step: the full build decides.
    assert _get(base + "/__baodao/reload?since=4")[1] == "5"
    assert "绿景花园" in _get(base + "/x/lvjing/")[1]


def test_the_reload_script_is_served_from_the_site_itself(served):
    _tiny, _preview, base = served
    status, script = _get(base + "/__baodao/reload.js")
    assert status == 200
    assert 'fetch("/__baodao/reload?since=" + v' in script
    assert "http" not in script  # nothing loaded from another host


def test_preview_and_publish_builds_keep_their_own_incremental_state(tiny, tmp_path):
    """A preview between two publish builds leaves the second publish build incremental: the
    preview (build/preview, as `baodao serve` has it) stages in its own work folder, since the
    incremental state is fingerprinted with its output folder."""
    from baodao.web.build import build

    repo = tiny.repo(private=False)
    public = tmp_path / "public"
    build(repo, public, "2026-11-23")  # the default work folder, build/ under the repository
    page = public / "u" / "qh-shuiwu" / "index.html"
    stamp = page.stat().st_mtime_ns
    Preview(repo, tiny.root / "build" / "preview", "2026-11-23").rebuild()
    assert (tiny.root / "build" / "preview" / "u" / "qh-shuiwu" / "index.html").is_file()
    build(repo, public, "2026-11-23")
    assert page.stat().st_mtime_ns == stamp  # nothing re-rendered: the state was still its own
