"""Where a data repository's parts are: the public root, the private root and the schemas."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .problems import ERROR, Problem, fold_causes
from .records.dataset import Dataset
from .records.load import load, private_table_headers, private_table_of
from .records.schemas import SchemaSet

# The repository this code ships in: its schemas/, site/ and mkdocs.yml serve a data repository
# that has none of its own (e.g. the generated city data set).
CODE_ROOT = Path(__file__).resolve().parents[2]
CODE_SCHEMAS = CODE_ROOT / "schemas"


@dataclass(frozen=True)
class Repo:
    root: Path
    private_root: Path | None
    schemas_dir: Path

    @classmethod
    def locate(
        cls,
        root: Path,
        private: Path | None = None,
        no_private: bool = False,
        schemas: Path | None = None,
    ) -> Repo:
        root = root.resolve()
        if no_private:
            private = None
        elif private is None and (root / "private").is_dir():
            private = root / "private"
        if schemas is None:
            schemas = root / "schemas" if (root / "schemas").is_dir() else CODE_SCHEMAS
        return cls(root, private.resolve() if private else None, schemas)

    def load_and_check(
        self, as_of: dt.date, checks: tuple | None = None
    ) -> tuple[Dataset, SchemaSet, list[Problem]]:
        """Load both roots and check them (all checks, or only ``checks``: see ASSESSMENT_INPUTS)."""
        schemas = SchemaSet.load(self.schemas_dir)
        ds, load_problems = load(self.root, self.private_root, schemas)
        found = (
            run_checks(ds, schemas, as_of)
            if checks is None
            else run_checks(ds, schemas, as_of, checks)
        )
        stray_tables = private_tables_outside_data(self.root, self.private_root, schemas)
        return ds, schemas, fold_causes([*load_problems, *found, *stray_tables])


# Never part of what a repository publishes: git's own folder, tools, build output. No exemption
# for tests: their private tables are written at test time (tests/tinyprivate.py).
_NOT_PUBLISHED = (".git/", ".venv/", "tools/node_modules/", "public/", "build/")
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def private_tables_outside_data(
    root: Path, private_root: Path | None, schemas: SchemaSet
) -> list[Problem]:
    """Files anywhere in the public repository (outside data/, which load reads) whose header
    is a private table's: the files git tracks, or every file when ``root`` is no git work tree
    (as in ``pr check``'s extracted trees)."""
    headers = private_table_headers(schemas)
    found = []
    for rel in _repository_files(root, private_root):
        if rel.startswith(("data/", *_NOT_PUBLISHED)) or not rel.lower().endswith(_TABLE_SUFFIXES):
            continue
        try:
            with (root / rel).open(encoding="utf-8-sig", errors="replace") as fh:
                title = private_table_of(fh.readline(), headers)
        except OSError:
            continue
        if title is not None:
            found.append(private_table_problem(rel, title))
    return found


def private_table_problem(file: str, title: str) -> Problem:
    return Problem(
        file,
        1,
        "",
        "PRIV008",
        ERROR,
        f"表头与私有库的表格“{title}”相同：公开仓库里不能有私有表格",
        f"a file in the public repository has the header of a private table ({title})",
        "把文件移到私有库，用 git rm --cached 取消跟踪，并从 git 历史中清除",
    )


def _repository_files(root: Path, private_root: Path | None) -> list[str]:
    if (root / ".git").exists():
        # Tracked files and the untracked ones git would add: what a commit can publish.
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            return sorted(done.stdout.decode("utf-8", "replace").split("\0")[:-1] or [])
    # No git to ask: every file but the private root's, at its conventional place (git-ignored
    # there) or wherever --private put it.
    out = []
    skip = {root / "private", *([private_root.resolve()] if private_root else [])}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if here / d not in skip and d != ".git")
        out.extend((here / f).relative_to(root).as_posix() for f in sorted(filenames))
    return out


def resolve_as_of(value: str | None) -> dt.date:
    """The as-of date: given, else the commit's date (SOURCE_DATE_EPOCH), else today."""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
