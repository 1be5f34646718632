"""Where a data repository's parts are: the public root, the private root and the schemas."""

from __future__ import annotations

import datetime as dt
import gc
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .checks.perfile import facts as per_file
from .problems import ERROR, Problem, errors, fold_causes, sort_problems
from .records.cache import FileCache, Memo, cache_dir, memo_key, tree_hash
from .records.dataset import Dataset, files_with_lines, lines_found
from .records.load import load, private_table_headers, private_table_of
from .records.schemas import SchemaSet
from .records.walk import read_inputs

# The repository this code ships in: its schemas/, site/ and mkdocs.yml serve a data repository
# that has none of its own (e.g. the generated city data set).
CODE_ROOT = Path(__file__).resolve().parents[2]
CODE_SCHEMAS = CODE_ROOT / "schemas"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a repository is read and checked.

    Records are trees of dicts, lists and strings (no cycles), but a city's millions of them
    make the collector walk the growing heap again and again: at city size that was 9 s of the
    load and 1 s of the checks (``baodao assess`` 28 s with it, 15 s without, same machine).
    Reference counting still frees everything as usual; the collector is back on afterwards.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was read stays for the rest of the command (the build lets it go through
        # web/memory.release_memory, which unfreezes): the collector need never walk it again.
        # Left in the young generation, the first collections walked all of it, and every full
        # one again: 3.3 s of a city build after one change, 0.5 s of a cold validate.
        gc.freeze()
        if was_on:
            gc.enable()


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

    def cache(self, schema_hash: str | None = None) -> FileCache | None:
        """The parse cache (records/cache.py); none when BAODAO_CACHE is "off"."""
        where = cache_dir(self.root)
        if where is None:
            return None
        return FileCache(where, schema_hash or tree_hash(self.schemas_dir))

    def load_and_check(
        self,
        as_of: dt.date,
        checks: tuple | None = None,
        progress: Callable[[str], None] = lambda _m: None,
        recompute: Recompute | None = None,
        parsed: FileCache | None = None,
    ) -> tuple[Dataset, SchemaSet, list[Problem]]:
        """Load both roots and check them (all checks, or only ``checks``: see ASSESSMENT_INPUTS).
        ``parsed``: files already parsed in memory, read through instead of the parse cache on
        disk (``baodao serve`` keeps them: web/quickpreview.py)."""
        done = self.check(as_of, checks, progress, recompute, parsed=parsed)
        assert done.ds is not None
        return done.ds, done.schemas, done.problems

    def check(
        self,
        as_of: dt.date,
        checks: tuple | None = None,
        progress: Callable[[str], None] = lambda _m: None,
        recompute: Recompute | None = None,
        records: bool = True,
        parsed: FileCache | None = None,
    ) -> Checked:
        """The problems of both roots (see ``load_and_check``), and the records unless
        ``records`` is False and the memo (records/cache.py, ``Memo``) already knows the
        problems of these very files: then the records are not even read from the cache.

        ``recompute`` (a name, a function): problems found from the checked records when they
        have no error (assess/validation.py), memoised with the rest. The memo is keyed by the
        code, the schemas, every file of both roots, the as-of date and the checks; files
        outside data/ with a private table's header (PRIV008) are looked for on every run."""
        schemas = SchemaSet.load(self.schemas_dir)
        schema_hash = tree_hash(self.schemas_dir)
        where = cache_dir(self.root)
        memo = Memo(where) if where is not None else None
        selection = "all" if checks is None else ",".join(m.__name__ for m in checks)

        def key_of(inputs: bytes) -> bytes:
            return memo_key(
                schema_hash,
                inputs,
                str(self.root),
                str(self.private_root),
                as_of.isoformat(),
                selection,
                recompute[0] if recompute else "",
            )

        key = b""
        stored = None
        known: dict[str, bytes] = {}
        if memo is not None and memo:
            # An empty memo (a cold run) holds nothing to find: the key then comes from the
            # load's own reads below, and the files are read once, not twice.
            inputs = read_inputs(self.root, self.private_root, where)
            key, known = key_of(inputs.digest), inputs.contents
            stored = memo.get(key)
        stray_tables = private_tables_outside_data(self.root, self.private_root, schemas)
        if stored is not None and not records:
            count, base, recomputed = stored
            problems = fold_causes([*base, *stray_tables])
            if recompute is None or errors(problems):
                return Checked(problems, count, None, schemas)
            if recomputed is not None:
                return Checked(sort_problems([*problems, *recomputed]), count, None, schemas)
            # Stored with errors that are gone now (a stray table removed): check again.
        # The preview's files in memory, when it has them: its records are then the very objects
        # it keeps, not a second copy of a city's ~500 MB unpickled from the disk cache.
        cache = parsed if parsed is not None else self.cache(schema_hash)
        lines_before = lines_found()
        with collector_paused():
            progress("读取记录 …")
            # The files just hashed are looked up in the cache by those hashes, not read again.
            ds, load_problems = load(self.root, self.private_root, schemas, cache, per_file, known)
            if stored is not None:
                progress("文件未变：沿用上次的校验结果 …")
                base, recomputed = stored[1], stored[2]
            else:
                progress(f"校验 {ds.count()} 条记录 …")
                found = (
                    run_checks(ds, schemas, as_of)
                    if checks is None
                    else run_checks(ds, schemas, as_of, checks)
                )
                base, recomputed = [*load_problems, *found], None
            problems = fold_causes([*base, *stray_tables])
            if recompute is not None and not errors(problems):
                if recomputed is None:
                    progress("核对已冻结的考核结果和缺少的评分 …")
                    recomputed = recompute[1](ds, as_of)
                problems = sort_problems([*problems, *recomputed])
        if cache is not None:
            for file in files_with_lines(lines_before):
                # Messages found lines: the file's records keep them (Record.lines).
                entry = ds.entries.get(file)
                if entry is not None:
                    cache.touch(entry)
            cache.save()  # after the checks: their per-file results are kept too
            cache.close()
        if memo is not None and not key:
            key = key_of(ds.inputs)
        if memo is not None and stored != (ds.count(), base, recomputed):
            memo.put(key, (ds.count(), base, recomputed))
        return Checked(problems, ds.count(), ds, schemas)


# (name, function): problems found from records that have no error, e.g. assess/validation.py's
# frozen results and missing inputs; the name is part of the memo's key.
Recompute = tuple[str, Callable[[Dataset, dt.date], list[Problem]]]


@dataclass(frozen=True)
class Checked:
    """What checking a repository found."""

    problems: list[Problem]
    count: int  # records read
    ds: Dataset | None  # None when the memo answered without reading the records
    schemas: SchemaSet


# Never part of what a repository publishes: git's own folder, the parse cache, tools, build
# output. No exemption for tests: their private tables are written at test time
# (tests/tinyprivate.py).
_NOT_PUBLISHED = (".git/", ".cache/", ".venv/", "tools/node_modules/", "public/", "build/")
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
                "--",
                ".",
                # Not listed at all (a city's data/ is 19,000 files): skipped below anyway.
                *(f":(exclude){folder}" for folder in ("data/", *_NOT_PUBLISHED)),
            ],
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            return sorted(done.stdout.decode("utf-8", "replace").split("\0")[:-1] or [])
    # No git to ask: every file but the private root's, at its conventional place (git-ignored
    # there) or wherever --private put it.
    # data/ and the unpublished folders are not walked at all (a city's data/ is 19,000 files,
    # 0.15 s of every validate): the caller skips them anyway.
    out = []
    skip = {root / "private", *([private_root.resolve()] if private_root else [])}
    skip |= {root / folder.rstrip("/") for folder in ("data/", *_NOT_PUBLISHED)}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if here / d not in skip and d != ".git")
        out.extend((here / f).relative_to(root).as_posix() for f in sorted(filenames))
    return out


