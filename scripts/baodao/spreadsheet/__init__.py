"""Spreadsheet import: an editor's Excel/WPS sheet (or CSV) into the repository's CSV tables.

Editors keep member report-ins in spreadsheets. Spreadsheets turn codes into numbers (leading
zeros lost, 12 digits shown as 4.2E+11), dates into serials and text into full-width digits;
this module reads the cells back as text, normalises what has a normal form (dates, code lists,
yes/no) and then checks the rows with the very checks the loader runs
(:func:`records.csvio.read_table`), so the messages are those of ``baodao validate``, placed at
the sheet's row and column header. Nothing is written unless every row is free of errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..model import registry
from ..model.buildings import compile_forms, resolve
from ..model.codelists import read_code_list
from ..model.suggest import did_you_mean
from ..problems import ERROR, WARNING, Problem, errors
from ..records.cellsafe import neutralise
from ..records.csvio import decode, read_table
from ..records.layout import PRIVATE, PUBLIC, RESERVED, classify
from ..records.load import ID_PATTERN as _ID
from ..records.schemas import SchemaSet
from ..records.walk import display_path
from .refs import References, cell_problem, ref_columns
from .sheet import _HEADER_NOISE, ImportRefused, Sheet, _key, load_sheet

if TYPE_CHECKING:
    from ..repo import Repo

_NEWLINE = "\ue000"  # stands for a line break inside a cell while checking (one line per row)
_SEPARATORS = re.compile(r"[；;、,，\s]+")
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Code lists a data repository without its own data/codes/ falls back to.
_DISTRICT_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "district"
_TRUE = frozenset({"true", "是", "yes", "y", "√"})
_FALSE = frozenset({"false", "否", "no", "n", "×"})


# ---------------------------------------------------------------------------------------------
# Reading a sheet


# ---------------------------------------------------------------------------------------------
# Normalising cells by their field


def normalise_date(text: str) -> str:
    """2026/3/5, 2026.3.5, 2026年3月5日, 20260305 or an Excel serial -> 2026-03-05 (else as given)."""
    m = _DATE.fullmatch(text)
    if m is None and re.fullmatch(r"\d{8}", text):
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if m is not None:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return text  # not a date: the check reports it as the editor wrote it
    m = _SERIAL.fullmatch(text)
    if m is not None and 20000 <= int(m[1]) <= 80000:  # 1954 .. 2119
        return (_EXCEL_EPOCH + dt.timedelta(days=int(m[1]))).isoformat()
    return text


def normalise_month(text: str) -> str:
    """2026/3, 2026.3, 2026年3月, 2026-03-01 or an Excel date -> 2026-03 (else as given)."""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text)
    if m is not None and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{int(m[2]):02d}"
    day = normalise_date(text)
    return day[:7] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else text


@dataclass(frozen=True)
class CodeList:
    id: str
    name: str
    codes: dict[str, str]  # code -> Chinese name

    @classmethod
    def load(cls, repo_root: Path, list_id: str) -> CodeList | None:
        for base in (repo_root / "data", _DISTRICT_TEMPLATE):
            found = read_code_list(base / "codes" / f"{list_id}.yaml")
            if found is not None:
                return cls(list_id, found[0], found[1])
        return None

    @classmethod
    def of_field(cls, repo_root: Path, fdef: dict) -> CodeList | None:
        """A field's code list: its ``x-codelist``, or its ``enum`` with ``x-labels``."""
        if "x-codelist" in fdef:
            return cls.load(repo_root, fdef["x-codelist"])
        enum = fdef.get("constraints", {}).get("enum")
        if enum and fdef.get("x-labels"):
            labels = fdef["x-labels"]
            return cls(fdef["name"], fdef.get("title", ""), {c: labels.get(c, c) for c in enum})
        return None

    def lookup(self, token: str) -> str | None:
        key = _key(token)
        for code, name in self.codes.items():
            if key in (code.lower(), _key(name)):
                return code
        return None


