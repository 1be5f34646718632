"""load: read each file of both roots once into a Dataset (nothing else opens data files)."""

from __future__ import annotations

import json
import math
import os
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..problems import ERROR, Problem
from .cache import Entry, FileCache, content_hash, file_key
from .csvio import decode, read_table
from .dataset import Dataset, LazyRecords, Record, Rows
from .layout import (
    MEMBER_LEVEL_COLUMNS,
    MEMBER_LEVEL_HINTS,
    PRIVATE,
    PUBLIC,
    RECORD_TYPES,
    Match,
    classify,
)
from .schemas import SchemaSet
from .walk import InputsHash, display_path, read_or_none, roots, walk_files
from .workers import Jobs, shared
from .yamlio import MAX_DEPTH, MAX_TEXT, clip, not_finite, parse_one, too_long

# A record type by its place in RECORD_TYPES (two types may share a name: station, frozen_result).
_TYPE_INDEX = {id(rt): i for i, rt in enumerate(RECORD_TYPES)}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
# Not records and never published data: a folder's explanation, git's placeholder, and the
# Finder's metadata file (binary, holds only file names).
IGNORED_NAMES = frozenset({"README.md", ".gitkeep", ".DS_Store"})

# File size limits by format. The city-size demo's largest files: YAML 170 KB (editors.yaml),
# CSV 0.8 MB; a district ten times larger still fits.
MAX_BYTES = {"yaml": 2 * 2**20, "markdown": 2 * 2**20, "json": 20 * 2**20, "csv": 50 * 2**20}


def _note(digest: InputsHash, rel: str, full: str, known: Mapping[str, bytes]) -> None:
    """A file the load does not read as a record, in its digest all the same."""
    content = known.get(full)
    if content is None:
        digest.file(rel, read_or_none(full))
    else:
        digest.add(rel, content)


def _text_of(raw: bytes) -> str | None:
    """A stray file's text for the privacy scan (UTF-8, else GB18030), None if it is binary."""
    if b"\0" in raw[:8192]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line of the first front-matter line) of a Markdown notice."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    return text[4 : end + 1], text[end + 5 :], 2


@dataclass
class _FileResult:
    """What one file gives, in the two phases of a load: the walk (refusals, tables, JSON,
    and files that cannot be parsed) and then the YAML parsed all at once. Replaying the
    results in walk order gives the same problems, records and order as reading the files."""

    problems: list[Problem] = field(default_factory=list)
    records: list[Record] | Rows = field(default_factory=list)  # a table's: Rows
    broken: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    stray: tuple[str, str | None] | None = None
    # The YAML phase: its problems and records, the broken entries it clears or adds.
    problems2: list[Problem] = field(default_factory=list)
    records2: list[Record] = field(default_factory=list)
    cleared: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[tuple[str, str], str]] = field(default_factory=list)


# What checks find in one file's records alone (checks/perfile.py): (records, schemas) → results
# by check name, kept in the file's cache entry.
PerFile = Callable[[list[Record], SchemaSet, bytes | None], dict[str, Any]]


