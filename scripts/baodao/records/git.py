"""What git says about the data repository: the commit (results' and open data's stamp) and its
time (the build date of a reproducible build). Outside git both are None."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def commit_of(root: Path) -> str | None:
    """The repository's HEAD commit (40 hex digits), else None."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return value if len(value) == 40 else None


def commit_epoch(root: Path) -> int | None:
    """The commit's time: the build date of a reproducible build (SOURCE_DATE_EPOCH first)."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def is_dirty(root: Path, *paths: str) -> bool:
    """Whether ``paths`` under ``root`` have uncommitted changes (untracked files count).

    Outside git nothing can be called clean, so the answer is True."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", *paths],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(out.stdout.strip())
