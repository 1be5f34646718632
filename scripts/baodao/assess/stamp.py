"""What a result was computed from: the commit, a hash of the inputs, and whether the tree had
uncommitted changes. Two different scores must never carry the same stamp: an edit not yet
committed changes the hash and marks the commit ``-dirty``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..records.dataset import Dataset
from ..records.git import commit_of, is_dirty

# Frozen results are what is compared, not an input of the computation.
NOT_INPUTS = frozenset({"frozen_result"})


@dataclass(frozen=True)
class Stamp:
    commit: str  # 40 hex digits, "-dirty" appended when inputs had uncommitted changes
    inputs: str  # "sha256:…" of every record the assessments read

    def line(self) -> str:
        return f"commit {self.commit}; inputs {self.inputs}"


def inputs_hash(ds: Dataset) -> str:
    """A hash of every record's content (types, ids and values, in a fixed order), so the same
    records give the same hash wherever they sit and however the YAML is laid out."""
    h = hashlib.sha256()
    for type_name in sorted(ds.records):
        if type_name in NOT_INPUTS:
            continue
        for rid in sorted(ds.of(type_name)):
            rec = ds.of(type_name)[rid]
            h.update(f"{type_name}\0{rid}\0".encode())
            h.update(json.dumps(rec.data, sort_keys=True, ensure_ascii=False, default=str).encode())
            h.update(b"\n")
    return "sha256:" + h.hexdigest()


def stamp_of(ds: Dataset) -> Stamp:
    commit = commit_of(ds.root) or "uncommitted"
    dirty = is_dirty(ds.root, "data", "schemas")
    if ds.private_root is not None and ds.private_root.is_dir():
        dirty = dirty or is_dirty(ds.private_root, ".")
    return Stamp(commit + ("-dirty" if dirty and commit != "uncommitted" else ""), inputs_hash(ds))
