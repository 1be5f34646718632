"""The parse cache (records/cache.py): a warm load gives what a cold one gives, an edit is seen,
a schema change or a broken cache file drops it, and a problem is never hidden by it."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import shutil

import pytest

from baodao.records import cache as cache_module
from baodao.records.load import load
from baodao.records.schemas import SchemaSet
from baodao.repo import Repo

AS_OF = dt.date(2026, 11, 23)
LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _load(tiny) -> tuple:
    """One load through the repository's cache, and the cache's counts."""
    repo = tiny.repo()
    cache = repo.cache()
    ds, problems = load(repo.root, repo.private_root, SchemaSet.load(repo.schemas_dir), cache)
    cache.save()
    return ds, problems, cache


def _shards(tiny) -> list:
    return sorted((tiny.root / ".cache").glob("records-*.pickle"))


def _entries(path) -> tuple:
    """(version, entries) of one cache file, read past its seal."""
    return pickle.loads(path.read_bytes()[cache_module._SEAL :])


def test_second_load_parses_nothing_and_gives_the_same_records(tiny):
    ds1, p1, cold = _load(tiny)
    ds2, p2, warm = _load(tiny)
    assert cold.hits == 0 and cold.misses > 0
    assert warm.misses == 0 and warm.hits == cold.misses
    assert [(r.type, r.id, r.file, r.line) for r in ds1.all()] == [
        (r.type, r.id, r.file, r.line) for r in ds2.all()
    ]
    assert ds2.get("compound", "lvjing").get("name") == "绿景花园"
    assert p1 == p2


def test_cache_folder_ignores_itself_in_git(tiny):
    _load(tiny)
    # It holds parsed private records: never committed, whatever the repository's .gitignore says.
    assert (tiny.root / ".cache" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"


def test_edited_file_is_parsed_again(tiny):
    _load(tiny)
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新园")
    ds, _p, cache = _load(tiny)
    assert cache.misses == 1  # the edited file only
    assert ds.get("compound", "lvjing").get("name") == "绿景新园"


def test_schema_change_drops_the_cache(tiny, tmp_path):
    _load(tiny)
    schemas = tmp_path / "schemas"
    shutil.copytree(tiny.repo().schemas_dir, schemas)
    (schemas / "README.md").write_text("另一版 / another version", encoding="utf-8")
    repo = Repo.locate(tiny.root, schemas=schemas)
    cache = repo.cache()
    assert cache.old == {}  # another schema set: nothing of the old entries is trusted
    ds, _p = load(repo.root, repo.private_root, SchemaSet.load(schemas), cache)
    assert cache.hits == 0 and ds.get("compound", "lvjing") is not None


def test_corrupt_cache_file_is_ignored_and_rewritten(tiny):
    _ds, _p, first = _load(tiny)
    path = max(_shards(tiny), key=lambda f: len(_entries(f)[1]))
    lost = len(_entries(path)[1])
    path.write_bytes(b"\x80\x05not a pickle at all")
    ds, problems, cache = _load(tiny)
    assert lost > 0 and cache.misses == lost and cache.hits == first.misses - lost
    assert ds.get("compound", "lvjing").get("name") == "绿景花园"
    version, entries = _entries(path)
    assert version == cache.version and len(entries) == lost


def test_other_version_in_cache_file_is_not_trusted(tiny):
    _load(tiny)
    key = cache_module.machine_key()
    for path in _shards(tiny):
        _version, entries = _entries(path)
        body = pickle.dumps(("an older code version", entries))
        path.write_bytes(cache_module._seal(key, body) + body)
    _ds, _p, cache = _load(tiny)
    assert cache.hits == 0


class _Planted:
    """What a hostile pickle does when it is loaded: runs code."""

    def __reduce__(self):
        return (exec, ("raise SystemExit('planted pickle was loaded')",))


def test_planted_cache_file_is_never_unpickled(tiny):
    # A .cache/records-00.pickle committed to a repository (or written by anyone without this
    # machine's key): its seal does not match, so it is never loaded.
    path = tiny.root / ".cache" / "records-00.pickle"
    path.parent.mkdir()
    path.write_bytes(b"\0" * cache_module._SEAL + pickle.dumps(_Planted()))
    ds, _p, cache = _load(tiny)
    assert cache.hits == 0 and ds.get("compound", "lvjing") is not None


def test_file_with_an_error_is_reported_the_same_cold_and_warm(tiny):
    # A schema error (a per-file check result the cache keeps) and a syntax error (a load result).
    tiny.replace(LVJING, "verified_at: 2026-09-01", "verified_at: 2026-13-45")
    tiny.write("data/qinghe/cuihu/compounds/broken.yaml", "id: broken\nname: [绿景\n")
    cold = [p.format() for p in tiny.problems()]
    warm = [p.format() for p in tiny.problems()]
    assert warm == cold
    assert any("broken.yaml" in m and "YAML" in m for m in warm)
    assert any("lvjing.yaml" in m and "verified_at" in m for m in warm)
    assert tiny.problems() == tiny.repo().load_and_check(AS_OF)[2]


def test_cache_off_by_environment(tiny, monkeypatch):
    monkeypatch.setenv("BAODAO_CACHE", "off")
    assert tiny.repo().cache() is None
    tiny.problems()
    assert not (tiny.root / ".cache").exists()


@pytest.mark.parametrize("word", ["on", "ON", "1", "true", "yes", ""])
def test_cache_switched_on_by_a_word_stays_in_the_repository(tiny, monkeypatch, tmp_path, word):
    """BAODAO_CACHE=on is a switch, not a folder named 'on' in the current directory."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("BAODAO_CACHE", word)
    tiny.problems()
    assert (tiny.root / ".cache").is_dir()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("word", ["0", "false", "No"])
