"""The editors' page of rule codes is generated from the README's table and explains each in Chinese."""

from __future__ import annotations

from baodao.github.editordocs import ERRORS_PAGE, ZH, errors_page, readme_codes
from baodao.repo import CODE_ROOT


def test_the_errors_page_is_generated_from_the_readme():
    readme = (CODE_ROOT / "README.md").read_text("utf-8")
    assert (CODE_ROOT / ERRORS_PAGE).read_text("utf-8") == errors_page(readme), (
        "运行 baodao editors docs 重新生成"
    )


def test_every_rule_code_has_a_chinese_explanation():
    rows = readme_codes((CODE_ROOT / "README.md").read_text("utf-8"))
    assert len(rows) >= 20
    assert [code for code, _ in rows if code not in ZH] == []


def test_a_code_without_chinese_is_still_listed():
    readme = "## Validation messages\n\n| code | meaning |\n|---|---|\n| NEW001 | something new |\n"
    page = errors_page(readme)
    assert "## NEW001" in page and "（英文说明，中文待补）：something new" in page
