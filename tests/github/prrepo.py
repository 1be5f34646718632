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
    "protected": [
        "data/rules/**",
        "data/codes/**",
        "data/calendar/**",
        "data/results/**",
        "data/district.yaml",
    ],
    "bots": ["github-actions[bot]"],
    "editors": [
        {"login": "zuzhibu-admin", "name": "区委组织部", "role": "organisation_department"},
        {"login": "zuzhibu-kaohe", "name": "区委组织部考核办", "role": "organisation_department"},
        {
            "login": "qinghe-jd",
            "name": "青禾街道党工委",
            "role": "street",
            "organisation": "qinghe",
            "paths": ["data/qinghe/street.yaml", "data/notices/**"],
        },
        {
            "login": "dongqu-jd",
            "name": "东渠街道党工委",
            "role": "street",
            "organisation": "dongqu",
            "paths": ["data/notices/**"],
        },
        {
            "login": "cuihu-sq",
            "name": "翠湖社区党委",
            "role": "community",
            "organisation": "qinghe/cuihu",
            "paths": ["data/qinghe/cuihu/**"],
            "except": ["data/qinghe/cuihu/evaluations/**"],
        },
        {
            "login": "qinghe-kaohe",
            "name": "青禾街道考核组",
            "role": "evaluator",
            "paths": ["data/qinghe/*/evaluations/**"],
        },
        {
            "login": "qh-shuiwu-dw",
            "name": "区水务局",
            "role": "unit",
            "paths": ["data/units/qh-shuiwu.yaml"],
        },
    ],
}


class GitRepo:
    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, text=True, check=True
        )
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


def commit_raw_entry(
    repo: GitRepo, parts: list[str], content: bytes, message: str, mode: str = "100644"
) -> str:
    """Commit a file at tree entries ``parts`` on the current branch, with names git's index
    refuses but a hand-made tree (and so a pushed commit) can hold: "..", a newline …"""

    def run(*args: str, stdin: bytes = b"") -> str:
        done = subprocess.run(
            ["git", "-C", str(repo.root), *args], input=stdin, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8").strip()

    def entries(tree: str | None) -> list[bytes]:
        if tree is None:
            return []
        out = subprocess.run(
            ["git", "-C", str(repo.root), "ls-tree", "-z", tree], capture_output=True, check=True
        ).stdout
        return [e for e in out.split(b"\0") if e]

    def put(tree: str | None, rest: list[str]) -> str:
        name = rest[0].encode("utf-8")
        kept = [e for e in entries(tree) if e.split(b"\t", 1)[1] != name]
        if len(rest) == 1 and mode == "160000":  # a submodule: the entry names a commit
            new = f"{mode} commit {content.decode()}".encode() + b"\t" + name
        elif len(rest) == 1:
            blob = run("hash-object", "-w", "--stdin", stdin=content)
            new = f"{mode} blob {blob}".encode() + b"\t" + name
        else:
            old = next(
                (
                    e.split(b" ")[2].split(b"\t")[0].decode()
                    for e in entries(tree)
                    if e.split(b"\t", 1)[1] == name and b" tree " in e
                ),
                None,
            )
            new = f"040000 tree {put(old, rest[1:])}".encode() + b"\t" + name
        return run("mktree", "-z", stdin=b"\0".join([*kept, new]) + b"\0")

    tree = put(run("rev-parse", "HEAD^{tree}"), parts)
    commit = run("commit-tree", tree, "-p", "HEAD", "-m", message)
    # Only the branch moves: checking such a tree out is what the check must never do.
    repo.git("update-ref", "HEAD", commit)
    return commit