def load(
    repo: Path,
    private_root: Path | None,
    schemas: SchemaSet,
    cache: FileCache | None = None,
    per_file: PerFile | None = None,
    known: Mapping[str, bytes] | None = None,
) -> tuple[Dataset, list[Problem]]:
    """Every record of ``repo/data`` and the private root, and the problems of reading them;
    files whose bytes ``cache`` has seen are not parsed again (records/cache.py). With a cache,
    ``per_file`` runs on each file read, where it is read, and its results join the entry.
    ``known``: each file's content hash by its path, as ``read_inputs`` found it just before:
    a file whose entry the cache holds is then not read again."""
    known = known or {}
    problems: list[Problem] = []
    results: list[_FileResult] = []
    # YAML texts are parsed by worker processes when there are many, handed over as they are
    # found: each file's records are checked there alone (per_file) and the file's entry is
    # pickled there; this process reads the tables meanwhile, then unpickles the entries, and
    # the cache saves those very bytes. (Tables stay here: pickling their rows to and fro
    # costs as much as reading them, measured in docs/benchmark.md.)
    checked = per_file if cache is not None else None
    # The workers validate records against the schemas: compiled once, here, before they fork.
    prepare = schemas.compile_all if checked is not None else lambda: None
    jobs = Jobs(_read_job, (schemas, checked), prepare)
    keys: list[bytes] = []  # each job's cache key
    tables: list[_Table] = []
    entries: dict[str, Entry] = {}
    sources: dict[str, bytes] = {}  # Dataset.sources
    private_headers = private_table_headers(schemas)
    # What read_inputs' digest is, from the files as they are read here: a run with no memo to
    # look up (a cold one) need not read and hash every file twice (0.3 s at city size).
    digest = InputsHash()
    for root_kind, base in roots(repo, private_root):
        # once per root: resolving every file costs ~0.3 s at city size
        shown_base = display_path(base, repo)
        digest.root(root_kind, shown_base, base.is_dir())
        if not base.is_dir():
            if root_kind == PUBLIC:
                problems.append(
                    Problem(
                        display_path(base, repo),
                        0,
                        "",
                        "FILE004",
                        ERROR,
                        "找不到公开数据文件夹 data/",
                        "no data/ folder",
                        "在仓库根目录运行，或用 --root 指定数据仓库",
                    )
                )
            continue
        for full, rel in walk_files(base):
            if rel.rpartition("/")[2] in IGNORED_NAMES:
                _note(digest, rel, full, known)
                continue
            file = f"{shown_base}/{rel}"
            key, entry = b"", None
            content = known.get(full)
            if content is not None and cache is not None:
                # An entry for these bytes at this place: a run read them here before, as a
                # record file it did not refuse (refusals have no entry), and would again.
                key = file_key(root_kind, file, content)
                entry = cache.get(key)
            if entry is None:
                match = classify(root_kind, rel)
                refused = _refusal(root_kind, full, rel, file, private_headers, match)
                if refused is not None or match is None:
                    _note(digest, rel, full, known)
                    results.append(refused or _FileResult())
                    continue
                with open(full, "rb") as fh:
                    raw = fh.read()
                refused = too_large(file, match, len(raw))
                if refused is not None:
                    digest.file(rel, raw)
                    results.append(refused)
                    continue
                fresh = content_hash(raw)
                if fresh != content:  # not known, or changed since
                    content = fresh
                    key = file_key(root_kind, file, content) if cache is not None else b""
                    entry = cache.get(key) if cache is not None else None
            digest.add(rel, content)
            if key:
                sources[file] = key
            if entry is None:
                result = _read_file(
                    file, root_kind, match, raw, schemas, len(results), jobs, tables, key
                )
                if len(keys) < len(jobs):
                    keys.append(key)  # read by a job below, and its entry made there
                elif cache is not None:
                    entry = cache.put(key, result)
            if entry is not None:
                entries[file] = entry
                result = entry.result
            results.append(result)
    jobs.flush()  # the last YAML texts, parsed while the tables are read here
    for table in tables:
        _read_csv(table)
        entry = entries.get(table.file)
        if checked is not None and entry is not None:
            # Checked alone here, as the workers check theirs: on a cold run the checks across
            # records then find every row's result, and the entry is complete when saved.
            entry.checks = checked(table.result.records, schemas, table.raw)
            cache.finish(table.key, entry)
    for i, blob in jobs.answers():
        job = jobs.jobs[i]
        entry = pickle.loads(blob)
        results[job.index] = entry.result
        if cache is not None:
            entries[job.file] = cache.adopt(keys[i], entry, blob)
    ds, problems = _replay(repo, private_root, results, problems, entries, cache)
    return replace(ds, inputs=digest.value(), sources=MappingProxyType(sources)), problems


@dataclass(frozen=True)
class _Job:
    """One YAML text to read in a worker (``_read_job``), into ``result``: the file's result so
    far, the ``index``-th of the load's results."""

    index: int
    file: str
    root_kind: str
    type_index: int  # the Match's type, in RECORD_TYPES: the type pickles its compiled pattern
    groups: dict[str, str]
    data: str  # the YAML text (a notice's: its front matter)
    body: str = ""
    first_line: int = 1
    result: _FileResult = field(default_factory=_FileResult)


