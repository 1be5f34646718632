"""The preview's quick step (web/quickpreview.py): after an edit to a record, the changed pages
are served before the full build runs, are the bytes the full build then makes, and a page
with a private value in it is never served."""

from __future__ import annotations

from pathlib import Path

from baodao.web import quickpreview
from baodao.web import serve as serve_module
from baodao.web.build import build
from baodao.web.serve import Preview

C = "data/qinghe/cuihu/compounds/lvjing.yaml"
PAGE = Path("x/lvjing/index.html")


def _tree(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


def _at_full_build(monkeypatch, preview: Preview) -> list[tuple[bytes, int, str]]:
    """What the preview served when its full build started: (page, version, refusal)."""
    seen: list[tuple[bytes, int, str]] = []
    real = serve_module.build

    def spy(*args, **kw):
        seen.append(((preview.out / PAGE).read_bytes(), preview.version, preview.refusal))
        return real(*args, **kw)

    monkeypatch.setattr(serve_module, "build", spy)
    return seen


def test_an_edit_serves_the_changed_page_before_the_full_build(tiny, tmp_path, monkeypatch):
    preview = Preview(tiny.repo(), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    assert preview.version == 1 and preview.refusal == ""
    seen = _at_full_build(monkeypatch, preview)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    preview.rebuild({str(tiny.path(C))})
    quick_page, version, refusal = seen[0]
    assert "绿景新园" in quick_page.decode("utf-8")  # served before the full build began
    # and the pages were told to reload: after the record's own page (web/quickpreview.py's
    # first step), and after the other changed pages
    assert (version, refusal) == (3, "")
    assert preview.version == 4  # then once more, after the full build
    full_out = tmp_path / "public"
    build(tiny.repo(), full_out, "2026-11-23", work=tmp_path / "full-work")
    full = _tree(full_out)
    assert quick_page == full[PAGE.as_posix()]  # the quick page is the full build's page
    after = _tree(preview.out)
    assert sorted(after) == sorted(full)
    assert [rel for rel in full if after[rel] != full[rel]] == []


def test_an_edit_to_the_site_sources_skips_the_quick_step(tiny, tmp_path, monkeypatch):
    preview = Preview(tiny.repo(), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    seen = _at_full_build(monkeypatch, preview)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    preview.rebuild({str(tiny.root / "mkdocs.yml")})
    assert seen[0][1] == 1  # nothing served before the full build
    assert preview.version == 2


def test_the_quick_step_never_serves_a_page_with_a_private_value(tiny, tmp_path, monkeypatch):
    preview = Preview(tiny.repo(), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    real = quickpreview.render_pages

    def leaky(view, *args, **kw):  # both quick steps
        for path, text in real(view, *args, **kw):
            if path == "x/lvjing.md" and text is not None:
                text = text.replace("绿景新园", "绿景新园 金丝雀甲", 1)  # an unconsented name
            yield path, text

    monkeypatch.setattr(quickpreview, "render_pages", leaky)
    seen = _at_full_build(monkeypatch, preview)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    preview.rebuild({str(tiny.path(C))})
    page, version, refusal = seen[0]
    assert "金丝雀甲" not in page.decode("utf-8")
    assert "绿景新园" not in page.decode("utf-8")  # the old page stayed
    assert version == 2 and "不应公开" in refusal
    assert (preview.problems, preview.refusal) == ([], "")  # the full build: clean
    assert "绿景新园" in (preview.out / PAGE).read_text("utf-8")


def test_the_full_build_reads_the_records_the_preview_keeps_not_a_second_copy(
    tiny, tmp_path, monkeypatch
):
    # A city's records are ~500 MB: unpickled again from the disk cache by every full build,
    # they sat beside the preview's own (baodao serve peaked at 1.8 GiB on the city data).
    from baodao.web import build as build_module

    preview = Preview(tiny.repo(), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    loaded = []
    real = build_module.validate

    def spy(*args, **kw):
        found = real(*args, **kw)
        loaded.append(found[0])
        return found

    monkeypatch.setattr(build_module, "validate", spy)
    tiny.replace(C, "name: 绿景花园", "name: 绿景新园")
    preview.rebuild({str(tiny.path(C))})
    assert preview.refusal == ""
    kept = preview.quick.ds
    assert kept is not None and len(loaded) == 1
    for kind in ("unit", "community", "compound"):
        ids = sorted(kept.of(kind))
        assert ids and all(loaded[0].get(kind, i) is kept.get(kind, i) for i in ids), kind
    assert loaded[0].get("compound", "lvjing").get("name") == "绿景新园"


def test_after_a_schema_change_the_full_build_reads_the_files_again(tiny, tmp_path):
    # The preview's files were parsed with the schemas (a table's cells are typed by them):
    # with other schemas they are not handed to the build.
    import shutil

    from baodao.repo import Repo

    schemas = tmp_path / "schemas"  # a copy: the code's own schemas stay as they are
    shutil.copytree(tiny.repo().schemas_dir, schemas)
    preview = Preview(Repo.locate(tiny.root, schemas=schemas), tmp_path / "preview", "2026-11-23")
    preview.rebuild()
    assert preview.quick.parsed_files() is preview.quick.cache is not None
    target = next(iter(sorted(schemas.glob("*.schema.json"))))
    target.write_text(target.read_text("utf-8") + "\n", encoding="utf-8")
    assert preview.quick.parsed_files() is None
