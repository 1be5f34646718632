"""Privacy scan of the built site: the build fails if a private value reached public/.

Every output file is read: pages, JSON, CSV, feeds, the sitemap (gzip too) and Pagefind's index
and fragments (gzip, after a ``pagefind_dcd`` signature); only the theme's own bundles, images,
fonts and WebAssembly are skipped. The detectors are ``model.personal``'s, the ones ``validate``,
intake and ``pr check`` use: ID numbers, bank cards, mobiles the public view did not publish, and
unconsented registry names anywhere in a text. Needles from the records add person ids and the
distinctive tokens of internal notes (e.g. planted canaries).

Token needles are matched as whole tokens (a maximal run of Chinese characters, or of ASCII
letters, digits and hyphens), names by one Aho-Corasick automaton, which keeps a city-size scan
linear in the size of the site. Every detector is line-local, so each distinct line is read once
per process: a city site repeats its navigation on 13,000 pages (241 M characters, 72 M in
distinct lines). ``scan(files=…)`` reads only the files an incremental build wrote.
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing as mp
import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import ahocorasick

from ..model.personal import (
    MOBILE,
    NameFinder,
    find_numbers,
    mask,
    normalise,
    registry_names,
)
from ..records.cache import code_version
from ..records.dataset import Dataset, Record
from ..records.layout import PRIVATE, PUBLIC
from ..records.schemas import SchemaSet, internal_strings
from .viewmemo import Part, direct

_TOKENS = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9][A-Za-z0-9-]*")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_ASCII_CHAR = re.compile(r"[A-Za-z0-9-]")
# Files that are not built from records: images, fonts, WebAssembly, and the theme's bundles.
_BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
    ".wasm",
    ".pagefind",
}
_SKIP_DIRS = ("assets/javascripts/", "assets/stylesheets/")
_SKIP_FILES = (
    "pagefind/pagefind.js",
    "pagefind/pagefind-ui.js",
    "pagefind/pagefind-modular-ui.js",
    "pagefind/pagefind-highlight.js",
    "pagefind/pagefind-component-ui.js",
    "pagefind/pagefind-ui.css",
    "pagefind/pagefind-modular-ui.css",
    "pagefind/pagefind-component-ui.css",
    "pagefind/pagefind-worker.js",
)
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class Leak:
    file: str
    kind: str
    value: str  # masked for display
    line: int = 0

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: 错误 LEAK001 {self.kind} {self.value} 出现在公开网站中 / private value in public output"


def needles(ds: Dataset, schemas: SchemaSet, part: Part = direct) -> dict[str, str]:
    """Private tokens that must never appear on the site, with what they are (names: below).
    Each type's tokens are a function of its records alone: with ``part`` a view memo's
    (web/viewmemo.py), a type none of whose files changed is not gone through again (a city's
    300,000 records took 0.23 s)."""
    out: dict[str, str] = {}
    for person in ds.of("person").values():
        out[person.id] = "人员编号"
    by_type = [
        part(ds, f"needles {name}", partial(_type_needles, name=name, schemas=schemas))
        for name in ds.records
    ]
    # Free-text notes of member-level rows (the registry, report-ins): distinctive tokens only.
    for notes, _internal in by_type:
        for tok in notes:
            out.setdefault(tok, "内部备注")
    # Fields the schemas mark internal in public records (notes and the like).
    for _notes, internal in by_type:
        for tok in internal:
            out.setdefault(tok, "内部字段")
    return out


def _type_needles(
    ds: Dataset, name: str, schemas: SchemaSet
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tokens of one type's records, in their order: of private notes, of public records'
    internal fields."""
    notes: list[str] = []
    internal: list[str] = []
    for rec in ds.of(name).values():
        if rec.root == PRIVATE:
            note = rec.get("note")
            if isinstance(note, str):
                notes.extend(tok for tok in _TOKENS.findall(note) if len(tok) >= 6)
        elif rec.root == PUBLIC and rec.type in schemas.schemas:
            for text in internal_strings(schemas, rec.type, rec.data):
                internal.extend(tok for tok in _TOKENS.findall(text) if len(tok) >= 6)
    return tuple(notes), tuple(internal)