def _read_job(job: _Job) -> bytes:
    """A job's file read (and checked alone, when load was given ``per_file``): its cache
    entry, pickled."""
    schemas, per_file = shared()
    out = job.result
    match = Match(RECORD_TYPES[job.type_index], job.groups)
    item = _Pending(job.file, job.root_kind, match, job.data, job.body, job.first_line, out)
    _finish_yaml(item, parse_one(job.data))
    checks = per_file(out.records2, schemas, None) if per_file is not None else {}
    return pickle.dumps(Entry(out, checks), protocol=pickle.HIGHEST_PROTOCOL)


def _replay(
    repo: Path,
    private_root: Path | None,
    results: list[_FileResult],
    problems: list[Problem],
    entries: dict[str, Entry],
    cache: FileCache | None,
) -> tuple[Dataset, list[Problem]]:
    by_type: dict[str, dict[str, Record]] = {}
    # (type, id) of records that could not be read, or (type, "*") for a whole table, and the
    # file to blame: what refers to them is folded under that file's error.
    broken: dict[tuple[str, str], str] = {}
    shadowed: list[Record] = []  # Dataset.shadowed
    tables: dict[str, Rows] = {}  # Dataset.tables
    # A type with table rows and no id twice is kept as its parts, the rows not read until
    # something asks for them (LazyRecords): nothing can be shadowed there.
    lazy = _unique_with_rows(results)
    parts: dict[str, list[Record | Rows]] = {t: [] for t in lazy}
    for r in results:
        problems.extend(r.problems)
        broken.update(r.broken)
        rows = _rows_of(r.records)
        if rows is not None and rows.type in lazy:
            parts[rows.type].append(rows)
            tables[rows.file] = rows
            continue
        lost = len(shadowed)
        for rec in r.records:
            if rec.type in lazy:
                parts[rec.type].append(rec)
            else:
                _add(rec, by_type, problems, shadowed)
        if rows is not None and len(shadowed) == lost:
            tables[rows.file] = rows  # a table's rows, every one kept
    for r in results:
        problems.extend(r.problems2)
        for k in r.cleared:
            broken.pop(k, None)
        for k, file in r.added:
            broken.setdefault(k, file)
        for rec in r.records2:
            if rec.type in lazy:
                parts[rec.type].append(rec)
            else:
                _add(rec, by_type, problems, shadowed)
    types: dict[str, Mapping[str, Record]] = dict(by_type)
    types.update((t, LazyRecords(p, lazy[t])) for t, p in parts.items())
    strays = tuple(r.stray for r in results if r.stray is not None)
    ds = replace(
        Dataset.of_types(repo, private_root, types, broken, strays),
        shadowed=tuple(shadowed),
        tables=MappingProxyType(tables),
    )
    if cache is not None:
        ds = replace(ds, cache=cache, entries=MappingProxyType(entries))
    return ds, problems


def _refusal(
    root_kind: str,
    full: str,
    rel: str,
    file: str,
    private_headers: list[tuple[str, frozenset[str]]],
    match: Match | None,
) -> _FileResult | None:
    """The file's refusal when it is no record to read, by its place, name or header (by its
    size: ``too_large``, once read). ``full``: its path on the disk, a string (a Path per file
    cost a city's walk ~0.4 s)."""
    if root_kind == PUBLIC and _looks_member_level(rel, full, private_headers):
        return _FileResult(
            problems=[
                Problem(
                    file,
                    1,
                    "",
                    "PRIV001",
                    ERROR,
                    "党员个人层面的数据（人员名册、党员报到、活动记录）不能放在公开的 data/ 下",
                    "member-level records must not be in the public data/ root",
                    "把文件移到私有库（private/），并从 git 历史中清除",
                )
            ]
        )
    private_match = classify(PRIVATE, rel) if root_kind == PUBLIC and match is None else None
    if private_match is not None:
        # A private table at its private path, but under data/ (e.g. a district's
        # data/hotline/ from before 12345 counts moved to the private root).
        return _FileResult(
            problems=[
                Problem(
                    file,
                    1,
                    "",
                    "PRIV009",
                    ERROR,
                    f"“{private_match.type.title}”只能放在私有库，不能放在公开的 data/ 下：表中有小于 5 的计数或个人信息",
                    f"{private_match.type.name} belongs in the private root",
                    f"把文件移到私有库的 {rel}，并从 git 历史中清除；网站只显示汇总",
                )
            ]
        )
    if match is None:
        # Refused, not ignored: whatever sits in the public root is published with it.
        return _FileResult(
            problems=[
                Problem(
                    file,
                    0,
                    "",
                    "FILE001",
                    ERROR,
                    "无法识别的文件：文件名或位置不符合数据目录结构，公开库里不能有这样的文件",
                    "file of no known type",
                    "见 docs/record-model.md“Layout”；编号只能用小写字母、数字和连字符；其他文件不要放进 data/",
                )
            ],
            stray=(file, _text_of(read_or_none(full) or b"")) if root_kind == PUBLIC else None,
        )
    return None


