"""Intake: the body of a submitted issue form → one record, checked like a hand-written one.

Anyone can submit a form, so the body is hostile input:

- at most ``MAX_BODY`` bytes; no control characters other than newline and tab;
- values are found only under the ``### <label>`` headings of the form definition; a label
  heading that appears twice is refused (a textarea could otherwise forge another answer);
- zero-width and bidi-control characters are refused in ids and removed elsewhere; ids, dates,
  numbers and phones are NFKC-normalised (full-width digits), text is kept as written;
- no value is ever parsed as YAML: each is converted by its field's kind (integer, number, date,
  dropdown option, id, phone, text), and the record is written with ``yaml.safe_dump`` of plain
  dicts, lists, strings and numbers, so ``&anchor``, ``*alias``, ``!!python/…`` or ``{…}`` stay
  text (or fail the field's pattern); markup stays text (the site escapes it).

The record is then checked exactly as ``baodao validate`` would check it in the repository:
schema, references, privacy (ID numbers, mobiles outside phone fields), registration rules, …
Every problem comes back at once, named by the form field's Chinese label with a fix hint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from ..checks import run_checks
from ..checks.references import ORGANISATION_REFERENCES, noun
from ..model import registry
from ..model.suggest import did_you_mean
from ..problems import ERROR, WARNING, Problem
from ..records.dataset import Dataset, Record
from ..records.layout import PUBLIC, classify
from ..records.load import ID_PATTERN as _ID
from ..records.load import load
from ..records.schemas import SchemaSet
from ..repo import Repo
from .forms import FORMS, NO_RESPONSE, Field, Form, build_form, code_lists, load_sources

MAX_BODY = 64 * 1024  # bytes (UTF-8)
# C0 and C1 controls except tab and newline, DEL, and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Zero-width characters, bidi marks, embeddings, overrides and isolates, word joiners, BOM.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_INTEGER = re.compile(r"[+-]?\d{1,9}")
_NUMBER = re.compile(r"[+-]?\d{1,12}(?:\.\d{1,6})?")
_ID_SEPARATORS = re.compile(r"[\s,，、;；]+")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")

_ORG_TYPES = frozenset({"unit", "community", "compound", "branch"})
_ID_MARK = {"need": "n", "resource": "r"}


@dataclass
class IntakeResult:
    ok: bool
    messages: list[str]  # every problem, worded for the person who filled in the form
    path: str | None = None  # repo-relative path of the record (when ok)
    text: str | None = None  # the record's YAML (when ok)
    record: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)  # file = would-be path, field = label
    author: str | None = None  # the submitter's GitHub login, for the pull request only


def message(p: Problem) -> str:
    """``「label」message；修改建议：hint`` (warnings say 警告)."""
    where = f"「{p.field}」" if p.field else ""
    text = f"{where}{'警告：' if p.severity == WARNING else ''}{p.message}"
    return f"{text}；修改建议：{p.hint}" if p.hint else text


def intake(
    body: str, form: str, repo: Repo, submitted: dt.date, author: str | None = None
) -> IntakeResult:
    """Turn an issue-form body into a record of ``repo``, or say every reason it cannot be one."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; one of {', '.join(FORMS)}")
    spec = FORMS[form]
    login = author if isinstance(author, str) and _LOGIN.fullmatch(author) else None
    where = f"<{spec.title}表单>"

    def refuse(zh: str, en: str, hint: str, label: str = "") -> IntakeResult:
        p = Problem(where, 0, label, "FORM005", ERROR, zh, en, hint)
        return IntakeResult(False, [message(p)], problems=[p], author=login)

    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY:
        return refuse(
            f"提交的内容过大（{size // 1024} KB，上限 {MAX_BODY // 1024} KB）",
            "issue body too large",
            "精简说明文字后重新提交",
        )
    text = body.replace("\r\n", "\n")
    schemas, ds = load_sources(repo)
    people = _people(repo, schemas)
    frm = build_form(form, schemas, code_lists(ds))
    sections, duplicated, preamble = _sections(text, frm)
    if not sections:
        return refuse(
            f"这不是「{spec.title}」表单提交的内容：找不到表单的任何一项",
            f"not a {form} form body",
            "请用仓库的 issue 表单提交，不要改动各项标题",
        )
    if duplicated:
        labels = "、".join(f"「{x}」" for x in duplicated)
        return refuse(
            f"表单标题 {labels} 出现了不止一次，无法确定填写的内容",
            "a form heading appears more than once",
            "填写内容中不要以“### ”开头另起标题；修改后重新提交",
        )
    if _CONTROL.search(preamble):
        return refuse(
            "提交的内容含有不可见的控制字符",
            "control characters in the body",
            "删除这些字符后重新提交（复制来的文字可先粘贴到记事本再复制）",
        )

    found: list[Problem] = []  # form-level problems, field = label
    flat: dict[str, Any] = {}
    # A number's unit goes in the form's own unit question, when it has one (资源: 计量单位).
    unit_label = next((f.label for f in frm.fields if f.path == "unit_of_measure"), "")
    for f in frm.fields:
        value, prob = _convert(f, sections.get(f.path, ""), unit_label)
        if prob is not None:
            found.append(Problem(where, 0, f.label, prob[0], ERROR, prob[1], prob[2], prob[3]))
        elif value is None:
            if f.required:
                found.append(
                    Problem(
                        where,
                        0,
                        f.label,
                        "FORM001",
                        ERROR,
                        "必填，未填写",
                        "required answer is empty",
                        f.help,
                    )
                )
        else:
            flat[f.path] = value

    answered = set(flat)
    rid, extra = _derive(form, flat, ds, submitted, text)
    flat.update(extra)
    record = _assemble(schemas.schemas[spec.type], schemas.schemas[spec.type], flat, "")
    community = record.get("community")
    rel, groups = _place(form, ds, community, rid)
    if rel is not None:
        where = rel
        found = [replace(p, file=rel) for p in found]
    yaml_text = _dump(record, spec.title, submitted)

    duplicate = ds.get(spec.type, rid) if rid else None
    if duplicate is not None:
        if form == "unit_registration":
            found.append(
                Problem(
                    where,
                    0,
                    frm.field("unit").label,
                    "FORM006",
                    ERROR,
                    f"单位 '{record.get('unit')}' {record.get('year')} 年已经报到过（{duplicate.file}）",
                    "this unit has registered this year",
                    "一年只报到一次；如需更正，请联系社区修改原报到记录",
                )
            )
        else:
            found.append(
                Problem(
                    where,
                    0,
                    "",
                    "FORM006",
                    ERROR,
                    f"相同内容的{registry.default().title(spec.type)}已经提交过（{duplicate.file}）",
                    "the same submission exists",
                    "不必重复提交",
                )
            )
    found.extend(_elsewhere(form, record, ds, frm, where))
    checked = _check(
        spec.type, rid, record, yaml_text, where, groups, ds, schemas, submitted, people
    )
    refs = _references(form, record, ds, frm, where)
    problems = _merge(frm, found, checked, refs, answered)
    errors = [p for p in problems if p.severity == ERROR]
    if errors or rel is None:
        return IntakeResult(False, [message(p) for p in problems], problems=problems, author=login)
    return IntakeResult(
        True, [message(p) for p in problems], rel, yaml_text, record, problems, login
    )


