"""Issue forms: generated from the schemas, committed, and checked for drift."""

from __future__ import annotations

import json
import re
import shutil

import yaml
from click.testing import CliRunner

from baodao.cli import main
from baodao.github.forms import FORM_DIR, FORMS, check_forms, load_form, render_form, write_forms
from baodao.repo import CODE_ROOT, CODE_SCHEMAS, Repo

NAMES = ("unit_registration", "need", "resource")
ELEMENTS = {"markdown", "input", "textarea", "dropdown"}


def _doc(text: str) -> dict:
    return yaml.safe_load(text)


def test_only_organisation_forms_exist():
    # Member report-ins and micro-wishes hold personal data: never a public form.
    assert set(FORMS) == set(NAMES)
    assert sorted(p.name for p in (CODE_ROOT / FORM_DIR).iterdir()) == [
        "config.yml",
        "need.yml",
        "resource.yml",
        "unit_registration.yml",
    ]


def test_committed_forms_equal_what_the_schemas_generate():
    """Fails when a schema or code list changes without `baodao forms` being run."""
    repo = Repo.locate(CODE_ROOT, no_private=True)
    for name in NAMES:
        committed = (CODE_ROOT / FORM_DIR / f"{name}.yml").read_text("utf-8")
        assert committed == render_form(name, repo), f"run baodao forms: {name}.yml is stale"
    assert check_forms(repo) == []
    assert _doc((CODE_ROOT / FORM_DIR / "config.yml").read_text("utf-8")) == {
        "blank_issues_enabled": False
    }


def test_form_structure_is_a_valid_issue_form():
    for name in NAMES:
        doc = _doc((CODE_ROOT / FORM_DIR / f"{name}.yml").read_text("utf-8"))
        assert {"name", "description", "body"} <= set(doc)
        assert doc["title"].startswith("[") and doc["labels"] == [f"intake:{name}"]
        ids, labels = [], []
        for item in doc["body"]:
            assert item["type"] in ELEMENTS
            if item["type"] == "markdown":
                assert item["attributes"]["value"].strip()
                continue
            assert item["attributes"]["label"]
            assert isinstance(item["validations"]["required"], bool)
            ids.append(item["id"])
            labels.append(item["attributes"]["label"])
            if item["type"] == "dropdown":
                options = item["attributes"]["options"]
                assert options and len(set(options)) == len(options)
        assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
        assert all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)


def test_every_form_warns_against_personal_data():
    for name in NAMES:
        doc = _doc((CODE_ROOT / FORM_DIR / f"{name}.yml").read_text("utf-8"))
        first = doc["body"][0]
        assert first["type"] == "markdown"
        notice = first["attributes"]["value"]
        for words in ("请勿填写任何个人信息", "姓名", "个人手机号", "身份证号", "在职党员报到"):
            assert words in notice


def test_questions_come_from_the_schema(tiny):
    repo = tiny.repo(private=False)
    need = load_form("need", repo)
    asked = [f.path for f in need.fields]
    # Derived by the intake, or internal: never asked.
    assert not {"id", "raised", "history", "verified_at", "note"} & set(asked)
    assert asked[:5] == ["name", "community", "category", "raised_by.type", "raised_by.id"]
    category = need.field("category")
    assert (category.label, category.element, category.required) == ("需求分类", "dropdown", True)
    assert ("facilities", "设施维修（facilities）") in category.options
    assert need.field("urgency").options == (
        ("low", "一般（low）"),
        ("medium", "较急（medium）"),
        ("high", "紧急（high）"),
    )
    assert need.field("compound").required is False

    reg = load_form("unit_registration", repo)
    assert [f.path for f in reg.fields][:2] == ["unit", "community"]
    assert reg.field("community").required is False  # defaults to the unit's community
    phone = reg.field("contact.work_phone")
    assert (phone.id, phone.label, phone.element, phone.required) == (
        "contact__work_phone",
        "联系岗位：工作电话",
        "input",
        True,
    )
    assert reg.field("contact.title").label == "联系岗位"
    assert reg.field("resources").element == "textarea"
    assert "每行一个编号" in reg.field("resources").help

    res = load_form("resource", repo)
    serves = res.field("serves")
    assert serves.multiple and serves.element == "dropdown"
    assert res.field("provider.type").default == "unit"
    assert res.field("available.from").required is False  # `available` itself is optional


def test_schema_change_without_regenerating_is_caught(tiny, tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(CODE_SCHEMAS, schemas)
    repo = Repo.locate(tiny.root, no_private=True, schemas=schemas)
    write_forms(repo)
    assert check_forms(repo) == []

    need = json.loads((schemas / "need.schema.json").read_text("utf-8"))
    need["properties"]["name"]["title"] = "需求名称"
    (schemas / "need.schema.json").write_text(json.dumps(need, ensure_ascii=False), "utf-8")
    assert check_forms(repo) == [f"{FORM_DIR}/need.yml"]

    args = ["--root", str(tiny.root), "--schemas", str(schemas), "forms"]
    result = CliRunner().invoke(main, [*args, "--check"])
    assert result.exit_code == 1
    assert result.output == (
        "表单与 schema 不一致：.github/ISSUE_TEMPLATE/need.yml；运行 baodao forms 重新生成\n"
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "label: 需求名称" in tiny.path(f"{FORM_DIR}/need.yml").read_text("utf-8")
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 0


def test_code_list_change_changes_the_dropdown(tiny):
    repo = tiny.repo(private=False)
    write_forms(repo)
    tiny.replace("data/codes/need-categories.yaml", "name: 其他", "name: 其他需求")
    assert check_forms(repo) == [f"{FORM_DIR}/need.yml", f"{FORM_DIR}/resource.yml"]
