"""The repository as a whole: no file anywhere in it holds a private table (PRIV008)."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_ROOT, CODE_SCHEMAS

PRIV008 = (
    "docs/huiyi/qiandao.csv:1: 错误 PRIV008 表头与私有库的表格“在职党员活动记录”相同：公开仓库里不能有私有表格"
    " / a file in the public repository has the header of a private table (在职党员活动记录)"
    "\n    修改建议：把文件移到私有库，用 git rm --cached 取消跟踪，并从 git 历史中清除"
)


def _validate(tiny):
    return CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "--schemas",
            str(CODE_SCHEMAS),
            "validate",
            "--as-of",
            "2026-11-23",
        ],
    )


def test_a_private_table_outside_data_is_refused(tiny):
    # Named for a meeting's sign-in sheet, but its header is the activity log's.
    tiny.write(
        "docs/huiyi/qiandao.csv",
        "person,date,activity,service_type,hours,verified_by\np-0005,2026-05-01,x,volunteer,2,cuihu\n",
    )
    done = _validate(tiny)
    assert done.exit_code == 1 and PRIV008 in done.output


def test_in_a_git_work_tree_the_tracked_files_count(tiny):
    tiny.write("docs/huiyi/qiandao.csv", "person,date,activity,service_type,hours,verified_by\n")
    subprocess.run(["git", "init", "-q", str(tiny.root)], check=True)
    tiny.write(".gitignore", "/private/\n/docs/huiyi/\n")
    assert _validate(tiny).exit_code == 0  # ignored: never in the repository
    tiny.write(".gitignore", "/private/\n")
    done = _validate(tiny)  # untracked but not ignored: the next `git add -A` publishes it
    assert done.exit_code == 1 and PRIV008 in done.output


def _private_tables() -> list[tuple[str, list[str], set[str]]]:
    """Each private table as the datapackage declares it, read here from the JSON itself: its
    locations and its required columns."""
    package = json.loads((CODE_ROOT / "schemas" / "datapackage.json").read_text("utf-8"))
    out = []
    for res in package["resources"]:
        locations = [loc for loc in res.get("x-location", []) if loc.startswith("private/")]
        if locations:
            fields = res["schema"]["fields"]
            required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
            out.append((res["title"], locations, required))
    return out


def _as_glob(location: str) -> str:
    return re.sub(r"\{[^}]+\}", "*", location)


def test_git_tracks_no_private_table():
    # The public repository itself (this checkout): no tracked file sits where a private table
    # lives, under any private/ folder, or starts with a private table's header. The tiny
    # fixture's registry is written at test time (tests/tinyprivate.py), never tracked.
    tracked = (
        subprocess.run(
            ["git", "-C", str(CODE_ROOT), "ls-files", "-z"], capture_output=True, check=True
        )
        .stdout.decode("utf-8")
        .split("\0")[:-1]
    )
    assert len(tracked) > 100  # it is the repository, not an empty listing
    tables = _private_tables()
    assert {t for t, _, _ in tables} >= {
        "人员名册",
        "在职党员报到",
        "在职党员活动记录",
        "12345 热线工单汇总",
    }
    found = []
    for rel in tracked:
        if "/private/" in f"/{rel}" and not rel.startswith("scripts/baodao/templates/"):
            found.append((rel, "private/ folder"))
        for title, locations, _required in tables:
            # A private location is relative to the private root: it matches at any depth.
            if any(
                fnmatch.fnmatch(f"/{rel}", "*" + _as_glob(loc)[len("private") :])
                for loc in locations
            ):
                found.append((rel, title))
        if rel.endswith((".csv", ".tsv", ".txt")) and (CODE_ROOT / rel).is_file():
            with (CODE_ROOT / rel).open(encoding="utf-8-sig", errors="replace") as fh:
                header = {c.strip() for c in re.split(r"[,\t]", fh.readline())}
            found.extend((rel, t) for t, _, req in tables if req and req <= header)
    assert found == []


def test_public_data_holds_no_count_table():
    # Counts whose cells can be 1–4 (12345 tickets, bulk request counts) are private-root tables:
    # every CSV table with a count column is declared there, and no CSV under data/ (the demo's
    # public data, tracked) has such a table's columns.
    package = json.loads((CODE_ROOT / "schemas" / "datapackage.json").read_text("utf-8"))
    counted = {
        res["title"]: {f["name"] for f in res["schema"]["fields"]}
        for res in package["resources"]
        if any(f.get("type") == "integer" for f in res["schema"]["fields"])
    }
    assert set(counted) == {"吹哨报到汇总", "12345 热线工单汇总"}
    public = [
        res["title"]
        for res in package["resources"]
        if res["title"] in counted
        and not all(loc.startswith("private/") for loc in res["x-location"])
    ]
    assert public == []
    found = []
    for path in sorted((CODE_ROOT / "data").rglob("*.csv")):
        header = set(path.read_text("utf-8-sig").split("\n", 1)[0].split(","))
        found.extend((path.name, t) for t, cols in counted.items() if cols <= header)
    assert found == []


def test_only_the_top_level_data_folder_is_left_to_the_load(tiny):
    # data/ (the records, which load reads and checks itself) is not walked again, but a folder
    # of the same name elsewhere is any other folder: a private table there is refused.
    header = "person,date,activity,service_type,hours,verified_by\n"
    tiny.write("docs/data/qiandao.csv", header)
    done = _validate(tiny)
    assert done.exit_code == 1 and "docs/data/qiandao.csv:1: 错误 PRIV008" in done.output
    subprocess.run(["git", "init", "-q", str(tiny.root)], check=True)
    tiny.write(".gitignore", "/private/\n")
    done = _validate(tiny)  # the same through git ls-files
    assert done.exit_code == 1 and "docs/data/qiandao.csv:1: 错误 PRIV008" in done.output