# ---- reading the body ------------------------------------------------------------------------


def _sections(text: str, frm: Form) -> tuple[dict[str, str], list[str], str]:
    """Answers by field path, labels whose heading appears twice, and text before the first."""
    by_label = {f.label: f for f in frm.fields}
    lines: dict[str, list[str]] = {}
    preamble: list[str] = []
    duplicated: list[str] = []
    current: list[str] = preamble
    for line in text.split("\n"):
        if line.startswith("### "):
            f = by_label.get(line[4:].strip())
            if f is not None:
                if f.path in lines and f.label not in duplicated:
                    duplicated.append(f.label)
                current = lines.setdefault(f.path, [])
                current.clear()
                continue
        current.append(line)
    answers = {}
    for path, ls in lines.items():
        value = "\n".join(ls).strip("\n")
        answers[path] = "" if value.strip() == NO_RESPONSE else value
    return answers, duplicated, "\n".join(preamble)


def _convert(
    f: Field, raw: str, unit_label: str = ""
) -> tuple[Any, tuple[str, str, str, str] | None]:
    """(value or None when empty, or a problem (code, zh, en, hint))."""
    if _CONTROL.search(raw):
        return None, (
            "FORM003",
            "含有不可见的控制字符（如 NUL）",
            "control characters",
            "删除这些字符后重新提交（复制来的文字可先粘贴到记事本再复制）",
        )
    if f.kind in ("id", "ids") and _INVISIBLE.search(raw):
        return None, (
            "FORM004",
            "编号中含有不可见的格式字符（零宽字符或文字方向控制符）",
            "invisible format characters in an id",
            "重新输入编号：只用小写字母、数字和连字符，不要复制粘贴",
        )
    value = _INVISIBLE.sub("", raw).strip()
    if not value:
        return None, None
    if f.kind in ("line", "text"):
        if f.kind == "line" and "\n" in value:
            return None, ("FORM002", "只能填写一行", "single line expected", f.help)
        return value, None
    if f.kind == "choice":
        return _choice(f, value)
    value = unicodedata.normalize("NFKC", value).strip()
    if f.kind == "ids":
        ids = [x for x in _ID_SEPARATORS.split(value) if x]
        return list(dict.fromkeys(ids)), None
    if f.kind == "integer":
        if not _INTEGER.fullmatch(value):
            return None, (
                "FORM002",
                f"'{_short(value)}' 不是整数",
                "not an integer",
                "只填写数字，例如 45",
            )
        return int(value), None
    if f.kind == "number":
        if not _NUMBER.fullmatch(value):
            return None, (
                "FORM002",
                f"'{_short(value)}' 不是数字",
                "not a number",
                "只填写数字，例如 12 或 2.5"
                + (f"；单位写在“{unit_label}”里" if unit_label else ""),
            )
        number = float(value)
        return (int(number) if "." not in value else number), None
    if f.kind == "date":
        m = _DATE.fullmatch(value)
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        except ValueError:
            day = None
        if day is None:
            return None, (
                "FORM002",
                f"'{_short(value)}' 不是有效日期",
                "not a valid date",
                "写成 YYYY-MM-DD，例如 2026-03-31",
            )
        return day.isoformat(), None
    return value, None  # id, phone: the schema checks the pattern / format


