"""The demo district: valid, deterministic, and hard where real data is hard; the city set valid."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from baodao.demo.generate import generate, hard_cases
from baodao.model.assignments import assignment_on
from baodao.problems import errors
from baodao.repo import CODE_ROOT, Repo

AS_OF = dt.date(2026, 11, 23)


def _tree(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def demo():
    ds, _schemas, problems = Repo.locate(CODE_ROOT).load_and_check(AS_OF)
    return ds, problems


def test_committed_demo_data_is_valid(demo):
    ds, problems = demo
    assert errors(problems) == []
    assert {p.code for p in problems} == {
        "FRESH001",
        "REG004",
    }  # planted: 2 stale records, late report-ins
    assert (
        len(ds.of("street")) == 2 and len(ds.of("community")) == 6 and len(ds.of("compound")) == 60
    )


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a", "demo")
    generate(tmp_path / "b", "demo")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_generator_refuses_to_overwrite(tmp_path):
    generate(tmp_path / "a", "demo")
    with pytest.raises(FileExistsError):
        generate(tmp_path / "a", "demo")


def test_demo_has_the_hard_cases(demo):
    ds, _ = demo
    cases = hard_cases("demo")
    same = [ds.get("compound", c) for c in cases["same_name"]["compounds"]]
    assert {c.get("name") for c in same} == {"幸福小区"}
    assert len({c.get("community") for c in same}) == 2
    for cid, name in cases["polyphonic"].items():
        assert ds.get("compound", cid).get("name") == name
    for number, cid in cases["number_forms"].items():
        numbers = [b["number"] for b in ds.get("compound", cid).get("buildings")]
        assert any(n.startswith(number[:-1]) or n == number for n in numbers), (number, numbers)
    split = ds.get("compound", cases["split_compound"]["compound"])
    grids = {assignment_on(b["serve"], AS_OF)["grid"] for b in split.get("buildings")}
    assert grids == set(cases["split_compound"]["grids"])
    vac = cases["vacant_post"]
    (post,) = [p for p in ds.get("grid", vac["id"]).get("posts") if p["id"] == vac["post"]]
    assert post["vacant_since"] == vac["vacant_since"]
    moved = cases["reassigned_building"]
    (b,) = [
        b
        for b in ds.get("compound", moved["compound"]).get("buildings")
        if b["id"] == moved["building"]
    ]
    assert len(b["serve"]) == 2 and b["serve"][1]["from"] == moved["from"]
    assert any(ds.get("compound", c).get("old_names") for c in cases["aliases_old_names"])


def test_city_scale_is_valid_with_real_proportions(tmp_path):
    counts = generate(tmp_path / "city", "city")
    assert 95 <= counts["community"] <= 110 and 1050 <= counts["compound"] <= 1150
    assert (
        800 <= counts["branch"] <= 900
        and 750 <= counts["grid"] <= 820
        and 950 <= counts["unit"] <= 1050
    )
    ds, _schemas, problems = Repo.locate(
        tmp_path / "city", schemas=CODE_ROOT / "schemas"
    ).load_and_check(AS_OF)
    assert errors(problems) == []
    groups = sum(len(b.get("groups") or []) for b in ds.of("branch").values())
    households = sum(len(b.get("central_households") or []) for b in ds.of("branch").values())
    assert 4600 <= groups <= 5100 and 10000 <= households <= 12000
