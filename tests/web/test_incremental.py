"""Incremental builds (web/incremental.py): after an edit, the site built upon the previous one
is byte for byte the site a full build makes, pages that disappeared take their output with
them, and unchanged pages are neither rendered nor scanned again."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from sitefiles import tree_bytes

from baodao.web import build as build_module
from baodao.web.build import BuildRefused, build
from baodao.web.incremental import Manifest, Staging, files_of, list_site

C = "data/qinghe/cuihu/compounds/lvjing.yaml"


def _full(tiny, tmp_path: Path, name: str) -> Path:
    """A build that keeps nothing: no parse cache, no saved view (web/viewmemo.py)."""
    out = tmp_path / f"{name}-public"
    with mock.patch.dict(os.environ, {"BAODAO_CACHE": "off"}):
        build(tiny.repo(), out, "2026-11-23", work=tmp_path / f"{name}-work")
    return out


def test_incremental_build_after_an_edit_equals_a_full_build(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    before = tree_bytes(out)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    after = tree_bytes(out)
    full = tree_bytes(_full(tiny, tmp_path, "full"))
    assert sorted(after) == sorted(full)
    assert [rel for rel in full if after[rel] != full[rel]] == []
    # The edit reached the compound's page: this was a change, not the old site again.
    assert "绿景新园" in after["x/lvjing/index.html"].decode("utf-8")
    assert "绿景新园" not in before["x/lvjing/index.html"].decode("utf-8")


def test_unchanged_pages_are_not_rendered_again(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    unit_page = out / "u" / "qh-shuiwu" / "index.html"
    compound_page = out / "x" / "lvjing" / "index.html"
    old = {p: p.stat().st_mtime_ns for p in (unit_page, compound_page)}
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert unit_page.stat().st_mtime_ns == old[unit_page]  # untouched by the incremental build
    assert compound_page.stat().st_mtime_ns != old[compound_page]  # rendered again


# The two-process build in an interpreter of its own: this one may hold other threads by now
# (the browser tests' server), and the build forks only from a process of one thread.
_FORKING_BUILD = """
import sys
from pathlib import Path
from baodao.repo import CODE_ROOT, Repo
import baodao.web.build as b
b.jobs = lambda: 2  # a fork even on a one-core machine
forks = []
real = b.Forked
def counted(*args, **kwargs):
    forks.append(args)
    return real(*args, **kwargs)
