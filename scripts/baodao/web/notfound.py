"""The 404 page: self-contained, because a static host serves it at whatever address was missed.

Material's own 404.html links with root-absolute URLs, which break when the site sits under a
folder (GitHub Pages project sites) and load the theme's assets from wherever the address was.
This page needs no other file: inline style, links to the root that a small script corrects by
finding the folder that holds ``x/lookup.json``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined


def write_not_found(site_title: str, out: Path) -> None:
    env = Environment(
        loader=PackageLoader("baodao", "templates/web"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    text = env.get_template("404.html.j2").render(site_title=site_title)
    (out / "404.html").write_text(text, encoding="utf-8")