def too_large(file: str, match: Match, size: int) -> _FileResult | None:
    """The refusal of a record file of ``size`` bytes, more than its format's limit: such a
    file is not parsed (a 50 MB file would otherwise be parsed and quoted). Asked once the
    bytes are read (they are hashed for the digest all the same): a ``stat`` of every file
    before it was ~0.3 s of a city's walk."""
    rt = match.type
    limit = MAX_BYTES[rt.fmt]
    if size > limit:
        return _FileResult(
            problems=[
                Problem(
                    file,
                    0,
                    "",
                    "LIMIT001",
                    ERROR,
                    f"文件有 {size / 2**20:.1f} MB，超过上限 {limit // 2**20} MB",
                    f"file of {size} bytes, more than {limit}",
                    "检查是否误放了别的文件；长文请写在公示正文或附件中",
                )
            ],
            broken=[((rt.name, match.groups.get("id", "") if rt.fmt != "csv" else "*"), file)],
        )
    return None


def _read_file(
    file: str,
    root_kind: str,
    match: Match,
    raw: bytes,
    schemas: SchemaSet,
    index: int,
    jobs: Jobs,
    tables: list[_Table],
    key: bytes,
) -> _FileResult:
    """One record file's result; a YAML text is queued in ``jobs`` to be parsed with the rest
    (the result is then the file's so far), a table in ``tables`` to be read while they are."""
    rt = match.type
    out = _FileResult()
    if rt.fmt == "csv":
        tables.append(_Table(file, root_kind, match, raw, schemas, out, key))  # read in load()
        return out
    if rt.fmt == "json":
        # Frozen results are written by baodao itself; JSON, read without YAML's cost.
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
            refusal = inspect_value(data)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            out.problems.append(
                Problem(
                    file,
                    1,
                    "",
                    "YAML001",
                    ERROR,
                    f"JSON 格式错误：{clip(str(exc), 200)}",
                    "invalid JSON",
                    "用 baodao assess --freeze 重新生成，不要手工编辑",
                )
            )
            return out
        if refusal is not None:
            code, zh, en, hint = refusal
            out.problems.append(Problem(file, 1, "", code, ERROR, zh, en, hint))
            return out
        if isinstance(data, dict):
            rid = f"{match.groups['assessment']}/{match.groups['id']}"
            out.records.append(Record(rt.name, rid, data, file, root_kind, match.groups))
        return out
    out.broken.append(((rt.name, match.groups.get("id", "")), file))  # until it reads as a record
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.problems.append(
            Problem(
                file,
                1,
                "",
                "YAML002",
                ERROR,
                "文件不是 UTF-8 编码",
                "file is not UTF-8",
                "用 UTF-8 编码保存文件",
            )
        )
        return out
    first_line, body = 1, ""
    if rt.fmt == "markdown":
        parts = split_front_matter(text)
        if parts is None:
            out.problems.append(
                Problem(
                    file,
                    1,
                    "",
                    "YAML003",
                    ERROR,
                    "公示文件须以 --- 开头的头部信息开始，并以 --- 结束",
                    "notice must start with a --- front matter block",
                )
            )
            return out
        text, body, first_line = parts
    jobs.add(
        _Job(
            index,
            file,
            root_kind,
            _TYPE_INDEX[id(rt)],
            match.groups,
            text,
            body,
            first_line,
            out,
        )
    )
    return out