b.Forked = counted
assert b.can_fork()
repo = Repo.locate(Path(sys.argv[1]), schemas=CODE_ROOT / "schemas")
b.build(repo, Path(sys.argv[2]), "2026-11-23", work=Path(sys.argv[3]))
print(len(forks))
"""


def test_pages_written_by_two_processes_are_those_one_process_writes(tiny, tmp_path, monkeypatch):
    """The build writes the compounds' pages here and the others in a fork (records/children.py,
    Forked): the site, the staged docs and the page memo's paths are those of one process, and
    the fork's page keys come back (its unit page's key is in the memo)."""
    if sys.platform != "linux":
        pytest.skip("the build forks on Linux only")
    two, two_work = tmp_path / "two", tmp_path / "two-work"
    args = [str(tiny.root), str(two), str(two_work)]
    done = subprocess.run(
        [sys.executable, "-c", _FORKING_BUILD, *args], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "1"  # one fork
    monkeypatch.setattr(build_module, "can_fork", lambda: False)
    build(tiny.repo(), tmp_path / "one", "2026-11-23", work=tmp_path / "one-work")
    two_site, one_site = tree_bytes(two), tree_bytes(tmp_path / "one")
    assert sorted(two_site) == sorted(one_site)
    assert [rel for rel in one_site if two_site[rel] != one_site[rel]] == []
    assert tree_bytes(two_work / "docs") == tree_bytes(tmp_path / "one-work/docs")
    memo_two = json.loads((two_work / "pages.json").read_text("utf-8"))
    memo_one = json.loads((tmp_path / "one-work/pages.json").read_text("utf-8"))
    assert sorted(memo_two) == sorted(memo_one)
    assert "u/qh-shuiwu.md" in memo_two and "x/lvjing.md" in memo_two  # both shares' keys


def test_a_build_that_gets_no_fork_writes_both_shares_itself(tiny, tmp_path, monkeypatch):
    """A fork refused (no memory or process left): the build writes both shares in turn."""
    monkeypatch.setattr(build_module, "jobs", lambda: 2)
    monkeypatch.setattr(build_module, "can_fork", lambda: True)

    def refused(*_args, **_kwargs):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(build_module, "Forked", refused)
    report = build(tiny.repo(), tmp_path / "public", "2026-11-23", work=tmp_path / "work")
    memo = json.loads((tmp_path / "work/pages.json").read_text("utf-8"))
    assert report.pages == len([rel for rel in memo if rel.endswith(".md")])
    assert "d/units.csv" in memo  # the open data's keys too (Staging.write_made)
    assert "u/qh-shuiwu.md" in memo and "x/lvjing.md" in memo
    assert (tmp_path / "public/u/qh-shuiwu/index.html").is_file()


def test_files_beside_the_pages_are_written_only_when_their_bytes_change(tiny, tmp_path):
    # The lookup's answers, the open data and the dashboards' JSON: a staged file whose bytes a
    # build would write again stays as it is (no write, same modification time for MkDocs).
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    staged = work / "docs"
    other, renamed, index = (
        staged / "x" / "d" / "changle.json",
        staged / "x" / "d" / "lvjing.json",
        staged / "x" / "lookup.json",
    )
    old = {p: p.stat().st_mtime_ns for p in (other, renamed, index)}
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert other.stat().st_mtime_ns == old[other]
    assert renamed.stat().st_mtime_ns != old[renamed] and "绿景新园" in renamed.read_text("utf-8")
    assert index.stat().st_mtime_ns != old[index]


def test_staging_keeps_a_file_of_the_same_bytes_and_writes_any_other(tmp_path):
    fresh, staged = tmp_path / "fresh", tmp_path / "staged"
    (staged / "d").mkdir(parents=True)
    (staged / "d" / "same.json").write_bytes('{"名":1}\n'.encode())
    (staged / "d" / "other.json").write_bytes(b"{}\n")
    (staged / "d" / "dir.json").mkdir()  # a folder where a file now goes
    kept: set[str] = set()
    out = Staging(fresh, staged, kept)
    out.write("d/same.json", '{"名":1}\n')
    out.write("d/other.json", '{"名":2}\n')
    out.write("d/dir.json", "[]\n")
    out.write("d/new.json", "[]\n")
    assert kept == {"d/same.json"}
    assert sorted(p.name for p in (fresh / "d").iterdir()) == ["dir.json", "new.json", "other.json"]
    assert (fresh / "d" / "other.json").read_bytes() == '{"名":2}\n'.encode()


NEW_BUILDING = """buildings:
  - id: "5"
    number: 5号楼
    serve:
      - from: 2024-01-01
        grid: cuihu-g01
        branch: lvjing-zb
        group: lvjing-zb-1
        station: cuihu-zhan
"""


def test_page_that_disappears_takes_its_output_with_it(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    tiny.replace(C, "buildings:\n", NEW_BUILDING)
    build(tiny.repo(), out, "2026-11-23", work=work)
    board = out / "p" / "lvjing" / "5" / "index.html"  # the building's 楼栋公示牌
    assert board.is_file()
    tiny.replace(C, NEW_BUILDING, "buildings:\n")
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert not board.parent.exists()
    full = tree_bytes(_full(tiny, tmp_path, "full"))
    after = tree_bytes(out)
    assert sorted(after) == sorted(full)
    assert [rel for rel in full if after[rel] != full[rel]] == []


def _scans(monkeypatch) -> list[list[Path]]:
    """The files each later build's scan is given (every file: an empty list)."""
    seen: list[list[Path]] = []
    real = build_module.scan_with

    def spy(*args, files=None, **kw):
        seen.append(list(files) if files is not None else [])
        return real(*args, files=files, **kw)

    monkeypatch.setattr(build_module, "scan_with", spy)
    return seen


def test_scan_reads_only_files_it_has_not_found_clean(tiny, tmp_path, monkeypatch):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    seen = _scans(monkeypatch)
    build(tiny.repo(), out, "2026-11-23", work=work)
    assert seen[-1] == []  # nothing changed: nothing to read again
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    build(tiny.repo(), out, "2026-11-23", work=work)
    scanned = {p.as_posix() for p in seen[-1]}
    assert "x/lvjing/index.html" in scanned
    assert "u/qh-shuiwu/index.html" not in scanned


