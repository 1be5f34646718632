"""Building numbers in any common form find the recorded building, never a wrong one."""

from __future__ import annotations

import pytest
import yaml

from baodao.model.buildings import compile_forms, hanzi_number, number_key, resolve
from baodao.repo import CODE_ROOT

FORMS = compile_forms(
    yaml.safe_load(
        (
            CODE_ROOT / "scripts/baodao/templates/district/codes/building-number-forms.yaml"
        ).read_text("utf-8")
    )["items"]
)
BUILDINGS = [
    {"id": "1", "number": "1号楼"},
    {"id": "3", "number": "3号楼"},
    {"id": "12", "number": "十二号楼"},
    {"id": "a", "number": "A座"},
]


@pytest.mark.parametrize(
    ("text", "n"),
    [("三", 3), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两", 2), ("3", None)],
)
def test_chinese_numerals(text, n):
    assert hanzi_number(text) == n


@pytest.mark.parametrize("text", ["3", "3号楼", "3栋", "三号楼", "3幢", "３号楼", " 3号 "])
def test_every_common_form_finds_building_3(text):
    assert resolve(BUILDINGS, text, FORMS) == "3"


def test_recorded_chinese_number_and_letters():
    assert resolve(BUILDINGS, "12栋", FORMS) == "12"
    assert resolve(BUILDINGS, "A座", FORMS) == "a" and number_key("B座", FORMS) == "b"


def test_unknown_or_ambiguous_building_is_not_guessed():
    assert resolve(BUILDINGS, "9栋", FORMS) is None
    assert resolve(BUILDINGS, "东区", FORMS) is None
    assert (
        resolve([{"id": "3", "number": "3号楼"}, {"id": "3a", "number": "3栋"}], "3幢", FORMS)
        is None
    )
