"""Buildings: unique within their compound, numbered in a form residents can search for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.buildings import compile_forms
from ..model.codelists import items_of
from ..model.paths import iter_path, problem
from ..problems import ERROR, WARNING, Problem
from .base import Context


def number_forms(ctx: Context) -> list[tuple[str, re.Pattern[str]]]:
    """(example, pattern) of each building-number form in the code list."""
    items = items_of(ctx.ds, "building-number-forms")
    return list(zip([i.get("name", "") for i in items], compile_forms(items), strict=False))


def check(ctx: Context) -> Iterator[Problem]:
    forms = number_forms(ctx)
    examples = "、".join(name for name, _ in forms)
    for comp in ctx.ds.of("compound").values():
        ids: dict[str, int] = {}
        for path, b in iter_path(comp.data, ("buildings", "*")):
            if not isinstance(b, dict):
                continue
            bid = str(b.get("id"))
            if bid in ids:
                yield problem(
                    comp,
                    (*path, "id"),
                    "DUP003",
                    ERROR,
                    f"楼栋编号 '{bid}' 在本小区重复（第 {ids[bid] + 1} 栋已使用）",
                    f"duplicate building id '{bid}'",
                    "每栋楼用不同的 id，如 3、3a",
                )
            else:
                ids[bid] = path[-1]
            number = b.get("number")
            if (
                forms
                and isinstance(number, str)
                and not any(rx.fullmatch(number) for _, rx in forms)
            ):
                yield problem(
                    comp,
                    (*path, "number"),
                    "BLD001",
                    WARNING,
                    f"楼号 '{number}' 不是常见写法，居民可能搜不到",
                    f"building number '{number}' matches no known form",
                    f"按现场标识写成 {examples} 之一；确有其他写法请加到 data/codes/building-number-forms.yaml",
                )
