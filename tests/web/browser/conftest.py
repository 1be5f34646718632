"""The demo site built once, served on 127.0.0.1, and the system Chromium driven by playwright.

Chromium is Debian's ``chromium`` package (``make browser`` installs it when missing; ``make
test`` runs that first); playwright never downloads a browser. The page may load nothing from
another host: every request to one fails the test that made it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from baodao.browserbench import CHROMIUM, CHROMIUM_ARGS, serve
from baodao.repo import CODE_ROOT, Repo
from baodao.web.build import build

AS_OF = dt.date(2026, 11, 23)
HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def demo_public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "public"
    build(Repo.locate(CODE_ROOT), out, AS_OF.isoformat(), work=out.parent / "work")
    return out


@pytest.fixture(scope="session")
def site_url(demo_public):
    with serve(demo_public) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} 不存在：运行 make browser（apt-get install chromium） / no Chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, site_url):
    """A phone-sized page; fails the test on a script error or a request to another host."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    pg.on(
        "request",
        lambda r: None if r.url.startswith((site_url, "data:")) else outside.append(r.url),
    )
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not outside, f"页面从外部加载了 / loaded from another host: {outside}"
    assert not errors, f"脚本错误 / script errors: {errors}"
