"""Pinyin of the names residents type into the lookup (web/lookup.py): ``syllables``, the
readings an earlier build made (``Readings``), and a helper process that imports pypinyin on
the other core while the build validates and makes the public view, for the names no earlier
build read (``python -m baodao.web.pinyin``: one JSON line of names in, their readings out).

Importing pypinyin is ~0.4 s (its phrase dictionary is a 20 MB JSON file): after one compound
was renamed, that import was a quarter of the city build's pages step, on the critical path.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from ..records.cache import code_version, read_text_memo, write_text_memo
from ..records.children import Child, ChildFailed

# Place names read differently from everyday words: pypinyin's phrase dictionary already knows
# 重庆, 长安, 大厦, 厦门, 朝阳区; these are the ones its own phrases get wrong as compound names
# (重华苑 is read zhong hua, 朝阳大道 zhao yang). Readings as residents say them.
PLACE_READINGS: dict[str, str] = {
    "重华": "chong hua",
    "朝阳": "chao yang",
    "长宁": "chang ning",
    "长盛": "chang sheng",
    "长乐": "chang le",
    "长青": "chang qing",
    "长虹": "chang hong",
    "乐府": "yue fu",
    "乐安": "le an",
    "乐和": "le he",
    "都市": "du shi",
    "名都": "ming du",
    "丽都": "li du",
    "金厦": "jin sha",
    "单家": "shan jia",
    "曾家": "zeng jia",
    "六安": "lu an",
    "蚌埠": "beng bu",
}
# Applied by splitting the text, not through pypinyin.load_phrases_dict: that changes pypinyin
# for the whole process, and the demo generator derives ids from pypinyin's own readings.
_PLACE = re.compile("|".join(sorted(PLACE_READINGS, key=len, reverse=True)))


def syllables(text: str) -> str:
    """Pinyin of a name as space-separated syllables, digits and Latin kept: 绿景花园 → 'lv jing hua
    yuan'. ü is written v, as on a phone keyboard."""
    from pypinyin import Style, lazy_pinyin  # only for a name no earlier build read (Readings)

    out: list[str] = []
    at = 0
    for m in [*_PLACE.finditer(text), None]:
        chunk = text[at : m.start() if m else len(text)]
        for piece in lazy_pinyin(chunk, style=Style.NORMAL, v_to_u=False, errors="default"):
            out.extend(re.findall(r"[a-z]+|[0-9]+", piece.lower()))
        if m:
            out.extend(PLACE_READINGS[m.group()].split())
            at = m.end()
    return " ".join(out)


_READING = re.compile(r"[a-z0-9]+( [a-z0-9]+)*|")  # what syllables() writes


class Readings:
    """``syllables`` of the names an earlier build read, kept in a JSON file of the cache by
    code and pypinyin version: the same names build after build cost a city build 0.3 s
    (importing pypinyin 0.17 s, reading ~3,000 names 0.12 s). Public names and their pinyin
    only, in JSON: a planted file can hold no code, and no reading but lowercase syllables
    and digits (what ``syllables`` writes) is believed."""

    def __init__(self, path: Path | None = None, helper: Child | None = None) -> None:
        self.path = path
        self.helper = helper  # started by ``helper()``: asked once, by ``learn``
        self.version = f"{code_version()} pypinyin {version('pypinyin')}"
        self.known: dict[str, str] = {}
        self.used: dict[str, str] = {}
        found = read_text_memo(path, self.version) if path is not None else None
        if isinstance(found, dict):
            self.known = {
                k: v for k, v in found.items() if isinstance(v, str) and _READING.fullmatch(v)
            }

    def of(self, text: str) -> str:
        reading = self.used.get(text)
        if reading is None:
            reading = self.known.get(text)
            if reading is None:
                reading = syllables(text)
            self.used[text] = reading
        return reading

    def learn(self, texts: Iterable[str]) -> None:
        """Have the helper, if there is one, read the ``texts`` no earlier build read, all at
        once (``of`` then answers them from what it learnt); without a helper, or if it fails,
        ``of`` reads each here."""
        new = [t for t in dict.fromkeys(texts) if t not in self.used and t not in self.known]
        helper, self.helper = self.helper, None
        if helper is None:
            return
        if not new:
            helper.stop()  # not needed after all
            return
        try:
            answers = json.loads(helper.go(*new).result())
        except (ChildFailed, ValueError):
            return  # only a head start: ``of`` reads them here
        finally:
            helper.stop()
        if isinstance(answers, list) and len(answers) == len(new):
            for text, reading in zip(new, answers, strict=True):
                if isinstance(reading, str) and _READING.fullmatch(reading):
                    self.used[text] = reading

    def save(self) -> None:
        """Keep this build's readings (a renamed compound's old name goes); nothing is written
        when they are the ones the file held."""
        if self.path is not None and self.used != self.known:
            write_text_memo(self.path, self.version, dict(sorted(self.used.items())))


def helper() -> Child:
    """A process that imports pypinyin now and reads the names ``Readings.learn`` gives it."""
    return Child(__spec__.name, standby=True)


def _serve() -> None:
    """The helper: pypinyin imported, then one JSON line of names read from stdin (none: not
    needed), and their readings written to stdout as a JSON list."""
    syllables("朝阳")  # imports pypinyin and loads its dictionaries while the build goes on
    line = sys.stdin.readline()
    if not line:
        return
    texts = json.loads(line)
    sys.stdout.write(json.dumps([syllables(t) for t in texts], ensure_ascii=False))


if __name__ == "__main__":
    _serve()
