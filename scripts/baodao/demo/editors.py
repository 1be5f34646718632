"""The demo district's data/editors.yaml: who may change which folders (fictional logins)."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

HEADER = (
    "# 编辑权限：谁可以修改哪些文件。拉取请求按目标分支的这份文件检查权限；\n"
    "# .github/CODEOWNERS 由它生成（baodao editors codeowners）。账号均为虚构的示例。\n"
)
PROTECTED = [
    "data/rules/**",
    "data/codes/**",
    "data/calendar/**",
    "data/results/**",
    "data/district.yaml",
]


def _login(base: str, suffix: str, taken: set[str]) -> str:
    # GitHub logins: at most 39 characters, letters, digits and single hyphens.
    login, n = f"{base[: 39 - len(suffix) - 1].rstrip('-')}-{suffix}", 2
    while login in taken:
        tail = f"{suffix}{n}"
        login, n = f"{base[: 39 - len(tail) - 1].rstrip('-')}-{tail}", n + 1
    taken.add(login)
    return login


def editors_yaml(
    streets: Iterable[tuple[str, str, list[tuple[str, str]]]], units: Iterable[tuple[str, str]]
) -> str:
    """``streets``: (id, name, [(community id, name)]); ``units``: (id, name)."""
    taken: set[str] = set()
    eds: list[dict] = [
        {"login": "zuzhibu-admin", "name": "区委组织部", "role": "organisation_department"},
        {"login": "zuzhibu-kaohe", "name": "区委组织部考核办", "role": "organisation_department"},
    ]
    taken.update(e["login"] for e in eds)
    for sid, sname, communities in streets:
        eds.append(
            {
                "login": _login(sid, "jd", taken),
                "name": f"{sname}党工委",
                "role": "street",
                "organisation": sid,
                "paths": [f"data/{sid}/street.yaml", f"data/{sid}/stations/**", "data/notices/**"],
            }
        )
        eds.append(
            {
                "login": _login(sid, "kaohe", taken),
                "name": f"{sname}党工委考核组",
                "role": "evaluator",
                "paths": [f"data/{sid}/*/evaluations/**"],
            }
        )
        for cid, cname in communities:
            eds.append(
                {
                    "login": _login(cid, "sq", taken),
                    "name": f"{cname}党委",
                    "role": "community",
                    "organisation": f"{sid}/{cid}",
                    "paths": [f"data/{sid}/{cid}/**"],
                    "except": [f"data/{sid}/{cid}/evaluations/**"],
                }
            )
    for uid, uname in units:
        eds.append(
            {
                "login": _login(uid, "dw", taken),
                "name": uname,
                "role": "unit",
                "paths": [f"data/units/{uid}.yaml"],
            }
        )
    doc = {"protected": PROTECTED, "bots": ["github-actions[bot]"], "editors": eds}
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
