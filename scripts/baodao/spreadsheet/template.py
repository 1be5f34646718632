"""Spreadsheet templates for editors: an .xlsx per table with Chinese titles, text-formatted
columns (codes and phones keep every digit) and drop-downs for every code list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..records.cellsafe import neutralise
from ..records.schemas import SchemaSet
from . import CodeList, resource
from .sheet import NOTES_SHEET

if TYPE_CHECKING:
    from ..repo import Repo

TEMPLATE_ROWS = 500  # rows pre-formatted as text in a template


def write_template(table: str, out_path: Path, repo: Repo) -> Path:
    """An .xlsx for editors: Chinese titles, text-formatted columns, drop-downs for code lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    schemas = SchemaSet.load(repo.schemas_dir)
    res = resource(schemas, table)
    fields = res["schema"]["fields"]
    wb = Workbook()
    ws = wb.active
    ws.title = res.get("title", res["name"])[:31]
    bold = Font(bold=True)
    choices: dict[str, str] = {}
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
        if "x-codelist" in f:
            codelist = CodeList.load(repo.root, f["x-codelist"])
            if codelist is None or not codelist.codes:
                continue
            names = list(codelist.codes.values())
            choices[f["name"]] = "、".join(names)
            dv = DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=True)
            if f.get("x-separator"):  # several values: offer the list, accept "志愿式；专长式"
                dv.showErrorMessage = False
                dv.promptTitle, dv.prompt = title, "可填多项，用分号或顿号分隔"
                dv.showInputMessage = True
            else:
                dv.showErrorMessage = True
                dv.errorTitle, dv.error = title, "请从下拉列表中选择"
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
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out_path)
    return out_path
