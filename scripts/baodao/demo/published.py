"""The demo's notices are published: their lock (data/notices/published.yaml) is written with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.noticelock import LOCK_FILE, Entry, amendments_hash, content_hash, render_lock


def write_lock(out: Path, notices: list[tuple[dict[str, Any], str]]) -> None:
    """Lock every generated notice as ``baodao notices publish`` would (same hash, same bytes)."""
    entries = []
    for front, body in notices:
        amendments = front.get("amendments") or []
        entries.append(
            Entry(
                front["id"], content_hash(front, body), len(amendments), amendments_hash(amendments)
            )
        )
    path = out / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_lock(entries), encoding="utf-8", newline="\n")