def test_output_file_changed_behind_the_builds_back_is_scanned_again(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    # An ID number planted in a built page (as a template bug or a hand edit would): its source
    # did not change, so the dirty build leaves the page as it is, and the scan must read it
    # because its bytes are not the ones it found clean.
    page = out / "x" / "lvjing" / "index.html"
    text = page.read_text("utf-8")
    page.write_text(text.replace("绿景花园", "绿景花园 11010519491231002X", 1), encoding="utf-8")
    try:
        build(tiny.repo(), out, "2026-11-23", work=work)
    except BuildRefused as exc:
        assert [leak.file for leak in exc.leaks] == ["x/lvjing/index.html"]
        return
    raise AssertionError("planted ID number in an output file was not found")


def test_a_full_build_over_an_old_output_equals_a_fresh_one_and_leaves_nothing_aside(
    tiny, tmp_path
):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    (out / "stale.html").write_text("旧的", encoding="utf-8")  # nothing the build writes
    (work / "incremental.json").unlink()  # no state: the next build is a full one
    build(tiny.repo(), out, "2026-11-23", work=work)
    fresh = tree_bytes(_full(tiny, tmp_path, "fresh"))
    after = tree_bytes(out)
    assert "stale.html" not in after
    assert sorted(after) == sorted(fresh)
    assert [rel for rel in fresh if after[rel] != fresh[rel]] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fresh-public",
        "fresh-work",
        "public",
        "repo",  # the tiny fixture's repository
        "work",
    ]


def test_emptying_a_folder_moves_its_entries_aside_and_deletes_them_and_old_leftovers(tmp_path):
    from baodao.web.incremental import empty_later

    site = tmp_path / "public"
    (site / "x" / "a").mkdir(parents=True)
    (site / "x" / "a" / "index.html").write_text("页", encoding="utf-8")
    (site / "index.html").write_text("首页", encoding="utf-8")
    (site / ".keep").write_text("", encoding="utf-8")  # hidden: left, as MkDocs' clean leaves it
    killed = tmp_path / ".public.old-1-1"  # what a killed build left aside
    (killed / "p").mkdir(parents=True)
    (killed / "p" / "1.html").write_text("旧", encoding="utf-8")
    worker = empty_later(site)
    assert sorted(p.name for p in site.iterdir()) == [".keep"]  # empty at once
    assert worker is not None
    worker.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert empty_later(tmp_path / "missing") is None


def test_refreshing_only_the_search_index_gives_what_a_whole_refresh_gives(tmp_path):
    # After Pagefind the build looks again only at its folders and parts file; a file there
    # that changed, appeared or went is seen as a refresh of the whole site sees it.
    site = tmp_path / "site"
    for rel, text in {
        "index.html": "a",
        "x/a/index.html": "b",
        "pagefind/pagefind-entry.json": "c",
        "pagefind/fragment/one.pf": "d",
        "pagefind-x1/gone.pf": "e",
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    manifest = Manifest()
    manifest.refresh(site)
    (site / "pagefind" / "fragment" / "one.pf").write_text("changed", encoding="utf-8")
    (site / "pagefind-x1" / "gone.pf").unlink()
    (site / "pagefind-parts.json").write_text('["pagefind"]', encoding="utf-8")
    whole = Manifest(files=dict(manifest.files)).refresh(site)
    assert manifest.refresh(site, only="pagefind") == whole
    assert sorted(whole) == [
        "index.html",
        "pagefind-parts.json",
        "pagefind/fragment/one.pf",
        "pagefind/pagefind-entry.json",
        "x/a/index.html",
    ]


def _tree(root: Path, rnd: random.Random) -> None:
    """A random site: folders two deep, files in most of them, a dot file here and there."""
    for i in range(rnd.randint(3, 6)):
        for j in range(rnd.randint(0, 4)):
            folder = root / f"d{i}" / f"e{j}"
            folder.mkdir(parents=True, exist_ok=True)
            for k in range(rnd.randint(0, 3)):
                (folder / f"{'.' if k == 2 else ''}f{k}.html").write_text(f"{i}{j}{k}", "utf-8")
        (root / f"d{i}").mkdir(exist_ok=True)
        (root / f"d{i}" / "index.html").write_text(str(i), "utf-8")
    (root / "index.html").write_text("top", "utf-8")


def _age(root: Path, seconds: int = 100) -> None:
    """Every folder's modification time set back, as folders a build wrote long ago have."""
    old = time.time() - seconds
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, (old, old))


