"""The pages of problem codes are generated from the catalogue, and explain each code in Chinese."""

from __future__ import annotations

import pytest

from baodao.github import editordocs
from baodao.github.editordocs import CODES_PAGE, ERRORS_PAGE, codes_page, errors_page, pages
from baodao.problems import WARNING, Entry
from baodao.problems.catalogue import CATALOGUE
from baodao.repo import CODE_ROOT


@pytest.mark.parametrize("rel", [CODES_PAGE, ERRORS_PAGE])
def test_the_committed_pages_are_what_the_catalogue_renders(rel):
    assert (CODE_ROOT / rel).read_text("utf-8") == pages()[rel], "运行 baodao editors docs 重新生成"


def test_every_code_has_a_section_on_the_editors_page():
    page = errors_page()
    assert [c for c in CATALOGUE if f"\n### {c}（" not in page] == []


def test_the_editors_page_reads_an_entry_in_chinese():
    # FILE004 and FORM001-007 were emitted but missing from the page before the catalogue.
    page = errors_page()
    assert (
        "### FILE004（错误）\n\n**意思**：找不到公开数据文件夹 data/。\n\n"
        "**怎么改**：在仓库根目录运行，或用 --root 指定数据仓库。\n"
    ) in page
    assert "## 表单提交（FORM）\n\n### FORM001（错误）\n\n**意思**：表单的必填项没有填写。" in page


def test_the_codes_page_has_a_row_per_code():
    page = codes_page()
    assert (
        "| FILE001 | error | 无法识别的文件：文件名或位置不符合数据目录结构；公开库里的文件都会公开，"
        "所以不能有这样的文件 | file of no known type under data/ (its text is still scanned for "
        "personal data) | 按《如何新增记录》放到对应的文件夹；编号只能用小写字母、数字和连字符；"
        "其他文件不要放进 data/ |"
    ) in page
    assert all(f"\n| {c} | " in page for c in CATALOGUE)


def test_a_new_entry_appears_on_both_pages(monkeypatch):
    new = Entry("EDIT099", WARNING, "新的问题", "something new", "这样改", "背景说明。")
    monkeypatch.setattr(editordocs, "by_family", lambda: [("EDIT", [new])])
    assert (
        "### EDIT099（警告）\n\n**意思**：新的问题。\n\n背景说明。\n\n**怎么改**：这样改。\n"
        in (errors_page())
    )
    assert "| EDIT099 | warning | 新的问题 | something new | 这样改 |" in codes_page()