def _finish_yaml(item: _Pending, parsed: tuple[Any, Any]) -> None:
    """The YAML phase of one file: its record, or why there is none."""
    data, err = parsed
    file, root_kind, match, text, body, first_line = (
        item.file,
        item.root_kind,
        item.match,
        item.text,
        item.body,
        item.first_line,
    )
    out = item.result
    rt = match.type
    if err is not None:
        line, code, zh, en, hint = err
        out.problems2.append(Problem(file, line + first_line - 1, "", code, ERROR, zh, en, hint))
        return
    if not isinstance(data, dict):
        out.problems2.append(
            Problem(
                file,
                first_line,
                "",
                "YAML004",
                ERROR,
                "文件内容须是“字段: 值”的映射",
                "record must be a mapping",
            )
        )
        return
    rid = _record_id(rt.name, data, match.groups)
    rec = Record(rt.name, rid, data, file, root_kind, match.groups, first_line, text, body)
    file_id = match.groups.get("id")
    name = file.rpartition("/")[2]
    if file_id is not None and not ID_PATTERN.fullmatch(file_id):
        out.problems2.append(
            Problem(
                file,
                0,
                "",
                "FILE005",
                ERROR,
                f"文件名 '{name}' 不是有效编号：只能用小写字母、数字和连字符",
                f"file name '{name}' is not a valid id",
                "用拼音或代码命名，如 lvjing-huayuan.yaml；中文名称写在 name 字段里",
            )
        )
    elif file_id is not None and rt.name not in PERIOD_FILES and rid != file_id:
        out.problems2.append(
            Problem(
                file,
                rec.line_of(("id",)),
                "id",
                "FILE002",
                ERROR,
                f"编号 '{clip(rid)}' 与文件名 '{file_id}' 不一致",
                f"id '{clip(rid)}' does not match the file name '{file_id}'",
                f"把文件改名为 {clip(rid)}{os.path.splitext(name)[1]}，或把 id 改为 {file_id}",
            )
        )
    out.cleared.append((rt.name, match.groups.get("id", "")))
    if file_id is not None and rid != file_id and rt.name not in PERIOD_FILES:
        # References by the file name's id follow from the FILE002 above, not the other way.
        out.added.append(((rt.name, file_id), file))
    out.records2.append(rec)


@dataclass(frozen=True)
class _Table:
    """A CSV table read and classified, waiting to be parsed into its result."""

    file: str
    root_kind: str
    match: Match
    raw: bytes
    schemas: SchemaSet
    result: _FileResult
    key: bytes  # in the parse cache (empty without one)


def _read_csv(table: _Table) -> None:
    """A table's rows as records, and the problems of reading it."""
    file, rt, out = table.file, table.match.type, table.result
    text, probs = decode(table.raw, file)
    out.problems.extend(probs)
    if text is None:
        # Every row of the table is unknown: what refers to them follows from this.
        out.broken.append(((rt.name, "*"), file))
        return
    rows, probs = read_table(text, file, table.schemas.table_schema(rt.table or ""))
    out.problems.extend(probs)
    groups = table.match.groups
    records = []
    for row in rows:
        rid = _row_id(rt.name, row.values, groups, row.line)
        if rid is not None:
            records.append(
                Record.row(rt.name, rid, row.values, file, table.root_kind, groups, row.line)
            )
    if records:
        out.records = Rows.of(records)  # pickled apart in the cache: read when first needed


@dataclass(frozen=True)
class _Pending:
    """A YAML text read and classified, waiting to be parsed."""

    file: str
    root_kind: str
    match: Match
    text: str
    body: str
    first_line: int
    result: _FileResult


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} 不是有限的数字 / not a finite number")


def inspect_value(data: object) -> tuple[str, str, str, str] | None:
    """The first limit a loaded JSON value breaks (depth, text length, NaN), without recursion."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return (
                    "LIMIT002",
                    f"嵌套超过 {MAX_DEPTH} 层",
                    f"nested deeper than {MAX_DEPTH} levels",
                    "",
                )
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items)
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            return too_long(value)
        elif isinstance(value, float) and not math.isfinite(value):
            return not_finite(repr(value))
    return None


def _row_id(type_name: str, values: dict, groups: dict[str, str], line: int) -> str | None:
    """A CSV row's id: the registry's own id; a registration is one person's, per community-year."""
    if type_name == "hotline_ticket":
        # One row per month, compound and category: that triple is the row's key.
        key = (values.get("month"), values.get("compound"), values.get("category"))
        return "/".join(key) if all(isinstance(k, str) for k in key) else None
    if type_name in ("activity", "request_total"):
        # Activity rows have no natural key: a row is itself, by where it stands.
        return f"{groups['year']}-{groups['community']}-{line}"
    if type_name == "member_registration":
        person = values.get("person")
        return (
            f"{groups['year']}-{groups['community']}-{person}" if isinstance(person, str) else None
        )
    rid = values.get("id")
    return rid if isinstance(rid, str) else None


