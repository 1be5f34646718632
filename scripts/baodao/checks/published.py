"""Published notices change only through a recorded amendment (NOTICE003–006).

Compares each notice with its entry in ``data/notices/published.yaml`` (see noticelock.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.noticelock import (
    lock_problems,
)
from ..problems import Problem
from .base import Context


def check(ctx: Context) -> Iterator[Problem]:
    yield from lock_problems(ctx.ds, ctx.as_of)
