"""What a result was computed from: the commit, a hash of the inputs, and whether the tree had
uncommitted changes. Two different scores must never carry the same stamp: an edit not yet
committed changes the hash and marks the commit ``-dirty``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from ..records.dataset import Dataset
from ..records.git import commit_of, is_dirty

# Frozen results are what is compared, not an input of the computation.
NOT_INPUTS = frozenset({"results"})


@dataclass(frozen=True)
class Stamp:
    commit: str  # 40 hex digits, "-dirty" appended when inputs had uncommitted changes
    inputs: str  # "sha256:…" of every record the assessments read

    def line(self) -> str:
        return f"commit {self.commit}; inputs {self.inputs}"


def inputs_hash(ds: Dataset) -> str:
    """A hash of every input file's path and bytes (both roots, results left out), in a fixed
    order. Bytes, not parsed records: hashing the files costs a read the OS has cached, hashing
    300,000 parsed rows costs seconds (docs/benchmark.md)."""
    h = hashlib.sha256()
    roots = [("data", ds.root / "data")]
    if ds.private_root is not None:
        roots.append(("private", ds.private_root))
    for name, base in roots:
        # os.walk, not Path.rglob: 20,000 files a run at city size.
        for folder, dirs, files in os.walk(base):
            rel = os.path.relpath(folder, base).replace(os.sep, "/")
            top = rel.split("/", 1)[0]
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not (rel == "." and d in NOT_INPUTS)
            )
            if top in NOT_INPUTS:
                continue
            for f in sorted(files):
                if f.startswith("."):
                    continue
                with open(os.path.join(folder, f), "rb") as fh:
                    digest = hashlib.sha256(fh.read()).digest()
                h.update(f"{name}/{rel}/{f}\0".encode())
                h.update(digest)
    return "sha256:" + h.hexdigest()


def stamp_of(ds: Dataset) -> Stamp:
    commit = commit_of(ds.root) or "uncommitted"
    dirty = is_dirty(ds.root, "data", "schemas")
    if ds.private_root is not None and ds.private_root.is_dir():
        dirty = dirty or is_dirty(ds.private_root, ".")
    return Stamp(commit + ("-dirty" if dirty and commit != "uncommitted" else ""), inputs_hash(ds))