class _Column:
    """How one field's cells are normalised before the loader's checks."""

    def __init__(self, fdef: dict, primary_key: list[str], codelist: CodeList | None):
        cons = fdef.get("constraints", {})
        self.name: str = fdef["name"]
        self.title: str = fdef.get("title", "")
        self.type: str = fdef.get("type", "string")
        self.codelist = codelist
        self.separator: str | None = fdef.get("x-separator")
        self.format: str | None = fdef.get("x-format")
        # Ids, codes, dates, yes/no and phones: full-width digits and letters become ASCII.
        self.key = (
            self.type != "string"
            or "pattern" in cons
            or "x-codelist" in fdef
            or self.name in primary_key
            or fdef.get("x-format") == "phone"
        )

    def normalise(self, text: str) -> tuple[str, list[str]]:
        """The cell's text for the CSV, and the tokens that are not in the code list."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if self.key:
            text = unicodedata.normalize("NFKC", text).strip()
        if text == "":
            return text, []
        if self.type == "date":
            return normalise_date(text), []
        if self.format == "month":
            return normalise_month(text), []
        if self.type == "boolean":
            low = text.lower()
            return ("true" if low in _TRUE else "false" if low in _FALSE else text), []
        if self.codelist is not None:
            tokens = _SEPARATORS.split(text) if self.separator else [text]
            codes, bad = [], []
            for token in filter(None, tokens):
                code = self.codelist.lookup(token)
                if code is None:
                    bad.append(token)
                elif code not in codes:
                    codes.append(code)
            return (self.separator or "").join(codes) if not bad else text, bad
        if not self.key:
            # Free text goes into a CSV that editors open in Excel/WPS: a cell starting with
            # "=" is neutralised as it comes in (cellsafe). Ids, codes, dates and phones are
            # checked by their patterns instead, which a formula cannot pass.
            text = neutralise(text)
        return text, []


# ---------------------------------------------------------------------------------------------
# Tables and where they go


@dataclass(frozen=True)
class _Target:
    pattern: str  # relative to its root, from the table's x-location
    needs: tuple[str, ...]  # options the path needs
    year_field: str | None = None
    root: str = PRIVATE  # bulk request counts are public: they go under data/


# The column that says which year's file a row goes to, for the tables filed by year.
_YEAR_FIELD = {
    "member_registrations": "date",
    "activity_log": "date",
    "hotline_tickets": "month",
    "requests": "raised",
    "request_totals": "month",
}


def _target(table: str) -> _Target | None:
    """Where rows of ``table`` go: the table's location in schemas/datapackage.json."""
    info = next((t for t in registry.default().types.values() if t.table == table), None)
    if info is None or not info.locations:
        return None
    top, _, pattern = info.locations[0].partition("/")
    needs = (
        ("community",) if "{community}" in pattern else ("street",) if "{street}" in pattern else ()
    )
    year_field = _YEAR_FIELD.get(table) if "{year}" in pattern else None
    return _Target(pattern, needs, year_field, PUBLIC if top == "data" else PRIVATE)


def public_tables() -> list[str]:
    """The tables an import writes under data/ (their x-location), which need no private root."""
    return [
        t.table
        for t in registry.default().types.values()
        if t.table and (spec := _target(t.table)) is not None and spec.root == PUBLIC
    ]


def resource(schemas: SchemaSet, table: str) -> dict:
    """The datapackage resource named ``table`` (its name, Chinese title or record type name)."""
    resources = schemas.package.get("resources", [])
    want = _key(table)
    for res in resources:
        names = {_key(res["name"]), _key(res.get("title", "")), _key(res["name"].removesuffix("s"))}
        if want in names:
            return res
    known = "、".join(f"{r['name']}（{r.get('title', '')}）" for r in resources)
    raise ImportRefused(f"未知表格 '{table}'；可用：{known}")


def _community_street(repo_root: Path, community: str) -> str:
    data = repo_root / "data"
    streets = [
        p.parent.parent.name
        for p in sorted(data.glob(f"*/{community}/community.yaml"))
        if p.parent.parent.name not in RESERVED
    ]
    if len(streets) == 1:
        return streets[0]
    if not streets:
        known = sorted(p.parent.name for p in data.glob("*/*/community.yaml"))
        guess, _ = did_you_mean(community, known)
        raise ImportRefused(
            f"未知社区 '{community}'{guess}：找不到 data/<街道>/{community}/community.yaml"
        )
    raise ImportRefused(f"社区 '{community}' 出现在多个街道：{'、'.join(streets)}")


