"""Edit → preview: the editor's loop measured (issue 15's target: ≤ 3 s on the city data).

One compound renamed in a copy of the data while ``baodao serve``'s preview runs (the same
Preview and Watcher, in this process); the time from the file's save until the served page shows
the new name. ``python -m baodao.benchpreview ROOT`` runs it alone; ``make bench`` runs it on the
city data it generates.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .repo import Repo
from .web.serve import Preview, Watcher, make_server, watched

TARGET_SECONDS = 3.0
NEW_NAME = "预览测速花园"


def edit_to_preview(root: Path, work: Path, as_of: str = "2026-11-23") -> tuple[float, float]:
    """(seconds of the first build, seconds from saving the rename to the page showing it)."""
    copy = work / "preview-data"
    shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    compound = sorted(copy.glob("data/*/*/compounds/*.yaml"))[0]
    preview = Preview(Repo.locate(copy), work / "preview-site", as_of)
    started = time.perf_counter()
    preview.rebuild()
    first = time.perf_counter() - started
    if preview.refusal:
        raise RuntimeError(f"首次生成失败：{preview.refusal}")
    if not (preview.out / "x" / compound.stem / "index.html").is_file():
        raise RuntimeError(f"没有小区页面 x/{compound.stem}/")
    watcher = Watcher(preview, watched(preview.repo))
    watcher.start()
    server = make_server(preview, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/x/{compound.stem}/"
    try:
        text = compound.read_text("utf-8")
        compound.write_text(re.sub(r"(?m)^name: .*$", f"name: {NEW_NAME}", text, count=1), "utf-8")
        saved = time.perf_counter()
        while time.perf_counter() - saved < 600:
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    if NEW_NAME in r.read().decode("utf-8"):
                        return first, time.perf_counter() - saved
            except urllib.error.HTTPError as exc:
                if exc.code != 404:  # 404: mkdocs is rewriting the folder, ask again
                    raise
            time.sleep(0.05)
        return first, float("inf")
    finally:
        watcher.stop()
        server.shutdown()
        server.server_close()
        with preview.building:  # a rebuild still running finishes before the copy goes
            pass


def report(root: Path, work: Path) -> None:
    """Print the measurement as make bench's other lines (达标 / 未达标 against the target)."""
    first, took = edit_to_preview(root, work)
    ok = took <= TARGET_SECONDS
    print(
        ("达标 " if ok else "未达标 ")
        + f"edit → preview（改一个小区名到预览页面显示新名）{took:.1f} 秒"
        + f"（目标 ≤ {TARGET_SECONDS:.0f} 秒；首次生成 {first:.1f} 秒）",
        flush=True,
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="baodao-preview-") as tmp:
        report(Path(sys.argv[1] if len(sys.argv) > 1 else "."), Path(tmp))
