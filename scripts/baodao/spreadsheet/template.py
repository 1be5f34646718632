"""Spreadsheet templates for editors: an .xlsx per table with Chinese titles, text-formatted
columns (codes and phones keep every digit) and drop-downs for every code column.

The drop-downs show names and the import stores ids: every list (code lists, labelled enums,
the records a column names, from the current data) is a column of a hidden sheet ``下拉选项``
holding names only; the import maps a name (or "名称（id）" where two records share a name)
back to its id, as it does for a name typed by hand (refs.py). People are never listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model.suggest import did_you_mean
from ..records.cellsafe import neutralise
from ..records.schemas import SchemaSet
from . import CodeList, resource
from .refs import References, ref_columns
from .sheet import LISTS_SHEET, NOTES_SHEET, ImportRefused

if TYPE_CHECKING:
    from ..repo import Repo

TEMPLATE_ROWS = 500  # rows pre-formatted as text in a template


def write_template(table: str, out_path: Path, repo: Repo, community: str | None = None) -> Path:
    """An .xlsx for editors: Chinese titles, text-formatted columns, drop-downs for every code
    and reference column (``community``: list that community's compounds, grids … only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    schemas = SchemaSet.load(repo.schemas_dir)
    res = resource(schemas, table)
    fields = res["schema"]["fields"]
    refs = References(repo.root, repo.private_root)
    ref_cols = ref_columns(res["name"], fields)
    scope = {"community": community} if community else {}
    if community and community not in refs.ids("community"):
        guess, _ = did_you_mean(community, refs.ids("community"))
        raise ImportRefused(f"未知社区 '{community}'{guess}：--community 写社区编号")
    wb = Workbook()
    ws = wb.active
    ws.title = res.get("title", res["name"])[:31]
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    choices: dict[str, str] = {}
    listed = 0  # columns of the lists sheet
    for i, f in enumerate(fields, start=1):
        letter = get_column_letter(i)
        title = f.get("title") or f["name"]
        cell = ws.cell(row=1, column=i, value=neutralise(title))
        cell.font = bold
        cell.number_format = "@"
        dim = ws.column_dimensions[letter]
        dim.width = max(10, 2 * len(title) + 4)
        dim.number_format = "@"  # typed codes keep their leading zeros and all their digits
        for r in range(2, TEMPLATE_ROWS + 2):
            ws.cell(row=r, column=i).number_format = "@"
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        names = _choices(repo, f, ref_cols, refs, scope)
        if names:
            choices[f["name"]] = "、".join(names) if len(names) <= 40 else "见下拉列表"
            listed += 1
            col = listed
            lists.cell(row=1, column=col, value=neutralise(title))
            for r, name in enumerate(names, start=2):
                lists.cell(row=r, column=col, value=neutralise(name)).number_format = "@"
            src = get_column_letter(col)
            formula = f"'{LISTS_SHEET}'!${src}$2:${src}${len(names) + 1}"
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            if f.get("x-separator"):  # several values: offer the list, accept "志愿式；专长式"
                dv.showErrorMessage = False
                dv.promptTitle, dv.prompt = title, "可填多项，用分号或顿号分隔"
                dv.showInputMessage = True
            else:
                dv.showErrorMessage = True
                dv.errorTitle, dv.error = title, "请从下拉列表中选择"
                if f["name"] in ref_cols:  # a typed id is right too: warn, do not block
                    dv.errorStyle = "warning"
                    dv.error = "请从下拉列表中选择，或填写编号"
            ws.add_data_validation(dv)
            dv.add(cells)
        elif f.get("type") == "boolean":
            choices[f["name"]] = "是、否"
            dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
            dv.showErrorMessage = True
            dv.errorTitle, dv.error = title, "请选择 是 或 否"
            ws.add_data_validation(dv)
            dv.add(cells)
    ws.freeze_panes = "A2"

    notes = wb.create_sheet(NOTES_SHEET)
    notes.append(["字段名", "中文标题", "说明", "是否必填", "可填的值"])
    for cell in notes[1]:
        cell.font = bold
    for f in fields:
        required = "必填" if f.get("constraints", {}).get("required") else ""
        allowed = choices.get(f["name"], "YYYY-MM-DD" if f.get("type") == "date" else "")
        row = [f["name"], f.get("title", ""), f.get("description", ""), required, allowed]
        notes.append([neutralise(str(v)) for v in row])  # openpyxl writes "=…" as a formula
    for letter, width in zip("ABCDE", (16, 18, 60, 10, 30), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))  # last, after the notes
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out_path)
    return out_path


def _choices(
    repo: Repo, f: dict, ref_cols: dict, refs: References, scope: dict[str, str]
) -> list[str]:
    """A column's drop-down: a code list's or labelled enum's names, or the names of the
    records it refers to (people never: a register is not a list to pick from)."""
    codelist = CodeList.of_field(repo.root, f)
    if codelist is not None:
        return list(codelist.codes.values())
    col = ref_cols.get(f["name"])
    if col is None or "person" in col.types:
        return []
    return refs.choices(col.types, scope)