def _check_street(repo_root: Path, street: str) -> None:
    if street in RESERVED or not (repo_root / "data" / street / "street.yaml").is_file():
        known = sorted(p.parent.name for p in (repo_root / "data").glob("*/street.yaml"))
        raise ImportRefused(f"未知街道 '{street}'：可用 {'、'.join(known) or '（无）'}")


# ---------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportReport:
    problems: list[Problem]
    target: Path | None = None  # the file written (None: nothing written)
    rows: int = 0  # rows imported
    added: int = 0
    replaced: int = 0

    @property
    def written(self) -> bool:
        return self.target is not None


_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+")


def _number_for_text(file: str, line: int, column: str, raw: str, numeric: bool) -> Problem | None:
    """IMP001: a number where text is meant, whose digits the spreadsheet may have changed."""
    hint = "把这一列设为“文本”格式后重新输入（或在数字前加英文单引号 '）：数字格式会丢掉开头的 0，长数字会变成科学计数法"
    if _SCIENTIFIC.fullmatch(unicodedata.normalize("NFKC", raw).strip()):
        return Problem(
            file,
            line,
            column,
            "IMP001",
            ERROR,
            f"'{raw[:40]}' 是科学计数法，原来的数字已经丢失",
            f"'{raw[:40]}' is in scientific notation: digits are lost",
            hint,
        )
    return (
        Problem(
            file,
            line,
            column,
            "IMP001",
            ERROR,
            f"单元格是数字 {raw[:40]}，本列须是文字（编号、代码、电话）",
            f"numeric cell {raw[:40]} where text is meant",
            hint,
        )
        if numeric
        else None
    )


