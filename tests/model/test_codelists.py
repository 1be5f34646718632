"""The one reader of code lists, from records and from files."""

from __future__ import annotations

from baodao.model.codelists import codes_in, read_code_list


def test_codes_in_keeps_list_order_and_skips_half_typed_items():
    data = {"items": [{"code": "b", "name": "乙"}, {"code": "a"}, "x", {"code": "c", "name": "丙"}]}
    assert list(codes_in(data).items()) == [("b", "乙"), ("c", "丙")]
    assert codes_in(None) == {} and codes_in({"items": "no"}) == {}


def test_read_code_list(tmp_path):
    path = tmp_path / "urgency.yaml"
    path.write_text(
        "id: urgency\nname: 紧急程度\nitems:\n  - code: high\n    name: 紧急\n", encoding="utf-8"
    )
    assert read_code_list(path) == ("紧急程度", {"high": "紧急"})
    assert read_code_list(tmp_path / "missing.yaml") is None
