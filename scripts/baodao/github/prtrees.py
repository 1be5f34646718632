"""The two trees of ``baodao pr check`` (prcheck.py): how they are laid out, checked and memoized.

- The merged ("head") tree is the base tree's files hard-linked (no second copy of ~19,000
  files), the pull request's data files written over them as **new** files: the overlay unlinks
  a path before it writes it, so nothing is ever written through a link into the base tree.
- Each tree is checked by one process of the base code (the hidden ``baodao pr tree-report``):
  one load of the records gives both the validation problems and the units' assessment, where
  ``validate`` then ``assess`` loaded them twice. With 4 cores or more, base and head run at the
  same time; with fewer, the base first, whose parse cache then serves the head.
- The base tree's report (its problems and its public results) is memoized in the checking
  repository's cache folder (records/cache.py ``cache_dir``, ``pr-base/``), keyed by the base
  commit's git tree id (content-addressed: the data, and the code, schemas and rules when the
  tree holds them), the checking code's version (``code_version``: package and libraries), the
  code schemas when the tree has none, the as-of date and the private root's files (or none).
  Every pull request against one main commit shares it: the second check runs the head only.

Why a memo cannot be planted: only the trusted base code, run on the base tree, writes a memo,
and only under the base tree's key; the merged tree is never memoized, so what a pull request
brings never reaches a memo. A memo file is JSON (never code) sealed with an HMAC whose key is
this machine's cache key (records/cache.py ``key_path``, outside every repository), so a memo
committed to or planted in the checking repository — whose key anyone can compute — is ignored
and recomputed. A fresh machine (a CI runner) has a fresh key: its memos live as long as it
does. Do not carry the memo across CI runs with actions/cache: a pull request's own runs write
its cache scope, and a pull request that changes the workflow can write anything there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..records.cache import code_version, machine_key, tree_hash
from ..records.children import dying_with_parent
from ..repo import CODE_SCHEMAS

MEMO_FOLDER = "pr-base"
_MEMO_FORMAT = 1
_MEMOS_KEPT = 8  # one per recent main commit (and as-of day) is plenty
_RUN_BASE = "import sys; sys.path.insert(0, sys.argv.pop(1)); from baodao.cli import main; main()"


class TreeFailed(RuntimeError):
    """The base code could not report on a tree (its output was no report)."""


def _env(cache: Path | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_TOKEN", "GH_", "BAODAO_PRIVATE"))
    }
    if cache is not None and "BAODAO_CACHE" not in os.environ:
        env["BAODAO_CACHE"] = str(cache)
    return env


def _command(code: Path, tree: Path, args: tuple[str, ...], private: Path | None) -> list[str]:
    roots = ["--private", str(private)] if private is not None else ["--no-private"]
    return [sys.executable, "-c", _RUN_BASE, str(code / "scripts"), "--root", str(tree)] + [
        *roots,
        *args,
    ]


def run_baodao(
    code: Path, tree: Path, *args: str, private: Path | None = None, cache: Path | None = None
) -> subprocess.CompletedProcess:
    """The ``baodao`` command of the code in ``code`` (always the base tree's), on ``tree``; with
    the private root when the checker has one (the registry's names are then searched too).

    The code comes from the base tree even for the merged tree, so that no file the pull
    request lays over it can ever be imported.

    ``cache``: the parse cache the runs share (records/cache.py), so that the merged tree's
    files that are the base's are not parsed twice; entries are keyed by content and sealed,
    so a tree's files can neither reach nor poison another's."""
    return subprocess.run(
        _command(code, tree, args, private),
        cwd=tree,
        capture_output=True,
        env=_env(cache),
        check=False,
    )


def link_tree(base: Path, head: Path) -> None:
    """``head`` as a copy of ``base`` whose files are hard links (folders are new); a copy where
    the file system refuses links. Whoever changes a file of ``head`` unlinks it first."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(base, head, symlinks=True, copy_function=link)


@dataclass
class TreeReport:
    """What the base code says of one tree: its problems, and every public result of the as-of
    year keyed "file/subject" (None when the assessment refused: records with errors)."""

    problems: list[Problem]
    results: dict[str, dict[str, Any]] | None

    def to_json(self) -> dict[str, Any]:
        return {"problems": [p.to_json() for p in self.problems], "results": self.results}

    @classmethod
    def from_json(cls, data: Any) -> TreeReport:
        if not isinstance(data, dict) or not isinstance(data.get("problems"), list):
            raise ValueError("not a tree report")
        results = data.get("results")
        if results is not None and not isinstance(results, dict):
            raise ValueError("not a tree report")
        return cls([Problem(**row) for row in data["problems"]], results)


def read_results(out: Path) -> dict[str, dict[str, Any]] | None:
    """The assessment files in ``out`` as "file/subject" → result (with what it rates)."""
    files = sorted(out.glob("*.json"))
    if not files:
        return None
    results = {}
    for f in files:
        data = json.loads(f.read_text("utf-8"))
        what = f"{data.get('title', '')}（{data.get('period', '')}）"
        for r in data.get("results", []):
            results[f"{f.stem}/{r['subject']}"] = {**r, "what": what}
    return results


class TreeRun:
    """``baodao pr tree-report`` of the base code on one tree, running until :meth:`result`."""

    def __init__(
        self,
        code: Path,
        tree: Path,
        as_of: dt.date,
        out: Path,
        private: Path | None,
        cache: Path | None,
    ) -> None:
        self.out = out
        args = ("pr", "tree-report", "--as-of", as_of.isoformat(), "--out", str(out))
        # Output to files, not pipes: two runs at once never block on a full pipe.
        self._stdout = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result()
        self._proc = subprocess.Popen(
            _command(code, tree, args, private),
            cwd=tree,
            stdout=self._stdout,
            stderr=self._stderr,
            env=_env(cache),
            **dying_with_parent(),  # noqa: PLW1509 - prctl only, no lock taken
        )

    def stop(self) -> None:
        """End the run if it still runs (the other tree's failed): nothing outlives the check."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def result(self) -> TreeReport:
        self._proc.wait()
        self._stdout.seek(0)
        self._stderr.seek(0)
        out, err = self._stdout.read(), self._stderr.read()
        self._stdout.close()
        self._stderr.close()
        try:
            return TreeReport.from_json(json.loads(out.decode("utf-8")))
        except (ValueError, TypeError) as exc:
            raise TreeFailed(err.decode("utf-8", "replace")[-2000:]) from exc


# Both trees at once from this many cores. Measured on the city (2 cores shared with other
# jobs, no memo): one after the other 16.0-16.4 s, at once 13.1-23.4 s and twice the peak
# memory (~750 MiB): each tree's cold parse then competes with the other's for the same cores.
PARALLEL_FROM_CPUS = 4


def together() -> bool:
    """Whether the base and merged trees, when both must run, run at the same time."""
    return (os.cpu_count() or 1) >= PARALLEL_FROM_CPUS


def _files_hash(root: Path) -> str:
    """The private root's files (names and bytes), git's and the cache's folders left out."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in (".git", ".cache") or not path.is_file():
            continue
        h.update(rel.as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def memo_key(tree_id: str, base_tree: Path, as_of: dt.date, private: Path | None) -> str:
    """What the base tree's report depends on (module docstring), as one hex digest."""
    parts = [
        f"format={_MEMO_FORMAT}",
        f"tree={tree_id}",
        f"code={code_version()}",
        # The tree's own schemas are in its id; without them the code's are used (repo.py).
        "schemas=" + ("tree" if (base_tree / "schemas").is_dir() else tree_hash(CODE_SCHEMAS)),
        f"as_of={as_of.isoformat()}",
        "private=" + ("none" if private is None else _files_hash(private)),
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def _seal(key: bytes, body: bytes) -> str:
    return hmac.new(key, b"baodao-pr-memo\0" + body, "blake2b").hexdigest()


def memo_path(cache: Path, key: str) -> Path:
    return cache / MEMO_FOLDER / f"{key}.json"


def read_memo(cache: Path | None, key: str) -> TreeReport | None:
    """The memoized base report under ``key``; None when there is none or it is not trusted
    (not sealed with this machine's key, another key inside, not a report)."""
    if cache is None:
        return None
    secret = machine_key(create=False)
    try:
        raw = memo_path(cache, key).read_bytes()
    except OSError:
        return None
    seal, _, body = raw.partition(b"\n")
    if secret is None or not hmac.compare_digest(seal, _seal(secret, body).encode()):
        return None
    try:
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return TreeReport.from_json(data.get("report"))
    except (ValueError, TypeError):
        return None


def write_memo(cache: Path | None, key: str, report: TreeReport) -> None:
    """Keep the base tree's report (atomically; the oldest memos beyond a few are dropped)."""
    if cache is None:
        return
    secret = machine_key(create=True)
    if secret is None:
        return
    body = json.dumps({"key": key, "report": report.to_json()}, ensure_ascii=False).encode()
    folder = cache / MEMO_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = cache / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# baodao 缓存，可随时删除 / baodao cache, safe to delete\n*\n")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".memo-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_seal(secret, body).encode() + b"\n" + body)
        os.replace(tmp, memo_path(cache, key))
        memos = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in memos[_MEMOS_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # a read-only checkout checks all the same, without a memo
