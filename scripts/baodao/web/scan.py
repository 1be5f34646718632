"""Privacy scan of the built site: the build fails if a private value reached public/.

Typed detectors: checksum-valid resident ID numbers; mobile numbers that the public view did not
publish (work phones and consented personal phones). Needles from the private root: person ids,
names without consent, and the distinctive tokens of internal notes (e.g. planted canaries).

Needles are matched as whole tokens (a maximal run of Chinese characters, or of ASCII letters,
digits and hyphens), which keeps a city-size scan linear in the size of the site. A name that a
consented person also bears is not a needle: the site shows it legitimately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..records.dataset import Dataset
from ..records.formats import find_id_numbers, find_mobiles
from ..records.layout import PRIVATE, PUBLIC
from ..records.schemas import SchemaSet, internal_strings

_TOKENS = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9][A-Za-z0-9-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_CJK_RUN = _CJK
_PERSON = re.compile(r"p-[0-9a-z]{4,16}")
_PERSON_IN_TEXT = re.compile(r"(?<![A-Za-z0-9-])p-[0-9a-z]{4,16}(?![0-9a-z-])")
_TEXT_SUFFIXES = {
    ".html",
    ".xml",
    ".json",
    ".txt",
    ".csv",
    ".svg",
    ".md",
    ".js",
    ".geojson",
    ".rss",
    ".atom",
}
# The theme's own bundles are not built from records; everything else is scanned.
_SKIP_DIRS = ("assets/javascripts/", "assets/stylesheets/")


@dataclass(frozen=True)
class Leak:
    file: str
    kind: str
    value: str  # masked for display

    def format(self) -> str:
        return f"{self.file}: 错误 LEAK001 {self.kind} {self.value} 出现在公开网站中 / private value in public output"


def _mask(value: str) -> str:
    if len(value) <= 2:
        return value[0] + "*"
    return value[:2] + "*" * (len(value) - 3) + value[-1]


def needles(ds: Dataset, schemas: SchemaSet, consented_names: frozenset[str]) -> dict[str, str]:
    """Private values that must never appear on the site, with what they are."""
    out: dict[str, str] = {}
    for person in ds.of("person").values():
        out[person.id] = "人员编号"
        name = person.get("name")
        if isinstance(name, str) and not person.get("consent_name") and name not in consented_names:
            out[name] = "未同意公开的姓名"
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


def scan(
    site: Path,
    ds: Dataset,
    schemas: SchemaSet,
    public_phones: frozenset[str],
    consented_names: frozenset[str],
) -> list[Leak]:
    secret = needles(ds, schemas, consented_names)
    # Chinese needles are matched against the page's runs of Chinese characters (a set lookup);
    # ASCII needles (person ids, canary tokens) through one regex of them, as there are few kinds.
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
    allowed = {p.replace("-", "").replace(" ", "") for p in public_phones}
    leaks: list[Leak] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in _TEXT_SUFFIXES or rel.startswith(_SKIP_DIRS):
            continue
        text = path.read_text("utf-8", errors="replace")
        for number in find_id_numbers(text):
            leaks.append(Leak(rel, "身份证号", _mask(number)))
        for number in find_mobiles(text):
            if number not in allowed:
                leaks.append(Leak(rel, "未公开的手机号", _mask(number)))
        hits = set(_CJK_RUN.findall(text)) & cjk_needles.keys()
        hits |= set(_PERSON_IN_TEXT.findall(text)) & person_ids
        if others_rx is not None:
            hits |= set(others_rx.findall(text))
        leaks.extend(Leak(rel, secret[tok], _mask(tok)) for tok in sorted(hits))
    return leaks


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