def import_table(
    repo: Repo,
    path: Path,
    table: str,
    community: str | None = None,
    year: int | None = None,
    street: str | None = None,
) -> ImportReport:
    """Check every row of a sheet and, only if none has an error, merge it into its CSV table."""
    schemas = SchemaSet.load(repo.schemas_dir)
    res = resource(schemas, table)
    name, schema = res["name"], res["schema"]
    target_spec = _target(name)
    if target_spec is None:
        raise ImportRefused(f"表格 {name}（{res.get('title', '')}）还不能从电子表格导入")
    title = res.get("title", name)
    if target_spec.root == PRIVATE and repo.private_root is None:
        # Without a private root (--no-private) only the public tables can be imported.
        public = "、".join(sorted(public_tables()))
        raise ImportRefused(
            f"{title}（{name}）在私有库里，不能与 --no-private 一起使用；"
            f"不用私有库时可导入的表格：{public}，以及各项评分"
        )
    for option, value in (("--community", community), ("--street", street)):
        if value is not None and not _ID.fullmatch(value):
            raise ImportRefused(f"{option} '{value}' 不是有效编号：只能用小写字母、数字和连字符")
    if "community" in target_spec.needs:
        if not community:
            raise ImportRefused(f"导入{title}须用 --community 指定社区")
        found = _community_street(repo.root, community)
        if street and street != found:
            raise ImportRefused(f"社区 '{community}' 属于街道 '{found}'，不是 '{street}'")
        street = found
    elif community:
        raise ImportRefused(f"导入{title}不用 --community")
    if "street" in target_spec.needs:
        if not street:
            raise ImportRefused(f"导入{title}须用 --street 指定街道")
        _check_street(repo.root, street)
    if year is not None and target_spec.year_field is None:
        raise ImportRefused(f"导入{title}不用 --year")

    sheet = load_sheet(Path(path), title)
    problems = list(sheet.problems)
    if errors(problems):
        return ImportReport(_placed(sheet, problems, {}))
    file = sheet.file
    fields = schema["fields"]
    # A table without a key (activity rows) merges whole rows: the same row imported twice is kept once.
    pk: list[str] = list(schema.get("primaryKey", [])) or [f["name"] for f in fields]
    columns = {f["name"]: _Column(f, pk, CodeList.of_field(repo.root, f)) for f in fields}
    # References are checked against the current dataset, names mapped to ids (refs.py).
    refs = References(repo.root, repo.private_root)
    ref_cols = ref_columns(name, fields)
    scope = {"community": community} if community else {}
    reported: set[tuple[int, str]] = set()  # cells with a problem: the loader's would repeat it
    as_is = {  # ids right as they are, looked up once per column (16,000 rows in ~0.1 s)
        n: frozenset()
        if "person" in c.types and repo.private_root is None
        else refs.valid(c.types, scope)
        for n, c in ref_cols.items()
    }

    # Header: a column by its field name or its Chinese title.
    lookup: dict[str, str] = {}
    for f in fields:
        lookup[_key(f["name"])] = f["name"]
        if f.get("title"):
            lookup[_key(f["title"])] = f["name"]
    used: list[tuple[int, str]] = []  # (cell index, field name)
    shown: dict[str, str] = {f["name"]: f.get("title") or f["name"] for f in fields}
    for i, raw in enumerate(sheet.header):
        text = raw.strip()
        if text == "":
            if any(i < len(r.cells) and r.cells[i] for r in sheet.rows):
                problems.append(
                    Problem(
                        file,
                        sheet.header_line,
                        "",
                        "CSV001",
                        ERROR,
                        f"第 {i + 1} 列有内容但没有表头",
                        f"column {i + 1} has no header",
                        "在第一行填上列名（中文标题或字段名），或删除这一列",
                    )
                )
            continue
        fname = lookup.get(_key(_HEADER_NOISE.sub("", text)))
        if fname is None:
            problems.append(
                Problem(
                    file,
                    sheet.header_line,
                    text,
                    "CSV001",
                    ERROR,
                    f"未知的列 '{text}'",
                    f"unknown column '{text}'",
                    "列名须为中文标题或字段名："
                    + "、".join(f"{f.get('title', '')}（{f['name']}）" for f in fields),
                )
            )
            continue
        if any(fname == n for _, n in used):
            problems.append(
                Problem(
                    file,
                    sheet.header_line,
                    text,
                    "CSV001",
                    ERROR,
                    f"列 '{text}' 与 '{shown[fname]}' 重复（都是 {fname}）",
                    f"column '{text}' repeats '{fname}'",
                    "删除重复的一列",
                )
            )
            continue
        shown[fname] = text
        used.append((i, fname))

    # Cells: normalised, then one CSV line per sheet row at that row's own line number, so the
    # loader's messages (including "与第 N 行重复") name the sheet's rows.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([n for _, n in used])
    line = 1
    values: list[tuple[int, dict[str, str]]] = []
    for row in sheet.rows:
        record: dict[str, str] = {}
        for i, fname in used:
            col = columns[fname]
            raw = row.cells[i] if i < len(row.cells) else ""
            if raw and col.key and col.type == "string":  # ids, codes, phones
                lost = _number_for_text(file, row.line, shown[fname], raw, i in row.numeric)
                if lost is not None:
                    problems.append(lost)
                    reported.add((row.line, shown[fname]))
            text, bad = col.normalise(raw)
            for token in bad:
                problems.append(_unknown_code(file, row.line, shown[fname], col.codelist, token))
                reported.add((row.line, shown[fname]))
            if (
                text
                and fname in ref_cols
                and text not in as_is[fname]
                and (row.line, shown[fname]) not in reported
            ):
                where = (file, row.line, shown[fname])
                text, wrong = cell_problem(refs, ref_cols[fname], text, scope, where)
                if wrong is not None:
                    problems.append(wrong)
                    reported.add((row.line, shown[fname]))
            record[fname] = text
        if not any(record.values()):
            continue
        out.write("\n" * (row.line - line - 1))
        writer.writerow([record[n].replace("\n", _NEWLINE) for _, n in used])
        line = row.line
        values.append((row.line, record))
    checked, found = read_table(out.getvalue(), file, schema)
    for p in found:
        if (p.line, shown.get(p.field, p.field)) in reported:
            continue  # the cell's own problem above says it in the sheet's words
        problems.append(
            Problem(
                p.file,
                sheet.header_line if p.line == 1 else p.line,
                shown.get(p.field, p.field),
                p.code,
                p.severity,
                p.message.replace(_NEWLINE, "\\n"),
                p.message_en.replace(_NEWLINE, "\\n"),
                p.hint,
            )
        )
    if not values and not errors(problems):
        problems.append(
            Problem(
                file,
                sheet.header_line,
                "",
                "CSV001",
                ERROR,
                "表格里没有数据行",
                "no data rows",
                "在表头下面逐行填写，每人一行",
            )
        )

    if community and street and "building" in columns and "compound" in columns:
        problems.extend(_buildings(repo.root, street, community, values, file, shown))

    groups = {"street": street or "", "community": community or ""}
    if target_spec.year_field is not None:
        year = _year(file, values, target_spec.year_field, shown, year, problems)
        if year is not None:
            groups["year"] = str(year)
    at = {text.strip(): i for i, text in enumerate(sheet.header) if text.strip()}
    at.update({shown[fname]: i for i, fname in used})
    if errors(problems):
        return ImportReport(_placed(sheet, problems, at))

    base = repo.root / "data" if target_spec.root == PUBLIC else _private_base(repo)
    rel = target_spec.pattern.format(**groups)
    match = classify(target_spec.root, rel)
    assert match is not None and match.type.table == name, rel
    target = base / rel
    merged, added, replaced, existing_problems = _merge(
        target, display_path(target, repo.root), schema, [r for _, r in values], pk
    )
    if errors(existing_problems):
        return ImportReport(_placed(sheet, [*problems, *existing_problems], at))
    _write(target, [f["name"] for f in fields], merged)
    return ImportReport(_placed(sheet, problems, at), target, len(values), added, replaced)


