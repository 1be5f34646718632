"""Fixtures: tiny data repositories copied to a temporary folder, edited per test."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from baodao.problems import Problem
from baodao.repo import CODE_ROOT, Repo
from tinyprivate import write_tiny_private

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE = CODE_ROOT / "scripts" / "baodao" / "templates" / "district"
AS_OF = dt.date(2026, 11, 23)


def pytest_sessionstart(session: pytest.Session) -> None:
    """The demo's private root is generated, never tracked (docs/privacy.md): a fresh clone's tests that build the demo site need it, as ``make private``
    makes it. Deterministic: the same ``baodao demo`` output every time."""
    target = CODE_ROOT / "private"
    if target.exists():
        return
    from baodao.demo.generate import generate

    with tempfile.TemporaryDirectory(prefix="baodao-demo-") as tmp:
        generate(Path(tmp) / "demo", "demo")
        shutil.move(str(Path(tmp) / "demo" / "private"), str(target))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests last: their session's server and browser keep threads alive, and the
    build writes half its pages in a fork only from a process of one thread (web/build.py,
    records/children.can_fork). Run first, they left every later build of the suite writing
    its pages in one process, the way the preview does, not the way ``baodao build`` does."""
    browser = [item for item in items if "/web/browser/" in item.nodeid.replace("\\", "/")]
    if browser:
        chosen = set(map(id, browser))
        items[:] = [item for item in items if id(item) not in chosen] + browser


class _NoAliases(yaml.SafeDumper):
    """Tests write records as editors do: a list used twice is written twice, never as a YAML
    alias (the loader refuses those, YAML005)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class TinyRepo:
    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> dict:
        return yaml.safe_load(self.path(rel).read_text("utf-8"))

    def write(self, rel: str, data: dict | str) -> None:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        text = (
            data
            if isinstance(data, str)
            else yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
        )
        p.write_text(text, encoding="utf-8")

    def edit(self, rel: str, change: Callable[[dict], None]) -> None:
        data = self.read(rel)
        change(data)
        self.write(rel, data)

    def replace(self, rel: str, old: str, new: str) -> None:
        p = self.path(rel)
        text = p.read_text("utf-8")
        assert old in text, f"{old!r} not in {rel}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    def repo(self, private: bool = True) -> Repo:
        return Repo.locate(self.root, no_private=not private, schemas=CODE_ROOT / "schemas")

    def problems(self, private: bool = True, as_of: dt.date = AS_OF) -> list[Problem]:
        return self.repo(private).load_and_check(as_of)[2]

    def messages(self, code: str | None = None, **kw) -> list[str]:
        return [p.format() for p in self.problems(**kw) if code is None or p.code == code]


@pytest.fixture
def tiny(tmp_path: Path) -> TinyRepo:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(TEMPLATE, root / "data", dirs_exist_ok=True)
    write_tiny_private(root)  # never tracked: written here, as a district's checkout holds it
    return TinyRepo(root)
