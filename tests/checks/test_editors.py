"""data/editors.yaml's check (checks/editors.py): what it finds is kept by the file and the list
of public files, so an edit that adds or removes no file matches no scope again."""

from __future__ import annotations

from baodao.checks import editors

LVJING = "data/qinghe/cuihu/compounds/lvjing.yaml"
NEW = "data/qinghe/cuihu/compounds/xinyuan.yaml"
EDIT004 = (
    "data/editors.yaml:13: editors[1].paths[0]: 警告 EDIT004 "
    f"'{NEW}' 不对应任何现有文件 / the path matches no file\n"
    "    修改建议：检查街道和社区编号的拼写（如 data/qing-he/cui-hu/**）"
)


def _editors(tiny) -> None:
    tiny.write(
        "data/editors.yaml",
        {
            "protected": ["data/rules/**"],
            "editors": [
                {
                    "login": "zzb",
                    "name": "甲",
                    "role": "organisation_department",
                    "paths": ["data/**"],
                },
                {"login": "cuihu-sq", "name": "乙", "role": "community", "paths": [NEW]},
            ],
        },
    )


def _matched(monkeypatch) -> list[str]:
    """The files the check matches scopes against, from now on."""
    tried: list[str] = []
    real = editors.glob_match

    def counted(glob: str, path: str) -> bool:
        tried.append(path)
        return real(glob, path)

    monkeypatch.setattr(editors, "glob_match", counted)
    return tried


def test_a_scopes_findings_are_kept_until_the_files_change(tiny, monkeypatch):
    _editors(tiny)
    assert tiny.messages("EDIT004") == [EDIT004]
    tried = _matched(monkeypatch)
    tiny.replace(LVJING, "name: 绿景花园", "name: 绿景新苑")  # an edit elsewhere: no file added
    assert tiny.messages("EDIT004") == [EDIT004]
    assert tried == []
    text = (tiny.root / LVJING).read_text("utf-8").replace("id: lvjing", "id: xinyuan", 1)
    tiny.write(NEW, text.replace("绿景新苑", "新苑"))  # the scope's file now exists
    assert tiny.messages("EDIT004") == []
    assert NEW in tried
    monkeypatch.setenv("BAODAO_CACHE", "off")
    assert tiny.messages("EDIT004") == []


def test_a_scope_whose_file_is_removed_is_reported_again(tiny):
    _editors(tiny)
    text = (tiny.root / LVJING).read_text("utf-8").replace("id: lvjing", "id: xinyuan", 1)
    tiny.write(NEW, text.replace("绿景花园", "新苑"))
    assert tiny.messages("EDIT004") == []
    (tiny.root / NEW).unlink()
    assert tiny.messages("EDIT004") == [EDIT004]
