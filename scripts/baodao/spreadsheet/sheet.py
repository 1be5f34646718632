"""Reading a sheet: an Excel/WPS workbook or a CSV (UTF-8 or GB18030) into rows of text, each
with its sheet and row number for messages (``表名!C7``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..problems import ERROR, Problem

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
NOTES_SHEET = "说明"  # the templates' notes sheet, skipped when a workbook is read
LISTS_SHEET = "下拉选项"  # the templates' hidden sheet of drop-down lists, skipped likewise


_HEADER_NOISE = re.compile(r"[*＊]|[（(]必填[)）]")


class ImportRefused(Exception):
    """The import cannot start (unknown table, community or street; a missing option)."""


@dataclass(frozen=True)
class SheetRow:
    line: int  # the spreadsheet's row number (CSV: the line the row starts on)
    cells: list[str]
    # Indices of cells the workbook stored as numbers: in a column of codes or phones such a
    # cell may already have lost a leading zero or its last digits (4.2E+11).
    numeric: frozenset[int] = frozenset()


@dataclass
class Sheet:
    file: str  # the problems' file while checking: "成员.xlsx[Sheet1]" or "成员.csv"
    header_line: int
    header: list[str]
    rows: list[SheetRow]
    problems: list[Problem] = field(default_factory=list)
    # Where a problem is shown: "成员.xlsx:Sheet1" + "!C7" (a CSV's sheet is its file's stem,
    # the tab Excel/WPS shows when it opens it).
    where: str = ""

    def cell(self, line: int, column: int | None) -> str:
        """``成员.xlsx:Sheet1!C7`` (``!第 7 行`` for a whole row; the sheet alone for line 0)."""
        from openpyxl.utils import get_column_letter

        base = self.where or self.file
        if not line:
            return base
        if column is None:
            return f"{base}!第 {line} 行"
        return f"{base}!{get_column_letter(column + 1)}{line}"

    def place(self, problems: list[Problem], columns: dict[str, int]) -> list[Problem]:
        """The sheet's problems at their cells (``columns``: a column's header text -> index);
        the line is then part of the cell, not a line of a file."""
        out = []
        for p in problems:
            if p.file != self.file:
                out.append(p)  # a problem of the target file (see import_table's merge)
                continue
            cell = self.cell(p.line, columns.get(p.field) if p.field else None)
            out.append(replace(p, file=cell, line=0))
        return out


def read_sheet(
    path: Path, title: str | None = None
) -> tuple[list[str], list[SheetRow], list[Problem]]:
    """Header, rows (cells as text) and reading problems of an .xlsx sheet or a CSV file.

    ``title`` is the table's Chinese title: a workbook sheet of that name is read, else the first.
    """
    sheet = load_sheet(path, title)
    return sheet.header, sheet.rows, sheet.problems


def load_sheet(path: Path, title: str | None = None) -> Sheet:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _load_xlsx(path, title)
    if suffix in (".csv", ".txt"):
        return _load_csv(path)
    hint = "用 WPS 或 Excel 另存为 .xlsx 工作簿或“CSV UTF-8（逗号分隔）”后再导入"
    what = (
        "不支持旧的 .xls/.et 格式" if suffix in (".xls", ".et") else f"不支持的文件类型 '{suffix}'"
    )
    return Sheet(
        path.name,
        1,
        [],
        [],
        [
            Problem(
                path.name, 0, "", "CSV002", ERROR, what, f"unsupported file type '{suffix}'", hint
            )
        ],
    )


def cell_text(value: Any) -> str:
    """A cell as the text the editor meant: integral numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))  # 4.2E+11 -> 420000000000, 990102001001.0 -> 990102001001
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value, "f")
    return str(value).strip()


def _rows_of(
    lines: list[tuple[int, list[str]]], file: str, numeric: dict[int, frozenset[int]] | None = None
) -> Sheet:
    """The first non-empty row is the header; empty rows are skipped."""
    it = iter(lines)
    for line, cells in it:
        if any(cells):
            header_line, header = line, cells
            break
    else:
        return Sheet(
            file,
            1,
            [],
            [],
            [
                Problem(
                    file, 1, "", "CSV001", ERROR, "表格是空的，缺少表头", "empty sheet, no header"
                )
            ],
        )
    numeric = numeric or {}
    rows = [
        SheetRow(line, cells, numeric.get(line, frozenset())) for line, cells in it if any(cells)
    ]
    return Sheet(file, header_line, header, rows)


def _load_xlsx(path: Path, title: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        return Sheet(
            path.name,
            1,
            [],
            [],
            [
                Problem(
                    path.name,
                    0,
                    "",
                    "CSV002",
                    ERROR,
                    f"无法读取 Excel 文件：{exc}",
                    "cannot read the workbook",
                    "用 WPS 或 Excel 打开后另存为 .xlsx 工作簿再导入",
                )
            ],
        )
    try:
        ws = _choose_sheet(wb, title)
        ws.reset_dimensions()  # some writers record wrong dimensions; read every row
        lines: list[tuple[int, list[str]]] = []
        numeric: dict[int, frozenset[int]] = {}
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            lines.append((n, [cell_text(v) for v in values]))
            numeric[n] = frozenset(
                i for i, v in enumerate(values) if type(v) in (int, float, Decimal)
            )
        sheet = _rows_of(lines, f"{path.name}[{ws.title}]", numeric)
        sheet.where = f"{path.name}:{ws.title}"
        return sheet
    finally:
        wb.close()


def _choose_sheet(wb: Any, title: str | None) -> Any:
    sheets = wb.worksheets
    if title:
        want = _key(title)
        for ws in sheets:
            if _key(ws.title) == want:
                return ws
        for ws in sheets:
            if want in _key(ws.title):
                return ws
    for ws in sheets:
        if ws.title not in (NOTES_SHEET, LISTS_SHEET):
            return ws
    return sheets[0]


def decode_csv(raw: bytes) -> str | None:
    """Text of a CSV file: UTF-8 (with or without BOM), else GB18030/GBK, else a detected encoding."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return None if best is None else str(best).removeprefix("\ufeff")


def _load_csv(path: Path) -> Sheet:
    text = decode_csv(path.read_bytes())
    if text is None:
        return Sheet(
            path.name,
            1,
            [],
            [],
            [
                Problem(
                    path.name,
                    1,
                    "",
                    "CSV002",
                    ERROR,
                    "无法识别文件的文字编码",
                    "unknown text encoding",
                    "用 WPS 或 Excel 选“另存为 → CSV UTF-8（逗号分隔）”后重新导入",
                )
            ],
        )
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","  # Excel's "Unicode text"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        lines.append((start, [c.strip() for c in cells]))
        start = reader.line_num + 1
    sheet = _rows_of(lines, path.name)
    sheet.where = f"{path.name}:{path.stem}"
    return sheet


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()
