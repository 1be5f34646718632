"""Detectors of personal data in free text: resident ID numbers, mobiles, bank cards, names.

One set of detectors serves ``validate``, intake, ``pr check`` and the build's scan, so a value
that one of them refuses none of them lets through (docs/privacy.md).

- Text is normalised with NFKC first: full-width digits (１３９…), full-width hyphens and the
  ideographic space become their ASCII forms, so a number typed with a Chinese input method is
  found like any other.
- Resident ID numbers (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check digit over the
  first 17, a real birth date (1900-2099); and the old 15-digit form (no check digit, a real
  19YY birth date). Digit groups may be split by a space or hyphen (6-8-4), as people copy them.
  The check digit is computed here: python-stdnum's ``cn.ric.validate`` rejects real ID numbers
  whose county code is newer than the birth date (docs/privacy.md).
- Mobiles: 11 digits 1[3-9]…, written whole, 3-4-4 with spaces, hyphens or dots, and with a
  ``+86``/``0086``/``86``/``(+86)`` prefix.
- Bank cards: 16-19 digits (whole or in groups of four) passing the Luhn check, starting 3-6
  (the issuer ranges of bank cards), and not an ID number or a unified social credit code.
- Names: every name of the private registry without consent, found anywhere inside a text by
  one Aho-Corasick automaton (linear in the text, whatever the number of names). A name that a
  consented person also bears is not searched, and a hit inside a consented name is not one. A two-character name is also a common word often
  enough (高峰, 文明) that it counts only next to a word that marks a person (同志, 负责人 …).

Every finding carries its masked value: a message never repeats what it found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from ..records.dataset import Dataset

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"
NAME = "name"

KIND_ZH = {
    ID_NUMBER: "居民身份证号",
    MOBILE: "手机号",
    BANK_CARD: "银行卡号",
    NAME: "未同意公开的姓名",
}
KIND_EN = {
    ID_NUMBER: "resident ID number",
    MOBILE: "mobile number",
    BANK_CARD: "bank card number",
    NAME: "name without consent",
}

_SEP = r"[ \-]?"
_ID18 = re.compile(
    rf"(?<![0-9A-Za-z.])(\d{{6}}){_SEP}(\d{{8}}){_SEP}(\d{{3}}[0-9Xx])(?![0-9A-Za-z])", re.A
)
_ID15 = re.compile(r"(?<![0-9A-Za-z.])\d{15}(?![0-9A-Za-z])", re.A)
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+.])(?:(?:\+|00)?86[ \-]?|\(\+?86\)[ \-]?)?"
    r"(1[3-9]\d)[ \-.]?(\d{4})[ \-.]?(\d{4})(?![0-9])",
    re.A,
)
_CARD = re.compile(
    r"(?<![0-9A-Za-z.])(?:\d{16,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?)(?![0-9A-Za-z])", re.A
)
# Where a number can be: 11 digits or more, each pair at most one separator apart. One pass of
# this simple pattern over a page; the detailed patterns then run only around what it finds.
_CANDIDATE = re.compile(r"[0-9](?:[ \-.]?[0-9]){10,}")
_BEFORE, _AFTER = 6, 2  # room for a "(+86) " prefix, and an ID's X with the character after it

_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # the digits (or name) found, normalised: for comparison, never for display
    start: int  # offsets in the NFKC-normalised text
    end: int

    @property
    def masked(self) -> str:
        return mask(self.value)

    @property
    def what_zh(self) -> str:
        return KIND_ZH[self.kind]

    @property
    def what_en(self) -> str:
        return KIND_EN[self.kind]


# Characters that NFKC turns into what a detector reads: the ideographic space, full-width plus,
# hyphen, full stop, digits and letters, the small hyphen, circled and enclosed digits,
# mathematical digits, CJK compatibility ideographs (a name spelt with them). Chinese text is full
# of other full-width forms (，：；（）) that change nothing a detector reads: a text with none of
# these is left as it is, which spares normalising a whole site page by page.
_COMPAT = re.compile(
    "[\u3000\uff0b\uff0d\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\ufe63\u2460-\u24ff\uf900-\ufaff\U0001d7ce-\U0001d7ff"
    "\U0002f800-\U0002fa1f]"
)


# The UTF-8 of every character of _COMPAT (and of a few neighbours): bytes without a match
# hold no text that ``normalise`` changes (tests/model/test_personal.py tries every character).
COMPAT_UTF8 = re.compile(
    rb"\xe3\x80\x80|\xef\xbc[\x8b\x8d\x8e\x90-\x99\xa1-\xba]|\xef\xbd[\x81-\x9a]|\xef\xb9\xa3"
    rb"|\xe2\x91[\xa0-\xbf]|\xe2[\x92\x93]|\xef[\xa4-\xab]|\xf0\x9d\x9f[\x8e-\xbf]|\xf0\xaf[\xa0-\xa8]"
)


def normalise(text: str) -> str:
    """NFKC: full-width digits, hyphens and spaces to ASCII; other text unchanged in meaning."""
    # ``normalises``, written out: this runs for every string the scan and the checks read.
    if text.isascii() or not _COMPAT.search(text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalises(text: str) -> bool:
    """Whether ``normalise`` runs NFKC on ``text`` (it holds a character of _COMPAT)."""
    return not text.isascii() and _COMPAT.search(text) is not None


def mask(value: str) -> str:
    """What a message may show: a number's first 3 and last 2 digits, a name's first character."""
    if value.isdigit() or (value[:-1].isdigit() and value[-1:] in "Xx"):
        return value[:3] + "*" * (len(value) - 5) + value[-2:]
    return value[:1] + "*" * max(len(value) - 1, 1)


def id_check_digit(body17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits (GB 11643-1999)."""
    total = sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_id_number(value: str) -> bool:
    """An 18-digit resident ID number (check digit, real birth date) or an old 15-digit one."""
    v = value.upper()
    if len(v) == 18 and v[:17].isdigit() and (v[17].isdigit() or v[17] == "X"):
        year = int(v[6:10])
        return (
            1900 <= year <= 2099
            and _real_date(year, int(v[10:12]), int(v[12:14]))
            and id_check_digit(v[:17]) == v[17]
        )
    if len(v) == 15 and v.isdigit():
        return v[0] != "0" and _real_date(1900 + int(v[6:8]), int(v[8:10]), int(v[10:12]))
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _is_uscc(v: str) -> bool:
    if len(v) != 18 or any(c not in _USCC_ALPHABET for c in v):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(v, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == v[17]


def is_bank_card(digits: str) -> bool:
    return (
        16 <= len(digits) <= 19
        and digits.isdigit()
        and digits[0] in "3456"
        and luhn_ok(digits)
        and not is_id_number(digits)
        and not _is_uscc(digits)
    )


def find_numbers(text: str) -> list[Finding]:
    """ID numbers, mobiles and bank cards in ``text`` (already normalised), in text order."""
    out: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for cand in _CANDIDATE.finditer(text):
        # Lookbehinds see the text before ``pos``: the window only bounds where matches start.
        pos, end = max(0, cand.start() - _BEFORE), min(len(text), cand.end() + _AFTER)
        for f in _numbers_in(text, pos, end):
            if (f.start, f.kind) not in seen:
                seen.add((f.start, f.kind))
                out.append(f)
    out.sort(key=lambda f: (f.start, f.kind))
    return out


def _numbers_in(text: str, pos: int, end: int) -> list[Finding]:
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for m in _ID18.finditer(text, pos, end):
        value = "".join(m.groups()).upper()
        if is_id_number(value):
            out.append(Finding(ID_NUMBER, value, m.start(), m.end()))
            taken.append(m.span())
    for m in _ID15.finditer(text, pos, end):
        if is_id_number(m.group(0)):
            out.append(Finding(ID_NUMBER, m.group(0), m.start(), m.end()))
            taken.append(m.span())
    for m in _CARD.finditer(text, pos, end):
        digits = re.sub(r"\D", "", m.group(0))
        if is_bank_card(digits) and not _inside(m.span(), taken):
            out.append(Finding(BANK_CARD, digits, m.start(), m.end()))
            taken.append(m.span())
    for m in _MOBILE.finditer(text, pos, end):
        if not _inside(m.span(), taken):
            out.append(Finding(MOBILE, "".join(m.groups()), m.start(), m.end()))
    return out


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in taken)


