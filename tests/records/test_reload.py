"""reload_files (records/reload.py): the preview's dataset patched with the edited files read
again is the dataset a load of every file makes, or there is no patch (a full load says)."""

from __future__ import annotations

from baodao.problems import errors
from baodao.records.cache import FileCache
from baodao.records.load import load
from baodao.records.reload import reload_files
from baodao.records.schemas import SchemaSet

C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _load(tiny, cache=None):
    repo = tiny.repo()
    schemas = SchemaSet.load(repo.schemas_dir)
    ds, problems = load(repo.root, repo.private_root, schemas, cache)
    return ds, problems, schemas


def _content(ds) -> list[tuple]:
    """Everything a record says, in the dataset's order, and the dataset's own lists."""
    recs = [
        (r.type, r.id, r.file, r.line, r.root, r.data, r.body, dict(r.folder), r.source)
        for r in ds.all()
    ]
    return [recs, dict(ds.broken), ds.strays, list(ds.records)]


def test_a_renamed_compound_patches_to_what_a_fresh_load_gives(tiny):
    cache = FileCache(None, "")
    before, problems, schemas = _load(tiny, cache)
    assert errors(problems) == []
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    patched = reload_files(before, [tiny.path(C)], schemas, cache)
    assert patched is not None
    ds, changed = patched
    fresh = _load(tiny)[0]
    assert _content(ds) == _content(fresh)
    assert [(a.type, a.id, b.get("name"), a.get("name")) for b, a in changed] == [
        ("compound", "lvjing", "绿景花园", "绿景新园")
    ]
    assert before.get("compound", "lvjing").get("name") == "绿景花园"  # the old one untouched


def test_a_save_without_a_change_patches_nothing(tiny):
    cache = FileCache(None, "")
    before, _, schemas = _load(tiny, cache)
    tiny.path(C).write_bytes(tiny.path(C).read_bytes())
    ds, changed = reload_files(before, [tiny.path(C)], schemas, cache)
    assert changed == [] and ds.get("compound", "lvjing") is before.get("compound", "lvjing")


def test_edits_only_a_full_load_can_judge_give_no_patch(tiny):
    """A YAML error, another id, a new file, a table: None (the quick path loads everything)."""
    cache = FileCache(None, "")
    before, _, schemas = _load(tiny, cache)
    text = tiny.path(C).read_text("utf-8")
    tiny.path(C).write_text(text + "name: [\n", encoding="utf-8")
    assert reload_files(before, [tiny.path(C)], schemas, cache) is None
    tiny.path(C).write_text(text.replace("id: lvjing", "id: lvjing-2"), encoding="utf-8")
    assert reload_files(before, [tiny.path(C)], schemas, cache) is None
    new = tiny.path("data/qinghe/cuihu/compounds/xinyuan.yaml")
    new.write_text(text.replace("id: lvjing", "id: xinyuan"), encoding="utf-8")
    assert reload_files(before, [new], schemas, cache) is None
    table = next(tiny.root.glob("private/**/*.csv"))
    assert reload_files(before, [table], schemas, cache) is None


def test_the_cache_keeps_one_entry_per_file_across_edits(tiny):
    """A preview running all day: each save replaces its file's entry (memory stays bounded)."""
    cache = FileCache(None, "")
    ds, _, schemas = _load(tiny, cache)
    n = len(cache.used)
    for name in ("绿景一园", "绿景二园", "绿景三园"):
        tiny.replace(C, ds.get("compound", "lvjing").get("name"), name)
        ds = reload_files(ds, [tiny.path(C)], schemas, cache)[0]
        assert len(cache.used) == n


def test_an_editors_temporary_files_come_and_gone_change_nothing(tiny):
    """A save through a temporary file (``.lvjing.yaml.swp``, ``lvjing.yaml~``) reports paths
    that no longer exist and were never loaded: the patch is the record's alone. A record file
    or folder that is gone is not patched over."""
    cache = FileCache(None, "")
    before, _, schemas = _load(tiny, cache)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    gone = [tiny.path(C + "~"), tiny.path("data/qinghe/cuihu/compounds/.lvjing.yaml.swp")]
    ds, changed = reload_files(before, [tiny.path(C), *gone], schemas, cache)
    assert _content(ds) == _content(_load(tiny)[0])
    assert [a.id for _, a in changed] == ["lvjing"]
    folder = tiny.path("data/qinghe/cuihu/compounds")
    folder.rename(folder.with_name("moved"))
    assert reload_files(before, [folder], schemas, cache) is None