def _choice(f: Field, value: str) -> tuple[Any, tuple[str, str, str, str] | None]:
    codes = {label: code for code, label in f.options}
    chosen = [v.strip() for v in value.split(", ")] if f.multiple else [value]
    unknown = [v for v in chosen if v not in codes]
    if unknown:
        return None, (
            "FORM002",
            f"'{_short(unknown[0])}' 不是下拉列表中的选项",
            "not one of the options",
            "从下拉列表中选择：" + "、".join(codes),
        )
    picked = list(dict.fromkeys(codes[v] for v in chosen))
    return (picked if f.multiple else picked[0]), None


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"


# ---- the record ------------------------------------------------------------------------------


def _body_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _derive(
    form: str, flat: dict[str, Any], ds: Dataset, submitted: dt.date, text: str
) -> tuple[str | None, dict[str, Any]]:
    """The record's id and the fields the intake fills in itself."""
    day = submitted.isoformat()
    if form == "unit_registration":
        out: dict[str, Any] = {"year": submitted.year, "date": day}
        unit = flat.get("unit")
        if "community" not in flat:
            unit_rec = ds.get("unit", unit)
            if unit_rec is not None and isinstance(unit_rec.get("community"), str):
                out["community"] = unit_rec.get("community")
        rid = f"{submitted.year}-{unit}" if isinstance(unit, str) else None
    else:
        # No verified_at: verifying is the community editor's act (on the pull request), never
        # the submission's; until an editor adds it the record is not verified (EDITOR_FIELDS).
        out = {}
        if form == "need":
            out.update({"raised": day, "history": [{"date": day, "status": "open"}]})
        community = flat.get("community")
        rid = (
            f"{community}-{_ID_MARK[form]}-{submitted:%Y%m%d}-{_body_hash(text)}"
            if isinstance(community, str)
            else None
        )
    if rid is not None:
        out["id"] = rid
    return rid, out


