"""`baodao build` works on any valid repository, however small: one street, one community, no
compounds, units, stations or results (a district starts so)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from baodao.repo import CODE_ROOT, Repo
from baodao.web.build import build

# Not `from conftest import …`: under tests/web the name conftest may be the browser tests' one.
FIXTURES = CODE_ROOT / "tests" / "fixtures"
TEMPLATE = CODE_ROOT / "scripts" / "baodao" / "templates" / "district"


def _without_posts(path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data.pop("posts", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_district_of_one_community_without_compounds_builds(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(TEMPLATE, root / "data")
    tiny = FIXTURES / "tiny" / "data"
    shutil.copy(tiny / "district.yaml", root / "data" / "district.yaml")
    (root / "data" / "qinghe" / "cuihu").mkdir(parents=True)
    shutil.copy(tiny / "qinghe" / "street.yaml", root / "data" / "qinghe" / "street.yaml")
    shutil.copy(
        tiny / "qinghe" / "cuihu" / "community.yaml",
        root / "data" / "qinghe" / "cuihu" / "community.yaml",
    )
    for rel in ("qinghe/street.yaml", "qinghe/cuihu/community.yaml"):
        _without_posts(root / "data" / rel)  # posts name units and notices this repository lacks
    repo = Repo.locate(root, no_private=True, schemas=CODE_ROOT / "schemas")
    report = build(repo, tmp_path / "public", "2026-11-23", work=tmp_path / "work")
    assert not [p for p in report.warnings if p.severity == "error"]
    page = (tmp_path / "public" / "x" / "index.html").read_text("utf-8")
    assert "翠湖社区" in page
