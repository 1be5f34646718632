"""Code lists (``data/codes/<id>.yaml``): the one reader of their items.

A code list is a record with ``name`` and ``items: [{code, name, …}]``; every consumer wants
code → Chinese name in list order. Items without both are skipped here (the schema check
reports them), so a half-typed list never breaks a page or a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..records.dataset import Dataset
from ..records.yamlio import Loader


def items_in(data: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The items of a code list that have a code and a name, in list order (with any other keys
    they carry: a description, a building-number pattern)."""
    items = data.get("items") if isinstance(data, Mapping) else None
    return [
        i
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, dict) and "code" in i and "name" in i
    ]


def codes_in(data: Mapping[str, Any] | None) -> dict[str, str]:
    """Code → Chinese name of a code list's items, in list order."""
    return {str(i["code"]): str(i["name"]) for i in items_in(data)}


def items_of(ds: Dataset, list_id: str) -> list[dict[str, Any]]:
    """The items of code list ``list_id`` of ``ds`` (empty if it is missing)."""
    rec = ds.get("codelist", list_id)
    return items_in(rec.data if rec is not None else None)


def code_names(ds: Dataset, list_id: str) -> dict[str, str]:
    """Code → Chinese name of code list ``list_id`` of ``ds`` (empty if it is missing)."""
    rec = ds.get("codelist", list_id)
    return codes_in(rec.data if rec is not None else None)


def code_lists(ds: Dataset) -> dict[str, dict[str, str]]:
    """Every code list of ``ds``: id → {code: Chinese name}, in file order."""
    return {rec.id: codes_in(rec.data) for rec in ds.of("codelist").values()}


def read_code_list(path: Path) -> tuple[str, dict[str, str]] | None:
    """(the list's name, code → Chinese name) of a code-list file, None if there is none."""
    if not path.is_file():
        return None
    data = yaml.load(path.read_text("utf-8"), Loader=Loader) or {}
    return str(data.get("name", path.stem)), codes_in(data)
