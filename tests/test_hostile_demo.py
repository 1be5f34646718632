"""Every kind of hostile file (docs/problems.md: YAML005-006, LIMIT, NUM, CSV002, HIER009) dropped into the demo at once:
``baodao validate`` refuses each, naming its file, within 20 seconds, with no traceback."""

from __future__ import annotations

import os
import shutil

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_ROOT

GRIDS = "data/dong-qu/bin-he/grids"


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _bomb(value: str) -> str:
    lines = ["id: bin-he-g90", f"a0: &a0 [{value}, {value}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join([*lines, "note: *a9"]) + "\n"


def test_demo_refuses_every_hostile_file_naming_it(tmp_path):
    root = tmp_path / "demo"
    for part in ("data", "private"):
        shutil.copytree(CODE_ROOT / part, root / part)

    def edit(rel: str, old: str, new: str) -> None:
        p = root / rel
        text = p.read_text("utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(rel: str, text: str) -> None:
        (root / rel).write_text(text, encoding="utf-8")

    expected = {
        f"{GRIDS}/bin-he-g90.yaml": "YAML005",  # billion laughs holding an 11-digit run
        f"{GRIDS}/bin-he-g91.yaml": "YAML005",  # billion laughs as a text value
        "data/rules/unit-assessment/2024-01-01.yaml": "NUM001",  # weight: .nan
        "private/dong-qu/bin-he/activities/2026.csv": "NUM001",  # NaN hours
        f"{GRIDS}/bin-he-g01.yaml": "LIMIT002",  # 600 nested brackets
        f"{GRIDS}/bin-he-g02.yaml": "YAML006",  # duplicate key
        "data/dong-qu/bin-he/compounds/jin-xiu.yaml": "LIMIT001",  # a 50 MB description
        "private/people/qing-he.csv": "CSV002",  # one GBK line in the person registry
        "data/dong-qu/he-ping/grids/he-ping-g03.yaml": "HIER009",  # g03 → g04 → g03
    }
    edit(
        "data/dong-qu/he-ping/grids/he-ping-g03.yaml",
        "kind: grid",
        "kind: grid\nparent: he-ping-g04",
    )
    edit(
        "data/dong-qu/he-ping/grids/he-ping-g04.yaml",
        "kind: grid",
        "kind: grid\nparent: he-ping-g03",
    )
    write(f"{GRIDS}/bin-he-g90.yaml", _bomb('"13800001111"'))
    write(f"{GRIDS}/bin-he-g91.yaml", _bomb('"lol"').replace("bin-he-g90", "bin-he-g91"))
    edit("data/rules/unit-assessment/2024-01-01.yaml", "weight: 15", "weight: .nan")
    edit("private/dong-qu/bin-he/activities/2026.csv", ",list,1.5,", ",list,NaN,")
    edit(f"{GRIDS}/bin-he-g01.yaml", "kind: grid", "kind: grid\nnote: " + "[" * 600 + "]" * 600)
    edit(f"{GRIDS}/bin-he-g02.yaml", "kind: grid", "kind: grid\nkind: grid")
    edit(
        "data/dong-qu/bin-he/compounds/jin-xiu.yaml",
        "\nname:",
        "\ndescription: " + "x" * (50 * 2**20) + "\nname:",
    )
    people = root / "private/people/qing-he.csv"
    *head, last = people.read_text("utf-8").splitlines(True)
    people.write_bytes("".join(head).encode("utf-8") + last.encode("gbk"))
    # CPU time (this process and its YAML workers): on the shared 2-core machine the wall clock
    # measures the neighbours, while a hang or an expansion burns CPU all the same.
    start = _cpu()
    result = CliRunner().invoke(main, ["--root", str(root), "validate", "--as-of", "2026-11-23"])
    elapsed = _cpu() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and elapsed < 20
    lines = result.stdout.splitlines()
    for rel, code in expected.items():
        assert any(line.startswith(f"{rel}:") and f" 错误 {code} " in line for line in lines), (
            rel,
            code,
        )
    assert max(map(len, lines)) < 1000  # no value is repeated at length
    assert lines[-2].startswith("按代码 / by code："), lines[-4:]
    assert lines[-1].startswith("共 ")