def _placed(sheet: Sheet, problems: list[Problem], at: dict[str, int]) -> list[Problem]:
    """Sorted by the sheet's rows and columns, then shown at their cells (表名!C7)."""
    ordered = sorted(set(problems), key=lambda p: (p.file, p.line, at.get(p.field, -1), p))
    return sheet.place(ordered, at)


def _private_base(repo: Repo) -> Path:
    """Where a private table may be written: the private root, never a folder the public
    repository tracks (docs/privacy.md: a committed registry is published)."""
    base = repo.private_root
    if base is None:
        raise ImportRefused(
            "没有私有库：用 --private 或环境变量 BAODAO_PRIVATE 指定私有库目录"
            " / no private root: name it with --private or BAODAO_PRIVATE"
        )
    root = repo.root.resolve()
    if base.resolve().is_relative_to(root) and (root / ".git").exists():
        done = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "-q", str(base.resolve())],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:  # 1: not ignored; 128: git could not tell — refuse both
            raise ImportRefused(
                f"私有库 {display_path(base, root)} 在公开仓库里，且没有被 .gitignore 排除：导入的个人信息会随提交公开。"
                "把私有库放在公开仓库之外（--private 或 BAODAO_PRIVATE），或在 .gitignore 中加入 /private/"
                " / the private root is inside the public repository and not git-ignored"
            )
    return base


def _buildings(
    root: Path,
    street: str,
    community: str,
    values: list[tuple[int, dict[str, str]]],
    file: str,
    shown: dict[str, str],
) -> list[Problem]:
    """Building numbers written as 3栋 / 三号楼 / 3幢 become the compound's building id.

    Only an unambiguous match is rewritten; anything else stays as typed, with a warning (the
    validator's REG008), so nothing an editor wrote is lost.
    """
    forms_path = next(
        (
            b / "codes" / "building-number-forms.yaml"
            for b in (root / "data", _DISTRICT_TEMPLATE)
            if (b / "codes" / "building-number-forms.yaml").is_file()
        ),
        None,
    )
    forms = (
        compile_forms((yaml.safe_load(forms_path.read_text("utf-8")) or {}).get("items") or [])
        if forms_path
        else []
    )
    compounds: dict[str, dict | None] = {}
    out: list[Problem] = []
    for line, record in values:
        cid, text = record.get("compound", ""), record.get("building", "")
        if not cid or not text:
            continue
        if cid not in compounds:
            path = root / "data" / street / community / "compounds" / f"{cid}.yaml"
            compounds[cid] = (
                yaml.safe_load(path.read_text("utf-8"))
                if _ID.fullmatch(cid) and path.is_file()
                else None
            )
        comp = compounds[cid]
        if not isinstance(comp, dict):
            continue  # an unknown compound is the validator's REF001/REG006
        bid = resolve(comp.get("buildings") or [], text, forms)
        if bid is not None:
            record["building"] = bid
        else:
            numbers = "、".join(
                str(b.get("number")) for b in comp.get("buildings") or [] if isinstance(b, dict)
            )
            out.append(
                Problem(
                    file,
                    line,
                    shown.get("building", "building"),
                    "REG008",
                    WARNING,
                    f"小区 '{comp.get('name')}' 没有楼栋 '{text}'（或有多栋对得上），按原样导入",
                    "no such building in the compound; imported as written",
                    f"填写楼栋编号或现场楼号：{numbers}",
                )
            )
    return out