# Types named by period (2026h1.yaml) inside an owner's folder: the id is owner/period.
PERIOD_FILES = frozenset(
    {"calendar", "rules_validation", "community_score", "branch_review", "property_evaluation"}
)


def _record_id(type_name: str, data: dict, groups: dict[str, str]) -> str:
    if type_name in ("district", "editors"):  # one file each, named by its type
        return type_name
    if type_name == "notice_lock":  # one per repository: data/notices/published.yaml
        return "published"
    if type_name in ("calendar", "rules_validation"):  # named by year or start date, no id field
        return groups["id"]
    if type_name == "community_score":  # one file per evaluator and period
        return f"{groups['evaluator']}/{groups['id']}"
    if type_name in ("branch_review", "property_evaluation"):  # one file per community and period
        return f"{groups['community']}/{groups['id']}"
    rid = data.get("id")
    return rid if isinstance(rid, str) else groups.get("id", "")


def _rows_of(records: list[Record] | Rows) -> Rows | None:
    """A file's records as ``Rows`` when they are rows (a table's, or a JSON file's record)."""
    if isinstance(records, Rows):
        return records
    if records and all(rec.source is None for rec in records):
        return Rows.of(records)
    return None


def _unique_with_rows(results: list[_FileResult]) -> dict[str, int]:
    """The types that have table rows (``Rows``) and no id twice, with their records' count."""
    ids: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for r in results:
        if isinstance(r.records, Rows):
            ids.setdefault(r.records.type, set())
    for r in results:
        for recs in (r.records, r.records2):
            if isinstance(recs, Rows):
                if recs.type in ids:
                    ids[recs.type].update(recs.ids)
                    count[recs.type] = count.get(recs.type, 0) + len(recs)
                continue
            for rec in recs:
                if rec.type in ids:
                    ids[rec.type].add(rec.id)
                    count[rec.type] = count.get(rec.type, 0) + 1
    return {t: n for t, n in count.items() if len(ids[t]) == n}


def _add(
    rec: Record,
    by_type: dict[str, dict[str, Record]],
    problems: list[Problem],
    shadowed: list[Record],
) -> None:
    recs = by_type.get(rec.type)
    if recs is None:
        recs = by_type[rec.type] = {}
    first = recs.setdefault(rec.id, rec)
    if first is not rec:
        shadowed.append(rec)
        problems.append(
            Problem(
                rec.file,
                rec.line_of(("id",)),
                "id",
                "DUP001",
                ERROR,
                f"编号 '{rec.id}' 重复：{first.file}:{first.line_of(('id',))} 已使用",
                f"duplicate id '{rec.id}', first used in {first.file}",
                "编号在全区同类记录中必须唯一",
            )
        )


def private_table_headers(schemas: SchemaSet) -> list[tuple[str, frozenset[str]]]:
    """Each member-level table's title and required columns: a header holding all of one of
    them is a copy of that private table, whatever the file is called."""
    out = []
    for rt in RECORD_TYPES:
        if rt.member_level and rt.table:
            fields = schemas.table_schema(rt.table).get("fields", [])
            required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
            if required:
                out.append((rt.title, frozenset(required)))
    return out


def private_table_of(first_line: str, headers: list[tuple[str, frozenset[str]]]) -> str | None:
    """The private table a header line belongs to (its title), or None."""
    header = {h.strip().strip('"').lower() for h in re.split(r"[,\t;]", first_line)}
    for title, required in headers:
        if required <= header:
            return title
    return "人员信息" if header & MEMBER_LEVEL_COLUMNS else None


def _looks_member_level(
    rel: str, full: str, private_headers: list[tuple[str, frozenset[str]]]
) -> bool:
    if MEMBER_LEVEL_HINTS.search(rel):
        return True
    if os.path.splitext(full)[1].lower() in (".csv", ".tsv", ".txt"):
        try:
            with open(full, encoding="utf-8-sig", errors="replace") as fh:
                first = fh.readline()
        except OSError:
            return False
        return private_table_of(first, private_headers) is not None
    return False
