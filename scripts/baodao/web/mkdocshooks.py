"""MkDocs hooks of every build (``hooks:`` in the staged mkdocs.yml, web/build.py stage).

MkDocs renders every page's Markdown before it writes the first one, and keeps each page's
source beside its HTML until the build ends. Our pages are HTML already (web/rawpages.py), so
source and HTML are the same text twice: a city site held ~2 × 200 MB. The source is let go once
rendered; the title stays (MkDocs takes it from the render, or the page's metadata).
"""

from __future__ import annotations

from typing import Any


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    # "" rather than None: MkDocs reads None as "not read yet" and would give the page no title.
    page.markdown = ""
    return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    # Before any template is loaded: the theme's compiled templates of this process's previous
    # builds (web/themecache.py).
    from baodao.web.themecache import CACHE

    env.bytecode_cache = CACHE
    return env
