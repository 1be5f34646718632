"""The preview's dataset patched with the edited files read again (``reload_files``), where
that is what a load of every file gives: web/quickpreview.py's quick path."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .cache import FileCache, content_hash, file_key
from .dataset import Dataset, Record
from .layout import classify
from .load import _read_file, _read_job, _refusal, private_table_headers, too_large
from .schemas import SchemaSet
from .walk import display_path, roots
from .workers import Jobs


def reload_files(
    ds: Dataset, paths: list[Path], schemas: SchemaSet, cache: FileCache
) -> tuple[Dataset, list[tuple[Record, Record]]] | None:
    """``ds`` with the records of the edited ``paths`` read again, and the records that changed
    (before, after); None when only a full ``load`` can say (``baodao serve``'s quick path,
    web/quickpreview.py).

    The same as loading every file again (tests/records/test_reload.py) where it answers: each
    path is a YAML record file ``ds`` read, that reads again without a problem as one record of
    the same type and id, the one ``ds`` holds (or a path gone that held nothing ``ds`` read: an
    editor's temporary file); then nothing else of the load can differ (no other file's record,
    refusal or duplicate, and no error). ``ds`` must be a load without errors through
    ``cache``; the entries of the edited files' old bytes leave the cache."""
    repo = ds.root
    where = roots(repo, ds.private_root)
    records: dict[str, Any] = dict(ds.records)  # a type's own map copied once it changes
    entries = dict(ds.entries)
    sources = dict(ds.sources)
    changed: list[tuple[Record, Record]] = []
    for path in paths:
        found = [(kind, base) for kind, base in where if path.is_relative_to(base)]
        if len(found) != 1:
            return None
        root_kind, base = found[0]
        rel = path.relative_to(base).as_posix()
        file = f"{display_path(base, repo)}/{rel}"
        if not path.exists() and file not in entries and not _held(ds, entries, file):
            continue  # an editor's temporary file, come and gone: a load never saw it
        if not path.is_file():
            return None
        old_entry = entries.get(file)
        match = classify(root_kind, rel)
        if old_entry is None or match is None or match.type.fmt not in ("yaml", "markdown"):
            return None
        old = old_entry.result
        if old.problems or old.problems2 or old.records or len(old.records2) != 1:
            return None
        before = old.records2[0]
        if records.get(before.type, {}).get(before.id) is not before:
            return None
        if _refusal(root_kind, os.fspath(path), rel, file, private_table_headers(schemas), match):
            return None
        raw = path.read_bytes()
        if too_large(file, match, len(raw)):
            return None
        key = file_key(root_kind, file, content_hash(raw))
        entry = cache.get(key)
        if entry is None:
            jobs = Jobs(_read_job, (schemas, None))  # one file: read here
            result = _read_file(file, root_kind, match, raw, schemas, 0, jobs, [], key)
            for _i, blob in jobs.answers():
                result = pickle.loads(blob).result
            entry = cache.put(key, result)
        new = entry.result
        if (
            new.problems
            or new.problems2
            or new.records
            or new.added
            or new.broken != old.broken
            or new.cleared != old.cleared
            or len(new.records2) != 1
        ):
            return None
        after = new.records2[0]
        if (after.type, after.id) != (before.type, before.id):
            return None
        if not isinstance(records[after.type], dict):
            records[after.type] = dict(records[after.type])
        records[after.type][after.id] = after  # its place (the load's order) stays
        entries[file] = entry
        if sources:
            sources[file] = key
        if entry is not old_entry:
            cache.drop(old_entry)  # an editor saving all day leaves one entry per file
            changed.append((before, after))
    frozen = {t: MappingProxyType(m) if isinstance(m, dict) else m for t, m in records.items()}
    # Not the files' digest any more (Dataset.inputs): only a whole load makes one.
    out = replace(
        ds,
        records=MappingProxyType(frozen),
        entries=MappingProxyType(entries),
        inputs=b"",
        sources=MappingProxyType(sources),
    )
    return out, changed


def _held(ds: Dataset, entries: dict[str, Any], file: str) -> bool:
    """Whether the load read ``file`` or something under it (a folder moved away)."""
    under = file + "/"
    return any(f.startswith(under) for f in entries) or any(
        f == file or f.startswith(under) for f, _ in ds.strays
    )