def needles_after(
    previous: dict[str, str], edits: list[tuple[Record, Record]], schemas: SchemaSet
) -> dict[str, str] | None:
    """``needles`` of a dataset whose records ``(before, after)`` were replaced (same type and
    id: records/reload.py's ``reload_files``) from ``previous``, those of the dataset before; None
    when only ``needles`` can say. Public records other than people give needles only by their
    internal fields: where those read the same, the needles are the same, in the same order."""
    for before, after in edits:
        if before.root != PUBLIC or after.root != PUBLIC or after.type == "person":
            return None
        if after.type in schemas.schemas and list(
            internal_strings(schemas, before.type, before.data)
        ) != list(internal_strings(schemas, after.type, after.data)):
            return None
    return previous


def read_output(path: Path) -> str:
    """An output file's text as a reader (or a search query) gets it: gunzipped, and without
    Pagefind's signature."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw.startswith(_PAGEFIND_SIGNATURE):
        raw = raw[len(_PAGEFIND_SIGNATURE) :]
    return raw.decode("utf-8", errors="replace")


class _Tokens:
    """Private tokens as whole tokens, by one Aho-Corasick automaton: a Chinese token is a whole
    run of Chinese characters, an ASCII one (person ids, canaries) a whole run of letters,
    digits and hyphens. One pass over a page, whatever the number of tokens."""

    def __init__(self, secret: dict[str, str]) -> None:
        self.secret = secret
        self.auto: ahocorasick.Automaton | None = None
        if secret:
            self.auto = ahocorasick.Automaton()
            for tok in sorted(secret):
                self.auto.add_word(tok, tok)
            self.auto.make_automaton()

    def find(self, text: str) -> set[str]:
        return {tok for _start, tok in self.find_at(text)}

    def find_at(self, text: str) -> list[tuple[int, str]]:
        """Whole-token hits with where they start."""
        if self.auto is None:
            return []
        hits = []
        for end, tok in self.auto.iter(text):
            start = end - len(tok) + 1
            word = _CJK_CHAR if _CJK_CHAR.match(tok) else _ASCII_CHAR
            before = text[start - 1] if start else ""
            after = text[end + 1] if end + 1 < len(text) else ""
            if not (before and word.match(before)) and not (after and word.match(after)):
                hits.append((start, tok))
        return hits


# Below this many files a second process costs more than it saves (as records/workers.py).
PARALLEL_FROM = 400
# Lines longer than this are not remembered (Pagefind's index, JSON, page text: unique mostly);
# shorter ones repeat from page to page (the navigation, headers, footers) and are read once per
# process. City site: lines up to 1,024 characters hold 147 M of the 170 M characters a repeat
# saves, in 29 M distinct characters (+14 MiB a worker); up to 4,096, 170 M in 64 M (+50 MiB).
REMEMBER_UP_TO = 1024


@dataclass(frozen=True)
class _Found:
    """What one line holds: findings of the numbers and the names (in the order a pass over the
    line meets them), and private tokens."""

    numbers: tuple[tuple[str, str], ...] = ()  # (kind, masked)
    names: tuple[tuple[str, str], ...] = ()
    tokens: frozenset[str] = frozenset()


class _Reader:
    """The detectors over a site's lines, each distinct line read once per process.

    Every detector is line-local: a number's candidate pattern and its separators never span a
    line break, a name's marking word only counts on its own line, a token ends at one. So a
    file's findings are its lines' findings, and a line already read (the same navigation on
    13,000 pages) is looked up instead of read again. New lines of a file are read together, in
    one pass of each detector over them joined by line breaks.
    """

    def __init__(self, names: NameFinder, tokens: _Tokens, allowed: set[str]) -> None:
        self.names, self.tokens, self.allowed = names, tokens, allowed
        self.ascii_names = names.ascii_names
        self.seen: set[str] = set()  # lines read, up to REMEMBER_UP_TO characters
        self.dirty: dict[str, _Found] = {}  # those with a finding

    def leaks(self, rel: str, text: str) -> list[Leak]:
        lines = text.split("\n")
        distinct = set(lines)
        fresh = distinct - self.seen
        if fresh:
            found = self._read(list(fresh))
            self.seen.update(line for line in fresh if len(line) <= REMEMBER_UP_TO)
            self.dirty.update(found)
        else:
            found = {}
        bad = self.dirty.keys() & distinct
        if not bad:
            return []
        numbers: list[Leak] = []
        names: list[Leak] = []
        tokens: set[str] = set()
        for i, line in enumerate(lines, start=1):
            if line in bad:
                f = self.dirty[line]
                numbers.extend(Leak(rel, kind, masked, i) for kind, masked in f.numbers)
                names.extend(Leak(rel, kind, masked, i) for kind, masked in f.names)
                tokens |= f.tokens
        secret = self.tokens.secret
        return [*numbers, *names, *(Leak(rel, secret[t], mask(t)) for t in sorted(tokens))]

    def _read(self, fresh: list[str]) -> dict[str, _Found]:
        """The lines of ``fresh`` that hold a finding, with their findings."""
        numbers: dict[str, list[tuple[str, str]]] = {}
        names: dict[str, list[tuple[str, str]]] = {}
        tokens: dict[str, set[str]] = {}
        text = normalise("\n".join(fresh))  # NFKC once; it keeps the line breaks
        starts = _starts(text)
        for f in find_numbers(text):
            if f.kind == MOBILE and f.value in self.allowed:
                continue
            line = fresh[bisect_right(starts, f.start) - 1]
            numbers.setdefault(line, []).append((_KIND[f.kind], f.masked))
        for start, tok in self.tokens.find_at(text):
            tokens.setdefault(fresh[bisect_right(starts, start) - 1], set()).add(tok)
        if self.names:
            # Lines of ASCII alone (most of the markup) cannot hold a Chinese name; they are
            # read too if the registry has a name in Latin letters.
            ascii_names = self.ascii_names
            chinese = [
                (line, norm)
                for line, norm in zip(fresh, text.split("\n"), strict=True)
                if ascii_names or not norm.isascii()
            ]
            text = "\n".join(norm for _line, norm in chinese)
            starts = _starts(text)
            for f in self.names.find(text):
                line = chinese[bisect_right(starts, f.start) - 1][0]
                names.setdefault(line, []).append((_KIND[f.kind], f.masked))
        return {
            line: _Found(
                tuple(numbers.get(line, ())),
                tuple(names.get(line, ())),
                frozenset(tokens.get(line, ())),
            )
            for line in numbers.keys() | names.keys() | tokens.keys()
        }


def _starts(text: str) -> list[int]:
    """Where each line of ``text`` starts."""
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


_NEWLINE = re.compile("\n")
# What the worker processes read: set before they fork, so nothing is pickled.
_STATE: tuple[Path, _Reader] | None = None


@dataclass
class Detectors:
    """What the scan looks for, taken from the records once (``detectors``): the build takes it
    before MkDocs and then lets the records go (a city's records are ~500 MB it would otherwise
    hold through MkDocs and Pagefind; issue 17: the whole build under 1 GiB). Kept as plain
    lists: the automata are made when the scan starts, after MkDocs has given its memory back."""

    hidden: list[str]  # registry names without consent
    shown: list[str]  # names that may stand in the text
    secret: dict[str, str]  # token needles, with what they are
    allowed: set[str]  # published phone numbers
    key: str  # what the detectors look for, hashed (Manifest.scan_key)

    def reader(self) -> _Reader:
        return _Reader(NameFinder(self.hidden, self.shown), _Tokens(self.secret), self.allowed)


def detectors(
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
    secret: dict[str, str] | None = None,
    keyed: bool = True,
) -> Detectors:
    """What the scan looks for; ``secret`` is ``needles(ds, schemas)`` when already known;
    without ``keyed`` no key (the build's manifest needs it, a quick preview step does not)."""
    secret = needles(ds, schemas) if secret is None else secret
    allowed = {re.sub(r"\D", "", normalise(p))[-11:] for p in public_phones}
    hidden, shown = registry_names(ds, consented_names)
    key = _key(hidden, shown, secret, allowed) if keyed else ""
    return Detectors(hidden, shown, secret, allowed, key)


def scan(
    site: Path,
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
    files: Iterable[Path] | None = None,
) -> list[Leak]:
    """Leaks in the output files under ``site``: every file (``files`` None) or only ``files``
    (paths under ``site``, absolute or relative to it; an incremental build passes the ones it
    wrote). Binary files and the theme's bundles are skipped either way."""
    return scan_with(site, detectors(ds, schemas, public_phones, consented_names), files)


def scan_with(
    site: Path, found: Detectors, files: Iterable[Path] | None = None, reader: Any = None
) -> list[Leak]:
    """``scan`` with detectors taken beforehand (``detectors``), and their ``reader()`` if kept
    from an earlier scan (the preview's: its lines already read are not read again)."""
    global _STATE
    _STATE = (site, reader if reader is not None else found.reader())
    chosen = _all_files(site) if files is None else _chosen_files(site, files)
    rels = [
        rel
        for rel in chosen
        if PurePosixPath(rel).suffix.lower() not in _BINARY_SUFFIXES
        and not rel.startswith(_SKIP_DIRS)
        and not _pagefind_code(rel)
    ]
    workers = min(os.cpu_count() or 1, 4)
    try:
        if len(rels) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
            return [leak for rel in rels for leak in _scan_file(rel)]
        # Reading a city site is a few seconds of pattern passes per core: two cores halve it
        # (README: the scan stays within 10 % of the build). Results keep the file order. Each
        # worker takes whole runs of neighbouring files, which share most of their lines.
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            chunks = pool.map(_scan_file, rels, chunksize=max(16, len(rels) // (workers * 8)))
            return [leak for chunk in chunks for leak in chunk]
    finally:
        _STATE = None


def _pagefind_code(rel: str) -> bool:
    """Pagefind's own scripts and styles, in each part's bundle (web/fulltext.py PARTS)."""
    top, _, name = rel.partition("/")
    return top.startswith("pagefind") and f"pagefind/{name}" in _SKIP_FILES


def _key(hidden: list[str], shown: list[str], secret: dict[str, str], allowed: set[str]) -> str:
    """What the scan looks for, as a hash: a file found clean stays clean while it is the same
    (an added registry name, needle or hidden phone changes it, and every file is read again).
    Made of what the reader is made of (``Detectors.reader``), not of the records again."""
    h = hashlib.blake2b(digest_size=16)
    parts = (code_version(), sorted(hidden), sorted(shown), sorted(secret.items()), sorted(allowed))
    h.update(repr(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _all_files(site: Path) -> list[str]:
    """Every regular file under ``site`` (symlinks followed, as ``rglob`` and ``is_file`` did),
    relative, sorted. Directory entries' types come from the listing: no stat per file."""
    out: list[str] = []
    todo = [("", str(site))]
    while todo:
        prefix, folder = todo.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                if e.is_dir():
                    todo.append((f"{prefix}{e.name}/", e.path))
                elif e.is_file():
                    out.append(prefix + e.name)
    return sorted(out)


def _chosen_files(site: Path, files: Iterable[Path]) -> list[str]:
    out = set()
    root = site.resolve()
    for f in files:
        path = (site / f) if not Path(f).is_absolute() else Path(f)
        if path.is_file():
            out.add(path.resolve().relative_to(root).as_posix())
    return sorted(out)


def _scan_file(rel: str) -> list[Leak]:
    assert _STATE is not None
    site, reader = _STATE
    text = read_output(site / rel)
    # The external-loads check rides on the same read (and the same worker processes): read
    # again on its own, in one process, it cost a city build 3.5 s.
    return reader.leaks(rel, text) + _external(rel, text)


_KIND = {
    "id_number": "身份证号",
    "mobile": "未公开的手机号",
    "bank_card": "银行卡号",
    "name": "未同意公开的姓名",
}


# A tag that loads from another host (fonts, CDNs, analytics): blocked or slow for our users.
_EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?(?:src|href)=["']?(?:https?:)?//""",
    re.I,
)


def _external(rel: str, text: str) -> list[Leak]:
    if not rel.endswith(".html"):
        return []
    return [Leak(rel, "外部资源", m.group(0)[:60]) for m in _EXTERNAL.finditer(text)]


def external_loads(site: Path, files: Iterable[Path] | None = None) -> list[Leak]:
    """Anything the pages would load from another host; in ``files`` only when given. ``scan``
    reports these too, from the text it has already read."""
    paths = (
        sorted(site.rglob("*.html"))
        if files is None
        else sorted(site / f for f in files if str(f).endswith(".html"))
    )
    found = []
    for path in paths:
        rel = path.relative_to(site).as_posix()
        found.extend(_external(rel, path.read_text("utf-8", errors="replace")))
    return found
