"""Open data: every public table as CSV and JSON, a valid Frictionless package, a data.json catalogue."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from baodao.web.build import build
from baodao.web.opendata import tables
from baodao.web.publicview import build_view

TABLES = {
    "streets",
    "communities",
    "compounds",
    "buildings",
    "grids",
    "branches",
    "posts",
    "stations",
    "units",
    "list_items",
    "report_in",
    "unit_results",
    "member_participation",
    "notices",
    "notice_amendments",
}


def _git(root: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_DATE": "2026-11-23T08:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-23T08:00:00Z",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()


@pytest.fixture
def committed(tiny):
    # The private root is never committed with the public data (docs/privacy.md; validate refuses it: PRIV008).
    tiny.write(".gitignore", "/private/\n")
    _git(tiny.root, "init", "-q")
    _git(tiny.root, "add", "-A")
    _git(tiny.root, "commit", "-qm", "data")
    return tiny


def _build(tiny, tmp_path: Path, name: str = "public") -> Path:
    out = tmp_path / name
    build(tiny.repo(), out, "2026-11-23", work=tmp_path / f"work-{name}")
    return out / "d"


def test_every_table_as_csv_and_json_with_the_package_and_catalogue(
    committed, tmp_path, monkeypatch
):
    monkeypatch.delenv(
        "SOURCE_DATE_EPOCH", raising=False
    )  # an earlier build in this process sets it
    d = _build(committed, tmp_path)
    head = _git(committed.root, "rev-parse", "HEAD")
    pkg = json.loads((d / "datapackage.json").read_text("utf-8"))
    assert {r["path"].removesuffix(".csv") for r in pkg["resources"]} == TABLES
    assert pkg["x-source-commit"] == head and pkg["version"] == f"2026-11-23+{head[:12]}"
    assert pkg["created"] == "2026-11-23T08:00:00Z"  # the commit's time, not the clock
    for res in pkg["resources"]:
        name = res["path"].removesuffix(".csv")
        rows = list(csv.reader(io.StringIO((d / res["path"]).read_text("utf-8"))))
        assert rows[0] == [f["name"] for f in res["schema"]["fields"]], name
        data = json.loads((d / f"{name}.json").read_text("utf-8"))
        assert data["source"] == {
            "commit": head,
            "built": "2026-11-23T08:00:00Z",
            "as_of": "2026-11-23",
        }
        assert len(data["rows"]) == len(rows) - 1, name
        # A row to a line: an edit shows in a diff as the lines of the rows it changed.
        lines = (d / f"{name}.json").read_text("utf-8").splitlines()
        if data["rows"]:
            assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == data["rows"], name
        for f in res["schema"]["fields"]:
            assert f["title"] and f["description"], (name, f["name"])
    catalogue = json.loads((d / "data.json").read_text("utf-8"))
    assert catalogue["x-source-commit"] == head and len(catalogue["dataset"]) == len(TABLES)
    for ds in catalogue["dataset"]:
        assert [x["format"] for x in ds["distribution"]] == ["CSV", "JSON"]
        assert all((d / x["downloadURL"]).is_file() for x in ds["distribution"])
    page = (d / "index.html").read_text("utf-8")
    assert all(f'href="{t}.csv"' in page and f'href="{t}.json"' in page for t in TABLES)


def test_frictionless_validates_the_package(tiny, tmp_path):
    from frictionless import validate

    report = validate(str(_build(tiny, tmp_path) / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    assert report.stats["tasks"] == len(TABLES)


def test_the_same_commit_gives_the_same_bytes(committed, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")
    a, b = _build(committed, tmp_path, "a"), _build(committed, tmp_path, "b")
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and len(names) == 2 * len(TABLES) + 3
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_only_the_public_view_suppressed_cells_stay_suppressed(tiny, tmp_path):
    tiny.edit("data/qinghe/cuihu/branches/lvjing-zb.yaml", lambda x: x.update(member_count=3))
    d = _build(tiny, tmp_path)
    branches = list(csv.DictReader(io.StringIO((d / "branches.csv").read_text("utf-8"))))
    assert [b["member_count"] for b in branches if b["id"] == "lvjing-zb"] == ["少于 5"]
    rows = json.loads((d / "branches.json").read_text("utf-8"))["rows"]
    assert [b["member_count"] for b in rows if b["id"] == "lvjing-zb"] == ["少于 5"]
    text = "".join(
        p.read_text("utf-8") for p in sorted(d.iterdir()) if p.suffix in (".csv", ".json")
    )
    # Names without consent, person ids and internal notes of the fixture never reach the files.
    for secret in ("金丝雀甲", "孙秀英", "p-0004", "p-0001"):
        assert secret not in text, secret
    posts = list(csv.DictReader(io.StringIO((d / "posts.csv").read_text("utf-8"))))
    assert {"role": "专职网格员", "name": "李娜", "phone": "13900002222"}.items() <= next(
        p for p in posts if p["role"] == "专职网格员"
    ).items()


def test_tables_come_from_the_public_view(tiny):
    import datetime as dt

    ds = tiny.repo().load_and_check(dt.date(2026, 11, 23))[0]
    view = build_view(ds, dt.date(2026, 11, 23), None)
    by_name = {t.name: t for t in tables(view)}
    assert [r["id"] for r in by_name["compounds"].rows] == [x.id for x in view.compounds]
    assert len(by_name["buildings"].rows) == sum(len(x.buildings) for x in view.compounds)
    assert by_name["stations"].rows[0]["hours"] == "1-5 08:30-17:30;6 09:00-12:00"
    assert by_name["notices"].rows[0] | {} == {
        "id": "cuihu-secretary",
        "title": "翠湖社区党委书记任职公示",
        "kind": "任职公示",
        "start": "2026-09-01",
        "end": "2026-09-07",
        "working_days": 5,
        "contact": "中共青禾区委组织部",
        "phone": "0999-6100001",
        "amendments": 0,
    }


def test_formula_leading_cells_are_neutralised_and_numbers_stay_numbers():
    from baodao.web.opendata import _csv
    from baodao.web.opendatatypes import F, Table

    table = Table(
        "t",
        "表",
        "",
        (F("name", "名称"), F("score", "得分", "number")),
        (
            {"name": '=HYPERLINK("http://x")', "score": -3},
            {"name": "-5", "score": "-2.50"},
            {"name": "@SUM(A1)", "score": None},
            {"name": "+86", "score": "少于 5"},
        ),
    )
    assert _csv(table) == (
        'name,score\n"\'=HYPERLINK(""http://x"")",-3\n\'-5,-2.50\n\'@SUM(A1),\n\'+86,少于 5\n'
    )


def test_a_record_name_starting_with_a_formula_is_neutralised_in_open_data(tiny, tmp_path):
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "name: 绿景花园", "name: =1+2")
    d = _build(tiny, tmp_path)
    rows = list(csv.DictReader(io.StringIO((d / "compounds.csv").read_text("utf-8"))))
    assert [r["name"] for r in rows if r["id"] == "lvjing"] == ["'=1+2"]


def test_a_table_is_written_out_again_only_when_it_or_the_stamp_changed(
    tiny, tmp_path, monkeypatch
):
    from baodao.web import build as build_module
    from baodao.web import opendata

    monkeypatch.setattr(build_module, "jobs", lambda: 1)  # both shares here, to be watched
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    made: list[str] = []
    real = opendata._csv
    monkeypatch.setattr(opendata, "_csv", lambda t: made.append(t.name) or real(t))
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert made == []  # nothing changed: no table written out
    tiny.replace("data/qinghe/cuihu/compounds/lvjing.yaml", "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert "compounds" in made and "streets" not in made
    assert "绿景新园" in (out / "d/compounds.csv").read_text("utf-8")
    build(tiny.repo(), out, "2026-11-24", work=work)  # another day: every file's stamp
    assert set(made) == TABLES
    full = _build(tiny, tmp_path, "full")
    build(tiny.repo(), tmp_path / "full", "2026-11-24", work=tmp_path / "work-full")
    for path in sorted(full.iterdir()):
        assert (out / "d" / path.name).read_bytes() == path.read_bytes(), path.name