# A two-character name (surname and one character) is also a word often enough (高峰, 文明,
# 江红 in 春江红色): it counts when a word that marks a person stands next to it. Names of three
# characters or more count anywhere.
_CUE_BEFORE = (
    "负责人",
    "联系人",
    "党员",
    "居民",
    "书记",
    "主任",
    "委员",
    "网格员",
    "楼长",
    "单元长",
    "志愿者",
    "姓名",
    "户主",
    "业主",
    "老人",
    "同志",
)
_CUE_AFTER = (
    "同志",
    "先生",
    "女士",
    "老师",
    "师傅",
    "书记",
    "主任",
    "阿姨",
    "大爷",
    "大妈",
    "奶奶",
    "爷爷",
    "老人",
    "委员",
    "电话",
    "手机",
    "（党员",
    "(党员",
)
_CUE_GAP = " :：　"


def _cued(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start].rstrip(_CUE_GAP)
    after = text[end : end + 4]
    return before.endswith(_CUE_BEFORE) or after.startswith(_CUE_AFTER)


class NameFinder:
    """Unconsented registry names anywhere in a text, by one Aho-Corasick automaton.

    ``shown`` are names that may stand in the text (consented people's): a hidden name inside
    one of them (李海 in 李海燕) is that person, not a leak.
    """

    def __init__(self, hidden: Iterable[str], shown: Iterable[str] = ()) -> None:
        shown_set = {normalise(n) for n in shown if n}
        self.names = frozenset(normalise(n) for n in hidden if n and len(n) >= 2) - shown_set
        self.ascii_names = any(n.isascii() for n in self.names)
        # No hidden name holds an ASCII character (a registry of Chinese names): then a name in
        # a text lies in a run of other characters, and is searched for in those alone first.
        self._runs_only = not any(_ASCII_CHAR.search(n) for n in self.names)
        self._automaton: ahocorasick.Automaton | None = None
        # What the finder finds depends on these alone (a checker keeps what it found in a text
        # by this key: checks/privacy.py).
        self.key = b""
        if not self.names:
            return
        auto = ahocorasick.Automaton()
        hidden_sorted = sorted(self.names)
        for name in hidden_sorted:
            auto.add_word(name, (NAME, name))
        auto.make_automaton()
        # Only shown names that hold a hidden one matter; the automaton finds them in one pass.
        covering = sorted(n for n in shown_set if next(auto.iter(n), None) is not None)
        for name in covering:
            auto.add_word(name, ("shown", name))
        auto.make_automaton()
        self._automaton = auto
        text = repr((hidden_sorted, covering)).encode("utf-8", "surrogatepass")
        self.key = hashlib.blake2b(text, digest_size=20).digest()

    def __bool__(self) -> bool:
        return self._automaton is not None

    def find(self, text: str) -> list[Finding]:
        """Hidden names in ``text`` (already normalised)."""
        # An ASCII text holds no Chinese name; a name in Latin letters is searched everywhere.
        if self._automaton is None or (text.isascii() and not self.ascii_names):
            return []
        if self._runs_only and not self._any_name(_without_ascii(text)):
            return []
        hits: list[Finding] = []
        shown: list[tuple[int, int]] = []
        for end, (kind, name) in self._automaton.iter(text):
            start = end - len(name) + 1
            if kind == "shown":
                shown.append((start, end + 1))
            elif len(name) > 2 or _cued(text, start, end + 1):
                hits.append(Finding(NAME, name, start, end + 1))
        return [h for h in hits if not _inside((h.start, h.end), shown)]

    def _any_name(self, text: str) -> bool:
        assert self._automaton is not None
        return any(kind == NAME for _end, (kind, _name) in self._automaton.iter(text))


