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
import re
from dataclasses import dataclass
from pathlib import Path

from ..model.personal import MOBILE, find_all, line_of, mask, name_finder, normalise
from ..records.dataset import Dataset
from ..records.layout import PRIVATE, PUBLIC
from ..records.schemas import SchemaSet, internal_strings

_TOKENS = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9][A-Za-z0-9-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_PERSON = re.compile(r"p-[0-9a-z]{4,16}")
_PERSON_IN_TEXT = re.compile(r"(?<![A-Za-z0-9-])p-[0-9a-z]{4,16}(?![0-9a-z-])")
# Files that are not built from records: images, fonts, WebAssembly, and the theme's bundles.
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf",
                    ".eot", ".wasm", ".pagefind"}  # fmt: skip
_SKIP_DIRS = ("assets/javascripts/", "assets/stylesheets/")
_SKIP_FILES = ("pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-modular-ui.js",
               "pagefind/pagefind-highlight.js", "pagefind/pagefind-component-ui.js",
               "pagefind/pagefind-ui.css", "pagefind/pagefind-modular-ui.css",
               "pagefind/pagefind-component-ui.css", "pagefind/pagefind-worker.js")  # fmt: skip
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


def scan(
    site: Path,
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
) -> list[Leak]:
    secret = needles(ds, schemas)
    names = name_finder(ds, consented_names)
    # Chinese tokens are matched against the page's runs of Chinese characters (a set lookup);
    # ASCII tokens (person ids, canary tokens) through one regex of them, as there are few kinds.
    cjk_needles = {k: v for k, v in secret.items() if _CJK.fullmatch(k)}
    ascii_needles = sorted((k for k in secret if k not in cjk_needles), key=len, reverse=True)
    person_ids = {k for k in ascii_needles if _PERSON.fullmatch(k)}
    others = [k for k in ascii_needles if k not in person_ids]
    others_rx = (
        re.compile(
            r"(?<![A-Za-z0-9-])(?:" + "|".join(map(re.escape, others)) + r")(?![A-Za-z0-9-])"
        )
        if others
        else None
    )
    allowed = {re.sub(r"\D", "", normalise(p))[-11:] for p in public_phones}
    leaks: list[Leak] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if (
            not path.is_file()
            or path.suffix.lower() in _BINARY_SUFFIXES
            or rel.startswith(_SKIP_DIRS)
            or rel in _SKIP_FILES
        ):
            continue
        text = read_output(path)
        for f in find_all(text, names):
            if f.kind == MOBILE and f.value in allowed:
                continue
            leaks.append(Leak(rel, _KIND[f.kind], f.masked, line_of(normalise(text), f.start)))
        hits = set(_CJK.findall(text)) & cjk_needles.keys()
        hits |= set(_PERSON_IN_TEXT.findall(text)) & person_ids
        if others_rx is not None:
            hits |= set(others_rx.findall(text))
        leaks.extend(Leak(rel, secret[tok], mask(tok)) for tok in sorted(hits))
    return leaks


_KIND = {"id_number": "身份证号", "mobile": "未公开的手机号", "bank_card": "银行卡号",
         "name": "未同意公开的姓名"}  # fmt: skip


def external_loads(site: Path) -> list[Leak]:
    """Anything the pages would load from another host (fonts, CDNs, analytics)."""
    pattern = re.compile(
        r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?(?:src|href)=["']?(?:https?:)?//""",
        re.I,
    )
    found = []
    for path in sorted(site.rglob("*.html")):
        for m in pattern.finditer(path.read_text("utf-8", errors="replace")):
            found.append(Leak(path.relative_to(site).as_posix(), "外部资源", m.group(0)[:60]))
    return found
