"""Problems found in the records: the editor's user interface.

A problem reads like a compiler's message: ``file:line: field: 错误 CODE 中文说明 / English``,
followed by a fix hint when there is one. Checks return every problem; nothing stops early.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

_SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}

CODE_PATTERN = re.compile(r"[A-Z]{2,8}[0-9]{3}")


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

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        text = f"{where}:{field} {_SEVERITY_ZH[self.severity]} {self.code} {self.message}"
        if self.message_en:
            text += f" / {self.message_en}"
        if self.hint:
            text += f"\n    修改建议：{self.hint}"
        return text

    def to_json(self) -> dict:
        return asdict(self)


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


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def render_text(problems: list[Problem]) -> str:
    lines = [p.format() for p in problems]
    n_err = sum(p.severity == ERROR for p in problems)
    n_warn = len(problems) - n_err
    lines.append(f"共 {n_err} 个错误，{n_warn} 个警告 / {n_err} errors, {n_warn} warnings")
    return "\n".join(lines)


def render_json(problems: list[Problem]) -> str:
    return json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)