_ASCII_CHAR = re.compile("[\x00-\x7f]")
_ASCII_BYTES = bytes(range(0x80))


def _without_ascii(text: str) -> str:
    """``text`` without its ASCII characters: what a name without any may be found in.

    Each run of other characters stays whole, so every place a name stands in ``text`` is in
    the result too (two runs joined may only add places, which ``find`` then looks at in the
    whole text). A city's record texts are 95 % ASCII (keys, ids, dates): searching the rest
    takes 0.03 s rather than 0.4 s. UTF-8 writes a non-ASCII character in bytes of 0x80 and
    above only, so deleting the bytes below leaves exactly the other characters."""
    raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return raw.decode("utf-8", "surrogatepass")


def name_finder(ds: Dataset, also_shown: Iterable[str] = ()) -> NameFinder:
    """Names of the registry without consent; shown: names a consented person bears, and
    ``also_shown``. Public names of places are not shown names: a record's name is text an
    editor writes like any other (孙秀英志愿队 names a person)."""
    return NameFinder(*registry_names(ds, also_shown))


def registry_names(ds: Dataset, also_shown: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(hidden, shown): the registry's names without consent, and those that may be shown."""
    hidden, shown = [], list(also_shown)
    for person in ds.of("person").values():
        name = person.get("name")
        if isinstance(name, str):
            (shown if person.get("consent_name") else hidden).append(name)
    return hidden, shown


def find_all(text: str, names: NameFinder | None = None) -> list[Finding]:
    """Every finding in ``text`` (raw: normalised here), offsets in the normalised text."""
    norm = normalise(text)
    found = find_numbers(norm)
    if names:
        found.extend(names.find(norm))
        found.sort(key=lambda f: (f.start, f.kind))
    return found


def line_of(text: str, offset: int) -> int:
    """1-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def findings_by_line(text: str, names: NameFinder | None = None) -> Iterator[tuple[int, Finding]]:
    """Every finding with its line (NFKC keeps line breaks where they are)."""
    norm = normalise(text)
    found = find_numbers(norm)
    if names:
        found = sorted([*found, *names.find(norm)], key=lambda f: (f.start, f.kind))
    for f in found:
        yield line_of(norm, f.start), f


def appointees(ds: Dataset) -> set[str]:
    """Names a 任职公示 publishes by its nature (its ``subjects``): the one place an unconsented
    name may stand in public text. Who may be named on other notices is NOTICE007/008's rule."""
    return {
        s["name"]
        for n in ds.of("notice").values()
        if n.get("kind") == "appointment"
        for s in n.get("subjects") or []
        if isinstance(s, dict) and isinstance(s.get("name"), str)
    }
