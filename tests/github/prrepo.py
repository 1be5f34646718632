"""A git data repository with the code in it, for pull-request checks that run the base's code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from baodao.repo import CODE_ROOT

FIXTURE = Path(__file__).parents[1] / "fixtures" / "tiny"
TEMPLATE = CODE_ROOT / "scripts" / "baodao" / "templates" / "district"
SHA_LEN = 40

EDITORS = {
    "protected": ["data/rules/**", "data/codes/**", "data/calendar/**", "data/results/**",
                  "data/district.yaml"],
    "bots": ["github-actions[bot]"],
    "editors": [
        {"login": "zuzhibu-admin", "name": "区委组织部", "role": "organisation_department"},
        {"login": "zuzhibu-kaohe", "name": "区委组织部考核办", "role": "organisation_department"},
        {"login": "cuihu-sq", "name": "翠湖社区党委", "role": "community",
         "paths": ["data/qinghe/cuihu/**"], "except": ["data/qinghe/cuihu/evaluations/**"]},
        {"login": "qinghe-kaohe", "name": "青禾街道考核组", "role": "evaluator",
         "paths": ["data/qinghe/*/evaluations/**"]},
        {"login": "qh-shuiwu-dw", "name": "区水务局", "role": "unit",
         "paths": ["data/units/qh-shuiwu.yaml"]},
    ],
}  # fmt: skip


class GitRepo:
    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True,
                              text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text("utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-B", name, start)


def make_repo(path: Path) -> GitRepo:
    """tiny's public data + the district templates + this checkout's code, committed on main."""
    path.mkdir(parents=True)
    shutil.copytree(FIXTURE / "data", path / "data")
    shutil.copytree(TEMPLATE, path / "data", dirs_exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(CODE_ROOT / "scripts", path / "scripts", ignore=ignore)
    shutil.copytree(CODE_ROOT / "schemas", path / "schemas")
    shutil.copytree(CODE_ROOT / "site", path / "site", ignore=ignore)
    shutil.copy(CODE_ROOT / "mkdocs.yml", path / "mkdocs.yml")
    (path / "data" / "editors.yaml").write_text(
        yaml.safe_dump(EDITORS, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.email", "test@example.invalid")
    repo.git("config", "user.name", "test")
    repo.git("config", "commit.gpgsign", "false")
    repo.commit("base")
    return repo