def _assemble(root: dict, node: dict, flat: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Nest the flat answers in schema order (plain dicts, lists, strings and numbers)."""
    out: dict[str, Any] = {}
    for key, sub in node.get("properties", {}).items():
        path = prefix + key
        if path in flat:
            out[key] = flat[path]
            continue
        fs = SchemaSet._resolve(root, sub) or {}
        if fs.get("type") == "object":
            child = _assemble(root, fs, flat, path + ".")
            if child:
                out[key] = child
    return out


def _place(
    form: str, ds: Dataset, community: Any, rid: str | None
) -> tuple[str | None, dict[str, str]]:
    """The record's repo-relative path and its folder groups (None while it has no place)."""
    rec = ds.get("community", community)
    street = rec.folder.get("street") if rec is not None else None
    cm = community if isinstance(community, str) else "_"
    rel = f"{street or '_'}/{cm}/{registry.default().folder(FORMS[form].type)}/{rid or '_'}.yaml"
    match = classify(PUBLIC, rel)
    groups = dict(match.groups) if match is not None else {}
    if street is None or rid is None or match is None or not _ID.fullmatch(rid):
        return None, groups  # an id that is no id never becomes a path
    return f"data/{rel}", groups


def _dump(record: dict[str, Any], title: str, submitted: dt.date) -> str:
    text = yaml.safe_dump(
        record, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )
    head = f"# 由 issue 表单「{title}」于 {submitted.isoformat()} 提交，baodao intake 生成\n"
    if "verified_at" not in record and "year" not in record:  # needs and resources
        head += "# 社区核实后，在下面加一行 verified_at: 核实当天的日期（YYYY-MM-DD）\n"
    return head + text


# ---- checking it -----------------------------------------------------------------------------


def _check(
    type_name: str,
    rid: str | None,
    record: dict,
    text: str,
    where: str,
    groups: dict[str, str],
    ds: Dataset,
    schemas: SchemaSet,
    submitted: dt.date,
    people: list[Record],
) -> list[Problem]:
    """What ``baodao validate`` reports once the record is in the repository.

    The record joins the loaded records (in place of one with its id, which FORM006 reports) and
    every check runs as of the submission date; problems of the record's file count, and so do
    new errors elsewhere that only the new record can have caused.
    """
    rec = Record(type_name, rid or "_", record, where, PUBLIC, groups, 1, text)
    others = [r for r in ds.all() if not (r.type == type_name and r.id == rec.id)]
    others.extend(people)  # the person registry: names without consent are refused too
    before = set(run_checks(Dataset.build(ds.root, None, others, ds.broken), schemas, submitted))
    after = run_checks(Dataset.build(ds.root, None, [*others, rec], ds.broken), schemas, submitted)
    # A problem with a cause follows from another file's own error (a file that cannot be
    # read): not the submitter's to fix, as validate folds it under that file.
    after = [p for p in after if not p.cause]
    # verified_at is the editor's to add when verifying (the pull request's check asks them):
    # the person who filled in the form cannot answer it.
    after = [p for p in after if not (p.code == "SCH001" and p.field == "verified_at")]
    out = [p for p in after if p.file == where]
    caused = [p for p in after if p.file != where and p.severity == ERROR and p not in before]
    out.extend(
        Problem(
            where,
            0,
            "",
            p.code,
            p.severity,
            f"提交后 {p.file} 出错：{p.message}",
            p.message_en,
            p.hint,
        )
        for p in caused
    )
    return out


def _people(repo: Repo, schemas: SchemaSet) -> list[Record]:
    """The person registry of the private root, when the intake runs with one: the privacy
    check then refuses unconsented names in the form's text (PRIV007), as validate does."""
    if repo.private_root is None:
        return []
    ds, _problems = load(repo.root, repo.private_root, schemas)
    return list(ds.of("person").values())


def _elsewhere(form: str, record: dict, ds: Dataset, frm: Form, where: str) -> list[Problem]:
    """A unit reporting in outside its own community says why (the validator only warns)."""
    if form != "unit_registration" or record.get("elsewhere_reason"):
        return []
    unit = ds.get("unit", record.get("unit"))
    home, there = (unit.get("community") if unit else None), record.get("community")
    if unit is None or home == there or ds.get("community", there) is None:
        return []
    return [
        Problem(
            where,
            0,
            frm.field("community").label,
            "FORM007",
            ERROR,
            f"单位所在社区是 '{home}'，在 '{there}' 报到须说明原因",
            "registering outside the unit's community needs a reason",
            "填写“异地报到原因”，或不填报到社区（即在单位所在社区报到）",
        )
    ]


def _reference_fields(type_name: str) -> list[tuple[str, str]]:
    """(form field path, record type | "code:<list>" | "org") of the ids a form's answers name:
    the schema's x-ref and x-codelist fields, and the organisations named as {type, id}."""
    info = registry.default()[type_name]
    out = [(".".join(k for k in path if k != "*"), target) for path, target in info.refs]
    out += [(".".join(k for k in path if k != "*"), f"code:{c}") for path, c in info.codelists]
    out += [(".".join(path), "org") for t, path in ORGANISATION_REFERENCES if t == type_name]
    return out


def _references(form: str, record: dict, ds: Dataset, frm: Form, where: str) -> list[Problem]:
    """REF001 for every id an answer names that the repository does not have, checked here as
    well as by the validator's own reference check."""
    codes = code_lists(ds)
    out: list[Problem] = []
    for path, target in _reference_fields(FORMS[form].type):
        value = record.get(path)
        if target == "org":
            if not isinstance(value, dict) or value.get("type") not in _ORG_TYPES:
                continue
            target, values, field_path = value["type"], [value.get("id")], f"{path}.id"
        else:
            values, field_path = (value if isinstance(value, list) else [value]), path
        f = frm.field(field_path)
        for v in values:
            if not isinstance(v, str):
                continue
            if target.startswith("code:"):
                known = codes.get(target[5:], {})
                zh = f"未知代码 '{v}'"
            else:
                known = ds.of(target)
                zh = f"未知{noun(target)} '{v}'"
            if v in known:
                continue
            zh += did_you_mean(v, known)[0]
            out.append(
                Problem(
                    where,
                    0,
                    f.label if f else "",
                    "REF001",
                    ERROR,
                    zh,
                    f"unknown {target} '{v}'",
                    ID_HINT,
                )
            )
    return out


# An unknown id, said to the person who filled in the form (not "the record file's id").
ID_HINT = "照网站上对应页面地址末尾的编号填写，注意“是否应为”的提示；不清楚请问社区"


def _form_words(hint: str, frm: Form) -> str:
    """A validator hint in the form's words: a field name (work_phone) becomes the question's
    label when the form asks it; a clause naming a field the form does not have is left out."""
    leaves = {f.path.rsplit(".", 1)[-1]: f.label for f in frm.fields}
    clauses = []
    for clause in hint.split("；"):
        names = re.findall(r"(?<![\w'])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w'])", clause)
        if any(n not in leaves for n in names):
            continue
        for n in names:
            clause = re.sub(rf"(?<![\w']){n}(?![\w'])", f"“{leaves[n]}”", clause)
        clauses.append(clause)
    return "；".join(clauses)


def _name_fields(text: str, titles: Mapping[str, str]) -> str:
    """A record-level message lists fields by name (REG005): say them by their form labels."""
    return re.sub(
        r"(?<![\w'])[a-z_][a-z0-9_]*(?![\w'])", lambda m: titles.get(m.group(0), m.group(0)), text
    )


def _merge(
    frm: Form,
    found: list[Problem],
    checked: list[Problem],
    references: list[Problem],
    answered: set[str],
) -> list[Problem]:
    """Form problems, then the validator's, named by form label; each said once, in form order.

    ``references`` stand in for the validator's reference check on labels it said nothing about.
    """
    spec = frm.spec
    order = {f.label: i for i, f in enumerate(frm.fields)}

    def question(dotted: str) -> Field | None:
        """The question that asks a validator's field (None when none does)."""
        for f in frm.fields:
            if dotted == f.path or dotted.startswith(f.path + "."):
                return f
        under = [f for f in frm.fields if f.path.startswith(dotted + ".")]
        return under[0] if dotted and under else None

    # A form problem of a label says it; the validator's on the same label would repeat it.
    said = {p.field for p in found if p.field}
    direct: list[Problem] = []
    derived: list[Problem] = []  # on a value derived from another answer (the record id, …)
    for p in checked:
        dotted = re.sub(r"\[\d+\]", "", p.field)
        head = dotted.split(".")[0]
        if head in spec.sources and head not in answered:
            f, into = frm.field(spec.sources[head]), derived
        else:
            f, into = question(dotted), direct
        label = f.label if f is not None else ""
        if label in said:
            continue
        hint = p.hint or (f.help if f else "")
        if f is not None and p.code.startswith("SCH"):
            hint = f.help  # the schema's hints speak of YAML; the question's help of the form
        elif p.code == "REF001":
            hint = ID_HINT  # the validator's speaks of record files
        hint = _form_words(hint, frm)
        text = p.message if label else _name_fields(p.message, frm.titles)
        into.append(Problem(p.file, 0, label, p.code, p.severity, text, p.message_en, hint))
    refs_said = {(p.field, p.code) for p in direct}
    refs = [p for p in references if p.field not in said and (p.field, p.code) not in refs_said]
    erred = said | {p.field for p in (*direct, *refs) if p.severity == ERROR}
    # The source answer's own problem explains a derived value's.
    out = [*found, *direct, *refs, *(p for p in derived if p.field not in erred)]
    seen: set[tuple[str, str, str]] = set()
    errored = {p.field for p in out if p.severity == ERROR}
    malformed = {p.field for p in out if p.code in ("SCH005", "FORM004") and p.field}
    unique = []
    for p in out:
        key = (p.field, p.code, p.message)
        if key in seen or (p.severity == WARNING and p.field and p.field in errored):
            continue
        if p.code == "REF001" and p.field in malformed:  # not an id at all: "unknown" says no more
            continue
        seen.add(key)
        unique.append(p)
    return sorted(
        unique,
        key=lambda p: (p.severity != ERROR, order.get(p.field, len(order)), p.code, p.message),
    )
