"""Page texts reused by what they read (web/pagememo.py): after an edit, only the pages whose
template inputs changed are rendered again, the others keep their staged file untouched, and
the site is byte for byte the one a full build makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from jinja2 import DictLoader, Environment
from sitefiles import tree_bytes

from baodao.web import pagememo
from baodao.web import render as render_module
from baodao.web.build import build
from baodao.web.pagememo import MEMO, PageMemo

C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _rendered(monkeypatch, tmp_path: Path) -> Callable[[], list[str]]:
    """The docs paths whose template was rendered (not kept by the memo), once the build is
    done: a page being rendered is given its ``Here``. Noted in a file, so that the pages the
    build writes in its fork (web/build.py) are noted too."""
    log = tmp_path / "rendered.log"
    log.write_text("", encoding="utf-8")
    real = render_module.Here

    def spy(path: str):
        with log.open("a", encoding="utf-8") as fh:
            fh.write(path + "\n")
        return real(path)

    monkeypatch.setattr(render_module, "Here", spy)
    return lambda: log.read_text("utf-8").splitlines()


def test_a_rebuild_with_nothing_changed_renders_no_page(tiny, tmp_path, monkeypatch):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    rendered = _rendered(monkeypatch, tmp_path)
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert rendered() == []


def test_renaming_a_compound_rewrites_exactly_the_pages_that_show_it(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    docs = work / "docs"
    before = {rel: (docs / rel).stat().st_mtime_ns for rel in tree_bytes(docs)}
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    touched = sorted(
        rel for rel in tree_bytes(docs) if before.get(rel) != (docs / rel).stat().st_mtime_ns
    )
    # The compound's own page and boards, the pages listing it (its community, the compounds'
    # index, the printable boards of the community, the 12345 rating naming it), the lookup
    # and open data files: nothing else is written (the staged file keeps its mtime).
    assert touched == [
        "a/hotline-2026.md",
        "c/cuihu.md",
        "d/compounds.csv",
        "d/compounds.json",
        "p/cuihu.md",
        "p/lvjing/1.md",
        "p/lvjing/3.md",
        "x/d/lvjing.json",
        "x/index.md",
        "x/lookup.json",
        "x/lvjing.md",
    ]


def test_renaming_a_compound_renders_only_the_pages_that_read_it(tiny, tmp_path, monkeypatch):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    rendered = _rendered(monkeypatch, tmp_path)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    # The compound's page and boards, and the pages given the compounds or the communities
    # (which list their compounds by name): home, org, units' index, the compounds' index, the
    # community, the open data index, the ratings' index and the 12345 rating. The units', the
    # stations', the notices', governance and dashboard pages read neither: kept.
    assert sorted(rendered()) == [
        "a/hotline-2026.md",
        "a/index.md",
        "c/cuihu.md",
        "d/index.md",
        "index.md",
        "org/index.md",
        "p/cuihu.md",
        "p/lvjing/1.md",
        "p/lvjing/3.md",
        "u/index.md",
        "x/index.md",
        "x/lvjing.md",
    ]


def test_a_page_whose_staged_file_went_missing_is_written_again(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    full = tree_bytes(out)
    (work / "docs" / "u" / "qh-shuiwu.md").unlink()
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert (work / "docs" / "u" / "qh-shuiwu.md").is_file()
    assert tree_bytes(out) == full


def test_incremental_build_after_a_unit_edit_equals_a_full_build(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    unit = next(p for p in tiny.root.glob("data/**/units/qh-shuiwu.yaml"))
    text = unit.read_text("utf-8")
    assert "name: " in text
    unit.write_text(text.replace("name: ", "name: 新", 1), encoding="utf-8")
    build(tiny.repo(), out, "2026-11-23", work=work)
    full_out = tmp_path / "full-public"
    build(tiny.repo(), full_out, "2026-11-23", work=tmp_path / "full-work")
    after, full = tree_bytes(out), tree_bytes(full_out)
    assert sorted(after) == sorted(full)
    assert [rel for rel in full if after[rel] != full[rel]] == []


def _build_in_process(root, seed: str) -> None:
    """``baodao build`` in its own interpreter, with the string hash seed ``seed``."""
    code = "from baodao.cli import main; main()"
    args = ["--root", str(root), "build", "--out", str(root / "public"), "--as-of", "2026-11-23"]
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True)


def test_a_build_in_another_process_keys_every_page_as_before(tiny):
    # Every build is a new process, with its own string hash seed: a set in what a page reads
    # (the assessments' withheld counts) pickled in that seed's order gave the page another
    # key in every build, and a city's 1,000 unit pages were rendered again with nothing
    # changed. The page memo (build/pages.json) holds each page's key.
    withheld = [p.withheld for p in _view(tiny).assessments.periods if p.withheld]
    assert len(withheld[0]) > 5, "the fixture must withhold a few member counts to bite"
    keys = []
    for seed in ("1", "2", "3"):
        _build_in_process(tiny.root, seed)
        memo = json.loads((tiny.root / "build" / MEMO).read_text("utf-8"))
        keys.append({path: entry[0] for path, entry in memo.items()})
    assert any(path.startswith("u/") for path in keys[0])
    assert keys[1] == keys[0]
    assert keys[2] == keys[0]


def _view(tiny):
    import datetime as dt

    from baodao.assess.validation import validate
    from baodao.web.publicview import build_view

    day = dt.date(2026, 11, 23)
    ds, _schemas, _problems = validate(tiny.repo(), day)
    return build_view(ds, day, None)


def test_a_rename_renders_the_rating_pages_of_its_own_street_only(tmp_path, monkeypatch):
    """A property rating has a page per street: renaming a compound of 东区 (dong-qu) renders
    that street's page of each quarter, and leaves the other streets' pages as they were."""
    import re

    from baodao.demo.generate import generate
    from baodao.repo import Repo

    root = tmp_path / "demo"
    generate(root, "demo")
    out, work = tmp_path / "public", tmp_path / "work"
    build(Repo.locate(root), out, "2026-11-23", work=work)
    street_page = re.compile(r"a/property-\d{4}q\d-([a-z-]+)\.md")
    staged = {m.group(1) for p in tree_bytes(work / "docs") if (m := street_page.fullmatch(p))}
    assert staged == {"dong-qu", "qing-he"}  # the demo's two streets
    rendered = _rendered(monkeypatch, tmp_path)
    compound = root / "data/dong-qu/bin-he/compounds/jin-xiu.yaml"
    compound.write_text(
        compound.read_text("utf-8").replace("name: 锦绣小区\n", "name: 锦绣家园\n"), "utf-8"
    )
    build(Repo.locate(root), out, "2026-11-23", work=work)
    assert {m.group(1) for p in rendered() if (m := street_page.fullmatch(p))} == {"dong-qu"}
    assert "a/property-2026q3.md" in rendered()  # the quarter's own page lists every compound


class _Notices:
    """A value of the view's that is of none of its own modules (as noticesview's are)."""

    def __init__(self, items: list[str]):
        self.items = items


class _View:
    def __init__(self, notices: _Notices):
        self.notices = notices
        self.as_of = "2026-11-23"


def _memo_env() -> Environment:
    return Environment(loader=DictLoader({"t.md.j2": "{{ N.items|length }}{{ d|length }}"}))


def _pickled(monkeypatch) -> list[object]:
    """Every value the page memo pickles from now on (the values hashed, not found kept)."""
    pickled: list[object] = []
    real = pagememo.pickle.dumps

    def counting(value, protocol):
        pickled.append(value)
        return real(value, protocol=protocol)

    monkeypatch.setattr(pagememo.pickle, "dumps", counting)
    return pickled


def test_a_view_attribute_given_to_every_page_is_hashed_once(monkeypatch):
    """Each station's page is given the view's notices as its own value: hashed for the first
    page only, not once per page (a city's 454 station pages pickled them 454 times)."""
    notices = _Notices(["停水通知", "议事公告"])
    common = {"v": _View(notices)}
    memo, env = PageMemo(), _memo_env()
    pickled = _pickled(monkeypatch)
    first = memo.key(env, "t.md.j2", "s/a.md", "甲站", common, {"N": notices, "d": {}})
    assert "停水通知" in pickled
    pickled.clear()
    second = memo.key(env, "t.md.j2", "s/b.md", "乙站", common, {"N": notices, "d": {}})
    assert "停水通知" not in pickled and first != second


def test_a_dict_given_to_a_page_is_keyed_by_its_items_in_order(monkeypatch):
    """A dict (the compounds by community) is hashed item by item, so an item already hashed
    (each compound, by its own page) is not pickled again; the same items give the same key in
    a new memo, and a changed, added or reordered item another key."""
    notices = _Notices(["停水通知"])
    common = {"v": _View(notices)}
    env = _memo_env()
    memo = PageMemo()
    memo.key(env, "t.md.j2", "s/a.md", "甲站", common, {"N": notices, "d": {}})
    pickled = _pickled(monkeypatch)
    memo.key(
        env, "t.md.j2", "x/index.md", "有事找支部", common, {"N": notices, "d": {"c": notices}}
    )
    assert pickled == ["c"]  # the key; the notices are hashed already
    monkeypatch.undo()

    def key(d: dict) -> str | None:
        return PageMemo().key(env, "t.md.j2", "x/index.md", "有事找支部", common, {"d": d})

    base = key({"cuihu": ["绿景花园", "翠湖苑"], "lvyuan": ["锦绣小区"]})
    assert base is not None
    assert key({"cuihu": ["绿景花园", "翠湖苑"], "lvyuan": ["锦绣小区"]}) == base
    assert key({"cuihu": ["绿景新园", "翠湖苑"], "lvyuan": ["锦绣小区"]}) != base
    assert key({"cuihu": ["绿景花园", "翠湖苑"], "lvyuan": ["锦绣小区", "新小区"]}) != base
    assert key({"lvyuan": ["锦绣小区"], "cuihu": ["绿景花园", "翠湖苑"]}) != base