@dataclass(frozen=True)
class AsOf:
    """The day every dated rule is judged against, and where it came from (said to the editor)."""

    day: dt.date
    source: str  # Chinese, e.g. "最近一次提交的日期"

    def line(self, verb: str = "检查") -> str:
        """The first line every command prints: ``按 2026-11-23 检查（来源：…）``."""
        return f"按 {self.day} {verb}（来源：{self.source}）"


def as_of(
    repo: Repo,
    given: str | dt.date | None = None,
    commit: str | None = None,
    pending: bool = False,
) -> AsOf:
    """The as-of date of every command (validate, assess, build, pr check, intake, match, …).

    One rule, so that one checkout is judged the same by every command (docs/user-guide.md):

    1. ``--as-of`` given on the command line;
    2. else the environment variable ``BAODAO_AS_OF`` (YYYY-MM-DD);
    3. else ``SOURCE_DATE_EPOCH`` (a reproducible build's date, UTC);
    4. else, in git: today while data/ (or a private root that is a git work tree of its own)
       has uncommitted changes — an edit is judged on the day it is made — otherwise the date of
       the latest commit of those roots (``commit`` instead of the public root's HEAD in
       ``pr check``), as the committer's own calendar shows it: a clean checkout is judged the
       same on any day, and the same commit builds the same site;
    5. else (no git) today.

    ``pending``: the command judges a change not yet committed (intake's form submission), so
    step 4 is always "today".
    """
    if isinstance(given, dt.date):
        return AsOf(given, "--as-of")
    if given:
        return AsOf(dt.date.fromisoformat(given), "--as-of")
    env = os.environ.get("BAODAO_AS_OF", "").strip()
    if env:
        return AsOf(dt.date.fromisoformat(env), "环境变量 BAODAO_AS_OF")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return AsOf(
            dt.datetime.fromtimestamp(int(epoch), dt.UTC).date(), "环境变量 SOURCE_DATE_EPOCH"
        )
    if pending:
        return AsOf(dt.date.today(), "今天：提交的内容还没有进入仓库")
    public = _git_state(repo.root, "data", commit)
    if public is None:
        return AsOf(dt.date.today(), "今天：不在 git 仓库中")
    states = [("data/", public)]
    if repo.private_root is not None:
        own = _git_state(repo.private_root, ".", None)
        if own is not None and own[2] != public[2]:  # a git work tree of its own
            states.append(("私有库", own))
    dirty = [name for name, (_day, is_dirty, _top) in states if is_dirty]
    if dirty:
        return AsOf(dt.date.today(), f"今天：{'和'.join(dirty)}有未提交的修改")
    days = [day for _name, (day, _d, _t) in states if day is not None]
    if not days:
        return AsOf(dt.date.today(), "今天：还没有提交")
    if commit:
        return AsOf(max(days), f"提交 {commit[:7]} 的日期")
    return AsOf(max(days), "最近一次提交的日期，工作区无未提交的修改")


