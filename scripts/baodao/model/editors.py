"""Who may change what: ``data/editors.yaml`` → scopes, the organisation department, CODEOWNERS.

``data/editors.yaml`` names GitHub logins, each with a role and the path globs it may change
(``*`` within one folder, ``**`` across folders), minus ``except`` globs. Paths outside ``data/``
(code, schemas, workflows, the site's hand-written pages) and the ``protected`` globs (rules,
code lists, calendars, editors.yaml itself) change only with the organisation department's
(组织部) approval. A pull request is always judged by the base branch's editors.yaml, so an
editor who widens their own scope in the same pull request gains nothing.

``.github/CODEOWNERS`` is generated from it (``baodao editors codeowners``); a test fails on drift.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EDITORS_FILE = "data/editors.yaml"
CODEOWNERS_FILE = ".github/CODEOWNERS"
ORG_DEPARTMENT = "organisation_department"
ROLES_ZH = {
    ORG_DEPARTMENT: "组织部",
    "street": "街道",
    "community": "社区",
    "evaluator": "考核评价",
    "unit": "驻区单位",
}
# Always protected, whatever editors.yaml says: the file that grants rights, and everything that
# is not data (the checks themselves, schemas, workflows, dependencies).
ALWAYS_PROTECTED = (EDITORS_FILE,)


@functools.lru_cache(maxsize=4096)
def _glob_re(glob: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(glob: str, path: str) -> bool:
    return _glob_re(glob).match(path) is not None


@dataclass(frozen=True)
class Editor:
    login: str
    role: str
    name: str
    paths: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    organisation: str = ""  # "street" or "street/community", as the folders under data/

    def may_change(self, path: str) -> bool:
        if any(glob_match(g, path) for g in self.excluded):
            return False
        return any(glob_match(g, path) for g in self.paths)


@dataclass(frozen=True)
class Editors:
    editors: tuple[Editor, ...]
    protected: tuple[str, ...]
    bots: frozenset[str] = frozenset()
    by_login: dict[str, Editor] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, data: Any) -> Editors:
        """From the loaded YAML (already checked against schemas/editors.schema.json)."""
        data = data if isinstance(data, dict) else {}
        eds = tuple(
            Editor(
                str(e["login"]).lower(),
                str(e["role"]),
                str(e.get("name", "")),
                tuple(e.get("paths") or ()),
                tuple(e.get("except") or ()),
                str(e.get("organisation") or ""),
            )
            for e in data.get("editors") or ()
            if isinstance(e, dict) and "login" in e and "role" in e
        )
        return cls(
            eds,
            tuple(data.get("protected") or ()),
            frozenset(str(b).lower() for b in data.get("bots") or ()),
            {e.login: e for e in eds},
        )

    @classmethod
    def from_text(cls, text: str | None) -> Editors:
        # libyaml's parser, the same safe constructor: a city's file (170 KB) in 0.1 s, not 1 s.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return cls.parse(yaml.load(text, Loader=loader) if text else None)

    @classmethod
    def load(cls, root: Path) -> Editors:
        path = root / EDITORS_FILE
        return cls.from_text(path.read_text("utf-8") if path.is_file() else None)

    def get(self, login: str) -> Editor | None:
        return self.by_login.get(login.lower())

    @property
    def department(self) -> list[str]:
        """Logins of the organisation department, who review protected changes."""
        return sorted(e.login for e in self.editors if e.role == ORG_DEPARTMENT)

    def is_protected(self, path: str) -> bool:
        if not path.startswith("data/") or path in ALWAYS_PROTECTED:
            return True
        return any(glob_match(g, path) for g in self.protected)

    def may_change(self, login: str, path: str) -> bool:
        ed = self.get(login)
        if ed is None:
            return False
        return ed.role == ORG_DEPARTMENT or ed.may_change(path)

    def may_amend_notice(self, login: str, issued_by: str | None) -> bool:
        """A notice belongs to the organisation that issued it (its ``issued_by``; none: the
        district): only that organisation's editors — a street's also for its communities'
        notices — and the organisation department may change it. A street's editor may not
        amend another street's notice or the district's, whatever their path globs say."""
        ed = self.get(login)
        if ed is None:
            return False
        if ed.role == ORG_DEPARTMENT:
            return True
        org = ed.organisation
        return bool(org and issued_by and (issued_by == org or issued_by.startswith(org + "/")))


def codeowners(editors: Editors) -> str:
    """``.github/CODEOWNERS``: the last matching line wins, so general lines come first."""
    dept = " ".join(f"@{x}" for x in editors.department) or "@" + "organisation-department"
    owners: dict[str, list[str]] = {}
    order = {"community": 1, "street": 1, "unit": 1, "evaluator": 2}
    lines = []
    for rank in (1, 2):
        group: dict[str, list[str]] = {}
        for e in editors.editors:
            if order.get(e.role) != rank:
                continue
            for g in e.paths:
                group.setdefault(_owner_pattern(g), []).append(f"@{e.login}")
        for pattern in sorted(group):
            owners[pattern] = sorted(set(group[pattern]))
            lines.append(f"{pattern} {' '.join(owners[pattern])}")
    protected = [_owner_pattern(g) for g in (*editors.protected, *ALWAYS_PROTECTED)]
    head = [
        "# 由 baodao editors codeowners 根据 data/editors.yaml 生成，请勿手工修改。",
        "# Generated by `baodao editors codeowners` from data/editors.yaml; do not edit by hand.",
        "# 最后一条匹配的规则生效：默认由组织部审核，各编辑负责自己的文件夹，受保护的路径由组织部审核。",
        f"* {dept}",
    ]
    tail = [
        "# 受保护的路径：代码、schema、流程、规则、代码表、日历、编辑权限（组织部审核）",
        *(f"{p} {dept}" for p in ("/.github/", "/scripts/", "/schemas/", "/site/")),
        *(f"{p} {dept}" for p in dict.fromkeys(protected)),
    ]
    return "\n".join([*head, *lines, *tail]) + "\n"


def _owner_pattern(glob: str) -> str:
    # CODEOWNERS patterns are gitignore-like; a leading slash anchors at the repository root.
    return "/" + glob.lstrip("/")


def scope_summary(editor: Editor | None) -> str:
    if editor is None:
        return "未在 data/editors.yaml 登记"
    if editor.role == ORG_DEPARTMENT:
        return "组织部（全部文件）"
    text = f"{ROLES_ZH.get(editor.role, editor.role)}：" + "、".join(editor.paths)
    if editor.excluded:
        text += "（不含 " + "、".join(editor.excluded) + "）"
    return text


def out_of_scope(editors: Editors, login: str, paths: Iterable[str]) -> list[str]:
    return [p for p in paths if not editors.may_change(login, p)]
