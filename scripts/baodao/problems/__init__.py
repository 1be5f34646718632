"""Problems found in the records: the editor's user interface.

A problem reads like a compiler's message: ``file:line: field: 错误 CODE 中文说明 / English``,
followed by a fix hint when there is one. Checks return every problem; nothing stops early.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

ERROR = "error"
WARNING = "warning"

_SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}

CODE_PATTERN = re.compile(r"[A-Z]{2,8}[0-9]{3}")
# A message is one line a person reads: however long a value a check quotes, the line stays
# readable (a 50 MB value once came back as a 17-million-character line).
MAX_MESSAGE = 400


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    code: str
    severity: str
    message: str  # Chinese, what is wrong
    message_en: str = ""
    hint: str = ""  # Chinese, how to fix
    # The file whose own problem this one follows from (a file that cannot be read, an id that
    # disagrees with its file name): fold_causes() counts it under that problem instead.
    cause: str = field(default="", compare=False, repr=False)
    folded: int = field(default=0, compare=False)  # problems counted under this one

    def __post_init__(self) -> None:
        for name in ("message", "message_en", "hint", "field"):
            text = getattr(self, name)
            if len(text) > MAX_MESSAGE:
                object.__setattr__(self, name, text[: MAX_MESSAGE - 1] + "…")

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        text = f"{where}:{field} {_SEVERITY_ZH[self.severity]} {self.code} {self.message}"
        if self.message_en:
            text += f" / {self.message_en}"
        if self.hint:
            text += f"\n    修改建议：{self.hint}"
        if self.folded:
            text += (
                f"\n    另有 {self.folded} 个问题由此引起，先修正上面这一处"
                f" / {self.folded} more problems follow from this one: fix it first"
            )
        return text

    def to_json(self) -> dict:
        # The cause is internal (it is folded before output); the count only when there is one.
        data = asdict(self)
        del data["cause"]
        if not self.folded:
            del data["folded"]
        return data


@dataclass(frozen=True)
class Entry:
    """One problem code as the catalogue declares it (``problems/catalogue.py``)."""

    code: str
    severity: str
    zh: str  # what the problem means, for an editor who is not a programmer
    en: str
    hint: str  # how to fix it, in Chinese
    explain: str = ""  # background an editor may need (where the rule comes from)

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order (file, line, field, code) so reports and their diffs are reproducible."""
    return sorted(set(problems))


def fold_causes(problems: Iterable[Problem]) -> list[Problem]:
    """Root cause first: problems that follow only from another file's error are counted there.

    The cause is the first error reported for the cause's file (a file that cannot be read has
    exactly one). A problem whose cause has no error of its own stays as it is.
    """
    problems = sort_problems(problems)
    roots: dict[str, Problem] = {}
    for p in problems:
        if p.severity == ERROR and not p.cause and p.file not in roots:
            roots[p.file] = p
    # "" is no cause (a problem of no one file is a root of "" itself).
    counts = Counter(p.cause for p in problems if p.cause and p.cause in roots)
    out: list[Problem] = []
    for p in problems:
        if p.cause and p.cause in roots:
            continue
        if roots.get(p.file) is p and counts[p.file]:
            p = replace(p, folded=p.folded + counts[p.file])
        out.append(p)
    return out


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def render_text(problems: list[Problem]) -> str:
    lines = [p.format() for p in problems]
    n_err = sum(p.severity == ERROR for p in problems)
    n_warn = len(problems) - n_err
    by_code = Counter(p.code for p in problems)
    if by_code:
        lines.append(
            "按代码 / by code：" + "，".join(f"{c} {n}" for c, n in sorted(by_code.items()))
        )
    lines.append(f"共 {n_err} 个错误，{n_warn} 个警告 / {n_err} errors, {n_warn} warnings")
    return "\n".join(lines)


def render_json(problems: list[Problem]) -> str:
    return json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)