def _git(where: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(where), *args], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_state(
    where: Path, pathspec: str, commit: str | None
) -> tuple[dt.date | None, bool, str] | None:
    """(commit date, uncommitted changes under ``pathspec``, work tree) of the git work tree
    holding ``where``; None when git does not track it (no git, or an ignored folder)."""
    if not where.is_dir():
        return None
    top = _git(where, "rev-parse", "--show-toplevel")
    if not top:
        return None
    if _git(where, "check-ignore", "-q", ".") is not None:  # exit 0: git ignores the folder
        return None
    # %cs: the committer's date in the committer's own time zone (a record dated the day it is
    # committed is never "in the future" because UTC is still on the day before).
    shown = _git(where, "log", "-1", "--format=%cs", *([commit] if commit else []))
    day = dt.date.fromisoformat(shown.strip()) if shown and shown.strip() else None
    status = "" if commit else _git(where, "status", "--porcelain", "--", pathspec)
    return day, bool(status and status.strip()), top.strip()


def as_of_for_command(
    repo: Repo, given: str | None, verb: str, pending: bool = False, commit: str | None = None
) -> dt.date:
    """``as_of``, said on the command's first line (stderr: JSON output stays clean)."""
    import click  # the commands' own output; repo is imported by every command anyway

    try:
        when = as_of(repo, given, commit, pending)
    except ValueError as exc:
        raise click.ClickException(f"日期须写成 YYYY-MM-DD：{exc}") from exc
    click.echo(when.line(verb), err=True)
    return when.day


def resolve_as_of(value: str | None, repo: Repo | None = None) -> dt.date:
    """The as-of day alone (see ``as_of``); without a repository, the current folder's."""
    return as_of(repo or Repo.locate(Path(".")), value).day