def _unknown_code(
    file: str, line: int, header: str, codelist: CodeList | None, token: str
) -> Problem:
    assert codelist is not None
    candidates = [*codelist.codes, *codelist.codes.values()]
    guess_zh, guess_en = did_you_mean(token, candidates)
    zh = f"未知{codelist.name}代码 '{token}'{guess_zh}"
    en = f"unknown code:{codelist.id} '{token}'{guess_en}"
    hint = (
        "可填：" + "、".join(f"{n}（{c}）" for c, n in codelist.codes.items()) + "，多项用分号分隔"
    )
    return Problem(file, line, header, "REF001", ERROR, zh, en, hint)


def _year(
    file: str,
    values: list[tuple[int, dict[str, str]]],
    date_field: str,
    shown: dict[str, str],
    year: int | None,
    problems: list[Problem],
) -> int | None:
    """The year of the file: given, else that of every valid date (REG007 when they differ)."""
    dates = []
    for line, rec in values:
        d = rec.get(date_field, "")
        d = f"{d}-01" if len(d) == 7 else d  # a month (YYYY-MM) counts by its first day
        try:
            dt.date.fromisoformat(d)
        except ValueError:
            continue
        if len(d) == 10:
            dates.append((line, d))
    if year is None:
        years = sorted({d[:4] for _, d in dates})
        if len(years) == 1:
            return int(years[0])
        if len(years) > 1:
            problems.append(
                Problem(
                    file,
                    0,
                    "",
                    "REG007",
                    ERROR,
                    f"报到日期分属 {'、'.join(years)} 年，每年的报到记在当年的文件里",
                    f"dates fall in several years ({', '.join(years)})",
                    "按年份分成几个表分别导入，或用 --year 指定年份",
                )
            )
        elif values and not errors(problems):
            problems.append(
                Problem(
                    file,
                    0,
                    "",
                    "REG007",
                    ERROR,
                    "表中没有有效的报到日期，无法确定年份",
                    "no valid date to tell the year",
                    "用 --year 指定年份",
                )
            )
        return None
    for line, d in dates:
        if int(d[:4]) != year:
            what = "报到日期" if date_field == "date" else shown[date_field]
            problems.append(
                Problem(
                    file,
                    line,
                    shown[date_field],
                    "REG007",
                    ERROR,
                    f"{what} {d[:7] if date_field == 'month' else d} 不在 {year} 年度内",
                    "registration dated outside its year",
                    "改正日期，或用 --year 指定正确的年度",
                )
            )
    return year


def _merge(
    target: Path, shown: str, schema: dict, new: list[dict[str, str]], pk: list[str]
) -> tuple[list[dict[str, str]], int, int, list[Problem]]:
    """Existing rows with new rows replacing those of the same primary key, sorted by it."""
    old: dict[tuple[str, ...], dict[str, str]] = {}
    if target.exists():
        text, probs = decode(target.read_bytes(), shown)
        if text is not None:
            probs += read_table(text, shown, schema)[1]
        if errors(probs):
            probs.append(
                Problem(
                    shown,
                    0,
                    "",
                    "CSV001",
                    ERROR,
                    "目标文件本身有错误，未导入",
                    "the target file has errors; nothing imported",
                    "先修正目标文件（baodao validate 会列出问题），再重新导入",
                )
            )
            return [], 0, 0, probs
        assert text is not None
        for row in csv.DictReader(io.StringIO(text, newline="")):
            rec = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if any(rec.values()):
                old[tuple(rec.get(k, "") for k in pk)] = rec
    added = replaced = 0
    for rec in new:
        key = tuple(rec.get(k, "") for k in pk)
        if key in old:
            replaced += 1
        else:
            added += 1
        old[key] = rec
    return [old[k] for k in sorted(old)], added, replaced, []


def _write(target: Path, names: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for rec in rows:
        writer.writerow([rec.get(n, "") for n in names])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(out.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
# Templates
