"""Building numbers as people write them: 3号楼, 3栋, 三号楼, 3幢, A座 name the same building.

The forms are data (``data/codes/building-number-forms.yaml``: a regex per form with a group
``n``). A building is found by its id, by its number exactly as recorded, or by the number the
forms extract (Chinese numerals read as numbers), and only when that is unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def hanzi_number(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105; None if the text is not a Chinese numeral."""
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = _DIGITS[c]
        else:
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
    return total + current


def compile_forms(items: Iterable[dict]) -> list[re.Pattern[str]]:
    out = []
    for item in items:
        try:
            out.append(re.compile(item["pattern"]))
        except (KeyError, TypeError, re.error):
            continue
    return out


def number_key(text: Any, forms: list[re.Pattern[str]]) -> str | None:
    """The number a written form stands for ('3栋' → '3', '三号楼' → '3', 'A座' → 'a')."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isdigit():
        return str(int(text))
    for rx in forms:
        m = rx.fullmatch(text)
        if m and "n" in m.groupdict():
            n = m.group("n")
            if n.isdigit():
                return str(int(n))
            value = hanzi_number(n)
            return str(value) if value is not None else n.lower()
    return None


def resolve(buildings: Iterable[dict], text: Any, forms: list[re.Pattern[str]]) -> str | None:
    """The id of the building ``text`` names in a compound, or None if none or several match."""
    if not isinstance(text, str) or not text.strip():
        return None
    items = [b for b in buildings if isinstance(b, dict)]
    text = unicodedata.normalize("NFKC", text).strip()
    for b in items:
        if str(b.get("id")) == text or b.get("number") == text:
            return str(b.get("id"))
    key = number_key(text, forms)
    if key is None:
        return None
    found = {
        str(b.get("id"))
        for b in items
        if str(b.get("id")) == key or number_key(b.get("number"), forms) == key
    }
    return found.pop() if len(found) == 1 else None
