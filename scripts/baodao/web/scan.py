"""Privacy scan of the built site: the build fails if a private value reached public/.

Every output file is read: pages, JSON, CSV, feeds, the sitemap (gzip too) and Pagefind's index
and fragments (gzip, after a ``pagefind_dcd`` signature); only the theme's own bundles, images,
fonts and WebAssembly are skipped. The detectors are ``model.personal``'s, the ones ``validate``,
intake and ``pr check`` use: ID numbers, bank cards, mobiles the public view did not publish, and
unconsented registry names anywhere in a text. Needles from the records add person ids and the
distinctive tokens of internal notes (e.g. planted canaries).

Token needles are matched as whole tokens (a maximal run of Chinese characters, or of ASCII
letters, digits and hyphens), names by one Aho-Corasick automaton, which keeps a city-size scan
linear in the size of the site.
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing as mp
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from ..model.personal import (
    MOBILE,
    NameFinder,
    find_numbers,
    line_of,
    mask,
    name_finder,
    normalise,
)
from ..records.cache import code_version
from ..records.dataset import Dataset
from ..records.layout import PRIVATE, PUBLIC
from ..records.schemas import SchemaSet, internal_strings

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


def needles(ds: Dataset, schemas: SchemaSet) -> dict[str, str]:
    """Private tokens that must never appear on the site, with what they are (names: below)."""
    out: dict[str, str] = {}
    for person in ds.of("person").values():
        out[person.id] = "人员编号"
    # Free-text notes of member-level rows (the registry, report-ins): distinctive tokens only.
    for rec in ds.all():
        note = rec.get("note") if rec.root == PRIVATE else None
        if isinstance(note, str):
            for tok in _TOKENS.findall(note):
                if len(tok) >= 6:
                    out.setdefault(tok, "内部备注")
    # Fields the schemas mark internal in public records (notes and the like).
    for rec in ds.all():
        if rec.root == PUBLIC and rec.type in schemas.schemas:
            for text in internal_strings(schemas, rec.type, rec.data):
                for tok in _TOKENS.findall(text):
                    if len(tok) >= 6:
                        out.setdefault(tok, "内部字段")
    return out


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
        if self.auto is None:
            return set()
        hits = set()
        for end, tok in self.auto.iter(text):
            start = end - len(tok) + 1
            word = _CJK_CHAR if _CJK_CHAR.match(tok) else _ASCII_CHAR
            before = text[start - 1] if start else ""
            after = text[end + 1] if end + 1 < len(text) else ""
            if not (before and word.match(before)) and not (after and word.match(after)):
                hits.add(tok)
        return hits


# Below this many files a second process costs more than it saves (as records/yamlio.py).
PARALLEL_FROM = 400
# What the worker processes read: set before they fork, so nothing is pickled.
_STATE: tuple[Path, NameFinder, _Tokens, set[str]] | None = None


def scan(
    site: Path,
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
    files: Iterable[Path] | None = None,
) -> list[Leak]:
    """Leaks in every output file, or in ``files`` only (paths under ``site``, or relative to
    it: an incremental build scans what changed, web/incremental.py)."""
    global _STATE
    allowed = {re.sub(r"\D", "", normalise(p))[-11:] for p in public_phones}
    _STATE = (site, name_finder(ds, consented_names), _Tokens(needles(ds, schemas)), allowed)
    paths = sorted(site.rglob("*")) if files is None else sorted(site / f for f in files)
    files = [
        rel
        for path in paths
        if path.is_file()
        and path.suffix.lower() not in _BINARY_SUFFIXES
        and not (rel := path.relative_to(site).as_posix()).startswith(_SKIP_DIRS)
        and not _pagefind_code(rel)
    ]
    workers = min(os.cpu_count() or 1, 4)
    try:
        if len(files) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
            return [leak for rel in files for leak in _scan_file(rel)]
        # Reading a city site is a few seconds of pattern passes per core: two cores halve it
        # (README: the scan stays within 10 % of the build). Results keep the file order.
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            chunks = pool.map(_scan_file, files, chunksize=max(16, len(files) // (workers * 8)))
            return [leak for chunk in chunks for leak in chunk]
    finally:
        _STATE = None


def _pagefind_code(rel: str) -> bool:
    """Pagefind's own scripts and styles, in each part's bundle (web/fulltext.py PARTS)."""
    top, _, name = rel.partition("/")
    return top.startswith("pagefind") and f"pagefind/{name}" in _SKIP_FILES


def scan_key(
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
) -> str:
    """What the scan looks for, as a hash: a file found clean stays clean while it is the same
    (an added registry name, needle or hidden phone changes it, and every file is read again)."""
    h = hashlib.blake2b(digest_size=16)
    people = sorted(
        (str(p.get("name")), bool(p.get("consent_name"))) for p in ds.of("person").values()
    )
    parts = (
        code_version(),
        sorted(needles(ds, schemas).items()),
        people,
        sorted(consented_names),
        sorted(public_phones),
    )
    h.update(repr(parts).encode("utf-8"))
    return h.hexdigest()


def _scan_file(rel: str) -> list[Leak]:
    assert _STATE is not None
    site, names, tokens, allowed = _STATE
    text = normalise(read_output(site / rel))
    leaks = []
    for f in find_numbers(text):
        if f.kind == MOBILE and f.value in allowed:
            continue
        leaks.append(Leak(rel, _KIND[f.kind], f.masked, line_of(text, f.start)))
    for f in names.find(text) if names else ():
        leaks.append(Leak(rel, _KIND[f.kind], f.masked, line_of(text, f.start)))
    leaks.extend(Leak(rel, tokens.secret[tok], mask(tok)) for tok in sorted(tokens.find(text)))
    return leaks


_KIND = {
    "id_number": "身份证号",
    "mobile": "未公开的手机号",
    "bank_card": "银行卡号",
    "name": "未同意公开的姓名",
}


def external_loads(site: Path, files: Iterable[Path] | None = None) -> list[Leak]:
    """Anything the pages would load from another host (fonts, CDNs, analytics); in ``files``
    only when given."""
    pattern = re.compile(
        r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?(?:src|href)=["']?(?:https?:)?//""",
        re.I,
    )
    found = []
    paths = (
        sorted(site.rglob("*.html"))
        if files is None
        else sorted(site / f for f in files if str(f).endswith(".html"))
    )
    for path in paths:
        for m in pattern.finditer(path.read_text("utf-8", errors="replace")):
            found.append(Leak(path.relative_to(site).as_posix(), "外部资源", m.group(0)[:60]))
    return found