def test_cache_switched_off_by_any_word_for_off(tiny, monkeypatch, word):
    monkeypatch.setenv("BAODAO_CACHE", word)
    assert tiny.repo().cache() is None


def test_save_after_one_edit_pickles_only_the_edited_file(tiny, monkeypatch):
    _load(tiny)
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新园")
    pickled = []
    dumps = pickle.dumps

    def spy(obj, *args, **kwargs):
        pickled.append(obj)
        return dumps(obj, *args, **kwargs)

    monkeypatch.setattr(pickle, "dumps", spy)
    ds, _p, cache = _load(tiny)
    # The other entries' bytes are copied as they were read: one entry pickled, lvjing.yaml's.
    assert [e.result.records2[0].file for e in pickled] == [LVJING]
    monkeypatch.undo()
    ds, _p, cache = _load(tiny)  # and what was saved reads back
    assert cache.misses == 0 and ds.get("compound", "lvjing").get("name") == "绿景新园"


def test_a_closed_cache_never_writes_its_emptied_self_over_the_saved_file(tiny):
    _ds, _p, cache = _load(tiny)
    saved = [f.read_bytes() for f in _shards(tiny)]
    cache.close()
    cache.touch()  # a check adding to an entry after the run's save
    cache.save()
    assert cache.old == {}
    assert [f.read_bytes() for f in _shards(tiny)] == saved
    _ds, _p, warm = _load(tiny)
    assert warm.misses == 0 and warm.hits > 0  # the saved cache still serves the next load


def test_one_edit_rewrites_only_the_cache_file_that_holds_its_entry(tiny):
    _load(tiny)
    before = {f.name: f.stat().st_mtime_ns for f in _shards(tiny)}
    assert len(before) > 8  # the tiny repository's entries spread over most of the 16 files
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新园")
    _ds, _p, cache = _load(tiny)
    after = {f.name: f.stat().st_mtime_ns for f in _shards(tiny)}
    rewritten = sorted(n for n in after if after[n] != before.get(n))
    # The file named by the first byte of the edited file's key (its new bytes' BLAKE2 hash,
    # computed here as the key's definition says, not by the cache's own function).
    raw = (tiny.root / LVJING).read_bytes()
    content = hashlib.blake2b(raw, digest_size=20).digest()
    key = hashlib.blake2b(content + f"\0public\0{LVJING}".encode(), digest_size=20).digest()
    assert key in cache.used
    assert rewritten == [f"records-{key[0] % 16:02d}.pickle"]
    _ds, _p, warm = _load(tiny)  # and nothing at all when nothing changed
    assert warm.misses == 0
    assert {f.name: f.stat().st_mtime_ns for f in _shards(tiny)} == after


def test_the_single_cache_file_of_earlier_versions_is_removed(tiny):
    (tiny.root / ".cache").mkdir()
    (tiny.root / ".cache" / "records.pickle").write_bytes(b"\0" * 64)
    _load(tiny)
    assert not (tiny.root / ".cache" / "records.pickle").exists()