def _mutate(root: Path, rnd: random.Random) -> None:
    """One change a build (or a hand) makes to a site's entries."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    folders = sorted(p for p in root.rglob("*") if p.is_dir())
    kind = rnd.choice(["add", "remove", "rename", "mkdir", "rmtree", "file-to-folder", "edit"])
    if kind == "add" and folders:
        (rnd.choice(folders) / f"new{rnd.randint(0, 999)}.html").write_text("n", "utf-8")
    elif kind == "remove" and files:
        rnd.choice(files).unlink()
    elif kind == "rename" and files:
        f = rnd.choice(files)
        f.rename(f.with_name("renamed-" + f.name))
    elif kind == "mkdir" and folders:
        new = rnd.choice(folders) / f"n{rnd.randint(0, 999)}" / "deep"
        new.mkdir(parents=True, exist_ok=True)
        (new / "index.html").write_text("deep", "utf-8")
    elif kind == "rmtree" and folders:
        shutil.rmtree(rnd.choice(folders))
    elif kind == "file-to-folder" and files:
        f = rnd.choice(files)
        f.unlink()
        f.mkdir()
        (f / "index.html").write_text("was a file", "utf-8")
    elif files:
        rnd.choice(files).write_text("edited", "utf-8")


@pytest.mark.parametrize("seed", range(12))
def test_listing_a_site_from_the_last_listing_finds_what_a_walk_finds(tmp_path, seed):
    # The oracle is a walk of every folder (files_of, as every build listed before); the site
    # is listed, its folders aged, changed at random, and listed again from the first listing.
    rnd = random.Random(seed)
    site = tmp_path / "site"
    site.mkdir()
    _tree(site, rnd)
    _age(site)
    files, dirs = list_site(site, {}, (), 0)
    assert files == files_of(site)
    settled = time.time_ns() - 3_000_000_000
    for _ in range(rnd.randint(1, 4)):
        _mutate(site, rnd)
    again, _dirs = list_site(site, dirs, files, settled)
    assert list(again.items()) == list(files_of(site).items())  # the same files, same order


def test_a_settled_folder_that_did_not_change_is_not_read_again(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    _tree(site, random.Random(1))
    _age(site)
    files, dirs = list_site(site, {}, (), 0)
    read: list[str] = []
    real = os.scandir

    def spy(path):
        read.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    (site / "d1" / "index.html").write_text("edited in place", "utf-8")  # no entry changed
    (site / "d2" / "added.html").write_text("new", "utf-8")
    again, _dirs = list_site(site, dirs, files, time.time_ns() - 3_000_000_000)
    assert read == [str(site / "d2")]
    assert again == files_of(site)


def test_a_folder_changed_in_the_tick_its_listing_saw_is_read_again(tmp_path):
    # A folder listed just now, then given an entry within the same clock tick (its time as
    # the listing saw it): it is not settled, so it is read again.
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "x" / "a.html").write_text("a", "utf-8")
    started = time.time_ns()
    files, dirs = list_site(site, {}, (), 0)
    (site / "x" / "leak.html").write_text("b", "utf-8")
    seen = dirs["x"]
    os.utime(site / "x", ns=(seen, seen))
    again, _dirs = list_site(site, dirs, files, started - 3_000_000_000)
    assert "x/leak.html" in again
    # What makes the difference: trusted as settled, the same folder's new file is missed.
    trusted, _dirs = list_site(site, dirs, files, time.time_ns() + 10**9)
    assert "x/leak.html" not in trusted


def test_a_file_added_behind_the_builds_back_to_a_settled_folder_is_scanned(tiny, tmp_path):
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    # The state as a build long after the output was written finds it: every folder settled.
    state = json.loads((work / "incremental.json").read_text("utf-8"))
    state["manifest"]["listed_ns"] = time.time_ns() + 10 * 10**9
    (work / "incremental.json").write_text(json.dumps(state), "utf-8")
    (out / "x" / "lvjing" / "copy.html").write_text("<p>11010519491231002X</p>", "utf-8")
    with pytest.raises(BuildRefused) as refused:
        build(tiny.repo(), out, "2026-11-23", work=work)
    assert [leak.file for leak in refused.value.leaks] == ["x/lvjing/copy.html"]


def test_the_scan_reads_every_file_again_when_a_name_it_looks_for_changes(
    tiny, tmp_path, monkeypatch
):
    # A name that was shown (consented) and is hidden now: pages found clean before may hold it.
    out, work = tmp_path / "public", tmp_path / "work"
    build(tiny.repo(), out, "2026-11-23", work=work)
    seen = _scans(monkeypatch)
    people = "private/people/qinghe.csv"
    tiny.replace(people, "p-0003,赵长安,cuihu,true,", "p-0003,赵长安,cuihu,false,")
    # Should a page still show the name, that is a leak now: what matters here is the reading.
    with contextlib.suppress(BuildRefused):
        build(tiny.repo(), out, "2026-11-23", work=work)
    scanned = {p.as_posix() for p in seen[-1]}
    assert "u/qh-shuiwu/index.html" in scanned  # a page whose bytes did not change
