"""A Markdown extension that passes generated pages through untouched.

Generated pages (``render.py``) are already HTML: one ``<div class="bd-page">`` block, escaped by
Jinja (the boards': ``<div class="bd-page bd-boards" …>``). Python-Markdown would parse that block with its HTML parser only to stash it whole, which
costs seconds over a city's thousands of pages. This preprocessor stashes it at once instead;
hand-written Markdown pages (``site/*.md``) do not start with that element and are converted as
usual. The output is the same bytes either way (a test compares them).
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

MARK = '<div class="bd-page"'
# The boards' pages carry more classes on the same element (``<div class="bd-page bd-boards" …>``).
MARKS = (MARK + ">", '<div class="bd-page ')


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        first = next((line for line in lines if line.strip()), "")
        if not first.startswith(MARKS):
            return lines
        text = "\n".join(lines).strip("\n")
        return [self.md.htmlStash.store(text), "", ""]  # as html_block leaves a block


class RawPagesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        # After normalize_whitespace (priority 30, which would strip the placeholder's control
        # characters) and before html_block (20), the parser this skips.
        md.preprocessors.register(_Stash(md), "baodao_raw_pages", 25)


def makeExtension(**kwargs) -> RawPagesExtension:  # noqa: N802 - Python-Markdown's entry point
    return RawPagesExtension(**kwargs)
