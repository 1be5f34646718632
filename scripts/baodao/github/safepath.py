"""Paths a pull request brings: which are refused before anything runs, and how one is logged.

A git tree can hold names that no checkout would write but that git itself reports as they are:
an entry named ``..`` makes ``git diff`` list ``data/x/../../scripts/baodao/cli.py``, which a
``data/x/**`` scope glob matches and which, laid over a tree, lands outside ``data/`` (the hosts
may refuse such a push; the check must not rely on it). A newline in a name starts a new line in
the Actions log, where ``::error::…`` is a workflow command. A Cyrillic ``с`` in ``cuihu`` looks
like the folder of another community. So every changed path is judged here first, and shown in
logs only through :func:`shown`.
"""

from __future__ import annotations

import unicodedata

# Categories of characters that are invisible or end a line: C0/C1 controls, format characters
# (bidi overrides, zero-width joiners), line and paragraph separators.
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")
# Scripts that Unicode's "highly restrictive" profile (UTS #39, 5.2) lets stand beside Latin:
# 指南.md is one name, not a look-alike.
_WITH_LATIN = {"CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HANGUL"}


def _script(ch: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "CJK" …); None for digits and punctuation.

    Full-width Latin letters count as their own script: ``ｃuihu`` is a look-alike of ``cuihu``.
    """
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith(("FULLWIDTH ", "HALFWIDTH ")):
        return name.split()[0]
    return name.split()[0] if name else "UNKNOWN"


def unsafe_reason(path: str) -> tuple[str, str] | None:
    """Why ``path`` (as git reports it) is refused: (Chinese, English); None when it is fine."""
    if not path:
        return "路径为空", "empty path"
    bad = next((ch for ch in path if unicodedata.category(ch) in _INVISIBLE), None)
    if bad is not None:
        return (
            f"含有控制字符或不可见字符 U+{ord(bad):04X}（如换行）",
            f"control or invisible character U+{ord(bad):04X}",
        )
    if path.startswith("/"):
        return "是绝对路径", "absolute path"
    if "\\" in path:
        return "含有反斜杠（\\）", "backslash in the path"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "含有 “..”、“.” 或空的路径段", "'..', '.' or an empty part"
    if any(p.lower() == ".git" for p in parts):
        return "含有 .git 文件夹", "a .git folder"
    if unicodedata.normalize("NFC", path) != path:
        return "文件名不是 Unicode 标准组合形式（NFC）", "not in Unicode NFC form"
    for part in parts:
        scripts = {s for s in map(_script, part) if s is not None}
        others = scripts - _WITH_LATIN
        if len(others) > 1 or (others - {"LATIN"} and scripts & _WITH_LATIN):
            return (
                f"“{shown(part)}” 混用了几种文字的字母（{'、'.join(sorted(scripts))}），可能是仿冒的文件夹名",
                "letters of several scripts in one name (a look-alike)",
            )
    return None


def shown(path: str) -> str:
    """``path`` as one inert line of a log: invisible characters and backslashes escaped, and a
    leading ``:`` escaped so that no line can start a workflow command (``::error::``)."""
    out = []
    for ch in path:
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in _INVISIBLE:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    text = "".join(out)
    # The runner strips leading white space before it looks for "::".
    lead = len(text) - len(text.lstrip())
    if text[lead : lead + 1] == ":":
        text = text[:lead] + "\\x3a" + text[lead + 1 :]
    return text
