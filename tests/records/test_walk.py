"""records/walk.py: the inputs' digest, and the stat memo that spares reading unchanged files."""

from __future__ import annotations

import hashlib
import os

from baodao.records import walk
from baodao.records.walk import STAT_MEMO, read_inputs

LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _reads(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = walk.read_or_none

    def spy(full: str) -> bytes | None:
        seen.append(full)
        return real(full)

    monkeypatch.setattr(walk, "read_or_none", spy)
    return seen


def test_a_file_stat_finds_unchanged_is_not_read_again(tiny, monkeypatch):
    # Trusted at once here: the files were just written, within a clock tick of the run.
    monkeypatch.setattr(walk, "_TICK_NS", -(10**12))
    cache = tiny.root / ".cache"
    first = read_inputs(tiny.root, tiny.root / "private", cache)
    assert (cache / STAT_MEMO).is_file()
    reads = _reads(monkeypatch)
    again = read_inputs(tiny.root, tiny.root / "private", cache)
    assert reads == [] and again == first
    # The hash kept is the file's bytes' own (blake2b of 20 bytes, as cache.content_hash makes it).
    raw = (tiny.root / LVJING).read_bytes()
    kept = again.contents[str(tiny.root / LVJING)]
    assert kept == hashlib.blake2b(raw, digest_size=20).digest()


def test_bytes_changed_under_the_same_size_and_modification_time_are_read(tiny, monkeypatch):
    # An editor's tool that keeps the modification time (cp -p, rsync -t): the change time
    # still moves, so the file is read again and the digest is that of a walk without a memo.
    monkeypatch.setattr(walk, "_TICK_NS", -(10**12))
    path = tiny.root / LVJING
    cache = tiny.root / ".cache"
    before = read_inputs(tiny.root, tiny.root / "private", cache)
    st = path.stat()
    text = path.read_text("utf-8")
    changed = text.replace("grid: cuihu-g01", "grid: cuihu-g07", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    reads = _reads(monkeypatch)
    after = read_inputs(tiny.root, tiny.root / "private", cache)
    assert reads == [str(path)]
    assert after.digest != before.digest
    assert after == read_inputs(tiny.root, tiny.root / "private")


def test_files_changed_within_a_clock_tick_of_the_run_are_not_kept(tiny, monkeypatch):
    # A file written in the same tick as a stat may change again unseen (the "racy" file of
    # git's index): the tiny repository was just written, so nothing of it is kept yet.
    cache = tiny.root / ".cache"
    key = walk.memo_key("stat", str(tiny.root), str(tiny.root / "private"))
    read_inputs(tiny.root, tiny.root / "private", cache)
    assert walk._stats(cache, key) == {}
    later = walk.time.time_ns() + 3 * 10**9  # the same files, 3 s on
    monkeypatch.setattr(walk.time, "time_ns", lambda: later)
    found = read_inputs(tiny.root, tiny.root / "private", cache)
    kept = walk._stats(cache, key)
    assert set(kept) == set(found.contents) and str(tiny.root / LVJING) in kept


def test_a_memo_of_other_roots_is_not_used(tiny, monkeypatch):
    monkeypatch.setattr(walk, "_TICK_NS", -(10**12))
    cache = tiny.root / ".cache"
    read_inputs(tiny.root, tiny.root / "private", cache)
    reads = _reads(monkeypatch)
    read_inputs(tiny.root, None, cache)  # without the private root: another key
    assert str(tiny.root / LVJING) in reads
